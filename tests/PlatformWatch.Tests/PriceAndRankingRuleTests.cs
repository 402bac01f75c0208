using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Types;
using static PlatformWatch.Tests.Events;

namespace PlatformWatch.Tests;

// CN-PIPL24-PRICE (price discrimination) and DMA-6-5-SELFPREF / CN-AML22-SELFPREF (self-preferencing).
public class PriceAndRankingRuleTests
{
    private static readonly PriceWindow March = new("p1", "cn-m", DateRange.MonthOf(Day("2025-03-01")), ["CN"]);

    private static PriceCell Cell(string bucket, string cohort, decimal price, string product = "sku-1", string justification = "", string currency = "CNY") =>
        new(product, bucket, cohort, justification, currency, price, NextId("q"), price, NextId("q"), 1);

    private static async Task<EvaluationResult> PricesAsync(PlatformFacts facts, params PriceCell[] cells) =>
        await TestData.Engine.PricesAsync(March, cells.OrderBy(c => c.ProductId, StringComparer.Ordinal).ThenBy(c => c.Bucket, StringComparer.Ordinal).ToAsyncEnumerable(), facts);

    private static PriceCell[] Buckets(int count, decimal low, decimal high, string product = "sku-1") =>
        Enumerable.Range(1, count).SelectMany(i => new[] { Cell($"b{i}", "new-user", low, product), Cell($"b{i}", "returning-ios", high, product) }).ToArray();

    [Test]
    public async Task Three_buckets_with_a_5_percent_spread_are_price_discrimination()
    {
        var found = (await PricesAsync(Facts(), Buckets(3, 100m, 105m))).Only("CN-PIPL24-PRICE");
        var product = JsonNode.Parse(found.MeasuredJson)!["products"]!["sku-1"]!;
        Assert.Multiple(() =>
        {
            Assert.That(found.Severity, Is.EqualTo(Severity.High));
            Assert.That(found.Period, Is.EqualTo(TestData.Period("2025-03-01..2025-03-31")));
            Assert.That(product["buckets"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(product["cohortPayingMost"]!.GetValue<string>(), Is.EqualTo("returning-ios"));
            Assert.That(product["cohortPayingLeast"]!.GetValue<string>(), Is.EqualTo("new-user"));
            Assert.That(product["largestSpread"]!.GetValue<decimal>(), Is.EqualTo(0.05m));
        });
    }

    [Test]
    public async Task Two_buckets_are_not_enough() => Assert.That((await PricesAsync(Facts(), Buckets(2, 100m, 105m))).RulesFound(), Is.Empty);

    [Test]
    public async Task A_spread_just_under_5_percent_does_not_count() =>
        Assert.That((await PricesAsync(Facts(), Buckets(3, 100m, 104.99m))).RulesFound(), Is.Empty);

    [Test]
    public async Task Buckets_of_different_products_are_not_added_together() =>
        Assert.That((await PricesAsync(Facts(), [.. Buckets(2, 100m, 110m, "sku-1"), .. Buckets(2, 100m, 110m, "sku-2")])).RulesFound(), Is.Empty);

    [Test]
    public async Task Quotes_with_an_allowed_justification_are_left_out()
    {
        var cells = Enumerable.Range(1, 3).SelectMany(i => new[] { Cell($"b{i}", "new-user", 80m, justification: "new-user-promotion"), Cell($"b{i}", "returning", 100m), Cell($"b{i}", "member", 101m) }).ToArray();
        Assert.That((await PricesAsync(Facts(), cells)).RulesFound(), Is.Empty);
    }

    [Test]
    public async Task Only_prices_of_different_cohorts_are_compared()
    {
        // Within one cohort 90 to 110 (22%): not compared with itself. Across cohorts the widest is
        // member paying 100 while returning users got 90: 1/9, exactly (not 0.1111).
        var cells = Enumerable.Range(1, 3).SelectMany(i => new[]
        {
            new PriceCell("sku-1", $"b{i}", "returning", "", "CNY", 90m, NextId("q"), 110m, NextId("q"), 2),
            Cell($"b{i}", "member", 100m),
        }).ToArray();
        var product = JsonNode.Parse((await PricesAsync(Facts(), cells)).Only("CN-PIPL24-PRICE").MeasuredJson)!["products"]!["sku-1"]!;
        var alone = Enumerable.Range(1, 3).Select(i => new PriceCell("sku-1", $"b{i}", "returning", "", "CNY", 90m, NextId("q"), 110m, NextId("q"), 2)).ToArray();
        Assert.Multiple(async () =>
        {
            Assert.That(product["largestSpread"]!.GetValue<string>(), Is.EqualTo("1/9"));
            Assert.That(product["cohortPayingMost"]!.GetValue<string>(), Is.EqualTo("member"));
            Assert.That(product["cohortPayingLeast"]!.GetValue<string>(), Is.EqualTo("returning"));
            Assert.That((await PricesAsync(Facts(), alone)).RulesFound(), Is.Empty, "one cohort alone is never discrimination");
        });
    }

    [Test]
    public async Task When_the_platform_is_dominant_it_is_critical_and_the_AML_is_cited_too()
    {
        var found = (await PricesAsync(Dominant(), Buckets(3, 100m, 120m))).Only("CN-PIPL24-PRICE");
        Assert.Multiple(() =>
        {
            Assert.That(found.Severity, Is.EqualTo(Severity.Critical));
            Assert.That(found.Law.Citation, Is.EqualTo("PIPL Art. 24(1)"));
            Assert.That(found.Law.Also.Select(a => a.Citation), Is.EqualTo(new[] { "AML 2022 Art. 22(1)(6)" }));
        });
    }

    [Test]
    public async Task Prices_in_two_currencies_compare_after_conversion()
    {
        // 1 EUR = 7.6600 CNY in 2023 … the window is 2025: no rate, so the EUR quotes are a gap and do not count.
        var cells = Enumerable.Range(1, 3).SelectMany(i => new[] { Cell($"b{i}", "a", 100m), Cell($"b{i}", "b", 20m, currency: "EUR") }).ToArray();
        var result = await PricesAsync(Facts(), cells);
        Assert.Multiple(() =>
        {
            Assert.That(result.RulesFound(), Is.Empty);
            Assert.That(result.Gaps, Is.Not.Empty);
        });
    }

    // ---- Self-preferencing
    private static RankedResult Item(string id, int position, bool firstParty, decimal relevance) =>
        new() { ItemId = id, Position = position, FirstParty = firstParty, Relevance = relevance };

    [Test]
    public void Pair_counts_follow_the_definition()
    {
        // f (0.2) above t1 (0.9) and t2 (0.5): two first-party inversions of two pairs; t1 above t2 is in order.
        var page = new RankingObserved
        {
            EventId = "r1", OccurredAt = At("2025-03-01T00:00:00Z"), Source = "t", PlatformId = "p1", MarketId = "m", Jurisdiction = "EU", QueryId = "q",
            Results = [Item("f", 1, true, 0.2m), Item("t1", 2, false, 0.9m), Item("t2", 3, false, 0.5m), Item("t3", 4, false, 0.5m)],
        };
        Assert.That(PageCounts.Of(page), Is.EqualTo(new PageCounts(3, 3, 0, 2)), "t2 and t3 have equal relevance: not comparable");
    }

    private static RankingWindow Window(long fpInversions, long fpPairs, long baseInversions, long basePairs, string jurisdiction = "EU") =>
        new("p1", "cn-m", DateRange.MonthOf(Day("2025-03-01")), [jurisdiction], 10, new PageCounts(fpInversions, fpPairs, baseInversions, basePairs), ["r1"]);

    [TestCase(29, false)]
    [TestCase(30, true)]
    public void At_least_30_first_party_pairs_are_needed(int pairs, bool flagged) =>
        Assert.That(TestData.Engine.Rankings(Window(pairs, pairs, 0, 10), Gatekeeper()).RulesFound().Contains("DMA-6-5-SELFPREF"), Is.EqualTo(flagged));

    [Test]
    public void An_excess_of_exactly_0_25_over_the_baseline_is_flagged_and_just_under_is_not()
    {
        // 15/30 = 0.5 against a baseline of 1/4: excess 0.25. 14/30 − 1/4 < 0.25.
        var exactly = TestData.Engine.Rankings(Window(15, 30, 1, 4), Gatekeeper());
        var under = TestData.Engine.Rankings(Window(14, 30, 1, 4), Gatekeeper());
        Assert.Multiple(() =>
        {
            Assert.That(exactly.Only("DMA-6-5-SELFPREF").Severity, Is.EqualTo(Severity.Critical));
            Assert.That(JsonNode.Parse(exactly.Only("DMA-6-5-SELFPREF").MeasuredJson)!["excess"]!.GetValue<decimal>(), Is.EqualTo(0.25m));
            Assert.That(under.RulesFound(), Is.Empty);
        });
    }

    [Test]
    public void Self_preferencing_needs_a_gatekeeper_in_the_EU_and_dominance_in_China()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TestData.Engine.Rankings(Window(30, 30, 0, 10), Facts()).RulesFound(), Is.Empty);
            Assert.That(TestData.Engine.Rankings(Window(30, 30, 0, 10, "CN"), Dominant()).Only("CN-AML22-SELFPREF").Severity, Is.EqualTo(Severity.Medium));
            Assert.That(TestData.Engine.Rankings(Window(30, 30, 0, 10, "CN"), Gatekeeper()).RulesFound(), Is.Empty);
        });
    }
}
