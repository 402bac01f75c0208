using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Engine;

/// <summary>What a rule type found for one key: the builder joins candidates of a key into one finding.</summary>
public sealed record Candidate
{
    /// <summary>The platform; null for a market-level finding.</summary>
    public string? PlatformId { get; init; }
    /// <summary>The market, when there is one.</summary>
    public string? MarketId { get; init; }
    /// <summary>The finding's period (RULES.md, "Finding keys and periods").</summary>
    public required DateRange Period { get; init; }
    /// <summary>The severity, when the rule's test sets one; else the rule's.</summary>
    public Severity? Severity { get; init; }
    /// <summary>What was measured.</summary>
    public required JsonObject Measured { get; init; }
    /// <summary>What it was compared with.</summary>
    public required JsonObject Threshold { get; init; }
    /// <summary>The events that are its evidence.</summary>
    public required IEnumerable<string> Evidence { get; init; }
    /// <summary>Where set: the days on which the rule's conditions held (dominance, designation); null for always.</summary>
    public IReadOnlyList<DateRange>? HeldDuring { get; init; }
    /// <summary>The key under which the measurements join others of the same finding (a metric, an event id); null to merge them.</summary>
    public string? MeasuredKey { get; init; }
    /// <summary>Provisions cited in addition (e.g. when the platform is dominant).</summary>
    public IReadOnlyList<LegalVersion> AlsoCited { get; init; } = [];
    /// <summary>
    /// Where set: the day whose law applies instead of the period's (the day a figure was
    /// submitted); the finding cites the version in force that day, the latest such day of its candidates.
    /// </summary>
    public DateOnly? LawDay { get; init; }
}

/// <summary>Something that kept a rule from being decided: a missing exchange rate, an unreported turnover.</summary>
public sealed record DataGap(string RuleId, string Subject, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{RuleId} {Subject}: {Reason}";
}

/// <summary>What evaluating a subject gave: its findings, and what could not be decided.</summary>
public sealed record EvaluationResult(IReadOnlyList<FindingDraft> Findings, IReadOnlyList<DataGap> Gaps)
{
    /// <summary>Nothing found.</summary>
    public static EvaluationResult Empty { get; } = new([], []);
}
