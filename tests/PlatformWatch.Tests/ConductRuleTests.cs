using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using static PlatformWatch.Tests.Events;

namespace PlatformWatch.Tests;

// The conduct rules of RULES.md (cn and eu profiles) on the shipped profiles.
public class ConductRuleTests
{
    private static Rules.Engine.EvaluationResult Evaluate(Rules.Engine.PlatformFacts facts, params ConductObserved[] observations) =>
        TestData.Engine.Conduct("p1", observations, facts);

    // ---- CN-AML22-EXCLUSIVE
    [Test]
    public void Exclusivity_with_punitive_enforcement_by_a_dominant_platform_is_critical()
    {
        var found = Evaluate(Dominant(), Conduct(ConductKind.ExclusiveDealing, enforcement: [Enforcement.StoreBlocking], counterparty: Counterparty.Merchants)).Only("CN-AML22-EXCLUSIVE");
        Assert.Multiple(() =>
        {
            Assert.That(found.Severity, Is.EqualTo(Severity.Critical));
            Assert.That(found.Law.Citation, Is.EqualTo("AML 2022 Art. 22(1)(4)"));
            Assert.That(found.Law.Also.Select(a => a.Citation), Is.EqualTo(new[] { "Platform Economy Guidelines Art. 15" }));
        });
    }

    [Test]
    public void Exclusivity_with_incentives_only_by_a_dominant_platform_is_medium() =>
        Assert.That(Evaluate(Dominant(), Conduct(ConductKind.ExclusiveDealing, incentives: [Incentive.Subsidy])).Only("CN-AML22-EXCLUSIVE").Severity, Is.EqualTo(Severity.Medium));

    [Test]
    public void Exclusivity_by_a_platform_that_is_not_dominant_is_not_an_abuse() =>
        Assert.That(Evaluate(Facts(), Conduct(ConductKind.ExclusiveDealing, enforcement: [Enforcement.Delisting])).RulesFound(), Has.None.EqualTo("CN-AML22-EXCLUSIVE"));

    [Test]
    public void Exclusivity_with_neither_enforcement_nor_incentives_is_not_flagged() =>
        Assert.That(Evaluate(Dominant(), Conduct(ConductKind.ExclusiveDealing)).RulesFound(), Is.Empty);

    [Test]
    public void Dominance_in_another_market_or_another_period_does_not_count()
    {
        var elsewhere = Evaluate(Dominant(market: "cn-other"), Conduct(ConductKind.ExclusiveDealing, enforcement: [Enforcement.Delisting]));
        var earlier = Evaluate(Dominant(period: "2023"), Conduct(ConductKind.ExclusiveDealing, enforcement: [Enforcement.Delisting]));
        Assert.Multiple(() =>
        {
            Assert.That(elsewhere.RulesFound(), Has.None.EqualTo("CN-AML22-EXCLUSIVE"));
            Assert.That(earlier.RulesFound(), Has.None.EqualTo("CN-AML22-EXCLUSIVE"));
        });
    }

    [Test]
    public void The_finding_is_established_only_for_the_days_the_platform_was_dominant()
    {
        var found = Evaluate(Dominant(period: "2025-05-01..2025-12-31"), Conduct(ConductKind.ExclusiveDealing, enforcement: [Enforcement.Delisting])).Only("CN-AML22-EXCLUSIVE");
        Assert.Multiple(() =>
        {
            Assert.That(found.Period, Is.EqualTo(TestData.Period("2025-03-01..2025-06-30")));
            Assert.That(found.Established, Is.EqualTo(TestData.Period("2025-05-01..2025-06-30")));
        });
    }

    [Test]
    public void A_decision_of_kind_dominant_makes_the_platform_dominant_and_is_evidence()
    {
        var decision = Designation(DesignationKind.Dominant, jurisdiction: "CN", obligationsFrom: "2024-01-01", market: "cn-m");
        var found = Evaluate(Facts(designations: [decision]), Conduct(ConductKind.Tying)).Only("CN-AML22-TYING");
        Assert.That(found.Evidence, Does.Contain(decision.EventId));
    }

    [Test]
    public void A_dominance_decision_of_another_jurisdiction_does_not_count_for_Chinese_rules()
    {
        var decision = Designation(DesignationKind.Dominant, jurisdiction: "EU", obligationsFrom: "2024-01-01");
        Assert.That(Evaluate(Facts(designations: [decision]), Conduct(ConductKind.Tying)).RulesFound(), Has.None.EqualTo("CN-AML22-TYING"));
    }

    // ---- CN-ECL35-RESTRICT
    [Test]
    public void Restrictions_enforced_on_merchants_breach_the_E_commerce_Law_without_dominance()
    {
        var exclusive = Evaluate(Facts(), Conduct(ConductKind.ExclusiveDealing, enforcement: [Enforcement.TrafficLimit], counterparty: Counterparty.Merchants));
        var restriction = Evaluate(Facts(), Conduct(ConductKind.UnreasonableRestriction, enforcement: [Enforcement.FeeIncrease], attributes: new { restriction = "no cross-listing" }));
        Assert.Multiple(() =>
        {
            Assert.That(exclusive.RulesFound(), Is.EqualTo(new[] { "CN-ECL35-RESTRICT" }));
            Assert.That(restriction.RulesFound(), Is.EqualTo(new[] { "CN-ECL35-RESTRICT" }));
        });
    }

    [Test]
    public void Restrictions_without_enforcement_or_aimed_at_consumers_are_not_flagged()
    {
        var incentives = Evaluate(Facts(), Conduct(ConductKind.ExclusiveDealing, incentives: [Incentive.Subsidy], counterparty: Counterparty.Merchants));
        var consumers = Evaluate(Facts(), Conduct(ConductKind.UnreasonableRestriction, enforcement: [Enforcement.FeeIncrease], counterparty: Counterparty.Consumers));
        Assert.Multiple(() =>
        {
            Assert.That(incentives.RulesFound(), Is.Empty);
            Assert.That(consumers.RulesFound(), Is.Empty);
        });
    }

    [Test]
    public void Conduct_before_the_E_commerce_Law_entered_into_force_is_not_flagged() =>
        Assert.That(Evaluate(Facts(), Conduct(ConductKind.UnreasonableRestriction, from: "2018-03-01", to: "2018-12-31", enforcement: [Enforcement.Delisting])).RulesFound(), Is.Empty);

    // ---- CN-AML22-BELOWCOST
    [Test]
    public void Pricing_below_average_variable_cost_by_a_dominant_platform_is_high() =>
        Assert.That(Evaluate(Dominant(), Conduct(ConductKind.BelowCostPricing, attributes: new { price = 9.99, averageVariableCost = 10, averageTotalCost = 12 })).Only("CN-AML22-BELOWCOST").Severity, Is.EqualTo(Severity.High));

    [Test]
    public void Pricing_below_average_total_cost_for_91_days_is_medium_and_for_90_days_is_not()
    {
        object attributes = new { price = 11, averageVariableCost = 10, averageTotalCost = 12 };
        var days91 = Evaluate(Dominant(), Conduct(ConductKind.BelowCostPricing, from: "2025-01-01", to: "2025-04-01", attributes: attributes));
        var days90 = Evaluate(Dominant(), Conduct(ConductKind.BelowCostPricing, from: "2025-01-01", to: "2025-03-31", attributes: attributes));
        Assert.Multiple(() =>
        {
            Assert.That(days91.Only("CN-AML22-BELOWCOST").Severity, Is.EqualTo(Severity.Medium));
            Assert.That(days90.RulesFound(), Is.Empty);
        });
    }

    [Test]
    public void A_price_at_average_total_cost_is_not_below_cost() =>
        Assert.That(Evaluate(Dominant(), Conduct(ConductKind.BelowCostPricing, from: "2025-01-01", to: "2025-12-31", attributes: new { price = 12, averageVariableCost = 10, averageTotalCost = 12 })).RulesFound(), Is.Empty);

    [Test]
    public void Below_cost_without_the_costs_is_a_data_gap_not_a_guess()
    {
        var result = Evaluate(Dominant(), Conduct(ConductKind.BelowCostPricing, attributes: new { price = 5 }));
        Assert.Multiple(() =>
        {
            Assert.That(result.RulesFound(), Is.Empty);
            Assert.That(result.Gaps.Single().ToString(), Does.Contain("lacks the attribute price or averageVariableCost"));
        });
    }

    // ---- CN-AML22-EXCESSIVE
    [Test]
    public void Price_rises_more_than_10_points_above_cost_rises_are_excessive_and_exactly_10_are_not()
    {
        var over = Evaluate(Dominant(), Conduct(ConductKind.ExcessivePricing, attributes: new { priceChangePct = 15.01, costChangePct = 5 }));
        var exactly = Evaluate(Dominant(), Conduct(ConductKind.ExcessivePricing, attributes: new { priceChangePct = 15, costChangePct = 5 }));
        Assert.Multiple(() =>
        {
            Assert.That(over.RulesFound(), Is.EqualTo(new[] { "CN-AML22-EXCESSIVE" }));
            Assert.That(JsonNode.Parse(over.Only("CN-AML22-EXCESSIVE").MeasuredJson)!.AsObject().Single().Value!["excessPoints"]!.GetValue<decimal>(), Is.EqualTo(10.01m));
            Assert.That(exactly.RulesFound(), Is.Empty);
        });
    }

    // ---- CN-AML22-TYING, CN-ECL19-DEFAULT-TIE
    [Test]
    public void Tying_by_a_dominant_platform_is_critical_and_by_others_nothing_unless_preselected()
    {
        var dominant = Evaluate(Dominant(), Conduct(ConductKind.Tying, attributes: new { defaultSelected = false, tiedKind = "other" }));
        var small = Evaluate(Facts(), Conduct(ConductKind.Tying, attributes: new { defaultSelected = false, tiedKind = "other" }));
        Assert.Multiple(() =>
        {
            Assert.That(dominant.Only("CN-AML22-TYING").Severity, Is.EqualTo(Severity.Critical));
            Assert.That(small.RulesFound(), Is.Empty);
        });
    }

    [Test]
    public void A_default_selected_tie_breaches_the_E_commerce_Law_without_dominance()
    {
        var preselected = Evaluate(Facts(), Conduct(ConductKind.Tying, attributes: new { defaultSelected = true }));
        var unknown = Evaluate(Facts(), Conduct(ConductKind.Tying));
        Assert.Multiple(() =>
        {
            Assert.That(preselected.Only("CN-ECL19-DEFAULT-TIE").Severity, Is.EqualTo(Severity.High));
            Assert.That(unknown.RulesFound(), Is.Empty, "a missing attribute never meets a condition");
        });
    }

    // ---- CN-AML22-REFUSAL
    [TestCase("denied", true)]
    [TestCase("no-reply", true)]
    [TestCase("granted-with-fee", false)]
    public void Refusal_to_deal_by_a_dominant_platform(string response, bool flagged) =>
        Assert.That(Evaluate(Dominant(), Conduct(ConductKind.RefusalToDeal, attributes: new { subject = "api", response })).RulesFound().Contains("CN-AML22-REFUSAL"), Is.EqualTo(flagged));

    // ---- CN-PIPL24-OPTOUT
    [Test]
    public void A_missing_non_personalised_option_breaches_PIPL_from_November_2021_only()
    {
        var after = Evaluate(Facts(), Conduct(ConductKind.NonPersonalisedOptionMissing, from: "2021-11-01", to: "2021-11-01"));
        var before = Evaluate(Facts(), Conduct(ConductKind.NonPersonalisedOptionMissing, from: "2021-10-31", to: "2021-10-31"));
        Assert.Multiple(() =>
        {
            Assert.That(after.Only("CN-PIPL24-OPTOUT").Law.Also.Select(a => a.Citation), Is.EqualTo(new[] { "E-commerce Law Art. 18" }));
            Assert.That(before.RulesFound(), Is.Empty);
        });
    }

    // ---- DMA conduct rules (gatekeeper)
    [Test]
    public void Combining_data_without_consent_is_a_gatekeeper_breach_of_Art_5_2()
    {
        var found = Evaluate(Gatekeeper(), Conduct(ConductKind.DataCombination, jurisdiction: "EU", market: null, attributes: new { sourceServices = "a,b", targetService = "ads", consentObtained = false }));
        Assert.That(found.Only("DMA-5-2-DATA").Severity, Is.EqualTo(Severity.Critical));
    }

    [Test]
    public void Combining_data_with_consent_or_by_a_platform_not_designated_is_not_flagged()
    {
        var consented = Evaluate(Gatekeeper(), Conduct(ConductKind.DataCombination, jurisdiction: "EU", attributes: new { consentObtained = true }));
        var notDesignated = Evaluate(Facts(), Conduct(ConductKind.DataCombination, jurisdiction: "EU", attributes: new { consentObtained = false }));
        Assert.Multiple(() =>
        {
            Assert.That(consented.RulesFound(), Is.Empty);
            Assert.That(notDesignated.RulesFound(), Is.Empty);
        });
    }

    [Test]
    public void A_gatekeeper_is_bound_from_obligationsFrom_on_and_not_before()
    {
        var observation = Conduct(ConductKind.ParityClause, jurisdiction: "EU", from: "2024-01-01", to: "2024-12-31", attributes: new { scope = "narrow" });
        var designatedMidway = Evaluate(Gatekeeper(obligationsFrom: "2024-03-07"), observation).Only("DMA-5-3-PARITY");
        var designatedAfter = Evaluate(Gatekeeper(obligationsFrom: "2025-01-01"), observation);
        Assert.Multiple(() =>
        {
            Assert.That(designatedMidway.Established, Is.EqualTo(TestData.Period("2024-03-07..2024-12-31")));
            Assert.That(designatedAfter.RulesFound(), Is.Empty);
        });
    }

    [Test]
    public void A_revoked_designation_stops_binding_on_the_day_of_revocation()
    {
        var facts = Facts(designations: [Designation(DesignationKind.Gatekeeper, obligationsFrom: "2024-03-07", revokedAt: "2025-03-01")]);
        var after = Evaluate(facts, Conduct(ConductKind.ParityClause, jurisdiction: "EU", from: "2025-03-01", to: "2025-03-31"));
        Assert.That(after.RulesFound(), Is.Empty);
    }

    [TestCase(false, true, false, true)]
    [TestCase(true, false, false, true)]
    [TestCase(true, true, true, true)]
    [TestCase(true, true, false, false)]
    public void Anti_steering_by_a_gatekeeper(bool linkOut, bool offerInfo, bool fee, bool flagged) =>
        Assert.That(Evaluate(Gatekeeper(), Conduct(ConductKind.AntiSteering, jurisdiction: "EU", attributes: new { linkOutAllowed = linkOut, offerInfoAllowed = offerInfo, feeOnSteeredTransactions = fee })).RulesFound().Contains("DMA-5-4-STEERING"), Is.EqualTo(flagged));

    [TestCase("payment", true)]
    [TestCase("identification", true)]
    [TestCase("browser-engine", true)]
    [TestCase("other", false)]
    public void Tying_of_identification_browser_engine_or_payment_by_a_gatekeeper(string tiedKind, bool flagged) =>
        Assert.That(Evaluate(Gatekeeper(), Conduct(ConductKind.Tying, jurisdiction: "EU", attributes: new { tiedKind, defaultSelected = false })).RulesFound().Contains("DMA-5-7-TYING"), Is.EqualTo(flagged));

    [TestCase("interoperability", "denied", true)]
    [TestCase("interoperability", "no-reply", true)]
    [TestCase("interoperability", "granted-with-fee", true)]
    [TestCase("data-access", "denied", false)]
    public void Refusing_interoperability_as_a_gatekeeper(string subject, string response, bool flagged) =>
        Assert.That(Evaluate(Gatekeeper(), Conduct(ConductKind.RefusalToDeal, jurisdiction: "EU", attributes: new { subject, response, requester = "dev", responseDays = 30 })).RulesFound().Contains("DMA-6-7-INTEROP"), Is.EqualTo(flagged));

    [Test]
    public void EU_conduct_is_not_judged_by_Chinese_rules_and_vice_versa()
    {
        var eu = Evaluate(Dominant(), Conduct(ConductKind.Tying, jurisdiction: "EU", attributes: new { defaultSelected = true, tiedKind = "payment" }));
        var cn = Evaluate(Gatekeeper(), Conduct(ConductKind.Tying, jurisdiction: "CN", attributes: new { defaultSelected = false, tiedKind = "payment" }));
        Assert.Multiple(() =>
        {
            Assert.That(eu.RulesFound(), Has.None.StartsWith("CN-"));
            Assert.That(cn.RulesFound(), Has.None.StartsWith("DMA-"));
        });
    }

    // ---- DMA-5-2-REPROMPT
    private static ConductObserved Reprompt(string refusedAt, string repromptedAt, string purpose = "ads-personalisation") =>
        Conduct(ConductKind.ConsentReprompt, jurisdiction: "EU", market: null, from: null, to: null, attributes: new { purpose, refusedAt, repromptedAt });

    [Test]
    public void Asking_twice_within_a_year_of_a_refusal_breaches_Art_5_2()
    {
        var found = Evaluate(Gatekeeper(), Reprompt("2025-01-10", "2025-02-01"), Reprompt("2025-01-10", "2025-06-01")).Only("DMA-5-2-REPROMPT");
        Assert.Multiple(() =>
        {
            Assert.That(found.Severity, Is.EqualTo(Severity.High));
            Assert.That(found.Period, Is.EqualTo(TestData.Period("2025-01-10..2026-01-09")));
        });
    }

    [Test]
    public void Asking_once_or_on_the_anniversary_is_not_a_breach()
    {
        var once = Evaluate(Gatekeeper(), Reprompt("2025-01-10", "2025-02-01"));
        var anniversary = Evaluate(Gatekeeper(), Reprompt("2025-01-10", "2025-02-01"), Reprompt("2025-01-10", "2026-01-10"));
        var otherPurpose = Evaluate(Gatekeeper(), Reprompt("2025-01-10", "2025-02-01"), Reprompt("2025-01-10", "2025-03-01", "analytics"));
        Assert.Multiple(() =>
        {
            Assert.That(once.RulesFound(), Is.Empty);
            Assert.That(anniversary.RulesFound(), Is.Empty);
            Assert.That(otherPurpose.RulesFound(), Is.Empty);
        });
    }

    [Test]
    public void Several_observations_of_one_key_join_one_finding_with_the_highest_severity()
    {
        var result = Evaluate(Dominant(), Conduct(ConductKind.ExclusiveDealing, incentives: [Incentive.Discount]), Conduct(ConductKind.ExclusiveDealing, enforcement: [Enforcement.Delisting]));
        var found = result.Only("CN-AML22-EXCLUSIVE");
        Assert.Multiple(() =>
        {
            Assert.That(found.Severity, Is.EqualTo(Severity.Critical));
            Assert.That(JsonNode.Parse(found.MeasuredJson)!.AsObject(), Has.Count.EqualTo(2), "one measurement per observation");
        });
    }
}
