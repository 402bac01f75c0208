using System.Text.Json.Nodes;
using Npgsql;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// A stream of some three thousand events through RabbitMQ into PostgreSQL while something goes
/// wrong (each subclass says what). Afterwards every event the broker confirmed is processed exactly
/// once, nothing is parked, and the findings are those of the stream evaluated in one go; the
/// reconciliation is printed. A subscriber bound to FindingRaised, FindingUpdated and
/// FindingWithdrawn hears every committed change of every finding at least once, nothing that was
/// not committed, and, applying them in revision order, holds exactly the active findings.
/// </summary>
[Category("RabbitMq")]
internal abstract class Streaming_a_load_through_RabbitMQ
{
    protected BusRun Run { get; private set; } = null!;

    protected LoadStream Load { get; private set; } = null!;

    protected BusRun.Replay Replay { get; set; } = null!;

    protected Reconciliation Books { get; private set; } = null!;

    private const string Subscriber = "test-subscriber-announcements";
    private List<(string FindingId, int Revision, string Type)> _announced = [];

    [OneTimeSetUp]
    public async Task StreamTheLoad()
    {
        Run = await BusRun.CreateAsync();
        foreach (var contract in new[] { "FindingRaised", "FindingUpdated", "FindingWithdrawn" })
        {
            await Run.Broker.ObserveAsync("PlatformWatch.Contracts:" + contract, Subscriber);
        }

        Load = LoadStream.Write(Run.Folder, Markets);
        await StreamAsync();
        await Run.WaitForProcessedAsync(Replay.Confirmed, TimeSpan.FromSeconds(300));
        await Broker.WaitUntilAsync(async () => (await Run.PartitionQueuesAsync()).Messages == 0, TimeSpan.FromSeconds(60), "no message waits in the queue");
        Books = await Run.ReconcileAsync(Load.EventIds, Replay.Confirmed);
        var store = CaseStore.Create(Run.Database);
        await Broker.WaitUntilAsync(async () => (await store.Outbox.GetBacklogAsync()).Pending == 0, TimeSpan.FromSeconds(120), "the outbox is relayed");
        _announced = (await Run.Broker.DrainAsync(Subscriber)).Select(m =>
        {
            var envelope = JsonNode.Parse(m.Body)!;
            var message = envelope["message"]!;
            var type = envelope["messageType"]![0]!.GetValue<string>().Split(':')[^1];
            return (message["findingId"]!.GetValue<string>(), message["revision"]!.GetValue<int>(), type);
        }).ToList();
        await TestContext.Progress.WriteLineAsync($"{GetType().Name}: {Describe()}; {_announced.Count} finding announcements heard");
    }

    /// <summary>How many markets the stream covers (about twenty events each).</summary>
    protected virtual int Markets => 150;

    /// <summary>Starts the workers, replays <see cref="Load"/> into <see cref="Replay"/>, and does the damage.</summary>
    protected abstract Task StreamAsync();

    /// <summary>What happened, for the test output.</summary>
    protected abstract string Describe();

    /// <summary>
    /// One worker, the whole stream replayed onto its queue, and the worker under way: returns the
    /// worker and how many events it had committed at that moment (a batch or two; the rest waits).
    /// </summary>
    protected async Task<(WorkerProcess Worker, long Processed)> ReplayOntoOneBusyWorkerAsync()
    {
        var worker = Run.StartWorker("first");
        await Run.WaitForConsumersAsync(1);
        Replay = await Run.ReplayAsync(Load.File, "load");
        await WaitForProgressAsync(1);
        return (worker, await Run.ProcessedCountAsync());
    }

    /// <summary>Waits until the workers have committed some of the stream.</summary>
    protected Task WaitForProgressAsync(long events) => Broker.WaitUntilAsync(
        async () => await Run.ProcessedCountAsync() >= events, TimeSpan.FromSeconds(120), $"{events} events are processed");

    [OneTimeTearDown]
    public async Task Stop() => await Run.DisposeAsync();

    [Test]
    public void Should_process_every_confirmed_event_once() => Assert.Multiple(() =>
    {
        Assert.That(Replay.Confirmed, Has.Count.EqualTo(Load.EventIds.Count), Replay.Result.Errors);
        Assert.That(Books.Missing, Is.Zero, "confirmed but not processed");
        Assert.That(Books.Unexpected, Is.Zero, "processed but never published");
        Assert.That(Books.Processed, Is.EqualTo(Load.EventIds.Count));
        Assert.That(Books.Parked, Is.Zero);
        Assert.That(Books.DuplicateFindings, Is.Zero);
    });

    [Test]
    public async Task Should_give_the_findings_of_the_stream_evaluated_in_one_go() =>
        Assert.That(LoadStream.Content(await Run.FindingsAsync()), Is.EqualTo(await Load.BaselineAsync()));

    [Test]
    public async Task Should_announce_every_committed_change_of_a_finding_and_nothing_else()
    {
        var findings = await CaseStore.Create(Run.Database).Findings.ListAsync(includeWithdrawn: true);
        var committed = findings.SelectMany(f => Enumerable.Range(1, f.Revision).Select(r => $"{f.FindingId} {r}")).Order(StringComparer.Ordinal);
        Assert.That(_announced.Select(a => $"{a.FindingId} {a.Revision}").Distinct().Order(StringComparer.Ordinal), Is.EqualTo(committed));
    }

    [Test]
    public async Task Should_leave_a_subscriber_applying_the_announcements_with_the_active_findings()
    {
        var held = _announced.GroupBy(a => a.FindingId, StringComparer.Ordinal).Select(g => g.MaxBy(a => a.Revision)).Where(a => a.Type != "FindingWithdrawn").Select(a => a.FindingId);
        var active = (await Run.FindingsAsync()).Where(f => f.IsActive).Select(f => f.FindingId);
        Assert.That(held.Order(StringComparer.Ordinal), Is.EqualTo(active.Order(StringComparer.Ordinal)));
    }
}

/// <summary>
/// Chaos: three workers on PostgreSQL, one of them killed with SIGKILL five times at moments drawn
/// at random in the first third of a replayed stream (and replaced), then the broker stopped and
/// started while the backlog waits.
/// </summary>
[TestFixture]
internal sealed class Killing_workers_five_times_and_restarting_the_broker : Streaming_a_load_through_RabbitMQ
{
    private readonly List<long> _killedAt = [];

    // A longer stream, so that five kills and a broker restart all fall while work remains.
    protected override int Markets => 600;

    protected override async Task StreamAsync()
    {
        var workers = Enumerable.Range(1, 3).Select(i => Run.StartWorker($"worker-{i}", "--batch-size", "50")).ToList();
        await Run.WaitForConsumersAsync(3);
        var replay = Run.ReplayAsync(Load.File, "load");
        var random = new Random(20261204);
        var total = Load.EventIds.Count;
        for (var kill = 1; kill <= 5; kill++)
        {
            // Somewhere in the next twentieth of the stream (or at once, when the workers are ahead).
            await WaitForProgressAsync((long)(total * ((0.05 * kill) + (0.05 * random.NextDouble()))));
            var victim = random.Next(workers.Count);
            await workers[victim].KillAsync();
            _killedAt.Add(await Run.ProcessedCountAsync());
            workers[victim] = Run.StartWorker($"worker-{victim + 1}-after-kill-{kill}", "--batch-size", "50");
        }

        Replay = await replay;
        _restartedAt = await Run.ProcessedCountAsync();
        await Broker.RestartAsync(TimeSpan.FromSeconds(2));
    }

    private long _restartedAt;

    protected override string Describe() => $"killed at {string.Join(", ", _killedAt)} of {Load.EventIds.Count} events; broker restarted at {_restartedAt}";

    [Test]
    public void Should_have_killed_five_times_with_work_still_to_do() => Assert.Multiple(() =>
    {
        Assert.That(_killedAt, Has.Count.EqualTo(5));
        Assert.That(_killedAt, Has.All.LessThan(Load.EventIds.Count));
        Assert.That(_restartedAt, Is.LessThan(Load.EventIds.Count), "the broker restarted with work still to do");
    });
}

/// <summary>The worker killed with SIGKILL in the middle of the stream, and another started.</summary>
[TestFixture]
internal sealed class Killing_the_worker_in_the_middle_of_a_stream : Streaming_a_load_through_RabbitMQ
{
    private long _processedWhenKilled;

    protected override async Task StreamAsync()
    {
        var first = Run.StartWorker("first");
        await Run.WaitForConsumersAsync(1);
        var replay = Run.ReplayAsync(Load.File, "load");
        await WaitForProgressAsync(Load.EventIds.Count / 5);
        await first.KillAsync();
        _processedWhenKilled = await Run.ProcessedCountAsync();
        Replay = await replay;
        Run.StartWorker("second");
    }

    protected override string Describe() => $"killed after {_processedWhenKilled} of {Load.EventIds.Count} events";

    [Test]
    public void Should_have_killed_it_with_work_still_to_do() =>
        Assert.That(_processedWhenKilled, Is.LessThan(Load.EventIds.Count));
}

/// <summary>
/// The broker stopped and started again while the worker works through a backlog: the worker
/// reconnects, and nothing the broker confirmed is lost (the quorum queue keeps it on disk).
/// </summary>
[TestFixture]
internal sealed class Restarting_the_broker_under_load : Streaming_a_load_through_RabbitMQ
{
    private long _processedAtRestart;

    protected override async Task StreamAsync()
    {
        (_, _processedAtRestart) = await ReplayOntoOneBusyWorkerAsync();
        await Broker.RestartAsync(TimeSpan.FromSeconds(3));
    }

    protected override string Describe() => $"broker restarted after {_processedAtRestart} of {Load.EventIds.Count} events";

    [Test]
    public void Should_have_restarted_it_with_work_still_to_do() =>
        Assert.That(_processedAtRestart, Is.LessThan(Load.EventIds.Count));
}

/// <summary>
/// The case database gone for 30 seconds while a backlog waits: messages wait (the batches in
/// flight retry, nothing is parked), and the backlog drains when the database is back.
/// </summary>
[TestFixture]
internal sealed class Losing_the_database_for_30_seconds : Streaming_a_load_through_RabbitMQ
{
    private long _processedAtOutage;
    private long _parkedDuringOutage;
    private bool _workerAliveAfterOutage;

    protected override async Task StreamAsync()
    {
        (var worker, _processedAtOutage) = await ReplayOntoOneBusyWorkerAsync();
        await Broker.ScriptAsync("PLATFORMWATCH_POSTGRES_SCRIPT", ["pause"]);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30));
            foreach (var queue in BusRun.ParkingQueues)
            {
                _parkedDuringOutage += (await Run.Broker.QueueAsync(queue)).Messages;
            }

            _workerAliveAfterOutage = !worker.HasExited;
        }
        finally
        {
            await Broker.ScriptAsync("PLATFORMWATCH_POSTGRES_SCRIPT", ["resume"]);
            NpgsqlConnection.ClearAllPools();
        }
    }

    protected override string Describe() =>
        $"database stopped after {_processedAtOutage} of {Load.EventIds.Count} events; parked during the outage: {_parkedDuringOutage}";

    [Test]
    public void Should_have_stopped_it_with_work_still_to_do() =>
        Assert.That(_processedAtOutage, Is.LessThan(Load.EventIds.Count));

    [Test]
    public void Should_park_nothing_while_the_database_is_away() => Assert.Multiple(() =>
    {
        Assert.That(_parkedDuringOutage, Is.Zero);
        Assert.That(_workerAliveAfterOutage, Is.True);
    });
}

/// <summary>Three worker processes sharing the partitions give the findings one gives.</summary>
[TestFixture]
internal sealed class Three_workers_on_one_queue : Streaming_a_load_through_RabbitMQ
{
    private int _owners;
    private uint _consumers;

    protected override async Task StreamAsync()
    {
        for (var i = 1; i <= 3; i++)
        {
            Run.StartWorker($"worker-{i}", "--batch-size", "50");
        }

        await Run.WaitForConsumersAsync(3);
        _owners = (await Run.LiveWorkersAsync()).Values.Count(owned => owned.Length > 0);
        _consumers = (await Run.PartitionQueuesAsync()).Consumers;
        Replay = await Run.ReplayAsync(Load.File, "load");
    }

    protected override string Describe() => $"{_owners} workers own partitions, {_consumers} consumers on {BusRun.Partitions} partitions";

    [Test]
    public void Should_have_shared_the_partitions_between_three_workers() => Assert.Multiple(() =>
    {
        Assert.That(_owners, Is.EqualTo(3));
        Assert.That(_consumers, Is.EqualTo(BusRun.Partitions), "one consumer on each partition");
    });
}

/// <summary>
/// SIGTERM in the middle of a backlog, as a deployment stops a worker: it exits cleanly, batches in
/// flight either commit or go back to the queue, and the next worker takes up the rest.
/// </summary>
[TestFixture]
internal sealed class Stopping_the_worker_gracefully : Streaming_a_load_through_RabbitMQ
{
    private int _exitCode = -1;
    private TimeSpan _stopTook;
    private long _processedAtStop;
    private long _waitingAfterStop;

    protected override async Task StreamAsync()
    {
        var (first, _) = await ReplayOntoOneBusyWorkerAsync();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await first.StopAsync();
        _stopTook = watch.Elapsed;
        _exitCode = first.ExitCode;
        _processedAtStop = await Run.ProcessedCountAsync();

        // What the worker held unacknowledged is back in the queue once the broker has seen its connection close.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            await Task.Delay(100);
            _waitingAfterStop = (await Run.PartitionQueuesAsync()).Messages;
        }
        while (_processedAtStop + _waitingAfterStop < Load.EventIds.Count && DateTime.UtcNow < deadline);

        Run.StartWorker("second");
    }

    protected override string Describe() =>
        $"stopped in {_stopTook.TotalSeconds:F1} s after {_processedAtStop} of {Load.EventIds.Count} events, {_waitingAfterStop} back in the queue";

    [Test]
    public void Should_exit_cleanly_within_the_stop_timeout() => Assert.Multiple(() =>
    {
        Assert.That(_exitCode, Is.Zero);
        Assert.That(_stopTook, Is.LessThan(TimeSpan.FromSeconds(45)));
    });

    [Test]
    public void Should_leave_what_it_did_not_commit_in_the_queue() => Assert.Multiple(() =>
    {
        Assert.That(_processedAtStop, Is.LessThan(Load.EventIds.Count), "stopped with work still to do");
        Assert.That(_processedAtStop + _waitingAfterStop, Is.GreaterThanOrEqualTo(Load.EventIds.Count), "every event either processed or waiting");
    });
}
