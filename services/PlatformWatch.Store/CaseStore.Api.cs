using Dapper;

namespace PlatformWatch.Store;

// What the API needs of the case database: API keys, notices to platforms and their answers, and
// reads by filter (findings, a market's shares, a platform's events).
public sealed partial class CaseStore
{
    /// <summary>
    /// Creates an API key; its token is in the result and nowhere else (the database keeps its
    /// hash). Refused (<see cref="CaseActionException"/>) for an empty name, an unknown role, a
    /// platform key without a platform or a regulator key with one.
    /// </summary>
    public async Task<IssuedApiKey> CreateApiKeyAsync(string name, string role, string? platformId, string actor, CancellationToken ct = default) =>
        await CreateApiKeyAsync(name, role, platformId, null, actor, ct).ConfigureAwait(false);

    /// <summary>
    /// Creates an API key of an authority (regulator keys; null: the default authority); refused
    /// as above, and for an authority that does not exist or an authority on a platform key.
    /// </summary>
    public async Task<IssuedApiKey> CreateApiKeyAsync(string name, string role, string? platformId, string? authorityId, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (KeyRefusal(name, role, platformId) is { } refusal)
        {
            throw new CaseActionException(refusal);
        }

        if (ApiRoles.IsRegulator(role))
        {
            var tree = await GetAuthorityTreeAsync(ct).ConfigureAwait(false);
            authorityId ??= tree.Default.AuthorityId;
            if (tree.Find(authorityId) is null)
            {
                throw new CaseActionException($"authority: no authority '{authorityId}' (platformwatch authorities list shows them)");
            }
        }
        else if (authorityId is not null)
        {
            throw new CaseActionException("authority: platform keys belong to their platform, not to an authority");
        }

        var (keyId, token) = ApiKeyToken.New();
        var key = new ApiKeyRecord
        {
            KeyId = keyId,
            Name = name,
            Role = role,
            PlatformId = platformId,
            AuthorityId = authorityId,
            CreatedAt = AuditChain.Truncate(_clock.GetUtcNow()),
            CreatedBy = actor,
        };
        var hash = ApiKeyToken.Hash(token);
        await InTransactionAsync(async s => { await s.InsertApiKeyAsync(key, hash).ConfigureAwait(false); return key; }, ct).ConfigureAwait(false);
        return new IssuedApiKey(key, token);
    }

    /// <summary>
    /// The key a token belongs to; null when the token is malformed, names no key, carries the
    /// wrong secret (compared in constant time) or its key is revoked.
    /// </summary>
    public Task<ApiKeyRecord?> FindApiKeyAsync(string token, CancellationToken ct = default)
    {
        if (ApiKeyToken.KeyIdOf(token) is not { } keyId)
        {
            return Task.FromResult<ApiKeyRecord?>(null);
        }

        return ReadAsync(async (c, cancel) =>
        {
            var hash = await c.ExecuteScalarAsync<string?>(new CommandDefinition(_dialect.Sql.SelectApiKeyHash, new { KeyId = keyId }, cancellationToken: cancel)).ConfigureAwait(false);
            if (hash is null || !ApiKeyToken.Matches(token, hash))
            {
                return null;
            }

            var key = await c.QuerySingleOrDefaultAsync<ApiKeyRecord>(new CommandDefinition(_dialect.Sql.SelectApiKey, new { KeyId = keyId }, cancellationToken: cancel)).ConfigureAwait(false);
            return key is { IsRevoked: false } ? key : null;
        }, ct);
    }

    /// <summary>Adds a key of the web UI's Data Protection key ring (a key already there is kept).</summary>
    public Task AddDataProtectionKeyAsync(string friendlyName, string xml, CancellationToken ct = default) =>
        InTransactionAsync(async s => { await s.InsertDataProtectionKeyAsync(friendlyName, xml, _clock.GetUtcNow()).ConfigureAwait(false); return 0; }, ct);

    /// <summary>Every key of the web UI's Data Protection key ring, as XML.</summary>
    public Task<IReadOnlyList<string>> ListDataProtectionKeysAsync(CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<string>>(async (c, cancel) => (await c.QueryAsync<string>(new CommandDefinition(_dialect.Sql.SelectDataProtectionKeys, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);

    /// <summary>Records the profiles of a set just put in force, in one transaction.</summary>
    public Task RecordProfileActivationsAsync(IReadOnlyList<ProfileActivation> activations, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(activations);
        return InTransactionAsync(async s => { await s.InsertProfileActivationsAsync(activations).ConfigureAwait(false); return activations.Count; }, ct);
    }

    /// <summary>The latest profile activations, newest first.</summary>
    public Task<IReadOnlyList<ProfileActivation>> ListProfileActivationsAsync(int limit, CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<ProfileActivation>>(async (c, cancel) => (await c.QueryAsync<ProfileActivation>(new CommandDefinition(_dialect.Sql.SelectProfileActivations, new { Limit = limit }, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);

    /// <summary>A key by its id, revoked or not (never its token or hash); null when there is none.</summary>
    public Task<ApiKeyRecord?> GetApiKeyAsync(string keyId, CancellationToken ct = default) =>
        ReadAsync((c, cancel) => c.QuerySingleOrDefaultAsync<ApiKeyRecord>(new CommandDefinition(_dialect.Sql.SelectApiKey, new { KeyId = keyId }, cancellationToken: cancel)), ct);

    /// <summary>Revokes a key; null when there is none. Revoking it again keeps the first revocation.</summary>
    public Task<ApiKeyRecord?> RevokeApiKeyAsync(string keyId, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return InTransactionAsync(s => s.RevokeApiKeyAsync(keyId, actor), ct);
    }

    /// <summary>Every API key, revoked ones included, oldest first (never a token or its hash).</summary>
    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<ApiKeyRecord>>(async (c, cancel) => (await c.QueryAsync<ApiKeyRecord>(new CommandDefinition(_dialect.Sql.SelectApiKeys, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);

    /// <summary>
    /// Issues a notice to the platform of a case and moves the case to <c>notice-issued</c>, in one
    /// transaction with its audit entry; the notice lists the case's active findings. Null when
    /// there is no such case. Refused (<see cref="CaseActionException"/>) for an empty text, a
    /// deadline that is not in the future, a market-level case (no platform to tell) and a case
    /// whose status cannot move to <c>notice-issued</c>.
    /// </summary>
    public Task<NoticeRecord?> IssueNoticeAsync(string caseId, string text, DateTimeOffset responseDueAt, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var noticeId = StoreSession.NewId("N-");
        return InTransactionAsync(s => s.IssueNoticeAsync(noticeId, caseId, text, responseDueAt, actor), ct);
    }

    /// <summary>
    /// A platform answers its notice: the notice is answered, the response stored, the case moved
    /// to <c>platform-responded</c> when the workflow allows it, and the audit trail records it, in
    /// one transaction. Null when the notice does not exist or is another platform's (the caller
    /// cannot tell which). Refused (<see cref="CaseActionException"/>) after the deadline, when
    /// already answered, for an empty text, more than <see cref="NoticeResponse.MaxDocuments"/>
    /// documents, or a document without a name or media type, with a negative size or a SHA-256
    /// that is not 64 hex characters.
    /// </summary>
    public Task<NoticeResponse?> AnswerNoticeAsync(string noticeId, string platformId, string text, IReadOnlyList<DocumentMeta> documents, string actor, CancellationToken ct = default) =>
        AnswerNoticeAsync(noticeId, platformId, text, documents, businessSecret: false, actor, ct);

    /// <summary>
    /// As above; <paramref name="businessSecret"/> marks the answer (its text and documents) as the
    /// platform's business secret: kept with the mark, withheld from authorities reading the case
    /// through a grant.
    /// </summary>
    public Task<NoticeResponse?> AnswerNoticeAsync(string noticeId, string platformId, string text, IReadOnlyList<DocumentMeta> documents, bool businessSecret, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(actor);
        var responseId = StoreSession.NewId("NR-");
        return InTransactionAsync(s => s.AnswerNoticeAsync(responseId, noticeId, platformId, text, documents, businessSecret, actor), ct);
    }

    /// <summary>Notices, newest first: all, or of one platform and/or one case.</summary>
    public Task<IReadOnlyList<NoticeRecord>> ListNoticesAsync(string? platformId = null, string? caseId = null, CancellationToken ct = default) =>
        ListNoticesAsync(platformId, caseId, null, ct);

    /// <summary>Notices, newest first, of the cases an authority sees (null: all).</summary>
    public Task<IReadOnlyList<NoticeRecord>> ListNoticesAsync(string? platformId, string? caseId, CaseViewer? viewer, CancellationToken ct = default)
    {
        var parameters = new DynamicParameters(CaseViewer.Parameters(viewer));
        parameters.AddDynamicParams(new { PlatformId = platformId, CaseId = caseId });
        return ReadAsync<IReadOnlyList<NoticeRecord>>(async (c, cancel) =>
            (await c.QueryAsync<NoticeRows.Notice>(new CommandDefinition(_dialect.Sql.SelectNotices, parameters, cancellationToken: cancel)).ConfigureAwait(false))
                .Select(n => n.ToRecord()).ToList(), ct);
    }

    /// <summary>A notice with its responses, or null when there is none.</summary>
    public Task<NoticeDetail?> GetNoticeAsync(string noticeId, CancellationToken ct = default) =>
        ReadAsync(async (c, cancel) =>
        {
            var key = new { NoticeId = noticeId };
            var notice = await c.QuerySingleOrDefaultAsync<NoticeRows.Notice>(new CommandDefinition(_dialect.Sql.SelectNotice, key, cancellationToken: cancel)).ConfigureAwait(false);
            if (notice is null)
            {
                return null;
            }

            var responses = await c.QueryAsync<NoticeRows.Response>(new CommandDefinition(_dialect.Sql.SelectNoticeResponses, key, cancellationToken: cancel)).ConfigureAwait(false);
            return new NoticeDetail(notice.ToRecord(), responses.Select(r => r.ToRecord()).ToList());
        }, ct);

    /// <summary>
    /// A page of findings by filters, in key order (rule, platform, market, period; binary
    /// collation). Refused (<see cref="CaseActionException"/>) for a limit under 1, a negative
    /// offset or more than <see cref="FindingQuery.MaxFindingIds"/> finding ids.
    /// </summary>
    public Task<IReadOnlyList<StoredFinding>> ListFindingsAsync(FindingQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var refusal = query switch
        {
            { Limit: < 1 } => $"limit: must be at least 1, was {query.Limit}",
            { Offset: < 0 } => $"offset: must not be negative, was {query.Offset}",
            { FindingIds.Count: > FindingQuery.MaxFindingIds } => $"findingIds: at most {FindingQuery.MaxFindingIds} ids, were {query.FindingIds.Count}",
            _ => null,
        };
        if (refusal is not null)
        {
            throw new CaseActionException(refusal);
        }

        var parameters = new DynamicParameters(CaseViewer.Parameters(query.Viewer));
        parameters.AddDynamicParams(new
        {
            query.PlatformId,
            query.MarketId,
            query.RuleId,
            query.Severity,
            query.CaseId,
            HasIds = query.FindingIds is not null,
            FindingIds = (query.FindingIds ?? []).ToArray(),
            query.PeriodFrom,
            query.PeriodTo,
            query.IncludeWithdrawn,
            query.Limit,
            query.Offset,
        });
        return ReadAsync<IReadOnlyList<StoredFinding>>(async (c, cancel) => (await c.QueryAsync<StoredFinding>(new CommandDefinition(_dialect.Sql.SelectFindingsPage, parameters, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);
    }

    /// <summary>Every share held for a market, by metric, period and platform.</summary>
    public Task<IReadOnlyList<MarketShareRow>> GetMarketSharesAsync(string marketId, CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<MarketShareRow>>(async (c, cancel) => (await c.QueryAsync<MarketShareRow>(new CommandDefinition(_dialect.Sql.SelectMarketShares, new { MarketId = marketId }, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);

    /// <summary>A platform's events of one contract type (e.g. <c>ConductObserved</c>) as kept in evidence, newest first.</summary>
    public Task<IReadOnlyList<EvidenceEvent>> ListPlatformEventsAsync(string platformId, string type, CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<EvidenceEvent>>(async (c, cancel) => (await c.QueryAsync<EvidenceEvent>(new CommandDefinition(_dialect.Sql.SelectPlatformEvidence, new { PlatformId = platformId, Type = type }, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);

    private static string? KeyRefusal(string name, string role, string? platformId)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "name: a key needs a name (what or who it is for)";
        }

        if (!ApiRoles.All.Contains(role, StringComparer.Ordinal))
        {
            return $"role: unknown role '{role}'; expected one of: {string.Join(", ", ApiRoles.All)}";
        }

        if (role == ApiRoles.Platform)
        {
            return string.IsNullOrWhiteSpace(platformId) ? "platformId: a platform key needs the platform it acts for" : null;
        }

        return platformId is null ? null : $"platformId: a {role} key acts for the regulator, not for a platform; give no platform";
    }
}
