using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using static PlatformWatch.Tests.TestData;

namespace PlatformWatch.Tests;

// The market-share family of RULES.md against the shipped profiles, at its exact boundaries.
public class MarketShareRuleTests
{
    [Test]
    public void A_share_of_exactly_one_half_is_single_dominance()
    {
        var found = Evaluate(Share("a", 0.5m), Share("b", 0.05m)).Keys();
        Assert.That(found, Does.Contain("CN-AML24-SINGLE a"));
    }

    [Test]
    public void A_share_just_below_one_half_is_not()
    {
        var found = Evaluate(Share("a", 0.4999m), Share("b", 0.05m)).Keys();
        Assert.That(found, Has.None.StartsWith("CN-AML24-SINGLE"));
    }

    [Test]
    public void Two_shares_summing_to_0_6667_reach_two_thirds()
    {
        var found = Evaluate(Share("a", 0.3334m), Share("b", 0.3333m)).Keys();
        Assert.That(found, Is.SupersetOf(new[] { "CN-AML24-JOINT2 a", "CN-AML24-JOINT2 b" }));
    }

    [Test]
    public void Two_shares_summing_to_0_6666_do_not_reach_two_thirds()
    {
        var found = Evaluate(Share("a", 0.3333m), Share("b", 0.3333m)).Keys();
        Assert.That(found, Has.None.StartsWith("CN-AML24-JOINT2"));
    }

    [Test]
    public void A_share_of_exactly_one_tenth_is_presumed_jointly_dominant()
    {
        var found = Evaluate(Share("big", 0.57m), Share("tenth", 0.10m)).Keys();
        Assert.That(found, Does.Contain("CN-AML24-JOINT2 tenth"));
    }

    [Test]
    public void A_share_of_0_09_is_not_presumed_dominant_but_counts_in_the_sum()
    {
        // 0.58 + 0.09 = 0.67 reaches 2/3 for the larger platform only.
        var found = Evaluate(Share("big", 0.58m), Share("small", 0.09m)).Keys();
        Assert.Multiple(() =>
        {
            Assert.That(found, Does.Contain("CN-AML24-JOINT2 big"));
            Assert.That(found, Has.None.EqualTo("CN-AML24-JOINT2 small"));
        });
    }

    [Test]
    public void Shares_50_20_12_11_all_four_reach_three_quarters_jointly()
    {
        var found = Evaluate(Share("p50", 0.50m), Share("p20", 0.20m), Share("p12", 0.12m), Share("p11", 0.11m)).Keys()
            .Where(k => k.StartsWith("CN-AML24-JOINT3", StringComparison.Ordinal));
        Assert.That(found, Is.EquivalentTo(new[] { "CN-AML24-JOINT3 p11", "CN-AML24-JOINT3 p12", "CN-AML24-JOINT3 p20", "CN-AML24-JOINT3 p50" }));
    }

    [Test]
    public void Joint_dominance_needs_as_many_other_platforms_as_the_presumption_names()
    {
        // One platform alone at 0.8: single dominance, but there is no second undertaking to be jointly dominant with.
        var found = Evaluate(Share("alone", 0.8m)).Keys();
        Assert.That(found, Has.None.StartsWith("CN-AML24-JOINT"));
    }

    [Test]
    public void Joint_measurement_names_the_partners_and_the_exact_sum()
    {
        var joint2 = Evaluate(Share("a", 0.3334m, eventId: "e-a"), Share("b", 0.3333m, eventId: "e-b"))
            .Single(d => d.RuleId == "CN-AML24-JOINT2" && d.PlatformId == "a");
        var measured = JsonNode.Parse(joint2.MeasuredJson)!["gmv"]!;
        Assert.Multiple(() =>
        {
            Assert.That(measured["jointShare"]!.GetValue<decimal>(), Is.EqualTo(0.6667m));
            Assert.That(measured["with"]![0]!["platformId"]!.GetValue<string>(), Is.EqualTo("b"));
            Assert.That(JsonNode.Parse(joint2.ThresholdJson)!["jointShare"]!.GetValue<string>(), Is.EqualTo("2/3"));
            Assert.That(joint2.Evidence, Is.EqualTo(new[] { "e-a", "e-b" }));
        });
    }

    [TestCase(0.40, "EU-102-WATCH")]
    [TestCase(0.4999, "EU-102-WATCH")]
    [TestCase(0.50, "EU-102-DOMINANCE")]
    public void EU_lines_at_40_and_50_percent(decimal share, string expected)
    {
        var found = Evaluate(Share("a", share, jurisdiction: "EU", market: "eu-test")).Keys().Where(k => k.StartsWith("EU-", StringComparison.Ordinal));
        Assert.That(found, Is.EqualTo(new[] { expected + " a" }));
    }

    [Test]
    public void Below_40_percent_no_EU_line_applies()
    {
        var found = Evaluate(Share("a", 0.3999m, jurisdiction: "EU", market: "eu-test")).Keys();
        Assert.That(found, Has.None.StartsWith("EU-"));
    }

    [Test]
    public void An_EU_market_is_not_judged_by_the_Chinese_presumptions_and_vice_versa()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Evaluate(Share("a", 0.7m, jurisdiction: "EU", market: "eu-test")).Keys(), Has.None.StartsWith("CN-"));
            Assert.That(Evaluate(Share("a", 0.7m)).Keys(), Has.None.StartsWith("EU-"));
        });
    }

    [Test]
    public void HHI_of_0_30_and_0_30_is_exactly_1800_and_not_above_the_level()
    {
        var found = Evaluate(Share("a", 0.30m), Share("b", 0.30m));
        Assert.That(found.Keys(), Has.None.StartsWith("GEN-HHI-LEVEL"));
    }

    [Test]
    public void HHI_just_above_1800_is_highly_concentrated_with_CR3_CR4_and_coverage()
    {
        var level = Evaluate(Share("a", 0.30m), Share("b", 0.30m), Share("c", 0.01m)).Single(d => d.RuleId == "GEN-HHI-LEVEL");
        var measured = JsonNode.Parse(level.MeasuredJson)!["gmv"]!;
        Assert.Multiple(() =>
        {
            Assert.That(level.PlatformId, Is.Null);
            Assert.That(measured["hhi"]!.GetValue<decimal>(), Is.EqualTo(1801m));
            Assert.That(measured["cr3"]!.GetValue<decimal>(), Is.EqualTo(0.61m));
            Assert.That(measured["cr4"]!.GetValue<decimal>(), Is.EqualTo(0.61m));
            Assert.That(measured["coverage"]!.GetValue<decimal>(), Is.EqualTo(0.61m));
            Assert.That(level.Severity, Is.EqualTo(Severity.Info));
        });
    }

    [Test]
    public void HHI_delta_needs_more_than_100_over_the_previous_period()
    {
        // 2024: 0.40, 0.20 → 2000; 2025 exactly +100 → 2100 is not "more than 100"; +101 would be.
        var exactly100 = Evaluate(Share("a", 0.40m, "2024"), Share("b", 0.20m, "2024"), Share("a", 0.40m), Share("b", 0.20m), Share("c", 0.10m));
        var over100 = Evaluate(Share("a", 0.40m, "2024"), Share("b", 0.20m, "2024"), Share("a", 0.40m), Share("b", 0.20m), Share("c", 0.10m), Share("d", 0.01m));
        Assert.Multiple(() =>
        {
            Assert.That(exactly100.Keys("2025"), Has.None.StartsWith("GEN-HHI-DELTA"));
            Assert.That(over100.Keys("2025"), Does.Contain("GEN-HHI-DELTA -"));
        });
    }

    [Test]
    public void HHI_delta_below_the_level_is_not_flagged_however_large_the_rise()
    {
        var found = Evaluate(Share("a", 0.10m, "2024"), Share("a", 0.42m)).Keys("2025");
        Assert.That(found, Has.None.StartsWith("GEN-HHI-DELTA"));
    }

    [Test]
    public void Crossing_one_half_from_the_previous_period()
    {
        var found = Evaluate(Share("a", 0.48m, "2024"), Share("a", 0.50m)).Keys("2025");
        Assert.That(found, Does.Contain("CN-AML24-CROSSING a"));
    }

    [Test]
    public void Staying_above_one_half_is_no_crossing()
    {
        var found = Evaluate(Share("a", 0.50m, "2024"), Share("a", 0.60m)).Keys("2025");
        Assert.That(found, Has.None.StartsWith("CN-AML24-CROSSING"));
    }

    [Test]
    public void A_platform_unreported_last_period_crossed_when_the_unreported_remainder_was_below_one_half()
    {
        var certain = Evaluate(Share("x", 0.60m, "2024"), Share("a", 0.55m)).Keys("2025");
        var unknown = Evaluate(Share("x", 0.40m, "2024"), Share("a", 0.55m)).Keys("2025");
        Assert.Multiple(() =>
        {
            Assert.That(certain, Does.Contain("CN-AML24-CROSSING a"), "remainder 0.40 < 1/2: a was below 1/2 for certain");
            Assert.That(unknown, Has.None.StartsWith("CN-AML24-CROSSING"), "remainder 0.60: a may have been above 1/2");
        });
    }

    [Test]
    public void No_crossing_without_an_adjacent_previous_period()
    {
        var found = Evaluate(Share("a", 0.40m, "2023"), Share("a", 0.55m)).Keys("2025");
        Assert.That(found, Has.None.StartsWith("CN-AML24-CROSSING"));
    }

    [Test]
    public void Of_a_year_and_its_last_quarter_the_year_is_the_previous_period_of_a_year()
    {
        // The year says 0.45 (below), the last quarter 0.55 (above): the year is compared.
        var found = Evaluate(Share("a", 0.45m, "2024"), Share("a", 0.55m, "2024-10-01..2024-12-31"), Share("a", 0.60m)).Keys("2025");
        Assert.That(found, Does.Contain("CN-AML24-CROSSING a"));
    }

    [Test]
    public void Rapid_gain_of_exactly_10_points_within_12_months()
    {
        var found = Evaluate(Share("a", 0.20m, "2024"), Share("a", 0.30m)).Keys("2025");
        Assert.That(found, Does.Contain("GEN-RAPID-GAIN a"));
    }

    [Test]
    public void Rapid_gain_of_9_99_points_is_not()
    {
        var found = Evaluate(Share("a", 0.2001m, "2024"), Share("a", 0.30m)).Keys("2025");
        Assert.That(found, Has.None.StartsWith("GEN-RAPID-GAIN"));
    }

    [Test]
    public void Rapid_gain_looks_back_at_most_12_months_from_the_period_start()
    {
        var twelve = Evaluate(Share("a", 0.10m, "2024-03-01..2024-05-31"), Share("a", 0.30m, "2025-03-01..2025-05-31")).Keys("2025-03-01..2025-05-31");
        var thirteen = Evaluate(Share("a", 0.10m, "2024-02-01..2024-04-30"), Share("a", 0.30m, "2025-03-01..2025-05-31")).Keys("2025-03-01..2025-05-31");
        Assert.Multiple(() =>
        {
            Assert.That(twelve, Does.Contain("GEN-RAPID-GAIN a"));
            Assert.That(thirteen, Has.None.StartsWith("GEN-RAPID-GAIN"));
        });
    }

    [Test]
    public void Each_metric_is_judged_on_its_own_and_the_measurements_join_one_finding()
    {
        var found = Evaluate(Share("a", 0.55m, metric: ShareMetric.Gmv), Share("a", 0.52m, metric: ShareMetric.Orders), Share("a", 0.40m, metric: ShareMetric.Revenue));
        var single = found.Where(d => d.RuleId == "CN-AML24-SINGLE").ToList();
        var measured = JsonNode.Parse(single.Single().MeasuredJson)!.AsObject();
        Assert.That(measured.Select(p => p.Key), Is.EquivalentTo(new[] { "gmv", "orders" }));
    }

    [Test]
    public void A_later_figure_replaces_an_earlier_one_whatever_the_order_of_arrival()
    {
        var early = Share("a", 0.60m, eventId: "e1", occurredAt: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var late = Share("a", 0.40m, eventId: "e2", occurredAt: new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Multiple(() =>
        {
            Assert.That(Evaluate(early, late).Keys(), Has.None.StartsWith("CN-AML24-SINGLE"));
            Assert.That(Evaluate(late, early).Keys(), Has.None.StartsWith("CN-AML24-SINGLE"));
        });
    }
}
