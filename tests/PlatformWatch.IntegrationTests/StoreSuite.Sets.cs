using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

// The findings of many subjects written as one set equal the same subjects written one at a time:
// findings, cases, every audit entry (and an intact chain) and every announcement, in order.
public abstract partial class StoreSuite
{
    private static FindingDraft SetDraft(string rule, string platform, string measured, Severity severity, string subject) =>
        Draft(rule, platform, measured, severity) with { Subject = subject };

    // Before: a and its second finding share a case; b's case is then closed; c is info (no case).
    private static IReadOnlyList<SubjectFindings> SetBefore() =>
    [
        new("set:1", [SetDraft("T-A", "a", "{}", Severity.High, "set:1"), SetDraft("T-B", "a", "{}", Severity.Medium, "set:1")]),
        new("set:2", [SetDraft("T-C", "b", "{}", Severity.High, "set:2")]),
        new("set:3", [SetDraft("T-D", "c", "{}", Severity.Info, "set:3")]),
    ];

    // After: a's first finding corrected, its second withdrawn, a critical one joins (the case's
    // severity rises); b's finding changes after its case was closed (a new case follows it); c's
    // is unchanged and d's new; a fourth subject adds to a's case and, twice over, to a new group.
    private static IReadOnlyList<SubjectFindings> SetAfter() =>
    [
        new("set:1", [SetDraft("T-A", "a", """{"x":1}""", Severity.High, "set:1"), SetDraft("T-E", "a", "{}", Severity.Critical, "set:1")]),
        new("set:2", [SetDraft("T-C", "b", """{"x":2}""", Severity.High, "set:2")]),
        new("set:3", [SetDraft("T-D", "c", "{}", Severity.Info, "set:3"), SetDraft("T-F", "d", "{}", Severity.High, "set:3")]),
        new("set:4", [SetDraft("T-G", "a", "{}", Severity.Medium, "set:4"), SetDraft("T-H", "e", "{}", Severity.Medium, "set:4"), SetDraft("T-I", "e", "{}", Severity.High, "set:4")]),
    ];

    [Test]
    public async Task Findings_of_many_subjects_written_as_a_set_equal_the_subjects_written_one_at_a_time()
    {
        var asSet = await ReplayAsync(Store, (store, subjects) => store.InTransactionAsync(s => s.Findings.ReplaceFindingsAsync(subjects)));
        var other = CaseStore.Create(TestDatabases.For(Provider));
        await other.MigrateAsync();
        var oneByOne = await ReplayAsync(other, async (store, subjects) =>
        {
            var changes = new List<FindingChange>();
            foreach (var subject in subjects)
            {
                changes.AddRange(await store.InTransactionAsync(s => s.Findings.ReplaceSubjectFindingsAsync(subject.Subject, subject.Findings)));
            }

            return changes;
        });

        Assert.Multiple(() =>
        {
            Assert.That(asSet.Changes, Is.EqualTo(oneByOne.Changes), "changes");
            Assert.That(asSet.Findings, Is.EqualTo(oneByOne.Findings), "findings");
            Assert.That(asSet.Cases, Is.EqualTo(oneByOne.Cases), "cases");
            Assert.That(asSet.Audit, Is.EqualTo(oneByOne.Audit), "audit entries");
            Assert.That(asSet.Outbox, Is.EqualTo(oneByOne.Outbox), "announcements");
            Assert.That(asSet.AuditBreak, Is.Null, "the audit chain");
            Assert.That(oneByOne.AuditBreak, Is.Null, "the audit chain, one at a time");
        });

        // What the scenario exercises, so the comparison is not of two empty sets.
        Assert.Multiple(() =>
        {
            Assert.That(asSet.Changes, Has.Some.StartsWith("Withdrawn T-B"), "a withdrawal");
            Assert.That(asSet.Changes, Has.Some.StartsWith("Updated T-A"), "a correction");
            Assert.That(asSet.Audit, Has.Some.Contains("severity-raised"), "a severity raised");
            Assert.That(asSet.Cases, Has.Some.Contains("follows C-"), "a case following a closed one");
            Assert.That(asSet.Cases.Count(c => c.Contains(" e|T-FAM|", StringComparison.Ordinal)), Is.EqualTo(1), "two findings of a new group open one case");
            Assert.That(asSet.Outbox, Has.Some.StartsWith("CaseOpened"), "a case announced");
        });
    }

    [Test]
    public async Task A_set_repeated_changes_nothing()
    {
        await Store.InTransactionAsync(s => s.Findings.ReplaceFindingsAsync(SetAfter()));
        var outbox = (await Store.Outbox.ListAsync()).Count;
        var again = await Store.InTransactionAsync(s => s.Findings.ReplaceFindingsAsync(SetAfter()));
        Assert.Multiple(async () =>
        {
            Assert.That(again, Is.Empty);
            Assert.That((await Store.Outbox.ListAsync()).Count, Is.EqualTo(outbox));
        });
    }

    [Test]
    public async Task Announcements_built_from_the_engines_findings_equal_those_read_back_from_the_rows()
    {
        await Store.InTransactionAsync(s => s.Findings.ReplaceFindingsAsync(SetBefore()));
        await Store.InTransactionAsync(s => s.Findings.ReplaceFindingsAsync(SetAfter()));
        var rows = (await Store.Findings.ListAsync(includeWithdrawn: true)).ToDictionary(f => (f.FindingId, f.Revision));
        var announced = (await Store.Outbox.ListAsync()).Where(m => m.MessageType is nameof(FindingRaised) or nameof(FindingUpdated)).ToList();
        var compared = 0;
        foreach (var message in announced)
        {
            var body = JsonNode.Parse(message.Body)!;
            if (!rows.TryGetValue(((string)body["findingId"]!, (int)body["revision"]!), out var row))
            {
                continue; // an earlier revision: the row holds only the latest
            }

            object fromRow = message.MessageType == nameof(FindingRaised) ? row.ToFindingRaised() : row.ToFindingUpdated();
            var expected = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(fromRow, fromRow.GetType(), PlatformWatch.Contracts.Wire.ContractJson.Options))!;
            Assert.That(JsonNode.DeepEquals(body, expected), Is.True, $"{message.MessageType} of {row.FindingId} r{row.Revision}: {message.Body} against {expected.ToJsonString()}");
            compared++;
        }

        Assert.That(compared, Is.GreaterThanOrEqualTo(6), "announcements compared");
    }

    private sealed record SetOutcome(List<string> Changes, List<string> Findings, List<string> Cases, List<string> Audit, List<string> Outbox, AuditBreak? AuditBreak);

    private static async Task<SetOutcome> ReplayAsync(CaseStore store, Func<CaseStore, IReadOnlyList<SubjectFindings>, Task<IReadOnlyList<FindingChange>>> write)
    {
        await write(store, SetBefore());
        var closing = (await store.Findings.ListAsync()).Single(f => f.RuleId == "T-C").CaseId!;
        await store.Cases.TransitionAsync(closing, "closed", "no-violation", "tester");
        var changes = await write(store, SetAfter());
        var findings = await store.Findings.ListAsync(includeWithdrawn: true);
        var cases = await store.Cases.ListAsync(new CaseQuery());
        var audit = new List<string>();
        foreach (var c in cases.OrderBy(c => c.CaseId, StringComparer.Ordinal))
        {
            var detail = await store.Cases.GetAsync(c.CaseId);
            audit.AddRange(detail!.Audit.Select(e => $"{e.CaseId} {e.Seq} {e.Actor} {e.Action} {Canonical(e.Details)}"));
        }

        var outbox = await store.Outbox.ListAsync();
        var (auditBreak, _, _) = await store.Cases.VerifyAuditAsync();
        return new SetOutcome(
            [.. changes.Select(c => $"{c.Kind} {c.Finding.RuleId} {c.Finding.FindingId} r{c.Finding.Revision} {c.Finding.CaseId}")],
            [.. findings.Select(f => $"{f.FindingId} {f.RuleId} {f.Status} {f.Severity} r{f.Revision} {f.CaseId} {f.Measured}").Order(StringComparer.Ordinal)],
            [.. cases.Select(c => $"{c.CaseId} {c.GroupKey.Replace('\u001f', '|')}| {c.Status} {c.Severity} follows {c.FollowsCaseId} audit {c.AuditCount}").Order(StringComparer.Ordinal)],
            audit,
            [.. outbox.Select(m => $"{m.MessageType} {m.MessageId}")],
            auditBreak);
    }

    // An entry's details as parsed JSON written again: the same content compares equal whatever the engine's JSON spacing.
    private static string Canonical(string details) => JsonNode.Parse(details)!.ToJsonString();
}
