using System.Diagnostics;

namespace PlatformWatch.Macro;

/// <summary>The worker's memory over a long run: peak RSS (VmHWM) after N events, and RSS along the way.</summary>
internal sealed record RssResult(string Provider, int Events, double Seconds, double Rate, long PeakBytes, IReadOnlyList<(long Events, long RssBytes)> Samples);

/// <summary>
/// One worker drains <c>--rss-events</c> events: the backlog again and again, each round under new
/// event ids (a later report of the same share, so the inbox and the events table grow and the
/// findings are re-evaluated). The queue is fed while the worker drains, kept between
/// <see cref="LowWater"/> and <see cref="HighWater"/> messages, so the broker does not hold the whole run at once.
/// </summary>
internal static class RssTest
{
    private const int HighWater = 200_000;
    private const int LowWater = 100_000;
    private const int Chunk = 20_000;

    public static async Task<RssResult> RunAsync(MacroOptions options, Broker broker, Database database, Backlog backlog, CancellationToken ct)
    {
        var events = options.RssEvents;
        await broker.PurgeBacklogAsync(ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var feeding = FeedAsync(broker, backlog, events, stop.Token);
        var clock = new DrainClock(events);
        var samples = new List<(long, long)>();
        await using var worker = WorkerProcess.Start(options.Worker, options.RabbitMq, database, options.Work, "rss-" + database.Provider, options.WorkerSettings);
        var next = events / 10L;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await WorkerScenario.WatchAsync(worker, clock, TimeSpan.FromSeconds(120), ct, total =>
            {
                if (total >= next)
                {
                    samples.Add((total, worker.Memory().Now));
                    Console.WriteLine($"  rss run: {total:N0} of {events:N0} events, RSS {worker.Memory().Now / 1048576.0:0} MB, {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
                    next += events / 10L;
                }

                if (feeding.IsFaulted)
                {
                    feeding.GetAwaiter().GetResult();
                }
            });
            await feeding;
        }
        finally
        {
            await stop.CancelAsync();
        }

        var (peak, _) = worker.Memory();
        await worker.StopAsync();
        var result = clock.Result('r');
        return new RssResult(database.Provider, events, result.Seconds, result.Rate, peak, samples);
    }

    private static async Task FeedAsync(Broker broker, Backlog backlog, int events, CancellationToken ct)
    {
        var chunk = new List<Envelope>(Chunk);
        for (var i = 0; i < events; i++)
        {
            var inbound = backlog.Events[i % backlog.Count];
            var round = i / backlog.Count;
            chunk.Add(Backlog.Wrap(round == 0 ? inbound : Backlog.WithId(inbound, $"{inbound.EventId}~{round}"), DateTime.UtcNow));
            if (chunk.Count == Chunk || i == events - 1)
            {
                while (await broker.BacklogDepthAsync(ct) > HighWater - Chunk)
                {
                    while (await broker.BacklogDepthAsync(ct) > LowWater)
                    {
                        await Task.Delay(500, ct);
                    }
                }

                await broker.PublishAsync(chunk, ct);
                chunk.Clear();
            }
        }
    }
}
