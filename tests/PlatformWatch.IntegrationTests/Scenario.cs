using System.Text.Json;
using System.Text.Json.Nodes;

namespace PlatformWatch.IntegrationTests;

/// <summary>A sample scenario and the findings it must give.</summary>
internal static class Scenario
{
    /// <summary>The evaluation date every scenario's expected findings assume (obligations fall due by then).</summary>
    public const string AsOf = "2026-06-30";

    /// <summary>Every sample scenario in tests/scenarios.</summary>
    public static IReadOnlyList<string> All { get; } = ["market-structure", "conduct-cn", "bad-input", "pricing-cn", "dma-gatekeeper"];

    public static string Path(string name) => System.IO.Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios", name);

    /// <summary>"ruleId platformId marketId periodStart" of every expected finding, sorted (platform "-" for none).</summary>
    public static IReadOnlyList<string> ExpectedFindings(string name)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path(name + ".expected.json")))!;
        var findings = root is JsonArray array ? array : root["findings"]!.AsArray();
        return Keys(findings);
    }

    public static IReadOnlyList<int> ExpectedRejectedLines(string name) =>
        JsonNode.Parse(File.ReadAllText(Path(name + ".expected.json")))!["rejectedLines"]!.AsArray().Select(n => n!.GetValue<int>()).ToList();

    /// <summary>The same key of findings as printed by <c>platformwatch findings --json</c>.</summary>
    public static IReadOnlyList<string> Keys(JsonArray findings) => findings
        .Select(f => $"{f!["ruleId"]} {f["platformId"]?.GetValue<string>() ?? "-"} {f["marketId"]} {f["periodStart"]}")
        .Order(StringComparer.Ordinal)
        .ToList();

    public static IReadOnlyList<string> Keys(IEnumerable<PlatformWatch.Store.StoredFinding> findings) => findings
        .Select(f => $"{f.RuleId} {f.PlatformId ?? "-"} {f.MarketId} {f.PeriodStart:yyyy-MM-dd}")
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Everything each finding says except when it was written and how often it changed, sorted: for comparing runs.</summary>
    public static List<string> Content(JsonArray findings) => findings
        .Select(f =>
        {
            var copy = f!.DeepClone().AsObject();
            copy.Remove("raisedAt");
            copy.Remove("updatedAt");
            copy.Remove("revision");
            return copy.ToJsonString();
        })
        .Order(StringComparer.Ordinal)
        .ToList();

    public static JsonArray ParseArray(string json) => JsonNode.Parse(json, documentOptions: new JsonDocumentOptions())!.AsArray();
}
