using System.Globalization;
using System.Text.Json.Nodes;

namespace PlatformWatch.Rules.Engine;

/// <summary>Exact values in findings' JSON: decimals as numbers without trailing zeros, fractions as <c>2/3</c>.</summary>
public static class Exact
{
    /// <summary>A decimal without trailing zeros (0.6200 → 0.62, 1800.0000 → 1800).</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>A decimal as a JSON number.</summary>
    public static JsonNode Number(decimal value) => JsonValue.Create(Normalize(value));

    /// <summary>A rational as a JSON number when it is a decimal, else as the text <c>n/d</c>.</summary>
    public static JsonNode Number(Rational value) =>
        value.TryToDecimal(out var d) ? JsonValue.Create(Normalize(d)) : JsonValue.Create(value.ToString());

    /// <summary>A threshold fraction as written in law: always the text <c>n/d</c> (or an integer).</summary>
    public static JsonNode Fraction(Rational value) => JsonValue.Create(value.ToString());

    /// <summary>A period as <c>{ "start": "2025-01-01", "end": "2025-12-31" }</c>.</summary>
    public static JsonObject Period(DateRange period) => new()
    {
        ["start"] = Date(period.Start),
        ["end"] = Date(period.End),
    };

    /// <summary>A date as <c>YYYY-MM-DD</c>.</summary>
    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A rational as text for messages: <c>0.62</c> or <c>2/3</c>.</summary>
    public static string Text(Rational value) =>
        value.TryToDecimal(out var d) ? Normalize(d).ToString(CultureInfo.InvariantCulture) : value.ToString();
}
