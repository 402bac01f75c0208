using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using static PlatformWatch.Tests.SourcePrecedenceTests;
using static PlatformWatch.Tests.TestData;

namespace PlatformWatch.Tests;

// GEN-DATA-CONFLICT and CN-AML62-UNDERSTATED (RULES.md "Which figure counts") on the shipped profiles.
public class SourceFigureRuleTests
{
    private static IReadOnlyList<FindingDraft> Found(params ShareFigure[] figures) => Engine.Market(Engine.Picture(Market, figures)).Findings;

    private static FindingDraft? Conflict(params ShareFigure[] figures) => Found(figures).SingleOrDefault(d => d.RuleId == "GEN-DATA-CONFLICT");

    private static FindingDraft? Understated(params ShareFigure[] figures) => Found(figures).SingleOrDefault(d => d.RuleId == "CN-AML62-UNDERSTATED");

    private static DateTimeOffset Day(int year, int month, int day) => new(year, month, day, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_difference_of_exactly_the_tolerance_is_no_conflict()
    {
        Assert.That(Conflict(Figure("a", 0.52m, SourceKind.Regulator), Figure("a", 0.50m, SourceKind.Platform)), Is.Null);
    }

    [Test]
    public void A_difference_just_above_the_tolerance_is_a_conflict_listing_every_kinds_figure()
    {
        var conflict = Conflict(
            Figure("a", 0.5201m, SourceKind.Regulator, source: "samr-survey", eventId: "ev-reg"),
            Figure("a", 0.50m, SourceKind.Platform, source: "a-ir", eventId: "ev-own"));
        Assert.That(conflict, Is.Not.Null);
        var gmv = JsonNode.Parse(conflict!.MeasuredJson)!["gmv"]!;
        Assert.Multiple(() =>
        {
            Assert.That(conflict.PlatformId, Is.EqualTo("a"));
            Assert.That(conflict.MarketId, Is.EqualTo(Market));
            Assert.That(conflict.Period, Is.EqualTo(Period("2025")));
            Assert.That(gmv["difference"]!.GetValue<decimal>(), Is.EqualTo(0.0201m));
            Assert.That(gmv["counts"]!.GetValue<string>(), Is.EqualTo("regulator"));
            Assert.That(gmv["figures"]!.ToJsonString(), Is.EqualTo(
                """[{"kind":"regulator","source":"samr-survey","share":0.5201,"eventId":"ev-reg"},{"kind":"platform","source":"a-ir","share":0.5,"eventId":"ev-own"}]"""));
            Assert.That(JsonNode.Parse(conflict.ThresholdJson)!["differenceAbove"]!.GetValue<decimal>(), Is.EqualTo(0.02m));
            Assert.That(conflict.Evidence, Is.EqualTo(new[] { "ev-own", "ev-reg" }));
        });
    }

    [Test]
    public void A_data_conflict_is_info_so_it_opens_no_case()
    {
        // The store opens no case for info findings (StoreSession.JoinCaseAsync).
        var conflict = Conflict(Figure("a", 0.30m, SourceKind.Regulator), Figure("a", 0.20m, SourceKind.ThirdParty));
        Assert.That(conflict!.Severity, Is.EqualTo(Severity.Info));
    }

    [Test]
    public void The_largest_and_smallest_figure_are_compared_not_neighbours()
    {
        // 0.30 / 0.31 / 0.33: each step is within 0.02, the spread is 0.03.
        var conflict = Conflict(Figure("a", 0.30m, SourceKind.Decision), Figure("a", 0.31m, SourceKind.Regulator), Figure("a", 0.33m, SourceKind.ThirdParty));
        Assert.That(JsonNode.Parse(conflict!.MeasuredJson)!["gmv"]!["difference"]!.GetValue<decimal>(), Is.EqualTo(0.03m));
    }

    [Test]
    public void Metrics_in_conflict_join_one_finding_per_platform_market_and_period()
    {
        var found = Found(
            Figure("a", 0.40m, SourceKind.Regulator), Figure("a", 0.30m, SourceKind.Platform),
            Figure("a", 0.40m, SourceKind.Regulator, metric: ShareMetric.MonthlyActiveUsers), Figure("a", 0.45m, SourceKind.ThirdParty, metric: ShareMetric.MonthlyActiveUsers),
            Figure("a", 0.40m, SourceKind.Regulator, metric: ShareMetric.Orders), Figure("a", 0.41m, SourceKind.ThirdParty, metric: ShareMetric.Orders));
        var conflict = found.Single(d => d.RuleId == "GEN-DATA-CONFLICT");
        Assert.That(JsonNode.Parse(conflict.MeasuredJson)!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "gmv", "monthly-active-users" }), "orders differ by 0.01 only");
    }

    [Test]
    public void Without_a_registry_every_figure_is_unclassified_and_neither_rule_fires()
    {
        var found = Found(
            Share("a", 0.40m, eventId: "ev-1", occurredAt: Day(2025, 3, 1)),
            Share("a", 0.60m, eventId: "ev-2", occurredAt: Day(2025, 4, 1)),
            Share("b", 0.10m));
        Assert.That(found.Keys(), Has.None.StartsWith("GEN-DATA-CONFLICT").And.None.StartsWith("CN-AML62"));
    }

    [Test]
    public void A_correction_that_removes_the_difference_removes_the_conflict()
    {
        var regulator = Figure("a", 0.40m, SourceKind.Regulator);
        var own = Figure("a", 0.30m, SourceKind.Platform, occurredAt: Noon);
        var corrected = Figure("a", 0.39m, SourceKind.Platform, occurredAt: Noon.AddDays(1));
        Assert.Multiple(() =>
        {
            Assert.That(Conflict(regulator, own), Is.Not.Null);
            Assert.That(Conflict(regulator, own, corrected), Is.Null, "re-evaluating the market derives no finding: the store withdraws it");
        });
    }

    // The version is the one in force on the day the platform's figure was submitted, whatever the period.
    [TestCase("2022", 2022, 7, 31, "AML 2008 Art. 52")]
    [TestCase("2022", 2022, 8, 1, "AML 2022 Art. 62")]
    [TestCase("2021", 2022, 8, 1, "AML 2022 Art. 62")]
    [TestCase("2023", 2022, 7, 31, "AML 2008 Art. 52")]
    public void An_understated_figure_cites_the_law_of_the_day_it_was_submitted(string period, int year, int month, int day, string citation)
    {
        var understated = Understated(
            Figure("a", 0.55m, SourceKind.Regulator, period: period, eventId: "ev-reg", occurredAt: Day(2023, 1, 1)),
            Figure("a", 0.45m, SourceKind.Platform, period: period, eventId: "ev-own", occurredAt: Day(year, month, day)));
        Assert.That(understated, Is.Not.Null);
        var measured = JsonNode.Parse(understated!.MeasuredJson)!["gmv"]!;
        Assert.Multiple(() =>
        {
            Assert.That(understated.Law.Citation, Is.EqualTo(citation));
            Assert.That(understated.Period, Is.EqualTo(Period(period)), "the finding's period stays the market period");
            Assert.That(understated.Established, Is.EqualTo(Period(period)));
            Assert.That(understated.Severity, Is.EqualTo(Severity.Medium));
            Assert.That(measured["submittedOn"]!.GetValue<string>(), Is.EqualTo($"{year:D4}-{month:D2}-{day:D2}"));
            Assert.That(measured["understatedBy"]!.GetValue<decimal>(), Is.EqualTo(0.10m));
            Assert.That(measured["counts"]!["kind"]!.GetValue<string>(), Is.EqualTo("regulator"));
            Assert.That(understated.Evidence, Is.EqualTo(new[] { "ev-own", "ev-reg" }));
        });
    }

    [Test]
    public void A_figure_submitted_before_the_law_entered_into_force_is_not_judged()
    {
        Assert.That(Understated(Figure("a", 0.55m, SourceKind.Regulator), Figure("a", 0.45m, SourceKind.Platform, occurredAt: Day(2008, 7, 31))), Is.Null);
    }

    [TestCase(0.51, 0.49, false, TestName = "Understated by exactly the tolerance: no finding")]
    [TestCase(0.5101, 0.49, true, TestName = "Understated by just more than the tolerance: a finding")]
    [TestCase(0.50, 0.47, true, TestName = "The figure that counts at exactly one half reaches it")]
    [TestCase(0.4999, 0.40, false, TestName = "The figure that counts below one half: no finding")]
    [TestCase(0.60, 0.50, false, TestName = "The platform's own figure at one half is not below it: no finding")]
    public void Understated_thresholds(decimal counting, decimal own, bool expected)
    {
        var understated = Understated(Figure("a", counting, SourceKind.StatisticsOffice), Figure("a", own, SourceKind.Platform, occurredAt: Day(2025, 6, 1)));
        Assert.That(understated is not null, Is.EqualTo(expected));
    }

    [Test]
    public void A_platforms_own_figure_that_counts_is_not_understated()
    {
        // Platform outranks third-party: nothing of higher standing contradicts it (but the sources conflict).
        var found = Found(Figure("a", 0.60m, SourceKind.ThirdParty), Figure("a", 0.40m, SourceKind.Platform, occurredAt: Day(2025, 6, 1)));
        Assert.Multiple(() =>
        {
            Assert.That(found.Keys(), Has.None.StartsWith("CN-AML62"));
            Assert.That(found.Keys(), Does.Contain("GEN-DATA-CONFLICT a"));
        });
    }

    [Test]
    public void A_correction_that_removes_the_difference_removes_the_understated_finding()
    {
        var regulator = Figure("a", 0.55m, SourceKind.Regulator);
        var own = Figure("a", 0.45m, SourceKind.Platform, occurredAt: Day(2025, 6, 1));
        var corrected = Figure("a", 0.54m, SourceKind.Platform, occurredAt: Day(2025, 6, 2));
        Assert.Multiple(() =>
        {
            Assert.That(Understated(regulator, own), Is.Not.Null);
            Assert.That(Understated(regulator, own, corrected), Is.Null);
        });
    }

    [Test]
    public void The_shipped_profiles_carry_both_rules_with_their_law()
    {
        var conflict = Shipped.FindRule("GEN-DATA-CONFLICT")!;
        var understated = Shipped.FindRule("CN-AML62-UNDERSTATED")!;
        Assert.Multiple(() =>
        {
            Assert.That(Shipped.AllRules.Count(), Is.EqualTo(39));
            Assert.That((conflict.ProfileId, conflict.Severity, conflict.PolicyParameters.Single()), Is.EqualTo(("common", Severity.Info, "tolerance")));
            Assert.That((understated.ProfileId, understated.Severity, understated.PolicyParameters.Single()), Is.EqualTo(("cn", Severity.Medium, "tolerance")));
            Assert.That(understated.Law.Select(l => $"{l.Name} {l.Article.En} {l.InForce}"), Is.EqualTo(new[]
            {
                "AML 2008 Art. 52 2008-08-01..2022-07-31",
                "AML 2022 Art. 62 2022-08-01..9999-12-31",
            }));
        });
    }
}
