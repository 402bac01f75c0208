using System.Text.Json.Nodes;

namespace PlatformWatch.IntegrationTests;

public class Rules_commands
{
    private static string ShippedRules => Path.Combine(TestContext.CurrentContext.TestDirectory, "rules");

    private static readonly string[] CatalogueIds =
    [
        "CN-AML24-SINGLE", "CN-AML24-JOINT2", "CN-AML24-JOINT3", "CN-AML24-CROSSING", "CN-AML22-EXCLUSIVE", "CN-ECL35-RESTRICT",
        "CN-AML22-BELOWCOST", "CN-AML22-EXCESSIVE", "CN-AML22-TYING", "CN-ECL19-DEFAULT-TIE", "CN-AML22-REFUSAL", "CN-PIPL24-PRICE",
        "CN-AML22-SELFPREF", "CN-PIPL24-OPTOUT", "CN-AML26-UNNOTIFIED", "CN-AML26-CALLIN", "CN-REPORT-OVERDUE", "CN-GRADE-SUPER", "CN-AML62-UNDERSTATED",
        "EU-102-DOMINANCE", "EU-102-WATCH", "DMA-3-GATEKEEPER", "DMA-5-2-DATA", "DMA-5-2-REPROMPT", "DMA-5-3-PARITY", "DMA-5-4-STEERING",
        "DMA-5-7-TYING", "DMA-6-5-SELFPREF", "DMA-6-7-INTEROP", "DMA-11-REPORT-LATE", "DMA-11-SECTIONS", "DMA-14-INFORM", "DMA-15-AUDIT-LATE",
        "GEN-HHI-LEVEL", "GEN-HHI-DELTA", "GEN-MERGER-HHI", "GEN-RAPID-GAIN", "GEN-REPORT-CONTRADICTION", "GEN-DATA-CONFLICT",
    ];

    [Test]
    public async Task List_shows_every_rule_of_the_catalogue_with_its_legal_basis()
    {
        var result = await Cli.RunAsync(Cli.TempFolder(), "rules", "list", "--json");
        var rules = JsonNode.Parse(result.Output)!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(rules.Select(r => (string?)r!["id"]), Is.EquivalentTo(CatalogueIds));
            Assert.That(rules.Single(r => (string?)r!["id"] == "CN-AML26-UNNOTIFIED")!["inForce"]!.GetValue<string>(), Is.EqualTo("from 2008-08-03"));
            Assert.That(rules.All(r => ((string?)r!["legalBasis"])?.Length > 0), Is.True);
        });
    }

    [Test]
    public async Task Validate_accepts_the_shipped_profiles()
    {
        var result = await Cli.RunAsync(Cli.TempFolder(), "rules", "validate", ShippedRules);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Errors);
            Assert.That(result.Output, Does.StartWith("valid: 3 profiles, 39 rules"));
        });
    }

    [Test]
    public async Task Validate_reports_every_error_of_a_broken_profile_with_file_and_line()
    {
        var folder = Cli.TempFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "broken.yaml"), """
            profile: broken
            jurisdictions: [CN]
            instruments:
              LAW: { name: Law, title: { zh: 《一部法律》, en: A law }, authentic: zh }
            rules:
              - id: B-ONE
                type: share-treshold
                version: 1
                severity: high
                law: [{ instrument: LAW, article: { zh: 第一条, en: Art. 1 } }]
              - id: B-TWO
                type: joint-share
                version: 1
                severity: medium
                parameters: { jointShare: 5/3, others: 1 }
                law: [{ instrument: LAW, article: { zh: 第二条, en: Art. 2 } }]
              - id: B-ONE
                type: hhi-level
                version: 1
                severity: info
                parameters: { level: 1800 }
                law: [{ instrument: LAW, article: { zh: 第三条, en: Art. 3 } }]
              - id: B-OLD
                type: hhi-level
                version: 1
                severity: info
                title: { zh: 旧规则, en: An old rule }
                summary: The market is highly concentrated.
                parameters: { level: 1800 }
                law: [{ instrument: LAW, article: { zh: 第三条, en: Art. 3 } }]
            """);
        var result = await Cli.RunAsync(folder, "rules", "validate", folder);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Errors, Does.Contain("broken.yaml:7: rule B-ONE: unknown rule type 'share-treshold'"));
            Assert.That(result.Errors, Does.Contain("broken.yaml:15: rule B-TWO: parameter 'jointShare' must be a fraction between 0 and 1"));
            Assert.That(result.Errors, Does.Contain("broken.yaml:15: rule B-TWO: parameter 'minShare' is missing"));
            Assert.That(result.Errors, Does.Contain("broken.yaml:17: duplicate rule id 'B-ONE' (first at"));
            // The law in both languages: a rule without its title, and a summary in one unnamed language (an old custom profile's form).
            Assert.That(result.Errors, Does.Contain("broken.yaml:6: rule B-ONE: 'title' is missing: give it in both languages, title: { zh: …, en: … }"));
            Assert.That(result.Errors, Does.Contain("broken.yaml:28: rule B-OLD: 'summary' must name its languages, summary: { zh: …, en: … }; a plain text names none (an English text is written en: …)"));
        });
    }

    [Test]
    public async Task Explain_gives_the_test_the_parameters_and_the_law()
    {
        var result = await Cli.RunAsync(Cli.TempFolder(), "rules", "explain", "CN-PIPL24-PRICE");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Errors);
            Assert.That(result.Output, Does.Contain("Test (price-discrimination):"));
            Assert.That(result.Output, Does.Contain("minSpread = 0.05 [policy: not given in numbers by the law]"));
            Assert.That(result.Output, Does.Contain("PIPL Art. 24(1) — in force from 2021-11-01"));
            Assert.That(result.Output, Does.Contain("Cited in addition when the platform is dominant:"));
        });
    }

    [Test]
    public async Task Explain_of_an_unknown_rule_is_a_usage_error() =>
        Assert.That((await Cli.RunAsync(Cli.TempFolder(), "rules", "explain", "NO-SUCH-RULE")).ExitCode, Is.EqualTo(2));
}

[TestFixture]
internal sealed class Backtesting_a_higher_price_spread_threshold
{
    private JsonNode _diff = null!;

    [OneTimeSetUp]
    public async Task Backtest()
    {
        var folder = Cli.TempFolder();
        var candidate = Directory.CreateDirectory(Path.Combine(folder, "candidate")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "rules")))
        {
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(Path.Combine(candidate, Path.GetFileName(file)), text.Replace("      minSpread: 0.05", "      minSpread: 0.10", StringComparison.Ordinal));
        }

        var result = await Cli.RunAsync(folder, "backtest", "--events", Scenario.Path("pricing-cn.jsonl"), "--profiles", candidate, "--as-of", Scenario.AsOf, "--json");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Errors);
        _diff = JsonNode.Parse(result.Output)!;
    }

    [Test]
    public void Should_show_the_price_finding_lost()
    {
        var lost = _diff["lost"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(lost.Select(l => $"{l!["ruleId"]} {l["platformId"]} {l["periodStart"]}"), Is.EqualTo(new[] { "CN-PIPL24-PRICE tripnest 2025-03-01" }));
            Assert.That((decimal)lost[0]!["before"]!["threshold"]!["minSpread"]!, Is.EqualTo(0.05m));
        });
    }

    [Test]
    public void Should_gain_and_change_nothing_else()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_diff["gained"]!.AsArray(), Is.Empty);
            Assert.That(_diff["changed"]!.AsArray(), Is.Empty);
            Assert.That(_diff["baseline"]!["findings"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(_diff["candidate"]!["findings"]!.GetValue<int>(), Is.EqualTo(0));
        });
    }
}
