using System.Text;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Tests;

/// <summary>Penalty provisions as profile data (RULES.md "Penalty exposure") and the ranges they give.</summary>
public class PenaltyTests
{
    // The loader tests' valid profile with a second instrument and its one legal version's penalties.
    private static readonly string Profile = ProfileLoaderTests.Valid
        .Replace("rules:", "  OTHER:\n    name: Other Law\n    title: { zh: 《另一部法律》, en: Another law }\n    authentic: zh\nrules:", StringComparison.Ordinal)
        .Replace("article: { zh: 第一条, en: Art. 1 }", "article: { zh: 第一条, en: Art. 1 }\n        penalties:\nPENALTIES", StringComparison.Ordinal);

    // The penalties written from column 0 upwards (a list item, its keys two further in), indented under 'penalties:'.
    private static ProfileLoadResult Load(string penalties) =>
        ProfileLoader.Load([new ProfileSource("test.yaml", Encoding.UTF8.GetBytes(Profile.Replace("PENALTIES", string.Join("\n", penalties.Split('\n').Select(l => "          " + l)), StringComparison.Ordinal)))]);

    private static PenaltyProvision Only(string penalties)
    {
        var result = Load(penalties);
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Errors));
        return result.Set!.FindRule("T-SINGLE")!.Law.Single().Penalties.Single();
    }

    private static Money Cny(decimal amount) => new() { Amount = amount, Currency = "CNY" };

    private static Money Eur(decimal amount) => new() { Amount = amount, Currency = "EUR" };

    [Test]
    public void A_share_of_sales_with_an_aggravated_multiple_loads_with_its_citation()
    {
        var p = Only("""
                  - article: { zh: 第五十七条, en: Art. 57 }
                    sales: { region: CN, minPercent: 1, maxPercent: 10 }
                    confiscation: true
                    aggravated: { article: { zh: 第六十三条, en: Art. 63 }, minTimes: 2, maxTimes: 5 }
            """);
        Assert.Multiple(() =>
        {
            Assert.That(p.Citation, Is.EqualTo("Law Art. 57"));
            Assert.That(p.Ordinary.Sales, Is.EqualTo(new SalesShare("CN", 1m, 10m)));
            Assert.That(p.Aggravated!.Citation, Is.EqualTo("Law Art. 63"));
            Assert.That(p.CitationZh, Is.EqualTo("《一部法律》第五十七条"), "in Chinese: the instrument's Chinese title and the Chinese article");
            Assert.That(p.Aggravated!.CitationZh, Is.EqualTo("《一部法律》第六十三条"));
            Assert.That(p.Confiscation, Is.True);
            Assert.That(p.SalesRegion, Is.EqualTo("CN"));
        });
    }

    [Test]
    public void A_penalty_of_another_instrument_is_cited_under_that_instrument()
    {
        var p = Only("""
                  - instrument: OTHER
                    article: { zh: 第七十七条, en: Art. 77 }
                    min: { amount: 50000, currency: CNY }
                    max: { amount: 200000, currency: CNY }
            """);
        Assert.Multiple(() =>
        {
            Assert.That(p.Citation, Is.EqualTo("Other Law Art. 77"));
            Assert.That(p.CitationZh, Is.EqualTo("《另一部法律》第七十七条"));
        });
    }

    // Issue 19: a penalty's article, like a rule's, is given in both languages; the loader refuses
    // it by file and line otherwise (the profile's penalties begin on line 24, after 'penalties:').
    [TestCase("      - article: Art. 9\n        max: { amount: 10, currency: CNY }", "test.yaml:24: rule T-SINGLE, law, penalties: 'article' must name its languages")]
    [TestCase("      - article: { en: Art. 9 }\n        max: { amount: 10, currency: CNY }", "test.yaml:24: rule T-SINGLE, law, penalties: 'article' lacks its Chinese text")]
    [TestCase("      - article: { zh: 第九条 }\n        max: { amount: 10, currency: CNY }", "test.yaml:24: rule T-SINGLE, law, penalties: 'article' lacks its English text")]
    [TestCase("      - article: { zh: 第九条, en: Art. 9 }\n        max: { amount: 10, currency: CNY }\n        aggravated: { article: Art. 10, maxTimes: 2 }", "test.yaml:26: rule T-SINGLE, law, penalty Law Art. 9, aggravated: 'article' must name its languages")]
    [TestCase("      - article: { zh: 第九条, en: Art. 9 }\n        confiscation: true", "a range needs 'max'")]
    [TestCase("      - article: { zh: 第九条, en: Art. 9 }\n        sales: { region: CN, minPercent: 11, maxPercent: 10 }", "minPercent 11 is above maxPercent 10")]
    [TestCase("      - article: { zh: 第九条, en: Art. 9 }\n        sales: { region: CN, maxPercent: 120 }", "'maxPercent' is a percentage from 0 to 100")]
    [TestCase("      - article: { zh: 第九条, en: Art. 9 }\n        max: { amount: 10, currency: CNY }\n        min: { amount: 20, currency: CNY }", "'min' (20 CNY) must be in the currency of 'max' and not above it")]
    [TestCase("      - article: { zh: 第九条, en: Art. 9 }\n        max: { amount: 10, currency: yuan }", "'max' must be { amount: …, currency: … }")]
    [TestCase("      - article: { zh: 第九条, en: Art. 9 }\n        max: { amount: 10, currency: CNY }\n        aggravated: { article: { zh: 第十条, en: Art. 10 }, maxPercent: 20 }", "'maxPercent' is a share of sales")]
    [TestCase("      - article: { zh: 第九条, en: Art. 9 }\n        max: { amount: 10, currency: CNY }\n        withoutSales: { amount: 5, currency: CNY }", "'withoutSales' is the ceiling when there were no sales")]
    [TestCase("      - article: { zh: 第九条, en: Art. 9 }\n        max: { amount: 10, currency: CNY }\n        fine: 3", "unknown key 'fine'")]
    [TestCase("      - instrument: NOPE\n        article: { zh: 第九条, en: Art. 9 }\n        max: { amount: 10, currency: CNY }", "unknown instrument 'NOPE'")]
    public void A_mistake_in_a_penalty_is_refused_naming_it(string penalties, string error)
    {
        var result = Load(penalties);
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(string.Join("\n", result.Errors), Does.Contain("test.yaml:").And.Contain(error));
        });
    }

    [Test]
    public void Every_shipped_rule_of_RULES_md_table_has_its_provisions()
    {
        var set = TestData.Shipped;
        string Cited(string rule, string version) => string.Join(", ", set.FindRule(rule)!.Law.Where(l => l.Name == version).SelectMany(l => l.Penalties).Select(p => p.Citation));
        Assert.Multiple(() =>
        {
            Assert.That(Cited("CN-AML22-TYING", "AML 2008"), Is.EqualTo("AML 2008 Art. 47"));
            Assert.That(Cited("CN-AML22-TYING", "AML 2022"), Is.EqualTo("AML 2022 Art. 57"));
            Assert.That(Cited("CN-AML26-UNNOTIFIED", "AML 2008"), Is.EqualTo("AML 2008 Art. 48"));
            Assert.That(Cited("CN-AML26-UNNOTIFIED", "AML 2022"), Is.EqualTo("AML 2022 Art. 58, AML 2022 Art. 58"), "2008 thresholds under AML 2022, and 2024 thresholds");
            Assert.That(Cited("CN-AML62-UNDERSTATED", "AML 2008"), Is.EqualTo("AML 2008 Art. 52"));
            Assert.That(Cited("CN-AML62-UNDERSTATED", "AML 2022"), Is.EqualTo("AML 2022 Art. 62"));
            Assert.That(Cited("CN-ECL35-RESTRICT", "E-commerce Law"), Is.EqualTo("E-commerce Law Art. 82"));
            Assert.That(Cited("CN-ECL19-DEFAULT-TIE", "E-commerce Law"), Is.EqualTo("E-commerce Law Art. 77"));
            Assert.That(Cited("CN-PIPL24-PRICE", "PIPL"), Is.EqualTo("PIPL Art. 66"));
            Assert.That(set.FindRule("CN-PIPL24-PRICE")!.WhenDominant.SelectMany(w => w.Penalties).Select(p => p.Citation), Is.EqualTo(new[] { "AML 2008 Art. 47", "AML 2022 Art. 57" }));
            Assert.That(Cited("CN-PIPL24-OPTOUT", "PIPL"), Is.EqualTo("PIPL Art. 66, E-commerce Law Art. 77"));
            Assert.That(Cited("DMA-5-4-STEERING", "DMA"), Is.EqualTo("DMA Art. 30(1)"));
            Assert.That(Cited("DMA-14-INFORM", "DMA"), Is.EqualTo("DMA Art. 30(3)"));
            Assert.That(Cited("CN-AML24-SINGLE", "AML 2022"), Is.Empty, "a presumption has no fine of its own");
            Assert.That(Cited("CN-AML26-CALLIN", "AML 2022"), Is.Empty);
        });
    }

    [Test]
    public void Every_shipped_penalty_is_cited_in_chinese_by_the_instruments_title_and_the_article()
    {
        var set = TestData.Shipped;
        Assert.Multiple(() =>
        {
            Assert.That(set.PenaltyCitationZh("AML 2008 Art. 47"), Is.EqualTo("《中华人民共和国反垄断法》（2007年）第四十七条"));
            Assert.That(set.PenaltyCitationZh("AML 2022 Art. 57"), Is.EqualTo("《中华人民共和国反垄断法》（2022年修正）第五十七条"));
            Assert.That(set.PenaltyCitationZh("AML 2022 Art. 63"), Is.EqualTo("《中华人民共和国反垄断法》（2022年修正）第六十三条"), "an aggravated range's provision");
            Assert.That(set.PenaltyCitationZh("E-commerce Law Art. 82"), Is.EqualTo("《中华人民共和国电子商务法》第八十二条"));
            Assert.That(set.PenaltyCitationZh("PIPL Art. 66"), Is.EqualTo("《中华人民共和国个人信息保护法》第六十六条"));
            Assert.That(set.PenaltyCitationZh("DMA Art. 30(1)"), Is.EqualTo("欧盟《数字市场法》（条例(EU) 2022/1925）第30条第1款"));
            Assert.That(set.PenaltyCitationZh("AML 2022 Art. 99"), Is.Null, "no profile names it");
            var all = set.AllRules.SelectMany(r => r.Law.Concat(r.WhenDominant)).SelectMany(v => v.Penalties).ToList();
            Assert.That(all, Is.Not.Empty);
            Assert.That(all.Where(p => !p.CitationZh.StartsWith('《') && !p.CitationZh.StartsWith("欧盟《", StringComparison.Ordinal)).Select(p => p.Citation), Is.Empty, "each cited under its instrument's Chinese title");
            Assert.That(all.Where(p => !p.CitationZh.Contains('第', StringComparison.Ordinal)).Select(p => p.Citation), Is.Empty, "each with its Chinese article");
        });
    }

    [Test]
    public void The_notification_rules_apply_the_2008_thresholds_under_AML_2008_then_AML_2022_and_the_2024_thresholds_from_2024_01_22()
    {
        var rule = TestData.Shipped.FindRule("CN-AML26-UNNOTIFIED")!;
        Assert.Multiple(() =>
        {
            Assert.That(rule.LawOn(new DateOnly(2022, 7, 31))!.ToCitation().Citation, Is.EqualTo("AML 2008 Art. 21, 22, 48"));
            Assert.That(rule.LawOn(new DateOnly(2022, 8, 1))!.ToCitation().Citation, Is.EqualTo("AML 2022 Art. 26, 27, 58"));
            Assert.That(rule.ParametersUnder(rule.LawOn(new DateOnly(2024, 1, 21))!).Money("chinaTurnoverEach").Amount, Is.EqualTo(400_000_000m));
            Assert.That(rule.ParametersUnder(rule.LawOn(new DateOnly(2024, 1, 22))!).Money("chinaTurnoverEach").Amount, Is.EqualTo(800_000_000m));
        });
    }

    [Test]
    public void Minimums_round_up_and_maximums_down_to_the_fen()
    {
        var p = Only("""
                  - article: { zh: 第五十七条, en: Art. 57 }
                    sales: { region: CN, minPercent: 1, maxPercent: 10 }
                    aggravated: { article: { zh: 第六十三条, en: Art. 63 }, minTimes: 2, maxTimes: 5 }
            """);
        var range = PenaltyRange.Of(p, Cny(123_456.789m));
        Assert.Multiple(() =>
        {
            Assert.That(range.Min, Is.EqualTo(Cny(1_234.57m)), "1 % is 1,234.56789");
            Assert.That(range.Max, Is.EqualTo(Cny(12_345.67m)), "10 % is 12,345.6789");
            Assert.That(range.AggravatedMin, Is.EqualTo(Cny(2_469.14m)), "2 × 1,234.56789 = 2,469.13578");
            Assert.That(range.AggravatedMax, Is.EqualTo(Cny(61_728.39m)), "5 × 12,345.6789 = 61,728.3945");
        });
    }

    [Test]
    public void The_DMA_ceiling_is_10_percent_and_20_percent_for_a_repeat()
    {
        var p = TestData.Shipped.FindRule("DMA-5-4-STEERING")!.Law.Single().Penalties.Single();
        var range = PenaltyRange.Of(p, Eur(15_000_000_000m));
        Assert.Multiple(() =>
        {
            Assert.That(p.SalesRegion, Is.EqualTo("WORLD"));
            Assert.That(range.Min, Is.EqualTo(Eur(0m)));
            Assert.That(range.Max, Is.EqualTo(Eur(1_500_000_000m)));
            Assert.That(range.AggravatedMax, Is.EqualTo(Eur(3_000_000_000m)));
        });
    }

    [Test]
    public void False_information_without_sales_is_fined_up_to_RMB_5_million_only_when_the_turnover_is_zero()
    {
        var p = TestData.Shipped.FindRule("CN-AML62-UNDERSTATED")!.Law[^1].Penalties.Single();
        var zero = PenaltyRange.Of(p, Cny(0m));
        var missing = PenaltyRange.Of(p, null);
        Assert.Multiple(() =>
        {
            Assert.That(zero.Max, Is.EqualTo(Cny(5_000_000m)));
            Assert.That(zero.NeedsSales, Is.False);
            Assert.That(missing.Max, Is.Null, "a missing turnover is a gap, not zero");
            Assert.That(missing.NeedsSales, Is.True);
        });
    }

    [Test]
    public void An_unnotified_concentration_under_AML_2022_has_a_ceiling_without_effect_of_RMB_5_million()
    {
        var p = TestData.Shipped.FindRule("CN-AML26-UNNOTIFIED")!.Law[^1].Penalties.Single();
        var range = PenaltyRange.Of(p, Cny(2_000_000_000m));
        Assert.Multiple(() =>
        {
            Assert.That(range.Max, Is.EqualTo(Cny(200_000_000m)));
            Assert.That(range.MaxWithoutEffect, Is.EqualTo(Cny(5_000_000m)));
            Assert.That(range.AggravatedMax, Is.EqualTo(Cny(1_000_000_000m)));
        });
    }

    [Test]
    public void A_serious_PIPL_fine_is_up_to_RMB_50_million_or_5_percent_whichever_is_greater()
    {
        var p = TestData.Shipped.FindRule("CN-PIPL24-OPTOUT")!.Law.Single().Penalties[0];
        Assert.Multiple(() =>
        {
            Assert.That(PenaltyRange.Of(p, Cny(100_000_000m)).SeriousMax, Is.EqualTo(Cny(50_000_000m)), "5 % is 5 million: the fixed 50 million is greater");
            Assert.That(PenaltyRange.Of(p, Cny(10_000_000_000m)).SeriousMax, Is.EqualTo(Cny(500_000_000m)));
            Assert.That(PenaltyRange.Of(p, Cny(10_000_000_000m)).Max, Is.EqualTo(Cny(1_000_000m)), "the ordinary range is fixed");
        });
    }
}
