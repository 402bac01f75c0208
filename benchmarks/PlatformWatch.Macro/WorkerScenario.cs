using System.Diagnostics;
using System.Globalization;

namespace PlatformWatch.Macro;

/// <summary>
/// d, e and f: the real worker process (f: three of them, sharing the partitions) drains the backlog
/// into a fresh case database. The clock reads the workers' committed-events counters (/metrics)
/// every <see cref="Poll"/>; afterwards the database must hold every event, and each process's peak
/// RSS is read from /proc.
/// </summary>
internal static class WorkerScenario
{
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static async Task<DrainResult> RunAsync(char scenario, MacroOptions options, Database database, int events, string name, int workers, CancellationToken ct)
    {
        var started = new List<WorkerProcess>();
        try
        {
            for (var i = 0; i < workers; i++)
            {
                started.Add(WorkerProcess.Start(options.Worker, options.RabbitMq, database, options.Work, workers == 1 ? name : $"{name}-w{i + 1}", options.WorkerSettings));
            }

            var clock = new DrainClock(events, () => Cpu.Take(started[0].Id));
            await WatchAsync(started, clock, TimeSpan.FromSeconds(120), ct);
            var peak = started.Max(w => w.Memory().Peak);
            var metrics = new List<string>();
            foreach (var worker in started)
            {
                metrics.Add(await worker.MetricsAsync(ct) ?? "");
            }

            var batches = Batches(metrics, clock.Result(scenario).Seconds);
            foreach (var worker in started)
            {
                await worker.StopAsync();
            }

            var (stored, findings) = await database.CountAsync(ct);
            if (stored != events)
            {
                throw new InvalidOperationException($"the workers reported {events} events committed, the database holds {stored}; see {started[0].Log}");
            }

            return clock.Result(scenario, workers == 1 ? "worker" : "first worker") with { PeakRssBytes = peak, Note = string.Create(CultureInfo.InvariantCulture, $"{findings:N0} findings in force; {batches}") };
        }
        finally
        {
            foreach (var worker in started)
            {
                await worker.DisposeAsync();
            }
        }
    }

    // The workers' own account: how many batches, how full, how long each took inside the processor
    // (one transaction), how much of the drain they cover (above 100%: batches ran side by side),
    // and the database's retries and conflicts (deadlocks, serialization failures).
    private static string Batches(IReadOnlyList<string> metrics, double drainSeconds)
    {
        double Sum(string name) => metrics.Sum(m => WorkerProcess.Sum(m, name));
        var count = Sum("platformwatch_batch_size_count");
        var events = Sum("platformwatch_batch_size_sum");
        var busy = Sum("platformwatch_processing_duration_seconds_sum");
        var retries = Sum("platformwatch_db_retries_total");
        var conflicts = Sum("platformwatch_db_conflicts_total");
        return count == 0
            ? "no batch metrics"
            : string.Create(CultureInfo.InvariantCulture, $"{count:N0} batches of {events / count:0} events on average, {busy / count * 1000:0} ms each in the processor, {busy / drainSeconds * 100:0}% of the drain; {retries:0} database retries, {conflicts:0} deadlocks or serialization failures");
    }

    /// <summary>Polls several workers' counters, summed, into the clock until the backlog is drained.</summary>
    public static async Task WatchAsync(IReadOnlyList<WorkerProcess> workers, DrainClock clock, TimeSpan stall, CancellationToken ct)
    {
        if (workers.Count == 1)
        {
            await WatchAsync(workers[0], clock, stall, ct);
            return;
        }

        var seen = -1L;
        var since = Stopwatch.GetTimestamp();
        while (!clock.Done.IsCompleted)
        {
            var total = 0L;
            foreach (var worker in workers)
            {
                total += await worker.ConsumedAsync(ct) ?? 0;
            }

            clock.Reported(total);
            if (total != seen)
            {
                seen = total;
                since = Stopwatch.GetTimestamp();
            }

            if (Stopwatch.GetElapsedTime(since) > stall)
            {
                throw new TimeoutException($"the workers made no progress for {stall.TotalSeconds:0} s at {seen} of {clock.Target} events; see {workers[0].Log}");
            }

            if (!clock.Done.IsCompleted)
            {
                await Task.Delay(Poll, ct);
            }
        }
    }

    /// <summary>Polls the worker's counter into the clock until the backlog is drained; a stall or an exit fails the run.</summary>
    public static async Task WatchAsync(WorkerProcess worker, DrainClock clock, TimeSpan stall, CancellationToken ct, Action<long>? progress = null)
    {
        var seen = -1L;
        var since = Stopwatch.GetTimestamp();
        while (!clock.Done.IsCompleted)
        {
            if (await worker.ConsumedAsync(ct) is { } total)
            {
                clock.Reported(total);
                progress?.Invoke(total);
                if (total != seen)
                {
                    seen = total;
                    since = Stopwatch.GetTimestamp();
                }
            }

            if (Stopwatch.GetElapsedTime(since) > stall)
            {
                throw new TimeoutException($"the worker made no progress for {stall.TotalSeconds:0} s at {seen} of {clock.Target} events; see {worker.Log}");
            }

            if (!clock.Done.IsCompleted)
            {
                await Task.Delay(Poll, ct);
            }
        }
    }
}
