using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;

namespace PlatformWatch.Store;

/// <summary>Authorities in a unit of work: replacing the tree, routing a new case, referral and sharing.</summary>
public sealed class SessionAuthorities
{
    private readonly SessionDb _db;
    private readonly SessionCases _cases;
    private readonly SessionIngestion _ingestion;
    private AuthorityTree? _tree;

    internal SessionAuthorities(SessionDb db, SessionCases cases, SessionIngestion ingestion)
    {
        _db = db;
        _cases = cases;
        _ingestion = ingestion;
    }

    /// <summary>
    /// The jurisdictions of a rule profile (the worker's active profiles), which route a case;
    /// when unset or empty (a profile for every jurisdiction), those its market's shares were reported under.
    /// </summary>
    public Func<string, IReadOnlyList<string>>? ProfileJurisdictions { get; set; }

    internal static async Task<AuthorityTree> LoadTreeAsync(DbConnection connection, DbTransaction? transaction, SqlStatements sql, CancellationToken cancellationToken)
    {
        var authorities = await connection.QueryAsync<AuthorityRecord>(new CommandDefinition(sql.Authorities.SelectAuthorities, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var routes = await connection.QueryAsync<AuthorityRouteRow>(new CommandDefinition(sql.Authorities.SelectAuthorityRoutes, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return AuthorityTree.FromRows(authorities, routes);
    }

    /// <summary>The viewer of a regulator's authority, or null when the authority does not exist (any more).</summary>
    public async Task<CaseViewer?> ViewerAsync(string? authorityId)
    {
        var tree = await TreeAsync().ConfigureAwait(false);
        return tree.Find(authorityId) is { } node ? CaseViewer.Of(tree, node) : null;
    }

    /// <summary>
    /// A case, locked until the transaction ends, and how far an authority may go with it (the case
    /// is null when there is none): a check made here holds for whatever the transaction then does.
    /// A null viewer (an operator) owns every case.
    /// </summary>
    public async Task<(CaseRecord? Case, CaseAccess Access)> LockAccessAsync(string caseId, CaseViewer? viewer)
    {
        if (await _cases.FindCaseForUpdateAsync(caseId).ConfigureAwait(false) is not { } found)
        {
            return (null, CaseAccess.None);
        }

        return (found, viewer is null ? new CaseAccess(CaseAccessLevel.Owner, false, []) : AccessOf(found, await TreeAsync().ConfigureAwait(false), await ListCaseAccessAsync(caseId).ConfigureAwait(false), viewer));
    }

    /// <summary>Whether an authority sees a case (owns it through its subtree, or reads it through a grant), without locking it; an unknown authority sees nothing.</summary>
    public async Task<bool> SeesAsync(CaseRecord found, string? authorityId)
    {
        ArgumentNullException.ThrowIfNull(found);
        var tree = await TreeAsync().ConfigureAwait(false);
        return tree.Find(authorityId) is { } node && AccessOf(found, tree, await ListCaseAccessAsync(found.CaseId).ConfigureAwait(false), CaseViewer.Of(tree, node)).CanRead;
    }

    /// <summary>
    /// Whether an authority is on a report's route: the one a case of the platform in the report's
    /// jurisdiction routes to when nothing else is known of it (no rule, family or market: routes that
    /// set those do not match), or one above it, which sees its subtree's cases. An unknown or missing
    /// authority is on no route.
    /// </summary>
    public async Task<bool> OnReportRouteAsync(string? authorityId, string jurisdiction, string platformId)
    {
        var tree = await TreeAsync().ConfigureAwait(false);
        var routed = tree.Route(new RoutingSubject([jurisdiction], "", "", null, platformId)).AuthorityId;
        return authorityId is not null && tree.IsWithin(routed, authorityId);
    }

    /// <summary>Every grant of access to a case, revoked ones included.</summary>
    public async Task<IReadOnlyList<CaseAccessRecord>> ListCaseAccessAsync(string caseId) =>
        (await _db.Connection.QueryAsync<CaseAccessRecord>(_db.Command(_db.Sql.Authorities.SelectCaseAccess, new { CaseId = caseId })).ConfigureAwait(false)).AsList();

    // An authority owns the cases of its subtree; it sees others through its subtree's active grants.
    internal static CaseAccess AccessOf(CaseRecord found, AuthorityTree tree, IEnumerable<CaseAccessRecord> grants, CaseViewer viewer)
    {
        if (tree.IsWithin(found.OwnerAuthorityId, viewer.AuthorityId))
        {
            return new CaseAccess(CaseAccessLevel.Owner, false, []);
        }

        var active = grants.Where(g => g.IsActive && tree.IsWithin(g.AuthorityId, viewer.AuthorityId)).ToList();
        if (active.Count == 0)
        {
            return CaseAccess.None;
        }

        var level = active.Any(g => g.Access == "comment") ? CaseAccessLevel.Comment : CaseAccessLevel.Read;
        return new CaseAccess(level, active.All(g => g.WithholdInternal), active);
    }

    private async Task<AuthorityTree> TreeAsync() =>
        _tree ??= await LoadTreeAsync(_db.Connection, _db.Transaction, _db.Sql, _db.CancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The authorities as they stand, locked against a change until the transaction ends (one
    /// change of the tree at a time): a check made on it (who administers the default authority,
    /// which authorities exist) holds for whatever the transaction then does.
    /// </summary>
    public async Task<AuthorityTree> LockTreeAsync()
    {
        await _db.LockAsync("authorities").ConfigureAwait(false);
        return _tree = await LoadTreeAsync(_db.Connection, _db.Transaction, _db.Sql, _db.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the authorities and routing table with a checked tree (see
    /// <see cref="StoreAuthorities.SetAsync"/>); refused (<see cref="CaseActionException"/>) while
    /// an active regulator key belongs to another dropped authority.
    /// </summary>
    public async Task<AuthorityChange> SetAsync(AuthorityTree tree, string actor)
    {
        ArgumentNullException.ThrowIfNull(tree);
        // One change of the tree at a time; routing in other units reads it whole, before or after.
        var old = await LockTreeAsync().ConfigureAwait(false);
        var kept = tree.All.Select(a => a.AuthorityId).ToArray();
        var dropped = old.All.Select(a => a.AuthorityId).Except(kept, StringComparer.Ordinal).ToArray();

        // Keys of the dropped default authority go to the new default; any other key would lose its authority.
        var keysMoved = 0;
        if (dropped.Contains(old.Default.AuthorityId, StringComparer.Ordinal))
        {
            keysMoved = await _db.ExecuteAsync(_db.Sql.Authorities.MoveApiKeysAuthority, new { AuthorityId = tree.Default.AuthorityId, AuthorityIds = new[] { old.Default.AuthorityId } }).ConfigureAwait(false);
        }

        var stranded = (await _db.Connection.QueryAsync<ApiKeyRecord>(_db.Command(_db.Sql.Authorities.SelectApiKeysOutside, new { AuthorityIds = kept })).ConfigureAwait(false)).AsList();
        if (stranded.Count > 0)
        {
            throw CaseActionException.Of("authorities.strandedKeys", string.Join(", ", stranded.Select(k => $"{k.KeyId} ({k.Name}, '{k.AuthorityId}')")));
        }

        var now = _db.Now;
        await _db.ExecuteAsync(_db.Sql.Authorities.DeleteAuthorityRoutes, new { }).ConfigureAwait(false);
        await _db.ExecuteAsync(_db.Sql.Authorities.DeleteAuthorities, new { }).ConfigureAwait(false);
        foreach (var a in tree.All)
        {
            await _db.ExecuteAsync(_db.Sql.Authorities.InsertAuthority, new { a.AuthorityId, a.Name, a.ParentId, a.Path, a.IsDefault, UpdatedAt = now }).ConfigureAwait(false);
            for (var i = 0; i < a.Routes.Count; i++)
            {
                var r = a.Routes[i];
                await _db.ExecuteAsync(_db.Sql.Authorities.InsertAuthorityRoute, new
                {
                    r.RouteId,
                    r.AuthorityId,
                    Position = i + 1,
                    Jurisdictions = JsonSerializer.Serialize(r.Jurisdictions),
                    Families = JsonSerializer.Serialize(r.Families),
                    Rules = JsonSerializer.Serialize(r.Rules),
                    Markets = JsonSerializer.Serialize(r.Markets),
                    Platforms = JsonSerializer.Serialize(r.Platforms),
                }).ConfigureAwait(false);
            }
        }

        _tree = tree;
        var revoked = await _db.ExecuteAsync(_db.Sql.Authorities.RevokeCaseAccessOutside, new { AuthorityIds = kept, RevokedAt = now, RevokedBy = $"{actor} (authority removed)" }).ConfigureAwait(false);

        // Cases of dropped authorities are routed again, each with an audit entry saying why.
        var routedAgain = new List<string>();
        if (dropped.Length > 0)
        {
            foreach (var orphan in await _db.Connection.QueryAsync<OwnedCaseRow>(_db.Command(_db.Sql.Authorities.SelectCasesOwnedBy, new { AuthorityIds = dropped })).ConfigureAwait(false))
            {
                var subject = orphan.RoutingSubject is { } json
                    ? JsonSerializer.Deserialize<RoutingSubject>(json)!
                    : new RoutingSubject([], orphan.Family, "", orphan.MarketId, orphan.PlatformId);
                var decision = tree.Route(subject);
                await _db.ExecuteAsync(_db.Sql.Authorities.UpdateCaseOwner, new { orphan.CaseId, OwnerAuthorityId = decision.AuthorityId, UpdatedAt = now }).ConfigureAwait(false);
                await _cases.AppendAuditAsync(orphan.CaseId, actor, "routed", RoutingDetails(decision, subject, $"its authority '{orphan.OwnerAuthorityId}' was removed")).ConfigureAwait(false);
                routedAgain.Add(orphan.CaseId);
            }
        }

        var record = new AuthorityChangeRecord
        {
            ChangeId = SessionDb.NewId("AC-"),
            ChangedAt = AuditChain.Truncate(now),
            ChangedBy = actor,
            Document = AuthoritySpec.Of(tree).ToJson(),
            Authorities = tree.All.Count,
            Routes = tree.All.Sum(a => a.Routes.Count),
            RoutedAgain = routedAgain.Count,
            KeysMoved = keysMoved,
            GrantsRevoked = revoked,
        };
        await _db.ExecuteAsync(_db.Sql.Authorities.InsertAuthorityChange, record).ConfigureAwait(false);
        return new AuthorityChange(record, routedAgain);
    }

    // The owner of a case about to open, from the finding that opens it.
    internal async Task<(RoutingDecision Decision, RoutingSubject Subject)> RouteAsync(FindingDraftInfo draft)
    {
        var jurisdictions = ProfileJurisdictions?.Invoke(draft.ProfileId) ?? [];
        if (jurisdictions.Count == 0 && draft.MarketId is not null)
        {
            jurisdictions = (await _ingestion.LoadMarketSharesAsync(draft.MarketId).ConfigureAwait(false)).Select(s => s.Jurisdiction).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }

        // Without a market (a report contradicted by a finding …): the jurisdictions its evidence was reported under.
        if (jurisdictions.Count == 0 && draft.Evidence.Count > 0)
        {
            var payloads = await _db.Connection.QueryAsync<EvidenceEvent>(_db.Command(_db.Sql.Cases.SelectEventsByIds, new { Ids = draft.Evidence.Take(100).ToArray() })).ConfigureAwait(false);
            jurisdictions = payloads
                .Select(e => JsonNode.Parse(e.Payload)?["jurisdiction"]?.GetValue<string>())
                .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }

        var subject = new RoutingSubject(jurisdictions, draft.Family, draft.RuleId, draft.MarketId, draft.PlatformId);
        return ((await TreeAsync().ConfigureAwait(false)).Route(subject), subject);
    }

    internal static JsonObject RoutingDetails(RoutingDecision decision, RoutingSubject subject, string why) => new()
    {
        ["authority"] = decision.AuthorityId,
        ["route"] = decision.RouteId,
        ["reason"] = decision.Reason,
        ["why"] = why,
        ["jurisdictions"] = new JsonArray(subject.Jurisdictions.Select(j => (JsonNode?)j).ToArray()),
        ["family"] = subject.Family,
        ["ruleId"] = subject.RuleId,
        ["marketId"] = subject.MarketId,
        ["platformId"] = subject.PlatformId,
    };

    /// <summary>Logs, in the case's audit trail, a read through a grant (a share or a referral).</summary>
    public async Task RecordGrantedReadAsync(string caseId, string actor, string authorityId, IReadOnlyList<string> grants, string what) =>
        await _cases.AppendAuditAsync(caseId, actor, "read-through-grant", new JsonObject
        {
            ["authority"] = authorityId,
            ["grants"] = new JsonArray(grants.Select(g => (JsonNode?)g).ToArray()),
            ["what"] = what,
        }).ConfigureAwait(false);

    /// <summary>Hands a case to another authority: ownership moves, the previous owner keeps read access.</summary>
    public async Task<CaseRecord> ReferAsync(string caseId, string toAuthorityId, string reason, string actor)
    {
        var held = await _cases.LockCaseAsync(caseId).ConfigureAwait(false);
        var tree = await TreeAsync().ConfigureAwait(false);
        if (tree.Find(toAuthorityId) is null)
        {
            throw CaseActionException.Of("refer.noAuthority", toAuthorityId);
        }

        if (toAuthorityId == held.OwnerAuthorityId)
        {
            throw CaseActionException.Of("refer.alreadyOwner", caseId, toAuthorityId);
        }

        if (held.Status == "closed")
        {
            throw CaseActionException.Of("refer.closed", caseId);
        }

        var now = _db.Now;
        await _db.ExecuteAsync(_db.Sql.Authorities.UpdateCaseOwner, new { CaseId = caseId, OwnerAuthorityId = toAuthorityId, UpdatedAt = now }).ConfigureAwait(false);
        var grant = new CaseAccessRecord
        {
            AccessId = SessionDb.NewId("CA-"),
            CaseId = caseId,
            AuthorityId = held.OwnerAuthorityId,
            Kind = "referred-from",
            Access = "read",
            WithholdInternal = false,
            Reason = reason,
            GrantedAt = AuditChain.Truncate(now),
            GrantedBy = actor,
        };
        await _db.ExecuteAsync(_db.Sql.Authorities.InsertCaseAccess, grant).ConfigureAwait(false);
        await _cases.AppendAuditAsync(caseId, actor, "referred", new JsonObject
        {
            ["from"] = held.OwnerAuthorityId,
            ["to"] = toAuthorityId,
            ["reason"] = reason,
            ["readAccessKept"] = grant.AccessId,
        }).ConfigureAwait(false);
        return held with { OwnerAuthorityId = toAuthorityId, UpdatedAt = now };
    }

    /// <summary>Shares a case with another authority, to read or to comment, with or without the internal comments.</summary>
    public async Task<CaseAccessRecord> ShareAsync(string caseId, string authorityId, string access, bool withholdInternal, string reason, string actor)
    {
        var held = await _cases.LockCaseAsync(caseId).ConfigureAwait(false);
        var tree = await TreeAsync().ConfigureAwait(false);
        if (access is not ("read" or "comment"))
        {
            throw CaseActionException.Of("share.access", access);
        }

        if (tree.Find(authorityId) is null)
        {
            throw CaseActionException.Of("share.noAuthority", authorityId);
        }

        if (tree.IsWithin(held.OwnerAuthorityId, authorityId))
        {
            throw CaseActionException.Of("share.alreadyWorks", authorityId, caseId);
        }

        var grant = new CaseAccessRecord
        {
            AccessId = SessionDb.NewId("CA-"),
            CaseId = caseId,
            AuthorityId = authorityId,
            Kind = "share",
            Access = access,
            WithholdInternal = withholdInternal,
            Reason = reason,
            GrantedAt = AuditChain.Truncate(_db.Now),
            GrantedBy = actor,
        };
        await _db.ExecuteAsync(_db.Sql.Authorities.InsertCaseAccess, grant).ConfigureAwait(false);
        await _cases.AppendAuditAsync(caseId, actor, "shared", new JsonObject
        {
            ["shareId"] = grant.AccessId,
            ["authority"] = authorityId,
            ["access"] = access,
            ["withholdInternal"] = withholdInternal,
            ["reason"] = reason,
        }).ConfigureAwait(false);
        return grant;
    }

    /// <summary>Revokes a share of a case; false when there is no active share with that id on the case.</summary>
    public async Task<bool> RevokeShareAsync(string caseId, string accessId, string actor)
    {
        await _cases.LockCaseAsync(caseId).ConfigureAwait(false);
        var grant = (await _db.Connection.QueryAsync<CaseAccessRecord>(_db.Command(_db.Sql.Authorities.SelectCaseAccess, new { CaseId = caseId })).ConfigureAwait(false))
            .FirstOrDefault(g => g.AccessId == accessId && g.Kind == "share" && g.IsActive);
        if (grant is null)
        {
            return false;
        }

        await _db.ExecuteAsync(_db.Sql.Authorities.RevokeCaseAccess, new { AccessId = accessId, CaseId = caseId, RevokedAt = AuditChain.Truncate(_db.Now), RevokedBy = actor }).ConfigureAwait(false);
        await _cases.AppendAuditAsync(caseId, actor, "share-revoked", new JsonObject { ["shareId"] = accessId, ["authority"] = grant.AuthorityId }).ConfigureAwait(false);
        return true;
    }

    // What routing needs of the finding that opens a case.
    internal sealed record FindingDraftInfo(string ProfileId, string Family, string RuleId, string? MarketId, string? PlatformId, IReadOnlyList<string> Evidence);

    private sealed class OwnedCaseRow
    {
        public string CaseId { get; init; } = "";
        public string Family { get; init; } = "";
        public string? MarketId { get; init; }
        public string? PlatformId { get; init; }
        public string? RoutingSubject { get; init; }
        public string OwnerAuthorityId { get; init; } = "";
    }
}
