using System.Globalization;
using PlatformWatch.Contracts;

namespace PlatformWatch.Rules.Engine;

/// <summary>
/// The key of RULES.md, "Finding keys and periods": one finding per (ruleId, platformId, marketId,
/// periodStart, periodEnd), however often the evidence is delivered.
/// </summary>
public readonly record struct FindingKey(string RuleId, string? PlatformId, string? MarketId, DateRange Period)
{
    /// <summary>
    /// A stable id derived from the key, so every worker and every database names the same finding
    /// the same way: <c>F-</c> and 20 base-32 characters (100 bits of SHA-256).
    /// </summary>
    public string FindingId => StableId.Of("F-", Canonical(), 20);

    private string Canonical() => string.Join(
        '\u001f',
        RuleId,
        PlatformId ?? "\u0000",
        MarketId ?? "\u0000",
        Period.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Period.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}

/// <summary>A finding as the engine derives it from state, before the store compares it with what it holds.</summary>
public sealed record FindingDraft
{
    /// <summary>The rule.</summary>
    public required string RuleId { get; init; }
    /// <summary>The version of the rule's definition.</summary>
    public required int RuleVersion { get; init; }
    /// <summary>The profile the rule came from.</summary>
    public required string ProfileId { get; init; }
    /// <summary>That profile's content hash.</summary>
    public required string ProfileHash { get; init; }
    /// <summary>The rule family (cases group findings by it).</summary>
    public required string Family { get; init; }
    /// <summary>The platform; null for market-level findings.</summary>
    public string? PlatformId { get; init; }
    /// <summary>The market, when there is one.</summary>
    public string? MarketId { get; init; }
    /// <summary>The finding's period.</summary>
    public required DateRange Period { get; init; }
    /// <summary>The part of the period in which the law was in force and every condition held.</summary>
    public required DateRange Established { get; init; }
    /// <summary>How serious.</summary>
    public required Severity Severity { get; init; }
    /// <summary>The law applied.</summary>
    public required LegalCitation Law { get; init; }
    /// <summary>The measured values, as canonical JSON.</summary>
    public required string MeasuredJson { get; init; }
    /// <summary>The thresholds compared with, as canonical JSON.</summary>
    public required string ThresholdJson { get; init; }
    /// <summary>Event ids of the evidence, sorted, distinct.</summary>
    public required IReadOnlyList<string> Evidence { get; init; }
    /// <summary>The subject that produced it: re-evaluating the subject replaces its findings.</summary>
    public required string Subject { get; init; }

    /// <summary>The finding's key.</summary>
    public FindingKey Key => new(RuleId, PlatformId, MarketId, Period);
}
