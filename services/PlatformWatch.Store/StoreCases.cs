using Dapper;

namespace PlatformWatch.Store;

/// <summary>
/// The supervisors' side of the case database: list, read and work cases, issue notices and take
/// their answers, each action in one transaction with its audit entry; verify the audit trail.
/// </summary>
public sealed class StoreCases
{
    private readonly CaseStore _store;

    internal StoreCases(CaseStore store) => _store = store;

    /// <summary>Assigns a case (and sets its due date when given); the case as it is then, with its active findings and rules.</summary>
    public Task<CaseRecord> AssignAsync(string caseId, string assignee, DateOnly? dueAt, string actor, CancellationToken cancellationToken = default) =>
        _store.InTransactionAsync(async s =>
        {
            await s.Cases.AssignAsync(caseId, assignee, dueAt, actor).ConfigureAwait(false);
            return await s.Cases.SummaryAsync(caseId).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Comments on a case, internally or shared with the platform.</summary>
    public Task<CaseComment> CommentAsync(string caseId, string author, string visibility, string body, CancellationToken cancellationToken = default) =>
        _store.InTransactionAsync(s => s.Cases.CommentAsync(caseId, author, visibility, body), cancellationToken);

    /// <summary>Comments on a case as a regulator of an authority.</summary>
    public Task<CaseComment> CommentAsync(string caseId, string author, string? authorAuthority, string visibility, string body, CancellationToken cancellationToken = default) =>
        _store.InTransactionAsync(s => s.Cases.CommentAsync(caseId, author, visibility, body, authorAuthority), cancellationToken);

    /// <summary>Moves a case to another status; the case as it is then, with its active findings and rules.</summary>
    public Task<CaseRecord> TransitionAsync(string caseId, string status, string? outcome, string actor, string? note = null, CancellationToken cancellationToken = default) =>
        _store.InTransactionAsync(async s =>
        {
            await s.Cases.TransitionAsync(caseId, status, outcome, actor, note).ConfigureAwait(false);
            return await s.Cases.SummaryAsync(caseId).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Cases matching a query; the sort column must be one of <see cref="CaseWorkflow.SortColumns"/>.</summary>
    public Task<IReadOnlyList<CaseRecord>> ListAsync(CaseQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var order = CaseWorkflow.OrderBy(query.Sort, query.Descending)
            ?? throw new CaseActionException($"cannot sort by '{query.Sort}'; sort by one of: {string.Join(", ", CaseWorkflow.SortColumns.Keys)}");
        var sql = _store.Sql.Cases.SelectCasesTemplate.Replace("/*ORDER*/", order, StringComparison.Ordinal);
        var parameters = new DynamicParameters(CaseViewer.Parameters(query.Viewer));
        parameters.AddDynamicParams(new
        {
            query.Status,
            query.Severity,
            query.PlatformId,
            query.MarketId,
            query.Assignee,
            query.Unassigned,
            query.RuleId,
            query.OpenedBefore,
            query.Jurisdiction,
            JurisdictionProfiles = (query.JurisdictionProfiles ?? []).ToArray(),
            query.Limit,
            query.Offset,
        });
        return _store.ReadAsync<IReadOnlyList<CaseRecord>>(async (c, ct) => (await c.QueryAsync<CaseRecord>(new CommandDefinition(sql, parameters, cancellationToken: ct)).ConfigureAwait(false)).AsList(), cancellationToken);
    }

    /// <summary>A case in full, or null when there is none.</summary>
    public Task<CaseDetail?> GetAsync(string caseId, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async (c, ct) =>
        {
            var key = new { CaseId = caseId };
            var found = await c.QuerySingleOrDefaultAsync<CaseRecord>(new CommandDefinition(_store.Sql.Cases.SelectCaseSummary, key, cancellationToken: ct)).ConfigureAwait(false);
            if (found is null)
            {
                return null;
            }

            var findings = (await c.QueryAsync<StoredFinding>(new CommandDefinition(_store.Sql.Cases.SelectCaseFindings, key, cancellationToken: ct)).ConfigureAwait(false)).AsList();
            var evidence = new List<EvidenceEvent>();
            foreach (var chunk in findings.SelectMany(f => f.EvidenceEventIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(500))
            {
                evidence.AddRange(await c.QueryAsync<EvidenceEvent>(new CommandDefinition(_store.Sql.Cases.SelectEventsByIds, new { Ids = chunk }, cancellationToken: ct)).ConfigureAwait(false));
            }

            var comments = (await c.QueryAsync<CaseComment>(new CommandDefinition(_store.Sql.Cases.SelectCaseComments, key, cancellationToken: ct)).ConfigureAwait(false)).AsList();
            var audit = (await c.QueryAsync<AuditEntry>(new CommandDefinition(_store.Sql.Cases.SelectCaseAudit, key, cancellationToken: ct)).ConfigureAwait(false)).AsList();
            return new CaseDetail(found, findings, evidence.OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList(), comments, audit);
        }, cancellationToken);

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
        var noticeId = SessionDb.NewId("N-");
        return _store.InTransactionAsync(s => s.Cases.IssueNoticeAsync(noticeId, caseId, text, responseDueAt, actor), ct);
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
        var responseId = SessionDb.NewId("NR-");
        return _store.InTransactionAsync(s => s.Cases.AnswerNoticeAsync(responseId, noticeId, platformId, text, documents, businessSecret, actor), ct);
    }

    /// <summary>Notices, newest first: all, or of one platform and/or one case.</summary>
    public Task<IReadOnlyList<NoticeRecord>> ListNoticesAsync(string? platformId = null, string? caseId = null, CancellationToken ct = default) =>
        ListNoticesAsync(platformId, caseId, null, ct);

    /// <summary>Notices, newest first, of the cases an authority sees (null: all).</summary>
    public Task<IReadOnlyList<NoticeRecord>> ListNoticesAsync(string? platformId, string? caseId, CaseViewer? viewer, CancellationToken ct = default)
    {
        var parameters = new DynamicParameters(CaseViewer.Parameters(viewer));
        parameters.AddDynamicParams(new { PlatformId = platformId, CaseId = caseId });
        return _store.ReadAsync<IReadOnlyList<NoticeRecord>>(async (c, cancel) =>
            (await c.QueryAsync<NoticeRows.Notice>(new CommandDefinition(_store.Sql.Cases.SelectNotices, parameters, cancellationToken: cancel)).ConfigureAwait(false))
                .Select(n => n.ToRecord()).ToList(), ct);
    }

    /// <summary>A notice with its responses, or null when there is none.</summary>
    public Task<NoticeDetail?> GetNoticeAsync(string noticeId, CancellationToken ct = default) =>
        _store.ReadAsync(async (c, cancel) =>
        {
            var key = new { NoticeId = noticeId };
            var notice = await c.QuerySingleOrDefaultAsync<NoticeRows.Notice>(new CommandDefinition(_store.Sql.Cases.SelectNotice, key, cancellationToken: cancel)).ConfigureAwait(false);
            if (notice is null)
            {
                return null;
            }

            var responses = await c.QueryAsync<NoticeRows.Response>(new CommandDefinition(_store.Sql.Cases.SelectNoticeResponses, key, cancellationToken: cancel)).ConfigureAwait(false);
            return new NoticeDetail(notice.ToRecord(), responses.Select(r => r.ToRecord()).ToList());
        }, ct);

    /// <summary>
    /// Checks the whole audit trail, streamed entry by entry: every hash, every link and every
    /// case's count and head. Returns the first entry that does not verify (null when all do).
    /// </summary>
    public Task<(AuditBreak? Break, long Entries, int Cases)> VerifyAuditAsync(CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async (c, ct) =>
        {
            var heads = (await c.QueryAsync<HeadRow>(new CommandDefinition(_store.Sql.Cases.SelectAuditHeads, cancellationToken: ct)).ConfigureAwait(false))
                .ToDictionary(h => h.CaseId, h => (h.AuditCount, h.AuditHead), StringComparer.Ordinal);
            var (found, count) = await _store.Audit.VerifyAsync(c.QueryUnbufferedAsync<AuditEntry>(_store.Sql.Cases.SelectAllAudit), heads).ConfigureAwait(false);
            return (found, count, heads.Count);
        }, cancellationToken);

    private sealed class HeadRow
    {
        public string CaseId { get; init; } = "";
        public long AuditCount { get; init; }
        public string AuditHead { get; init; } = "";
    }
}
