using PlatformWatch.Api.Ui;

namespace PlatformWatch.Tests;

/// <summary>
/// A finding's values as the pages show them (<see cref="FindingValues"/>): shares as exact
/// percentages, money with its currency and grouped digits, counts as numbers, lists as lists,
/// nested objects as indented rows, unknown fields labelled from their names; never JSON.
/// </summary>
public class FindingValuesTests
{
    private static IReadOnlyList<ValueRow> Measured(string measured, string threshold = "{}") => FindingValues.Measured(measured, threshold);

    private static string Row(IReadOnlyList<ValueRow> rows, string label) => rows.Single(r => r.Label == label).Text;

    [TestCase("0.5234", "52.34 %")]
    [TestCase("0.6", "60 %")]
    [TestCase("1", "100 %")]
    [TestCase("0.1234567890123456789", "12.34567890123456789 %")]
    [TestCase("\"1/2\"", "50 %")]
    [TestCase("\"2/3\"", "2/3 (≈ 66.67 %)")]
    [TestCase("\"1/3\"", "1/3 (≈ 33.33 %)")]
    public void A_share_reads_as_an_exact_percentage(string share, string expected) =>
        Assert.That(Row(Measured($$"""{"share":{{share}}}"""), "Share"), Is.EqualTo(expected));

    [Test]
    public void A_threshold_fraction_reads_as_a_percentage()
    {
        var rows = FindingValues.Threshold("""{"jointShare":"2/3","others":1,"minShare":"1/10"}""");
        Assert.Multiple(() =>
        {
            Assert.That(Row(rows, "Joint share"), Is.EqualTo("2/3 (≈ 66.67 %)"));
            Assert.That(Row(rows, "Largest other platforms joined"), Is.EqualTo("1"));
            Assert.That(Row(rows, "Own share at least"), Is.EqualTo("10 %"));
        });
    }

    [Test]
    public void A_turnover_reads_with_the_currency_of_the_threshold_it_is_tested_against_and_grouped_digits()
    {
        var rows = Measured(
            """{"fastship":{"turnoverYear":2024,"worldwideTurnoverAll":455710000000,"chinaTurnoverAll":502500000000.5,"partiesAboveChinaEach":["shopco","fastship"],"thresholdsMet":true,"filed":false}}""",
            """{"worldwideTurnoverAllAbove":{"amount":12000000000,"currency":"CNY"},"chinaTurnoverAllAbove":{"amount":4000000000,"currency":"CNY"}}""");
        Assert.Multiple(() =>
        {
            Assert.That(rows[0], Is.EqualTo(new ValueRow(0, "fastship", "", [], IsGroup: true)), "the target heads its rows");
            Assert.That(rows.Skip(1).Select(r => r.Depth), Is.All.EqualTo(1));
            Assert.That(Row(rows, "Worldwide turnover of all parties"), Is.EqualTo("¥455,710,000,000.00"));
            Assert.That(Row(rows, "China turnover of all parties"), Is.EqualTo("¥502,500,000,000.50"));
            Assert.That(Row(rows, "Turnover of the year"), Is.EqualTo("2024"), "a year is not grouped");
            Assert.That(rows.Single(r => r.Label == "Parties each above the China threshold").Items, Is.EqualTo(new[] { "shopco", "fastship" }));
            Assert.That(Row(rows, "Notification thresholds met"), Is.EqualTo("yes"));
            Assert.That(Row(rows, "Filed"), Is.EqualTo("no"));
        });
    }

    [Test]
    public void Money_in_a_threshold_reads_as_currency_and_amount()
    {
        var rows = FindingValues.Threshold("""{"chinaTurnoverEachAbove":{"amount":800000000,"currency":"CNY"},"partiesEach":2,"authority":"SAMR"}""");
        Assert.Multiple(() =>
        {
            Assert.That(Row(rows, "China turnover of each party above"), Is.EqualTo("¥800,000,000.00"));
            Assert.That(Row(rows, "Parties needed each above it"), Is.EqualTo("2"));
            Assert.That(Row(rows, "Authority"), Is.EqualTo("SAMR"));
        });
    }

    [Test]
    public void Turnovers_by_year_take_the_currency_beside_them_which_is_no_row_of_its_own()
    {
        var rows = Measured("""{"years":[2022,2023,2024],"euTurnover":{"2022":9000000000,"2023":9500000000.25},"marketCapitalisation":null,"currency":"EUR"}""");
        Assert.Multiple(() =>
        {
            Assert.That(rows.Single(r => r.Label == "Financial years").Items, Is.EqualTo(new[] { "2022", "2023", "2024" }));
            Assert.That(rows.Single(r => r.Label == "EU turnover").IsGroup, Is.True);
            Assert.That(Row(rows, "2022"), Is.EqualTo("€9,000,000,000.00"));
            Assert.That(Row(rows, "2023"), Is.EqualTo("€9,500,000,000.25"));
            Assert.That(Row(rows, "Market capitalisation"), Is.EqualTo("—"));
            Assert.That(rows.Select(r => r.Label), Has.None.EqualTo("Currency"));
        });
    }

    [Test]
    public void A_list_of_conditions_reads_as_a_list_one_condition_a_line()
    {
        var rows = Measured("""{"cartly":{"targetServices":["online-intermediation","data-collection"],"informed":false,"conditions":[{"basis":"designation","source":"DMA.100001","from":"2024-10-01","to":"2024-10-01"},{"basis":"CN-AML24-SINGLE","source":"F-1","from":"2025-01-01","to":"2025-12-31"}]}}""");
        Assert.Multiple(() =>
        {
            Assert.That(rows.Single(r => r.Label == "Conditions that held").Items, Is.EqualTo(new[]
            {
                "designation (DMA.100001), 2024-10-01 to 2024-10-01",
                "CN-AML24-SINGLE (F-1), 2025-01-01 to 2025-12-31",
            }));
            Assert.That(rows.Single(r => r.Label == "Services of the target").Items, Is.EqualTo(new[] { "online-intermediation", "data-collection" }));
            Assert.That(Row(rows, "Informed"), Is.EqualTo("no"));
        });
    }

    [Test]
    public void An_empty_list_reads_as_none()
    {
        Assert.That(Row(Measured("""{"submittedLate":[]}"""), "Submitted late"), Is.EqualTo("none"));
    }

    [Test]
    public void A_nested_object_reads_as_labelled_rows_under_its_metric()
    {
        var rows = Measured("""{"gmv":{"share":0.6,"jointShare":0.95,"with":[{"platformId":"x","share":0.35}]}}""");
        Assert.That(rows, Is.EqualTo(new[]
        {
            new ValueRow(0, "GMV (gross merchandise value)", "", [], IsGroup: true),
            new ValueRow(1, "Share", "60 %", []),
            new ValueRow(1, "Joint share", "95 %", []),
            new ValueRow(1, "Together with", "", ["x: 35 %"]),
        }).Using<ValueRow>(Same));
    }

    [Test]
    public void Periods_points_and_hhi_read_as_such()
    {
        var rows = Measured("""{"orders":{"hhi":4150,"cr3":0.86,"previousPeriod":{"start":"2024-01-01","end":"2024-12-31"},"gainPoints":14,"difference":0.025,"deltaHhi":1346.5}}""");
        Assert.Multiple(() =>
        {
            Assert.That(Row(rows, "HHI"), Is.EqualTo("4,150"));
            Assert.That(Row(rows, "CR3 (three largest)"), Is.EqualTo("86 %"));
            Assert.That(Row(rows, "Previous period"), Is.EqualTo("2024-01-01 to 2024-12-31"));
            Assert.That(Row(rows, "Gain"), Is.EqualTo("14 percentage points"));
            Assert.That(Row(rows, "Difference"), Is.EqualTo("2.5 percentage points"));
            Assert.That(Row(rows, "HHI increase (ΔHHI)"), Is.EqualTo("1,346.5"));
        });
    }

    [Test]
    public void Objects_in_a_list_read_on_one_line_each_with_their_money()
    {
        var rows = Measured("""{"products":{"hotel-1":{"buckets":3,"bucketsShown":[{"bucket":"b1","spread":0.06,"highest":{"cohort":"ios","price":636,"currency":"CNY"},"lowest":{"cohort":"android","price":600,"currency":"CNY"}}]}}}""");
        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => (r.Depth, r.Label)).Take(3), Is.EqualTo(new[] { (0, "Products"), (1, "hotel-1"), (2, "Buckets with a spread") }));
            Assert.That(rows.Single(r => r.Label == "Buckets").Items, Is.EqualTo(new[]
            {
                "Bucket: b1; Spread: 6 %; Highest price: (Cohort: ios; Price: ¥636.00); Lowest price: (Cohort: android; Price: ¥600.00)",
            }));
        });
    }

    [Test]
    public void A_field_name_as_a_value_reads_as_its_label()
    {
        Assert.That(Row(FindingValues.Threshold("""{"requires":"gatekeeper","filedBefore":"closingAt"}"""), "Filed before"), Is.EqualTo("Closing date"));
    }

    [Test]
    public void Unknown_fields_are_labelled_from_their_names_and_shown_by_their_kind_never_as_json()
    {
        var rows = Measured("""{"someNewFigure":1234567.5,"aFlag":true,"nothingYet":null,"nestedThing":{"innerCount":3,"deeper":{"word":"x"}},"listOfThings":[{"aB":1,"cD":"y"},[1,2]],"plain":"text"}""");
        Assert.Multiple(() =>
        {
            Assert.That(Row(rows, "Some new figure"), Is.EqualTo("1,234,567.5"));
            Assert.That(Row(rows, "A flag"), Is.EqualTo("yes"));
            Assert.That(Row(rows, "Nothing yet"), Is.EqualTo("—"));
            Assert.That(rows.Single(r => r.Label == "Nested thing").IsGroup, Is.True);
            Assert.That(rows.Single(r => r.Label == "Inner count"), Is.EqualTo(new ValueRow(1, "Inner count", "3", [], Fallback: true)).Using<ValueRow>(Same));
            Assert.That(rows.Single(r => r.Label == "word").Depth, Is.EqualTo(2));
            Assert.That(rows.Single(r => r.Label == "List of things").Items, Is.EqualTo(new[] { "A b: 1; C d: y", "1, 2" }));
            Assert.That(Row(rows, "plain"), Is.EqualTo("text"));
            Assert.That(rows.Where(r => r.Label != "plain" && r.Label != "word" && r.Depth < 2), Has.All.Matches<ValueRow>(r => r.Fallback || r.Label == "deeper"));
            Assert.That(rows.SelectMany(r => r.Items.Append(r.Text).Append(r.Label)), Has.None.Contains("{").And.None.Contains("\":"));
        });
    }

    // The rule types the sample files give no finding of (the API tests read every sample finding),
    // with their measured values and thresholds as the types write them.
    private static IEnumerable<TestCaseData> TypesTheSamplesLack()
    {
        yield return new TestCaseData(
            "merger-hhi",
            """{"tinyshop":{"acquirerSharePct":30,"targetSharePct":5,"deltaHhi":300,"combinedSharePct":35,"market":{"gmv":{"period":{"start":"2025-01-01","end":"2025-12-31"},"hhi":1700,"postMergerHhi":2000}},"targetId":"tinyshop","signedAt":"2025-08-01"}}""",
            """{"postMergerHhiAbove":1800,"deltaHhiAbove":100,"combinedSharePctAbove":30}""",
            new[] { "Acquirer's share=30 %", "Target's share=5 %", "Combined share=35 %", "Post-merger HHI=2,000", "Period=2025-01-01 to 2025-12-31", "Combined share above=30 %" });
        yield return new TestCaseData(
            "below-cost",
            """{"cc-1":{"conduct":"below-cost-pricing","observed":{"start":"2025-01-01","end":"2025-06-30"},"attributes":{"price":9.5,"averageVariableCost":10,"averageTotalCost":12},"days":181,"conditions":[{"basis":"CN-AML24-SINGLE","source":"F-1","from":"2025-01-01","to":"2025-06-30"}]}}""",
            """{"requires":"dominance","belowAverageVariableCost":"high","belowAverageTotalCostForMoreThanDays":90}""",
            new[] { "Price=9.5", "Average variable cost=10", "Days=181", "Below average total cost for more than (days)=90", "Observed=2025-01-01 to 2025-06-30" });
        yield return new TestCaseData(
            "excessive-pricing",
            """{"cc-2":{"conduct":"excessive-pricing","observed":{"start":"2025-01-01","end":"2025-12-31"},"attributes":{"priceChangePct":25,"costChangePct":5},"excessPoints":20}}""",
            """{"requires":"dominance","excessAbovePoints":10}""",
            new[] { "Price change=25 %", "Cost change=5 %", "Price change above cost change=20 percentage points", "Price change above cost change by more than=10 percentage points" });
        yield return new TestCaseData(
            "platform-grade",
            """{"annualActiveUsersCn":600000000,"marketCapitalisation":1200000000000,"currency":"CNY"}""",
            """{"annualActiveUsers":500000000,"marketCapitalisation":{"amount":1000000000000,"currency":"CNY"}}""",
            new[] { "Annual active users in China=600,000,000", "Market capitalisation=¥1,200,000,000,000.00", "Annual active users at least=500,000,000", "Market capitalisation=¥1,000,000,000,000.00" });
        yield return new TestCaseData(
            "data-conflict",
            """{"gmv":{"counts":"regulator","largest":0.55,"smallest":0.45,"difference":0.1,"figures":[{"kind":"regulator","source":"samr-survey","share":0.55,"eventId":"s-1"}]}}""",
            """{"differenceAbove":0.02}""",
            new[] { "Figure that counts=regulator", "Difference=10 percentage points", "Difference above=2 percentage points" });
        yield return new TestCaseData(
            "understated-share",
            """{"gmv":{"share":0.55,"counts":{"kind":"regulator","source":"samr-survey","share":0.55,"eventId":"s-1"},"own":{"kind":"platform","source":"self","share":0.48,"eventId":"s-2"},"understatedBy":0.07,"submittedOn":"2022-07-31"}}""",
            """{"understatedByAbove":0.02,"threshold":"1/2"}""",
            new[] { "Understated by=7 percentage points", "Submitted on=2022-07-31", "Share=48 %", "Share threshold=50 %" });
    }

    [TestCaseSource(nameof(TypesTheSamplesLack))]
    public void Every_field_of_a_rule_type_the_samples_lack_has_a_label(string type, string measured, string threshold, string[] expected)
    {
        var rows = FindingValues.Measured(measured, threshold).Concat(FindingValues.Threshold(threshold)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rows.Where(r => r.Fallback).Select(r => r.Label), Is.Empty, type);
            Assert.That(rows.Where(r => !r.IsGroup).Select(r => r.Label + "=" + r.Text), Is.SupersetOf(expected), type);
            Assert.That(rows.SelectMany(r => r.Items.Append(r.Text)), Has.None.Contains("{"), type);
        });
    }

    [Test]
    public void Values_nobody_recorded_read_as_no_rows()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FindingValues.Measured("{}", "{}"), Is.Empty);
            Assert.That(FindingValues.Threshold(""), Is.Empty);
        });
    }

    // Records with lists compare the lists by reference; rows are the same when their parts are.
    private static bool Same(ValueRow a, ValueRow b) =>
        a.Depth == b.Depth && a.Label == b.Label && a.Text == b.Text && a.Items.SequenceEqual(b.Items) && a.IsGroup == b.IsGroup && a.Fallback == b.Fallback;
}
