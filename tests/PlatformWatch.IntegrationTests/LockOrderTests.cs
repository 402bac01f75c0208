using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Hosting;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Rules.Types;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// Two workers' units of work on PostgreSQL, each changing one market: in each, a platform becomes
/// dominant whose deal targets the other's market, so each unit evaluates a deal whose target market
/// the other one changes. Each unit holds its first locks until the other has taken its own (or
/// three seconds have passed). A unit that locked its deals' target markets after stage 1 held one
/// market and waited for the other's, and PostgreSQL ended one as a deadlock victim; a unit now
/// locks only the target markets of the deals it records (with its markets, in one statement) and
/// reads the others' as committed. Retries are off: a deadlock would reach the test.
/// </summary>
[TestFixture]
[Category("Postgres")]
internal sealed class Two_units_each_changing_the_market_the_other_ones_deal_targets
{
    internal static readonly ProfileSet Shipped = ProfileDirectory.LoadOrThrow(ProfileDirectory.Default);
    private readonly List<Exception> _failures = [];
    private readonly Dictionary<string, List<(string[] Changed, string[] Readers)>> _marketLocks = [];
    private List<StoredFinding> _findings = [];
    private int _committed;

    [OneTimeSetUp]
    public async Task BothUnits()
    {
        var database = TestDatabases.Postgres();
        var options = new StoreOptions { Provider = database.Provider, Connection = database.Connection, AuditKey = database.AuditKey, MaxRetryAttempts = 0 };
        var store = CaseStore.Create(options);
        await store.MigrateAsync();

        // lo-p holds a third of lo-m1 and buys into lo-m0; lo-q the other way round.
        var processor = new EventProcessor(store, new ActiveProfiles(Shipped), TimeProvider.System, NullLogger<EventProcessor>.Instance);
        await processor.ProcessAsync(
        [
            Deal("lo-deal-p", "lo-p", "lo-m0"),
            Deal("lo-deal-q", "lo-q", "lo-m1"),
            Share("lo-m1-p-a", "lo-m1", "lo-p", 0.3m, "2026-01-01T00:00:00Z"),
            Share("lo-m1-o", "lo-m1", "lo-o1", 0.35m, "2026-01-01T00:00:00Z"),
            Share("lo-m0-q-a", "lo-m0", "lo-q", 0.3m, "2026-01-01T00:00:00Z"),
            Share("lo-m0-o", "lo-m0", "lo-o0", 0.35m, "2026-01-01T00:00:00Z"),
        ]);

        var first = new[] { new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        async Task Unit(int index, MarketShareReported share)
        {
            var locks = new List<(string[] Changed, string[] Readers)>();
            lock (_marketLocks)
            {
                _marketLocks[share.MarketId] = locks;
            }

            try
            {
                await PlanUnit.RunAsync(options, [share], session => new HoldingFirstLocks(new StoreEvaluationState(session), locks, () =>
                {
                    first[index].TrySetResult();
                    return first[1 - index].Task;
                }));
                Interlocked.Increment(ref _committed);
            }
            catch (Exception e)
            {
                lock (_failures)
                {
                    _failures.Add(e);
                }
            }
        }

        // Each platform's share doubles: now the largest in its market.
        await Task.WhenAll(
            Unit(0, Share("lo-m1-p-b", "lo-m1", "lo-p", 0.6m, "2026-02-01T00:00:00Z")),
            Unit(1, Share("lo-m0-q-b", "lo-m0", "lo-q", 0.6m, "2026-02-01T00:00:00Z"))).WaitAsync(TimeSpan.FromSeconds(60));
        _findings = [.. await store.Findings.ListAsync()];
        NpgsqlConnection.ClearAllPools();
    }

    [Test]
    public void Should_commit_both_without_a_deadlock() => Assert.Multiple(() =>
    {
        Assert.That(_failures, Is.Empty);
        Assert.That(_committed, Is.EqualTo(2));
    });

    [Test]
    public void Should_lock_only_each_units_own_market_once() => Assert.Multiple(() =>
    {
        Assert.That(_marketLocks["lo-m1"].Select(l => $"{string.Join(',', l.Changed)} | {string.Join(',', l.Readers)}"), Is.EqualTo(new[] { "lo-m1 | " }));
        Assert.That(_marketLocks["lo-m0"].Select(l => $"{string.Join(',', l.Changed)} | {string.Join(',', l.Readers)}"), Is.EqualTo(new[] { "lo-m0 | " }));
    });

    // What the scenario exercises: both platforms' dominance changed, so both units evaluated the deals.
    [Test]
    public void Should_find_both_platforms_dominant() =>
        Assert.That(
            _findings.Where(f => f.Status == FindingStatus.Active && f.MarketId is "lo-m0" or "lo-m1" && f.PlatformId is "lo-p" or "lo-q").Select(f => $"{f.PlatformId} {f.MarketId}").Distinct().Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { "lo-p lo-m1", "lo-q lo-m0" }));

    internal static AcquisitionAnnounced Deal(string id, string acquirer, string targetMarket) => new()
    {
        EventId = id,
        OccurredAt = DateTimeOffset.Parse("2025-12-01T00:00:00Z", CultureInfo.InvariantCulture),
        Source = "test",
        AcquirerId = acquirer,
        TargetId = $"{acquirer}-target",
        TargetMarketId = targetMarket,
        SignedAt = new DateOnly(2025, 12, 1),
        ControlAcquired = true,
        IntraGroup = false,
        Parties = [new AcquisitionParty { PartyId = acquirer, TurnoverCn = new Money { Amount = 500000000000m, Currency = "CNY" } }],
    };

    internal static MarketShareReported Share(string id, string market, string platform, decimal share, string occurredAt) =>
        StoreSuite.ShareEvent(id, market, platform, 2025, share, occurredAt);
}

/// <summary>
/// A unit evaluates an acquirer's deal (its dominance changed elsewhere) while another unit, holding
/// the deal's target market, changes that market's figures and waits until the first has committed.
/// The first reads the target market as committed, without waiting; the second then finds the deal
/// among those targeting its market and judges it again on the new figures (GEN-MERGER-HHI: a
/// concentration it raises only on them). The findings equal those of the same events processed one
/// after the other.
/// </summary>
[TestFixture]
[Category("Postgres")]
internal sealed class A_deal_judged_while_another_unit_changes_its_target_market
{
    private readonly List<string> _commits = [];
    private List<string> _concurrent = [];
    private List<string> _sequential = [];

    [OneTimeSetUp]
    public async Task BothUnits()
    {
        var database = TestDatabases.Postgres();
        var options = new StoreOptions { Provider = database.Provider, Connection = database.Connection, AuditKey = database.AuditKey, MaxRetryAttempts = 0 };
        IInboundEvent[] before =
        [
            Two_units_each_changing_the_market_the_other_ones_deal_targets.Deal("tm-deal", "tm-a", "tm-t") with { AcquirerShare = 0.1m, TargetShare = 0.1m },
            Two_units_each_changing_the_market_the_other_ones_deal_targets.Share("tm-t-1a", "tm-t", "tm-o1", 0.2m, "2026-01-01T00:00:00Z"),
            Two_units_each_changing_the_market_the_other_ones_deal_targets.Share("tm-t-2a", "tm-t", "tm-o2", 0.2m, "2026-01-01T00:00:00Z"),
            Two_units_each_changing_the_market_the_other_ones_deal_targets.Share("tm-m-a", "tm-m", "tm-a", 0.3m, "2026-01-01T00:00:00Z"),
            Two_units_each_changing_the_market_the_other_ones_deal_targets.Share("tm-m-o", "tm-m", "tm-o3", 0.35m, "2026-01-01T00:00:00Z"),
        ];
        MarketShareReported[] dominance = [Two_units_each_changing_the_market_the_other_ones_deal_targets.Share("tm-m-b", "tm-m", "tm-a", 0.6m, "2026-02-01T00:00:00Z")];
        MarketShareReported[] concentration =
        [
            Two_units_each_changing_the_market_the_other_ones_deal_targets.Share("tm-t-1b", "tm-t", "tm-o1", 0.4m, "2026-02-01T00:00:00Z"),
            Two_units_each_changing_the_market_the_other_ones_deal_targets.Share("tm-t-2b", "tm-t", "tm-o2", 0.3m, "2026-02-01T00:00:00Z"),
        ];

        var sequential = CaseStore.Create(TestDatabases.Sqlite());
        await sequential.MigrateAsync();
        var processor = Processor(sequential);
        await processor.ProcessAsync(before);
        await processor.ProcessAsync(dominance);
        await processor.ProcessAsync(concentration);
        _sequential = Content(await sequential.Findings.ListAsync());

        var store = CaseStore.Create(options);
        await store.MigrateAsync();
        await Processor(store).ProcessAsync(before);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readerCommitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var changer = Task.Run(async () =>
        {
            await PlanUnit.RunAsync(options, concentration, session => new HoldingFirstLocks(new StoreEvaluationState(session), [], () =>
            {
                holding.TrySetResult();
                return readerCommitted.Task;
            }));
            Committed("changer");
        });
        await holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var reader = Task.Run(async () =>
        {
            await PlanUnit.RunAsync(options, dominance, session => new StoreEvaluationState(session));
            Committed("reader");
            readerCommitted.TrySetResult();
        });
        await Task.WhenAll(changer, reader).WaitAsync(TimeSpan.FromSeconds(60));
        _concurrent = Content(await store.Findings.ListAsync());
        NpgsqlConnection.ClearAllPools();
    }

    [Test]
    public void Should_commit_the_reader_without_waiting_for_the_target_market() =>
        Assert.That(_commits, Is.EqualTo(new[] { "reader", "changer" }));

    [Test]
    public void Should_find_what_the_events_one_after_the_other_find() => Assert.Multiple(() =>
    {
        Assert.That(_sequential, Has.Some.StartsWith("GEN-MERGER-HHI tm-a tm-t"), "the concentration the new figures raise");
        Assert.That(_concurrent, Is.EqualTo(_sequential));
    });

    private static EventProcessor Processor(CaseStore store) =>
        new(store, new ActiveProfiles(Two_units_each_changing_the_market_the_other_ones_deal_targets.Shipped), TimeProvider.System, NullLogger<EventProcessor>.Instance);

    private static List<string> Content(IEnumerable<StoredFinding> findings) => [.. findings
        .Where(f => f.Status == FindingStatus.Active)
        .Select(f => $"{f.RuleId} {f.PlatformId} {f.MarketId} {f.PeriodStart} {f.Severity} {f.Measured}")
        .Order(StringComparer.Ordinal)];

    private void Committed(string unit)
    {
        lock (_commits)
        {
            _commits.Add(unit);
        }
    }
}

/// <summary>One unit of work of share events through the evaluation plan, with a state of the test's choosing.</summary>
internal static class PlanUnit
{
    private static readonly RuleEngine Engine = new(Two_units_each_changing_the_market_the_other_ones_deal_targets.Shipped);

    public static Task RunAsync(StoreOptions options, IReadOnlyList<MarketShareReported> shares, Func<StoreSession, IEvaluationState> state) =>
        CaseStore.Create(options).InTransactionAsync(async session =>
        {
            await session.Ingestion.RecordEventsAsync(shares, null);
            var dirty = new DirtySubjects();
            dirty.Markets.UnionWith(await session.Ingestion.UpsertSharesAsync(shares));
            await EvaluationPlan.RunAsync(Engine, state(session), dirty, new DateOnly(2026, 6, 1));
            return true;
        });
}

// The store's state, recording the market locks and holding the first ones until hold() ends
// (or three seconds have passed: it may be waiting for ours).
internal sealed class HoldingFirstLocks(IEvaluationState inner, List<(string[] Changed, string[] Readers)> marketLocks, Func<Task> hold) : IEvaluationState
{
    private bool _held;

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ShareFigure>>> LockMarketsAsync(IReadOnlyCollection<string> changed, IReadOnlyCollection<string> readers)
    {
        var shares = await inner.LockMarketsAsync(changed, readers);
        marketLocks.Add(([.. changed.Order(StringComparer.Ordinal)], [.. readers.Order(StringComparer.Ordinal)]));
        await Hold();
        return shares;
    }

    public async Task LockAsync(IReadOnlyCollection<string> exclusive, IReadOnlyCollection<string> readers)
    {
        await inner.LockAsync(exclusive, readers);
        await Hold();
    }

    public Task<IReadOnlyList<string>> AcquirersTargetingAsync(IReadOnlyList<string> marketIds) => inner.AcquirersTargetingAsync(marketIds);

    public Task<IReadOnlyDictionary<string, PlatformFacts>> FactsAsync(IReadOnlyCollection<string> platformIds) => inner.FactsAsync(platformIds);

    public Task<(IReadOnlyList<(string PlatformId, string MarketId, DateOnly Month)> Prices, IReadOnlyList<(string PlatformId, string MarketId, DateOnly Month)> Rankings)> WindowsAsync(IReadOnlyCollection<string> platformIds) =>
        inner.WindowsAsync(platformIds);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<T>>> PlatformEventsAsync<T>(IReadOnlyCollection<string> platformIds)
        where T : IInboundEvent => inner.PlatformEventsAsync<T>(platformIds);

    public Task<PriceWindow> PriceWindowAsync(string platformId, string marketId, DateOnly month) => inner.PriceWindowAsync(platformId, marketId, month);

    public IAsyncEnumerable<PriceCell> PriceCellsAsync(string platformId, string marketId, DateOnly month) => inner.PriceCellsAsync(platformId, marketId, month);

    public Task<RankingWindow> RankingWindowAsync(string platformId, string marketId, DateOnly month) => inner.RankingWindowAsync(platformId, marketId, month);

    public Task<IReadOnlyList<FindingKey>> ReplaceFindingsAsync(IReadOnlyList<SubjectFindings> subjects) => inner.ReplaceFindingsAsync(subjects);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<ShareFigure>>> MarketsAsync(IReadOnlyCollection<string> marketIds) => inner.MarketsAsync(marketIds);

    private async Task Hold()
    {
        if (!_held)
        {
            _held = true;
            await Task.WhenAny(hold(), Task.Delay(TimeSpan.FromSeconds(3)));
        }
    }
}
