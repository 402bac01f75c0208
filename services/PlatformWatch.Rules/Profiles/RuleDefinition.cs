using PlatformWatch.Contracts;

namespace PlatformWatch.Rules.Profiles;

/// <summary>A rule as written in a profile: a built-in type with parameters, a severity and its law.</summary>
public sealed record RuleDefinition
{
    /// <summary>Stable public id, e.g. <c>CN-AML24-SINGLE</c>.</summary>
    public required string Id { get; init; }
    /// <summary>The built-in rule type that implements the test.</summary>
    public required string Type { get; init; }
    /// <summary>The version of this rule's definition (bumped when the profile changes the rule).</summary>
    public required int Version { get; init; }
    /// <summary>The default severity.</summary>
    public required Severity Severity { get; init; }
    /// <summary>The rule family that groups findings into cases, e.g. <c>CN-AML24</c>.</summary>
    public required string Family { get; init; }
    /// <summary>Disabled rules are loaded and listed but never evaluated.</summary>
    public required bool Enabled { get; init; }
    /// <summary>The rule's short name, in both languages.</summary>
    public required Bilingual Title { get; init; }
    /// <summary>The test in one sentence, as the profile states it, in both languages.</summary>
    public required Bilingual Summary { get; init; }
    /// <summary>The parameters, checked against the type's specification.</summary>
    public required RuleParameters Parameters { get; init; }
    /// <summary>Names of parameters that are policy, not law.</summary>
    public required IReadOnlySet<string> PolicyParameters { get; init; }
    /// <summary>The legal versions, oldest first.</summary>
    public required IReadOnlyList<LegalVersion> Law { get; init; }
    /// <summary>Provisions cited in addition when the platform is dominant (e.g. AML Art. 22(1)(6)).</summary>
    public IReadOnlyList<LegalVersion> WhenDominant { get; init; } = [];
    /// <summary>The profile the rule belongs to.</summary>
    public required string ProfileId { get; init; }
    /// <summary>That profile's content hash.</summary>
    public required string ProfileHash { get; init; }
    /// <summary>Where the rule is written.</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>
    /// The law applied to a period: the latest version whose time in force overlaps it (continuing
    /// conduct is judged under the newer law); null when no version was in force.
    /// </summary>
    public LegalVersion? LawFor(DateRange period)
    {
        for (var i = Law.Count - 1; i >= 0; i--)
        {
            if (Law[i].InForce.Overlaps(period))
            {
                return Law[i];
            }
        }

        return null;
    }

    /// <summary>The law applied on one day (a signing date): the version in force that day.</summary>
    public LegalVersion? LawOn(DateOnly day) => LawFor(DateRange.Day(day));

    /// <summary>The part of a period in which some version of the rule was in force.</summary>
    public DateRange? InForceDuring(DateRange period)
    {
        if (Law.Count == 0)
        {
            return null;
        }

        var start = Law.Min(l => l.InForce.Start);
        var end = Law.Max(l => l.InForce.End);
        return new DateRange(start, end).Intersect(period);
    }

    /// <summary>The parameters in force under a legal version (the version's own override the rule's).</summary>
    public RuleParameters ParametersUnder(LegalVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.Parameters is null ? Parameters : Parameters.With(version.Parameters);
    }
}

/// <summary>One legal version of a rule: the provision it enforces while that law is in force.</summary>
public sealed record LegalVersion
{
    /// <summary>The version's short name, e.g. <c>AML 2022</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The instrument's title, e.g. <c>《中华人民共和国反垄断法》（2022年修正）</c> and its English title.</summary>
    public required Bilingual Instrument { get; init; }
    /// <summary>The article, e.g. <c>第二十四条第一款第（一）项</c> and <c>Art. 24(1)(1)</c>.</summary>
    public required Bilingual Article { get; init; }
    /// <summary>The language whose text is authentic (<see cref="Languages"/>); the quote in the other language is a translation.</summary>
    public required string Authentic { get; init; }
    /// <summary>The provision's Chinese text (the statute, or an unofficial translation when <see cref="Authentic"/> is English), or null.</summary>
    public string? QuoteZh { get; init; }
    /// <summary>The provision's English text (the act, or a published translation when <see cref="Authentic"/> is Chinese), or null.</summary>
    public string? QuoteEn { get; init; }
    /// <summary>Where to read it.</summary>
    public string? Link { get; init; }
    /// <summary>When this version is in force.</summary>
    public required DateRange InForce { get; init; }
    /// <summary>Parameters that differ under this version (thresholds changed by the law), or null.</summary>
    public RuleParameters? Parameters { get; init; }
    /// <summary>Provisions always cited with this one (each cited only while in force).</summary>
    public IReadOnlyList<LegalVersion> Also { get; init; } = [];
    /// <summary>The fines this version allows for a finding it applies (RULES.md "Penalty exposure"); empty: no fine of its own.</summary>
    public IReadOnlyList<PenaltyProvision> Penalties { get; init; } = [];

    /// <summary>
    /// The citation a finding of <paramref name="period"/> carries: this provision, with the
    /// provisions cited alongside it (its own and <paramref name="extra"/>) that were in force then.
    /// </summary>
    public LegalCitation ToCitation(DateRange period, IEnumerable<LegalVersion>? extra = null) => ToCitation() with
    {
        Also = Also.Concat(extra ?? []).Where(a => a.InForce.Overlaps(period)).Distinct().Select(a => a.ToCitation()).ToList(),
    };

    /// <summary>The citation of this provision alone.</summary>
    public LegalCitation ToCitation() => new()
    {
        Citation = $"{Name} {Article.En}",
        Instrument = Instrument.En,
        Article = Article.En,
        Quote = QuoteEn,
        Zh = new LegalCitationText { Citation = Instrument.Zh + Article.Zh, Instrument = Instrument.Zh, Article = Article.Zh, Quote = QuoteZh },
        Authentic = Authentic,
        Link = Link,
        LawVersion = Name,
        InForceFrom = InForce.Start == DateRange.BeginningOfTime ? null : InForce.Start,
        InForceTo = InForce.End == DateRange.EndOfTime ? null : InForce.End,
    };
}
