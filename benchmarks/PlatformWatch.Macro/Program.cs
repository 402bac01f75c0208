using System.Diagnostics;
using System.Globalization;
using PlatformWatch.Hosting;
using PlatformWatch.Macro;
using PlatformWatch.Rules.Engine;

// platformwatch-macro: one broker, one backlog, drained by a (RabbitMQ.Client), b (MassTransit doing
// nothing), c (the worker's rules on memory), d (the worker on SQLite), e (the worker on PostgreSQL),
// round after round; then latency at half load and the worker's memory. See docs/benchmarks.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return args switch
    {
        [.., "--help"] or [.., "-h"] => Usage(0),
        ["generate", .. var rest] => await Generator.RunAsync(rest),
        ["run", .. var rest] => await RunAsync(MacroOptions.Parse(rest), cancel.Token),
        _ => Usage(2),
    };
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync("platformwatch-macro: " + e.Message);
    return 2;
}

static int Usage(int code)
{
    (code == 0 ? Console.Out : Console.Error).WriteLine(MacroOptions.Usage);
    return code;
}

static async Task<int> RunAsync(MacroOptions options, CancellationToken ct)
{
    var wall = Stopwatch.StartNew();
    options.Work.Create();
    var backlog = await Backlog.LoadAsync(options.Events, options.Limit, ct);
    var report = new Report();
    report.Context.Add($"Backlog: {options.Events.Name}, {backlog.Count:N0} events ({backlog.Mix()}){(backlog.Refused > 0 ? $", {backlog.Refused} lines refused" : "")}; {options.Rounds} rounds of {string.Join(" ", options.Scenarios.ToCharArray())}.");
    Console.WriteLine(report.Context[^1]);
    if (options.Postgres is { } server)
    {
        report.Context.Add("PostgreSQL: " + await Database.SettingsAsync(server, ct) + ".");
        Console.WriteLine(report.Context[^1]);
    }

    Cpu.LocateBroker(options.RabbitMq.Port);
    report.Context.Add($"Machine: {Environment.ProcessorCount} cores; {Cpu.Located}.");
    Console.WriteLine(report.Context[^1]);
    await using var broker = new Broker(options.RabbitMq);
    await BusScenario.DeclareAsync(options.RabbitMq, ct);
    await broker.PurgeBacklogAsync(ct);
    await broker.ParkedAsync(ct);
    var envelopes = backlog.Envelopes(DateTime.UtcNow);
    var engine = new RuleEngine(ProfileDirectory.LoadOrThrow(ProfileDirectory.Default));
    if (options.WorkerSettings.Count > 0)
    {
        report.Context.Add($"Worker settings: {string.Join(", ", options.WorkerSettings.Select(s => $"{s.Key}={s.Value}"))}.");
    }

    // a, b and c run in this process: one short drain each first, so that round 1 does not also time the JIT.
    var warmUp = envelopes.Take(Math.Min(2000, envelopes.Length)).ToList();
    foreach (var scenario in options.Scenarios.Where(s => s is 'a' or 'b' or 'c'))
    {
        await broker.PublishAsync(warmUp, ct);
        await RunScenarioAsync(scenario, options, broker, warmUp.Count, engine, 0, ct);
    }

    for (var round = 1; round <= options.Rounds; round++)
    {
        foreach (var scenario in options.Scenarios)
        {
            var fill = Stopwatch.StartNew();
            await broker.PurgeBacklogAsync(ct);
            await broker.PublishAsync(envelopes, ct);
            var depth = await broker.BacklogDepthAsync(ct);
            if (depth != backlog.Count)
            {
                throw new InvalidOperationException($"the queue holds {depth} messages after publishing {backlog.Count}");
            }

            var filled = fill.Elapsed.TotalSeconds;
            var result = await RunScenarioAsync(scenario, options, broker, backlog.Count, engine, round, ct);
            if (await broker.ParkedAsync(ct) is { } parked)
            {
                throw new InvalidOperationException($"scenario {scenario} parked messages: {parked}");
            }

            report.Drains.Add(result);
            var rss = result.PeakRssBytes is { } peak ? $", peak RSS {Report.Mb(peak)}" : "";
            Console.WriteLine($"round {round} {scenario}: {Report.Rate(result.Rate)} events/s ({result.Events:N0} in {result.Seconds:0.00} s; queue filled in {filled:0.0} s{rss}{(result.Note is null ? "" : ", " + result.Note)})");
            Console.WriteLine($"  {result.Cpu}");
        }
    }

    if (options.LatencySeconds > 0)
    {
        foreach (var scenario in options.Scenarios.Where(s => s is 'd' or 'e').Distinct())
        {
            foreach (var limit in options.LatencyBatchLimits)
            {
                if ((options.LatencyRate ?? report.Median(scenario) / 2) is not { } rate)
                {
                    Console.WriteLine($"latency of {scenario}: no drain rate to take half of (give --latency-rate)");
                    break;
                }

                var database = scenario == 'd' ? Database.Sqlite(options.Work, "latency") : await Database.PostgresAsync(options.Postgres!, ct);
                var latency = await LatencyTest.RunAsync(options, broker, database, backlog, rate, limit, ct);
                report.Latencies.Add(latency);
                Console.WriteLine($"latency {latency.Provider}, batch time limit {limit} ms, at {Report.Rate(latency.ActualRate)} events/s: p50 {latency.P50Ms:0} ms, p99 {latency.P99Ms:0} ms, max {latency.MaxMs:0} ms over {latency.Probes} probes ({latency.Missing} missing)");
            }
        }
    }

    if (options.RssEvents > 0)
    {
        var database = options.RssProvider == "postgres" ? await Database.PostgresAsync(options.Postgres!, ct) : Database.Sqlite(options.Work, "rss");
        report.Rss = await RssTest.RunAsync(options, broker, database, backlog, ct);
    }

    report.Context.Add($"Harness wall time: {wall.Elapsed.TotalSeconds:0} s.");
    var markdown = report.Markdown();
    Console.WriteLine();
    Console.WriteLine(markdown);
    if (options.Out is { } output)
    {
        await File.WriteAllTextAsync(output.FullName, markdown, ct);
    }

    return 0;
}

static async Task<DrainResult> RunScenarioAsync(char scenario, MacroOptions options, Broker broker, int events, RuleEngine engine, int round, CancellationToken ct)
{
    switch (scenario)
    {
        case 'a':
            return await RawScenario.RunAsync(broker, events, ct);
        case 'b':
            return await BusScenario.RunAsync('b', options.RabbitMq, events, null, ct);
        case 'c':
            var rules = new InMemoryRules(engine);
            var result = await BusScenario.RunAsync('c', options.RabbitMq, events, rules, ct);
            return result with { Note = $"{rules.Raised:N0} findings raised, {rules.Updated:N0} updated, {rules.Withdrawn:N0} withdrawn" };
        default:
            var database = scenario == 'd' ? Database.Sqlite(options.Work, $"drain-{round}") : await Database.PostgresAsync(options.Postgres!, ct);
            return await WorkerScenario.RunAsync(scenario, options, database, events, $"drain-{scenario}-{round}", scenario == 'f' ? 3 : 1, ct);
    }
}
