using static PlatformWatch.Tests.TestData;

namespace PlatformWatch.Tests;

// RULES.md, "The law in force": the latest version whose time in force overlaps the period.
public class LawInForceTests
{
    [Test]
    public void A_period_under_the_2008_law_cites_Article_19()
    {
        var single = Evaluate(Share("a", 0.6m, "2020")).Single(d => d.RuleId == "CN-AML24-SINGLE");
        Assert.Multiple(() =>
        {
            Assert.That(single.Law.Citation, Is.EqualTo("AML 2008 Art. 19(1)(1)"));
            Assert.That(single.Established, Is.EqualTo(Period("2020")));
        });
    }

    [Test]
    public void A_period_spanning_the_2022_amendment_is_judged_under_the_newer_law()
    {
        var single = Evaluate(Share("a", 0.6m, "2022")).Single(d => d.RuleId == "CN-AML24-SINGLE");
        Assert.Multiple(() =>
        {
            Assert.That(single.Law.Citation, Is.EqualTo("AML 2022 Art. 24(1)(1)"));
            Assert.That(single.Law.InForceFrom, Is.EqualTo(new DateOnly(2022, 8, 1)));
            Assert.That(single.Established, Is.EqualTo(Period("2022")), "some version of the law was in force all year");
        });
    }

    [Test]
    public void Before_the_law_entered_into_force_there_is_no_finding()
    {
        Assert.That(Evaluate(Share("a", 0.6m, "2007")).Keys(), Has.None.StartsWith("CN-AML24"));
    }

    [Test]
    public void A_period_the_law_entered_into_force_during_is_established_from_that_day()
    {
        var single = Evaluate(Share("a", 0.6m, "2008")).Single(d => d.RuleId == "CN-AML24-SINGLE");
        Assert.That(single.Established, Is.EqualTo(Period("2008-08-01..2008-12-31")));
    }

    [Test]
    public void Rules_without_an_in_force_limit_apply_to_any_period()
    {
        Assert.That(Evaluate(Share("a", 0.6m, "2001")).Keys(), Does.Contain("GEN-HHI-LEVEL -"));
    }

    [Test]
    public void Every_finding_records_the_rule_version_profile_and_its_hash()
    {
        var single = Evaluate(Share("a", 0.6m)).Single(d => d.RuleId == "CN-AML24-SINGLE");
        Assert.Multiple(() =>
        {
            Assert.That(single.RuleVersion, Is.EqualTo(1));
            Assert.That(single.ProfileId, Is.EqualTo("cn"));
            Assert.That(single.ProfileHash, Does.Match("^sha256:[0-9a-f]{64}$"));
            Assert.That(single.ProfileHash, Is.EqualTo(Shipped.Find("cn")!.ContentHash));
        });
    }
}
