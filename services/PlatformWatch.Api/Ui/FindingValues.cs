using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Api.Ui;

/// <summary>
/// One row of a finding's values as a page shows it: a label and its value as text, or a list of
/// items, or (<see cref="IsGroup"/>) a heading for the rows one level deeper that follow it.
/// <see cref="Fallback"/> marks a label made from a field name no label is known for.
/// </summary>
public sealed record ValueRow(int Depth, string Label, string Text, IReadOnlyList<string> Items, bool IsGroup = false, bool Fallback = false);

/// <summary>Rows under a caption, as the shared partial <c>_Values</c> draws them.</summary>
public sealed record ValueTable(string Caption, string TestId, IReadOnlyList<ValueRow> Rows);

/// <summary>
/// A finding's measured values and thresholds as labelled, readable rows: shares as percentages,
/// money in full with its currency's symbol and grouped digits, counts as numbers, lists as lists, nested objects as
/// indented rows; every number exactly as stored (decimals, or fractions such as 2/3, never binary
/// floating point). A field is known by its name (the rule types write the same name for the same
/// kind of value); an unknown one is labelled from its name and shown by its JSON kind. It formats
/// only what it is given: a platform's pages give it the platform's own projection
/// (<see cref="Application.PlatformView"/>), never the stored finding.
/// </summary>
public static class FindingValues
{
    private enum Kind
    {
        Text,
        Share,
        Percent,
        Points,
        ShareDifference,
        Number,
        Year,
        Money,
        FieldName,
    }

    // What each field holds; a field not listed is shown by its JSON kind (numbers as numbers).
    private static readonly Dictionary<string, Kind> Kinds = new(StringComparer.Ordinal)
    {
        ["share"] = Kind.Share, ["jointShare"] = Kind.Share, ["previousShare"] = Kind.Share, ["previousShareAtMost"] = Kind.Share,
        ["earlierShare"] = Kind.Share, ["cr3"] = Kind.Share, ["cr4"] = Kind.Share, ["coverage"] = Kind.Share,
        ["atLeast"] = Kind.Share, ["below"] = Kind.Share, ["minShare"] = Kind.Share, ["threshold"] = Kind.Share,
        ["largest"] = Kind.Share, ["smallest"] = Kind.Share, ["firstPartyRate"] = Kind.Share, ["baselineRate"] = Kind.Share,
        ["largestSpread"] = Kind.Share, ["spread"] = Kind.Share, ["minSpread"] = Kind.Share,
        ["difference"] = Kind.ShareDifference, ["understatedBy"] = Kind.ShareDifference, ["differenceAbove"] = Kind.ShareDifference,
        ["understatedByAbove"] = Kind.ShareDifference, ["excess"] = Kind.ShareDifference, ["minExcess"] = Kind.ShareDifference,
        ["acquirerSharePct"] = Kind.Percent, ["targetSharePct"] = Kind.Percent, ["combinedSharePct"] = Kind.Percent,
        ["combinedSharePctAbove"] = Kind.Percent, ["priceChangePct"] = Kind.Percent, ["costChangePct"] = Kind.Percent,
        ["gainPoints"] = Kind.Points, ["points"] = Kind.Points, ["excessPoints"] = Kind.Points, ["excessAbovePoints"] = Kind.Points,
        ["worldwideTurnoverAll"] = Kind.Money, ["chinaTurnoverAll"] = Kind.Money, ["worldwideTurnoverAllAbove"] = Kind.Money,
        ["chinaTurnoverAllAbove"] = Kind.Money, ["chinaTurnoverEachAbove"] = Kind.Money, ["marketCapitalisation"] = Kind.Money,
        ["euTurnover"] = Kind.Money, ["price"] = Kind.Money,
        ["turnoverYear"] = Kind.Year, ["years"] = Kind.Year,
        ["filedBefore"] = Kind.FieldName,
    };

    /// <summary>The measured values; <paramref name="threshold"/> names the currency of turnovers the measurement leaves out.</summary>
    public static IReadOnlyList<ValueRow> Measured(JsonObject measured, JsonObject? threshold)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var rows = new List<ValueRow>();
        Rows(rows, measured, 0, new Scope(threshold, [measured], null));
        return rows;
    }

    /// <summary>The thresholds compared with.</summary>
    public static IReadOnlyList<ValueRow> Threshold(JsonObject threshold)
    {
        ArgumentNullException.ThrowIfNull(threshold);
        var rows = new List<ValueRow>();
        Rows(rows, threshold, 0, new Scope(threshold, [threshold], null));
        return rows;
    }

    /// <summary>As stored (JSON text): the measured values.</summary>
    public static IReadOnlyList<ValueRow> Measured(string measuredJson, string thresholdJson) =>
        Measured(Object(measuredJson), Object(thresholdJson));

    /// <summary>As stored (JSON text): the thresholds.</summary>
    public static IReadOnlyList<ValueRow> Threshold(string thresholdJson) => Threshold(Object(thresholdJson));

    private static JsonObject Object(string json) => (string.IsNullOrWhiteSpace(json) ? null : JsonNode.Parse(json)) as JsonObject ?? [];

    // Where a value sits: the objects around it (for a currency beside it) and the money field it belongs to.
    private sealed record Scope(JsonObject? Threshold, IReadOnlyList<JsonObject> Objects, string? MoneyField)
    {
        public Scope Into(JsonObject inner, string key, Kind? kind) =>
            new(Threshold, [inner, .. Objects], kind == Kind.Money ? key : MoneyField);

        // The currency beside the value, around it, or of the threshold the value is tested against.
        public string? Currency(string key)
        {
            foreach (var o in Objects)
            {
                if (o["currency"] is JsonValue c && c.GetValueKind() == JsonValueKind.String)
                {
                    return c.GetValue<string>();
                }
            }

            var field = MoneyField ?? key;
            return (Threshold?[field + "Above"] ?? Threshold?[field])?["currency"] is JsonValue t && t.GetValueKind() == JsonValueKind.String
                ? t.GetValue<string>()
                : null;
        }
    }

    private static void Rows(List<ValueRow> rows, JsonObject obj, int depth, Scope scope)
    {
        // A currency beside money is part of how the money reads, not a row of its own.
        var currencyUsed = obj.Any(p => p.Key != "currency" && KindOf(p.Key, scope) == Kind.Money);
        foreach (var (key, value) in obj)
        {
            if (key == "currency" && currencyUsed)
            {
                continue;
            }

            var (label, fallback) = LabelOf(key);
            var kind = KindOf(key, scope);
            switch (value)
            {
                case JsonObject inner when Compact(inner, scope) is { } text:
                    rows.Add(new ValueRow(depth, label, text, [], Fallback: fallback));
                    break;
                case JsonObject inner:
                    rows.Add(new ValueRow(depth, label, "", [], IsGroup: true, Fallback: fallback));
                    Rows(rows, inner, depth + 1, scope.Into(inner, key, kind));
                    break;
                case JsonArray array:
                    rows.Add(new ValueRow(depth, label, array.Count == 0 ? DisplayText.Get("value.empty") : "", array.Select(item => Item(item, key, kind, scope)).ToList(), Fallback: fallback));
                    break;
                default:
                    rows.Add(new ValueRow(depth, label, Scalar(value, key, kind, scope), [], Fallback: fallback));
                    break;
            }
        }
    }

    // A field's kind: its own, or that of the money field it sits in (the years of a turnover).
    private static Kind? KindOf(string key, Scope scope) =>
        Kinds.TryGetValue(key, out var kind) ? kind : scope.MoneyField is not null && DisplayText.Find("label." + key) is null ? Kind.Money : null;

    // A label from the table; a metric's name; a field name made readable (fooBar → Foo bar); else the key as it is (an id, a year).
    private static (string Label, bool Fallback) LabelOf(string key)
    {
        if ((DisplayText.Find("label." + key) ?? DisplayText.Find("metric." + key)) is { } known)
        {
            return (known, false);
        }

        if (key.Length > 1 && char.IsLower(key[0]) && key.Any(char.IsUpper) && key.All(char.IsAsciiLetterOrDigit))
        {
            var words = string.Concat(key.Select(c => char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
            return (char.ToUpperInvariant(words[0]) + words[1..], true);
        }

        return (key, false);
    }

    // Objects that read as one value: a period, an amount of money, a condition that held, a platform's share.
    private static string? Compact(JsonObject o, Scope scope)
    {
        string? Text(string name) => o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        if (o.Count == 2 && Text("start") is { } start && Text("end") is { } end)
        {
            return DisplayText.Format("value.period", start, end);
        }

        if (o.Count == 2 && Text("currency") is { } currency && o["amount"] is JsonValue amount && Number(amount) is { } money)
        {
            return MoneyText(money, currency);
        }

        if (o.Count == 4 && Text("basis") is { } basis && Text("source") is { } source && Text("from") is { } from && Text("to") is { } to)
        {
            return DisplayText.Format("value.condition", basis, source, from, to);
        }

        if (o.Count == 2 && Text("platformId") is { } platform && o.ContainsKey("share"))
        {
            return DisplayText.Format("value.partner", platform, Scalar(o["share"], "share", Kind.Share, scope));
        }

        return null;
    }

    // An entry of a list: a value of the list's kind, or an object on one line.
    private static string Item(JsonNode? item, string key, Kind? kind, Scope scope) => item switch
    {
        JsonObject o => Compact(o, scope) ?? Line(o, scope.Into(o, key, kind)),
        JsonArray a => string.Join(", ", a.Select(x => Item(x, key, kind, scope))),
        _ => Scalar(item, key, kind, scope),
    };

    private static string Line(JsonObject o, Scope scope)
    {
        var currencyUsed = o.Any(p => p.Key != "currency" && KindOf(p.Key, scope) == Kind.Money);
        return string.Join(DisplayText.Get("value.separator"), o.Where(p => !(p.Key == "currency" && currencyUsed)).Select(p =>
        {
            var kind = KindOf(p.Key, scope);
            var text = p.Value switch
            {
                JsonObject inner => Compact(inner, scope) ?? "(" + Line(inner, scope.Into(inner, p.Key, kind)) + ")",
                JsonArray array => array.Count == 0 ? DisplayText.Get("value.empty") : string.Join(", ", array.Select(x => Item(x, p.Key, kind, scope))),
                _ => Scalar(p.Value, p.Key, kind, scope),
            };
            return DisplayText.Format("value.pair", LabelOf(p.Key).Label, text);
        }));
    }

    private static string Scalar(JsonNode? node, string key, Kind? kind, Scope scope)
    {
        if (node is not JsonValue value)
        {
            return DisplayText.Get("value.null");
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                return DisplayText.Get("value.yes");
            case JsonValueKind.False:
                return DisplayText.Get("value.no");
            case JsonValueKind.String when kind is null or Kind.Text:
                return value.GetValue<string>();
            case JsonValueKind.String when kind == Kind.FieldName:
                return LabelOf(value.GetValue<string>()).Label;
            case JsonValueKind.String or JsonValueKind.Number:
                break;
            default:
                return DisplayText.Get("value.null");
        }

        if (Number(value) is not { } number)
        {
            return value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        }

        var hundred = Rational.FromInteger(100);
        return kind switch
        {
            Kind.Share => Percent(number, number * hundred),
            Kind.Percent => Percent(number, number),
            Kind.Points => DisplayText.Format("value.points", Plain(number)),
            Kind.ShareDifference => DisplayText.Format("value.points", Plain(number * hundred)),
            Kind.Year => Plain(number),
            Kind.Money when scope.Currency(key) is { } currency => MoneyText(number, currency),
            _ => Grouped(number),
        };
    }

    // A JSON number, or a text such as 2/3 or 0.5, exactly.
    private static Rational? Number(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.Number => Rational.TryParse(value.ToJsonString()),
        JsonValueKind.String => Rational.TryParse(value.GetValue<string>()),
        _ => null,
    };

    // A percentage: exact when it is a decimal (52.34 %), else the value as written with the
    // percentage to two places, rounded half up, beside it (2/3 ≈ 66.67 %).
    private static string Percent(Rational written, Rational percent)
    {
        if (percent.TryToDecimal(out _))
        {
            return DisplayText.Format("value.percent", Plain(percent));
        }

        var magnitude = BigInteger.Abs(percent.Numerator);
        var hundredths = ((magnitude * 200) + percent.Denominator) / (percent.Denominator * 2);
        var rounded = Rational.Of(percent.Numerator.Sign * hundredths, 100);
        return DisplayText.Format("value.fraction", written.ToString(), Plain(rounded));
    }

    private static string Plain(Rational r) =>
        r.TryToDecimal(out var d) ? Exact.Normalize(d).ToString(CultureInfo.InvariantCulture) : r.ToString();

    /// <summary>An amount in full with its currency's symbol (<c>¥18,228,480,000.00</c>, <see cref="Formats.Money(decimal, string)"/>); a dash for none.</summary>
    public static string Money(PlatformWatch.Contracts.Money? money) => Formats.Money(money);

    // Money in full when the amount is a decimal; a fraction (never seen in turnovers) beside its currency's code.
    private static string MoneyText(Rational amount, string currency) =>
        amount.TryToDecimal(out var d) ? Formats.Money(d, currency) : DisplayText.Format("value.money", currency, amount.ToString());

    private static string Grouped(Rational r) =>
        r.TryToDecimal(out var d) ? Exact.Normalize(d).ToString("#,0.############################", CultureInfo.InvariantCulture) : r.ToString();
}
