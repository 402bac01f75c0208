using System.Globalization;
using Npgsql;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// One bus test's world: a virtual host of its own on the test broker, a fresh PostgreSQL case
/// database, real worker processes and the real <c>replay</c> command; and the reconciliation of
/// what was published against what the database processed.
/// </summary>
internal sealed class BusRun : IAsyncDisposable
{
    public const string Queue = "platformwatch-events";

    private readonly List<WorkerProcess> _workers = [];
    private readonly System.Diagnostics.Stopwatch _age = System.Diagnostics.Stopwatch.StartNew();

    private BusRun(Broker broker, StoreOptions database, string folder)
    {
        Broker = broker;
        Database = database;
        Folder = folder;
    }

    public Broker Broker { get; }

    public StoreOptions Database { get; }

    // The test's own queries open a fresh connection each time: a database outage must not leave
    // a dead pooled connection behind for the next query.
    private string Unpooled => new NpgsqlConnectionStringBuilder(Database.Connection) { Pooling = false }.ToString();

    public string Folder { get; }

    /// <summary>The queues where messages are parked: MassTransit's error and skipped queues, RabbitMQ's dead letters.</summary>
    public static readonly string[] ParkingQueues = [Queue + "_error", Queue + "_skipped", Queue + "_dead"];

    public static async Task<BusRun> CreateAsync()
    {
        var broker = await Broker.CreateVirtualHostAsync();
        var database = TestDatabases.Postgres();
        await CaseStore.Create(database).MigrateAsync();
        return new BusRun(broker, database, Cli.TempFolder());
    }

    /// <summary>Starts a worker process; <see cref="WaitForConsumersAsync"/> tells when it listens.</summary>
    public WorkerProcess StartWorker(string name, params string[] extra)
    {
        var worker = WorkerProcess.Start(Broker, Database.Connection, name, extra);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Adds a worker started some other way, so the run stops it at the end.</summary>
    public WorkerProcess Adopt(WorkerProcess worker)
    {
        _workers.Add(worker);
        return worker;
    }

    /// <summary>The partition queues of the events queue <paramref name="queue"/> (Bus:Partitions is 8 by default).</summary>
    public static IReadOnlyList<string> PartitionsOf(string queue = Queue, int partitions = Partitions) =>
        [.. Enumerable.Range(0, partitions).Select(p => $"{queue}-{p}")];

    /// <summary>The workers' default number of partitions.</summary>
    public const int Partitions = 8;

    /// <summary>
    /// Waits until <paramref name="count"/> workers are live and settled: the <c>workers</c> table lists
    /// them with the partitions rendezvous hashing gives each (every partition once), and every partition
    /// queue has exactly one consumer.
    /// </summary>
    public Task WaitForConsumersAsync(int count, string queue = Queue) => Broker.WaitUntilAsync(
        async () => await SettledAsync(count, queue), TimeSpan.FromSeconds(90), $"{count} workers share the partitions of {queue}");

    private async Task<bool> SettledAsync(int count, string queue)
    {
        var workers = await LiveWorkersAsync();
        if (workers.Count != count)
        {
            return false;
        }

        var expected = workers.Keys.ToDictionary(w => w, w => string.Join(",", Hosting.PartitionAssignment.Owned(w, workers.Keys, Partitions)), StringComparer.Ordinal);
        if (workers.Any(w => w.Value != expected[w.Key]))
        {
            return false;
        }

        foreach (var partition in PartitionsOf(queue))
        {
            if ((await Broker.QueueAsync(partition)).Consumers != 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The live workers of the case database's <c>workers</c> table, each with the partitions it last said it owns.</summary>
    public async Task<Dictionary<string, string>> LiveWorkersAsync()
    {
        await using var connection = new NpgsqlConnection(Unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT worker_id, partitions FROM workers WHERE heartbeat_ms >= CAST(extract(epoch FROM clock_timestamp()) * 1000 AS bigint) - 10000", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var workers = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            workers[reader.GetString(0)] = reader.GetString(1);
        }

        return workers;
    }

    /// <summary>Messages ready in all partition queues, and their consumers.</summary>
    public async Task<(uint Messages, uint Consumers)> PartitionQueuesAsync(string queue = Queue)
    {
        var (messages, consumers) = (0u, 0u);
        foreach (var partition in PartitionsOf(queue))
        {
            var (m, c) = await Broker.QueueAsync(partition);
            (messages, consumers) = (messages + m, consumers + c);
        }

        return (messages, consumers);
    }

    /// <summary>Runs <c>platformwatch replay FILE --rabbitmq URI --confirmed LOG</c>.</summary>
    public async Task<Replay> ReplayAsync(string file, string name)
    {
        var confirmed = Path.Combine(Folder, name + ".confirmed");
        var result = await Cli.RunAsync(Folder, "replay", file, "--rabbitmq", Broker.Uri.ToString(), "--confirmed", confirmed);
        var ids = File.Exists(confirmed) ? await File.ReadAllLinesAsync(confirmed) : [];
        return new Replay(result, ids);
    }

    public sealed record Replay(Cli.Result Result, IReadOnlyList<string> Confirmed);

    /// <summary>The event ids the case database has processed (its inbox).</summary>
    public async Task<IReadOnlyList<string>> ProcessedAsync()
    {
        await using var connection = new NpgsqlConnection(Unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT event_id FROM events", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<long> ProcessedCountAsync()
    {
        await using var connection = new NpgsqlConnection(Unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM events", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until every one of <paramref name="eventIds"/> is in the inbox.</summary>
    public Task WaitForProcessedAsync(IReadOnlyCollection<string> eventIds, TimeSpan timeout) => Broker.WaitUntilAsync(
        async () =>
        {
            var processed = (await ProcessedAsync()).ToHashSet(StringComparer.Ordinal);
            return eventIds.All(processed.Contains);
        },
        timeout,
        $"all {eventIds.Count} events are processed");

    public async Task<IReadOnlyList<StoredFinding>> FindingsAsync() => await CaseStore.Create(Database).Findings.ListAsync();

    /// <summary>
    /// Published against confirmed against processed; what is parked; findings that exist twice.
    /// Printed to the test output, so every run shows its own books.
    /// </summary>
    public async Task<Reconciliation> ReconcileAsync(IReadOnlyCollection<string> published, IReadOnlyCollection<string> confirmed)
    {
        var processed = await ProcessedAsync();
        var processedSet = processed.ToHashSet(StringComparer.Ordinal);
        var publishedSet = published.ToHashSet(StringComparer.Ordinal);
        var parked = 0L;
        foreach (var queue in ParkingQueues)
        {
            parked += (await Broker.QueueAsync(queue)).Messages;
        }

        var findings = await FindingsAsync();
        var duplicateFindings = findings.Count - findings.Select(f => (f.RuleId, f.PlatformId, f.MarketId, f.PeriodStart, f.PeriodEnd)).Distinct().Count();
        var reconciliation = new Reconciliation(
            Published: publishedSet.Count,
            Confirmed: confirmed.Distinct(StringComparer.Ordinal).Count(),
            Processed: processedSet.Count,
            Missing: confirmed.Distinct(StringComparer.Ordinal).Count(id => !processedSet.Contains(id)),
            Unexpected: processedSet.Count(id => !publishedSet.Contains(id)),
            Parked: parked,
            Findings: findings.Count,
            DuplicateFindings: duplicateFindings);
        await TestContext.Progress.WriteLineAsync($"{TestContext.CurrentContext.Test.ClassName}: {reconciliation} ({_age.Elapsed.TotalSeconds:F0} s)");
        return reconciliation;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
    }
}

/// <summary>The books of one bus run.</summary>
internal sealed record Reconciliation(int Published, int Confirmed, int Processed, int Missing, int Unexpected, long Parked, int Findings, int DuplicateFindings)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"reconciliation: published {Published}, confirmed {Confirmed}, processed {Processed}, missing {Missing}, unexpected {Unexpected}, parked {Parked}, findings {Findings}, duplicate findings {DuplicateFindings}");
}
