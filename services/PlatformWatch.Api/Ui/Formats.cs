using System.Globalization;
using PlatformWatch.Application;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Api.Ui;

/// <summary>
/// Numbers, shares, money and dates as the current UI language writes them. The build has no ICU
/// data (InvariantGlobalization), so nothing here asks a <see cref="CultureInfo"/> for its forms: the
/// patterns are the resources' (<c>money.*</c>, <c>value.percent</c>; days, times and money in full are
/// <see cref="Readable"/>'s, which the emails write too), the digits are
/// the invariant culture's (grouping with commas, a decimal point, in both languages). Amounts are
/// <see cref="decimal"/>; where a form rounds, it rounds half away from zero, and says so.
/// </summary>
public static class Formats
{
    private const string Grouped = "#,0.############################";

    /// <summary>A percentage as written (52.34 → <c>52.34 %</c> in English, <c>52.34%</c> in Chinese), exactly.</summary>
    public static string Percent(decimal percent) => DisplayText.Format("value.percent", Exact.Normalize(percent).ToString(CultureInfo.InvariantCulture));

    /// <summary>A share (0 to 1) as a percentage rounded half away from zero to <paramref name="places"/> places (2/3 → <c>66.67 %</c>).</summary>
    public static string Share(Rational share, int places = 2) => Percent(Round(share * Rational.FromInteger(100), places));

    /// <summary>
    /// Money in full: the currency's symbol and every digit, at least to the cent
    /// (<c>¥18,228,480,000.00</c>, <c>€9,500,000,000.25</c>); a currency without a symbol is named by its code.
    /// Nothing is rounded: a fraction of a cent is shown.
    /// </summary>
    public static string Money(decimal amount, string currency) => Readable.Money(amount, currency, CultureInfo.CurrentUICulture);

    /// <summary>Money in full, or a dash for none.</summary>
    public static string Money(PlatformWatch.Contracts.Money? money) => money is null ? DisplayText.Get("value.null") : Money(money.Amount, money.Currency);

    /// <summary>
    /// Money where space is short (charts, tables): the largest of the language's scales the amount
    /// reaches, two places at most, rounded half away from zero (English <c>RMB 18.23 bn</c>,
    /// <c>EUR 950 m</c>; Chinese <c>182.28亿元</c>, <c>9,500万欧元</c>); below them the amount to the cent.
    /// </summary>
    public static string ShortMoney(decimal amount, string currency)
    {
        var name = DisplayText.Find("money.name." + currency) ?? currency;
        foreach (var scale in new[] { "large", "medium" })
        {
            var unit = decimal.Parse(DisplayText.Get($"money.{scale}.unit"), NumberStyles.None, CultureInfo.InvariantCulture);
            if (Math.Abs(amount) >= unit)
            {
                return DisplayText.Format($"money.{scale}", name, Number(Math.Round(amount / unit, 2, MidpointRounding.AwayFromZero)));
            }
        }

        return DisplayText.Format("money.small", name, Number(Math.Round(amount, 2, MidpointRounding.AwayFromZero)));
    }

    /// <summary>Short money, or a dash for none.</summary>
    public static string ShortMoney(PlatformWatch.Contracts.Money? money) => money is null ? DisplayText.Get("value.null") : ShortMoney(money.Amount, money.Currency);

    /// <summary>A number with grouped digits, exactly (18228480000.5 → <c>18,228,480,000.5</c>).</summary>
    public static string Number(decimal value) => Exact.Normalize(value).ToString(Grouped, CultureInfo.InvariantCulture);

    /// <summary>A day as people read it (<c>5 Dec 2026</c>, <c>2026年12月5日</c>); machine attributes keep ISO.</summary>
    public static string Date(DateOnly day) => Readable.Date(day, CultureInfo.CurrentUICulture);

    /// <summary>The day (UTC) of a time, as people read it.</summary>
    public static string Date(DateTimeOffset time) => Date(DateOnly.FromDateTime(time.UtcDateTime));

    /// <summary>A time (UTC) to the minute, as people read it (<c>5 Dec 2026, 09:30 UTC</c>).</summary>
    public static string DateTime(DateTimeOffset time) => Readable.DateTime(time, CultureInfo.CurrentUICulture);

    /// <summary>A report type in words (<c>cn-remedy-self-inspection</c> → a phrase in the language); an unknown one as recorded.</summary>
    public static string ReportType(string reportType) => Readable.ReportType(reportType, CultureInfo.CurrentUICulture);

    /// <summary>A day recorded as ISO text (<c>2025-01-01</c>) as people read it; text that is no day, as recorded.</summary>
    public static string Date(string? isoDay) =>
        DateOnly.TryParseExact(isoDay, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? Date(day) : isoDay ?? "";

    /// <summary>A time as a machine reads it (the <c>datetime</c> attribute of <c>&lt;time&gt;</c>): ISO 8601, UTC.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A period of days (<c>1 Jan 2025 to 31 Dec 2025</c>).</summary>
    public static string Period(DateOnly start, DateOnly end) => DisplayText.Format("value.period", Date(start), Date(end));

    // A rational to some decimal places, half away from zero, exactly (no binary floating point).
    private static decimal Round(Rational value, int places)
    {
        var scale = System.Numerics.BigInteger.Pow(10, places);
        var scaled = value.Numerator * scale * 2;
        var twice = System.Numerics.BigInteger.Abs(scaled) / value.Denominator;
        var rounded = (twice + 1) / 2 * value.Numerator.Sign;
        return (decimal)rounded / (decimal)scale;
    }
}
