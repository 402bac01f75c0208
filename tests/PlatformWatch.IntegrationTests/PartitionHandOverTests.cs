using System.Diagnostics;
using System.Globalization;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// Workers joining and leaving while a stream flows through the partitions: two workers split the
/// eight partitions, a third takes its share over, one stopped gracefully gives its share back at
/// once, one killed (SIGKILL) has its share taken over within 15 s; and every event is processed once,
/// with the findings of the stream evaluated in one go (the base class's tests).
/// </summary>
[TestFixture]
internal sealed class Workers_joining_and_leaving_while_events_flow : Streaming_a_load_through_RabbitMQ
{
    private Dictionary<string, string> _twoWorkers = [];
    private Dictionary<string, string> _threeWorkers = [];
    private Dictionary<string, string> _afterStopping = [];
    private TimeSpan? _takenOverAfterKill;
    private long _processedWhenTheThirdJoined;

    protected override int Markets => 600;

    protected override async Task StreamAsync()
    {
        var first = Run.StartWorker("worker-1", "--batch-size", "50");
        var second = Run.StartWorker("worker-2", "--batch-size", "50");
        await Run.WaitForConsumersAsync(2);
        _twoWorkers = await Run.LiveWorkersAsync();

        Replay = await Run.ReplayAsync(Load.File, "load");
        await WaitForProgressAsync(Load.EventIds.Count / 10);
        Run.StartWorker("worker-3", "--batch-size", "50");
        _processedWhenTheThirdJoined = await Run.ProcessedCountAsync();
        await Run.WaitForConsumersAsync(3);
        _threeWorkers = await Run.LiveWorkersAsync();

        await second.StopAsync();
        await Run.WaitForConsumersAsync(2);
        _afterStopping = await Run.LiveWorkersAsync();

        await first.KillAsync();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60) && _takenOverAfterKill is null)
        {
            var consumed = 0;
            foreach (var partition in BusRun.PartitionsOf())
            {
                consumed += (await Run.Broker.QueueAsync(partition)).Consumers > 0 ? 1 : 0;
            }

            _takenOverAfterKill = consumed == BusRun.Partitions ? watch.Elapsed : null;
            await Task.Delay(200);
        }

        await Run.WaitForConsumersAsync(1);
    }

    private static string Loads(Dictionary<string, string> workers) =>
        string.Join(" | ", workers.Values.Select(p => p.Length == 0 ? "-" : p).Order(StringComparer.Ordinal));

    private static int[] Counts(Dictionary<string, string> workers) =>
        [.. workers.Values.Select(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries).Length).Order()];

    protected override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"two workers own {Loads(_twoWorkers)}; the third joined after {_processedWhenTheThirdJoined} events: {Loads(_threeWorkers)}; one stopped: {Loads(_afterStopping)}; one killed: every partition consumed again after {_takenOverAfterKill?.TotalSeconds:F1} s");

    [Test]
    public void Should_split_the_partitions_between_two_workers() =>
        Assert.That(Counts(_twoWorkers), Is.EqualTo(new[] { 4, 4 }), Describe());

    [Test]
    public void Should_give_a_third_worker_its_share() =>
        Assert.That(Counts(_threeWorkers), Is.EqualTo(new[] { 2, 3, 3 }), Describe());

    [Test]
    public void Should_have_added_the_third_worker_with_work_still_to_do() =>
        Assert.That(_processedWhenTheThirdJoined, Is.LessThan(Load.EventIds.Count));

    [Test]
    public void Should_take_a_stopped_workers_partitions_back() =>
        Assert.That(Counts(_afterStopping), Is.EqualTo(new[] { 4, 4 }), Describe());

    [Test]
    public void Should_take_a_killed_workers_partitions_over_within_15_seconds() =>
        Assert.That(_takenOverAfterKill, Is.Not.Null.And.LessThan(TimeSpan.FromSeconds(15)), Describe());
}

/// <summary>
/// <c>platformwatch replay</c> sets each event's partition key as its routing key, so a stream of
/// many markets and platforms spreads over every partition (without keys it would all land in one).
/// </summary>
[TestFixture]
[Category("RabbitMq")]
internal sealed class Replaying_a_stream_onto_the_partitions
{
    private BusRun _run = null!;
    private uint[] _depths = [];
    private int _events;

    [OneTimeSetUp]
    public async Task ReplayWithNoWorkerConsuming()
    {
        _run = await BusRun.CreateAsync();
        var worker = _run.StartWorker("declares");
        await _run.WaitForConsumersAsync(1);
        await worker.StopAsync();
        var load = LoadStream.Write(_run.Folder, markets: 40);
        var replay = await _run.ReplayAsync(load.File, "load");
        _events = replay.Confirmed.Count;
        await Broker.WaitUntilAsync(async () => (await _run.PartitionQueuesAsync()).Messages == _events, TimeSpan.FromSeconds(30), "every event waits in a partition");
        _depths = [.. await Task.WhenAll(BusRun.PartitionsOf().Select(async q => (await _run.Broker.QueueAsync(q)).Messages))];
        await TestContext.Progress.WriteLineAsync($"{GetType().Name}: {_events} events in partitions of {string.Join(", ", _depths)}");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _run.DisposeAsync();

    [Test]
    public void Should_put_events_in_every_partition() => Assert.That(_depths, Has.All.GreaterThan(0), string.Join(", ", _depths));

    [Test]
    public void Should_put_no_partition_over_twice_its_share() =>
        Assert.That(_depths.Max(), Is.LessThan(2 * _events / BusRun.Partitions), string.Join(", ", _depths));
}
