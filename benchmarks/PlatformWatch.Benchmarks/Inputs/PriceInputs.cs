using System.Globalization;
using PlatformWatch.Contracts;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.Benchmarks.Inputs;

/// <summary>One price window: its cells in the store's order (product, bucket, cohort, justification, currency).</summary>
internal sealed record PriceSubject(PriceWindow Window, PriceCell[] Cells, PlatformFacts Facts);

/// <summary>
/// Price quotes, as in tests/scenarios/pricing-cn.jsonl: two hotel-booking platforms (one presumed
/// dominant in cn-hotel-booking, one not) in March and April 2024, 24 room products × 10 buckets
/// (date/city/guests) × 3 cohorts, one <see cref="PriceQuoteObserved"/> per cell. Returning iOS users
/// pay 6% more than Android users for a third of the products (flagged), 4% for a third (not), and
/// 10% in only two buckets for the rest (not); new users get a declared 20% promotion (left out).
/// </summary>
internal static class PriceInputs
{
    /// <summary>Platform-month windows.</summary>
    public const int Windows = 4;

    /// <summary>Quotes (and cells) of each window: 24 products × 10 buckets × 3 cohorts.</summary>
    public const int PerWindow = 24 * 10 * 3;

    /// <summary>Quotes over all windows.</summary>
    public const int Quotes = Windows * PerWindow;

    private static readonly string[] Cities = ["shanghai", "beijing", "hangzhou", "chengdu"];

    /// <summary>Every window with its cells.</summary>
    public static IReadOnlyList<PriceSubject> Subjects()
    {
        var facts = new Dictionary<string, PlatformFacts>(StringComparer.Ordinal)
        {
            ["tripnest"] = Build.DominantIn("tripnest", "cn-hotel-booking"),
            ["roomly"] = PlatformFacts.None("roomly"),
        };
        var quotes = Quoted(["tripnest", "roomly"], [new DateOnly(2024, 3, 1), new DateOnly(2024, 4, 1)]);
        return quotes
            .GroupBy(q => (q.PlatformId, q.MarketId, Month: MonthOf(q)))
            .Select(g => new PriceSubject(
                new PriceWindow(g.Key.PlatformId, g.Key.MarketId, DateRange.MonthOf(g.Key.Month), g.Select(q => q.Jurisdiction).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()),
                Cells(g),
                facts[g.Key.PlatformId]))
            .ToList();
    }

    private static List<PriceQuoteObserved> Quoted(string[] platforms, DateOnly[] months)
    {
        var quotes = new List<PriceQuoteObserved>(Quotes);
        foreach (var platform in platforms)
        {
            foreach (var month in months)
            {
                for (var p = 0; p < 24; p++)
                {
                    var product = string.Create(CultureInfo.InvariantCulture, $"hotel-{100 + p}-std");
                    var basePrice = 400m + (15m * p);
                    for (var b = 0; b < 10; b++)
                    {
                        var day = month.AddDays(3 * b);
                        var bucket = string.Create(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd}/{Cities[b % Cities.Length]}/{1 + (b % 2)}");
                        var markup = (p % 3) switch
                        {
                            0 => 0.06m,
                            1 => 0.04m,
                            _ => b < 2 ? 0.10m : 0m,
                        };
                        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
                        quotes.Add(Quote(platform, product, bucket, "returning-ios", decimal.Round(basePrice * (1 + markup), 2), null, at, quotes.Count));
                        quotes.Add(Quote(platform, product, bucket, "returning-android", basePrice, null, at, quotes.Count));
                        quotes.Add(Quote(platform, product, bucket, "new-user", decimal.Round(basePrice * 0.8m, 2), "new-user-promotion", at, quotes.Count));
                    }
                }
            }
        }

        return quotes;
    }

    private static PriceQuoteObserved Quote(string platform, string product, string bucket, string cohort, decimal price, string? justification, DateTimeOffset at, int n) => new()
    {
        EventId = string.Create(CultureInfo.InvariantCulture, $"pq-{n + 1:D6}"),
        OccurredAt = at,
        Source = "sample-price-panel",
        PlatformId = platform,
        MarketId = "cn-hotel-booking",
        Jurisdiction = "CN",
        ProductId = product,
        Bucket = bucket,
        Cohort = cohort,
        Price = new Money { Amount = price, Currency = "CNY" },
        Justification = justification,
    };

    // The calendar month of a quote in its own offset, as the store keys it.
    private static DateOnly MonthOf(PriceQuoteObserved q) => new(q.OccurredAt.Year, q.OccurredAt.Month, 1);

    // What the store keeps of a window's quotes: per cell the lowest and highest price and the quotes
    // showing them (ties to the smaller event id), streamed in (product, bucket, cohort, justification, currency) order.
    private static PriceCell[] Cells(IEnumerable<PriceQuoteObserved> quotes) =>
        quotes
            .GroupBy(q => (q.ProductId, q.Bucket, q.Cohort, Justification: q.Justification ?? "", q.Price.Currency))
            .Select(g =>
            {
                var low = g.OrderBy(q => q.Price.Amount).ThenBy(q => q.EventId, StringComparer.Ordinal).First();
                var high = g.OrderByDescending(q => q.Price.Amount).ThenBy(q => q.EventId, StringComparer.Ordinal).First();
                return new PriceCell(g.Key.ProductId, g.Key.Bucket, g.Key.Cohort, g.Key.Justification, g.Key.Currency, low.Price.Amount, low.EventId, high.Price.Amount, high.EventId, g.Count());
            })
            .OrderBy(c => c.ProductId, StringComparer.Ordinal)
            .ThenBy(c => c.Bucket, StringComparer.Ordinal)
            .ThenBy(c => c.Cohort, StringComparer.Ordinal)
            .ThenBy(c => c.Justification, StringComparer.Ordinal)
            .ThenBy(c => c.Currency, StringComparer.Ordinal)
            .ToArray();
}
