using System.Globalization;
using System.Text;

namespace PlatformWatch.Cli.Simulation;

/// <summary>What to simulate.</summary>
public sealed record SimulationSettings(int Seed, int Markets, int Platforms, int Days)
{
    /// <summary>The first day simulated.</summary>
    public static readonly DateOnly Start = new(2024, 1, 1);
}

/// <summary>One market of the simulation: who is in it, its shares per quarter, what it plants.</summary>
public sealed record SimulatedMarket(string MarketId, string Jurisdiction, string Kind, IReadOnlyList<string> Platforms, IReadOnlyList<IReadOnlyDictionary<string, decimal>> Shares);

/// <summary>An exclusive-dealing observation planted in a market.</summary>
public sealed record SimulatedConduct(string EventId, string PlatformId, string MarketId, DateOnly From, DateOnly To, bool Enforced);

/// <summary>Personalised prices planted in a market: two cohorts, one paying <c>Spread</c> more, in <c>Buckets</c> buckets of one product in one month.</summary>
public sealed record SimulatedPricing(string Id, string PlatformId, string MarketId, DateOnly Month, int Buckets, decimal Spread);

/// <summary>An acquisition planted in a market: above the notification thresholds or not, intra-group or not, never notified.</summary>
public sealed record SimulatedAcquisition(string EventId, string AcquirerId, string TargetId, string MarketId, DateOnly SignedAt, bool AboveThresholds, bool IntraGroup);

/// <summary>Self-preferencing rankings planted in a market: <c>Pages</c> results pages in a month, each with the platform's own item above four more relevant third-party items.</summary>
public sealed record SimulatedRankings(string Id, string PlatformId, string MarketId, DateOnly Month, int Pages);

/// <summary>The simulated world: quarters, markets, conduct, prices, acquisitions and rankings.</summary>
public sealed record Simulation(
    SimulationSettings Settings,
    IReadOnlyList<(DateOnly Start, DateOnly End)> Quarters,
    IReadOnlyList<SimulatedMarket> Markets,
    IReadOnlyList<SimulatedConduct> Conduct,
    IReadOnlyList<SimulatedPricing> Pricing,
    IReadOnlyList<SimulatedAcquisition> Acquisitions,
    IReadOnlyList<SimulatedRankings> Rankings);

/// <summary>
/// A deterministic market simulator: the same seed gives the same stream, byte for byte. Markets
/// in China and the EU with quarterly shares (gmv) of four to eight platforms drawn from a pool;
/// most markets are fragmented and quiet, and some carry planted structures — a dominant platform,
/// a duopoly, a leader crossing one half, a leader in the 40–50% watch band — with small
/// quarter-to-quarter noise; in Chinese markets, "choose one of two" exclusive dealing, with
/// punitive enforcement or with incentives only, by dominant and by small platforms; personalised
/// prices (spreads of 4, 6 or 10% between two cohorts in two to four buckets of a month); and
/// acquisitions above or under the notification thresholds, some intra-group, none notified; and
/// months of rankings that put the platform's own item above four more relevant ones (7 pages: 28
/// first-party pairs, under the 30 needed; 8 pages: 32). Shares
/// have two decimals and never sum above 0.98.
/// </summary>
public static class MarketSimulator
{
    private static readonly decimal[] Spreads = [0.04m, 0.06m, 0.10m];

    private static readonly string[] Kinds = ["quiet", "quiet", "quiet", "quiet", "dominant", "dominant", "duopoly", "crossing", "crossing", "watch"];

    /// <summary>Builds the world from the settings.</summary>
    public static Simulation Build(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var random = new Random(settings.Seed);
        var quarters = new List<(DateOnly, DateOnly)>();
        var end = SimulationSettings.Start.AddDays(Math.Max(1, settings.Days) - 1);
        for (var q = SimulationSettings.Start; q <= end; q = q.AddMonths(3))
        {
            quarters.Add((q, q.AddMonths(3).AddDays(-1)));
        }

        var pool = Enumerable.Range(1, Math.Max(4, settings.Platforms)).Select(i => string.Create(CultureInfo.InvariantCulture, $"sim-p{i:000}")).ToList();
        var markets = new List<SimulatedMarket>();
        var conduct = new List<SimulatedConduct>();
        var pricing = new List<SimulatedPricing>();
        var acquisitions = new List<SimulatedAcquisition>();
        var rankings = new List<SimulatedRankings>();
        var lastDay = quarters[^1].Item2;
        for (var m = 1; m <= settings.Markets; m++)
        {
            var jurisdiction = m % 2 == 1 ? "CN" : "EU";
            var marketId = string.Create(CultureInfo.InvariantCulture, $"sim-{jurisdiction.ToLowerInvariant()}-m{m:000}");
            var kind = Kinds[random.Next(Kinds.Length)];
            var count = Math.Min(pool.Count, 4 + random.Next(5));
            var members = pool.OrderBy(_ => random.Next()).Take(count).ToList();
            var shares = new List<IReadOnlyDictionary<string, decimal>>();
            for (var q = 0; q < quarters.Count; q++)
            {
                shares.Add(Quarter(random, kind, members, q, quarters.Count));
            }

            markets.Add(new SimulatedMarket(marketId, jurisdiction, kind, members, shares));
            if (jurisdiction == "CN" && random.Next(2) == 0)
            {
                var q = random.Next(quarters.Count);
                var from = quarters[q].Item1.AddDays(random.Next(30));
                var to = from.AddDays(20 + random.Next(40));
                to = to > quarters[q].Item2 ? quarters[q].Item2 : to;
                var platform = random.Next(3) == 0 ? members[random.Next(members.Count)] : members[0];
                conduct.Add(new SimulatedConduct(string.Create(CultureInfo.InvariantCulture, $"sim-c{m:000}"), platform, marketId, from, to, random.Next(10) < 7));
            }

            if (jurisdiction == "CN" && random.Next(5) < 2)
            {
                var month = SimulationSettings.Start.AddMonths(random.Next(Math.Max(1, (quarters.Count * 3) - 1)));
                month = month > lastDay ? new DateOnly(lastDay.Year, lastDay.Month, 1) : month;
                pricing.Add(new SimulatedPricing(string.Create(CultureInfo.InvariantCulture, $"sim-pq{m:000}"), members[random.Next(members.Count)], marketId, month, 2 + random.Next(3), Spreads[random.Next(Spreads.Length)]));
            }

            if (jurisdiction == "CN" && random.Next(10) < 3)
            {
                var month = SimulationSettings.Start.AddMonths(random.Next(Math.Max(1, (quarters.Count * 3) - 1)));
                month = month > lastDay ? new DateOnly(lastDay.Year, lastDay.Month, 1) : month;
                rankings.Add(new SimulatedRankings(string.Create(CultureInfo.InvariantCulture, $"sim-rk{m:000}"), random.Next(3) == 0 ? members[random.Next(members.Count)] : members[0], marketId, month, 7 + random.Next(2)));
            }

            if (jurisdiction == "CN" && random.Next(4) == 0)
            {
                var signed = SimulationSettings.Start.AddDays(30 + random.Next(Math.Max(1, lastDay.DayNumber - SimulationSettings.Start.DayNumber - 30)));
                acquisitions.Add(new SimulatedAcquisition(string.Create(CultureInfo.InvariantCulture, $"sim-acq{m:000}"), members[0], string.Create(CultureInfo.InvariantCulture, $"sim-target{m:000}"),
                    marketId, signed, random.Next(2) == 0, random.Next(5) == 0));
            }
        }

        return new Simulation(settings, quarters, markets, conduct, pricing, acquisitions, rankings);
    }

    // One quarter's shares: the planted leaders first (members[0], members[1]), then small ones.
    private static Dictionary<string, decimal> Quarter(Random random, string kind, List<string> members, int quarter, int quarters)
    {
        decimal Noise() => (random.Next(5) - 2) / 100m;
        var shares = new Dictionary<string, decimal>(StringComparer.Ordinal);
        switch (kind)
        {
            case "dominant":
                shares[members[0]] = 0.58m + Noise();
                break;
            case "duopoly":
                shares[members[0]] = 0.36m + Noise();
                shares[members[1]] = 0.33m + Noise();
                break;
            case "crossing":
                shares[members[0]] = (quarter < quarters / 2 ? 0.42m : 0.55m) + Noise();
                break;
            case "watch":
                shares[members[0]] = 0.45m + Noise();
                break;
        }

        var left = 0.98m - shares.Values.Sum();
        foreach (var platform in members.Where(p => !shares.ContainsKey(p)))
        {
            var share = Math.Min(left, (1 + random.Next(8)) / 100m);
            if (share <= 0)
            {
                break;
            }

            shares[platform] = share;
            left -= share;
        }

        return shares;
    }

    /// <summary>The stream as JSONL, in the order events would arrive (by quarter, then market).</summary>
    public static string Jsonl(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var text = new StringBuilder();
        for (var q = 0; q < simulation.Quarters.Count; q++)
        {
            var (start, end) = simulation.Quarters[q];
            var reportedAt = end.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var market in simulation.Markets)
            {
                foreach (var (platform, share) in market.Shares[q])
                {
                    text.Append(CultureInfo.InvariantCulture,
                        $$"""{"type":"MarketShareReported","eventId":"sim-ms-{{market.MarketId}}-{{start:yyyyMMdd}}-{{platform}}","occurredAt":"{{reportedAt}}T00:00:00Z","source":"simulator","marketId":"{{market.MarketId}}","jurisdiction":"{{market.Jurisdiction}}","periodStart":"{{start:yyyy-MM-dd}}","periodEnd":"{{end:yyyy-MM-dd}}","platformId":"{{platform}}","metric":"gmv","share":{{share.ToString(CultureInfo.InvariantCulture)}}}""").Append('\n');
                }
            }

            foreach (var p in simulation.Pricing.Where(p => p.Month >= start && p.Month <= end))
            {
                for (var b = 0; b < p.Buckets; b++)
                {
                    var day = p.Month.AddDays(3 + (7 * b));
                    var bucket = string.Create(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd}/shanghai/1");
                    foreach (var (cohort, price) in new[] { ("returning-android", 600m), ("returning-ios", 600m * (1 + p.Spread)) })
                    {
                        text.Append(CultureInfo.InvariantCulture,
                            $$"""{"type":"PriceQuoteObserved","eventId":"{{p.Id}}-{{b}}-{{cohort}}","occurredAt":"{{day:yyyy-MM-dd}}T10:00:00Z","source":"simulator","platformId":"{{p.PlatformId}}","marketId":"{{p.MarketId}}","jurisdiction":"CN","productId":"{{p.Id}}-room","bucket":"{{bucket}}","cohort":"{{cohort}}","price":{"amount":{{price.ToString("0.##", CultureInfo.InvariantCulture)}},"currency":"CNY"} }""").Append('\n');
                    }
                }
            }

            foreach (var r in simulation.Rankings.Where(r => r.Month >= start && r.Month <= end))
            {
                for (var page = 0; page < r.Pages; page++)
                {
                    text.Append(CultureInfo.InvariantCulture,
                        $$"""{"type":"RankingObserved","eventId":"{{r.Id}}-{{page}}","occurredAt":"{{r.Month.AddDays(page):yyyy-MM-dd}}T12:00:00Z","source":"simulator","platformId":"{{r.PlatformId}}","marketId":"{{r.MarketId}}","jurisdiction":"CN","queryId":"q-{{page}}","results":[{"itemId":"own-{{page}}","position":1,"firstParty":true,"relevance":0.3},{"itemId":"t-{{page}}-1","position":2,"firstParty":false,"relevance":0.9},{"itemId":"t-{{page}}-2","position":3,"firstParty":false,"relevance":0.8},{"itemId":"t-{{page}}-3","position":4,"firstParty":false,"relevance":0.7},{"itemId":"t-{{page}}-4","position":5,"firstParty":false,"relevance":0.6}]}""").Append('\n');
                }
            }

            foreach (var a in simulation.Acquisitions.Where(a => a.SignedAt >= start && a.SignedAt <= end))
            {
                var (world, cn) = a.AboveThresholds ? ("3000000000", "2500000000") : ("200000000", "200000000");
                text.Append(CultureInfo.InvariantCulture,
                    $$"""{"type":"AcquisitionAnnounced","eventId":"{{a.EventId}}","occurredAt":"{{a.SignedAt:yyyy-MM-dd}}T00:00:00Z","source":"simulator","acquirerId":"{{a.AcquirerId}}","targetId":"{{a.TargetId}}","signedAt":"{{a.SignedAt:yyyy-MM-dd}}","controlAcquired":true,"intraGroup":{{(a.IntraGroup ? "true" : "false")}},"parties":[{"partyId":"{{a.AcquirerId}}","turnoverWorld":{"amount":600000000000,"currency":"CNY"},"turnoverCn":{"amount":500000000000,"currency":"CNY"} },{"partyId":"{{a.TargetId}}","turnoverWorld":{"amount":{{world}},"currency":"CNY"},"turnoverCn":{"amount":{{cn}},"currency":"CNY"} }],"notifications":[],"targetServices":["logistics"],"targetMarketId":"{{a.MarketId}}"}""").Append('\n');
            }

            foreach (var c in simulation.Conduct.Where(c => c.From >= start && c.From <= end))
            {
                var pressure = c.Enforced ? "\"enforcement\":[\"search-downranking\",\"store-blocking\"]" : "\"incentives\":[\"subsidy\"]";
                text.Append(CultureInfo.InvariantCulture,
                    $$"""{"type":"ConductObserved","eventId":"{{c.EventId}}","occurredAt":"{{c.To:yyyy-MM-dd}}T00:00:00Z","source":"simulator","platformId":"{{c.PlatformId}}","marketId":"{{c.MarketId}}","jurisdiction":"CN","conduct":"exclusive-dealing","observedFrom":"{{c.From:yyyy-MM-dd}}","observedTo":"{{c.To:yyyy-MM-dd}}","counterparty":"merchants","affectedCount":{{100 + (c.EventId.Length * 37)}},{{pressure}}}""").Append('\n');
            }
        }

        return text.ToString();
    }
}
