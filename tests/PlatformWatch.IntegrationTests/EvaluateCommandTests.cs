using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

// platformwatch evaluate over the sample files: exactly the expected findings, every refused
// line named, and a second run that changes nothing.

/// <summary>The situation: a scenario file evaluated twice into a fresh database.</summary>
internal abstract class EvaluatingTwice(string scenario)
{
    protected string ScenarioName { get; } = scenario;
    protected Cli.Result First { get; private set; } = null!;
    protected Cli.Result Second { get; private set; } = null!;
    protected string FindingsAfterFirst { get; private set; } = "";
    protected string FindingsAfterSecond { get; private set; } = "";
    protected (long Processed, long Rejected) CountsAfterFirst { get; private set; }
    protected (long Processed, long Rejected) CountsAfterSecond { get; private set; }

    [OneTimeSetUp]
    public async Task Evaluate()
    {
        var folder = Cli.TempFolder();
        var store = CaseStore.Create(new StoreOptions { Connection = Path.Combine(folder, "cases.db") });
        var events = Scenario.Path(ScenarioName + ".jsonl");
        First = await Cli.RunAsync(folder, "evaluate", "--events", events, "--db", "cases.db", "--as-of", Scenario.AsOf);
        FindingsAfterFirst = (await Cli.RunAsync(folder, "findings", "--db", "cases.db", "--json")).Output;
        CountsAfterFirst = await store.Ingestion.CountAsync();
        Second = await Cli.RunAsync(folder, "evaluate", "--events", events, "--db", "cases.db", "--as-of", Scenario.AsOf);
        FindingsAfterSecond = (await Cli.RunAsync(folder, "findings", "--db", "cases.db", "--json")).Output;
        CountsAfterSecond = await store.Ingestion.CountAsync();
    }

    [Test]
    public void Should_give_exactly_the_expected_findings() =>
        Assert.That(Scenario.Keys(Scenario.ParseArray(FindingsAfterFirst)), Is.EqualTo(Scenario.ExpectedFindings(ScenarioName)));

    [Test]
    public void Should_change_nothing_on_the_second_run()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Second.ExitCode, Is.EqualTo(First.ExitCode));
            Assert.That(Second.Output, Does.Contain(" 0 accepted,").And.Contain("0 raised, 0 updated, 0 withdrawn"));
            Assert.That(FindingsAfterSecond, Is.EqualTo(FindingsAfterFirst), "findings, revisions and timestamps unchanged");
            Assert.That(CountsAfterSecond, Is.EqualTo(CountsAfterFirst), "inbox and refused inputs unchanged");
        });
    }
}

[TestFixture]
internal sealed class Evaluating_market_structure_twice() : EvaluatingTwice("market-structure")
{
    [Test]
    public void Should_exit_0_as_every_line_was_accepted() => Assert.That(First.ExitCode, Is.EqualTo(0), First.Errors);

    [Test]
    public void Should_print_a_summary() =>
        Assert.That(First.Output, Does.Contain("9 events read, 9 accepted, 0 already processed, 0 refused; findings: 20 raised"));

    [Test]
    public void Should_record_measured_values_thresholds_evidence_and_law_on_each_finding()
    {
        var single = Scenario.ParseArray(FindingsAfterFirst).Single(f => (string?)f!["ruleId"] == "CN-AML24-SINGLE")!;
        Assert.Multiple(() =>
        {
            Assert.That((decimal)single["measured"]!["orders"]!["share"]!, Is.EqualTo(0.62m));
            Assert.That((string?)single["threshold"]!["atLeast"], Is.EqualTo("1/2"));
            Assert.That(single["evidenceEventIds"]!.AsArray().Select(e => (string?)e), Is.EqualTo(new[] { "ms-004" }));
            Assert.That((string?)single["legalBasis"]!["citation"], Is.EqualTo("AML 2022 Art. 24(1)(1)"));
            Assert.That((string?)single["caseId"], Does.StartWith("C-"));
            Assert.That((string?)single["establishedFrom"], Is.EqualTo("2025-01-01"));
        });
    }
}

[TestFixture]
internal sealed class Evaluating_conduct_in_China_twice() : EvaluatingTwice("conduct-cn")
{
    [Test]
    public void Should_find_the_exclusivity_of_the_dominant_platform_critical_with_its_dominance_as_evidence()
    {
        var exclusive = Scenario.ParseArray(FindingsAfterFirst).Single(f => (string?)f!["ruleId"] == "CN-AML22-EXCLUSIVE")!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)exclusive["severity"], Is.EqualTo("critical"));
            Assert.That(exclusive["evidenceEventIds"]!.AsArray().Select(e => (string?)e), Is.SupersetOf(new[] { "cc-010", "cc-001" }));
        });
    }
}

[TestFixture]
internal sealed class Evaluating_pricing_in_China_twice() : EvaluatingTwice("pricing-cn");

[TestFixture]
internal sealed class Evaluating_a_gatekeeper_twice() : EvaluatingTwice("dma-gatekeeper");

[TestFixture]
internal sealed class Evaluating_bad_input_twice() : EvaluatingTwice("bad-input")
{
    [Test]
    public void Should_exit_3_as_some_lines_were_refused() => Assert.That(First.ExitCode, Is.EqualTo(3));

    [Test]
    public void Should_name_every_refused_line_on_stderr()
    {
        var lines = First.ErrorLines.Select(l => int.Parse(l.Split(':')[0]["line ".Length..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(lines, Is.EqualTo(Scenario.ExpectedRejectedLines("bad-input")));
    }

    [TestCase(8, "line 8: share: must be between 0 and 1, was 1.3")]
    [TestCase(10, "line 10: eventId: required")]
    [TestCase(12, "line 12: type: unknown event type 'MarketShareReportd'")]
    [TestCase(14, "line 14: periodEnd: must not be before periodStart")]
    [TestCase(6, "line 6: not valid JSON")]
    public void Should_give_the_field_and_the_reason(int line, string expected) =>
        Assert.That(First.ErrorLines.Single(l => l.StartsWith($"line {line}:", StringComparison.Ordinal)), Does.StartWith(expected));

    [Test]
    public void Should_keep_the_refused_lines_and_the_accepted_events()
    {
        // bi-001 (once), bi-006 with its odd platform id kept as text, bi-007; five refused lines.
        Assert.That(CountsAfterFirst, Is.EqualTo((3L, 5L)));
    }
}

public class Command_line_usage
{
    [Test]
    public async Task A_missing_required_option_is_a_usage_error()
    {
        var result = await Cli.RunAsync(Cli.TempFolder(), "evaluate", "--db", "x.db");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Errors, Does.Contain("--events"));
        });
    }

    [Test]
    public async Task A_missing_event_file_is_a_usage_error()
    {
        var result = await Cli.RunAsync(Cli.TempFolder(), "evaluate", "--events", "nope.jsonl", "--db", "x.db");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Errors, Does.Contain("nope.jsonl").And.Contain("does not exist"));
        });
    }

    [Test]
    public async Task An_unknown_command_is_a_usage_error()
    {
        var result = await Cli.RunAsync(Cli.TempFolder(), "evaluat");
        Assert.That(result.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public async Task A_broken_profile_folder_is_refused_with_every_error_and_nothing_is_evaluated()
    {
        var folder = Cli.TempFolder();
        var rules = Directory.CreateDirectory(Path.Combine(folder, "rules")).FullName;
        await File.WriteAllTextAsync(Path.Combine(rules, "bad.yaml"), "profile: bad\njurisdictions: [CN]\nrules:\n  - id: X\n    type: nope\n    version: 1\n    severity: high\n    law: []\n");
        var result = await Cli.RunAsync(folder, "evaluate", "--events", Scenario.Path("market-structure.jsonl"), "--db", "x.db", "--profiles", rules);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Errors, Does.Contain("bad.yaml:5: rule X: unknown rule type 'nope'"));
            Assert.That(File.Exists(Path.Combine(folder, "x.db")), Is.False);
        });
    }

    [Test]
    public async Task Findings_of_a_missing_database_is_a_usage_error()
    {
        var result = await Cli.RunAsync(Cli.TempFolder(), "findings", "--db", "missing.db");
        Assert.That(result.ExitCode, Is.EqualTo(2));
    }
}
