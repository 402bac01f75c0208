using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Rules.Types;

/// <summary>A rule type judged on the conduct observations of one platform.</summary>
public abstract class ConductRuleType : RuleType
{
    /// <inheritdoc />
    public override SubjectKind Subject => SubjectKind.Conduct;

    /// <summary>Everything that meets the test among the platform's observations.</summary>
    public abstract IEnumerable<Candidate> Evaluate(RuleContext context, IReadOnlyList<ConductObserved> observations);

    /// <summary>
    /// A conduct's period: <c>observedFrom</c>..<c>observedTo</c>; a missing end is the other
    /// end; with neither, the day of <c>occurredAt</c> (in the timestamp's own offset).
    /// </summary>
    public static DateRange PeriodOf(ConductObserved e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var day = DateOnly.FromDateTime(e.OccurredAt.DateTime);
        var start = e.ObservedFrom ?? e.ObservedTo ?? day;
        var end = e.ObservedTo ?? e.ObservedFrom ?? day;
        return new DateRange(start, end);
    }

    /// <summary>The observations of one conduct kind whose period some legal version covers, with that version's parameters.</summary>
    protected static IEnumerable<(ConductObserved Event, DateRange Period, RuleParameters Parameters)> OfKind(RuleContext context, IReadOnlyList<ConductObserved> observations, ConductKind kind)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(observations);
        foreach (var e in observations.Where(o => o.Conduct == kind))
        {
            var period = PeriodOf(e);
            if (context.ParametersFor(period) is { } parameters)
            {
                yield return (e, period, parameters);
            }
        }
    }

    /// <summary>A candidate for one observation, with the conditions that held and their evidence.</summary>
    protected static Candidate Found(
        ConductObserved e,
        JsonObject measured,
        JsonObject threshold,
        IReadOnlyList<ConditionFact>? held = null,
        Severity? severity = null,
        IReadOnlyList<LegalVersion>? also = null,
        DateRange? period = null,
        string? measuredKey = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(measured);
        if (held is not null)
        {
            measured["conditions"] = Conditions(held);
        }

        return new Candidate
        {
            PlatformId = e.PlatformId,
            MarketId = e.MarketId,
            Period = period ?? PeriodOf(e),
            Severity = severity,
            Measured = measured,
            Threshold = threshold,
            Evidence = (held ?? []).SelectMany(h => h.Evidence).Append(e.EventId),
            HeldDuring = held?.Select(h => h.During).ToList(),
            MeasuredKey = measuredKey ?? e.EventId,
            AlsoCited = also ?? [],
        };
    }

    /// <summary>The conditions that held, as findings show them.</summary>
    protected static JsonArray Conditions(IEnumerable<ConditionFact> held) => ConditionsJson.Of(held);

    /// <summary>What an observation shows, as findings report it.</summary>
    protected static JsonObject Describe(ConductObserved e, IEnumerable<string>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        var measured = new JsonObject
        {
            ["conduct"] = WireNames.Name(e.Conduct),
            ["observed"] = Exact.Period(PeriodOf(e)),
        };
        if (e.Counterparty is { } counterparty)
        {
            measured["counterparty"] = WireNames.Name(counterparty);
        }

        if (e.AffectedCount is { } affected)
        {
            measured["affectedCount"] = affected;
        }

        if (e.Enforcement.Count > 0)
        {
            measured["enforcement"] = new JsonArray(e.Enforcement.Select(x => (JsonNode)WireNames.Name(x)).ToArray());
        }

        if (e.Incentives.Count > 0)
        {
            measured["incentives"] = new JsonArray(e.Incentives.Select(x => (JsonNode)WireNames.Name(x)).ToArray());
        }

        var shown = new JsonObject();
        foreach (var name in attributes ?? e.Attributes.Keys)
        {
            if (e.Attributes.TryGetValue(name, out var value))
            {
                shown[name] = JsonNode.Parse(value.GetRawText());
            }
        }

        if (shown.Count > 0)
        {
            measured["attributes"] = shown;
        }

        return measured;
    }

    /// <summary>An attribute as text: strings as they are, numbers as written, booleans as <c>true</c>/<c>false</c>; null when absent.</summary>
    public static string? AttributeText(ConductObserved e, string name)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!e.Attributes.TryGetValue(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.TryGetDecimal(out var d) ? Exact.Normalize(d).ToString(CultureInfo.InvariantCulture) : value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>A numeric attribute, exactly; null when absent or not a number.</summary>
    public static decimal? AttributeNumber(ConductObserved e, string name) =>
        e is not null && e.Attributes.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) ? d : null;

    /// <summary>A date attribute; null when absent or not a date.</summary>
    public static DateOnly? AttributeDate(ConductObserved e, string name) =>
        AttributeText(e, name) is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>The conduct names in a <c>conduct</c> list parameter that are not conduct kinds.</summary>
    protected static IEnumerable<string> UnknownConducts(IEnumerable<string> names) =>
        names.Where(n => WireNames.Parse<ConductKind>(n) is null)
            .Select(n => $"'{n}' is not a conduct; expected one of: {string.Join(", ", WireNames.Names<ConductKind>())}");
}

/// <summary>How findings show the conditions (dominance, designation) that held.</summary>
internal static class ConditionsJson
{
    public static JsonArray Of(IEnumerable<ConditionFact> held)
    {
        var array = new JsonArray();
        foreach (var h in held)
        {
            array.Add(new JsonObject { ["basis"] = h.Basis, ["source"] = h.Source, ["from"] = Exact.Date(h.During.Start), ["to"] = Exact.Date(h.During.End) });
        }

        return array;
    }
}

/// <summary>A test of one conduct attribute, written <c>name=value</c> or <c>name in a|b|c</c>.</summary>
public sealed record AttributeCondition(string Name, IReadOnlyList<string> Values)
{
    /// <summary>Reads a condition; null when it is neither form.</summary>
    public static AttributeCondition? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var inAt = text.IndexOf(" in ", StringComparison.Ordinal);
        if (inAt > 0)
        {
            var values = text[(inAt + 4)..].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return values.Length == 0 ? null : new AttributeCondition(text[..inAt].Trim(), values);
        }

        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && equals < text.Length - 1 ? new AttributeCondition(text[..equals].Trim(), [text[(equals + 1)..].Trim()]) : null;
    }

    /// <summary>True when the observation has the attribute with one of the values (a missing attribute never matches).</summary>
    public bool Matches(ConductObserved e) => ConductRuleType.AttributeText(e, Name) is { } value && Values.Contains(value, StringComparer.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Values.Count == 1 ? $"{Name}={Values[0]}" : $"{Name} in {string.Join('|', Values)}";
}
