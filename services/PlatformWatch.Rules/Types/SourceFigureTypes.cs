using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Types;

/// <summary>
/// <c>data-conflict</c>: the source kinds' latest figures for one platform differ by more than
/// <c>tolerance</c> (RULES.md "Which figure counts"). Each metric is a candidate of its own; the
/// engine joins the metrics of a platform, market and period into one finding.
/// </summary>
public sealed class DataConflictType : MarketRuleType
{
    /// <inheritdoc />
    public override string Name => "data-conflict";

    /// <inheritdoc />
    public override string Test => "for a platform in the period, the largest and the smallest of the source kinds' latest figures differ by more than `tolerance` (>); lists every kind's figure and source";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("tolerance", ParameterKind.Fraction, "the difference in share between the kinds' figures that must be exceeded"),
    ];

    /// <inheritdoc />
    public override IEnumerable<MarketCandidate> Evaluate(RuleParameters parameters, MetricSeries series, PeriodShares current)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(current);
        var tolerance = parameters.Rational("tolerance");
        foreach (var platformId in current.Shares.Select(f => f.PlatformId).Order(StringComparer.Ordinal))
        {
            var figures = current.AllFigures(platformId);
            var largest = figures.Max(f => f.Share);
            var smallest = figures.Min(f => f.Share);
            Rational difference = largest - smallest;
            if (difference <= tolerance)
            {
                continue;
            }

            var reported = new JsonArray();
            foreach (var figure in figures)
            {
                reported.Add(Describe(figure));
            }

            yield return new MarketCandidate(
                platformId,
                new JsonObject
                {
                    ["counts"] = WireNames.Name(figures[0].Kind),
                    ["largest"] = Exact.Number(largest),
                    ["smallest"] = Exact.Number(smallest),
                    ["difference"] = Exact.Number(difference),
                    ["figures"] = reported,
                },
                new JsonObject { ["differenceAbove"] = Exact.Number(tolerance) },
                figures.Select(f => f.EventId));
        }
    }

    internal static JsonObject Describe(ShareFigure figure) => new()
    {
        ["kind"] = WireNames.Name(figure.Kind),
        ["source"] = figure.Source,
        ["share"] = Exact.Number(figure.Share),
        ["eventId"] = figure.EventId,
    };
}

/// <summary>
/// <c>understated-share</c>: the platform's own figure (source kind <c>platform</c>) is lower by
/// more than <c>tolerance</c> than the figure that counts from a higher-ranked kind, which reaches
/// <c>threshold</c> while the platform's own stays below it. The law is the version in force on
/// the day the platform's figure was submitted (its <c>occurredAt</c> date), not the period's.
/// </summary>
public sealed class UnderstatedShareType : MarketRuleType
{
    /// <inheritdoc />
    public override string Name => "understated-share";

    /// <inheritdoc />
    public override string Test => "the platform's own figure (source kind platform) is more than `tolerance` (>) below the figure that counts from a higher-ranked source kind, which reaches `threshold` (≥) while the platform's own is below it (<); judged under the law in force on the day the platform's figure was submitted";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("tolerance", ParameterKind.Fraction, "how far below the figure that counts the platform's own must be (exceeded)"),
        new("threshold", ParameterKind.Fraction, "the share the figure that counts reaches and the platform's own stays below"),
    ];

    /// <inheritdoc />
    public override IEnumerable<MarketCandidate> Evaluate(RuleParameters parameters, MetricSeries series, PeriodShares current)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Understated(current, _ => parameters);
    }

    /// <inheritdoc />
    public override IEnumerable<MarketCandidate> Evaluate(RuleDefinition rule, MetricSeries series, PeriodShares current)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Understated(current, day => rule.LawOn(day) is { } law ? rule.ParametersUnder(law) : null);
    }

    private static IEnumerable<MarketCandidate> Understated(PeriodShares current, Func<DateOnly, RuleParameters?> parametersOn)
    {
        ArgumentNullException.ThrowIfNull(current);
        foreach (var own in current.Reported.Where(f => f.Kind == SourceKind.Platform))
        {
            var counting = current.AllFigures(own.PlatformId)[0];
            if (!current.Precedence.Outranks(counting.Kind, SourceKind.Platform))
            {
                continue;
            }

            // The day it was submitted, as the event dated it (the convention for occurredAt days).
            var submitted = DateOnly.FromDateTime(own.OccurredAt.DateTime);
            if (parametersOn(submitted) is not { } parameters)
            {
                continue;
            }

            var tolerance = parameters.Rational("tolerance");
            var threshold = parameters.Rational("threshold");
            Rational below = counting.Share - own.Share;
            if (below <= tolerance || counting.Share < threshold || own.Share >= threshold)
            {
                continue;
            }

            yield return new MarketCandidate(
                own.PlatformId,
                new JsonObject
                {
                    ["share"] = Exact.Number(counting.Share),
                    ["counts"] = DataConflictType.Describe(counting),
                    ["own"] = DataConflictType.Describe(own),
                    ["understatedBy"] = Exact.Number(below),
                    ["submittedOn"] = Exact.Date(submitted),
                },
                new JsonObject { ["understatedByAbove"] = Exact.Number(tolerance), ["threshold"] = Exact.Fraction(threshold) },
                [own.EventId, counting.EventId])
            {
                LawDay = submitted,
            };
        }
    }
}
