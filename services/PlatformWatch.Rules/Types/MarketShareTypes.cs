using System.Text.Json.Nodes;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Types;

/// <summary>One platform (or, with no platform, the market) that meets a market-share test in one metric and period.</summary>
public sealed record MarketCandidate(string? PlatformId, JsonObject Measured, JsonObject Threshold, IEnumerable<string> Evidence)
{
    /// <summary>Where set: the day whose law applies instead of the market period's (see <see cref="Candidate.LawDay"/>).</summary>
    public DateOnly? LawDay { get; init; }
}

/// <summary>A rule type judged on the shares of one market period, with the market's other periods at hand.</summary>
public abstract class MarketRuleType : RuleType
{
    /// <inheritdoc />
    public override SubjectKind Subject => SubjectKind.Market;

    /// <summary>Everything that meets the test in <paramref name="current"/>.</summary>
    public abstract IEnumerable<MarketCandidate> Evaluate(RuleParameters parameters, MetricSeries series, PeriodShares current);

    /// <summary>
    /// Everything that meets the rule's test in <paramref name="current"/>, under the law applied:
    /// by default the latest version in force during the period (none: nothing). A type that
    /// judges by another day (the day a figure was submitted) overrides this, takes the parameters
    /// of the version in force that day and names the day in <see cref="MarketCandidate.LawDay"/>.
    /// </summary>
    public virtual IEnumerable<MarketCandidate> Evaluate(RuleDefinition rule, MetricSeries series, PeriodShares current)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(current);
        return rule.LawFor(current.Period) is { } law ? Evaluate(rule.ParametersUnder(law), series, current) : [];
    }
}

/// <summary><c>share-threshold</c>: a platform's share reaches <c>atLeast</c> (and, if given, stays below <c>below</c>).</summary>
public sealed class ShareThresholdType : MarketRuleType
{
    /// <inheritdoc />
    public override string Name => "share-threshold";

    /// <inheritdoc />
    public override string Test => "a platform's share of the market in the period reaches atLeast (≥), and is below `below` (<) when that is given";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("atLeast", ParameterKind.Fraction, "the share that must be reached"),
        new("below", ParameterKind.Fraction, "an upper bound the share must stay under") { Required = false },
    ];

    /// <inheritdoc />
    public override IEnumerable<string> Check(RuleParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Has("below") && parameters.Rational("below") <= parameters.Rational("atLeast"))
        {
            yield return "parameter 'below' must be greater than 'atLeast'";
        }
    }

    /// <inheritdoc />
    public override IEnumerable<MarketCandidate> Evaluate(RuleParameters parameters, MetricSeries series, PeriodShares current)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(current);
        var atLeast = parameters.Rational("atLeast");
        Rational? below = parameters.Has("below") ? parameters.Rational("below") : null;
        var threshold = new JsonObject { ["atLeast"] = Exact.Fraction(atLeast) };
        if (below is { } b)
        {
            threshold["below"] = Exact.Fraction(b);
        }

        foreach (var figure in current.Shares)
        {
            Rational share = figure.Share;
            if (share >= atLeast && (below is null || share < below.Value))
            {
                yield return new MarketCandidate(
                    figure.PlatformId,
                    new JsonObject { ["share"] = Exact.Number(figure.Share) },
                    threshold.DeepClone().AsObject(),
                    [figure.EventId]);
            }
        }
    }
}

/// <summary>
/// <c>joint-share</c>: a platform whose share reaches <c>minShare</c>, with the <c>others</c> largest other
/// shares, reaches <c>jointShare</c>. Shares under <c>minShare</c> still count in the sum; their
/// platforms are only not presumed dominant themselves (AML Art. 24(2)).
/// </summary>
public sealed class JointShareType : MarketRuleType
{
    /// <inheritdoc />
    public override string Name => "joint-share";

    /// <inheritdoc />
    public override string Test => "a platform with a share of at least minShare, together with the `others` largest other shares in the period, reaches jointShare; there must be that many other platforms reported";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("jointShare", ParameterKind.Fraction, "the joint share that must be reached"),
        new("others", ParameterKind.WholeNumber, "how many other platforms join (1 for two undertakings, 2 for three)"),
        new("minShare", ParameterKind.Fraction, "platforms below this share are not presumed dominant (their shares still count)"),
    ];

    /// <inheritdoc />
    public override IEnumerable<string> Check(RuleParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.WholeNumber("others") < 1)
        {
            yield return "parameter 'others' must be 1 or more";
        }
    }

    /// <inheritdoc />
    public override IEnumerable<MarketCandidate> Evaluate(RuleParameters parameters, MetricSeries series, PeriodShares current)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(current);
        var jointShare = parameters.Rational("jointShare");
        var others = parameters.WholeNumber("others");
        var minShare = parameters.Rational("minShare");
        if (current.Shares.Count < others + 1)
        {
            yield break;
        }

        var threshold = new JsonObject
        {
            ["jointShare"] = Exact.Fraction(jointShare),
            ["others"] = others,
            ["minShare"] = Exact.Fraction(minShare),
        };
        foreach (var figure in current.Shares)
        {
            if (figure.Share < minShare)
            {
                continue;
            }

            // Shares are sorted largest first, so the largest others are the first ones that are not this one.
            var partners = current.Shares.Where(f => f.PlatformId != figure.PlatformId).Take(others).ToList();
            var sum = partners.Aggregate(Rational.FromDecimal(figure.Share), (total, f) => total + f.Share);
            if (sum < jointShare)
            {
                continue;
            }

            var with = new JsonArray();
            foreach (var partner in partners)
            {
                with.Add(new JsonObject { ["platformId"] = partner.PlatformId, ["share"] = Exact.Number(partner.Share) });
            }

            yield return new MarketCandidate(
                figure.PlatformId,
                new JsonObject { ["share"] = Exact.Number(figure.Share), ["jointShare"] = Exact.Number(sum), ["with"] = with },
                threshold.DeepClone().AsObject(),
                partners.Select(p => p.EventId).Append(figure.EventId));
        }
    }
}

/// <summary>
/// <c>share-crossing</c>: below the threshold in the previous period, at or above it in this one. A
/// platform not reported in the previous period was below it for certain when the unreported
/// remainder of that period was below it.
/// </summary>
public sealed class ShareCrossingType : MarketRuleType
{
    /// <inheritdoc />
    public override string Name => "share-crossing";

    /// <inheritdoc />
    public override string Test => "in the previous period of the same market and metric the platform's share was below the threshold, in this one it reaches it; the previous period is the one ending the day before this one starts";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("threshold", ParameterKind.Fraction, "the share crossed"),
    ];

    /// <inheritdoc />
    public override IEnumerable<MarketCandidate> Evaluate(RuleParameters parameters, MetricSeries series, PeriodShares current)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(current);
        var threshold = parameters.Rational("threshold");
        if (series.Previous(current) is not { } previous)
        {
            yield break;
        }

        foreach (var figure in current.Shares)
        {
            if (figure.Share < threshold)
            {
                continue;
            }

            var measured = new JsonObject
            {
                ["share"] = Exact.Number(figure.Share),
                ["previousPeriod"] = Exact.Period(previous.Period),
            };
            IEnumerable<string> evidence;
            if (previous.Of(figure.PlatformId) is { } before)
            {
                if (before.Share >= threshold)
                {
                    continue;
                }

                measured["previousShare"] = Exact.Number(before.Share);
                evidence = [figure.EventId, before.EventId];
            }
            else if (previous.Remainder < threshold)
            {
                measured["previousShare"] = null;
                measured["previousShareAtMost"] = Exact.Number(previous.Remainder);
                evidence = previous.Shares.Select(f => f.EventId).Append(figure.EventId);
            }
            else
            {
                continue;
            }

            yield return new MarketCandidate(figure.PlatformId, measured, new JsonObject { ["threshold"] = Exact.Fraction(threshold) }, evidence);
        }
    }
}
