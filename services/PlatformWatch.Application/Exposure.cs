using PlatformWatch.Contracts;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Application;

/// <summary>
/// What the law allows a decision on a case to impose (RULES.md "Penalty exposure"): one entry per
/// finding and provision, and the findings whose rules have no fine of their own.
/// </summary>
/// <param name="CaseId">The case.</param>
/// <param name="PlatformId">Its platform (whose turnover is the base); null for a market-level case.</param>
/// <param name="Entries">Per finding and provision, in the order of the findings.</param>
/// <param name="NoFine">The active findings whose rule (or legal version) names no penalty.</param>
public sealed record CaseExposure(string CaseId, string? PlatformId, IReadOnlyList<ExposureEntry> Entries, IReadOnlyList<ExposureWithoutFine> NoFine);

/// <summary>
/// One provision's range for one finding. Amounts are exact: minimums rounded up, maximums rounded
/// down to the fen or cent. A range that needs the base figure is null while it is missing, and
/// <see cref="Missing"/> names what is needed.
/// </summary>
public sealed record ExposureEntry
{
    /// <summary>The finding.</summary>
    public required string FindingId { get; init; }
    /// <summary>Its rule.</summary>
    public required string RuleId { get; init; }
    /// <summary>The legal version the finding applies, e.g. <c>AML 2008</c>.</summary>
    public required string LawVersion { get; init; }
    /// <summary>The penalty provision, e.g. <c>AML 2008 Art. 47</c>.</summary>
    public required string Citation { get; init; }
    /// <summary>The penalty provision in Chinese, e.g. <c>《中华人民共和国反垄断法》（2007年）第四十七条</c>.</summary>
    public string? CitationZh { get; init; }
    /// <summary>The base year (the fiscal year whose turnover is the base); null when no range depends on sales.</summary>
    public int? BaseYear { get; init; }
    /// <summary>The base figure and the event it came from; null when none is needed or none was reported.</summary>
    public ExposureBase? Base { get; init; }
    /// <summary>The ordinary minimum (0 for "up to X").</summary>
    public Money? Min { get; init; }
    /// <summary>The ordinary maximum.</summary>
    public Money? Max { get; init; }
    /// <summary>The serious range's minimum (E-commerce Law Art. 77, 82; AML 2008 Art. 52; PIPL Art. 66), where the law has one.</summary>
    public Money? SeriousMin { get; init; }
    /// <summary>The serious range's maximum.</summary>
    public Money? SeriousMax { get; init; }
    /// <summary>The provision of the especially serious range, e.g. <c>AML 2022 Art. 63</c>; null when the law has none.</summary>
    public string? AggravatedCitation { get; init; }
    /// <summary>The provision of the especially serious range in Chinese; null when the law has none.</summary>
    public string? AggravatedCitationZh { get; init; }
    /// <summary>The especially serious minimum (AML 2022 Art. 63: 2 × the minimum).</summary>
    public Money? AggravatedMin { get; init; }
    /// <summary>The especially serious maximum (AML 2022 Art. 63: 5 × the maximum; DMA Art. 30(2): 20 % of sales).</summary>
    public Money? AggravatedMax { get; init; }
    /// <summary>The ceiling without (possible) anticompetitive effect (AML 2022 Art. 58).</summary>
    public Money? MaxWithoutEffect { get; init; }
    /// <summary>Whether illegal gains are confiscated besides the fine.</summary>
    public bool Confiscation { get; init; }
    /// <summary>What is needed to compute the ranges that are null, in the current UI language; empty when nothing is.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary><paramref name="percent"/> % of the base figure, rounded down to the fen or cent; null without a base.</summary>
    public Money? FineAtPercent(decimal percent) =>
        Base is null ? null : PenaltyRange.Down(PenaltyRange.Percent(new Money { Amount = Base.Amount, Currency = Base.Currency }, percent));

    /// <summary>Whether <paramref name="fine"/> lies in the ordinary range (same currency, min ≤ fine ≤ max); false while the range is unknown.</summary>
    public bool Allows(Money fine)
    {
        ArgumentNullException.ThrowIfNull(fine);
        return Min is not null && Max is not null && fine.Currency == Max.Currency && fine.Amount >= Min.Amount && fine.Amount <= Max.Amount;
    }
}

/// <summary>The base figure: the platform's turnover in a region in a fiscal year, the figure that counts, and its event.</summary>
public sealed record ExposureBase(string Region, int FiscalYear, decimal Amount, string Currency, string EventId);

/// <summary>A finding without a fine of its own (a presumption of dominance, a benchmark), and why (in the current UI language).</summary>
public sealed record ExposureWithoutFine(string FindingId, string RuleId, string Reason);
