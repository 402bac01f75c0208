using System.Globalization;
using PlatformWatch.Contracts;
using PlatformWatch.Hosting;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Tests;

/// <summary>Builders for the engine's inputs, and the shipped profiles.</summary>
internal static class TestData
{
    private static int _nextEvent;

    public static ProfileSet Shipped { get; } = ProfileDirectory.LoadOrThrow(ProfileDirectory.Default);

    public static string ScenarioPath(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios", name);

    /// <summary>A calendar year, or <c>yyyy-MM-dd..yyyy-MM-dd</c>.</summary>
    public static DateRange Period(string text)
    {
        if (text.Length == 4)
        {
            var year = int.Parse(text, CultureInfo.InvariantCulture);
            return new DateRange(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        }

        var parts = text.Split("..");
        return new DateRange(DateOnly.Parse(parts[0], CultureInfo.InvariantCulture), DateOnly.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public static ShareFigure Share(
        string platform,
        decimal share,
        string period = "2025",
        string market = "cn-test-market",
        string jurisdiction = "CN",
        ShareMetric metric = ShareMetric.Gmv,
        string? eventId = null,
        DateTimeOffset? occurredAt = null) =>
        new(market, metric, Period(period), platform, share, jurisdiction,
            eventId ?? $"ev-{Interlocked.Increment(ref _nextEvent)}",
            occurredAt ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public static RuleEngine Engine { get; } = new(Shipped);

    public static IReadOnlyList<FindingDraft> Evaluate(params ShareFigure[] figures) =>
        Engine.Market(MarketPicture.From(figures[0].MarketId, figures)).Findings;

    /// <summary>The (rule, platform) pairs found, as "RULE platform" (platform "-" for the market).</summary>
    public static IReadOnlyList<string> Keys(this IEnumerable<FindingDraft> drafts, string? period = null) => drafts
        .Where(d => period is null || d.Period == Period(period))
        .Select(d => $"{d.RuleId} {d.PlatformId ?? "-"}")
        .Order(StringComparer.Ordinal)
        .ToList();
}
