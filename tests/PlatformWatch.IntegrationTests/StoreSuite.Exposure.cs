using System.Globalization;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// Penalty exposure (RULES.md "Penalty exposure") from the reference-point scenarios
/// (tests/scenarios/exposure-*.jsonl), evaluated with the shipped profiles and read as an operator.
/// </summary>
public abstract partial class StoreSuite
{
    private static Money Cny(decimal amount) => new() { Amount = amount, Currency = "CNY" };

    private async Task<CaseExposure> ExposureAsync(string scenario, string ruleId, int? baseYear)
    {
        await Processor(Store).ProcessAsync(await ScenarioEventsAsync(scenario));
        var finding = (await Store.Findings.ListAsync()).Single(f => f.RuleId == ruleId);
        var outcome = await new Operations(Store).ExposureUnder(Shipped).ForCaseAsync(Actor.Operator("exposure-test"), finding.CaseId!, baseYear, CancellationToken.None);
        Assert.That(outcome.IsOk, Is.True, outcome.Reason);
        return outcome.Value!;
    }

    [Test]
    public async Task The_retail_reference_point_is_fined_under_AML_2008_Art_47_on_its_2019_China_sales_and_4_percent_is_RMB_18_228_48_bn()
    {
        var entry = (await ExposureAsync("exposure-retail-2019", "CN-AML22-EXCLUSIVE", 2019)).Entries.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.Citation, Is.EqualTo("AML 2008 Art. 47"));
            Assert.That(entry.LawVersion, Is.EqualTo("AML 2008"));
            Assert.That(entry.Base, Is.EqualTo(new ExposureBase("CN", 2019, 455_712_000_000m, "CNY", "xr-021")), "the corrected figure of the same source counts");
            Assert.That(entry.Min, Is.EqualTo(Cny(4_557_120_000m)));
            Assert.That(entry.Max, Is.EqualTo(Cny(45_571_200_000m)));
            Assert.That(entry.FineAtPercent(4m), Is.EqualTo(Cny(18_228_480_000m)));
            Assert.That(entry.Allows(Cny(18_228_480_000m)), Is.True);
            Assert.That(entry.Allows(Cny(45_571_200_000.01m)), Is.False, "a fen above the maximum");
            Assert.That(entry.AggravatedMax, Is.Null, "AML 2008 has no especially serious range");
            Assert.That(entry.Confiscation, Is.True);
            Assert.That(entry.Missing, Is.Empty);
        });
    }

    [Test]
    public async Task A_regulators_turnover_counts_before_the_platforms_later_own_figure()
    {
        var (registry, errors) = SourceRegistry.FromSpec(SourceSpec.Parse("""
            {"sources": [
              {"id": "sample-annual-report", "name": "Mallco's annual report", "kind": "platform", "platformId": "mallco", "jurisdictions": ["*"], "submitters": []},
              {"id": "samr-audit", "name": "SAMR audit", "kind": "regulator", "jurisdictions": ["*"], "submitters": []},
              {"id": "sample-market-study", "name": "Market study", "kind": "third-party", "jurisdictions": ["*"], "submitters": []},
              {"id": "merchant-complaints", "name": "Complaints", "kind": "third-party", "jurisdictions": ["*"], "submitters": []}
            ]}
            """));
        Assert.That(errors, Is.Empty);
        await Store.Sources.SetAsync(registry!, "test");
        await Processor(Store).ProcessAsync([new PlatformProfileReported
        {
            EventId = "audit-2019",
            OccurredAt = DateTimeOffset.Parse("2020-05-01T00:00:00Z", CultureInfo.InvariantCulture),
            Source = "samr-audit",
            PlatformId = "mallco",
            FiscalYear = 2019,
            Turnover = [new RegionalTurnover { Region = "CN", Amount = 460_000_000_000m, Currency = "CNY" }],
        }]);
        var entry = (await ExposureAsync("exposure-retail-2019", "CN-AML22-EXCLUSIVE", 2019)).Entries.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.Base, Is.EqualTo(new ExposureBase("CN", 2019, 460_000_000_000m, "CNY", "audit-2019")), "regulator outranks platform, though the platform's correction is later");
            Assert.That(entry.Max, Is.EqualTo(Cny(46_000_000_000m)));
        });
    }

    [Test]
    public async Task The_food_delivery_reference_point_at_3_percent_of_its_2020_China_sales_is_RMB_3_442_44_m()
    {
        var entry = (await ExposureAsync("exposure-food-2020", "CN-AML22-EXCLUSIVE", 2020)).Entries.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.Citation, Is.EqualTo("AML 2008 Art. 47"));
            Assert.That(entry.Base, Is.EqualTo(new ExposureBase("CN", 2020, 114_748_000_000m, "CNY", "xf-020")));
            Assert.That(entry.Min, Is.EqualTo(Cny(1_147_480_000m)));
            Assert.That(entry.Max, Is.EqualTo(Cny(11_474_800_000m)));
            Assert.That(entry.FineAtPercent(3m), Is.EqualTo(Cny(3_442_440_000m)));
        });
    }

    [Test]
    public async Task The_unnotified_2014_acquisition_is_fined_up_to_the_AML_2008_Art_48_maximum_of_RMB_500_000_without_a_base()
    {
        var entry = (await ExposureAsync("exposure-merger-2014", "CN-AML26-UNNOTIFIED", null)).Entries.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.Citation, Is.EqualTo("AML 2008 Art. 48"));
            Assert.That(entry.Base, Is.Null);
            Assert.That(entry.BaseYear, Is.Null, "a fixed amount needs no base year");
            Assert.That(entry.Min, Is.EqualTo(Cny(0m)));
            Assert.That(entry.Max, Is.EqualTo(Cny(500_000m)));
            Assert.That(entry.MaxWithoutEffect, Is.Null);
            Assert.That(entry.Missing, Is.Empty);
        });
    }

    [Test]
    public async Task Conduct_continuing_into_AML_2022_is_fined_under_Art_57_with_the_Art_63_range_of_2_times_the_minimum_to_5_times_the_maximum()
    {
        var entry = (await ExposureAsync("exposure-aml2022", "CN-AML22-EXCLUSIVE", 2022)).Entries.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.LawVersion, Is.EqualTo("AML 2022"));
            Assert.That(entry.Citation, Is.EqualTo("AML 2022 Art. 57"), "the same turnover as 2020, fined under the newer law");
            Assert.That(entry.Min, Is.EqualTo(Cny(1_147_480_000m)));
            Assert.That(entry.Max, Is.EqualTo(Cny(11_474_800_000m)));
            Assert.That(entry.AggravatedCitation, Is.EqualTo("AML 2022 Art. 63"));
            Assert.That(entry.AggravatedMin, Is.EqualTo(Cny(2_294_960_000m)));
            Assert.That(entry.AggravatedMax, Is.EqualTo(Cny(57_374_000_000m)));
        });
    }

    [Test]
    public async Task A_missing_base_figure_is_named_and_leaves_the_range_open()
    {
        var entry = (await ExposureAsync("exposure-retail-2019", "CN-AML22-EXCLUSIVE", 2018)).Entries.Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.Base, Is.Null);
            Assert.That(entry.Min, Is.Null);
            Assert.That(entry.Max, Is.Null);
            Assert.That(entry.FineAtPercent(4m), Is.Null);
            Assert.That(entry.Missing, Is.EqualTo(new[] { "CN turnover of mallco for fiscal year 2018 (PlatformProfileReported with fiscalYear 2018 and a turnover of region CN)" }));
        });
    }

    [Test]
    public async Task Without_a_base_year_the_Chinese_laws_take_the_year_before_the_case_was_opened()
    {
        var exposure = await ExposureAsync("exposure-retail-2019", "CN-AML22-EXCLUSIVE", null);
        var opened = (await Store.Cases.GetAsync(exposure.CaseId))!.Case.OpenedAt;
        Assert.That(exposure.Entries.Single().BaseYear, Is.EqualTo(opened.Year - 1));
    }

    [Test]
    public async Task A_presumption_of_dominance_has_no_fine_of_its_own()
    {
        var exposure = await ExposureAsync("exposure-retail-2019", "CN-AML24-SINGLE", 2019);
        Assert.Multiple(() =>
        {
            Assert.That(exposure.Entries, Is.Empty);
            Assert.That(exposure.NoFine.Select(n => n.RuleId), Is.EqualTo(new[] { "CN-AML24-SINGLE" }));
            Assert.That(exposure.NoFine.Single().Reason, Does.Contain("AML 2008 Art. 19(1)(1)"));
        });
    }
}
