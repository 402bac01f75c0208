using System.Text.Json.Nodes;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Types;

/// <summary><c>hhi-level</c>: the market's HHI over the known shares is above <c>level</c>.</summary>
public sealed class HhiLevelType : MarketRuleType
{
    /// <inheritdoc />
    public override string Name => "hhi-level";

    /// <inheritdoc />
    public override string Test => "HHI = Σ(100·share)² over the known shares of the period is above `level`; reports CR3, CR4 and the coverage of the known shares";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("level", ParameterKind.Number, "the HHI above which the market counts as highly concentrated"),
    ];

    /// <inheritdoc />
    public override IEnumerable<MarketCandidate> Evaluate(RuleParameters parameters, MetricSeries series, PeriodShares current)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(current);
        var level = parameters.Rational("level");
        if (current.Hhi > level)
        {
            yield return new MarketCandidate(
                null,
                Concentration(current),
                new JsonObject { ["hhiAbove"] = Exact.Number(level) },
                current.Shares.Select(f => f.EventId));
        }
    }

    internal static JsonObject Concentration(PeriodShares period) => new()
    {
        ["hhi"] = Exact.Number(period.Hhi),
        ["cr3"] = Exact.Number(period.ConcentrationRatio(3)),
        ["cr4"] = Exact.Number(period.ConcentrationRatio(4)),
        ["coverage"] = Exact.Number(period.Known),
        ["platforms"] = period.Shares.Count,
    };
}

/// <summary><c>hhi-delta</c>: HHI above <c>level</c> and more than <c>delta</c> above the previous period's.</summary>
public sealed class HhiDeltaType : MarketRuleType
{
    /// <inheritdoc />
    public override string Name => "hhi-delta";

    /// <inheritdoc />
    public override string Test => "HHI of the period is above `level` and more than `delta` above the HHI of the previous period of the same market and metric";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("level", ParameterKind.Number, "the HHI the market must be above"),
        new("delta", ParameterKind.Number, "the rise over the previous period that must be exceeded"),
    ];

    /// <inheritdoc />
    public override IEnumerable<MarketCandidate> Evaluate(RuleParameters parameters, MetricSeries series, PeriodShares current)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(current);
        var level = parameters.Rational("level");
        var delta = parameters.Rational("delta");
        if (current.Hhi <= level || series.Previous(current) is not { } previous)
        {
            yield break;
        }

        var change = current.Hhi - previous.Hhi;
        if (change <= delta)
        {
            yield break;
        }

        var measured = HhiLevelType.Concentration(current);
        measured["previousHhi"] = Exact.Number(previous.Hhi);
        measured["delta"] = Exact.Number(change);
        measured["previousPeriod"] = Exact.Period(previous.Period);
        yield return new MarketCandidate(
            null,
            measured,
            new JsonObject { ["hhiAbove"] = Exact.Number(level), ["deltaAbove"] = Exact.Number(delta) },
            current.Shares.Concat(previous.Shares).Select(f => f.EventId));
    }
}

/// <summary><c>rapid-gain</c>: share up by at least <c>points</c> percentage points against an earlier period that started at most <c>months</c> before.</summary>
public sealed class RapidGainType : MarketRuleType
{
    /// <inheritdoc />
    public override string Name => "rapid-gain";

    /// <inheritdoc />
    public override string Test => "the platform's share is up by at least `points` percentage points against an earlier period of the same market and metric whose start is at most `months` months before this period's start";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("points", ParameterKind.Number, "the gain in percentage points"),
        new("months", ParameterKind.WholeNumber, "how far back the earlier period may start"),
    ];

    /// <inheritdoc />
    public override IEnumerable<MarketCandidate> Evaluate(RuleParameters parameters, MetricSeries series, PeriodShares current)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(current);
        var points = parameters.Rational("points");
        var months = parameters.WholeNumber("months");
        var earlier = series.StartingWithin(current, months).ToList();
        foreach (var figure in current.Shares)
        {
            // Against every qualifying earlier period; the largest gain is reported.
            (ShareFigure Before, Rational Gain)? best = null;
            foreach (var period in earlier)
            {
                if (period.Of(figure.PlatformId) is not { } before)
                {
                    continue;
                }

                var gain = (Rational.FromDecimal(figure.Share) - before.Share) * Rational.FromInteger(100);
                if (gain >= points && (best is null || gain > best.Value.Gain))
                {
                    best = (before, gain);
                }
            }

            if (best is { } found)
            {
                yield return new MarketCandidate(
                    figure.PlatformId,
                    new JsonObject
                    {
                        ["share"] = Exact.Number(figure.Share),
                        ["earlierShare"] = Exact.Number(found.Before.Share),
                        ["gainPoints"] = Exact.Number(found.Gain),
                        ["earlierPeriod"] = Exact.Period(found.Before.Period),
                    },
                    new JsonObject { ["points"] = Exact.Number(points), ["months"] = months },
                    [figure.EventId, found.Before.EventId]);
            }
        }
    }
}
