using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

// platformwatch cases exposure over the reference-point scenarios (tests/scenarios/exposure-*.jsonl).

[TestFixture]
internal sealed class Evaluating_the_retail_exposure_scenario_twice() : EvaluatingTwice("exposure-retail-2019");

[TestFixture]
internal sealed class Evaluating_the_food_delivery_exposure_scenario_twice() : EvaluatingTwice("exposure-food-2020");

[TestFixture]
internal sealed class Evaluating_the_unnotified_merger_exposure_scenario_twice() : EvaluatingTwice("exposure-merger-2014");

[TestFixture]
internal sealed class Evaluating_the_AML_2022_exposure_scenario_twice() : EvaluatingTwice("exposure-aml2022");

/// <summary>The situation: the retail and the merger reference points evaluated into one database, their cases' exposure asked for.</summary>
[TestFixture]
internal sealed class Asking_the_command_line_for_a_cases_exposure
{
    private Cli.Result _json = null!;
    private Cli.Result _text = null!;
    private Cli.Result _merger = null!;
    private Cli.Result _unknown = null!;
    private Cli.Result _badYear = null!;

    [OneTimeSetUp]
    public async Task Ask()
    {
        var folder = Cli.TempFolder();
        foreach (var scenario in new[] { "exposure-retail-2019", "exposure-merger-2014" })
        {
            var evaluated = await Cli.RunAsync(folder, "evaluate", "--events", Scenario.Path(scenario + ".jsonl"), "--db", "cases.db", "--as-of", Scenario.AsOf);
            Assert.That(evaluated.ExitCode, Is.Zero, evaluated.Errors);
        }

        var store = CaseStore.Create(new StoreOptions { Connection = Path.Combine(folder, "cases.db") });
        var findings = await store.Findings.ListAsync();
        var retail = findings.Single(f => f.RuleId == "CN-AML22-EXCLUSIVE").CaseId!;
        var merger = findings.Single(f => f.RuleId == "CN-AML26-UNNOTIFIED").CaseId!;
        _json = await Cli.RunAsync(folder, "cases", "exposure", retail, "--db", "cases.db", "--base-year", "2019", "--json");
        _text = await Cli.RunAsync(folder, "cases", "exposure", retail, "--db", "cases.db", "--base-year", "2019");
        _merger = await Cli.RunAsync(folder, "cases", "exposure", merger, "--db", "cases.db", "--json");
        _unknown = await Cli.RunAsync(folder, "cases", "exposure", "C-NONE-1", "--db", "cases.db");
        _badYear = await Cli.RunAsync(folder, "cases", "exposure", retail, "--db", "cases.db", "--base-year", "19");
    }

    private static JsonObject Entry(Cli.Result result) => JsonNode.Parse(result.Output)!["entries"]!.AsArray().Single()!.AsObject();

    [Test]
    public void Should_print_the_retail_entry_as_JSON_with_exact_amounts()
    {
        var entry = Entry(_json);
        Assert.Multiple(() =>
        {
            Assert.That(_json.ExitCode, Is.Zero, _json.Errors);
            Assert.That(entry["citation"]!.GetValue<string>(), Is.EqualTo("AML 2008 Art. 47"));
            Assert.That(entry["base"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(455_712_000_000m));
            Assert.That(entry["base"]!["eventId"]!.GetValue<string>(), Is.EqualTo("xr-021"));
            Assert.That(entry["min"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(4_557_120_000m));
            Assert.That(entry["max"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(45_571_200_000m));
            Assert.That(entry["missing"]!.AsArray(), Is.Empty);
        });
    }

    [Test]
    public void Should_print_the_range_as_text() =>
        Assert.That(_text.Output, Does.Contain("AML 2008 Art. 47").And.Contain("CNY 4,557,120,000 – CNY 45,571,200,000").And.Contain("confiscation"));

    [Test]
    public void Should_give_the_merger_the_fixed_Art_48_range_without_a_base()
    {
        var entry = Entry(_merger);
        Assert.Multiple(() =>
        {
            Assert.That(entry["citation"]!.GetValue<string>(), Is.EqualTo("AML 2008 Art. 48"));
            Assert.That(entry["base"], Is.Null);
            Assert.That(entry["max"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(500_000m));
        });
    }

    [Test]
    public void Should_exit_2_naming_an_unknown_case_or_a_bad_year()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_unknown.ExitCode, Is.EqualTo(2));
            Assert.That(_unknown.Errors, Does.Contain("C-NONE-1"));
            Assert.That(_badYear.ExitCode, Is.EqualTo(2));
            Assert.That(_badYear.Errors, Does.Contain("--base-year"));
        });
    }
}
