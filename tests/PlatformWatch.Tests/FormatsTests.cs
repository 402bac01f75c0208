using System.Globalization;
using PlatformWatch.Api.Ui;
using PlatformWatch.Rules;

namespace PlatformWatch.Tests;

/// <summary>
/// Numbers, shares, money and dates per language (<see cref="Formats"/>): the patterns are the
/// resources', never ICU's (the build has none); amounts stay decimal and round half away from zero.
/// </summary>
public class FormatsTests
{
    private static string In(string culture, Func<string> format)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            return format();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [TestCase("en", "52 %")]
    [TestCase("zh-CN", "52%")]
    public void A_percentage_is_spaced_as_the_language_writes_it(string culture, string expected) =>
        Assert.That(In(culture, () => Formats.Percent(52m)), Is.EqualTo(expected));

    [TestCase(1, 2, "50 %")]
    [TestCase(2, 3, "66.67 %")]
    [TestCase(1, 3, "33.33 %")]
    [TestCase(1, 8, "12.5 %")]
    [TestCase(1, 800, "0.13 %")]
    [TestCase(-1, 800, "-0.13 %")]
    [TestCase(12345, 1000000, "1.23 %")]
    [TestCase(12355, 1000000, "1.24 %")]
    public void A_share_rounds_half_away_from_zero_to_two_places(int numerator, int denominator, string expected) =>
        Assert.That(In("en", () => Formats.Share(Rational.Of(numerator, denominator))), Is.EqualTo(expected));

    [TestCase("en", "18228480000", "CNY", "¥18,228,480,000.00")]
    [TestCase("zh-CN", "18228480000", "CNY", "¥18,228,480,000.00")]
    [TestCase("en", "9500000000.25", "EUR", "€9,500,000,000.25")]
    [TestCase("en", "1234.5", "USD", "US$1,234.50")]
    [TestCase("en", "250000.005", "CNY", "¥250,000.005")]
    [TestCase("en", "-12.3", "CNY", "-¥12.30")]
    [TestCase("en", "1000", "GBP", "GBP 1,000.00")]
    public void Money_in_full_has_its_symbol_every_digit_and_at_least_the_cents(string culture, string amount, string currency, string expected) =>
        Assert.That(In(culture, () => Formats.Money(decimal.Parse(amount, CultureInfo.InvariantCulture), currency)), Is.EqualTo(expected));

    [TestCase("en", "18228480000", "CNY", "RMB 18.23 bn")]
    [TestCase("zh-CN", "18228480000", "CNY", "182.28亿元")]
    [TestCase("en", "950000000", "EUR", "EUR 950 m")]
    [TestCase("zh-CN", "950000000", "EUR", "9.5亿欧元")]
    [TestCase("zh-CN", "95000000", "USD", "9,500万美元")]
    [TestCase("en", "1005000", "USD", "USD 1.01 m")]
    [TestCase("en", "1004999.99", "USD", "USD 1 m")]
    [TestCase("zh-CN", "12345", "CNY", "1.23万元")]
    [TestCase("zh-CN", "9999.995", "CNY", "10,000元")]
    [TestCase("en", "250000.5", "CNY", "RMB 250,000.5")]
    [TestCase("en", "1000000000", "CNY", "RMB 1 bn")]
    [TestCase("en", "12500", "GBP", "GBP 12,500")]
    public void Short_money_takes_the_languages_largest_scale_and_rounds_half_away_from_zero(string culture, string amount, string currency, string expected) =>
        Assert.That(In(culture, () => Formats.ShortMoney(decimal.Parse(amount, CultureInfo.InvariantCulture), currency)), Is.EqualTo(expected));

    [TestCase("en", "5 Dec 2026", "5 Dec 2026, 09:05 UTC")]
    [TestCase("zh-CN", "2026年12月5日", "2026年12月5日 09:05（UTC）")]
    public void Dates_read_as_the_language_writes_them_and_times_are_utc(string culture, string day, string time)
    {
        var at = new DateTimeOffset(2026, 12, 5, 17, 5, 0, TimeSpan.FromHours(8));
        Assert.Multiple(() =>
        {
            Assert.That(In(culture, () => Formats.Date(new DateOnly(2026, 12, 5))), Is.EqualTo(day));
            Assert.That(In(culture, () => Formats.Date(at)), Is.EqualTo(day), "the day in UTC");
            Assert.That(In(culture, () => Formats.DateTime(at)), Is.EqualTo(time));
            Assert.That(In(culture, () => Formats.Iso(at)), Is.EqualTo("2026-12-05T09:05:00Z"), "machines read ISO in every language");
        });
    }

    [Test]
    public void A_period_reads_in_the_language()
    {
        var (start, end) = (new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31));
        Assert.Multiple(() =>
        {
            Assert.That(In("en", () => Formats.Period(start, end)), Is.EqualTo("1 Jan 2025 to 31 Dec 2025"));
            Assert.That(In("zh-CN", () => Formats.Period(start, end)), Is.EqualTo("2025年1月1日 至 2025年12月31日"));
        });
    }
}
