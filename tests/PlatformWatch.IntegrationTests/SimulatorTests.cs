using System.Text.Json.Nodes;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// The market simulator's ground truth against the real command line: for several seeds and sizes,
/// every finding the simulator planted is found (recall 1) and nothing else is (precision 1).
/// </summary>
[TestFixture]
internal sealed class The_simulators_ground_truth
{
    // Rule families every test case must plant (the ground truth of each case contains them).
    private static readonly string[] PlantedEverywhere =
    [
        "CN-AML24-SINGLE", "CN-AML24-JOINT2", "EU-102-DOMINANCE", "GEN-HHI-LEVEL",
        "DMA-3-GATEKEEPER", "DMA-6-5-SELFPREF", "DMA-5-3-PARITY", "CN-REPORT-OVERDUE", "DMA-11-REPORT-LATE", "DMA-15-AUDIT-LATE", "DMA-11-SECTIONS", "GEN-REPORT-CONTRADICTION",
    ];

    // Each simulation is judged as of its last day (2025-12-30, 2026-09-26, 2024-12-30) or a date given to both commands.
    [TestCase(7, 40, 30, 730, null)]
    [TestCase(7, 40, 30, 730, "2025-03-01")]
    [TestCase(1, 60, 12, 1000, null)]
    [TestCase(2024, 25, 8, 365, null)]
    public async Task Is_found_exactly_by_the_rules(int seed, int markets, int platforms, int days, string? asOf)
    {
        var folder = Cli.TempFolder();
        var lastDay = new DateOnly(2024, 1, 1).AddDays(days - 1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var evaluationDate = asOf ?? lastDay;
        string[] simulate = ["--seed", $"{seed}", "--markets", $"{markets}", "--platforms", $"{platforms}", "--days", $"{days}", "--out", "sim.jsonl", .. asOf is null ? Array.Empty<string>() : ["--as-of", asOf]];
        var simulated = await Cli.SimulateAsync(folder, simulate);
        Assert.That(simulated.ExitCode, Is.Zero, simulated.Errors);
        Assert.That(simulated.Output, Does.Contain($"as of {evaluationDate}"), "the summary names the evaluation date the ground truth assumes");
        var evaluated = await Cli.RunAsync(folder, "evaluate", "--events", "sim.jsonl", "--db", "sim.db", "--as-of", evaluationDate);
        Assert.That(evaluated.ExitCode, Is.Zero, "every simulated line is valid: " + evaluated.Errors);
        var listed = await Cli.RunAsync(folder, "findings", "--db", "sim.db", "--json");
        Assert.That(listed.ExitCode, Is.Zero, listed.Errors);

        var expected = Scenario.Keys(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "sim.expected.json")))!.AsArray()).ToHashSet(StringComparer.Ordinal);
        var found = Scenario.Keys(Scenario.ParseArray(listed.Output)).ToHashSet(StringComparer.Ordinal);
        var hits = found.Count(expected.Contains);
        var recall = expected.Count == 0 ? 1m : (decimal)hits / expected.Count;
        var precision = found.Count == 0 ? 1m : (decimal)hits / found.Count;
        Assert.Multiple(() =>
        {
            Assert.That(expected, Has.Count.GreaterThan(50), "the simulation plants enough to measure");
            Assert.That(expected.Select(k => k.Split(' ')[0]).Distinct(), Is.SupersetOf(PlantedEverywhere));
            Assert.That(recall, Is.EqualTo(1m), "missed: " + string.Join("; ", expected.Except(found).Take(10)));
            Assert.That(precision, Is.EqualTo(1m), "not planted: " + string.Join("; ", found.Except(expected).Take(10)));
        });
    }

    [Test]
    public async Task The_same_seed_gives_the_same_stream_and_another_seed_another()
    {
        var folder = Cli.TempFolder();
        foreach (var (seed, name) in new[] { ("5", "a.jsonl"), ("5", "b.jsonl"), ("6", "c.jsonl") })
        {
            var run = await Cli.SimulateAsync(folder, "--seed", seed, "--markets", "10", "--out", name);
            Assert.That(run.ExitCode, Is.Zero, run.Errors);
        }

        var (a, b, c) = (await File.ReadAllBytesAsync(Path.Combine(folder, "a.jsonl")), await File.ReadAllBytesAsync(Path.Combine(folder, "b.jsonl")), await File.ReadAllBytesAsync(Path.Combine(folder, "c.jsonl")));
        Assert.Multiple(() =>
        {
            Assert.That(b, Is.EqualTo(a));
            Assert.That(c, Is.Not.EqualTo(a));
            Assert.That(File.ReadAllText(Path.Combine(folder, "b.expected.json")), Is.EqualTo(File.ReadAllText(Path.Combine(folder, "a.expected.json"))));
        });
    }

    [TestCase("--markets", "0")]
    [TestCase("--as-of", "2025-13-01")]
    public async Task A_bad_value_is_refused_naming_the_option(string option, string value)
    {
        var run = await Cli.SimulateAsync(Cli.TempFolder(), option, value, "--out", "x.jsonl");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Errors, Does.Contain(option));
        });
    }
}
