using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Store;

// The cases a stage's findings touch, locked and held in memory: the findings join them, new
// ones open, severities rise, and each case's audit chain grows entry by entry (hashed here, in
// order); all written at the end.
internal sealed class CaseBook(SessionDb db, SessionCases cases, SessionAuthorities authorities, SessionOutbox outbox, Func<StoredFinding, JsonObject> causesOf, DateTimeOffset now)
{
    private readonly Dictionary<string, CaseState> _cases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CaseState> _openByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? CaseId, int Sequence)> _latest = new(StringComparer.Ordinal);
    private readonly List<CaseState> _opened = [];
    private readonly List<AuditEntry> _entries = [];
    private readonly DateTimeOffset _at = AuditChain.Truncate(now);

    public bool IsOpen(string caseId) => Case(caseId).Status != "closed";

    // Locks the cases by id (in id order, all at once where the dialect can).
    public async Task LockAsync(IEnumerable<string> caseIds)
    {
        var wanted = caseIds.Where(id => !_cases.ContainsKey(id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (wanted.Length == 0)
        {
            return;
        }

        var rows = db.Sets is { } sets
            ? await db.QueryAsync<CaseRecord>(sets.LockCases, new { CaseIds = wanted }).ConfigureAwait(false)
            : await LockEachAsync(wanted).ConfigureAwait(false);
        foreach (var row in rows)
        {
            Keep(row);
        }
    }

    // Locks the open case of each group, and learns the latest case of the groups with none.
    public async Task LockGroupsAsync(IEnumerable<string> groupKeys)
    {
        var wanted = groupKeys.Where(k => !_openByGroup.ContainsKey(k) && !_latest.ContainsKey(k)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (wanted.Length == 0)
        {
            return;
        }

        if (db.Sets is { } sets)
        {
            foreach (var row in await db.QueryAsync<CaseRecord>(sets.LockOpenCases, new { GroupKeys = wanted }).ConfigureAwait(false))
            {
                Keep(row);
            }

            var closed = wanted.Where(k => !_openByGroup.ContainsKey(k)).ToArray();
            var latest = closed.Length == 0 ? [] : await db.QueryAsync<LatestCaseRow>(sets.SelectLatestCases, new { GroupKeys = closed }).ConfigureAwait(false);
            foreach (var key in closed)
            {
                _latest[key] = (null, 0);
            }

            foreach (var row in latest)
            {
                _latest[row.GroupKey] = (row.CaseId, row.Sequence);
            }

            return;
        }

        foreach (var key in wanted)
        {
            if (await db.Connection.QuerySingleOrDefaultAsync<OpenCaseRow>(db.Command(db.Sql.Cases.SelectOpenCase, new { GroupKey = key })).ConfigureAwait(false) is { } open)
            {
                await LockAsync([open.CaseId]).ConfigureAwait(false);
                continue;
            }

            var latest = await db.Connection.QuerySingleOrDefaultAsync<OpenCaseRow>(db.Command(db.Sql.Cases.SelectLatestCase, new { GroupKey = key })).ConfigureAwait(false);
            var sequence = await db.Connection.ExecuteScalarAsync<int>(db.Command(db.Sql.Cases.SelectLastCaseSequence, new { GroupKey = key })).ConfigureAwait(false);
            _latest[key] = (latest?.CaseId, sequence);
        }
    }

    // Info-level findings are monitoring signals: they open no case. The others join the open
    // case of their platform, rule family and market (raising its severity if theirs is
    // higher); when there is none, a new case opens, following the group's last (closed) case.
    public async Task<string?> JoinAsync(FindingDraft draft)
    {
        if (draft.Severity == Severity.Info)
        {
            return null;
        }

        var groupKey = SessionFindings.GroupKeyOf(draft);
        var severity = WireNames.Name(draft.Severity);
        if (_openByGroup.TryGetValue(groupKey, out var open))
        {
            if (WireNames.Parse<Severity>(open.Severity) is { } held && held < draft.Severity)
            {
                Append(open, SessionCases.SystemActor, "severity-raised", new JsonObject { ["from"] = open.Severity, ["to"] = severity });
                open.Severity = severity;
                open.UpdatedAt = now;
            }

            return open.CaseId;
        }

        var (latestId, lastSequence) = _latest.TryGetValue(groupKey, out var latest) ? latest : throw new InvalidOperationException($"group {groupKey} was not locked");
        var sequence = lastSequence + 1;
        var caseId = $"{StableId.Of("C-", groupKey, 10)}-{sequence}";
        var (routing, subject) = await authorities.RouteAsync(new SessionAuthorities.FindingDraftInfo(draft.ProfileId, draft.Family, draft.RuleId, draft.MarketId, draft.PlatformId, draft.Evidence)).ConfigureAwait(false);
        var opened = new CaseState
        {
            CaseId = caseId,
            GroupKey = groupKey,
            Status = "new",
            Severity = severity,
            UpdatedAt = now,
            AuditHead = "",
            Sequence = sequence,
            PlatformId = draft.PlatformId,
            Family = draft.Family,
            MarketId = draft.MarketId,
            FollowsCaseId = latestId,
            OwnerAuthorityId = routing.AuthorityId,
            RoutingSubject = JsonSerializer.Serialize(subject),
        };
        _cases[caseId] = opened;
        _openByGroup[groupKey] = opened;
        _latest[groupKey] = (caseId, sequence);
        _opened.Add(opened);
        Append(opened, SessionCases.SystemActor, "opened", new JsonObject
        {
            ["platformId"] = draft.PlatformId,
            ["family"] = draft.Family,
            ["marketId"] = draft.MarketId,
            ["followsCaseId"] = latestId,
            ["routing"] = SessionAuthorities.RoutingDetails(routing, subject, "new case"),
        });
        cases.OpenedCases.Add(new OpenedCase(caseId, draft.PlatformId, draft.Family, draft.MarketId, now));
        outbox.Announce(new CaseOpened { CaseId = caseId, PlatformId = draft.PlatformId, Status = CaseStatus.New, Actor = SessionCases.SystemActor, At = now }, $"case-opened:{caseId}");
        return caseId;
    }

    public void AuditFinding(string? caseId, string action, StoredFinding finding)
    {
        if (caseId is null)
        {
            return;
        }

        Append(Case(caseId), SessionCases.SystemActor, action, new JsonObject
        {
            ["findingId"] = finding.FindingId,
            ["ruleId"] = finding.RuleId,
            ["severity"] = finding.Severity,
            ["period"] = $"{finding.PeriodStart:yyyy-MM-dd}..{finding.PeriodEnd:yyyy-MM-dd}",
            ["revision"] = finding.Revision,
            ["causedBy"] = causesOf(finding),
        });
    }

    // New cases, audit entries, then each touched case's severity and chain head.
    public async Task WriteAsync()
    {
        var touched = _cases.Values.Where(c => c.Touched).OrderBy(c => c.CaseId, StringComparer.Ordinal).ToList();
        if (db.Sets is not { } sets)
        {
            foreach (var c in _opened)
            {
                await db.ExecuteAsync(db.Sql.Cases.InsertCase, new
                {
                    c.CaseId, c.GroupKey, c.Sequence, c.PlatformId, c.Family, c.MarketId, c.Severity, OpenedAt = now, c.FollowsCaseId, c.OwnerAuthorityId, c.RoutingSubject,
                }).ConfigureAwait(false);
            }

            foreach (var entry in _entries)
            {
                await db.ExecuteAsync(db.Sql.Cases.InsertAudit, entry).ConfigureAwait(false);
            }

            foreach (var c in touched)
            {
                await db.ExecuteAsync(db.Sql.Cases.UpdateCaseSeverity, new { c.CaseId, c.Severity, c.UpdatedAt }).ConfigureAwait(false);
                await db.ExecuteAsync(db.Sql.Cases.UpdateCaseAudit, new { c.CaseId, c.AuditCount, c.AuditHead }).ConfigureAwait(false);
            }

            return;
        }

        if (_opened.Count > 0)
        {
            await db.ExecuteAsync(sets.InsertCases, new
            {
                CaseIds = _opened.Select(c => c.CaseId).ToArray(),
                GroupKeys = _opened.Select(c => c.GroupKey).ToArray(),
                Sequences = _opened.Select(c => c.Sequence).ToArray(),
                PlatformIds = _opened.Select(c => c.PlatformId).ToArray(),
                Families = _opened.Select(c => c.Family).ToArray(),
                MarketIds = _opened.Select(c => c.MarketId).ToArray(),
                Severities = _opened.Select(c => c.Severity).ToArray(),
                OpenedAts = _opened.Select(_ => now).ToArray(),
                FollowsCaseIds = _opened.Select(c => c.FollowsCaseId).ToArray(),
                OwnerAuthorityIds = _opened.Select(c => c.OwnerAuthorityId).ToArray(),
                RoutingSubjects = _opened.Select(c => c.RoutingSubject).ToArray(),
            }).ConfigureAwait(false);
        }

        if (_entries.Count > 0)
        {
            await db.ExecuteAsync(sets.InsertAudits, new
            {
                CaseIds = _entries.Select(e => e.CaseId).ToArray(),
                Seqs = _entries.Select(e => e.Seq).ToArray(),
                Ats = _entries.Select(e => e.At).ToArray(),
                Actors = _entries.Select(e => e.Actor).ToArray(),
                Actions = _entries.Select(e => e.Action).ToArray(),
                Details = _entries.Select(e => e.Details).ToArray(),
                PrevHashes = _entries.Select(e => e.PrevHash).ToArray(),
                Hashes = _entries.Select(e => e.Hash).ToArray(),
            }).ConfigureAwait(false);
        }

        if (touched.Count > 0)
        {
            await db.ExecuteAsync(sets.UpdateCases, new
            {
                CaseIds = touched.Select(c => c.CaseId).ToArray(),
                Severities = touched.Select(c => c.Severity).ToArray(),
                UpdatedAts = touched.Select(c => c.UpdatedAt).ToArray(),
                AuditCounts = touched.Select(c => c.AuditCount).ToArray(),
                AuditHeads = touched.Select(c => c.AuditHead).ToArray(),
            }).ConfigureAwait(false);
        }
    }

    private CaseState Case(string caseId) =>
        _cases.TryGetValue(caseId, out var held) ? held : throw new CaseActionException($"no case '{caseId}'");

    private async Task<List<CaseRecord>> LockEachAsync(IEnumerable<string> caseIds)
    {
        var rows = new List<CaseRecord>();
        foreach (var id in caseIds)
        {
            if (await cases.FindCaseForUpdateAsync(id).ConfigureAwait(false) is { } row)
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private void Keep(CaseRecord row)
    {
        var state = new CaseState
        {
            CaseId = row.CaseId,
            GroupKey = row.GroupKey,
            Status = row.Status,
            Severity = row.Severity,
            UpdatedAt = row.UpdatedAt,
            AuditCount = row.AuditCount,
            AuditHead = row.AuditHead,
            Family = row.Family,
        };
        _cases[row.CaseId] = state;
        if (row.Status != "closed")
        {
            _openByGroup[row.GroupKey] = state;
        }
    }

    private void Append(CaseState target, string actor, string action, JsonObject details)
    {
        var entry = cases.ChainEntry(target.CaseId, target.AuditCount + 1, _at, actor, action, details, target.AuditHead);
        _entries.Add(entry);
        target.AuditCount = entry.Seq;
        target.AuditHead = entry.Hash;
        target.Touched = true;
    }
}

// A case as a stage holds it: what the workflow reads and what the stage changes.
internal sealed class CaseState
{
    public required string CaseId { get; init; }
    public required string GroupKey { get; init; }
    public required string Status { get; init; }
    public required string Severity { get; set; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public long AuditCount { get; set; }
    public required string AuditHead { get; set; }
    public bool Touched { get; set; }
    public int Sequence { get; init; }
    public string? PlatformId { get; init; }
    public required string Family { get; init; }
    public string? MarketId { get; init; }
    public string? FollowsCaseId { get; init; }
    public string OwnerAuthorityId { get; init; } = "";
    public string? RoutingSubject { get; init; }
}

internal sealed class LatestCaseRow
{
    public string GroupKey { get; init; } = "";
    public string CaseId { get; init; } = "";
    public int Sequence { get; init; }
}
