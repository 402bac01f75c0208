using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// The worker against a real RabbitMQ node (started by ./tests/run.sh): real worker processes,
/// the real replay command, a PostgreSQL case database; every fixture in a virtual host of its own.
/// </summary>
[TestFixture]
[Category("RabbitMq")]
internal sealed class Consuming_the_samples_from_RabbitMQ
{
    private BusRun _run = null!;
    private List<string> _published = [];
    private BusRun.Replay[] _replays = [];
    private Reconciliation _books = null!;
    private IReadOnlyList<StoredFinding> _findings = [];
    private List<JsonNode> _announced = [];

    [OneTimeSetUp]
    public async Task PublishTheSamples()
    {
        _run = await BusRun.CreateAsync();
        await _run.Broker.ObserveAsync("PlatformWatch.Contracts:FindingRaised", "observer-findings-raised");
        _run.StartWorker("worker");
        await _run.WaitForConsumersAsync(1);

        // Every valid sample in one file; market-structure twice more, at the same time: each of its
        // event ids is published three times.
        var all = Path.Combine(_run.Folder, "samples.jsonl");
        await File.WriteAllLinesAsync(all, LoadStream.ValidScenarios.SelectMany(s => File.ReadLines(Scenario.Path(s + ".jsonl"))));
        var again = Scenario.Path("market-structure.jsonl");
        _replays = await Task.WhenAll(_run.ReplayAsync(all, "samples"), _run.ReplayAsync(again, "again-1"), _run.ReplayAsync(again, "again-2"));
        _published = _replays.SelectMany(r => r.Confirmed).Distinct().ToList();

        await _run.WaitForProcessedAsync(_published, TimeSpan.FromSeconds(120));
        await Broker.WaitUntilAsync(async () => (await _run.PartitionQueuesAsync()).Messages == 0, TimeSpan.FromSeconds(60), "no message waits in the queue");
        _books = await _run.ReconcileAsync(_published, _replays.SelectMany(r => r.Confirmed).ToList());
        _findings = await _run.FindingsAsync();
        _announced = await AnnouncementsOfAsync(_findings, TimeSpan.FromSeconds(30));
    }

    // The findings' announcements as the relay sends them: it runs beside the consumers and may still
    // be sending when the queue is empty, so the observer's queue is read until each finding was
    // announced (or the time is up, and the test names what is missing).
    private async Task<List<JsonNode>> AnnouncementsOfAsync(IReadOnlyList<StoredFinding> findings, TimeSpan atMost)
    {
        var announced = new List<JsonNode>();
        var waiting = findings.Select(f => f.FindingId).ToHashSet(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + atMost;
        do
        {
            foreach (var message in await _run.Broker.DrainAsync("observer-findings-raised"))
            {
                var body = JsonNode.Parse(message.Body)!["message"]!;
                announced.Add(body);
                waiting.Remove(body["findingId"]!.GetValue<string>());
            }

            if (waiting.Count > 0)
            {
                await Task.Delay(200);
            }
        }
        while (waiting.Count > 0 && DateTime.UtcNow < deadline);

        return announced;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _run.DisposeAsync();

    [Test]
    public void Should_have_every_line_confirmed_by_the_broker()
    {
        var lines = LoadStream.ValidScenarios.Sum(s => File.ReadLines(Scenario.Path(s + ".jsonl")).Count(l => l.Length > 0 && l[0] != '#'));
        Assert.Multiple(() =>
        {
            Assert.That(_replays.Select(r => r.Result.ExitCode), Is.All.Zero, string.Join('\n', _replays.Select(r => r.Result.Errors)));
            Assert.That(_replays[0].Confirmed, Has.Count.EqualTo(lines));
            Assert.That(_replays[0].Result.Output, Does.Contain($"{lines} events published, {lines} confirmed by the broker, 0 not confirmed"));
        });
    }

    [Test]
    public void Should_store_exactly_the_expected_findings()
    {
        var expected = LoadStream.ValidScenarios.SelectMany(Scenario.ExpectedFindings).Order(StringComparer.Ordinal).ToList();
        Assert.That(Scenario.Keys(_findings), Is.EqualTo(expected));
    }

    [Test]
    public void Should_process_each_event_once_however_often_it_was_published() => Assert.Multiple(() =>
    {
        Assert.That(_books.Missing, Is.Zero, "confirmed but not processed");
        Assert.That(_books.Processed, Is.EqualTo(_published.Count));
        Assert.That(_books.DuplicateFindings, Is.Zero);
        Assert.That(_books.Parked, Is.Zero);
    });

    [Test]
    public void Should_announce_every_finding_it_raised_with_its_legal_basis()
    {
        var announced = _announced.Select(m => m["findingId"]!.GetValue<string>()).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(_findings.Select(f => f.FindingId), Is.SubsetOf(announced));
            Assert.That(_announced.Select(m => m["legalBasis"]?["citation"]?.GetValue<string>()), Is.All.Not.Null.And.Not.Empty);
        });
    }
}

/// <summary>
/// Bad messages among good ones: each is parked with its reason — malformed JSON, a field out of
/// range, a message over the size cap, a type nobody consumes — and the worker keeps going.
/// </summary>
[TestFixture]
[Category("RabbitMq")]
internal sealed class Parking_bad_messages_on_RabbitMQ
{
    private const string Exchange = "PlatformWatch.Contracts:MarketShareReported";
    private BusRun _run = null!;
    private List<(string Body, Dictionary<string, string> Headers)> _errors = [];
    private List<(string Body, Dictionary<string, string> Headers)> _skipped = [];
    private IReadOnlyList<StoredFinding> _findings = [];
    private Reconciliation _books = null!;
    private bool _workerAlive;

    private static string Envelope(string messageType, string message) =>
        $$"""{"messageId":"{{Guid.NewGuid()}}","messageType":["urn:message:PlatformWatch.Contracts:{{messageType}}"],"message":{{message}}}""";

    private static string Share(string eventId, string share, string source = "bad-input-test") =>
        $$"""{"eventId":"{{eventId}}","occurredAt":"2025-02-01T00:00:00Z","source":"{{source}}","marketId":"cn-bad-market","jurisdiction":"CN","periodStart":"2024-01-01","periodEnd":"2024-12-31","platformId":"bad","metric":"orders","share":{{share}}}""";

    [OneTimeSetUp]
    public async Task PublishGoodAndBad()
    {
        _run = await BusRun.CreateAsync();
        var worker = _run.StartWorker("worker");
        await _run.WaitForConsumersAsync(1);

        await _run.Broker.PublishRawAsync(Exchange, "", """{"messageId":"not json at all", "message": {"eventId": """);
        await _run.Broker.PublishRawAsync(Exchange, "", Envelope("MarketShareReported", Share("bad-share", "1.5")));
        await _run.Broker.PublishRawAsync(Exchange, "", Envelope("MarketShareReported", Share("bad-missing", "0.5").Replace(",\"share\":0.5", "", StringComparison.Ordinal)));
        await _run.Broker.PublishRawAsync(Exchange, "", Envelope("MarketShareReported", Share("bad-size", "0.6", new string('x', 300 * 1024))));
        await _run.Broker.PublishRawAsync("", BusRun.Queue + "-0", Envelope("MarketSizeGuessed", """{"eventId":"bad-type","guess":0.9}"""));
        var replay = await _run.ReplayAsync(Scenario.Path("market-structure.jsonl"), "good");

        await _run.WaitForProcessedAsync(replay.Confirmed, TimeSpan.FromSeconds(60));
        await Broker.WaitUntilAsync(
            async () => (await _run.Broker.QueueAsync(BusRun.Queue + "_error")).Messages + (await _run.Broker.QueueAsync(BusRun.Queue + "_skipped")).Messages >= 5,
            TimeSpan.FromSeconds(60),
            "five messages are parked");
        _books = await _run.ReconcileAsync(replay.Confirmed, replay.Confirmed);
        _findings = await _run.FindingsAsync();
        _workerAlive = !worker.HasExited;
        _errors = await _run.Broker.DrainAsync(BusRun.Queue + "_error");
        _skipped = await _run.Broker.DrainAsync(BusRun.Queue + "_skipped");
        foreach (var (body, headers) in _errors.Concat(_skipped))
        {
            await TestContext.Progress.WriteLineAsync($"parked: {string.Join("; ", headers.Select(h => $"{h.Key}={h.Value}"))} body={body[..Math.Min(120, body.Length)]}");
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _run.DisposeAsync();

    [Test]
    public void Should_keep_processing_the_good_events() => Assert.Multiple(() =>
    {
        Assert.That(_workerAlive, Is.True);
        Assert.That(_books.Missing, Is.Zero);
        Assert.That(Scenario.Keys(_findings), Is.EqualTo(Scenario.ExpectedFindings("market-structure")));
    });

    [Test]
    public void Should_park_the_invalid_ones_in_the_error_queue_with_the_reason()
    {
        string Reason(Func<string, bool> body) => _errors.Where(e => body(e.Body)).Select(e => e.Headers.GetValueOrDefault("MT-Fault-Message", "")).SingleOrDefault() ?? "(not parked)";
        Assert.Multiple(() =>
        {
            Assert.That(_errors, Has.Count.EqualTo(4));
            Assert.That(Reason(b => b.Contains("not json at all")), Does.Contain("JSON").IgnoreCase);
            Assert.That(Reason(b => b.Contains("bad-share")), Does.Contain("share").And.Contain("1.5"));
            Assert.That(Reason(b => b.Contains("bad-missing")), Does.Contain("missing required properties").And.Contain("'share'"));
            Assert.That(Reason(b => b.Contains("bad-size")), Does.Contain("over the limit of 262144 bytes"));
        });
    }

    [Test]
    public void Should_park_a_type_nobody_consumes_in_the_skipped_queue() => Assert.Multiple(() =>
    {
        Assert.That(_skipped, Has.Count.EqualTo(1));
        Assert.That(_skipped[0].Body, Does.Contain("MarketSizeGuessed"));
        Assert.That(_skipped[0].Headers.GetValueOrDefault("MT-Reason"), Is.EqualTo("dead-letter"), "MassTransit's mark of a message no consumer on the queue takes");
    });

    [Test]
    public async Task Should_record_nothing_of_the_bad_ones_in_the_case_database()
    {
        var processed = await _run.ProcessedAsync();
        Assert.That(processed, Has.None.StartsWith("bad-"));
    }
}

/// <summary>Replay before any worker has declared its queue: the broker would drop the events, so replay says so.</summary>
[TestFixture]
[Category("RabbitMq")]
internal sealed class Replaying_onto_a_broker_no_worker_has_prepared
{
    [Test]
    public async Task Should_confirm_nothing_and_fail()
    {
        var broker = await Broker.CreateVirtualHostAsync();
        var folder = Cli.TempFolder();
        var confirmed = Path.Combine(folder, "confirmed");
        var result = await Cli.RunAsync(folder, "replay", Scenario.Path("market-structure.jsonl"), "--rabbitmq", broker.Uri.ToString(), "--confirmed", confirmed);
        await TestContext.Out.WriteLineAsync(result.Output + result.Errors);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(File.ReadAllLines(confirmed), Is.Empty);
            Assert.That(result.Output, Does.Contain("9 events published, 0 confirmed by the broker, 9 not confirmed"));
            Assert.That(result.ErrorLines, Has.Some.EqualTo("ms-001: not confirmed (returned by RabbitMQ: no queue is bound for it; start a worker first, it declares the queue)"));
        });
    }
}

/// <summary>
/// A message that no consumer ever acknowledges (one that crashes every worker that takes it):
/// after the queue's delivery limit RabbitMQ dead-letters it into the dead-letter queue; it is parked, never dropped.
/// </summary>
[TestFixture]
[Category("RabbitMq")]
internal sealed class A_message_that_keeps_coming_back
{
    [Test]
    public async Task Should_be_dead_lettered_after_the_delivery_limit()
    {
        await using var run = await BusRun.CreateAsync();
        var worker = run.StartWorker("worker");
        await run.WaitForConsumersAsync(1);
        await worker.StopAsync();

        await run.Broker.PublishRawAsync("", BusRun.Queue + "-3", """{"poison":true}""");
        var deliveries = await run.Broker.RejectUntilGoneAsync(BusRun.Queue + "-3", atMost: 100);
        await Broker.WaitUntilAsync(async () => (await run.Broker.QueueAsync(BusRun.Queue + "_dead")).Messages == 1, TimeSpan.FromSeconds(30), "the message is dead-lettered");
        var dead = await run.Broker.DrainAsync(BusRun.Queue + "_dead");
        await TestContext.Out.WriteLineAsync($"delivered {deliveries} times; dead-letter headers: {string.Join("; ", dead[0].Headers.Select(h => $"{h.Key}={h.Value}"))}");
        Assert.Multiple(() =>
        {
            Assert.That(deliveries, Is.EqualTo(11), "the first delivery and ten redeliveries (delivery limit 10)");
            Assert.That(dead.Single().Body, Is.EqualTo("""{"poison":true}"""));
            Assert.That(dead.Single().Headers.GetValueOrDefault("x-first-death-reason"), Is.EqualTo("delivery_limit"));
        });
    }
}

/// <summary>
/// The worker configured the way a container is: environment variables only (transport, host,
/// port, virtual host, credentials, queue, prefetch, batch size, size cap, database).
/// </summary>
[TestFixture]
[Category("RabbitMq")]
internal sealed class Configuring_the_worker_from_the_environment
{
    [Test]
    public async Task Should_consume_from_the_configured_queue_into_the_configured_database()
    {
        await using var run = await BusRun.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["Bus__Transport"] = "RabbitMq",
            ["Bus__Host"] = run.Broker.Uri.Host,
            ["Bus__Port"] = run.Broker.Uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bus__VirtualHost"] = run.Broker.VirtualHost,
            ["Bus__Username"] = "guest",
            ["Bus__Password"] = "guest",
            ["Bus__Queue"] = "regulator-intake",
            ["Bus__PrefetchCount"] = "64",
            ["Bus__BatchSize"] = "16",
            ["Bus__MaxMessageBytes"] = "4096",
            ["Store__Provider"] = "Postgres",
            ["Store__Connection"] = run.Database.Connection,
            ["Observability__HttpPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        run.Adopt(WorkerProcess.StartWith("worker", environment));
        await run.WaitForConsumersAsync(1, "regulator-intake");

        var replay = await run.ReplayAsync(Scenario.Path("market-structure.jsonl"), "samples");
        await run.Broker.PublishRawAsync("PlatformWatch.Contracts:MarketShareReported", "",
            $$$"""{"messageId":"{{{Guid.NewGuid()}}}","messageType":["urn:message:PlatformWatch.Contracts:MarketShareReported"],"message":{"eventId":"over-4k","occurredAt":"2025-02-01T00:00:00Z","source":"{{{new string('x', 5000)}}}","marketId":"cn-x","jurisdiction":"CN","periodStart":"2024-01-01","periodEnd":"2024-12-31","platformId":"x","metric":"orders","share":0.1}}""");
        await run.WaitForProcessedAsync(replay.Confirmed, TimeSpan.FromSeconds(60));
        await Broker.WaitUntilAsync(async () => (await run.Broker.QueueAsync("regulator-intake_error")).Messages == 1, TimeSpan.FromSeconds(30), "the large message is parked");
        var parked = await run.Broker.DrainAsync("regulator-intake_error");
        Assert.Multiple(async () =>
        {
            Assert.That(Scenario.Keys(await run.FindingsAsync()), Is.EqualTo(Scenario.ExpectedFindings("market-structure")));
            Assert.That((await run.PartitionQueuesAsync()).Consumers, Is.Zero, "the default queue's partitions are not used");
            Assert.That((await run.PartitionQueuesAsync("regulator-intake")).Consumers, Is.EqualTo(BusRun.Partitions), "one consumer on each partition of the configured queue");
            Assert.That(parked.Single().Headers["MT-Fault-Message"], Does.Contain("over the limit of 4096 bytes"));
        });

        // The worker's own health and metrics port.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{environment["Observability__HttpPort"]}") };
        using var ready = await http.GetAsync("/health/ready");
        var readiness = await ready.Content.ReadAsStringAsync();
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Multiple(() =>
        {
            Assert.That((int)ready.StatusCode, Is.EqualTo(200), readiness);
            Assert.That(readiness, Does.Contain("database").And.Contain("Healthy"));
            Assert.That(metrics, Does.Match("platformwatch_events_consumed_total\\{[^}]*type=\"MarketShareReported\"[^}]*\\} [1-9]"));
            Assert.That(metrics, Does.Match("platformwatch_events_parked_total\\{[^}]*type=\"MarketShareReported\"[^}]*\\} 1"));
            Assert.That(metrics, Does.Contain("platformwatch_findings_raised_total").And.Contain("platformwatch_queue_lag_seconds_bucket"));
            Assert.That(metrics, Does.Match("platformwatch_partitions_owned(_partitions)?(\\{[^}]*\\})? 8"));
        });
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
