using System.Text.Json.Nodes;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// Every sample file together, in order and shuffled with several seeds, one event per
/// transaction: evidence arrives in any order, and the findings after all of it must be the same.
/// </summary>
[TestFixture]
internal sealed class Evaluating_every_sample_in_any_order
{
    private static readonly int[] Seeds = [1, 7, 42, 2026];
    private string _inOrder = "";
    private readonly Dictionary<int, string> _shuffled = [];

    [OneTimeSetUp]
    public async Task EvaluateAll()
    {
        var folder = Cli.TempFolder();
        var lines = Scenario.All.SelectMany(s => File.ReadAllLines(Scenario.Path(s + ".jsonl"))).Where(l => l.Length > 0 && l[0] != '#').ToList();
        _inOrder = await EvaluateAsync(folder, "in-order", lines, batchSize: 500);
        foreach (var seed in Seeds)
        {
            var shuffled = lines.ToList();
            new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
            _shuffled[seed] = await EvaluateAsync(folder, $"seed-{seed}", shuffled, batchSize: 1);
        }
    }

    private static async Task<string> EvaluateAsync(string folder, string name, List<string> lines, int batchSize)
    {
        var file = Path.Combine(folder, name + ".jsonl");
        await File.WriteAllLinesAsync(file, lines);
        await Cli.RunAsync(folder, "evaluate", "--events", file, "--db", name + ".db", "--as-of", Scenario.AsOf, "--batch-size", batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (await Cli.RunAsync(folder, "findings", "--db", name + ".db", "--json")).Output;
    }

    // Everything a finding says except when it was written.
    private static List<string> Content(string json) => Scenario.Content(Scenario.ParseArray(json));

    [Test]
    public void Should_give_exactly_the_expected_findings_of_all_samples_together()
    {
        var expected = Scenario.All.SelectMany(Scenario.ExpectedFindings).Order(StringComparer.Ordinal).ToList();
        Assert.That(Scenario.Keys(Scenario.ParseArray(_inOrder)), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Seeds))]
    public void Should_give_the_same_findings_in_a_shuffled_order(int seed) =>
        Assert.That(Content(_shuffled[seed]), Is.EqualTo(Content(_inOrder)), $"seed {seed}: measured values, evidence, severity, law and cases must match");

    [Test]
    public void Should_compare_more_than_keys()
    {
        // The comparison above must see measurements and evidence, or it would prove little.
        var first = JsonNode.Parse(Content(_inOrder)[0])!.AsObject();
        Assert.That(first.Select(p => p.Key), Is.SupersetOf(new[] { "measured", "threshold", "evidenceEventIds", "legalBasis", "establishedFrom", "caseId", "severity" }));
    }
}
