using System.Globalization;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// A stream of events for the bus tests: generated market shares (markets in CN and EU, two years,
/// a handful of platforms, some markets concentrated) followed by every valid sample scenario, so
/// every event type crosses the bus. Its findings when evaluated alone, in order, on SQLite are the
/// baseline every bus run must reproduce.
/// </summary>
internal sealed class LoadStream
{
    private static readonly SemaphoreSlim BaselineLock = new(1, 1);
    private static readonly Dictionary<string, IReadOnlyList<string>> Baselines = [];

    private LoadStream(string file, IReadOnlyList<string> eventIds)
    {
        File = file;
        EventIds = eventIds;
    }

    /// <summary>The JSONL file.</summary>
    public string File { get; }

    /// <summary>Every event id in it, in file order.</summary>
    public IReadOnlyList<string> EventIds { get; }

    public static readonly string[] ValidScenarios = ["market-structure", "conduct-cn", "pricing-cn", "dma-gatekeeper"];

    /// <summary>Writes <paramref name="markets"/> × 2 years × 10 platforms share events, then the valid scenarios.</summary>
    public static LoadStream Write(string folder, int markets = 150, string prefix = "load")
    {
        var lines = new List<string>();
        var random = new Random(20261128);
        for (var m = 0; m < markets; m++)
        {
            var jurisdiction = m % 2 == 0 ? "CN" : "EU";
            var market = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{jurisdiction.ToLowerInvariant()}-market-{m:000}");
            foreach (var year in (int[])[2024, 2025])
            {
                // Weights in basis points: every third market has a leader far ahead of the rest.
                var weights = Enumerable.Range(0, 10).Select(p => random.Next(1, 100) * (p == m % 10 && m % 3 == 0 ? 12 : 1)).ToArray();
                var total = weights.Sum();
                var basisPoints = weights.Select(w => w * 9000 / total).ToArray();
                for (var p = 0; p < 10; p++)
                {
                    var id = string.Create(CultureInfo.InvariantCulture, $"{market}-{year}-p{p}");
                    var share = (basisPoints[p] / 10000m).ToString(CultureInfo.InvariantCulture);
                    lines.Add(string.Create(CultureInfo.InvariantCulture,
                        $$"""{"type":"MarketShareReported","eventId":"{{id}}","occurredAt":"{{year + 1}}-02-01T00:00:00Z","source":"load-generator","marketId":"{{market}}","jurisdiction":"{{jurisdiction}}","periodStart":"{{year}}-01-01","periodEnd":"{{year}}-12-31","platformId":"platform-{{p}}","metric":"gmv","share":{{share}}}"""));
                }
            }
        }

        foreach (var scenario in ValidScenarios)
        {
            lines.AddRange(System.IO.File.ReadLines(Scenario.Path(scenario + ".jsonl")).Where(l => l.Length > 0 && l[0] != '#'));
        }

        var file = Path.Combine(folder, prefix + ".jsonl");
        System.IO.File.WriteAllLines(file, lines);
        var ids = lines.Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!["eventId"]!.GetValue<string>()).ToList();
        return new LoadStream(file, ids);
    }

    /// <summary>
    /// The findings of the stream evaluated in one process, in file order, on SQLite, as of today
    /// (the workers check due dates as of today too): content without the times and revisions.
    /// </summary>
    public async Task<IReadOnlyList<string>> BaselineAsync()
    {
        // Obligations are judged as of today, as the workers judge them: a baseline of yesterday is not today's.
        var asOf = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var content = asOf + "\n" + await System.IO.File.ReadAllTextAsync(File);
        await BaselineLock.WaitAsync();
        try
        {
            if (Baselines.TryGetValue(content, out var known))
            {
                return known;
            }

            var folder = Cli.TempFolder();
            var run = await Cli.RunAsync(folder, "evaluate", "--events", File, "--db", "baseline.db", "--as-of", asOf);
            Assert.That(run.ExitCode, Is.Zero, "the baseline evaluation: " + run.Errors);
            var store = CaseStore.Create(new StoreOptions { Provider = StoreProvider.Sqlite, Connection = Path.Combine(folder, "baseline.db") });
            var findings = Content(await store.Findings.ListAsync());
            Baselines[content] = findings;
            return findings;
        }
        finally
        {
            BaselineLock.Release();
        }
    }

    /// <summary>Everything a finding says except when it was written and how often it changed.</summary>
    public static IReadOnlyList<string> Content(IEnumerable<StoredFinding> findings) => findings
        .Select(f => (f with { RaisedAt = default, UpdatedAt = default, Revision = 0 }).ToString())
        .Order(StringComparer.Ordinal)
        .ToList();
}
