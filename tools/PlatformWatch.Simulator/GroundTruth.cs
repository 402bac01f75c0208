using System.Globalization;

namespace PlatformWatch.Simulator;

/// <summary>One expected finding, keyed as the scenarios' expected files key them (<c>PeriodEnd</c>, when given, is not part of the key: reports' contradictions read it).</summary>
public sealed record ExpectedFinding(string RuleId, string? PlatformId, string? MarketId, DateOnly PeriodStart, DateOnly? PeriodEnd = null);

/// <summary>
/// The findings the default profiles must give on a simulation, worked out from the tests of
/// RULES.md directly — a second implementation of those tests, written apart from the rule engine
/// and sharing none of its code, so that comparing the two measures the engine's recall and
/// precision. Exact decimal arithmetic: fractions are compared by cross-multiplying (s ≥ 2/3 as
/// 3·s ≥ 2). Obligations are judged as of an evaluation date (<c>evaluate --as-of</c> must be
/// given the same one); nothing else depends on it.
/// </summary>
public static class GroundTruth
{
    // The DMA applies from 2 May 2023 (RULES.md, "The law in force").
    private static readonly DateOnly DmaInForce = new(2023, 5, 2);

    // Which rules are about a conduct a report can deny (RULES.md: the conduct each rule tests).
    private static readonly Dictionary<string, string[]> RulesAbout = new(StringComparer.Ordinal)
    {
        ["exclusive-dealing"] = ["CN-AML22-EXCLUSIVE", "CN-ECL35-RESTRICT"],
        ["parity-clause"] = ["DMA-5-3-PARITY"],
        ["self-preferencing"] = ["DMA-6-5-SELFPREF", "CN-AML22-SELFPREF"],
    };

    /// <summary>Every finding the stream must produce, with obligations judged as of the last simulated day.</summary>
    public static IReadOnlyList<ExpectedFinding> Of(Simulation simulation) => Of(simulation, (simulation ?? throw new ArgumentNullException(nameof(simulation))).Settings.LastDay);

    /// <summary>Every finding the stream must produce, with obligations judged as of <paramref name="asOf"/>.</summary>
    public static IReadOnlyList<ExpectedFinding> Of(Simulation simulation, DateOnly asOf)
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

        // A gatekeeper on a period: a designation whose obligations apply on or before its last day (none is revoked), under the DMA.
        bool GatekeeperOn(string platform, DateOnly to) => to >= DmaInForce && simulation.Designations.Any(d => d.PlatformId == platform && d.ObligationsFrom <= to);

        foreach (var r in simulation.Rankings.Where(r => r.Jurisdiction == "EU"))
        {
            // DMA Art. 6(5): the same test as below, while a designated gatekeeper.
            var monthEnd = r.Month.AddMonths(1).AddDays(-1);
            if (r.Pages * 4 >= 30 && GatekeeperOn(r.PlatformId, monthEnd))
            {
                found.Add(new ExpectedFinding("DMA-6-5-SELFPREF", r.PlatformId, r.MarketId, r.Month, monthEnd));
            }
        }

        foreach (var c in simulation.Parity)
        {
            // DMA Art. 5(3): a parity clause, wide or narrow, by a gatekeeper during the observation.
            if (GatekeeperOn(c.PlatformId, c.To))
            {
                found.Add(new ExpectedFinding("DMA-5-3-PARITY", c.PlatformId, c.MarketId, c.From, c.To));
            }
        }

        foreach (var a in simulation.Acquisitions)
        {
            // DMA Art. 14: a gatekeeper acquirer on the signing day, a target with services listed (logistics), no Commission informed.
            if (GatekeeperOn(a.AcquirerId, a.SignedAt))
            {
                found.Add(new ExpectedFinding("DMA-14-INFORM", a.AcquirerId, a.MarketId, a.SignedAt));
            }
        }

        foreach (var p in simulation.Profiles)
        {
            Gatekeeper(p, found);
        }

        foreach (var r in simulation.Rankings.Where(r => r.Jurisdiction == "CN"))
        {
            // AML Art. 22(2) with 22(1)(7): every first-party pair inverted (rate 1), no third-party pair inverted (rate 0),
            // so the excess is 1; flagged with at least 30 first-party pairs (4 a page) while dominant in the month.
            var monthEnd = r.Month.AddMonths(1).AddDays(-1);
            if (r.Pages * 4 >= 30 && DominantOn(r.PlatformId, r.MarketId, r.Month, monthEnd))
            {
                found.Add(new ExpectedFinding("CN-AML22-SELFPREF", r.PlatformId, r.MarketId, r.Month, monthEnd));
            }
        }

        foreach (var c in simulation.Conduct)
        {
            // E-commerce Law Art. 35: exclusivity enforced on merchants, whoever does it.
            if (c.Enforced)
            {
                found.Add(new ExpectedFinding("CN-ECL35-RESTRICT", c.PlatformId, c.MarketId, c.From, c.To));
            }

            // AML Art. 22(1)(4): by a platform dominant in the market during the conduct (a CN-AML24-* finding overlapping it).
            if (DominantOn(c.PlatformId, c.MarketId, c.From, c.To))
            {
                found.Add(new ExpectedFinding("CN-AML22-EXCLUSIVE", c.PlatformId, c.MarketId, c.From, c.To));
            }
        }

        Obligations(simulation, asOf, found);
        Contradictions(simulation, found);
        return found.DistinctBy(f => (f.RuleId, f.PlatformId, f.MarketId, f.PeriodStart)).ToList();
    }

    // DMA Art. 3(2): over three consecutive years ending with a reported one — EU turnover of at least EUR 7.5 bn in each,
    // or market capitalisation of at least EUR 75 bn in the last, with the service in at least three member states; and the
    // service with at least 45 million monthly end users and 10,000 yearly business users in each. The last year must
    // overlap the DMA's application. (All amounts are in EUR; each platform has one service.)
    private static void Gatekeeper(SimulatedProfile profile, List<ExpectedFinding> found)
    {
        var years = profile.Years.ToDictionary(y => y.FiscalYear);
        foreach (var last in profile.Years)
        {
            var window = Enumerable.Range(last.FiscalYear - 2, 3).Select(y => years.GetValueOrDefault(y)).ToList();
            if (window.Any(y => y is null) || new DateOnly(last.FiscalYear, 12, 31) < DmaInForce)
            {
                continue;
            }

            var size = window.All(y => y!.EuTurnover >= 7_500_000_000m) || last.MarketCapitalisation >= 75_000_000_000m;
            var states = last.MemberStates >= 3;
            var reach = window.All(y => y!.MonthlyActiveEndUsers >= 45_000_000 && y.YearlyActiveBusinessUsers >= 10_000);
            if (size && states && reach)
            {
                found.Add(new ExpectedFinding("DMA-3-GATEKEEPER", profile.PlatformId, null, new DateOnly(last.FiscalYear, 1, 1)));
            }
        }
    }

    // Reports and obligations, judged on each jurisdiction's own obligations and reports.
    private static void Obligations(Simulation simulation, DateOnly asOf, List<ExpectedFinding> found)
    {
        foreach (var o in simulation.Obligations)
        {
            // Overdue: a due date before the evaluation date with no report of the type submitted after the previous due date and by this one.
            var rule = (o.Jurisdiction, o.ReportType) switch
            {
                ("CN", _) => "CN-REPORT-OVERDUE",
                ("EU", "dma-art11-compliance") => "DMA-11-REPORT-LATE",
                ("EU", "dma-art15-profiling-audit") => "DMA-15-AUDIT-LATE",
                _ => null,
            };
            var dues = o.DueDates.Distinct().Order().ToList();
            for (var i = 0; i < dues.Count && rule is not null; i++)
            {
                var previous = i == 0 ? DateOnly.MinValue : dues[i - 1];
                var submitted = simulation.Reports.Any(r => r.PlatformId == o.PlatformId && r.Jurisdiction == o.Jurisdiction && r.ReportType == o.ReportType
                    && r.SubmittedOn > previous && r.SubmittedOn <= dues[i]);
                if (dues[i] < asOf && !submitted && (o.Jurisdiction != "EU" || dues[i] >= DmaInForce))
                {
                    found.Add(new ExpectedFinding(rule, o.PlatformId, null, dues[i]));
                }
            }
        }

        foreach (var r in simulation.Reports.Where(r => r.Jurisdiction == "EU" && r.ReportType == "dma-art11-compliance" && r.PeriodEnd >= DmaInForce))
        {
            // DMA Art. 11: a compliance report lacking a section one of the platform's Art. 11 obligations requires.
            var required = simulation.Obligations.Where(o => o.PlatformId == r.PlatformId && o.Jurisdiction == r.Jurisdiction && o.ReportType == r.ReportType).SelectMany(o => o.RequiredSections);
            if (required.Any(s => !r.Sections.Contains(s)))
            {
                found.Add(new ExpectedFinding("DMA-11-SECTIONS", r.PlatformId, null, r.PeriodStart));
            }
        }
    }

    // A report that claims "none" of a conduct while a finding of a rule about that conduct, for the platform, overlaps the report's period.
    private static void Contradictions(Simulation simulation, List<ExpectedFinding> found)
    {
        var conductFindings = found.ToList();
        foreach (var r in simulation.Reports)
        {
            var contradicted = r.Denied.Any(conduct => conductFindings.Any(f => f.PlatformId == r.PlatformId
                && RulesAbout.TryGetValue(conduct, out var rules) && rules.Contains(f.RuleId)
                && f.PeriodStart <= r.PeriodEnd && r.PeriodStart <= (f.PeriodEnd ?? f.PeriodStart)));
            if (contradicted)
            {
                found.Add(new ExpectedFinding("GEN-REPORT-CONTRADICTION", r.PlatformId, null, r.PeriodStart));
            }
        }
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
            .OrderBy(f => f.MarketId is null).ThenBy(f => f.MarketId, StringComparer.Ordinal).ThenBy(f => f.PeriodStart).ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.PlatformId, StringComparer.Ordinal)
            .Select(f => string.Create(CultureInfo.InvariantCulture,
                $$"""  { "ruleId": "{{f.RuleId}}", "platformId": {{(f.PlatformId is null ? "null" : "\"" + f.PlatformId + "\"")}}, "marketId": {{(f.MarketId is null ? "null" : "\"" + f.MarketId + "\"")}}, "periodStart": "{{f.PeriodStart:yyyy-MM-dd}}" }"""));
        return "[\n" + string.Join(",\n", rows) + "\n]\n";
    }
}
