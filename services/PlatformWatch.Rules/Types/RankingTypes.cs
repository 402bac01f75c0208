using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Types;

/// <summary>The pair counts of one results page (RULES.md, "Self-preferencing").</summary>
/// <param name="FirstPartyInversions">Pairs (first-party f, third-party t) with relevance(t) &gt; relevance(f) and f placed above t.</param>
/// <param name="FirstPartyPairs">Pairs of a first-party and a third-party item whose relevance differs.</param>
/// <param name="BaselineInversions">Pairs of two third-party items where the less relevant is placed above.</param>
/// <param name="BaselinePairs">Pairs of two third-party items whose relevance differs.</param>
public readonly record struct PageCounts(long FirstPartyInversions, long FirstPartyPairs, long BaselineInversions, long BaselinePairs)
{
    /// <summary>Counts the pairs of one page.</summary>
    public static PageCounts Of(RankingObserved page)
    {
        ArgumentNullException.ThrowIfNull(page);
        long fpInversions = 0, fpPairs = 0, baseInversions = 0, basePairs = 0;
        var results = page.Results;
        for (var i = 0; i < results.Count; i++)
        {
            for (var j = i + 1; j < results.Count; j++)
            {
                var a = results[i];
                var b = results[j];
                if (a.Relevance == b.Relevance || (a.FirstParty && b.FirstParty))
                {
                    continue;
                }

                // The pair in ranking order: `above` is shown higher than `below`.
                var (above, below) = a.Position < b.Position ? (a, b) : (b, a);
                var inverted = below.Relevance > above.Relevance;
                if (a.FirstParty != b.FirstParty)
                {
                    fpPairs++;
                    if (inverted && above.FirstParty)
                    {
                        fpInversions++;
                    }
                }
                else
                {
                    basePairs++;
                    if (inverted)
                    {
                        baseInversions++;
                    }
                }
            }
        }

        return new PageCounts(fpInversions, fpPairs, baseInversions, basePairs);
    }
}

/// <summary>The results pages of one platform and market in one calendar month, summed.</summary>
public sealed record RankingWindow(
    string PlatformId,
    string MarketId,
    DateRange Month,
    IReadOnlyList<string> Jurisdictions,
    long Pages,
    PageCounts Totals,
    IReadOnlyList<string> PagesWithInversions);

/// <summary>A rule type judged on the results pages of one platform and market in one calendar month.</summary>
public abstract class RankingRuleType : RuleType
{
    /// <inheritdoc />
    public override SubjectKind Subject => SubjectKind.RankingWindow;

    /// <summary>What the month's pages give.</summary>
    public abstract IEnumerable<Candidate> Evaluate(RuleContext context, RankingWindow window);
}

/// <summary>
/// <c>self-preferencing</c>: over a month of results pages, the rate at which first-party items are
/// placed above more relevant third-party ones exceeds the rate among third-party items by at
/// least <c>minExcess</c>, over at least <c>minPairs</c> first-party pairs, by a gatekeeper or a
/// dominant platform (<c>requires</c>).
/// </summary>
public sealed class SelfPreferencingType : RankingRuleType
{
    private static readonly string[] Requirements = ["gatekeeper", "dominance"];

    /// <inheritdoc />
    public override string Name => "self-preferencing";

    /// <inheritdoc />
    public override string Test => "over all results pages of one platform and market in a calendar month: first-party rate = first-party inversions / first-party comparable pairs, baseline rate = third-party inversions / third-party comparable pairs (0 without such pairs); flag when the first-party rate − the baseline rate ≥ minExcess and there are at least minPairs first-party comparable pairs, while the platform is a designated gatekeeper or dominant in the market (`requires`)";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("minExcess", ParameterKind.Number, "how much the first-party inversion rate must exceed the baseline"),
        new("minPairs", ParameterKind.WholeNumber, "how many first-party comparable pairs the month must have"),
        new("requires", ParameterKind.Text, "gatekeeper or dominance"),
    ];

    /// <inheritdoc />
    public override IReadOnlyList<string> About(RuleDefinition rule) => ["self-preferencing"];

    /// <inheritdoc />
    public override IEnumerable<string> Check(RuleParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!Requirements.Contains(parameters.Text("requires"), StringComparer.Ordinal))
        {
            yield return $"parameter 'requires' must be one of: {string.Join(", ", Requirements)}";
        }
    }

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, RankingWindow window)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(window);
        if (context.ParametersFor(window.Month) is not { } p || window.Totals.FirstPartyPairs == 0)
        {
            yield break;
        }

        var t = window.Totals;
        var firstPartyRate = Rational.Of(t.FirstPartyInversions, t.FirstPartyPairs);
        var baselineRate = t.BaselinePairs == 0 ? Rational.Zero : Rational.Of(t.BaselineInversions, t.BaselinePairs);
        var excess = firstPartyRate - baselineRate;
        if (t.FirstPartyPairs < p.WholeNumber("minPairs") || excess < p.Rational("minExcess"))
        {
            yield break;
        }

        var requires = p.Text("requires");
        var held = requires == "gatekeeper" ? context.Gatekeeper(window.Month) : context.Dominance(window.MarketId, window.Month);
        if (held.Count == 0)
        {
            yield break;
        }

        yield return new Candidate
        {
            PlatformId = window.PlatformId,
            MarketId = window.MarketId,
            Period = window.Month,
            Measured = new JsonObject
            {
                ["pages"] = window.Pages,
                ["firstPartyInversions"] = t.FirstPartyInversions,
                ["firstPartyPairs"] = t.FirstPartyPairs,
                ["firstPartyRate"] = Exact.Number(firstPartyRate),
                ["baselineInversions"] = t.BaselineInversions,
                ["baselinePairs"] = t.BaselinePairs,
                ["baselineRate"] = Exact.Number(baselineRate),
                ["excess"] = Exact.Number(excess),
                ["conditions"] = ConditionsJson.Of(held),
            },
            Threshold = new JsonObject { ["minExcess"] = Exact.Number(p.Rational("minExcess")), ["minPairs"] = p.WholeNumber("minPairs"), ["requires"] = requires },
            Evidence = window.PagesWithInversions.Concat(held.SelectMany(h => h.Evidence)),
            HeldDuring = held.Select(h => h.During).ToList(),
            AlsoCited = requires == "dominance" ? context.Rule.WhenDominant : [],
        };
    }
}
