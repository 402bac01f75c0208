using System.Globalization;
using PlatformWatch.Contracts;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Benchmarks.Inputs;

/// <summary>
/// Market shares: 12 markets (8 CN, 4 EU), 6 platforms each, 2 metrics (GMV, orders), 8 quarters
/// of 2024–2025 and the two years — one <see cref="MarketShareReported"/> per figure. The leader
/// climbs from about 40% to above 50% (single dominance, the crossing of 1/2, rapid gain, AKZO and
/// the 40% watch), the top two and three come near 2/3 and 3/4, HHI rises past 1800.
/// </summary>
internal static class MarketInputs
{
    /// <summary>Markets.</summary>
    public const int Markets = 12;

    /// <summary>Share figures over all markets: 12 × 6 platforms × 2 metrics × 10 periods.</summary>
    public const int Figures = Markets * 6 * 2 * 10;

    private static readonly (string Id, string Jurisdiction, string[] Platforms)[] Catalogue =
    [
        ("cn-ride-hailing", "CN", ["rideon", "cabby", "zipgo", "hopcar", "metrocab", "gogo-ride"]),
        ("cn-food-delivery", "CN", ["quickbite", "dishdash", "yumgo", "snackly", "hotpot-go", "fastfeast"]),
        ("cn-online-retail", "CN", ["shopco", "dealmart", "bargainly", "buyhub", "cartcity", "megamall"]),
        ("cn-hotel-booking", "CN", ["tripnest", "roomly", "staywise", "lodgego", "bedbank", "innfinder"]),
        ("cn-short-video", "CN", ["clipzy", "vidwave", "snapreel", "loopy", "flickit", "momentz"]),
        ("cn-mobile-payments", "CN", ["paynow", "walletly", "coinpath", "zappay", "tapcash", "quickpay"]),
        ("cn-app-stores", "CN", ["appmart", "droidhub", "getapps", "apphaven", "storely", "appnest"]),
        ("cn-cloud-storage", "CN", ["cloudbox", "skyvault", "datanest", "driveup", "storagio", "bitbarn"]),
        ("eu-online-marketplaces", "EU", ["bazaarly", "shopsy", "marketeu", "tradezone", "kaufhub", "achatplus"]),
        ("eu-app-stores", "EU", ["appmart", "droidhub", "europlay", "appvault", "storebeam", "appcorner"]),
        ("eu-search-ads", "EU", ["seekly", "findwise", "adreach", "querynet", "lookfar", "searchio"]),
        ("eu-food-delivery", "EU", ["dishdash", "eatnow", "lunchbox", "foodfly", "menugo", "platepal"]),
    ];

    private static readonly ShareMetric[] MetricsReported = [ShareMetric.Gmv, ShareMetric.Orders];

    /// <summary>Every share report, in a fixed order with fixed event ids.</summary>
    public static IReadOnlyList<MarketShareReported> Reports()
    {
        var reports = new List<MarketShareReported>(Figures);
        for (var m = 0; m < Catalogue.Length; m++)
        {
            var (marketId, jurisdiction, platforms) = Catalogue[m];
            foreach (var metric in MetricsReported)
            {
                foreach (var (period, at) in Periods())
                {
                    for (var i = 0; i < platforms.Length; i++)
                    {
                        reports.Add(new MarketShareReported
                        {
                            EventId = string.Create(CultureInfo.InvariantCulture, $"ms-{reports.Count + 1:D6}"),
                            OccurredAt = Build.Midnight(period.End.AddDays(35)),
                            Source = "sample-stats-bureau",
                            MarketId = marketId,
                            Jurisdiction = jurisdiction,
                            PeriodStart = period.Start,
                            PeriodEnd = period.End,
                            PlatformId = platforms[i],
                            Metric = metric,
                            Share = Share(m, metric, i, at),
                        });
                    }
                }
            }
        }

        return reports;
    }

    /// <summary>A report as the case store hands it to the engine (the latest figure of its key).</summary>
    public static ShareFigure ToFigure(MarketShareReported e) =>
        new(e.MarketId, e.Metric, new DateRange(e.PeriodStart, e.PeriodEnd), e.PlatformId, e.Share, e.Jurisdiction, e.EventId, e.OccurredAt);

    /// <summary>One picture per market.</summary>
    public static List<MarketPicture> Pictures(IEnumerable<MarketShareReported> reports) =>
        reports.GroupBy(r => r.MarketId, StringComparer.Ordinal).Select(g => MarketPicture.From(g.Key, g.Select(ToFigure))).ToList();

    // The eight quarters of 2024–2025 and the two years; `at` is the point of the trend (in quarters) a period shows.
    private static IEnumerable<(DateRange Period, decimal At)> Periods()
    {
        var start = new DateOnly(2024, 1, 1);
        for (var q = 0; q < 8; q++)
        {
            var from = start.AddMonths(3 * q);
            yield return (new DateRange(from, from.AddMonths(3).AddDays(-1)), q);
        }

        yield return (new DateRange(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)), 1.5m);
        yield return (new DateRange(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), 5.5m);
    }

    // Shares that add up to 0.94–0.995: the leader gains 1.5 points a quarter, the second loses one.
    private static decimal Share(int market, ShareMetric metric, int rank, decimal at)
    {
        var orders = metric == ShareMetric.Orders ? 1 : 0;
        var share = rank switch
        {
            0 => 0.40m + (0.01m * (market % 4)) + (0.015m * at) - (0.02m * orders),
            1 => 0.24m + (0.005m * (market % 3)) - (0.01m * at) + (0.02m * orders),
            2 => 0.12m + (0.002m * at),
            3 => 0.08m,
            4 => 0.05m - (0.002m * at),
            _ => 0.03m,
        };
        return decimal.Round(share, 4);
    }
}
