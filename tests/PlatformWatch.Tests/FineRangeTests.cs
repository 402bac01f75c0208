using PlatformWatch.Application;
using PlatformWatch.Contracts;

namespace PlatformWatch.Tests;

/// <summary>
/// A decision's fine against the penalty exposure of the findings it rests on (issue 18, item 2),
/// with RULES.md's reference point: 4 % of RMB 455.712 bn of 2019 China sales under AML 2008
/// Art. 47 (1 % to 10 % of sales).
/// </summary>
public class FineRangeTests
{
    private static readonly ExposureBase Sales = new("CN", 2019, 455_712_000_000m, "CNY", "ev-profile-2019");

    private static Money Cny(decimal amount) => new() { Amount = amount, Currency = "CNY" };

    private static CaseExposure Exposure(params ExposureEntry[] entries) => new("C-1", "shopco", entries, []);

    private static readonly ExposureEntry Art47 = new()
    {
        FindingId = "F-1", RuleId = "CN-AML22-EXCLUSIVE", LawVersion = "AML 2008", Citation = "AML 2008 Art. 47", BaseYear = 2019, Base = Sales,
        Min = Cny(4_557_120_000m), Max = Cny(45_571_200_000m),
    };

    [Test]
    public void Four_percent_of_the_sales_is_the_exact_fine_inside_the_range()
    {
        var (fine, range, _, refusal) = PenaltyRanges.Check(new DecisionFine { Percent = 4m, Currency = "CNY" }, ["F-1"], Exposure(Art47));
        Assert.Multiple(() =>
        {
            Assert.That(refusal, Is.Null);
            Assert.That(fine!.Amount, Is.EqualTo(18_228_480_000m));
            Assert.That(range!.Citations, Is.EqualTo(new[] { "AML 2008 Art. 47" }));
            Assert.That(range.Base, Is.EqualTo(Sales));
        });
    }

    [Test]
    public void Eleven_percent_is_refused_naming_the_range()
    {
        var (fine, _, field, refusal) = PenaltyRanges.Check(new DecisionFine { Percent = 11m, Currency = "CNY" }, ["F-1"], Exposure(Art47));
        Assert.Multiple(() =>
        {
            Assert.That(fine, Is.Null);
            Assert.That(field, Is.EqualTo("fine"));
            Assert.That(refusal, Is.EqualTo("50,128,320,000 CNY is outside the legal range 4,557,120,000 to 45,571,200,000 CNY (ordinary; AML 2008 Art. 47)"));
        });
    }

    [Test]
    public void A_missing_base_figure_is_named()
    {
        var missing = Art47 with { Base = null, Min = null, Max = null, Missing = ["CN turnover of shopco for fiscal year 2019"] };
        var (_, _, field, refusal) = PenaltyRanges.Check(new DecisionFine { Percent = 4m, Currency = "CNY" }, ["F-1"], Exposure(missing));
        Assert.Multiple(() =>
        {
            Assert.That(field, Is.EqualTo("fine"));
            Assert.That(refusal, Does.Contain("missing AML 2008 Art. 47: CN turnover of shopco for fiscal year 2019"));
        });
    }

    [Test]
    public void Another_currency_than_the_ranges_is_refused()
    {
        var (_, _, field, refusal) = PenaltyRanges.Check(new DecisionFine { Amount = 5_000_000_000m, Currency = "EUR" }, ["F-1"], Exposure(Art47));
        Assert.Multiple(() =>
        {
            Assert.That(field, Is.EqualTo("fine.currency"));
            Assert.That(refusal, Is.EqualTo("the legal range is in CNY"));
        });
    }

    [Test]
    public void The_aggravated_range_applies_only_where_the_law_has_one()
    {
        var art57 = Art47 with
        {
            LawVersion = "AML 2022", Citation = "AML 2022 Art. 57", AggravatedCitation = "AML 2022 Art. 63",
            AggravatedMin = Cny(9_114_240_000m), AggravatedMax = Cny(227_856_000_000m),
        };
        var aggravated = PenaltyRanges.Check(new DecisionFine { Amount = 100_000_000_000m, Currency = "CNY", Range = "aggravated" }, ["F-1"], Exposure(art57));
        var without = PenaltyRanges.Check(new DecisionFine { Amount = 100_000_000_000m, Currency = "CNY", Range = "aggravated" }, ["F-1"], Exposure(Art47));
        Assert.Multiple(() =>
        {
            Assert.That(aggravated.Refusal, Is.Null);
            Assert.That(aggravated.Range!.Citations, Is.EqualTo(new[] { "AML 2022 Art. 63" }));
            Assert.That(without.Field, Is.EqualTo("fine.range"));
            Assert.That(without.Refusal, Does.Contain("(AML 2008 Art. 47) has the aggravated range"));
        });
    }

    [Test]
    public void Several_findings_run_from_the_highest_minimum_to_the_highest_maximum()
    {
        var art82 = new ExposureEntry { FindingId = "F-2", RuleId = "CN-ECL35-RESTRICT", LawVersion = "E-commerce Law", Citation = "E-commerce Law Art. 82", Min = Cny(50_000m), Max = Cny(500_000m) };
        var art77 = new ExposureEntry { FindingId = "F-3", RuleId = "CN-ECL19-DEFAULT-TIE", LawVersion = "E-commerce Law", Citation = "E-commerce Law Art. 77", Min = Cny(60_000m), Max = Cny(200_000m) };
        var (_, range, _, refusal) = PenaltyRanges.Check(new DecisionFine { Amount = 400_000m, Currency = "CNY" }, ["F-2", "F-3"], Exposure(art82, art77, Art47));
        var below = PenaltyRanges.Check(new DecisionFine { Amount = 55_000m, Currency = "CNY" }, ["F-2", "F-3"], Exposure(art82, art77));
        Assert.Multiple(() =>
        {
            Assert.That(refusal, Is.Null, "F-1 is not one the decision rests on");
            Assert.That((range!.Min.Amount, range.Max.Amount), Is.EqualTo((60_000m, 500_000m)));
            Assert.That(below.Refusal, Does.Contain("legal range 60,000 to 500,000 CNY"));
        });
    }

    [Test]
    public void Illegal_gains_are_confiscated_only_where_a_provision_provides_it()
    {
        var art82 = new ExposureEntry { FindingId = "F-2", RuleId = "CN-ECL35-RESTRICT", LawVersion = "E-commerce Law", Citation = "E-commerce Law Art. 82", Min = Cny(50_000m), Max = Cny(500_000m) };
        Assert.Multiple(() =>
        {
            Assert.That(PenaltyRanges.ConfiscationRefusal(["F-1"], Exposure(Art47 with { Confiscation = true })), Is.Null);
            Assert.That(PenaltyRanges.ConfiscationRefusal(["F-2"], Exposure(art82)), Is.EqualTo("no provision of the findings it rests on (E-commerce Law Art. 82) provides confiscation of illegal gains"));
        });
    }
}
