using System.Text.Json.Nodes;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

// What the API reads, on every engine: findings and cases by filter, a market's shares, a
// platform's events. Filter values are data: SQL metacharacters match only themselves.
public abstract partial class StoreSuite
{
    private static FindingDraft Over(FindingDraft draft, string from, string to) => draft with
    {
        Period = new DateRange(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)),
        Established = new DateRange(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)),
    };

    // A 2024, B 2025 H1, C 2025 H2, D and E 2025 with odd platforms; W withdrawn.
    private async Task<Dictionary<string, StoredFinding>> FindingsToQueryAsync()
    {
        var drafts = new Dictionary<string, FindingDraft>
        {
            ["A"] = Over(Draft("T-A", "p1", "{}"), "2024-01-01", "2024-12-31"),
            ["B"] = Over(Draft("T-B", "p1", "{}", Severity.Medium), "2025-01-01", "2025-06-30"),
            ["C"] = Over(Draft("T-A", "p2", "{}", Severity.Critical), "2025-07-01", "2025-12-31"),
            ["D"] = Draft("T-A", "%_", "{}"),
            ["E"] = Draft("T-A", Injection, "{}"),
        };
        var changes = await Store.InTransactionAsync(s => s.Findings.ReplaceSubjectFindingsAsync("q:1", [.. drafts.Values]));
        await Store.InTransactionAsync(s => s.Findings.ReplaceSubjectFindingsAsync("q:2", [Draft("T-W", "p1", "{}")]));
        var withdrawn = await Store.InTransactionAsync(s => s.Findings.ReplaceSubjectFindingsAsync("q:2", []));
        var byId = changes.ToDictionary(c => c.Finding.FindingId, c => c.Finding);
        var named = drafts.ToDictionary(d => d.Key, d => byId[d.Value.Key.FindingId]);
        named["W"] = withdrawn.Single().Finding;
        return named;
    }

    [Test]
    public async Task Findings_are_listed_by_every_filter_in_key_order()
    {
        var f = await FindingsToQueryAsync();
        async Task<string> Names(FindingQuery query) =>
            string.Join(",", (await Store.Findings.ListAsync(query)).Select(found => f.Single(n => n.Value.FindingId == found.FindingId).Key));

        Assert.Multiple(async () =>
        {
            Assert.That(await Names(new FindingQuery()), Is.EqualTo("D,E,A,C,B"), "rule, then platform in code-point order: % < ' < p");
            Assert.That(await Names(new FindingQuery { PlatformId = "p1" }), Is.EqualTo("A,B"));
            Assert.That(await Names(new FindingQuery { PlatformId = "p1", IncludeWithdrawn = true }), Is.EqualTo("A,B,W"));
            Assert.That(await Names(new FindingQuery { RuleId = "T-B" }), Is.EqualTo("B"));
            Assert.That(await Names(new FindingQuery { Severity = "critical" }), Is.EqualTo("C"));
            Assert.That(await Names(new FindingQuery { MarketId = "cn-store-test", RuleId = "T-A", PlatformId = "p2" }), Is.EqualTo("C"));
            Assert.That(await Names(new FindingQuery { CaseId = f["C"].CaseId }), Is.EqualTo("C"));
            Assert.That(await Names(new FindingQuery { CaseId = f["A"].CaseId }), Is.EqualTo("A,B"), "one case per platform, family and market");
            Assert.That(await Names(new FindingQuery { FindingIds = [f["C"].FindingId, f["A"].FindingId, f["W"].FindingId] }), Is.EqualTo("A,C"));
            Assert.That(await Names(new FindingQuery { FindingIds = [] }), Is.Empty);
            Assert.That(await Names(new FindingQuery { PeriodFrom = new DateOnly(2025, 1, 1), PeriodTo = new DateOnly(2025, 6, 30) }), Is.EqualTo("D,E,B"), "periods that overlap the first half of 2025");
            Assert.That(await Names(new FindingQuery { PeriodFrom = new DateOnly(2025, 7, 1) }), Is.EqualTo("D,E,C"));
            Assert.That(await Names(new FindingQuery { PeriodTo = new DateOnly(2024, 12, 31) }), Is.EqualTo("A"));
            Assert.That(await Names(new FindingQuery { Limit = 2, Offset = 1 }), Is.EqualTo("E,A"));
        });
    }

    [Test]
    public async Task Finding_filters_take_sql_metacharacters_literally()
    {
        var f = await FindingsToQueryAsync();
        async Task<int> Count(FindingQuery query) => (await Store.Findings.ListAsync(query)).Count;

        Assert.Multiple(async () =>
        {
            Assert.That((await Store.Findings.ListAsync(new FindingQuery { PlatformId = "%_" })).Single().FindingId, Is.EqualTo(f["D"].FindingId));
            Assert.That((await Store.Findings.ListAsync(new FindingQuery { PlatformId = Injection })).Single().FindingId, Is.EqualTo(f["E"].FindingId));
            Assert.That(await Count(new FindingQuery { PlatformId = "%" }), Is.Zero);
            Assert.That(await Count(new FindingQuery { RuleId = "T-%" }), Is.Zero);
            Assert.That(await Count(new FindingQuery { RuleId = "T-_" }), Is.Zero);
            Assert.That(await Count(new FindingQuery { CaseId = Injection }), Is.Zero);
            Assert.That(await Count(new FindingQuery { Severity = "high' OR '1'='1" }), Is.Zero);
            Assert.That(await Count(new FindingQuery { FindingIds = [Injection, "%_", "%"] }), Is.Zero);
            Assert.That(await Count(new FindingQuery()), Is.EqualTo(5), "the findings table is still there");
            Assert.That(await Store.Cases.ListAsync(new CaseQuery()), Has.Count.EqualTo(4), "and so is the cases table");
            Assert.That(Assert.ThrowsAsync<CaseActionException>(() => Store.Findings.ListAsync(new FindingQuery { Limit = 0 }))!.Message, Does.StartWith("limit: "));
            Assert.That(Assert.ThrowsAsync<CaseActionException>(() => Store.Findings.ListAsync(new FindingQuery { FindingIds = Enumerable.Range(0, 1001).Select(i => $"F-{i}").ToList() }))!.Message, Does.StartWith("findingIds: "));
        });
    }

    [Test]
    public async Task Cases_are_listed_by_jurisdiction_through_their_profiles_or_the_market_of_common_findings()
    {
        await Store.InTransactionAsync(s => s.Ingestion.UpsertShareAsync(Share("s-cn", "x", 0.5m)));
        await Store.InTransactionAsync(s => s.Ingestion.UpsertShareAsync(Share("s-eu", "y", 0.5m) with { MarketId = "eu-store-test", Jurisdiction = "EU" }));
        async Task<string> CaseOf(string platform, string profile, string market)
        {
            var subject = $"j:{platform}";
            var draft = Draft("T-J", platform, "{}") with { ProfileId = profile, MarketId = market, Subject = subject };
            return (await Store.InTransactionAsync(s => s.Findings.ReplaceSubjectFindingsAsync(subject, [draft]))).Single().Finding.CaseId!;
        }

        var cn = await CaseOf("cn-profile", "cn", "cn-store-test");
        var eu = await CaseOf("eu-profile", "eu", "eu-store-test");
        var commonCn = await CaseOf("common-cn", "common", "cn-store-test");
        var commonEu = await CaseOf("common-eu", "common", "eu-store-test");
        await CaseOf("common-unknown", "common", "nowhere");
        async Task<IEnumerable<string>> Cases(CaseQuery query) => (await Store.Cases.ListAsync(query)).Select(c => c.CaseId);

        Assert.Multiple(async () =>
        {
            Assert.That(await Cases(new CaseQuery { Jurisdiction = "CN", JurisdictionProfiles = ["cn"] }), Is.EquivalentTo(new[] { cn, commonCn }));
            Assert.That(await Cases(new CaseQuery { Jurisdiction = "EU", JurisdictionProfiles = ["eu"] }), Is.EquivalentTo(new[] { eu, commonEu }));
            Assert.That(await Cases(new CaseQuery { Jurisdiction = "CN" }), Is.EquivalentTo(new[] { commonCn }), "without profiles, only the common findings' markets");
            Assert.That(await Cases(new CaseQuery { Jurisdiction = "CN", JurisdictionProfiles = ["cn"], PlatformId = "common-cn" }), Is.EquivalentTo(new[] { commonCn }));
            Assert.That(await Cases(new CaseQuery { Jurisdiction = "CN", JurisdictionProfiles = ["cn"], Sort = "platform", Descending = false }), Is.EqualTo(new[] { cn, commonCn }));
            Assert.That(await Cases(new CaseQuery { Jurisdiction = Injection, JurisdictionProfiles = ["%_", Injection] }), Is.Empty);
            Assert.That(await Cases(new CaseQuery()), Has.Exactly(5).Items, "no jurisdiction, no filter");
        });
    }

    [Test]
    public async Task A_markets_shares_are_those_last_reported_in_metric_period_and_platform_order()
    {
        var events = await ScenarioEventsAsync("market-structure", "bad-input");
        await Processor(Store).ProcessAsync(events);
        var valued = Share("s-valued", "acme", 0.25m) with { MarketId = "cn-ride-hailing", Value = new Figure { Amount = 1234567.89m, Currency = "CNY" } };
        await Store.InTransactionAsync(s => s.Ingestion.UpsertShareAsync(valued));
        var shares = events.OfType<MarketShareReported>().Append(valued).Where(e => e.MarketId == "cn-ride-hailing")
            .GroupBy(e => (e.Metric, e.PeriodStart, e.PeriodEnd, e.PlatformId))
            .Select(g => g.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.EventId, StringComparer.Ordinal).First())
            .OrderBy(e => WireNames.Name(e.Metric), StringComparer.Ordinal).ThenBy(e => e.PeriodStart).ThenBy(e => e.PeriodEnd).ThenBy(e => e.PlatformId, StringComparer.Ordinal)
            .Select(e => $"{WireNames.Name(e.Metric)} {e.PeriodStart:yyyy-MM-dd}..{e.PeriodEnd:yyyy-MM-dd} {e.PlatformId} {e.Share:G29} {e.Value?.Amount:G29} {e.Value?.Currency} {e.Jurisdiction} {e.EventId} {e.OccurredAt.UtcDateTime:O}")
            .ToList();
        var held = await Store.Ingestion.GetMarketSharesAsync("cn-ride-hailing");
        var odd = await Store.Ingestion.GetMarketSharesAsync("cn-music-streaming");
        Assert.Multiple(async () =>
        {
            Assert.That(held.Select(r => $"{r.Metric} {r.PeriodStart:yyyy-MM-dd}..{r.PeriodEnd:yyyy-MM-dd} {r.PlatformId} {r.Share:G29} {r.ValueAmount:G29} {r.ValueCurrency} {r.Jurisdiction} {r.EventId} {r.OccurredAt.UtcDateTime:O}"), Is.EqualTo(shares));
            Assert.That(shares, Has.Count.EqualTo(7));
            Assert.That(odd.Select(r => r.PlatformId), Does.Contain("x'); DROP TABLE findings; --"), "stored as text");
            Assert.That(await Store.Ingestion.GetMarketSharesAsync("%"), Is.Empty);
            Assert.That(await Store.Ingestion.GetMarketSharesAsync(Injection), Is.Empty);
        });
    }

    [Test]
    public async Task A_platforms_events_of_one_type_come_from_the_evidence_newest_first()
    {
        var events = await ScenarioEventsAsync("dma-gatekeeper", "conduct-cn");
        await Processor(Store).ProcessAsync(events);
        var expected = events.OfType<ConductObserved>().Where(e => e.PlatformId == "bazaarly")
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.EventId, StringComparer.Ordinal)
            .Select(e => e.EventId).ToList();
        var conduct = await Store.Ingestion.ListPlatformEventsAsync("bazaarly", "ConductObserved");
        var rankings = await Store.Ingestion.ListPlatformEventsAsync("bazaarly", "RankingObserved");
        Assert.Multiple(async () =>
        {
            Assert.That(conduct.Select(e => e.EventId), Is.EqualTo(expected));
            Assert.That(expected, Has.Count.EqualTo(5));
            Assert.That(conduct.Select(e => e.Type).Distinct(), Is.EqualTo(new[] { "ConductObserved" }));
            Assert.That(conduct.Select(e => (string?)JsonNode.Parse(e.Payload)!["eventId"]), Is.EqualTo(expected), "the payload is the event");
            Assert.That(conduct[0].Source, Is.EqualTo(events.OfType<ConductObserved>().Single(e => e.EventId == expected[0]).Source));
            Assert.That(rankings, Has.Count.EqualTo(events.OfType<RankingObserved>().Count(e => e.PlatformId == "bazaarly")));
            Assert.That(rankings.Select(e => e.OccurredAt), Is.Ordered.Descending);
            Assert.That(await Store.Ingestion.ListPlatformEventsAsync("shopco", "ConductObserved"), Has.Count.EqualTo(1), "another platform's, from the other file");
            Assert.That(await Store.Ingestion.ListPlatformEventsAsync("bazaarly", "%"), Is.Empty);
            Assert.That(await Store.Ingestion.ListPlatformEventsAsync(Injection, "ConductObserved"), Is.Empty);
        });
    }
}
