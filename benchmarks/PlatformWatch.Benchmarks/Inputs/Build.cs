using System.Globalization;
using System.Text.Json;
using PlatformWatch.Contracts;
using PlatformWatch.Hosting;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Benchmarks.Inputs;

/// <summary>Small helpers shared by the input builders: dates, attributes, facts and the shipped profiles.</summary>
internal static class Build
{
    /// <summary>A <c>yyyy-MM-dd</c> day.</summary>
    public static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Midnight UTC of a day.</summary>
    public static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Conduct attributes as the wire form carries them (a JSON object).</summary>
    public static Dictionary<string, JsonElement> Attributes(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    /// <summary>An active finding of a dominance rule (or any rule), as the store hands it to dependent rules.</summary>
    public static FindingFact Finding(string findingId, string ruleId, string? marketId, DateRange period, params string[] evidence) =>
        new(findingId, ruleId, marketId, period, period, evidence);

    /// <summary>A designation decision (gatekeeper in the EU, as in tests/scenarios/dma-gatekeeper.jsonl).</summary>
    public static DesignationDecided Designation(string platformId, DesignationKind kind, string jurisdiction, DateOnly obligationsFrom, string? marketId = null) => new()
    {
        EventId = $"dg-{platformId}",
        OccurredAt = Midnight(obligationsFrom.AddMonths(-6)),
        Source = "sample-commission",
        DesignationId = $"DMA.{platformId}",
        PlatformId = platformId,
        Jurisdiction = jurisdiction,
        Kind = kind,
        MarketId = marketId,
        Services = [$"{platformId}-marketplace"],
        DecidedAt = obligationsFrom.AddMonths(-6),
        ObligationsFrom = obligationsFrom,
        LegalBasis = "DMA Art. 3(4)",
    };

    /// <summary>A platform presumed dominant (CN-AML24-SINGLE) in a market over 2024–2025.</summary>
    public static PlatformFacts DominantIn(string platformId, string marketId) =>
        new(platformId, [Finding($"F-DOM-{platformId}", "CN-AML24-SINGLE", marketId, new DateRange(Day("2024-01-01"), Day("2025-12-31")), $"ms-{platformId}")], []);

    /// <summary>A designated EU gatekeeper with obligations from 2024-03-07.</summary>
    public static PlatformFacts Gatekeeper(string platformId, params FindingFact[] findings) =>
        new(platformId, findings, [Designation(platformId, DesignationKind.Gatekeeper, "EU", Day("2024-03-07"))]);
}

/// <summary>The shipped rule profiles: the repository's <c>deploy/rules</c>, else the copy beside the program.</summary>
internal static class ShippedProfiles
{
    /// <summary>The folder the profiles are read from.</summary>
    public static string Directory { get; } = Locate();

    /// <summary>Loads and validates the profiles (as the worker does on start).</summary>
    public static ProfileSet Load() => ProfileDirectory.LoadOrThrow(Directory);

    // BenchmarkDotNet runs each benchmark in a child process whose base directory is a generated
    // folder under bin/, so look upwards from there and from the working directory for the checkout.
    private static string Locate()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var rules = Path.Combine(dir.FullName, "deploy", "rules");
                if (File.Exists(Path.Combine(dir.FullName, "PlatformWatch.sln")) && System.IO.Directory.Exists(rules))
                {
                    return rules;
                }
            }
        }

        return ProfileDirectory.Default;
    }
}
