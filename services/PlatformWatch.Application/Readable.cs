using System.Globalization;
using System.Resources;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// Days, times, money and report types as people read them, in English and Chinese
/// (<c>Resources/Readable.resx</c> and its <c>zh-CN</c> satellite): the pages (the API's <c>Formats</c>,
/// in the request's language) and the notification emails (the worker's and the API's
/// <c>EmailChannel</c>, in the subscription's) both write them so. The build has no ICU data, so the
/// patterns are the resources', the digits the invariant culture's.
/// </summary>
public static class Readable
{
    private static readonly ResourceManager Resources = new("PlatformWatch.Application.Resources.Readable", typeof(Readable).Assembly);
    private static readonly LocalizedText Text = new(Resources);

    /// <summary>A day (<c>5 Dec 2026</c>, <c>2026年12月5日</c>).</summary>
    public static string Date(DateOnly day, CultureInfo culture) => day.ToString(Text.Get("format.date", culture), CultureInfo.InvariantCulture);

    /// <summary>A time (UTC) to the minute (<c>5 Dec 2026, 09:05 UTC</c>, <c>2026年12月5日 09:05（UTC）</c>).</summary>
    public static string DateTime(DateTimeOffset time, CultureInfo culture) => time.UtcDateTime.ToString(Text.Get("format.dateTime", culture), CultureInfo.InvariantCulture);

    /// <summary>
    /// Money in full: the currency's symbol and every digit, at least to the cent (<c>¥18,228,480,000.00</c>);
    /// a currency without a symbol is named by its code (<c>GBP 1,000.00</c>). Nothing is rounded.
    /// </summary>
    public static string Money(decimal amount, string currency, CultureInfo culture)
    {
        var digits = Math.Abs(amount).ToString("#,0.00##########################", CultureInfo.InvariantCulture);
        var sign = amount < 0 ? "-" : "";
        return Resources.GetString("money.symbol." + currency, culture) is { } symbol
            ? sign + symbol + digits
            : Text.In(culture, "money.coded", currency, sign + digits);
    }

    /// <summary>A report type in words (<c>annual-self-regulation</c>: annual self-regulation report, 年度自律报告), or as recorded when it has none.</summary>
    public static string ReportType(string reportType, CultureInfo culture) => Resources.GetString("reportType." + reportType, culture) ?? reportType;
}
