using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using static PlatformWatch.Tests.Events;

namespace PlatformWatch.Tests;

// CN-AML26-UNNOTIFIED, CN-AML26-CALLIN, DMA-14-INFORM and GEN-MERGER-HHI on the shipped profiles.
public class AcquisitionRuleTests
{
    private static EvaluationResult Evaluate(PlatformFacts facts, AcquisitionAnnounced deal, MarketPicture? market = null) =>
        TestData.Engine.Acquisitions("p1", [deal], facts, id => market is not null && id == market.MarketId ? market : null);

    // 2024 thresholds: world > 12 bn or China > 4 bn, and two parties each > 800 m in China.
    private static AcquisitionParty[] AboveThresholds() =>
    [
        Party("p1", world: Cny(600_000_000_000m), china: Cny(500_000_000_000m)),
        Party("t1", world: Cny(3_000_000_000m), china: Cny(2_500_000_000m)),
    ];

    [Test]
    public void A_concentration_above_the_thresholds_never_notified_is_critical()
    {
        var found = Evaluate(Facts(), Acquisition(parties: AboveThresholds())).Only("CN-AML26-UNNOTIFIED");
        Assert.Multiple(() =>
        {
            Assert.That(found.Severity, Is.EqualTo(Severity.Critical));
            Assert.That(found.Period, Is.EqualTo(TestData.Period("2025-09-01..2025-09-01")));
            Assert.That(found.Law.Citation, Is.EqualTo("AML 2022 Art. 26, 27, 58"));
            Assert.That(found.Law.Also.Single().Citation, Is.EqualTo("Notification Thresholds 2024 Art. 3"));
        });
    }

    [Test]
    public void Notified_and_cleared_before_closing_is_lawful()
    {
        var deal = Acquisition(closingAt: "2025-12-01", parties: AboveThresholds(), notifications: [new MergerNotification { Authority = "SAMR", FiledAt = Day("2025-09-10"), ClearedAt = Day("2025-12-01") }]);
        Assert.That(Evaluate(Facts(), deal).RulesFound(), Is.Empty);
    }

    [Test]
    public void Closing_before_clearance_is_gun_jumping()
    {
        var deal = Acquisition(closingAt: "2025-11-30", parties: AboveThresholds(), notifications: [new MergerNotification { Authority = "SAMR", FiledAt = Day("2025-09-10"), ClearedAt = Day("2025-12-01") }]);
        var found = Evaluate(Facts(), deal).Only("CN-AML26-UNNOTIFIED");
        Assert.That(JsonNode.Parse(found.MeasuredJson)!["t1"]!["closedBeforeClearance"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public void Filed_and_not_yet_closed_is_lawful() =>
        Assert.That(Evaluate(Facts(), Acquisition(parties: AboveThresholds(), notifications: [new MergerNotification { Authority = "SAMR", FiledAt = Day("2025-09-10") }])).RulesFound(), Is.Empty);

    [Test]
    public void Intra_group_transactions_and_deals_without_control_are_exempt()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Evaluate(Dominant(), Acquisition(intraGroup: true, parties: AboveThresholds())).RulesFound(), Is.Empty);
            Assert.That(Evaluate(Dominant(), Acquisition(control: false, parties: AboveThresholds())).RulesFound(), Is.Empty);
        });
    }

    [Test]
    public void The_thresholds_in_force_on_the_signing_day_apply()
    {
        // China turnover of all parties 3 bn: above the 2008 threshold (2 bn), below the 2024 one (4 bn);
        // each party above 400 m (2008) but one below 800 m (2024).
        AcquisitionParty[] parties = [Party("p1", world: Cny(2_400_000_000m), china: Cny(2_400_000_000m)), Party("t1", world: Cny(600_000_000m), china: Cny(600_000_000m))];
        var underAml2008 = Evaluate(Facts(), Acquisition(signedAt: "2022-07-31", parties: parties));
        var before = Evaluate(Facts(), Acquisition(signedAt: "2024-01-21", parties: parties));
        var after = Evaluate(Facts(), Acquisition(signedAt: "2024-01-22", parties: parties));
        Assert.Multiple(() =>
        {
            // RULES.md: the 2008/2018 thresholds under AML 2008 until 2022-07-31, under AML 2022 from 2022-08-01.
            Assert.That(underAml2008.Only("CN-AML26-UNNOTIFIED").Law.Citation, Is.EqualTo("AML 2008 Art. 21, 22, 48"));
            Assert.That(before.Only("CN-AML26-UNNOTIFIED").Law.Citation, Is.EqualTo("AML 2022 Art. 26, 27, 58"));
            Assert.That(after.RulesFound(), Has.None.EqualTo("CN-AML26-UNNOTIFIED"));
        });
    }

    [Test]
    public void Turnover_exactly_at_a_threshold_does_not_exceed_it()
    {
        AcquisitionParty[] parties = [Party("p1", world: Cny(11_000_000_000m), china: Cny(3_200_000_000m)), Party("t1", world: Cny(1_000_000_000m), china: Cny(800_000_000m))];
        Assert.That(Evaluate(Facts(), Acquisition(parties: parties)).RulesFound(), Has.None.EqualTo("CN-AML26-UNNOTIFIED"));
    }

    [Test]
    public void A_turnover_not_reported_never_counts_as_meeting_a_threshold()
    {
        AcquisitionParty[] parties = [Party("p1", world: Cny(600_000_000_000m), china: Cny(500_000_000_000m)), Party("t1", world: Cny(3_000_000_000m))];
        var result = Evaluate(Facts(), Acquisition(parties: parties));
        Assert.Multiple(() =>
        {
            Assert.That(result.RulesFound(), Has.None.EqualTo("CN-AML26-UNNOTIFIED"));
            Assert.That(result.Gaps.Select(g => g.ToString()), Has.Some.Contains("t1.turnoverCn"));
        });
    }

    [Test]
    public void Turnover_in_another_currency_converts_with_the_previous_years_rate()
    {
        // 2024 rates: 1 EUR = 7.7875 CNY. 103 m EUR ≈ 802 m CNY (> 800 m); 102 m EUR ≈ 794 m CNY (< 800 m).
        AcquisitionParty[] Parties(decimal eur) => [Party("p1", world: Cny(600_000_000_000m), china: Cny(500_000_000_000m)), Party("t1", world: new Money { Amount = eur, Currency = "EUR" }, china: new Money { Amount = eur, Currency = "EUR" })];
        Assert.Multiple(() =>
        {
            Assert.That(Evaluate(Facts(), Acquisition(parties: Parties(103_000_000m))).RulesFound(), Does.Contain("CN-AML26-UNNOTIFIED"));
            Assert.That(Evaluate(Facts(), Acquisition(parties: Parties(102_000_000m))).RulesFound(), Has.None.EqualTo("CN-AML26-UNNOTIFIED"));
        });
    }

    [Test]
    public void A_missing_exchange_rate_is_a_data_gap_never_a_guess()
    {
        AcquisitionParty[] parties = [Party("p1", world: Cny(600_000_000_000m), china: Cny(500_000_000_000m)), Party("t1", world: new Money { Amount = 500_000_000m, Currency = "GBP" }, china: new Money { Amount = 500_000_000m, Currency = "GBP" })];
        var result = Evaluate(Facts(), Acquisition(parties: parties));
        Assert.Multiple(() =>
        {
            Assert.That(result.RulesFound(), Has.None.EqualTo("CN-AML26-UNNOTIFIED"));
            Assert.That(result.Gaps.Select(g => g.ToString()), Has.Some.Contains("no 2024 exchange rate from GBP to CNY"));
        });
    }

    [Test]
    public void Below_the_thresholds_a_dominant_acquirer_in_the_target_market_may_be_called_in()
    {
        AcquisitionParty[] small = [Party("p1", world: Cny(3_500_000_000m), china: Cny(3_000_000_000m)), Party("t1", world: Cny(200_000_000m), china: Cny(200_000_000m))];
        var dominant = Evaluate(Dominant(), Acquisition(parties: small));
        var notDominant = Evaluate(Facts(), Acquisition(parties: small));
        var elsewhere = Evaluate(Dominant(market: "cn-other"), Acquisition(parties: small));
        Assert.Multiple(() =>
        {
            Assert.That(dominant.RulesFound(), Is.EqualTo(new[] { "CN-AML26-CALLIN" }));
            Assert.That(notDominant.RulesFound(), Is.Empty);
            Assert.That(elsewhere.RulesFound(), Is.Empty);
        });
    }

    [Test]
    public void Above_the_thresholds_it_is_notification_not_call_in() =>
        Assert.That(Evaluate(Dominant(), Acquisition(parties: AboveThresholds())).RulesFound(), Is.EqualTo(new[] { "CN-AML26-UNNOTIFIED" }));

    // ---- DMA-14-INFORM
    [Test]
    public void A_gatekeeper_acquiring_a_digital_target_without_informing_the_Commission()
    {
        var found = Evaluate(Gatekeeper(), Acquisition(closingAt: "2025-10-01", targetServices: ["online-intermediation"], targetMarket: null)).Only("DMA-14-INFORM");
        Assert.That(found.Severity, Is.EqualTo(Severity.Critical));
    }

    [TestCase("2025-09-30", "2025-10-01", false)]
    [TestCase("2025-10-01", "2025-10-01", true)]
    [TestCase("2025-09-30", null, false)]
    public void Informing_must_come_before_closing(string filedAt, string? closingAt, bool flagged)
    {
        var deal = Acquisition(closingAt: closingAt, targetServices: ["data-collection"], targetMarket: null,
            notifications: [new MergerNotification { Authority = "EC-DMA-ART14", FiledAt = Day(filedAt) }]);
        Assert.That(Evaluate(Gatekeeper(), deal).RulesFound().Contains("DMA-14-INFORM"), Is.EqualTo(flagged));
    }

    [Test]
    public void No_inform_duty_without_designation_or_without_target_services()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Evaluate(Facts(), Acquisition(targetServices: ["online-intermediation"], targetMarket: null)).RulesFound(), Is.Empty);
            Assert.That(Evaluate(Gatekeeper(), Acquisition(targetServices: [], targetMarket: null)).RulesFound(), Is.Empty);
        });
    }

    // ---- GEN-MERGER-HHI
    private static MarketPicture Market(params (string Platform, decimal Share, string Period)[] shares) =>
        MarketPicture.From("cn-m", shares.Select(s => TestData.Share(s.Platform, s.Share, s.Period, market: "cn-m")));

    [Test]
    public void A_merger_creating_a_firm_above_30_percent_with_delta_above_100_is_flagged()
    {
        // a = 30, b = 2: ΔHHI = 2·30·2 = 120 > 100; a + b = 32 > 30.
        var found = Evaluate(Facts(), Acquisition(acquirerShare: 0.30m, targetShare: 0.02m)).Only("GEN-MERGER-HHI");
        Assert.That(JsonNode.Parse(found.MeasuredJson)!["t1"]!["deltaHhi"]!.GetValue<decimal>(), Is.EqualTo(120m));
    }

    [Test]
    public void A_delta_of_exactly_100_is_not_more_than_100() =>
        Assert.That(Evaluate(Facts(), Acquisition(acquirerShare: 0.25m, targetShare: 0.02m)).RulesFound(), Is.Empty);

    [Test]
    public void Post_merger_HHI_uses_the_latest_period_starting_on_or_before_signing()
    {
        // a = 20, b = 3: ΔHHI = 120, a + b = 23. 2024 HHI 1700 (+120 = 1820 > 1800); 2026 HHI 1000.
        var market = Market(("x", 0.40m, "2024"), ("y", 0.10m, "2024"), ("x", 0.3162m, "2026"));
        var found = Evaluate(Facts(), Acquisition(signedAt: "2025-06-01", acquirerShare: 0.20m, targetShare: 0.03m), market).Only("GEN-MERGER-HHI");
        Assert.That(JsonNode.Parse(found.MeasuredJson)!["t1"]!["market"]!["gmv"]!["postMergerHhi"]!.GetValue<decimal>(), Is.EqualTo(1820m));
    }

    [Test]
    public void A_small_merger_in_a_moderately_concentrated_market_is_not_flagged()
    {
        var market = Market(("x", 0.35m, "2024"), ("y", 0.10m, "2024"));
        Assert.That(Evaluate(Facts(), Acquisition(acquirerShare: 0.20m, targetShare: 0.03m), market).RulesFound(), Is.Empty);
    }
}
