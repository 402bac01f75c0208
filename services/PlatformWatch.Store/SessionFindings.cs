using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Store;

/// <summary>An event of the unit of work that can cause finding changes, and who submitted it.</summary>
public sealed record EventCause(string EventId, string? Submitter, string? PlatformId, string? MarketId)
{
    /// <summary>The cause an event makes.</summary>
    public static EventCause Of(IInboundEvent inbound, string? submitter)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        return new(inbound.EventId, submitter, EventFacts.PlatformOf(inbound), EventFacts.MarketOf(inbound));
    }
}

/// <summary>
/// Findings in a unit of work, written as sets: the findings of every subject of an evaluation stage
/// are compared with what is held, the cases they join are locked and opened (<see cref="CaseBook"/>),
/// and then each table is written with a bounded number of statements, whatever the number of
/// findings (one per table where the dialect has set statements; else one per row, in the same
/// transaction). Every change is announced, and its audit entry names the events that caused it.
/// </summary>
public sealed class SessionFindings
{
    private readonly SessionDb _db;
    private readonly SessionCases _cases;
    private readonly SessionAuthorities _authorities;
    private readonly SessionOutbox _outbox;

    internal SessionFindings(SessionDb db, SessionCases cases, SessionAuthorities authorities, SessionOutbox outbox)
    {
        _db = db;
        _cases = cases;
        _authorities = authorities;
        _outbox = outbox;
    }

    // Audit entries name at most this many causing events (and how many more there were).
    private const int CausesListed = 20;

    /// <summary>The events of this unit of work that were processed, with their submitters: what caused its finding changes.</summary>
    public IReadOnlyList<EventCause> Causes { get; set; } = [];

    /// <summary>What started the unit of work when no event did (the due-date check).</summary>
    public string? Trigger { get; set; }

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

        // To the millisecond, as every engine stores it: the announcement says what a read of the row says.
        var now = AuditChain.Truncate(_db.Now);
        var held = await LoadSubjectsFindingsAsync(subjects.Select(s => s.Subject).Distinct(StringComparer.Ordinal).ToList()).ConfigureAwait(false);
        var steps = Compare(subjects, held, now);
        if (steps.Count == 0)
        {
            return [];
        }

        // The cases the changed findings belong to, then the open cases of the groups the others join.
        var book = new CaseBook(_db, _cases, _authorities, _outbox, CausesOf, now);
        await book.LockAsync(steps.Select(s => s.Existing?.CaseId).OfType<string>()).ConfigureAwait(false);
        await book.LockGroupsAsync(steps.Where(s => s.Draft is not null && NeedsGroupCase(s, book)).Select(s => GroupKeyOf(s.Draft!))).ConfigureAwait(false);

        var writes = new FindingWrites();
        var changes = new List<FindingChange>(steps.Count);
        foreach (var step in steps)
        {
            changes.Add(await ApplyAsync(step, book, writes, now).ConfigureAwait(false));
        }

        await book.WriteAsync().ConfigureAwait(false);
        await writes.WriteAsync(_db, now).ConfigureAwait(false);
        return changes;
    }

    /// <summary>Every finding of each of several subjects, whatever its status.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<StoredFinding>>> LoadSubjectsFindingsAsync(IReadOnlyCollection<string> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var bySubject = subjects.ToDictionary(s => s, _ => new List<StoredFinding>(), StringComparer.Ordinal);
        foreach (var chunk in subjects.Chunk(SessionDb.ListChunk))
        {
            foreach (var finding in await _db.Connection.QueryAsync<StoredFinding>(_db.Command(_db.Sql.Findings.SelectSubjectsFindings, new { Subjects = chunk })).ConfigureAwait(false))
            {
                bySubject[finding.Subject].Add(finding);
            }
        }

        return bySubject.ToDictionary(p => p.Key, p => (IReadOnlyList<StoredFinding>)p.Value, StringComparer.Ordinal);
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

    internal static string GroupKeyOf(FindingDraft draft) => string.Join('\u001f', draft.PlatformId ?? "", draft.Family, draft.MarketId ?? "");

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
                return Announced(new FindingChange(existing.IsActive ? FindingChangeKind.Updated : FindingChangeKind.Raised, row, draft));
            }

            row = row with { CaseId = await book.JoinAsync(draft).ConfigureAwait(false) };
            writes.Inserted.Add(row);
            book.AuditFinding(row.CaseId, "finding-joined", row);
            return Announced(new FindingChange(FindingChangeKind.Raised, row, draft));
        }

        var withdrawn = step.Existing! with { Status = FindingStatus.Withdrawn, UpdatedAt = now, Revision = step.Existing.Revision + 1 };
        writes.Withdrawn.Add(withdrawn);
        book.AuditFinding(withdrawn.CaseId, "finding-withdrawn", withdrawn);
        return Announced(new FindingChange(FindingChangeKind.Withdrawn, withdrawn));
    }

    private FindingChange Announced(FindingChange change)
    {
        _outbox.AnnounceFinding(change);
        return change;
    }

    private sealed record FindingStep(FindingDraft? Draft, StoredFinding? Row, StoredFinding? Existing);

    // The finding rows of a stage, written at the end: inserts, updates, withdrawals.
    private sealed class FindingWrites
    {
        public List<StoredFinding> Inserted { get; } = [];

        public List<StoredFinding> Updated { get; } = [];

        public List<StoredFinding> Withdrawn { get; } = [];

        public async Task WriteAsync(SessionDb db, DateTimeOffset now)
        {
            if (db.Sets is not { } sets)
            {
                foreach (var row in Inserted)
                {
                    await db.ExecuteAsync(db.Sql.Findings.InsertFinding, row).ConfigureAwait(false);
                }

                foreach (var row in Updated)
                {
                    await db.ExecuteAsync(db.Sql.Findings.UpdateFinding, row).ConfigureAwait(false);
                }

                foreach (var row in Withdrawn)
                {
                    await db.ExecuteAsync(db.Sql.Findings.WithdrawFinding, new { row.FindingId, UpdatedAt = now }).ConfigureAwait(false);
                }

                return;
            }

            if (Inserted.Count > 0)
            {
                await db.ExecuteAsync(sets.InsertFindings, new
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
                await db.ExecuteAsync(sets.UpdateFindings, new
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
                await db.ExecuteAsync(sets.WithdrawFindings, new { FindingIds = Withdrawn.Select(r => r.FindingId).ToArray(), UpdatedAt = now }).ConfigureAwait(false);
            }
        }
    }

    private static StoredFinding ToRow(FindingDraft draft, string subject, DateTimeOffset now) => new()
    {
        FindingId = draft.Key.FindingId,
        RuleId = draft.RuleId,
        RuleVersion = draft.RuleVersion,
        ProfileId = draft.ProfileId,
        ProfileHash = draft.ProfileHash,
        Family = draft.Family,
        PlatformId = draft.PlatformId,
        MarketId = draft.MarketId,
        PeriodStart = draft.Period.Start,
        PeriodEnd = draft.Period.End,
        EstablishedFrom = draft.Established.Start,
        EstablishedTo = draft.Established.End,
        Severity = WireNames.Name(draft.Severity),
        Status = FindingStatus.Active,
        LegalBasis = JsonSerializer.Serialize(draft.Law, ContractJson.Options),
        Measured = draft.MeasuredJson,
        Threshold = draft.ThresholdJson,
        Evidence = JsonSerializer.Serialize(draft.Evidence),
        Subject = subject,
        RaisedAt = now,
        UpdatedAt = now,
        Revision = 1,
    };

    private static bool SameContent(StoredFinding a, StoredFinding b) =>
        a.RuleVersion == b.RuleVersion && a.ProfileId == b.ProfileId && a.ProfileHash == b.ProfileHash
        && a.Family == b.Family && a.EstablishedFrom == b.EstablishedFrom && a.EstablishedTo == b.EstablishedTo
        && a.Severity == b.Severity && a.LegalBasis == b.LegalBasis && a.Measured == b.Measured
        && a.Threshold == b.Threshold && a.Evidence == b.Evidence;

    // The events of the unit of work that concern the finding (its platform or its market); when
    // none does (a change that another subject's change carried over), every event of the unit.
    private JsonObject CausesOf(StoredFinding finding)
    {
        if (Causes.Count == 0)
        {
            return new JsonObject { ["trigger"] = Trigger ?? "re-evaluation", ["events"] = new JsonArray() };
        }

        var concerning = Causes
            .Where(c => (finding.PlatformId is not null && c.PlatformId == finding.PlatformId) || (finding.MarketId is not null && c.MarketId == finding.MarketId))
            .ToList();
        var listed = concerning.Count > 0 ? concerning : Causes;
        var causes = new JsonObject
        {
            ["events"] = new JsonArray(listed.Take(CausesListed).Select(c => (JsonNode?)new JsonObject
            {
                ["eventId"] = c.EventId,
                ["submitter"] = c.Submitter,
            }).ToArray()),
        };
        if (listed.Count > CausesListed)
        {
            causes["more"] = listed.Count - CausesListed;
        }

        return causes;
    }
}
