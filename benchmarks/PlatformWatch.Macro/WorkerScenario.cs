using System.Diagnostics;
using System.Globalization;

namespace PlatformWatch.Macro;

/// <summary>
/// d and e: the real worker process drains the backlog into a fresh case database. The clock reads
/// the worker's committed-events counter (/metrics) every <see cref="Poll"/>; afterwards the
/// database must hold every event, and the process's peak RSS is read from /proc.
/// </summary>
internal static class WorkerScenario
{
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static async Task<DrainResult> RunAsync(char scenario, MacroOptions options, Database database, int events, string name, CancellationToken ct)
    {
        await using var worker = WorkerProcess.Start(options.Worker, options.RabbitMq, database, options.Work, name, options.WorkerSettings);
        var clock = new DrainClock(events, () => Cpu.Take(worker.Id));
        await WatchAsync(worker, clock, TimeSpan.FromSeconds(120), ct);
        var (peak, _) = worker.Memory();
        var batches = Batches(await worker.MetricsAsync(ct) ?? "", clock.Result(scenario).Seconds);
        await worker.StopAsync();
        var (stored, findings) = await database.CountAsync(ct);
        if (stored != events)
        {
            throw new InvalidOperationException($"the worker reported {events} events committed, the database holds {stored}; see {worker.Log}");
        }

        return clock.Result(scenario, "worker") with { PeakRssBytes = peak, Note = string.Create(CultureInfo.InvariantCulture, $"{findings:N0} findings in force; {batches}") };
    }

    // The worker's own account: how many batches, how full, how long each took inside the processor
    // (one transaction), and how much of the drain they cover (above 100%: batches ran side by side).
    private static string Batches(string metrics, double drainSeconds)
    {
        var count = WorkerProcess.Sum(metrics, "platformwatch_batch_size_count");
        var events = WorkerProcess.Sum(metrics, "platformwatch_batch_size_sum");
        var busy = WorkerProcess.Sum(metrics, "platformwatch_processing_duration_seconds_sum");
        var retries = WorkerProcess.Sum(metrics, "platformwatch_db_retries_total");
        return count == 0
            ? "no batch metrics"
            : string.Create(CultureInfo.InvariantCulture, $"{count:N0} batches of {events / count:0} events on average, {busy / count * 1000:0} ms each in the processor, {busy / drainSeconds * 100:0}% of the drain; {retries:0} database retries");
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
