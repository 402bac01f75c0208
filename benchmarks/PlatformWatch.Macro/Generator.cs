using System.Globalization;
using System.Text;

namespace PlatformWatch.Macro;

/// <summary>
/// A backlog when the simulator (<c>tools/PlatformWatch.Simulator</c>) is not at hand: MarketShareReported events for
/// M markets × P platforms × K quarters from 2024, unique event ids, markets alternately in China
/// and the EU. Shares are drawn (seeded) so that each market's known shares sum to at most 0.95,
/// with a leader above 1/2 in about a third of the markets, so the rules do raise findings.
/// </summary>
internal static class Generator
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var values = MacroOptions.Pairs(args);
        var output = MacroOptions.Take(values, "--out") ?? throw new ArgumentException("--out FILE is required");
        var markets = MacroOptions.Int(values, "--markets") ?? 2000;
        var platforms = MacroOptions.Int(values, "--platforms") ?? 6;
        var periods = MacroOptions.Int(values, "--periods") ?? 8;
        var seed = MacroOptions.Int(values, "--seed") ?? 1;
        if (values.Count > 0)
        {
            throw new ArgumentException($"unknown option {values.Keys.First()}");
        }

        var random = new Random(seed);
        var text = new StringBuilder();
        var count = 0;
        for (var m = 0; m < markets; m++)
        {
            var market = string.Create(CultureInfo.InvariantCulture, $"gen-market-{m:D5}");
            var jurisdiction = m % 2 == 0 ? "CN" : "EU";
            var leader = m % 3 == 0 ? 0.50 : 0.20;
            for (var q = 0; q < periods; q++)
            {
                var start = new DateOnly(2024, 1, 1).AddMonths(3 * q);
                var end = start.AddMonths(3).AddDays(-1);
                var reported = end.AddDays(30);
                var left = 0.95;
                for (var p = 0; p < platforms; p++)
                {
                    var share = p == 0 ? leader + (random.NextDouble() * 0.2) : random.NextDouble() * left / 2;
                    share = Math.Round(Math.Min(share, left), 4);
                    left -= share;
                    text.Append(CultureInfo.InvariantCulture,
                        $$"""{"type":"MarketShareReported","eventId":"gen-{{m:D5}}-{{start:yyyyMMdd}}-{{p:D3}}","occurredAt":"{{reported:yyyy-MM-dd}}T00:00:00Z","source":"platformwatch-macro","marketId":"{{market}}","jurisdiction":"{{jurisdiction}}","periodStart":"{{start:yyyy-MM-dd}}","periodEnd":"{{end:yyyy-MM-dd}}","platformId":"gen-platform-{{(m + p) % (platforms * 10):D4}}","metric":"gmv","share":{{share.ToString("0.0###", CultureInfo.InvariantCulture)}}}""").Append('\n');
                    count++;
                }
            }
        }

        await File.WriteAllTextAsync(output, text.ToString());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} events ({markets} markets x {platforms} platforms x {periods} quarters) to {Path.GetFullPath(output)}"));
        return 0;
    }
}
