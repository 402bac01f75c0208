using PlatformWatch.Contracts;

namespace PlatformWatch.Rules.Profiles;

/// <summary>
/// A fine a legal version allows, as the profile writes it (RULES.md "Penalty exposure"): the
/// ordinary range, the serious one where the law has it, the aggravated multiple or ceiling, the
/// amount without anticompetitive effect (AML 2022 Art. 58) and whether illegal gains are confiscated.
/// </summary>
public sealed record PenaltyProvision
{
    /// <summary>The provision, e.g. <c>AML 2008 Art. 47</c>.</summary>
    public required string Citation { get; init; }
    /// <summary>The provision in Chinese: the instrument's Chinese title and the article, e.g. <c>《中华人民共和国反垄断法》（2007年）第四十七条</c>.</summary>
    public required string CitationZh { get; init; }
    /// <summary>The version's short name, e.g. <c>AML 2008</c>.</summary>
    public required string LawVersion { get; init; }
    /// <summary>The ordinary range ("up to X": from 0).</summary>
    public required PenaltyTier Ordinary { get; init; }
    /// <summary>The range for serious cases, or null.</summary>
    public PenaltyTier? Serious { get; init; }
    /// <summary>The especially serious range (AML 2022 Art. 63, DMA Art. 30(2)), or null.</summary>
    public PenaltyAggravation? Aggravated { get; init; }
    /// <summary>The ceiling when the conduct had no anticompetitive effect (AML 2022 Art. 58), or null.</summary>
    public Money? WithoutEffect { get; init; }
    /// <summary>The ceiling when the reported turnover is zero (AML 2022 Art. 62), or null.</summary>
    public Money? WithoutSales { get; init; }
    /// <summary>Whether illegal gains are confiscated besides the fine.</summary>
    public bool Confiscation { get; init; }

    /// <summary>The region whose turnover is the base (<c>CN</c>, <c>WORLD</c>), or null when no range depends on sales.</summary>
    public string? SalesRegion => Ordinary.Sales?.Region ?? Serious?.Sales?.Region ?? Aggravated?.Sales?.Region;
}

/// <summary>One range: fixed amounts, a share of sales, or both ("RMB X or Y % of turnover": the greater).</summary>
public sealed record PenaltyTier
{
    /// <summary>The fixed lower limit, or null (0, or the share of sales' minimum).</summary>
    public Money? Min { get; init; }
    /// <summary>The fixed upper limit, or null.</summary>
    public Money? Max { get; init; }
    /// <summary>The share of sales, or null.</summary>
    public SalesShare? Sales { get; init; }
}

/// <summary>From <see cref="MinPercent"/> to <see cref="MaxPercent"/> percent of the turnover in <see cref="Region"/>.</summary>
public sealed record SalesShare(string Region, decimal MinPercent, decimal MaxPercent);

/// <summary>
/// The especially serious range: <see cref="MinTimes"/> × the ordinary minimum to <see cref="MaxTimes"/>
/// × the ordinary maximum (AML 2022 Art. 63), or up to a higher share of sales (DMA Art. 30(2): 20 %).
/// </summary>
public sealed record PenaltyAggravation
{
    /// <summary>The provision, e.g. <c>AML 2022 Art. 63</c>.</summary>
    public required string Citation { get; init; }
    /// <summary>The provision in Chinese, e.g. <c>《中华人民共和国反垄断法》（2022年修正）第六十三条</c>.</summary>
    public required string CitationZh { get; init; }
    /// <summary>The multiple of the ordinary minimum, or null.</summary>
    public decimal? MinTimes { get; init; }
    /// <summary>The multiple of the ordinary maximum, or null.</summary>
    public decimal? MaxTimes { get; init; }
    /// <summary>The ceiling as a share of sales, or null.</summary>
    public SalesShare? Sales { get; init; }
}
