using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Types;

/// <summary>
/// <c>conduct</c>: an observed conduct of the listed kinds, meeting the attribute conditions, by a
/// platform that is dominant or a gatekeeper when the rule requires it.
/// </summary>
public sealed class ConductType : ConductRuleType
{
    private static readonly string[] Requirements = ["none", "dominance", "gatekeeper"];

    /// <inheritdoc />
    public override string Name => "conduct";

    /// <inheritdoc />
    public override string Test => "an observation of one of the `conduct` kinds, whose attributes meet every `allOf` condition and at least one `anyOf` condition, aimed at `counterparty` (when the observation names one), with punitive enforcement when `enforcement` is required, by a platform that is dominant in the market (`requires: dominance`) or a designated gatekeeper (`requires: gatekeeper`) during the observation";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("conduct", ParameterKind.TextList, "the conduct kinds the rule is about"),
        new("requires", ParameterKind.Text, "none, dominance or gatekeeper") { Required = false },
        new("allOf", ParameterKind.TextList, "attribute conditions that must all hold, e.g. subject=interoperability") { Required = false },
        new("anyOf", ParameterKind.TextList, "attribute conditions of which one must hold, e.g. linkOutAllowed=false") { Required = false },
        new("counterparty", ParameterKind.Text, "the counterparty the conduct must be aimed at, when the observation names one") { Required = false },
        new("enforcement", ParameterKind.Text, "`required`: only observations with punitive enforcement") { Required = false },
    ];

    /// <inheritdoc />
    public override IReadOnlyList<string> About(RuleDefinition rule) => rule?.Parameters.TextList("conduct") ?? [];

    /// <inheritdoc />
    public override IEnumerable<string> Check(RuleParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var problem in UnknownConducts(parameters.TextList("conduct")))
        {
            yield return "parameter 'conduct': " + problem;
        }

        if (!Requirements.Contains(parameters.TextOr("requires", "none"), StringComparer.Ordinal))
        {
            yield return $"parameter 'requires' must be one of: {string.Join(", ", Requirements)}";
        }

        foreach (var text in parameters.TextList("allOf").Concat(parameters.TextList("anyOf")))
        {
            if (AttributeCondition.Parse(text) is null)
            {
                yield return $"condition '{text}' must be written name=value or name in a|b|c";
            }
        }

        if (parameters.Has("counterparty") && WireNames.Parse<Counterparty>(parameters.Text("counterparty")) is null)
        {
            yield return $"parameter 'counterparty' must be one of: {string.Join(", ", WireNames.Names<Counterparty>())}";
        }

        if (parameters.Has("enforcement") && parameters.Text("enforcement") != "required")
        {
            yield return "parameter 'enforcement' can only be 'required'";
        }
    }

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<ConductObserved> observations)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(observations);
        foreach (var e in observations)
        {
            var period = PeriodOf(e);
            if (context.ParametersFor(period) is not { } p || !p.TextList("conduct").Contains(WireNames.Name(e.Conduct), StringComparer.Ordinal))
            {
                continue;
            }

            var allOf = p.TextList("allOf").Select(t => AttributeCondition.Parse(t)!).ToList();
            var anyOf = p.TextList("anyOf").Select(t => AttributeCondition.Parse(t)!).ToList();
            if (!allOf.All(c => c.Matches(e)) || (anyOf.Count > 0 && !anyOf.Any(c => c.Matches(e))))
            {
                continue;
            }

            if (p.Has("counterparty") && e.Counterparty is { } counterparty && WireNames.Name(counterparty) != p.Text("counterparty"))
            {
                continue;
            }

            if (p.Has("enforcement") && e.Enforcement.Count == 0)
            {
                continue;
            }

            var requires = p.TextOr("requires", "none");
            IReadOnlyList<ConditionFact>? held = requires switch
            {
                "dominance" => context.Dominance(e.MarketId, period),
                "gatekeeper" => context.Gatekeeper(period),
                _ => null,
            };
            if (held is { Count: 0 })
            {
                continue;
            }

            var threshold = new JsonObject { ["conduct"] = new JsonArray(p.TextList("conduct").Select(c => (JsonNode)c).ToArray()), ["requires"] = requires };
            if (allOf.Count > 0)
            {
                threshold["allOf"] = new JsonArray(allOf.Select(c => (JsonNode)c.ToString()).ToArray());
            }

            if (anyOf.Count > 0)
            {
                threshold["anyOf"] = new JsonArray(anyOf.Select(c => (JsonNode)c.ToString()).ToArray());
            }

            if (p.Has("counterparty"))
            {
                threshold["counterparty"] = p.Text("counterparty");
            }

            if (p.Has("enforcement"))
            {
                threshold["enforcement"] = "required";
            }

            var measured = Describe(e, allOf.Concat(anyOf).Select(c => c.Name).Distinct(StringComparer.Ordinal));
            yield return Found(e, measured, threshold, held, also: requires == "dominance" ? context.Rule.WhenDominant : null);
        }
    }
}

/// <summary>
/// <c>exclusive-dealing</c> ("choose one of two") by a dominant platform: with any punitive
/// enforcement at the rule's severity, with incentives only at <c>incentivesSeverity</c>.
/// </summary>
public sealed class ExclusiveDealingType : ConductRuleType
{
    /// <inheritdoc />
    public override string Name => "exclusive-dealing";

    /// <inheritdoc />
    public override string Test => "an exclusive-dealing observation by a platform dominant in the market during it: with any punitive enforcement at the rule's severity; with incentives only at incentivesSeverity; with neither, no finding";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("incentivesSeverity", ParameterKind.Severity, "the severity when the demand is backed by incentives only"),
    ];

    /// <inheritdoc />
    public override IReadOnlyList<string> About(RuleDefinition rule) => ["exclusive-dealing"];

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<ConductObserved> observations)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (e, period, p) in OfKind(context, observations, ConductKind.ExclusiveDealing))
        {
            Severity? severity = e.Enforcement.Count > 0 ? null : e.Incentives.Count > 0 ? p.Severity("incentivesSeverity") : default(Severity?);
            if (e.Enforcement.Count == 0 && e.Incentives.Count == 0)
            {
                continue;
            }

            var held = context.Dominance(e.MarketId, period);
            if (held.Count == 0)
            {
                continue;
            }

            var threshold = new JsonObject
            {
                ["requires"] = "dominance",
                ["withEnforcement"] = WireNames.Name(context.Rule.Severity),
                ["incentivesOnly"] = WireNames.Name(p.Severity("incentivesSeverity")),
            };
            yield return Found(e, Describe(e), threshold, held, severity, context.Rule.WhenDominant);
        }
    }
}

/// <summary>
/// <c>below-cost</c>: a dominant platform prices below average variable cost (the rule's
/// severity), or between average variable and average total cost for more than <c>minDays</c>
/// days (<c>sustainedSeverity</c>).
/// </summary>
public sealed class BelowCostType : ConductRuleType
{
    /// <inheritdoc />
    public override string Name => "below-cost";

    /// <inheritdoc />
    public override string Test => "a below-cost-pricing observation by a platform dominant during it, with price < averageVariableCost (rule severity), or averageVariableCost ≤ price < averageTotalCost for more than minDays days counted inclusively from observedFrom to observedTo (sustainedSeverity)";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("minDays", ParameterKind.WholeNumber, "how many days pricing between AVC and ATC must be exceeded"),
        new("sustainedSeverity", ParameterKind.Severity, "the severity of sustained pricing below average total cost"),
    ];

    /// <inheritdoc />
    public override IReadOnlyList<string> About(RuleDefinition rule) => ["below-cost-pricing"];

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<ConductObserved> observations)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (e, period, p) in OfKind(context, observations, ConductKind.BelowCostPricing))
        {
            if (AttributeNumber(e, "price") is not { } price || AttributeNumber(e, "averageVariableCost") is not { } avc)
            {
                context.Gap($"observation {e.EventId} lacks the attribute price or averageVariableCost");
                continue;
            }

            var atc = AttributeNumber(e, "averageTotalCost");
            var minDays = p.WholeNumber("minDays");
            Severity? severity;
            if (price < avc)
            {
                severity = null;
            }
            else if (atc is { } total && price < total && period.Days > minDays)
            {
                severity = p.Severity("sustainedSeverity");
            }
            else
            {
                continue;
            }

            var held = context.Dominance(e.MarketId, period);
            if (held.Count == 0)
            {
                continue;
            }

            var measured = Describe(e, ["price", "averageVariableCost", "averageTotalCost"]);
            measured["days"] = period.Days;
            var threshold = new JsonObject { ["requires"] = "dominance", ["belowAverageVariableCost"] = WireNames.Name(context.Rule.Severity), ["belowAverageTotalCostForMoreThanDays"] = minDays };
            yield return Found(e, measured, threshold, held, severity, context.Rule.WhenDominant);
        }
    }
}

/// <summary><c>excessive-pricing</c>: a dominant platform's price rose more than its cost by more than <c>marginPct</c> points.</summary>
public sealed class ExcessivePricingType : ConductRuleType
{
    /// <inheritdoc />
    public override string Name => "excessive-pricing";

    /// <inheritdoc />
    public override string Test => "an excessive-pricing observation by a platform dominant during it whose year-on-year price change exceeds the cost change by more than marginPct percentage points";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("marginPct", ParameterKind.Number, "percentage points by which the price change must exceed the cost change"),
    ];

    /// <inheritdoc />
    public override IReadOnlyList<string> About(RuleDefinition rule) => ["excessive-pricing"];

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<ConductObserved> observations)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (e, period, p) in OfKind(context, observations, ConductKind.ExcessivePricing))
        {
            if (AttributeNumber(e, "priceChangePct") is not { } priceChange || AttributeNumber(e, "costChangePct") is not { } costChange)
            {
                context.Gap($"observation {e.EventId} lacks the attribute priceChangePct or costChangePct");
                continue;
            }

            var excess = Rational.FromDecimal(priceChange) - Rational.FromDecimal(costChange);
            var margin = p.Rational("marginPct");
            if (excess <= margin)
            {
                continue;
            }

            var held = context.Dominance(e.MarketId, period);
            if (held.Count == 0)
            {
                continue;
            }

            var measured = Describe(e, ["priceChangePct", "costChangePct"]);
            measured["excessPoints"] = Exact.Number(excess);
            yield return Found(e, measured, new JsonObject { ["requires"] = "dominance", ["excessAbovePoints"] = Exact.Number(margin) }, held, also: context.Rule.WhenDominant);
        }
    }
}

/// <summary>
/// <c>consent-reprompt</c>: a gatekeeper asks again for consent for the same purpose
/// <c>minReprompts</c> or more times within a year of a refusal.
/// </summary>
public sealed class ConsentRepromptType : ConductRuleType
{
    /// <inheritdoc />
    public override string Name => "consent-reprompt";

    /// <inheritdoc />
    public override string Test => "minReprompts or more consent-reprompt observations with the same purpose and refusedAt, each repromptedAt after refusedAt and before the same date a year later, made while the platform was a designated gatekeeper; the period starts at refusedAt and lasts the year";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters { get; } =
    [
        new("minReprompts", ParameterKind.WholeNumber, "how many requests after a refusal make the breach"),
    ];

    /// <inheritdoc />
    public override IReadOnlyList<string> About(RuleDefinition rule) => ["consent-reprompt"];

    /// <inheritdoc />
    public override IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<ConductObserved> observations)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(observations);
        var groups = observations
            .Where(o => o.Conduct == ConductKind.ConsentReprompt)
            .Select(o => (Event: o, Purpose: AttributeText(o, "purpose"), Refused: AttributeDate(o, "refusedAt"), Reprompted: AttributeDate(o, "repromptedAt")))
            .Where(x => x.Purpose is not null && x.Refused is not null && x.Reprompted is not null)
            .GroupBy(x => (x.Event.MarketId, x.Purpose, Refused: x.Refused!.Value));
        foreach (var group in groups)
        {
            var refused = group.Key.Refused;
            var period = new DateRange(refused, refused.AddYears(1).AddDays(-1));
            if (context.ParametersFor(period) is not { } p)
            {
                continue;
            }

            var counted = group
                .Where(x => x.Reprompted > refused && x.Reprompted < refused.AddYears(1))
                .Select(x => (x.Event, Day: x.Reprompted!.Value, Held: context.Gatekeeper(DateRange.Day(x.Reprompted!.Value))))
                .Where(x => x.Held.Count > 0)
                .OrderBy(x => x.Day)
                .ThenBy(x => x.Event.EventId, StringComparer.Ordinal)
                .ToList();
            if (counted.Count < p.WholeNumber("minReprompts"))
            {
                continue;
            }

            var held = context.Gatekeeper(period);
            var first = counted[0].Event;
            var measured = new JsonObject
            {
                ["purpose"] = group.Key.Purpose,
                ["refusedAt"] = Exact.Date(refused),
                ["reprompts"] = counted.Count,
                ["repromptedAt"] = new JsonArray(counted.Select(x => (JsonNode)Exact.Date(x.Day)).ToArray()),
                ["conditions"] = Conditions(held),
            };
            yield return new Candidate
            {
                PlatformId = first.PlatformId,
                MarketId = group.Key.MarketId,
                Period = period,
                Measured = measured,
                Threshold = new JsonObject { ["requires"] = "gatekeeper", ["minReprompts"] = p.WholeNumber("minReprompts"), ["withinMonths"] = 12 },
                Evidence = counted.Select(x => x.Event.EventId).Concat(held.SelectMany(h => h.Evidence)),
                HeldDuring = held.Select(h => h.During).ToList(),
                MeasuredKey = group.Key.Purpose,
            };
        }
    }
}
