using System.Diagnostics;
using System.Globalization;
using System.Net;
using Npgsql;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// The broker restarted three times, the first while two workers work through a backlog: after each
/// restart both consume again within 15 s of the broker's return (from <c>rabbitmqctl await_startup</c>
/// returning to the queue showing both consumers), and the backlog is processed once. Before,
/// MassTransit's waits between reconnection attempts grew with every outage a process had seen, to
/// 30 s ± 25 % (a chaos run measured 22 to 36 s; here the second or third restart took over 15 s).
/// </summary>
[TestFixture]
internal sealed class Restarting_the_broker_three_times_under_a_backlog : Streaming_a_load_through_RabbitMQ
{
    private const int Restarts = 3;
    private readonly List<TimeSpan?> _consumingAgainAfter = [];
    private readonly List<uint> _waitingAtRestart = [];

    // A longer stream, so that the restarts fall while work remains.
    protected override int Markets => 900;

    protected override async Task StreamAsync()
    {
        Run.StartWorker("worker-1", "--batch-size", "50");
        Run.StartWorker("worker-2", "--batch-size", "50");
        await Run.WaitForConsumersAsync(2);
        Replay = await Run.ReplayAsync(Load.File, "load");
        await WaitForProgressAsync(1);
        for (var restart = 1; restart <= Restarts; restart++)
        {
            _waitingAtRestart.Add((await Run.PartitionQueuesAsync()).Messages);
            await Broker.RestartAsync(TimeSpan.FromSeconds(3));
            _consumingAgainAfter.Add(await TimeUntilConsumersAsync(TimeSpan.FromSeconds(90)));
        }
    }

    // Both workers keep their partitions through the restart (the case database stays up), so both
    // consume again when every partition queue has its consumer.
    private async Task<bool> EveryPartitionConsumedAsync()
    {
        foreach (var partition in BusRun.PartitionsOf())
        {
            if ((await Run.Broker.QueueAsync(partition)).Consumers < 1)
            {
                return false;
            }
        }

        return true;
    }

    // From now (the broker has started) until the queues show the consumers; null when it never did.
    private async Task<TimeSpan?> TimeUntilConsumersAsync(TimeSpan atMost)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < atMost)
        {
            try
            {
                if (await EveryPartitionConsumedAsync())
                {
                    return watch.Elapsed;
                }
            }
            catch (Exception e) when (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException)
            {
                // Not taking connections yet.
            }

            await Task.Delay(200);
        }

        return null;
    }

    protected override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"broker restarted with {string.Join(", ", _waitingAtRestart)} of {Load.EventIds.Count} events waiting in the queue; both workers consuming again after {string.Join(", ", _consumingAgainAfter.Select(t => t is { } s ? $"{s.TotalSeconds:F1} s" : "never"))}");

    [Test]
    public void Should_have_restarted_it_with_work_still_to_do() =>
        Assert.That(_waitingAtRestart[0], Is.GreaterThan(0));

    [Test]
    public void Should_have_both_workers_consuming_again_within_15_seconds_of_each_restart() => Assert.Multiple(() =>
    {
        Assert.That(_consumingAgainAfter, Has.Count.EqualTo(Restarts));
        Assert.That(_consumingAgainAfter.Select(t => t ?? TimeSpan.MaxValue), Has.All.LessThan(TimeSpan.FromSeconds(15)), Describe());
    });
}

/// <summary>
/// A worker started while the case database is down waits for it as a running worker waits out an
/// outage, logging each wait, and consumes once it is back. Before, it gave up after 8 s with exit code 1.
/// </summary>
[TestFixture]
[Category("RabbitMq")]
internal sealed class Starting_a_worker_while_the_database_is_down
{
    private BusRun _run = null!;
    private bool _upAfterTheOutage;
    private string _logOfTheOutage = "";
    private IReadOnlyList<StoredFinding> _findings = [];

    [OneTimeSetUp]
    public async Task StartItDuringAnOutage()
    {
        _run = await BusRun.CreateAsync();
        await Broker.ScriptAsync("PLATFORMWATCH_POSTGRES_SCRIPT", ["pause"]);
        try
        {
            // Until it has waited twice (its first attempts take longer than the 8 s after which it used to exit).
            var worker = _run.StartWorker("worker");
            await Broker.WaitUntilAsync(() => Task.FromResult(worker.HasExited || worker.Log.Contains("(attempt 2,", StringComparison.Ordinal)), TimeSpan.FromSeconds(90), "the worker has waited twice");
            _upAfterTheOutage = !worker.HasExited;
            _logOfTheOutage = worker.Log;
        }
        finally
        {
            await Broker.ScriptAsync("PLATFORMWATCH_POSTGRES_SCRIPT", ["resume"]);
            NpgsqlConnection.ClearAllPools();
        }

        await _run.WaitForConsumersAsync(1);
        var replay = await _run.ReplayAsync(Scenario.Path("market-structure.jsonl"), "samples");
        await _run.WaitForProcessedAsync(replay.Confirmed, TimeSpan.FromSeconds(120));
        _findings = await _run.FindingsAsync();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _run.DisposeAsync();

    [Test]
    public void Should_stay_up_while_the_database_is_down() => Assert.That(_upAfterTheOutage, Is.True, _logOfTheOutage);

    [Test]
    public void Should_log_each_wait_for_the_database() =>
        Assert.That(_logOfTheOutage, Does.Contain("Database unavailable at start").And.Contain("(attempt 1, next in 1 s)").And.Contain("(attempt 2, next in 2 s)"));

    [Test]
    public void Should_process_events_once_the_database_is_back() =>
        Assert.That(Scenario.Keys(_findings), Is.EqualTo(Scenario.ExpectedFindings("market-structure")));
}

/// <summary>
/// A worker whose broker never answers (nothing listens on the port): /health/ready says it does not
/// consume, and after Bus:RestartWhenNotConsumingFor (10 s here) it stops itself with exit code 4 and
/// a line saying why, for its service manager to start it afresh.
/// </summary>
[TestFixture]
[Category("RabbitMq")]
internal sealed class A_worker_whose_broker_does_not_answer
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private BusRun _run = null!;
    private HttpStatusCode? _readiness;
    private string _readinessBody = "";
    private bool _exited;
    private int _exitCode = -1;
    private TimeSpan _ranFor;
    private string _log = "";

    [OneTimeSetUp]
    public async Task StartItWithoutABroker()
    {
        _run = await BusRun.CreateAsync();
        var http = FreePort();
        var nowhere = new UriBuilder(_run.Broker.Uri) { Port = FreePort() }.Uri;
        var environment = new Dictionary<string, string>
        {
            ["Observability__HttpPort"] = http.ToString(CultureInfo.InvariantCulture),
            ["Bus__RestartWhenNotConsumingFor"] = Limit.ToString("c", CultureInfo.InvariantCulture),
        };
        var watch = Stopwatch.StartNew();
        var worker = _run.Adopt(WorkerProcess.StartWith("worker", environment, "--rabbitmq", nowhere.ToString(), "--provider", "postgres", "--db", _run.Database.Connection));

        // Readiness as a probe sees it, once the worker answers (before it gives up).
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}"), Timeout = TimeSpan.FromSeconds(2) };
        while (_readiness is null && !worker.HasExited && watch.Elapsed < Limit)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready");
                _readiness = response.StatusCode;
                _readinessBody = await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        _exited = await worker.WaitForExitAsync(TimeSpan.FromSeconds(90));
        _ranFor = watch.Elapsed;
        _exitCode = _exited ? worker.ExitCode : -1;
        _log = worker.Log;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _run.DisposeAsync();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Test]
    public void Should_report_not_ready_because_it_does_not_consume() => Assert.Multiple(() =>
    {
        Assert.That(_readiness, Is.EqualTo(HttpStatusCode.ServiceUnavailable), _readinessBody);
        Assert.That(_readinessBody, Does.Contain("\"consuming\"").And.Contain("not consuming from platformwatch-events"));
    });

    [Test]
    public void Should_stop_itself_with_exit_code_4() => Assert.Multiple(() =>
    {
        Assert.That(_exited, Is.True, "still running after 90 s");
        Assert.That(_exitCode, Is.EqualTo(4), _log);
    });

    [Test]
    public void Should_not_give_up_before_the_configured_time() => Assert.That(_ranFor, Is.GreaterThanOrEqualTo(Limit));

    [Test]
    public void Should_say_why_it_stopped() =>
        Assert.That(_log, Does.Contain("Not consuming from platformwatch-events for").And.Contain("Bus:RestartWhenNotConsumingFor is 10 s"));
}
