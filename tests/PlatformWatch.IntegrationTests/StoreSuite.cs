using System.Globalization;
using PlatformWatch.Contracts;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>The store test suite, written once; a subclass per database engine runs it.</summary>
public abstract partial class StoreSuite(StoreProvider provider)
{
    protected StoreProvider Provider { get; } = provider;

    protected StoreOptions Options { get; private set; } = null!;

    protected CaseStore Store { get; private set; } = null!;

    [SetUp]
    public async Task CreateAndMigrate()
    {
        Options = TestDatabases.For(Provider);
        Store = CaseStore.Create(Options);
        await Store.MigrateAsync();
    }

    private static MarketShareReported Share(string eventId, string platform, decimal share, string occurredAt = "2026-01-10T00:00:00Z") => new()
    {
        EventId = eventId,
        OccurredAt = DateTimeOffset.Parse(occurredAt, CultureInfo.InvariantCulture),
        Source = "test",
        MarketId = "cn-store-test",
        Jurisdiction = "CN",
        PeriodStart = new DateOnly(2025, 1, 1),
        PeriodEnd = new DateOnly(2025, 12, 31),
        PlatformId = platform,
        Metric = ShareMetric.Gmv,
        Share = share,
    };

    private static FindingDraft Draft(string rule, string? platform, string measured, Severity severity = Severity.High, string family = "T-FAM") => new()
    {
        RuleId = rule,
        RuleVersion = 1,
        ProfileId = "test",
        ProfileHash = "sha256:00",
        Family = family,
        PlatformId = platform,
        MarketId = "cn-store-test",
        Period = new DateRange(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)),
        Established = new DateRange(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)),
        Severity = severity,
        Law = new LegalCitation { Citation = "Test Art. 1", Instrument = "Test", Article = "Art. 1", LawVersion = "Test" },
        MeasuredJson = measured,
        ThresholdJson = """{"atLeast":"1/2"}""",
        Evidence = ["e1"],
        Subject = "market:cn-store-test",
    };

    private Task<T> InSessionAsync<T>(Func<StoreSession, Task<T>> work) => Store.InTransactionAsync(work);

    [Test]
    public async Task Migrations_apply_once()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await Store.MigrateAsync(), Is.Empty, "already applied in SetUp");
            Assert.That(Store.Migrations.Select(m => m.Version), Is.Ordered.And.Unique);
        });
    }

    [Test]
    public async Task An_event_id_is_processed_once_and_a_reused_id_with_other_content_is_a_conflict()
    {
        var first = await InSessionAsync(s => s.Ingestion.RecordEventAsync(Share("e1", "a", 0.5m)));
        var again = await InSessionAsync(s => s.Ingestion.RecordEventAsync(Share("e1", "a", 0.5m)));
        var reused = await InSessionAsync(s => s.Ingestion.RecordEventAsync(Share("e1", "a", 0.6m)));
        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.EqualTo(EventOutcome.New));
            Assert.That(again, Is.EqualTo(EventOutcome.Duplicate));
            Assert.That(reused, Is.EqualTo(EventOutcome.Conflict));
            Assert.That((await Store.Ingestion.CountAsync()).Processed, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_later_share_replaces_an_earlier_one_and_not_the_other_way_round()
    {
        await InSessionAsync(s => s.Ingestion.UpsertShareAsync(Share("e2", "a", 0.4m, "2026-02-01T00:00:00Z")));
        var older = await InSessionAsync(s => s.Ingestion.UpsertShareAsync(Share("e1", "a", 0.6m, "2026-01-01T00:00:00+08:00")));
        var sameTimeGreaterId = await InSessionAsync(s => s.Ingestion.UpsertShareAsync(Share("e3", "a", 0.45m, "2026-02-01T08:00:00+08:00")));
        var shares = await InSessionAsync(s => s.Ingestion.LoadMarketSharesAsync("cn-store-test"));
        Assert.Multiple(() =>
        {
            Assert.That(older, Is.False);
            Assert.That(sameTimeGreaterId, Is.True, "2026-02-01T08:00+08:00 is the same instant; e3 > e2");
            Assert.That(shares.Single().Share, Is.EqualTo(0.45m));
            Assert.That(shares.Single().EventId, Is.EqualTo("e3"));
        });
    }

    [Test]
    public async Task A_batch_of_events_is_recorded_as_one_event_at_a_time_would_be()
    {
        await InSessionAsync(s => s.Ingestion.RecordEventAsync(Share("held", "a", 0.5m)));
        var outcomes = await InSessionAsync(s => s.Ingestion.RecordEventsAsync([
            Share("new", "a", 0.5m),
            Share("held", "a", 0.5m),
            Share("held", "a", 0.7m),
            Share("twice", "b", 0.2m),
            Share("twice", "b", 0.2m),
            Share("twice", "b", 0.3m),
        ]));
        var replayed = await InSessionAsync(s => s.Ingestion.RecordEventsAsync([Share("new", "a", 0.5m), Share("twice", "b", 0.3m)]));
        Assert.Multiple(async () =>
        {
            Assert.That(outcomes, Is.EqualTo(new[] { EventOutcome.New, EventOutcome.Duplicate, EventOutcome.Conflict, EventOutcome.New, EventOutcome.Duplicate, EventOutcome.Conflict }));
            Assert.That(replayed, Is.EqualTo(new[] { EventOutcome.Duplicate, EventOutcome.Conflict }));
            Assert.That((await Store.Ingestion.CountAsync()).Processed, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task A_batch_of_shares_leaves_what_one_at_a_time_would_and_names_the_markets_it_changed()
    {
        await InSessionAsync(s => s.Ingestion.UpsertShareAsync(Share("e5", "a", 0.4m, "2026-03-01T00:00:00Z")));
        var changed = await InSessionAsync(s => s.Ingestion.UpsertSharesAsync([
            Share("e4", "a", 0.9m, "2026-02-01T00:00:00Z"),
            Share("e1", "b", 0.1m, "2026-01-01T00:00:00Z"),
            Share("e3", "b", 0.3m, "2026-02-01T08:00:00+08:00"),
            Share("e2", "b", 0.2m, "2026-02-01T00:00:00Z"),
        ]));
        var unchanged = await InSessionAsync(s => s.Ingestion.UpsertSharesAsync([Share("e0", "b", 0.8m, "2025-12-01T00:00:00Z")]));
        var shares = await InSessionAsync(s => s.Ingestion.LoadMarketSharesAsync("cn-store-test"));
        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.EquivalentTo(new[] { "cn-store-test" }));
            Assert.That(unchanged, Is.Empty, "an older share changes nothing");
            Assert.That(shares.Select(x => (x.PlatformId, x.Share, x.EventId)), Is.EqualTo(new[] { ("a", 0.4m, "e5"), ("b", 0.3m, "e3") }),
                "a keeps the later held share; of b's three, e3 (same instant as e2, greater id) stands");
        });
    }

    [Test]
    public async Task Several_markets_and_subjects_are_read_at_once()
    {
        await InSessionAsync(s => s.Ingestion.UpsertShareAsync(Share("e1", "a", 0.5m)));
        var (shares, findings) = await InSessionAsync(async s =>
        {
            await s.LockSubjectsAsync(["market:cn-store-test", "market:none", "market:cn-store-test"]);
            return (await s.Ingestion.LoadMarketsSharesAsync(["cn-store-test", "none"]), await s.Findings.LoadSubjectsFindingsAsync(["market:none"]));
        });
        Assert.Multiple(() =>
        {
            Assert.That(shares["cn-store-test"].Single().Share, Is.EqualTo(0.5m));
            Assert.That(shares["none"], Is.Empty);
            Assert.That(findings["market:none"], Is.Empty);
        });
    }

    [Test]
    public async Task Shares_keep_every_decimal_digit()
    {
        await InSessionAsync(s => s.Ingestion.UpsertShareAsync(Share("e1", "a", 0.1234567890123456789012345678m)));
        var shares = await InSessionAsync(s => s.Ingestion.LoadMarketSharesAsync("cn-store-test"));
        Assert.That(shares.Single().Share, Is.EqualTo(0.1234567890123456789012345678m));
    }

    [Test]
    public async Task A_finding_is_raised_once_updated_by_new_evidence_withdrawn_and_raised_again()
    {
        var raised = await InSessionAsync(s => s.Findings.ReplaceSubjectFindingsAsync("market:cn-store-test", [Draft("T-RULE", "a", """{"share":0.5}""")]));
        var unchanged = await InSessionAsync(s => s.Findings.ReplaceSubjectFindingsAsync("market:cn-store-test", [Draft("T-RULE", "a", """{"share":0.5}""")]));
        var updated = await InSessionAsync(s => s.Findings.ReplaceSubjectFindingsAsync("market:cn-store-test", [Draft("T-RULE", "a", """{"share":0.6}""")]));
        var withdrawn = await InSessionAsync(s => s.Findings.ReplaceSubjectFindingsAsync("market:cn-store-test", []));
        var again = await InSessionAsync(s => s.Findings.ReplaceSubjectFindingsAsync("market:cn-store-test", [Draft("T-RULE", "a", """{"share":0.6}""")]));
        var all = await Store.Findings.ListAsync(includeWithdrawn: true);
        Assert.Multiple(() =>
        {
            Assert.That(raised.Single().Kind, Is.EqualTo(FindingChangeKind.Raised));
            Assert.That(unchanged, Is.Empty);
            Assert.That(updated.Single().Kind, Is.EqualTo(FindingChangeKind.Updated));
            Assert.That(withdrawn.Single().Kind, Is.EqualTo(FindingChangeKind.Withdrawn));
            Assert.That(again.Single().Kind, Is.EqualTo(FindingChangeKind.Raised));
            Assert.That(all.Single().Revision, Is.EqualTo(4));
            Assert.That(all.Single().Status, Is.EqualTo(FindingStatus.Active));
            Assert.That(all.Single().FindingId, Is.EqualTo(raised.Single().Finding.FindingId));
        });
    }

    [Test]
    public async Task Findings_of_one_platform_family_and_market_share_a_case_and_info_findings_open_none()
    {
        var changes = await InSessionAsync(s => s.Findings.ReplaceSubjectFindingsAsync("market:cn-store-test",
        [
            Draft("T-ONE", "a", "{}", Severity.Medium),
            Draft("T-TWO", "a", "{}", Severity.Critical),
            Draft("T-THREE", "b", "{}"),
            Draft("T-INFO", null, "{}", Severity.Info, family: "T-INFO"),
        ]));
        var byRule = changes.ToDictionary(c => c.Finding.RuleId, c => c.Finding.CaseId);
        Assert.Multiple(() =>
        {
            Assert.That(byRule["T-ONE"], Is.Not.Null.And.EqualTo(byRule["T-TWO"]));
            Assert.That(byRule["T-THREE"], Is.Not.Null.And.Not.EqualTo(byRule["T-ONE"]));
            Assert.That(byRule["T-INFO"], Is.Null);
        });
    }

    [Test]
    public async Task Work_that_is_not_committed_leaves_nothing_behind()
    {
        await using (var session = await Store.BeginAsync())
        {
            await session.Ingestion.RecordEventAsync(Share("e1", "a", 0.5m));
            await session.Findings.ReplaceSubjectFindingsAsync("market:cn-store-test", [Draft("T-RULE", "a", "{}")]);
        }

        Assert.Multiple(async () =>
        {
            Assert.That((await Store.Ingestion.CountAsync()).Processed, Is.Zero);
            Assert.That(await Store.Findings.ListAsync(includeWithdrawn: true), Is.Empty);
        });
    }

    [Test]
    public async Task SQL_in_an_identifier_is_stored_as_text_and_never_executed()
    {
        const string Odd = "x'); DROP TABLE findings; --";
        await InSessionAsync(s => s.Ingestion.RecordEventAsync(Share("e1", Odd, 0.01m)));
        await InSessionAsync(s => s.Ingestion.UpsertShareAsync(Share("e1", Odd, 0.01m)));
        await InSessionAsync(s => s.Findings.ReplaceSubjectFindingsAsync("market:cn-store-test", [Draft("T-RULE", Odd, "{}")]));
        var shares = await InSessionAsync(s => s.Ingestion.LoadMarketSharesAsync("cn-store-test"));
        Assert.Multiple(async () =>
        {
            Assert.That(shares.Single().PlatformId, Is.EqualTo(Odd));
            Assert.That((await Store.Findings.ListAsync()).Single().PlatformId, Is.EqualTo(Odd));
        });
    }
}

[TestFixture]
public class SqliteStoreSuite() : StoreSuite(StoreProvider.Sqlite);

[TestFixture]
[Category("Postgres")]
public class PostgresStoreSuite() : StoreSuite(StoreProvider.Postgres);

[TestFixture]
[Category("SqlServer")]
public class SqlServerStoreSuite() : StoreSuite(StoreProvider.SqlServer);
