using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Store;

// Findings written as sets: the findings of every subject of an evaluation stage are compared with
// what is held, the cases they join are locked and opened, the audit chain is extended in memory,
// and then each table is written with a bounded number of statements, whatever the number of
// findings (one per table where the dialect has set statements; else one per row, in the same
// transaction).
public sealed partial class StoreSession
{
    /// <summary>
    /// Makes the findings of a subject what the engine now derives: new ones are raised and join a
    /// case, changed ones are updated, ones no longer derived are withdrawn. Unchanged ones are
    /// left alone, so re-delivery changes nothing.
    /// </summary>
    public Task<IReadOnlyList<FindingChange>> ReplaceSubjectFindingsAsync(string subject, IReadOnlyList<FindingDraft> drafts) =>
        ReplaceFindingsAsync([new SubjectFindings(subject, drafts)]);

    /// <summary>
    /// As <see cref="ReplaceSubjectFindingsAsync"/> for many subjects at once (each listed once, the
    /// lock of each held): the changes in the order of the subjects and, within a subject, of its
    /// findings, then its withdrawals by finding id — the same findings, cases, audit entries and
    /// announcements as replacing the subjects one at a time.
    /// </summary>
    public async Task<IReadOnlyList<FindingChange>> ReplaceFindingsAsync(IReadOnlyList<SubjectFindings> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        if (subjects.Count == 0)
        {
            return [];
        }

        var now = _clock.GetUtcNow();
        var held = await LoadSubjectsFindingsAsync(subjects.Select(s => s.Subject).Distinct(StringComparer.Ordinal).ToList()).ConfigureAwait(false);
        var steps = Compare(subjects, held, now);
        if (steps.Count == 0)
        {
            return [];
        }

        // The cases the changed findings belong to, then the open cases of the groups the others join.
        var book = new CaseBook(this, now);
        await book.LockAsync(steps.Select(s => s.Existing?.CaseId).OfType<string>()).ConfigureAwait(false);
        await book.LockGroupsAsync(steps.Where(s => s.Draft is not null && NeedsGroupCase(s, book)).Select(s => GroupKeyOf(s.Draft!))).ConfigureAwait(false);

        var writes = new FindingWrites();
        var changes = new List<FindingChange>(steps.Count);
        foreach (var step in steps)
        {
            changes.Add(await ApplyAsync(step, book, writes, now).ConfigureAwait(false));
        }

        await book.WriteAsync().ConfigureAwait(false);
        await writes.WriteAsync(this, now).ConfigureAwait(false);
        return changes;
    }

    // What changes, subject by subject: a draft new or changed (Existing null when new), or a held
    // active finding no longer derived (Draft null).
    private static List<FindingStep> Compare(IReadOnlyList<SubjectFindings> subjects, IReadOnlyDictionary<string, IReadOnlyList<StoredFinding>> held, DateTimeOffset now)
    {
        var steps = new List<FindingStep>();
        foreach (var subject in subjects)
        {
            var findings = held[subject.Subject].ToDictionary(f => f.FindingId, StringComparer.Ordinal);
            var derived = new HashSet<string>(StringComparer.Ordinal);
            foreach (var draft in subject.Findings)
            {
                var row = ToRow(draft, subject.Subject, now);
                derived.Add(row.FindingId);
                var existing = findings.GetValueOrDefault(row.FindingId);
                if (existing is { IsActive: true } && SameContent(existing, row))
                {
                    continue;
                }

                steps.Add(new FindingStep(draft, row, existing));
            }

            steps.AddRange(findings.Values
                .Where(f => f.IsActive && !derived.Contains(f.FindingId))
                .OrderBy(f => f.FindingId, StringComparer.Ordinal)
                .Select(f => new FindingStep(null, null, f)));
        }

        return steps;
    }

    // A finding joins its group's open case when it is new, or when its case was closed (or it had none).
    private static bool NeedsGroupCase(FindingStep step, CaseBook book) =>
        step.Draft!.Severity != Severity.Info && (step.Existing?.CaseId is not { } caseId || !book.IsOpen(caseId));

    private static string GroupKeyOf(FindingDraft draft) => string.Join('\u001f', draft.PlatformId ?? "", draft.Family, draft.MarketId ?? "");

    private async Task<FindingChange> ApplyAsync(FindingStep step, CaseBook book, FindingWrites writes, DateTimeOffset now)
    {
        if (step is { Draft: { } draft, Row: { } row })
        {
            if (step.Existing is { } existing)
            {
                var caseId = existing.CaseId is { } current && book.IsOpen(current) ? current : await book.JoinAsync(draft).ConfigureAwait(false);
                row = row with { CaseId = caseId, RaisedAt = existing.IsActive ? existing.RaisedAt : now, Revision = existing.Revision + 1 };
                writes.Updated.Add(row);
                book.AuditFinding(caseId, caseId != existing.CaseId ? "finding-joined" : existing.IsActive ? "finding-updated" : "finding-raised-again", row);
                var kind = existing.IsActive ? FindingChangeKind.Updated : FindingChangeKind.Raised;
                AnnounceFinding(kind, row);
                return new FindingChange(kind, row);
            }

            row = row with { CaseId = await book.JoinAsync(draft).ConfigureAwait(false) };
            writes.Inserted.Add(row);
            book.AuditFinding(row.CaseId, "finding-joined", row);
            AnnounceFinding(FindingChangeKind.Raised, row);
            return new FindingChange(FindingChangeKind.Raised, row);
        }

        var withdrawn = step.Existing! with { Status = FindingStatus.Withdrawn, UpdatedAt = now, Revision = step.Existing.Revision + 1 };
        writes.Withdrawn.Add(withdrawn);
        book.AuditFinding(withdrawn.CaseId, "finding-withdrawn", withdrawn);
        AnnounceFinding(FindingChangeKind.Withdrawn, withdrawn);
        return new FindingChange(FindingChangeKind.Withdrawn, withdrawn);
    }

    private sealed record FindingStep(FindingDraft? Draft, StoredFinding? Row, StoredFinding? Existing);

    // The finding rows of a stage, written at the end: inserts, updates, withdrawals.
    private sealed class FindingWrites
    {
        public List<StoredFinding> Inserted { get; } = [];

        public List<StoredFinding> Updated { get; } = [];

        public List<StoredFinding> Withdrawn { get; } = [];

        public async Task WriteAsync(StoreSession session, DateTimeOffset now)
        {
            if (session._sets is not { } sets)
            {
                foreach (var row in Inserted)
                {
                    await session.ExecuteAsync(session._sql.InsertFinding, row).ConfigureAwait(false);
                }

                foreach (var row in Updated)
                {
                    await session.ExecuteAsync(session._sql.UpdateFinding, row).ConfigureAwait(false);
                }

                foreach (var row in Withdrawn)
                {
                    await session.ExecuteAsync(session._sql.WithdrawFinding, new { row.FindingId, UpdatedAt = now }).ConfigureAwait(false);
                }

                return;
            }

            if (Inserted.Count > 0)
            {
                await session.ExecuteAsync(sets.InsertFindings, new
                {
                    FindingIds = Inserted.Select(r => r.FindingId).ToArray(),
                    RuleIds = Inserted.Select(r => r.RuleId).ToArray(),
                    RuleVersions = Inserted.Select(r => r.RuleVersion).ToArray(),
                    ProfileIds = Inserted.Select(r => r.ProfileId).ToArray(),
                    ProfileHashes = Inserted.Select(r => r.ProfileHash).ToArray(),
                    Families = Inserted.Select(r => r.Family).ToArray(),
                    PlatformIds = Inserted.Select(r => r.PlatformId).ToArray(),
                    MarketIds = Inserted.Select(r => r.MarketId).ToArray(),
                    PeriodStarts = Inserted.Select(r => r.PeriodStart).ToArray(),
                    PeriodEnds = Inserted.Select(r => r.PeriodEnd).ToArray(),
                    EstablishedFroms = Inserted.Select(r => r.EstablishedFrom).ToArray(),
                    EstablishedTos = Inserted.Select(r => r.EstablishedTo).ToArray(),
                    Severities = Inserted.Select(r => r.Severity).ToArray(),
                    LegalBases = Inserted.Select(r => r.LegalBasis).ToArray(),
                    Measureds = Inserted.Select(r => r.Measured).ToArray(),
                    Thresholds = Inserted.Select(r => r.Threshold).ToArray(),
                    Evidences = Inserted.Select(r => r.Evidence).ToArray(),
                    Subjects = Inserted.Select(r => r.Subject).ToArray(),
                    CaseIds = Inserted.Select(r => r.CaseId).ToArray(),
                    RaisedAts = Inserted.Select(r => r.RaisedAt).ToArray(),
                    UpdatedAts = Inserted.Select(r => r.UpdatedAt).ToArray(),
                }).ConfigureAwait(false);
            }

            if (Updated.Count > 0)
            {
                await session.ExecuteAsync(sets.UpdateFindings, new
                {
                    FindingIds = Updated.Select(r => r.FindingId).ToArray(),
                    RuleVersions = Updated.Select(r => r.RuleVersion).ToArray(),
                    ProfileIds = Updated.Select(r => r.ProfileId).ToArray(),
                    ProfileHashes = Updated.Select(r => r.ProfileHash).ToArray(),
                    Families = Updated.Select(r => r.Family).ToArray(),
                    EstablishedFroms = Updated.Select(r => r.EstablishedFrom).ToArray(),
                    EstablishedTos = Updated.Select(r => r.EstablishedTo).ToArray(),
                    Severities = Updated.Select(r => r.Severity).ToArray(),
                    LegalBases = Updated.Select(r => r.LegalBasis).ToArray(),
                    Measureds = Updated.Select(r => r.Measured).ToArray(),
                    Thresholds = Updated.Select(r => r.Threshold).ToArray(),
                    Evidences = Updated.Select(r => r.Evidence).ToArray(),
                    CaseIds = Updated.Select(r => r.CaseId).ToArray(),
                    RaisedAts = Updated.Select(r => r.RaisedAt).ToArray(),
                    UpdatedAts = Updated.Select(r => r.UpdatedAt).ToArray(),
                }).ConfigureAwait(false);
            }

            if (Withdrawn.Count > 0)
            {
                await session.ExecuteAsync(sets.WithdrawFindings, new { FindingIds = Withdrawn.Select(r => r.FindingId).ToArray(), UpdatedAt = now }).ConfigureAwait(false);
            }
        }
    }

    // The cases a stage's findings touch, locked and held in memory: the findings join them, new
    // ones open, severities rise, and each case's audit chain grows entry by entry (hashed here, in
    // order); all written at the end.
    private sealed class CaseBook(StoreSession session, DateTimeOffset now)
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

            var rows = session._sets is { } sets
                ? await session.QueryAsync<CaseRecord>(sets.LockCases, new { CaseIds = wanted }).ConfigureAwait(false)
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

            if (session._sets is { } sets)
            {
                foreach (var row in await session.QueryAsync<CaseRecord>(sets.LockOpenCases, new { GroupKeys = wanted }).ConfigureAwait(false))
                {
                    Keep(row);
                }

                var closed = wanted.Where(k => !_openByGroup.ContainsKey(k)).ToArray();
                var latest = closed.Length == 0 ? [] : await session.QueryAsync<LatestCaseRow>(sets.SelectLatestCases, new { GroupKeys = closed }).ConfigureAwait(false);
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
                if (await session._connection.QuerySingleOrDefaultAsync<OpenCaseRow>(session.Command(session._sql.SelectOpenCase, new { GroupKey = key })).ConfigureAwait(false) is { } open)
                {
                    await LockAsync([open.CaseId]).ConfigureAwait(false);
                    continue;
                }

                var latest = await session._connection.QuerySingleOrDefaultAsync<OpenCaseRow>(session.Command(session._sql.SelectLatestCase, new { GroupKey = key })).ConfigureAwait(false);
                var sequence = await session._connection.ExecuteScalarAsync<int>(session.Command(session._sql.SelectLastCaseSequence, new { GroupKey = key })).ConfigureAwait(false);
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

            var groupKey = GroupKeyOf(draft);
            var severity = WireNames.Name(draft.Severity);
            if (_openByGroup.TryGetValue(groupKey, out var open))
            {
                if (WireNames.Parse<Severity>(open.Severity) is { } held && held < draft.Severity)
                {
                    Append(open, SystemActor, "severity-raised", new JsonObject { ["from"] = open.Severity, ["to"] = severity });
                    open.Severity = severity;
                    open.UpdatedAt = now;
                }

                return open.CaseId;
            }

            var (latestId, lastSequence) = _latest.TryGetValue(groupKey, out var latest) ? latest : throw new InvalidOperationException($"group {groupKey} was not locked");
            var sequence = lastSequence + 1;
            var caseId = $"{StableId.Of("C-", groupKey, 10)}-{sequence}";
            var (routing, subject) = await session.RouteAsync(new FindingDraftInfo(draft.ProfileId, draft.Family, draft.RuleId, draft.MarketId, draft.PlatformId, draft.Evidence)).ConfigureAwait(false);
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
            Append(opened, SystemActor, "opened", new JsonObject
            {
                ["platformId"] = draft.PlatformId,
                ["family"] = draft.Family,
                ["marketId"] = draft.MarketId,
                ["followsCaseId"] = latestId,
                ["routing"] = RoutingDetails(routing, subject, "new case"),
            });
            session.OpenedCases.Add(new OpenedCase(caseId, draft.PlatformId, draft.Family, draft.MarketId, now));
            session.Announce(new CaseOpened { CaseId = caseId, PlatformId = draft.PlatformId, Status = CaseStatus.New, Actor = SystemActor, At = now }, $"case-opened:{caseId}");
            return caseId;
        }

        public void AuditFinding(string? caseId, string action, StoredFinding finding)
        {
            if (caseId is null)
            {
                return;
            }

            Append(Case(caseId), SystemActor, action, new JsonObject
            {
                ["findingId"] = finding.FindingId,
                ["ruleId"] = finding.RuleId,
                ["severity"] = finding.Severity,
                ["period"] = $"{finding.PeriodStart:yyyy-MM-dd}..{finding.PeriodEnd:yyyy-MM-dd}",
                ["revision"] = finding.Revision,
                ["causedBy"] = session.CausesOf(finding),
            });
        }

        // New cases, audit entries, then each touched case's severity and chain head.
        public async Task WriteAsync()
        {
            var touched = _cases.Values.Where(c => c.Touched).OrderBy(c => c.CaseId, StringComparer.Ordinal).ToList();
            if (session._sets is not { } sets)
            {
                foreach (var c in _opened)
                {
                    await session.ExecuteAsync(session._sql.InsertCase, new
                    {
                        c.CaseId, c.GroupKey, c.Sequence, c.PlatformId, c.Family, c.MarketId, c.Severity, OpenedAt = now, c.FollowsCaseId, c.OwnerAuthorityId, c.RoutingSubject,
                    }).ConfigureAwait(false);
                }

                foreach (var entry in _entries)
                {
                    await session.ExecuteAsync(session._sql.InsertAudit, entry).ConfigureAwait(false);
                }

                foreach (var c in touched)
                {
                    await session.ExecuteAsync(session._sql.UpdateCaseSeverity, new { c.CaseId, c.Severity, c.UpdatedAt }).ConfigureAwait(false);
                    await session.ExecuteAsync(session._sql.UpdateCaseAudit, new { c.CaseId, c.AuditCount, c.AuditHead }).ConfigureAwait(false);
                }

                return;
            }

            if (_opened.Count > 0)
            {
                await session.ExecuteAsync(sets.InsertCases, new
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
                await session.ExecuteAsync(sets.InsertAudits, new
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
                await session.ExecuteAsync(sets.UpdateCases, new
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
                if (await session.FindCaseForUpdateAsync(id).ConfigureAwait(false) is { } row)
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
            var entry = session.ChainEntry(target.CaseId, target.AuditCount + 1, _at, actor, action, details, target.AuditHead);
            _entries.Add(entry);
            target.AuditCount = entry.Seq;
            target.AuditHead = entry.Hash;
            target.Touched = true;
        }
    }

    // A case as a stage holds it: what the workflow reads and what the stage changes.
    private sealed class CaseState
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

    private sealed class LatestCaseRow
    {
        public string GroupKey { get; init; } = "";
        public string CaseId { get; init; } = "";
        public int Sequence { get; init; }
    }
}
