using System.Globalization;

namespace PlatformWatch.Cli.Simulation;

/// <summary>One expected finding, keyed as the scenarios' expected files key them.</summary>
public sealed record ExpectedFinding(string RuleId, string? PlatformId, string MarketId, DateOnly PeriodStart);

/// <summary>
/// The findings the default profiles must give on a simulation, worked out from the tests of
/// RULES.md directly — a second implementation of those tests, written apart from the rule engine
/// and sharing none of its code, so that comparing the two measures the engine's recall and
/// precision. Exact decimal arithmetic: fractions are compared by cross-multiplying (s ≥ 2/3 as
/// 3·s ≥ 2).
/// </summary>
public static class GroundTruth
{
    /// <summary>Every finding the stream must produce.</summary>
    public static IReadOnlyList<ExpectedFinding> Of(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var found = new List<ExpectedFinding>();
        foreach (var market in simulation.Markets)
        {
            Market(simulation, market, found);
        }

        bool DominantOn(string platform, string market, DateOnly from, DateOnly to) => found.Any(f =>
            (f.RuleId.StartsWith("CN-AML24-", StringComparison.Ordinal) || f.RuleId == "EU-102-DOMINANCE") && f.PlatformId == platform && f.MarketId == market
            && simulation.Quarters.Any(q => q.Start == f.PeriodStart && q.Start <= to && from <= q.End));

        foreach (var p in simulation.Pricing)
        {
            // PIPL Art. 24(1): a spread of at least 5% between cohorts in at least three buckets of a product in a month.
            if (p.Spread * 100 >= 5 && p.Buckets >= 3)
            {
                found.Add(new ExpectedFinding("CN-PIPL24-PRICE", p.PlatformId, p.MarketId, p.Month));
            }
        }

        foreach (var a in simulation.Acquisitions.Where(a => !a.IntraGroup))
        {
            // AML Art. 26: over the thresholds and never notified; under them, called in when the acquirer is dominant in the target's market.
            if (a.AboveThresholds)
            {
                found.Add(new ExpectedFinding("CN-AML26-UNNOTIFIED", a.AcquirerId, a.MarketId, a.SignedAt));
            }
            else if (DominantOn(a.AcquirerId, a.MarketId, a.SignedAt, a.SignedAt))
            {
                found.Add(new ExpectedFinding("CN-AML26-CALLIN", a.AcquirerId, a.MarketId, a.SignedAt));
            }
        }

        foreach (var r in simulation.Rankings)
        {
            // AML Art. 22(2) with 22(1)(7): every first-party pair inverted (rate 1), no third-party pair inverted (rate 0),
            // so the excess is 1; flagged with at least 30 first-party pairs (4 a page) while dominant in the month.
            var monthEnd = r.Month.AddMonths(1).AddDays(-1);
            if (r.Pages * 4 >= 30 && DominantOn(r.PlatformId, r.MarketId, r.Month, monthEnd))
            {
                found.Add(new ExpectedFinding("CN-AML22-SELFPREF", r.PlatformId, r.MarketId, r.Month));
            }
        }

        foreach (var c in simulation.Conduct)
        {
            // E-commerce Law Art. 35: exclusivity enforced on merchants, whoever does it.
            if (c.Enforced)
            {
                found.Add(new ExpectedFinding("CN-ECL35-RESTRICT", c.PlatformId, c.MarketId, c.From));
            }

            // AML Art. 22(1)(4): by a platform dominant in the market during the conduct (a CN-AML24-* finding overlapping it).
            if (DominantOn(c.PlatformId, c.MarketId, c.From, c.To))
            {
                found.Add(new ExpectedFinding("CN-AML22-EXCLUSIVE", c.PlatformId, c.MarketId, c.From));
            }
        }

        return found;
    }

    private static void Market(Simulation simulation, SimulatedMarket market, List<ExpectedFinding> found)
    {
        var cn = market.Jurisdiction == "CN";
        var eu = market.Jurisdiction == "EU";
        for (var q = 0; q < simulation.Quarters.Count; q++)
        {
            var start = simulation.Quarters[q].Start;
            var shares = market.Shares[q];
            var sorted = shares.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
            void Add(string rule, string? platform) => found.Add(new ExpectedFinding(rule, platform, market.MarketId, start));

            foreach (var (platform, share) in shares)
            {
                var others = sorted.Where(s => s.Key != platform).Select(s => s.Value).ToList();
                if (cn)
                {
                    if (share * 2 >= 1)
                    {
                        Add("CN-AML24-SINGLE", platform);
                    }

                    // Joint presumptions: a platform of at least 1/10, with the one (two) largest other shares, reaches 2/3 (3/4); that many others must be reported.
                    if (share * 10 >= 1 && others.Count >= 1 && (share + others[0]) * 3 >= 2)
                    {
                        Add("CN-AML24-JOINT2", platform);
                    }

                    if (share * 10 >= 1 && others.Count >= 2 && (share + others[0] + others[1]) * 4 >= 3)
                    {
                        Add("CN-AML24-JOINT3", platform);
                    }

                    // Crossing: below 1/2 in the previous quarter (unreported then: the unreported remainder was below 1/2), at least 1/2 now.
                    if (q > 0 && share * 2 >= 1)
                    {
                        var before = market.Shares[q - 1];
                        var below = before.TryGetValue(platform, out var earlier) ? earlier * 2 < 1 : (1 - before.Values.Sum()) * 2 < 1;
                        if (below)
                        {
                            Add("CN-AML24-CROSSING", platform);
                        }
                    }
                }

                if (eu)
                {
                    if (share * 2 >= 1)
                    {
                        Add("EU-102-DOMINANCE", platform);
                    }
                    else if (share * 5 >= 2)
                    {
                        Add("EU-102-WATCH", platform);
                    }
                }

                // Rapid gain: at least 10 points above its share in an earlier quarter starting at most 12 months before this one.
                for (var e = 0; e < q; e++)
                {
                    if (simulation.Quarters[e].Start >= start.AddMonths(-12) && market.Shares[e].TryGetValue(platform, out var then) && (share - then) * 100 >= 10)
                    {
                        Add("GEN-RAPID-GAIN", platform);
                        break;
                    }
                }
            }

            // Concentration: HHI = Σ(100·share)² over the reported shares.
            var hhi = Hhi(shares);
            if (hhi > 1800)
            {
                Add("GEN-HHI-LEVEL", null);
                if (q > 0 && hhi - Hhi(market.Shares[q - 1]) > 100)
                {
                    Add("GEN-HHI-DELTA", null);
                }
            }
        }
    }

    private static decimal Hhi(IReadOnlyDictionary<string, decimal> shares) => shares.Values.Sum(s => s * 100 * s * 100);

    /// <summary>The expected findings as the scenarios' expected files write them.</summary>
    public static string Json(IReadOnlyList<ExpectedFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var rows = findings
            .OrderBy(f => f.MarketId, StringComparer.Ordinal).ThenBy(f => f.PeriodStart).ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.PlatformId, StringComparer.Ordinal)
            .Select(f => string.Create(CultureInfo.InvariantCulture,
                $$"""  { "ruleId": "{{f.RuleId}}", "platformId": {{(f.PlatformId is null ? "null" : "\"" + f.PlatformId + "\"")}}, "marketId": "{{f.MarketId}}", "periodStart": "{{f.PeriodStart:yyyy-MM-dd}}" }"""));
        return "[\n" + string.Join(",\n", rows) + "\n]\n";
    }
}
