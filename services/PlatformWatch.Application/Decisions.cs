using PlatformWatch.Contracts;

namespace PlatformWatch.Application;

/// <summary>
/// What a decision decides, as its author drafts it: the findings of the case it rests on, the facts
/// found, the legal basis, the outcome the case is closed with, the fine (an amount, or a percentage
/// of the base figure), the confiscation of illegal gains, rectification orders with their deadlines,
/// and the reasons.
/// </summary>
public sealed record DecisionDraft
{
    /// <summary>The findings of the case it rests on (at least one).</summary>
    public required IReadOnlyList<string> FindingIds { get; init; }
    /// <summary>The facts found.</summary>
    public required string Facts { get; init; }
    /// <summary>The law applied, e.g. <c>AML 2008 Art. 17(1)(1), Art. 47</c>.</summary>
    public required string LegalBasis { get; init; }
    /// <summary>The outcome the case is closed with: one of <see cref="Store.CaseWorkflow.Outcomes"/>.</summary>
    public required string Outcome { get; init; }
    /// <summary>The fine, if one is imposed (only with the outcome <c>penalty-referral</c>).</summary>
    public DecisionFine? Fine { get; init; }
    /// <summary>The illegal gains confiscated, if any.</summary>
    public Money? Confiscation { get; init; }
    /// <summary>What the platform must put right, each by its deadline.</summary>
    public IReadOnlyList<RectificationOrder> Orders { get; init; } = [];
    /// <summary>The reasons.</summary>
    public required string Reasons { get; init; }
    /// <summary>The base year of the fine's base figure, when not the law's default (RULES.md "Penalty exposure").</summary>
    public int? BaseYear { get; init; }
}

/// <summary>A fine: an exact <see cref="Amount"/>, or a <see cref="Percent"/> of the base figure (one of the two), in a currency, in one of the law's ranges.</summary>
public sealed record DecisionFine
{
    /// <summary>The amount, exact.</summary>
    public decimal? Amount { get; init; }
    /// <summary>The percentage of the base figure (e.g. 4 for 4 %), exact.</summary>
    public decimal? Percent { get; init; }
    /// <summary>ISO 4217 code; the range's currency.</summary>
    public required string Currency { get; init; }
    /// <summary>The range applied (<see cref="PenaltyRanges.Kinds"/>): <c>ordinary</c> (null), <c>serious</c>, <c>aggravated</c> (especially serious, e.g. AML 2022 Art. 63) or <c>without-effect</c> (AML 2022 Art. 58).</summary>
    public string? Range { get; init; }
}

/// <summary>An order to put something right, by a deadline.</summary>
public sealed record RectificationOrder
{
    /// <summary>What to do.</summary>
    public required string Order { get; init; }
    /// <summary>By when.</summary>
    public required DateOnly Deadline { get; init; }
}

/// <summary>
/// A decision's content as it is kept: the draft, the fine it imposes in money (a percentage worked
/// out on the base) and the legal range it was checked against.
/// </summary>
public sealed record DecisionContent
{
    /// <summary>What the author drafted.</summary>
    public required DecisionDraft Draft { get; init; }
    /// <summary>The fine imposed, in money; null when there is none.</summary>
    public Money? Fine { get; init; }
    /// <summary>The legal range the fine was checked against; null without a fine.</summary>
    public FineRange? Range { get; init; }
}

/// <summary>A decision with its content.</summary>
/// <param name="Record">The decision as the database holds it (status, author, approver, times).</param>
/// <param name="Content">What it decides.</param>
public sealed record Decision(Store.DecisionRecord Record, DecisionContent Content);
