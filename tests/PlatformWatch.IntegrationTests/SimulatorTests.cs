using System.Text.Json.Nodes;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// The market simulator's ground truth against the real command line: for several seeds and sizes,
/// every finding the simulator planted is found (recall 1) and nothing else is (precision 1).
/// </summary>
[TestFixture]
internal sealed class The_simulators_ground_truth
{
    [TestCase(7, 40, 30, 730)]
    [TestCase(1, 60, 12, 1000)]
    [TestCase(2024, 25, 8, 365)]
    public async Task Is_found_exactly_by_the_rules(int seed, int markets, int platforms, int days)
    {
        var folder = Cli.TempFolder();
        var simulated = await Cli.RunAsync(folder, "simulate", "--seed", $"{seed}", "--markets", $"{markets}", "--platforms", $"{platforms}", "--days", $"{days}", "--out", "sim.jsonl");
        Assert.That(simulated.ExitCode, Is.Zero, simulated.Errors);
        var evaluated = await Cli.RunAsync(folder, "evaluate", "--events", "sim.jsonl", "--db", "sim.db", "--as-of", "2026-06-30");
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
            Assert.That(expected.Select(k => k.Split(' ')[0]).Distinct(), Is.SupersetOf(new[] { "CN-AML24-SINGLE", "CN-AML24-JOINT2", "EU-102-DOMINANCE", "GEN-HHI-LEVEL" }));
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
            var run = await Cli.RunAsync(folder, "simulate", "--seed", seed, "--markets", "10", "--out", name);
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

    [Test]
    public async Task A_bad_size_is_refused_naming_the_option()
    {
        var run = await Cli.RunAsync(Cli.TempFolder(), "simulate", "--markets", "0", "--out", "x.jsonl");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Errors, Does.Contain("--markets"));
        });
    }
}
