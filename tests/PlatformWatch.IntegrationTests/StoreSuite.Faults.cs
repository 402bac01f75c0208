using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using ActiveProfiles = PlatformWatch.Application.ActiveProfiles;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Hosting;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Rules.Types;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

// Transient faults, concurrent writers and volume, on every engine.
public abstract partial class StoreSuite
{
    private static readonly ProfileSet Shipped = ProfileDirectory.LoadOrThrow(ProfileDirectory.Default);

    private static async Task<List<IInboundEvent>> ScenarioEventsAsync(params string[] names)
    {
        var events = new List<IInboundEvent>();
        foreach (var name in names)
        {
            await using var stream = File.OpenRead(Scenario.Path(name + ".jsonl"));
            await foreach (var line in JsonlReader.ReadAsync(stream))
            {
                if (line.Parsed.IsValid)
                {
                    events.Add(line.Parsed.Event!);
                }
            }
        }

        return events;
    }

    private static EventProcessor Processor(CaseStore store) => new(store, new ActiveProfiles(Shipped), TimeProvider.System, NullLogger<EventProcessor>.Instance);

    /// <summary>Lets the first successful attempt commit, then fails it as a timeout would: the commit happened, the reply was lost.</summary>
    private sealed class TimeoutAfterCommit : ResilienceStrategy
    {
        public int Injected { get; private set; }

        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
        {
            var outcome = await callback(context, state);
            if (outcome.Exception is null && Injected == 0)
            {
                Injected++;
                return Outcome.FromException<TResult>(new TimeoutException("the command timed out after the commit"));
            }

            return outcome;
        }
    }

    private sealed class FaultOptions : ResilienceStrategyOptions;

    [Test]
    public async Task A_retry_after_a_commit_that_happened_changes_nothing()
    {
        var fault = new TimeoutAfterCommit();
        var options = new StoreOptions { Provider = Options.Provider, Connection = Options.Connection, AuditKey = Options.AuditKey, RetryDelay = TimeSpan.FromMilliseconds(10) };
        var store = CaseStore.Create(options, inner: b => b.AddStrategy(_ => fault, new FaultOptions()));
        var events = await ScenarioEventsAsync("market-structure");
        var result = await Processor(store).ProcessAsync(events);
        var findings = await store.Findings.ListAsync(includeWithdrawn: true);
        var (found, _, _) = await store.Cases.VerifyAuditAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(fault.Injected, Is.EqualTo(1));
            Assert.That(store.Retries, Is.EqualTo(1));
            Assert.That(result.Accepted, Is.Zero, "the retried attempt found every event in the inbox");
            Assert.That(result.Duplicates, Is.EqualTo(events.Count));
            Assert.That((await store.Ingestion.CountAsync()).Processed, Is.EqualTo(events.Count));
            Assert.That(Scenario.Keys(findings), Is.EqualTo(Scenario.ExpectedFindings("market-structure")), "no finding twice");
            Assert.That(findings.All(f => f.Revision == 1), Is.True, "no finding written twice");
            Assert.That(found, Is.Null);
        });
    }

    [Test]
    public async Task A_fault_that_is_not_transient_is_not_retried()
    {
        var store = CaseStore.Create(Options);
        Assert.ThrowsAsync<InvalidOperationException>(() => store.InTransactionAsync<int>(_ => throw new InvalidOperationException("a bug")));
        Assert.That(store.Retries, Is.Zero);
    }

    /// <summary>
    /// Several workers deliver overlapping, shuffled parts of the same events at once; afterwards
    /// the findings and the market pictures are those of one worker taking them in order.
    /// </summary>
    [Test]
    public async Task Parallel_writers_delivering_overlapping_events_lose_nothing_and_duplicate_nothing()
    {
        var events = new List<IInboundEvent>();
        for (var m = 0; m < 4; m++)
        {
            for (var p = 0; p < 5; p++)
            {
                for (var year = 2024; year <= 2025; year++)
                {
                    // Each share is reported twice; the later report (by occurredAt) must win.
                    var share = 0.05m * (p + 1) + (0.01m * m) + (year == 2025 ? 0.02m * p : 0);
                    events.Add(ShareEvent($"m{m}-p{p}-{year}-a", $"cn-par-{m}", $"plat-{p}", year, share - 0.03m, "2026-01-01T00:00:00Z"));
                    events.Add(ShareEvent($"m{m}-p{p}-{year}-b", $"cn-par-{m}", $"plat-{p}", year, share, "2026-02-01T00:00:00Z"));
                }
            }
        }

        var sequentialStore = CaseStore.Create(TestDatabases.Sqlite());
        await sequentialStore.MigrateAsync();
        await Processor(sequentialStore).ProcessAsync(events);

        var parallelStore = CaseStore.Create(Options);
        var processor = Processor(parallelStore);
        var workers = Enumerable.Range(0, 6).Select(w =>
        {
            // Every event goes to two workers, each in its own shuffled order, ten per batch.
            var mine = events.Where((_, i) => i % 3 == w % 3).ToList();
            new Random(w).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(mine));
            return Task.Run(async () =>
            {
                foreach (var batch in mine.Chunk(10))
                {
                    await processor.ProcessAsync(batch);
                }
            });
        });
        await Task.WhenAll(workers);

        static List<string> Content(IEnumerable<StoredFinding> findings) => findings
            .Select(f => $"{f.FindingId} {f.RuleId} {f.PlatformId} {f.MarketId} {f.PeriodStart} {f.Severity} {f.Status} {f.Measured} {f.Evidence} {f.CaseId}")
            .Order(StringComparer.Ordinal).ToList();

        var expected = await sequentialStore.Findings.ListAsync(includeWithdrawn: false);
        var actual = await parallelStore.Findings.ListAsync(includeWithdrawn: false);
        var pictures = new List<string>();
        for (var m = 0; m < 4; m++)
        {
            var shares = await parallelStore.InTransactionAsync(s => s.Ingestion.LoadMarketSharesAsync($"cn-par-{m}"));
            pictures.AddRange(shares.Select(s => s.EventId));
        }

        Assert.Multiple(async () =>
        {
            Assert.That((await parallelStore.Ingestion.CountAsync()).Processed, Is.EqualTo(events.Count), "every event processed once");
            Assert.That(actual.Select(f => f.FindingId), Is.Unique);
            Assert.That(Content(actual), Is.EqualTo(Content(expected)));
            Assert.That(pictures.Order(StringComparer.Ordinal), Is.EqualTo(events.Select(e => e.EventId).Where(id => id.EndsWith("-b", StringComparison.Ordinal)).Order(StringComparer.Ordinal)), "every market picture holds the latest share of every platform");
            Assert.That((await parallelStore.Cases.VerifyAuditAsync()).Break, Is.Null);
        });
    }

    internal static MarketShareReported ShareEvent(string id, string market, string platform, int year, decimal share, string occurredAt) => new()
    {
        EventId = id,
        OccurredAt = DateTimeOffset.Parse(occurredAt, CultureInfo.InvariantCulture),
        Source = "test",
        MarketId = market,
        Jurisdiction = "CN",
        PeriodStart = new DateOnly(year, 1, 1),
        PeriodEnd = new DateOnly(year, 12, 31),
        PlatformId = platform,
        Metric = ShareMetric.Gmv,
        Share = share,
    };

    /// <summary>
    /// One million stored price cells (one quote each) in one window are evaluated by streaming
    /// them, never loading the table: the live heap stays small while they pass.
    /// </summary>
    [Test]
    [Category("Volume")]
    public async Task A_million_price_quotes_are_evaluated_with_bounded_memory()
    {
        if (Provider == StoreProvider.SqlServer)
        {
            Assert.Ignore("the volume test runs on SQLite and PostgreSQL");
        }

        await RawAsync(Provider == StoreProvider.Sqlite
            ? """
              WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999999)
              INSERT INTO price_cells (platform_id, market_id, month, product_id, bucket, cohort, justification, currency, jurisdiction, min_price, min_event_id, max_price, max_event_id, quotes)
              SELECT 'vol', 'cn-volume', '2025-03-01', printf('sku-%04d', i / 1000), printf('b-%03d', (i % 1000) / 2), 'c' || (i % 2), '', 'CNY', 'CN',
                     CASE WHEN i % 2 = 0 THEN '100' ELSE '10' || (i % 7) END, 'q' || i, CASE WHEN i % 2 = 0 THEN '100' ELSE '10' || (i % 7) END, 'q' || i, 1
              FROM n
              """
            : """
              INSERT INTO price_cells (platform_id, market_id, month, product_id, bucket, cohort, justification, currency, jurisdiction, min_price, min_event_id, max_price, max_event_id, quotes)
              SELECT 'vol', 'cn-volume', DATE '2025-03-01', 'sku-' || lpad((i / 1000)::text, 4, '0'), 'b-' || lpad(((i % 1000) / 2)::text, 3, '0'), 'c' || (i % 2), '', 'CNY', 'CN',
                     CASE WHEN i % 2 = 0 THEN 100 ELSE 100 + (i % 7) END, 'q' || i, CASE WHEN i % 2 = 0 THEN 100 ELSE 100 + (i % 7) END, 'q' || i, 1
              FROM generate_series(0, 999999) AS i
              """);

        var engine = new RuleEngine(Shipped);
        var month = new DateOnly(2025, 3, 1);
        var window = new PriceWindow("vol", "cn-volume", DateRange.MonthOf(month), ["CN"]);
        var meter = new HeapMeter();
        var result = await Store.InTransactionAsync(s => engine.PricesAsync(window, meter.Watch(s.Ingestion.StreamPriceCellsAsync("vol", "cn-volume", month)), PlatformFacts.None("vol")));
        var finding = result.Findings.Single();
        var products = System.Text.Json.Nodes.JsonNode.Parse(finding.MeasuredJson)!["products"]!.AsObject();
        TestContext.Out.WriteLine($"{meter.Cells} cells streamed; live heap grew by at most {meter.PeakGrowth / 1_000_000.0:F1} MB");
        Assert.Multiple(() =>
        {
            Assert.That(meter.Cells, Is.EqualTo(1_000_000));
            Assert.That(products, Has.Count.EqualTo(1000), "every product has buckets with a spread of 5% or 6%");
            Assert.That(meter.PeakGrowth, Is.LessThan(64_000_000), "a table loaded whole would hold hundreds of MB");
        });
    }

    /// <summary>
    /// Evidence and the fact it depends on, committed by two workers at the same moment: the
    /// rankings of a platform and the decision designating it a gatekeeper. Each worker alone sees
    /// only its own half; the platform-facts lock makes the second one wait for the first and see
    /// it. Rounds with fresh platforms give the race many chances; every round must end with the
    /// self-preferencing finding that processing the same events one after the other gives.
    /// </summary>
    [Test]
    public async Task Evidence_and_the_fact_it_depends_on_committed_at_once_still_give_the_finding()
    {
        const int Rounds = 12;
        var lines = File.ReadAllLines(Scenario.Path("dma-gatekeeper.jsonl"));
        var designation = lines.Single(l => l.Contains("\"eventId\":\"dg-001\"", StringComparison.Ordinal));
        var rankings = lines.Where(l => l.Contains("\"type\":\"RankingObserved\"", StringComparison.Ordinal) && l.Contains("\"occurredAt\":\"2024-09-", StringComparison.Ordinal)).ToList();
        IInboundEvent Renamed(string line, int round) => EventParser.Parse(System.Text.Encoding.UTF8.GetBytes(line
            .Replace("bazaarly", $"bazaarly{round}", StringComparison.Ordinal)
            .Replace("\"eventId\":\"dg-", $"\"eventId\":\"r{round}-dg-", StringComparison.Ordinal))).Event!;

        var store = CaseStore.Create(Options);
        for (var round = 0; round < Rounds; round++)
        {
            var pages = rankings.Select(l => Renamed(l, round)).ToList();
            var decision = Renamed(designation, round);
            if (round == 0)
            {
                // The control: one after the other.
                await Processor(store).ProcessAsync(pages);
                await Processor(store).ProcessAsync([decision]);
                continue;
            }

            using var start = new Barrier(2);
            await Task.WhenAll(
                Task.Run(() => { start.SignalAndWait(); return Processor(store).ProcessAsync(pages); }),
                Task.Run(() => { start.SignalAndWait(); return Processor(store).ProcessAsync([decision]); }));
        }

        var flagged = (await store.Findings.ListAsync())
            .Where(f => f.RuleId == "DMA-6-5-SELFPREF" && f.PeriodStart == new DateOnly(2024, 9, 1))
            .Select(f => f.PlatformId)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.That(flagged, Is.EquivalentTo(Enumerable.Range(0, Rounds).Select(r => $"bazaarly{r}")));
    }

    /// <summary>Counts cells as they pass and samples the live heap (after a full collection) every 100 000.</summary>
    private sealed class HeapMeter
    {
        public long Cells { get; private set; }
        public long PeakGrowth { get; private set; }

        public async IAsyncEnumerable<PriceCell> Watch(IAsyncEnumerable<PriceCell> cells)
        {
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            await foreach (var cell in cells)
            {
                if (++Cells % 100_000 == 0)
                {
                    PeakGrowth = Math.Max(PeakGrowth, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                }

                yield return cell;
            }
        }
    }
}
