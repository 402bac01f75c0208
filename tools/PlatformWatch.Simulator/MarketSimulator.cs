using System.Globalization;
using System.Text;

namespace PlatformWatch.Simulator;

/// <summary>What to simulate.</summary>
public sealed record SimulationSettings(int Seed, int Markets, int Platforms, int Days)
{
    /// <summary>The first day simulated.</summary>
    public static readonly DateOnly Start = new(2024, 1, 1);

    /// <summary>The last day simulated (the default evaluation date of the ground truth).</summary>
    public DateOnly LastDay => Start.AddDays(Math.Max(1, Days) - 1);
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
public sealed record SimulatedRankings(string Id, string PlatformId, string MarketId, DateOnly Month, int Pages, string Jurisdiction = "CN");

/// <summary>One financial year (a calendar year) of a platform's profile: EU and worldwide turnover and market capitalisation in EUR, and its one core platform service.</summary>
public sealed record SimulatedYear(int FiscalYear, DateOnly ReportedOn, decimal EuTurnover, decimal WorldTurnover, decimal? MarketCapitalisation, long MonthlyActiveEndUsers, long YearlyActiveBusinessUsers, int MemberStates, long? AnnualActiveUsersCn);

/// <summary>A platform's yearly profiles, shaped by <c>Variant</c> to meet the DMA Art. 3(2) thresholds or to miss one condition narrowly.</summary>
public sealed record SimulatedProfile(string PlatformId, string Variant, IReadOnlyList<SimulatedYear> Years);

/// <summary>A DMA gatekeeper designation (EU), its obligations applying from <c>ObligationsFrom</c>.</summary>
public sealed record SimulatedDesignation(string DesignationId, string PlatformId, DateOnly DecidedAt, DateOnly ObligationsFrom);

/// <summary>A parity clause (DMA Art. 5(3)) observed in an EU market.</summary>
public sealed record SimulatedParity(string EventId, string PlatformId, string MarketId, DateOnly From, DateOnly To, string Scope);

/// <summary>A reporting obligation: due dates and the sections its reports must have.</summary>
public sealed record SimulatedObligation(string ObligationId, string PlatformId, string Jurisdiction, string ReportType, DateOnly SetOn, IReadOnlyList<DateOnly> DueDates, IReadOnlyList<string> RequiredSections, string LegalBasis);

/// <summary>A submitted report: its period, the day submitted (at noon UTC), its sections and the conduct it claims <c>none</c> of.</summary>
public sealed record SimulatedReport(string ReportId, string PlatformId, string Jurisdiction, string ReportType, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly SubmittedOn, IReadOnlyList<string> Sections, IReadOnlyList<string> Denied);

/// <summary>The simulated world: quarters, markets, conduct, prices, acquisitions, rankings, platform profiles, designations, parity clauses, obligations and reports.</summary>
public sealed record Simulation(
    SimulationSettings Settings,
    IReadOnlyList<(DateOnly Start, DateOnly End)> Quarters,
    IReadOnlyList<SimulatedMarket> Markets,
    IReadOnlyList<SimulatedConduct> Conduct,
    IReadOnlyList<SimulatedPricing> Pricing,
    IReadOnlyList<SimulatedAcquisition> Acquisitions,
    IReadOnlyList<SimulatedRankings> Rankings,
    IReadOnlyList<SimulatedProfile> Profiles,
    IReadOnlyList<SimulatedDesignation> Designations,
    IReadOnlyList<SimulatedParity> Parity,
    IReadOnlyList<SimulatedObligation> Obligations,
    IReadOnlyList<SimulatedReport> Reports);

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
/// first-party pairs, under the 30 needed; 8 pages: 32). Shares have two decimals and never sum
/// above 0.98.
/// <para>
/// Then, for a third of the pool (at least three platforms), yearly platform profiles (fiscal
/// 2021–2023 filed on 2024-04-30, later years on 30 April of the next year): meeting the DMA Art.
/// 3(2) presumption by turnover (one year at exactly EUR 7.5 bn, 45 M users, 10,000 business users)
/// or by market capitalisation (exactly EUR 75 bn, three member states), or missing one condition
/// narrowly (44.9 M users in one year, EUR 7,499,999,999 in one year, EUR 74.9 bn, 9,999 business
/// users, two member states), and, in pools of 15 or more, a Chinese super platform by the 2021
/// draft grading (a rule disabled by default). The platforms meeting the presumption are designated
/// gatekeepers in the EU (obligations from the last day of a month in August–November 2024). Around
/// each designation, in an EU market: self-preferencing rankings in the month the obligations start
/// (a gatekeeper on the period's last day), the month before, and later months with 7 and 8 pages,
/// and 8 pages by each platform with a profile that is not designated; parity clauses ending on the
/// day obligations start and ending before, and one by a platform that is not designated.
/// Gatekeepers also become acquirers that did not inform the Commission (DMA Art. 14) where they
/// sign one of the acquisitions above after their obligations start. Art. 11 and Art. 15 reporting
/// obligations (due when obligations start, then yearly) with reports on the due date, a day late,
/// ten days late, early or never, one lacking a required section, claiming no parity clause and no
/// self-preferencing (contradicted by the findings of the period before the obligations start, not
/// by the one after). In China, a remedy self-inspection obligation (due 3, 6 and 9 months after
/// the conduct, and for the first also on the last simulated day) for each platform with planted
/// exclusive dealing, with reports on time, late and missing that claim no exclusive dealing over
/// the conduct's period and after it. New events all happen on or before the last simulated day;
/// the stream is in time order (occurredAt; ties in the order written).
/// </para>
/// </summary>
public static class MarketSimulator
{
    private static readonly decimal[] Spreads = [0.04m, 0.06m, 0.10m];

    private static readonly string[] Kinds = ["quiet", "quiet", "quiet", "quiet", "dominant", "dominant", "duopoly", "crossing", "crossing", "watch"];

    // The profile variants, in the order the chosen platforms take them (the first two meet the presumption).
    private static readonly string[] Variants = ["gatekeeper", "capitalisation", "users-short", "turnover-short", "cn-super", "capitalisation-short", "business-short", "member-states-short"];

    private static readonly string[] Art11Sections = ["measures", "data-portability", "interoperability"];

    private static readonly string[] Art11SectionsWithoutInteroperability = ["measures", "data-portability"];

    private static readonly string[] Art15Sections = ["techniques", "audit-opinion"];

    private static readonly string[] Art15SectionsWithoutOpinion = ["techniques"];

    private static readonly string[] RemedySections = ["rectification"];

    private static readonly string[] DeniedInArt11First = ["parity-clause", "self-preferencing"];

    private static readonly string[] DeniedInArt11Later = ["parity-clause"];

    private static readonly string[] DeniedInRemedy = ["exclusive-dealing"];

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

        // Everything below draws after the markets, so that what they plant stays the same.
        var until = settings.LastDay;
        var profiles = Profiles(random, pool, until);
        var designations = new List<SimulatedDesignation>();
        foreach (var profile in profiles.Where(p => p.Variant is "gatekeeper" or "capitalisation"))
        {
            var obligationsFrom = new DateOnly(2024, 8, 1).AddMonths(1 + random.Next(4)).AddDays(-1);
            var decidedAt = obligationsFrom.AddMonths(-6);
            if (decidedAt <= until)
            {
                designations.Add(new SimulatedDesignation("sim-dma-" + profile.PlatformId, profile.PlatformId, decidedAt, obligationsFrom));
            }
        }

        var parity = new List<SimulatedParity>();
        var euMarkets = markets.Where(m => m.Jurisdiction == "EU").Select(m => m.MarketId).ToList();
        if (euMarkets.Count > 0)
        {
            void Rank(string platform, string market, DateOnly month, int pages)
            {
                if (month.AddDays(pages - 1) <= until)
                {
                    rankings.Add(new SimulatedRankings(string.Create(CultureInfo.InvariantCulture, $"sim-eurk-{platform}-{month:yyyyMM}"), platform, market, month, pages, "EU"));
                }
            }

            void Parity(string platform, string market, DateOnly from, DateOnly to, string scope)
            {
                if (to <= until)
                {
                    parity.Add(new SimulatedParity(string.Create(CultureInfo.InvariantCulture, $"sim-par-{platform}-{from:yyyyMMdd}"), platform, market, from, to, scope));
                }
            }

            foreach (var d in designations)
            {
                // The month obligations start in (a gatekeeper on its last day), the month before, then 7 and 8 pages.
                var market = euMarkets[random.Next(euMarkets.Count)];
                var month = new DateOnly(d.ObligationsFrom.Year, d.ObligationsFrom.Month, 1);
                Rank(d.PlatformId, market, month.AddMonths(-1), 8);
                Rank(d.PlatformId, market, month, 8);
                Rank(d.PlatformId, market, month.AddMonths(2), 7);
                Rank(d.PlatformId, market, month.AddMonths(3), 8);
                Parity(d.PlatformId, market, d.ObligationsFrom.AddDays(-100), d.ObligationsFrom.AddDays(-60), "narrow");
                Parity(d.PlatformId, market, d.ObligationsFrom.AddDays(-40), d.ObligationsFrom, "wide");
            }

            var others = profiles.Where(p => designations.All(d => d.PlatformId != p.PlatformId)).ToList();
            foreach (var other in others)
            {
                // Meeting thresholds (or nearly) is no designation: no gatekeeper finding.
                Rank(other.PlatformId, euMarkets[random.Next(euMarkets.Count)], new DateOnly(2024, 6, 1).AddMonths(random.Next(6)), 8);
            }

            if (others.Count > 0)
            {
                Parity(others[0].PlatformId, euMarkets[random.Next(euMarkets.Count)], new DateOnly(2024, 9, 1), new DateOnly(2024, 10, 15), "wide");
            }
        }

        var obligations = new List<SimulatedObligation>();
        var reports = new List<SimulatedReport>();
        void Report(string id, SimulatedObligation o, int due, DateOnly start, DateOnly? submitted, IReadOnlyList<string> sections, IReadOnlyList<string> denied)
        {
            if (submitted is { } on && on <= until)
            {
                reports.Add(new SimulatedReport(id, o.PlatformId, o.Jurisdiction, o.ReportType, start, o.DueDates[due], on, sections, denied));
            }
        }

        for (var j = 0; j < designations.Count; j++)
        {
            var d = designations[j];
            var dues = new[] { d.ObligationsFrom, d.ObligationsFrom.AddYears(1), d.ObligationsFrom.AddYears(2) };
            var art11 = new SimulatedObligation($"sim-art11-{d.PlatformId}", d.PlatformId, "EU", "dma-art11-compliance", d.DecidedAt, dues, Art11Sections, "DMA Art. 11(1)");
            var art15 = new SimulatedObligation($"sim-art15-{d.PlatformId}", d.PlatformId, "EU", "dma-art15-profiling-audit", d.DecidedAt, dues[..2], Art15Sections, "DMA Art. 15(1)");
            obligations.Add(art11);
            obligations.Add(art15);

            // Reports cover the days since the previous due date (the first: since the designation).
            if (j % 2 == 0)
            {
                Report($"sim-r11-{d.PlatformId}-1", art11, 0, d.DecidedAt, dues[0], Art11Sections, DeniedInArt11First);
                Report($"sim-r11-{d.PlatformId}-2", art11, 1, dues[0].AddDays(1), dues[1].AddDays(10), Art11Sections, DeniedInArt11Later);
                Report($"sim-r15-{d.PlatformId}-1", art15, 0, d.DecidedAt, dues[0].AddDays(-1), Art15SectionsWithoutOpinion, []);
            }
            else
            {
                Report($"sim-r11-{d.PlatformId}-1", art11, 0, d.DecidedAt, dues[0].AddDays(1), Art11SectionsWithoutInteroperability, DeniedInArt11First);
                Report($"sim-r11-{d.PlatformId}-2", art11, 1, dues[0].AddDays(1), dues[1].AddDays(-20), Art11Sections, DeniedInArt11Later);
                Report($"sim-r15-{d.PlatformId}-1", art15, 0, d.DecidedAt, dues[0].AddDays(1), Art15Sections, []);
                Report($"sim-r15-{d.PlatformId}-2", art15, 1, dues[0].AddDays(1), dues[1].AddDays(-1), Art15Sections, []);
            }
        }

        var remedied = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in conduct.Where(c => c.To.AddDays(1) <= until && remedied.Add(c.PlatformId)))
        {
            var i = remedied.Count - 1;
            var dues = new List<DateOnly> { c.To.AddMonths(3), c.To.AddMonths(6), c.To.AddMonths(9) };
            if (i == 0 && until > dues[^1])
            {
                dues.Add(until);
            }

            var remedy = new SimulatedObligation($"sim-remedy-{c.PlatformId}", c.PlatformId, "CN", "cn-remedy-self-inspection", c.To.AddDays(1), dues, RemedySections, "SAMR administrative guidance (remedy)");
            obligations.Add(remedy);
            (int Due, int Offset)[] submitted = (i % 3) switch
            {
                0 => [(0, -2), (1, 5)],
                1 => [(0, 0), (1, -1), (2, 0)],
                _ => [(1, -3), (2, 1)],
            };
            foreach (var (due, offset) in submitted)
            {
                Report($"sim-ri-{c.PlatformId}-{due + 1}", remedy, due, due == 0 ? c.From : dues[due - 1], dues[due].AddDays(offset), RemedySections, DeniedInRemedy);
            }
        }

        return new Simulation(settings, quarters, markets, conduct, pricing, acquisitions, rankings, profiles, designations, parity, obligations, reports);
    }

    // Yearly profiles of a third of the pool (at least three platforms), fiscal years filed by the last simulated day.
    private static List<SimulatedProfile> Profiles(Random random, List<string> pool, DateOnly until)
    {
        var chosen = pool.OrderBy(_ => random.Next()).Take(Math.Min(pool.Count, Math.Max(3, pool.Count / 3))).ToList();
        var profiles = new List<SimulatedProfile>();
        for (var i = 0; i < chosen.Count; i++)
        {
            var variant = Variants[i % Variants.Length];
            var years = new List<SimulatedYear>();
            for (var year = 2021; ; year++)
            {
                var reported = year <= 2023 ? new DateOnly(2024, 4, 30) : new DateOnly(year + 1, 4, 30);
                if (reported > until)
                {
                    break;
                }

                years.Add(Year(random, variant, year, reported));
            }

            if (years.Count > 0)
            {
                profiles.Add(new SimulatedProfile(chosen[i], variant, years));
            }
        }

        return profiles;
    }

    private static SimulatedYear Year(Random random, string variant, int year, DateOnly reported)
    {
        var eu = 8_000_000_000m + (random.Next(41) * 100_000_000m);
        var small = 6_000_000_000m + (random.Next(11) * 100_000_000m);
        var users = 50_000_000L + (random.Next(31) * 1_000_000L);
        var business = 12_000L + random.Next(5001);
        decimal? capitalisation = null;
        var states = 27;
        long? usersCn = null;
        switch (variant)
        {
            case "gatekeeper":
                eu = year == 2022 ? 7_500_000_000m : eu;
                users = year == 2023 ? 45_000_000L : users;
                business = year == 2024 ? 10_000L : business;
                break;
            case "capitalisation":
                (eu, capitalisation, states) = (small, 75_000_000_000m, 3);
                break;
            case "capitalisation-short":
                (eu, capitalisation) = (small, 74_900_000_000m);
                break;
            case "users-short":
                users = year == 2022 ? 44_900_000L : users;
                break;
            case "turnover-short":
                eu = year == 2023 ? 7_499_999_999m : eu;
                break;
            case "business-short":
                business = year == 2023 ? 9_999L : business;
                break;
            case "member-states-short":
                states = 2;
                break;
            case "cn-super":
                (eu, capitalisation, users, business, states, usersCn) = (400_000_000m, 140_000_000_000m, 3_000_000L, 2_000L, 2, 700_000_000L);
                break;
        }

        return new SimulatedYear(year, reported, eu, variant == "cn-super" ? 90_000_000_000m : eu * 3, capitalisation, users, business, states, usersCn);
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

    /// <summary>The stream as JSONL, in time order (occurredAt; events at the same time in the order written: by quarter, then market).</summary>
    public static string Jsonl(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var text = new List<(DateTimeOffset At, string Line)>();
        for (var q = 0; q < simulation.Quarters.Count; q++)
        {
            var (start, end) = simulation.Quarters[q];
            var reportedAt = end.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var market in simulation.Markets)
            {
                foreach (var (platform, share) in market.Shares[q])
                {
                    Add(text, end.AddDays(30), string.Create(CultureInfo.InvariantCulture,
                        $$"""{"type":"MarketShareReported","eventId":"sim-ms-{{market.MarketId}}-{{start:yyyyMMdd}}-{{platform}}","occurredAt":"{{reportedAt}}T00:00:00Z","source":"simulator","marketId":"{{market.MarketId}}","jurisdiction":"{{market.Jurisdiction}}","periodStart":"{{start:yyyy-MM-dd}}","periodEnd":"{{end:yyyy-MM-dd}}","platformId":"{{platform}}","metric":"gmv","share":{{share.ToString(CultureInfo.InvariantCulture)}}}"""));
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
                        Add(text, day.ToDateTime(new TimeOnly(10, 0)), string.Create(CultureInfo.InvariantCulture,
                            $$"""{"type":"PriceQuoteObserved","eventId":"{{p.Id}}-{{b}}-{{cohort}}","occurredAt":"{{day:yyyy-MM-dd}}T10:00:00Z","source":"simulator","platformId":"{{p.PlatformId}}","marketId":"{{p.MarketId}}","jurisdiction":"CN","productId":"{{p.Id}}-room","bucket":"{{bucket}}","cohort":"{{cohort}}","price":{"amount":{{price.ToString("0.##", CultureInfo.InvariantCulture)}},"currency":"CNY"} }"""));
                    }
                }
            }

            foreach (var r in simulation.Rankings.Where(r => r.Month >= start && r.Month <= end))
            {
                for (var page = 0; page < r.Pages; page++)
                {
                    Add(text, r.Month.AddDays(page).ToDateTime(new TimeOnly(12, 0)), string.Create(CultureInfo.InvariantCulture,
                        $$"""{"type":"RankingObserved","eventId":"{{r.Id}}-{{page}}","occurredAt":"{{r.Month.AddDays(page):yyyy-MM-dd}}T12:00:00Z","source":"simulator","platformId":"{{r.PlatformId}}","marketId":"{{r.MarketId}}","jurisdiction":"{{r.Jurisdiction}}","queryId":"q-{{page}}","results":[{"itemId":"own-{{page}}","position":1,"firstParty":true,"relevance":0.3},{"itemId":"t-{{page}}-1","position":2,"firstParty":false,"relevance":0.9},{"itemId":"t-{{page}}-2","position":3,"firstParty":false,"relevance":0.8},{"itemId":"t-{{page}}-3","position":4,"firstParty":false,"relevance":0.7},{"itemId":"t-{{page}}-4","position":5,"firstParty":false,"relevance":0.6}]}"""));
                }
            }

            foreach (var a in simulation.Acquisitions.Where(a => a.SignedAt >= start && a.SignedAt <= end))
            {
                var (world, cn) = a.AboveThresholds ? ("3000000000", "2500000000") : ("200000000", "200000000");
                Add(text, a.SignedAt, string.Create(CultureInfo.InvariantCulture,
                    $$"""{"type":"AcquisitionAnnounced","eventId":"{{a.EventId}}","occurredAt":"{{a.SignedAt:yyyy-MM-dd}}T00:00:00Z","source":"simulator","acquirerId":"{{a.AcquirerId}}","targetId":"{{a.TargetId}}","signedAt":"{{a.SignedAt:yyyy-MM-dd}}","controlAcquired":true,"intraGroup":{{(a.IntraGroup ? "true" : "false")}},"parties":[{"partyId":"{{a.AcquirerId}}","turnoverWorld":{"amount":600000000000,"currency":"CNY"},"turnoverCn":{"amount":500000000000,"currency":"CNY"} },{"partyId":"{{a.TargetId}}","turnoverWorld":{"amount":{{world}},"currency":"CNY"},"turnoverCn":{"amount":{{cn}},"currency":"CNY"} }],"notifications":[],"targetServices":["logistics"],"targetMarketId":"{{a.MarketId}}"}"""));
            }

            foreach (var c in simulation.Conduct.Where(c => c.From >= start && c.From <= end))
            {
                var pressure = c.Enforced ? "\"enforcement\":[\"search-downranking\",\"store-blocking\"]" : "\"incentives\":[\"subsidy\"]";
                Add(text, c.To, string.Create(CultureInfo.InvariantCulture,
                    $$"""{"type":"ConductObserved","eventId":"{{c.EventId}}","occurredAt":"{{c.To:yyyy-MM-dd}}T00:00:00Z","source":"simulator","platformId":"{{c.PlatformId}}","marketId":"{{c.MarketId}}","jurisdiction":"CN","conduct":"exclusive-dealing","observedFrom":"{{c.From:yyyy-MM-dd}}","observedTo":"{{c.To:yyyy-MM-dd}}","counterparty":"merchants","affectedCount":{{100 + (c.EventId.Length * 37)}},{{pressure}}}"""));
            }
        }

        foreach (var p in simulation.Profiles)
        {
            foreach (var y in p.Years)
            {
                var capitalisation = y.MarketCapitalisation is { } cap ? string.Create(CultureInfo.InvariantCulture, $$""","marketCapitalisation":{"amount":{{cap}},"currency":"EUR"}""") : "";
                var usersCn = y.AnnualActiveUsersCn is { } cn ? string.Create(CultureInfo.InvariantCulture, $$""","annualActiveUsersCn":{{cn}}""") : "";
                Add(text, y.ReportedOn, string.Create(CultureInfo.InvariantCulture,
                    $$"""{"type":"PlatformProfileReported","eventId":"sim-pp-{{p.PlatformId}}-{{y.FiscalYear}}","occurredAt":"{{y.ReportedOn:yyyy-MM-dd}}T00:00:00Z","source":"simulator","platformId":"{{p.PlatformId}}","fiscalYear":{{y.FiscalYear}},"turnover":[{"region":"EU","amount":{{y.EuTurnover}},"currency":"EUR"},{"region":"WORLD","amount":{{y.WorldTurnover}},"currency":"EUR"}]{{capitalisation}},"corePlatformServices":[{"serviceId":"{{p.PlatformId}}-marketplace","kind":"online-intermediation","monthlyActiveEndUsers":{{y.MonthlyActiveEndUsers}},"yearlyActiveBusinessUsers":{{y.YearlyActiveBusinessUsers}},"memberStates":{{y.MemberStates}}}]{{usersCn}}}"""));
            }
        }

        foreach (var d in simulation.Designations)
        {
            Add(text, d.DecidedAt, string.Create(CultureInfo.InvariantCulture,
                $$"""{"type":"DesignationDecided","eventId":"{{d.DesignationId}}","occurredAt":"{{d.DecidedAt:yyyy-MM-dd}}T00:00:00Z","source":"simulator","designationId":"{{d.DesignationId}}","platformId":"{{d.PlatformId}}","jurisdiction":"EU","kind":"gatekeeper","services":["{{d.PlatformId}}-marketplace"],"decidedAt":"{{d.DecidedAt:yyyy-MM-dd}}","obligationsFrom":"{{d.ObligationsFrom:yyyy-MM-dd}}","legalBasis":"DMA Art. 3(4)"}"""));
        }

        foreach (var c in simulation.Parity)
        {
            Add(text, c.To, string.Create(CultureInfo.InvariantCulture,
                $$$"""{"type":"ConductObserved","eventId":"{{{c.EventId}}}","occurredAt":"{{{c.To:yyyy-MM-dd}}}T00:00:00Z","source":"simulator","platformId":"{{{c.PlatformId}}}","marketId":"{{{c.MarketId}}}","jurisdiction":"EU","conduct":"parity-clause","observedFrom":"{{{c.From:yyyy-MM-dd}}}","observedTo":"{{{c.To:yyyy-MM-dd}}}","counterparty":"merchants","attributes":{"scope":"{{{c.Scope}}}"}}"""));
        }

        foreach (var o in simulation.Obligations)
        {
            Add(text, o.SetOn, string.Create(CultureInfo.InvariantCulture,
                $$"""{"type":"ReportingObligationSet","eventId":"{{o.ObligationId}}","occurredAt":"{{o.SetOn:yyyy-MM-dd}}T00:00:00Z","source":"simulator","obligationId":"{{o.ObligationId}}","platformId":"{{o.PlatformId}}","jurisdiction":"{{o.Jurisdiction}}","reportType":"{{o.ReportType}}","dueDates":[{{string.Join(",", o.DueDates.Select(d => string.Create(CultureInfo.InvariantCulture, $"\"{d:yyyy-MM-dd}\"")))}}],"requiredSections":[{{string.Join(",", o.RequiredSections.Select(s => "\"" + s + "\""))}}],"legalBasis":"{{o.LegalBasis}}"}"""));
        }

        foreach (var r in simulation.Reports)
        {
            var sections = string.Join(",", r.Sections.Select(s => $"\"{s}\":\"Simulated text of the {s} section.\""));
            var claims = string.Join(",", r.Denied.Select(c => $$"""{"obligation":"{{c}}","assertion":"none"}"""));
            Add(text, r.SubmittedOn.ToDateTime(new TimeOnly(12, 0)), string.Create(CultureInfo.InvariantCulture,
                $$"""{"type":"SelfRegulationReportSubmitted","eventId":"{{r.ReportId}}","occurredAt":"{{r.SubmittedOn:yyyy-MM-dd}}T12:00:00Z","source":"simulator","reportId":"{{r.ReportId}}","platformId":"{{r.PlatformId}}","jurisdiction":"{{r.Jurisdiction}}","reportType":"{{r.ReportType}}","periodStart":"{{r.PeriodStart:yyyy-MM-dd}}","periodEnd":"{{r.PeriodEnd:yyyy-MM-dd}}","submittedAt":"{{r.SubmittedOn:yyyy-MM-dd}}T12:00:00Z","sections":{{{sections}}},"claims":[{{claims}}]}"""));
        }

        var stream = new StringBuilder();
        foreach (var (_, line) in text.OrderBy(t => t.At))
        {
            stream.Append(line).Append('\n');
        }

        return stream.ToString();
    }

    private static void Add(List<(DateTimeOffset At, string Line)> text, DateOnly day, string line) => Add(text, day.ToDateTime(TimeOnly.MinValue), line);

    private static void Add(List<(DateTimeOffset At, string Line)> text, DateTime utc, string line) => text.Add((new DateTimeOffset(utc, TimeSpan.Zero), line));
}
