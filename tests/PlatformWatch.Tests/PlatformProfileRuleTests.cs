using System.Text;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;
using static PlatformWatch.Tests.Events;

namespace PlatformWatch.Tests;

// DMA-3-GATEKEEPER and CN-GRADE-SUPER.
public class PlatformProfileRuleTests
{
    private static EvaluationResult Evaluate(params PlatformProfileReported[] years) => TestData.Engine.PlatformProfiles("p1", years);

    [Test]
    public void Meeting_size_and_reach_in_each_of_three_years_is_the_gatekeeper_presumption()
    {
        var found = Evaluate(Profile(2022), Profile(2023), Profile(2024)).Only("DMA-3-GATEKEEPER");
        Assert.Multiple(() =>
        {
            Assert.That(found.Severity, Is.EqualTo(Severity.High));
            Assert.That(found.Period, Is.EqualTo(TestData.Period("2024")), "the last of the years compared");
            Assert.That(found.Evidence, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public void Two_years_are_not_enough() => Assert.That(Evaluate(Profile(2023), Profile(2024)).RulesFound(), Is.Empty);

    [Test]
    public void Turnover_just_below_the_threshold_in_one_year_fails_unless_market_capitalisation_reaches_75_billion()
    {
        var turnoverShort = Evaluate(Profile(2022, euTurnover: 7_499_999_999m), Profile(2023), Profile(2024));
        var capInstead = Evaluate(Profile(2022, euTurnover: 7_499_999_999m), Profile(2023), Profile(2024, marketCap: 75_000_000_000m));
        Assert.Multiple(() =>
        {
            Assert.That(turnoverShort.RulesFound(), Is.Empty);
            Assert.That(capInstead.RulesFound(), Is.EqualTo(new[] { "DMA-3-GATEKEEPER" }));
        });
    }

    [Test]
    public void Reach_must_hold_in_every_year_and_the_thresholds_are_reached_exactly()
    {
        var exactly = Evaluate(Profile(2022, users: 45_000_000, businessUsers: 10_000), Profile(2023), Profile(2024));
        var short1 = Evaluate(Profile(2022, users: 44_999_999), Profile(2023), Profile(2024));
        var fewBusiness = Evaluate(Profile(2022), Profile(2023, businessUsers: 9_999), Profile(2024));
        Assert.Multiple(() =>
        {
            Assert.That(exactly.RulesFound(), Is.EqualTo(new[] { "DMA-3-GATEKEEPER" }));
            Assert.That(short1.RulesFound(), Is.Empty);
            Assert.That(fewBusiness.RulesFound(), Is.Empty);
        });
    }

    [Test]
    public void The_same_service_must_be_provided_in_three_member_states() =>
        Assert.That(Evaluate(Profile(2022), Profile(2023), Profile(2024, memberStates: 2)).RulesFound(), Is.Empty);

    [Test]
    public void Turnover_in_dollars_converts_with_each_years_rate_and_a_missing_year_is_a_gap()
    {
        // 1 EUR = 1.0813 USD (2023), 1.0824 USD (2024); no 2022 rate in the profile.
        var result = Evaluate(Profile(2022, euTurnover: 9_000_000_000m, currency: "USD"), Profile(2023, euTurnover: 9_000_000_000m, currency: "USD"), Profile(2024, euTurnover: 9_000_000_000m, currency: "USD"));
        Assert.Multiple(() =>
        {
            Assert.That(result.RulesFound(), Is.Empty);
            Assert.That(result.Gaps.Select(g => g.ToString()), Has.Some.Contains("no 2022 exchange rate from USD to EUR"));
        });
    }

    [Test]
    public void The_latest_profile_of_a_year_replaces_an_earlier_one()
    {
        var early = Profile(2024, users: 10) with { OccurredAt = At("2025-02-01T00:00:00Z") };
        var corrected = Profile(2024) with { OccurredAt = At("2025-04-01T00:00:00Z") };
        Assert.Multiple(() =>
        {
            Assert.That(Evaluate(Profile(2022), Profile(2023), early, corrected).RulesFound(), Is.EqualTo(new[] { "DMA-3-GATEKEEPER" }));
            Assert.That(Evaluate(Profile(2022), Profile(2023), corrected with { OccurredAt = At("2025-01-01T00:00:00Z") }, early).RulesFound(), Is.Empty);
        });
    }

    [Test]
    public void The_super_platform_grade_is_disabled_by_default_and_works_when_enabled()
    {
        var big = Profile(2024, marketCap: 1_000_000_000_000m, currency: "CNY") with { AnnualActiveUsersCn = 500_000_000 };
        var cn = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "rules", "cn.yaml"))
            .Replace("    enabled: false\n", "", StringComparison.Ordinal);
        var sources = new[] { "common.yaml", "eu.yaml" }
            .Select(f => new ProfileSource(f, File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "rules", f))))
            .Append(new ProfileSource("cn.yaml", Encoding.UTF8.GetBytes(cn)));
        var enabled = new RuleEngine(ProfileLoader.Load(sources).Set!);
        Assert.Multiple(() =>
        {
            Assert.That(Evaluate(big).RulesFound(), Has.None.EqualTo("CN-GRADE-SUPER"));
            Assert.That(enabled.PlatformProfiles("p1", [big]).Findings.Select(f => f.RuleId), Does.Contain("CN-GRADE-SUPER"));
            Assert.That(enabled.PlatformProfiles("p1", [big with { AnnualActiveUsersCn = 499_999_999 }]).Findings.Select(f => f.RuleId), Has.None.EqualTo("CN-GRADE-SUPER"));
        });
    }
}
