using PlatformWatch.Contracts;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.Rules.Engine;

/// <summary>What a rule type may read while it evaluates one rule on one subject.</summary>
public sealed class RuleContext
{
    private readonly ProfileSet _profiles;
    private readonly List<DataGap> _gaps;

    internal RuleContext(RuleDefinition rule, ProfileSet profiles, PlatformFacts? facts, DateOnly asOf, string subject, List<DataGap> gaps)
    {
        Rule = rule;
        _profiles = profiles;
        Profile = profiles.Find(rule.ProfileId)!;
        Facts = facts;
        AsOf = asOf;
        Subject = subject;
        _gaps = gaps;
        Fx = new FxTable(Profile.FxRates);
    }

    /// <summary>The rule being evaluated.</summary>
    public RuleDefinition Rule { get; }

    /// <summary>The profile it belongs to.</summary>
    public RuleProfile Profile { get; }

    /// <summary>What is known about the platform (null for market-level subjects).</summary>
    public PlatformFacts? Facts { get; }

    /// <summary>The evaluation time: only obligations with due dates read it.</summary>
    public DateOnly AsOf { get; }

    /// <summary>The subject being evaluated.</summary>
    public string Subject { get; }

    /// <summary>The profile's exchange rates.</summary>
    public FxTable Fx { get; }

    /// <summary>The parameters under the law in force during <paramref name="period"/>, or null when no version was in force.</summary>
    public RuleParameters? ParametersFor(DateRange period) => Rule.LawFor(period) is { } law ? Rule.ParametersUnder(law) : null;

    /// <summary>Records something that kept the rule from being decided.</summary>
    public void Gap(string reason) => _gaps.Add(new DataGap(Rule.Id, Subject, reason));

    /// <summary>
    /// Why the platform was dominant during <paramref name="period"/> (in <paramref name="marketId"/>,
    /// or in any market when null): the findings of the profile's dominance rules whose period
    /// overlaps, and decisions of kind <c>dominant</c>; each cut to the period. Empty: not dominant.
    /// </summary>
    public IReadOnlyList<ConditionFact> Dominance(string? marketId, DateRange period)
    {
        if (Facts is null)
        {
            return [];
        }

        var found = new List<ConditionFact>();
        foreach (var finding in Facts.Findings)
        {
            if (Profile.DominanceFrom.Contains(finding.RuleId, StringComparer.Ordinal)
                && (marketId is null || finding.MarketId == marketId)
                && finding.Established.Intersect(period) is { } during)
            {
                found.Add(new ConditionFact(during, finding.RuleId, finding.FindingId, finding.Evidence));
            }
        }

        found.AddRange(Designated(DesignationKind.Dominant, marketId, period));
        return found;
    }

    /// <summary>Why the platform was a designated gatekeeper during <paramref name="period"/>: decisions whose obligations applied. Empty: not a gatekeeper.</summary>
    public IReadOnlyList<ConditionFact> Gatekeeper(DateRange period) => Designated(DesignationKind.Gatekeeper, null, period).ToList();

    /// <summary>The platform's active findings of rules about a conduct (e.g. <c>exclusive-dealing</c>) whose period overlaps <paramref name="period"/>.</summary>
    public IReadOnlyList<FindingFact> FindingsAbout(string conduct, DateRange period)
    {
        if (Facts is null)
        {
            return [];
        }

        return Facts.Findings
            .Where(f => f.Period.Overlaps(period)
                && _profiles.FindRule(f.RuleId) is { } rule
                && RuleTypeCatalog.Find(rule.Type) is { } type
                && type.About(rule).Contains(conduct, StringComparer.Ordinal))
            .ToList();
    }

    private IEnumerable<ConditionFact> Designated(DesignationKind kind, string? marketId, DateRange period)
    {
        if (Facts is null)
        {
            yield break;
        }

        foreach (var d in Facts.Designations)
        {
            if (d.Kind == kind
                && Profile.Jurisdictions.Contains(d.Jurisdiction, StringComparer.Ordinal)
                && (marketId is null || d.MarketId is null || d.MarketId == marketId)
                && Applying(d.ObligationsFrom, d.RevokedAt).Intersect(period) is { } during)
            {
                yield return new ConditionFact(during, "designation", d.DesignationId, [d.EventId]);
            }
        }

        foreach (var d in Profile.Designations)
        {
            if (d.PlatformId == Facts.PlatformId
                && d.Kind == kind
                && (marketId is null || d.MarketId is null || d.MarketId == marketId)
                && Applying(d.ObligationsFrom, d.RevokedAt).Intersect(period) is { } during)
            {
                yield return new ConditionFact(during, "designation", $"profile:{Profile.Id}", []);
            }
        }
    }

    // A decision applies from its obligationsFrom day until the day before it is revoked.
    private static DateRange Applying(DateOnly from, DateOnly? revokedAt) =>
        new(from, revokedAt is { } revoked ? revoked.AddDays(-1) : DateRange.EndOfTime);
}
