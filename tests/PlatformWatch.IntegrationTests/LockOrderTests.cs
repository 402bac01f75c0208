using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Rules.Types;
using PlatformWatch.Store;
using PlatformWatch.Worker;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// Two workers' units of work on PostgreSQL, each changing one market: in each, a platform becomes
/// dominant whose deal targets the other's market, so each unit evaluates a deal whose target market
/// the other one changes. Each unit holds its first locks until the other has taken its own (or
/// three seconds have passed). A unit that locked its deals' target markets only after stage 1
/// would hold one market and wait for the other's, and PostgreSQL would end one as a deadlock victim;
/// the plan locks every market a unit may need in one statement, so the second simply waits.
/// Retries are off: a deadlock would reach the test.
/// </summary>
[TestFixture]
[Category("Postgres")]
internal sealed class Two_units_each_changing_the_market_the_other_ones_deal_targets
{
    private static readonly ProfileSet Shipped = ProfileDirectory.LoadOrThrow(ProfileDirectory.Default);
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

        var engine = new RuleEngine(Shipped);
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
                await CaseStore.Create(options).InTransactionAsync(async session =>
                {
                    await session.Ingestion.RecordEventsAsync([share], null);
                    var dirty = new DirtySubjects();
                    dirty.Markets.UnionWith(await session.Ingestion.UpsertSharesAsync([share]));
                    var state = new HoldingFirstLocks(new StoreEvaluationState(session), locks, first[index], first[1 - index].Task);
                    await EvaluationPlan.RunAsync(engine, state, dirty, new DateOnly(2026, 6, 1));
                    return true;
                });
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
    public void Should_lock_each_units_markets_once_its_deals_targets_shared() => Assert.Multiple(() =>
    {
        Assert.That(_marketLocks["lo-m1"].Select(l => $"{string.Join(',', l.Changed)} | {string.Join(',', l.Readers)}"), Is.EqualTo(new[] { "lo-m1 | lo-m0,lo-m1" }));
        Assert.That(_marketLocks["lo-m0"].Select(l => $"{string.Join(',', l.Changed)} | {string.Join(',', l.Readers)}"), Is.EqualTo(new[] { "lo-m0 | lo-m0,lo-m1" }));
    });

    // What the scenario exercises: both platforms' dominance changed, so both units evaluated the deals.
    [Test]
    public void Should_find_both_platforms_dominant() =>
        Assert.That(
            _findings.Where(f => f.Status == FindingStatus.Active && f.MarketId is "lo-m0" or "lo-m1" && f.PlatformId is "lo-p" or "lo-q").Select(f => $"{f.PlatformId} {f.MarketId}").Distinct().Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { "lo-p lo-m1", "lo-q lo-m0" }));

    private static AcquisitionAnnounced Deal(string id, string acquirer, string targetMarket) => new()
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

    private static MarketShareReported Share(string id, string market, string platform, decimal share, string occurredAt) =>
        StoreSuite.ShareEvent(id, market, platform, 2025, share, occurredAt);

    // The store's state, recording the market locks and holding the first ones until the other unit
    // has taken its own (or three seconds have passed: it may be waiting for ours).
    private sealed class HoldingFirstLocks(IEvaluationState inner, List<(string[] Changed, string[] Readers)> marketLocks, TaskCompletionSource locked, Task otherLocked) : IEvaluationState
    {
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

        public Task<IReadOnlyList<string>> DealTargetsNearAsync(IReadOnlyCollection<string> marketIds, IReadOnlyCollection<string> acquirerIds) => inner.DealTargetsNearAsync(marketIds, acquirerIds);

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

        private async Task Hold()
        {
            if (locked.TrySetResult())
            {
                await Task.WhenAny(otherLocked, Task.Delay(TimeSpan.FromSeconds(3)));
            }
        }
    }
}
