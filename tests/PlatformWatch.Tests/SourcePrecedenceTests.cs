using System.Text;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;
using static PlatformWatch.Tests.TestData;

namespace PlatformWatch.Tests;

// RULES.md, "Which figure counts": the highest-ranked source kind counts, within a kind the latest.
public class SourcePrecedenceTests
{
    internal const string Market = "cn-test-market";
    internal static readonly DateTimeOffset Noon = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    internal static ShareFigure Figure(
        string platform,
        decimal share,
        SourceKind kind,
        string? source = null,
        string period = "2025",
        ShareMetric metric = ShareMetric.Gmv,
        string? eventId = null,
        DateTimeOffset? occurredAt = null,
        string jurisdiction = "CN") =>
        Share(platform, share, period, jurisdiction: jurisdiction, metric: metric, eventId: eventId, occurredAt: occurredAt ?? Noon)
            with { Kind = kind, Source = source ?? $"{WireNames.Name(kind)}-source" };

    private static PeriodShares Only(MarketPicture picture) => picture.Series.Single().Periods.Single();

    [TestCase(SourceKind.Decision, SourceKind.Regulator)]
    [TestCase(SourceKind.Regulator, SourceKind.StatisticsOffice)]
    [TestCase(SourceKind.StatisticsOffice, SourceKind.Platform)]
    [TestCase(SourceKind.Platform, SourceKind.ThirdParty)]
    [TestCase(SourceKind.ThirdParty, SourceKind.Unclassified)]
    public void The_higher_ranked_kind_counts_even_when_the_lower_one_is_later(SourceKind higher, SourceKind lower)
    {
        var high = Figure("a", 0.30m, higher, occurredAt: Noon);
        var low = Figure("a", 0.60m, lower, occurredAt: Noon.AddDays(30));
        foreach (var order in new[] { new[] { high, low }, new[] { low, high } })
        {
            var period = Only(MarketPicture.From(Market, order));
            Assert.Multiple(() =>
            {
                Assert.That(period.Of("a")!.Kind, Is.EqualTo(higher));
                Assert.That(period.Of("a")!.Share, Is.EqualTo(0.30m));
                Assert.That(period.AllFigures("a").Select(f => f.Kind), Is.EqualTo(new[] { higher, lower }), "the one that counts, then the one it outranks");
                Assert.That(period.Shares, Has.Count.EqualTo(1));
            });
        }
    }

    [Test]
    public void Every_kind_is_listed_by_rank_and_the_decision_counts()
    {
        var kinds = new[] { SourceKind.ThirdParty, SourceKind.Unclassified, SourceKind.Platform, SourceKind.Decision, SourceKind.StatisticsOffice, SourceKind.Regulator };
        var period = Only(MarketPicture.From(Market, kinds.Select((k, i) => Figure("a", 0.10m + (i * 0.05m), k))));
        Assert.Multiple(() =>
        {
            Assert.That(period.AllFigures("a").Select(f => f.Kind), Is.EqualTo(new[]
            {
                SourceKind.Decision, SourceKind.Regulator, SourceKind.StatisticsOffice, SourceKind.Platform, SourceKind.ThirdParty, SourceKind.Unclassified,
            }));
            Assert.That(period.Of("a")!.Share, Is.EqualTo(0.25m), "the decision's figure (the fourth given: 0.10 + 3 × 0.05)");
            Assert.That(period.Reported, Has.Count.EqualTo(6));
        });
    }

    [Test]
    public void A_later_figure_of_the_same_kind_replaces_the_earlier_one()
    {
        var first = Figure("a", 0.40m, SourceKind.Regulator, eventId: "ev-9", occurredAt: Noon);
        var correction = Figure("a", 0.55m, SourceKind.Regulator, eventId: "ev-1", occurredAt: Noon.AddHours(1));
        foreach (var order in new[] { new[] { first, correction }, new[] { correction, first } })
        {
            var period = Only(MarketPicture.From(Market, order));
            Assert.Multiple(() =>
            {
                Assert.That(period.Of("a")!.EventId, Is.EqualTo("ev-1"), "later occurredAt wins over the greater event id");
                Assert.That(period.AllFigures("a"), Has.Count.EqualTo(1), "the corrected figure is gone, not outranked");
            });
        }
    }

    [Test]
    public void Occurred_at_is_compared_as_an_instant_not_as_clock_time()
    {
        // 09:00 at +08:00 is 01:00 UTC: earlier than 02:00 UTC although its clock reads later.
        var beijing = Figure("a", 0.40m, SourceKind.Regulator, eventId: "ev-z", occurredAt: new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.FromHours(8)));
        var utc = Figure("a", 0.55m, SourceKind.Regulator, eventId: "ev-a", occurredAt: new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.Zero));
        Assert.That(Only(MarketPicture.From(Market, [utc, beijing])).Of("a")!.Share, Is.EqualTo(0.55m));
    }

    [Test]
    public void On_the_same_occurred_at_the_ordinally_greater_event_id_replaces()
    {
        // Ordinal: 'a' (97) > 'B' (66), so ev-a wins; a culture-aware comparison would pick ev-B.
        var upper = Figure("a", 0.40m, SourceKind.Regulator, eventId: "ev-B");
        var lower = Figure("a", 0.55m, SourceKind.Regulator, eventId: "ev-a");
        foreach (var order in new[] { new[] { upper, lower }, new[] { lower, upper } })
        {
            Assert.That(Only(MarketPicture.From(Market, order)).Of("a")!.EventId, Is.EqualTo("ev-a"));
        }
    }

    [Test]
    public void A_correction_of_a_lower_kind_updates_that_kind_but_does_not_count()
    {
        var regulator = Figure("a", 0.50m, SourceKind.Regulator, occurredAt: Noon);
        var own = Figure("a", 0.30m, SourceKind.Platform, occurredAt: Noon.AddDays(1));
        var ownCorrected = Figure("a", 0.35m, SourceKind.Platform, occurredAt: Noon.AddDays(2));
        var period = Only(MarketPicture.From(Market, [ownCorrected, regulator, own]));
        Assert.Multiple(() =>
        {
            Assert.That(period.Of("a")!.Share, Is.EqualTo(0.50m));
            Assert.That(period.AllFigures("a").Select(f => f.Share), Is.EqualTo(new[] { 0.50m, 0.35m }));
        });
    }

    [Test]
    public void Shares_hhi_cr_and_coverage_use_only_the_figures_that_count()
    {
        // Counting: a 0.50 (regulator over platform 0.30), b 0.20 (third-party over unclassified 0.55), c 0.10.
        var period = Only(MarketPicture.From(Market,
        [
            Figure("a", 0.50m, SourceKind.Regulator), Figure("a", 0.30m, SourceKind.Platform),
            Figure("b", 0.20m, SourceKind.ThirdParty), Figure("b", 0.55m, SourceKind.Unclassified),
            Figure("c", 0.10m, SourceKind.Unclassified),
        ]));
        Assert.Multiple(() =>
        {
            Assert.That(period.Shares.Select(f => (f.PlatformId, f.Share)), Is.EqualTo(new[] { ("a", 0.50m), ("b", 0.20m), ("c", 0.10m) }));
            Assert.That(period.Hhi, Is.EqualTo(Rational.FromInteger(3000)), "2500 + 400 + 100");
            Assert.That(period.ConcentrationRatio(1), Is.EqualTo((Rational)0.50m));
            Assert.That(period.ConcentrationRatio(3), Is.EqualTo((Rational)0.80m));
            Assert.That(period.Known, Is.EqualTo((Rational)0.80m));
            Assert.That(period.Reported, Has.Count.EqualTo(5));
        });
    }

    [Test]
    public void Market_share_rules_judge_only_the_figures_that_count()
    {
        var found = Engine.Market(Engine.Picture(Market,
        [
            Figure("a", 0.50m, SourceKind.Regulator), Figure("a", 0.30m, SourceKind.Platform),
            Figure("b", 0.20m, SourceKind.ThirdParty), Figure("b", 0.55m, SourceKind.Unclassified),
            Figure("c", 0.10m, SourceKind.Unclassified),
        ])).Findings;
        var hhi = System.Text.Json.Nodes.JsonNode.Parse(found.Single(d => d.RuleId == "GEN-HHI-LEVEL").MeasuredJson)!["gmv"]!;
        Assert.Multiple(() =>
        {
            Assert.That(found.Keys().Where(k => k.StartsWith("CN-AML24-SINGLE", StringComparison.Ordinal)), Is.EqualTo(new[] { "CN-AML24-SINGLE a" }));
            Assert.That(hhi["hhi"]!.GetValue<decimal>(), Is.EqualTo(3000m));
            Assert.That(hhi["cr3"]!.GetValue<decimal>(), Is.EqualTo(0.8m));
        });
    }

    [Test]
    public void The_picture_and_the_findings_do_not_depend_on_the_order_of_the_figures()
    {
        ShareFigure[] figures =
        [
            Figure("a", 0.52m, SourceKind.Regulator, eventId: "e1"),
            Figure("a", 0.40m, SourceKind.Platform, eventId: "e2", occurredAt: new DateTimeOffset(2022, 8, 1, 9, 0, 0, TimeSpan.Zero)),
            Figure("a", 0.45m, SourceKind.Platform, eventId: "e3", occurredAt: new DateTimeOffset(2022, 7, 31, 9, 0, 0, TimeSpan.Zero)),
            Figure("a", 0.61m, SourceKind.ThirdParty, eventId: "e4"),
            Figure("b", 0.30m, SourceKind.Unclassified, eventId: "e5"),
            Figure("b", 0.20m, SourceKind.Unclassified, eventId: "e6"),
            Figure("b", 0.25m, SourceKind.StatisticsOffice, eventId: "e7", metric: ShareMetric.Orders),
            Figure("b", 0.31m, SourceKind.Decision, eventId: "e8", metric: ShareMetric.Orders),
            Figure("c", 0.12m, SourceKind.Regulator, eventId: "e9", period: "2024"),
            Figure("c", 0.33m, SourceKind.ThirdParty, eventId: "e10", period: "2024"),
        ];
        var expected = Describe(figures);
        Assert.That(expected, Does.Contain("CN-AML62-UNDERSTATED a").And.Contain("GEN-DATA-CONFLICT a"), "the set exercises both new rules");
        var random = new Random(20260101);
        for (var i = 0; i < 40; i++)
        {
            var shuffled = figures.ToArray();
            random.Shuffle(shuffled);
            Assert.That(Describe(shuffled), Is.EqualTo(expected), $"order {string.Join(",", shuffled.Select(f => f.EventId))}");
        }
    }

    private static string Describe(IEnumerable<ShareFigure> figures)
    {
        var picture = Engine.Picture(Market, figures);
        var periods = picture.Series.SelectMany(s => s.Periods.Select(p =>
            $"{s.Metric} {p.Period}: counts {string.Join(",", p.Shares.Select(f => f.EventId))}; reported {string.Join(",", p.Reported.Select(f => f.EventId))}; hhi {p.Hhi}"));
        var findings = Engine.Market(picture).Findings.Select(d =>
            $"{d.RuleId} {d.PlatformId ?? "-"} {d.Period} {d.Law.Citation} {d.MeasuredJson} {string.Join(",", d.Evidence)}");
        return string.Join("\n", periods.Concat(findings));
    }

    [Test]
    public void The_shipped_profiles_use_the_default_precedence()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Engine.Picture(Market, [Figure("a", 0.1m, SourceKind.Platform)]).Precedence.Ranked, Is.EqualTo(SourcePrecedence.Default.Ranked));
            Assert.That(SourcePrecedence.Default.ToString(), Is.EqualTo("decision > regulator > statistics-office > platform > third-party > unclassified"));
        });
    }

    private const string Custom = """
        profile: xx
        jurisdictions: [XX]
        sourcePrecedence: [third-party, platform]
        instruments:
          LAW: { name: Law, title: { zh: 《一部法律》, en: A law }, authentic: zh }
        rules:
          - id: XX-SINGLE
            type: share-threshold
            version: 1
            severity: high
            parameters: { atLeast: 1/2 }
            law: [{ instrument: LAW, article: { zh: 第一条, en: Art. 1 } }]
            title: { zh: 测试规则, en: A test rule }
            summary: { zh: 测试。, en: A test. }
        """;

    private const string Everywhere = """
        profile: everywhere
        everyJurisdiction: true
        sourcePrecedence: [statistics-office]
        rules: []
        """;

    private static ProfileLoadResult Load(params (string Name, string Yaml)[] files) =>
        ProfileLoader.Load(files.Select(f => new ProfileSource(f.Name, Encoding.UTF8.GetBytes(f.Yaml))));

    private static RuleEngine EngineOf(params (string Name, string Yaml)[] files)
    {
        var result = Load(files);
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Errors));
        return new RuleEngine(result.Set!);
    }

    [Test]
    public void A_profiles_source_precedence_decides_for_its_jurisdictions()
    {
        var engine = EngineOf(("everywhere.yaml", Everywhere), ("xx.yaml", Custom));
        var picture = engine.Picture("xx-m", [Figure("a", 0.30m, SourceKind.Regulator, jurisdiction: "XX") with { MarketId = "xx-m" }, Figure("a", 0.60m, SourceKind.ThirdParty, jurisdiction: "XX") with { MarketId = "xx-m" }]);
        Assert.Multiple(() =>
        {
            Assert.That(picture.Precedence.Ranked, Is.EqualTo(new[]
            {
                SourceKind.ThirdParty, SourceKind.Platform, SourceKind.Decision, SourceKind.Regulator, SourceKind.StatisticsOffice, SourceKind.Unclassified,
            }), "listed first, the rest in the default order, unclassified last");
            Assert.That(Only(picture).Of("a")!.Kind, Is.EqualTo(SourceKind.ThirdParty));
            Assert.That(engine.Market(picture).Findings.Keys(), Is.EqualTo(new[] { "XX-SINGLE a" }), "0.60 counts, not the regulator's 0.30");
        });
    }

    [Test]
    public void Other_jurisdictions_take_the_precedence_of_the_profile_for_every_jurisdiction()
    {
        var engine = EngineOf(("everywhere.yaml", Everywhere), ("xx.yaml", Custom));
        var picture = engine.Picture(Market, [Figure("a", 0.30m, SourceKind.Regulator, jurisdiction: "YY"), Figure("a", 0.60m, SourceKind.StatisticsOffice, jurisdiction: "YY")]);
        Assert.Multiple(() =>
        {
            Assert.That(picture.Precedence.Ranked[0], Is.EqualTo(SourceKind.StatisticsOffice));
            Assert.That(Only(picture).Of("a")!.Share, Is.EqualTo(0.60m));
        });
    }

    [Test]
    public void Without_a_declared_precedence_the_default_applies()
    {
        var engine = EngineOf(("xx.yaml", Custom.Replace("sourcePrecedence: [third-party, platform]\n", "", StringComparison.Ordinal)));
        var picture = engine.Picture("xx-m", [Figure("a", 0.30m, SourceKind.Regulator, jurisdiction: "XX") with { MarketId = "xx-m" }, Figure("a", 0.60m, SourceKind.ThirdParty, jurisdiction: "XX") with { MarketId = "xx-m" }]);
        Assert.That(Only(picture).Of("a")!.Kind, Is.EqualTo(SourceKind.Regulator));
    }

    private const string Broken = """
        profile: test
        jurisdictions: [CN]
        sourcePrecedence:
          - regulator
          - regulators
          - regulator
          - unclassified
          - platform
        instruments:
          LAW: { name: Law, title: { zh: 《一部法律》, en: A law }, authentic: zh }
        rules:
          - id: T-SINGLE
            type: share-threshold
            version: 1
            severity: high
            parameters: { atLeast: 1/2 }
            law: [{ instrument: LAW, article: { zh: 第一条, en: Art. 1 } }]
            title: { zh: 测试规则, en: A test rule }
            summary: { zh: 测试。, en: A test. }
        """;

    [Test]
    public void A_bad_source_precedence_is_reported_entry_by_entry_with_file_and_line()
    {
        var result = Load(("test.yaml", Broken));
        var errors = string.Join("\n", result.Errors);
        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.False);
            Assert.That(errors, Does.Contain("test.yaml:5: the profile: 'sourcePrecedence' names unknown source kind 'regulators'; expected one of: decision, regulator, statistics-office, platform, third-party, unclassified"));
            Assert.That(errors, Does.Contain("test.yaml:6: the profile: 'sourcePrecedence' names 'regulator' twice (first at test.yaml:4)"));
            Assert.That(errors, Does.Contain("test.yaml:7: the profile: 'sourcePrecedence' may name 'unclassified' only last"));
            Assert.That(result.Errors, Has.Count.EqualTo(3), errors);
        });
    }

    [Test]
    public void A_source_precedence_that_is_not_a_list_is_reported_at_its_line()
    {
        var result = Load(("test.yaml", Broken.Replace("sourcePrecedence:\n  - regulator\n  - regulators\n  - regulator\n  - unclassified\n  - platform\n", "sourcePrecedence: regulator\n", StringComparison.Ordinal)));
        Assert.That(string.Join("\n", result.Errors), Does.Contain("test.yaml:3: the profile: 'sourcePrecedence' must be a list of source kinds"));
    }

    [Test]
    public void Unclassified_may_close_the_list()
    {
        var result = Load(("test.yaml", Broken.Replace("  - regulators\n  - regulator\n  - unclassified\n  - platform\n", "  - platform\n  - unclassified\n", StringComparison.Ordinal)));
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Errors));
        Assert.That(result.Set!.Find("test")!.SourcePrecedence!.Ranked, Is.EqualTo(new[]
        {
            SourceKind.Regulator, SourceKind.Platform, SourceKind.Decision, SourceKind.StatisticsOffice, SourceKind.ThirdParty, SourceKind.Unclassified,
        }));
    }
}
