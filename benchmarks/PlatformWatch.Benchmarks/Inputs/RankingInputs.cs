using System.Globalization;
using PlatformWatch.Contracts;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.Benchmarks.Inputs;

/// <summary>
/// Results pages, as in tests/scenarios/dma-gatekeeper.jsonl but larger: an EU gatekeeper
/// (bazaarly, eu-online-marketplaces) and a platform presumed dominant in China (shopco,
/// cn-online-retail), September to November 2024, 100 pages a month each of 20 results with 4
/// first-party items (less relevant, on average, than the third-party ones). On half the pages the
/// own items are pushed to the top regardless of relevance; elsewhere results follow relevance with
/// a few neighbours swapped. Generated from a
/// fixed seed, so every run sees the same pages.
/// </summary>
internal static class RankingInputs
{
    /// <summary>Platform-market-month windows.</summary>
    public const int Windows = 6;

    /// <summary>Pages of each window.</summary>
    public const int PerWindow = 100;

    /// <summary>Pages over all windows.</summary>
    public const int Pages = Windows * PerWindow;

    private const int Results = 20;
    private const int FirstParty = 4;

    /// <summary>Every page, in event id order.</summary>
    public static IReadOnlyList<RankingObserved> Observed()
    {
        var random = new Random(20240901);
        var pages = new List<RankingObserved>(Pages);
        foreach (var (platform, market, jurisdiction) in new[] { ("bazaarly", "eu-online-marketplaces", "EU"), ("shopco", "cn-online-retail", "CN") })
        {
            for (var month = 9; month <= 11; month++)
            {
                for (var n = 0; n < PerWindow; n++)
                {
                    var at = new DateTimeOffset(2024, month, 1 + (n % 28), 12, n % 60, 0, TimeSpan.Zero);
                    pages.Add(new RankingObserved
                    {
                        EventId = string.Create(CultureInfo.InvariantCulture, $"rk-{pages.Count + 1:D6}"),
                        OccurredAt = at,
                        Source = "sample-crawler",
                        PlatformId = platform,
                        MarketId = market,
                        Jurisdiction = jurisdiction,
                        QueryId = string.Create(CultureInfo.InvariantCulture, $"q-{n % 40}"),
                        Results = Page(random, selfPreferring: n % 2 == 0),
                    });
                }
            }
        }

        return pages;
    }

    /// <summary>What each platform's rules read about it.</summary>
    public static Dictionary<string, PlatformFacts> Facts() => new(StringComparer.Ordinal)
    {
        ["bazaarly"] = Build.Gatekeeper("bazaarly"),
        ["shopco"] = Build.DominantIn("shopco", "cn-online-retail"),
    };

    /// <summary>The month a page counts in (its timestamp's own offset), as the store keys it.</summary>
    public static DateOnly MonthOf(RankingObserved page) => new(page.OccurredAt.Year, page.OccurredAt.Month, 1);

    private static List<RankedResult> Page(Random random, bool selfPreferring)
    {
        var items = Enumerable.Range(0, Results)
            .Select(i => (Id: i < FirstParty ? $"own-{i}" : $"t-{i}", FirstParty: i < FirstParty, Relevance: decimal.Round((decimal)((random.NextDouble() * (i < FirstParty ? 0.6 : 0.94)) + 0.05), 2)))
            .ToList();
        var order = selfPreferring
            ? items.OrderByDescending(x => x.FirstParty).ThenByDescending(x => x.Relevance).ToList()
            : items.OrderByDescending(x => x.Relevance).ToList();
        for (var i = 0; i + 1 < order.Count; i++)
        {
            if (random.NextDouble() < 0.1)
            {
                (order[i], order[i + 1]) = (order[i + 1], order[i]);
            }
        }

        return order.Select((x, i) => new RankedResult { ItemId = x.Id, Position = i + 1, FirstParty = x.FirstParty, Relevance = x.Relevance }).ToList();
    }
}

/// <summary>
/// The in-memory counterpart of the store's ranking tables: each page's pair counts (computed when
/// the page arrives, <see cref="PageCounts.Of"/>) summed into its platform-market-month window.
/// </summary>
internal sealed class RankingTally(string platformId, string marketId, DateOnly month)
{
    private readonly List<string> _evidence = [];
    private readonly List<string> _jurisdictions = [];
    private long _pages;
    private long _fpInversions, _fpPairs, _baseInversions, _basePairs;

    /// <summary>Adds one page.</summary>
    public void Add(RankingObserved page, PageCounts counts)
    {
        _pages++;
        _fpInversions += counts.FirstPartyInversions;
        _fpPairs += counts.FirstPartyPairs;
        _baseInversions += counts.BaselineInversions;
        _basePairs += counts.BaselinePairs;
        if (counts.FirstPartyInversions > 0)
        {
            _evidence.Add(page.EventId);
        }

        if (!_jurisdictions.Contains(page.Jurisdiction, StringComparer.Ordinal))
        {
            _jurisdictions.Add(page.Jurisdiction);
        }
    }

    /// <summary>The window the engine evaluates (evidence in event id order, as the store selects it).</summary>
    public RankingWindow Window()
    {
        _evidence.Sort(StringComparer.Ordinal);
        _jurisdictions.Sort(StringComparer.Ordinal);
        return new RankingWindow(platformId, marketId, DateRange.MonthOf(month), _jurisdictions, _pages,
            new PageCounts(_fpInversions, _fpPairs, _baseInversions, _basePairs), _evidence);
    }
}
