using System.Diagnostics;

namespace PlatformWatch.Macro;

/// <summary>One scenario's run: events drained per second from the first completion to the last.</summary>
/// <param name="Scenario">a to e.</param>
/// <param name="Events">The backlog.</param>
/// <param name="Seconds">From the first completion to the last.</param>
/// <param name="Rate">Events per second over that time.</param>
/// <param name="PeakRssBytes">The worker process's VmHWM after the drain (d, e).</param>
/// <param name="Note">What else the run found (findings, batches).</param>
/// <param name="Cpu">Where the CPU went from the first completion to the last.</param>
public sealed record DrainResult(char Scenario, int Events, double Seconds, double Rate, long? PeakRssBytes = null, string? Note = null, string? Cpu = null);

/// <summary>
/// Times a drain from the first completed unit (acknowledged batch, committed batch) to the one
/// that completes the backlog. Events of that first unit are not counted: they finished at the
/// moment the clock started. Start-up (connecting, migrating, JIT) is thereby left out of every scenario alike.
/// </summary>
/// <param name="target">Events in the backlog.</param>
/// <param name="cpu">Reads the CPU counters at the first completion and the last (none when null).</param>
public sealed class DrainClock(int target, Func<CpuSnapshot>? cpu = null)
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _total;
    private long _firstAt;
    private long _firstCount;
    private long _lastAt;
    private CpuSnapshot? _cpuFirst;
    private CpuSnapshot? _cpuLast;

    /// <summary>Events in the backlog.</summary>
    public int Target { get; } = target;

    /// <summary>Events completed so far.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Completes when the backlog is drained.</summary>
    public Task Done => _done.Task;

    /// <summary>Counts a completed unit of <paramref name="count"/> events.</summary>
    public void Completed(int count) => Observe(Interlocked.Add(ref _total, count));

    /// <summary>Records a total observed from outside (a worker's metrics).</summary>
    public void Reported(long total)
    {
        Interlocked.Exchange(ref _total, total);
        Observe(total);
    }

    private void Observe(long total)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_firstAt == 0 && total > 0)
            {
                _firstAt = now;
                _firstCount = total;
                _cpuFirst = cpu?.Invoke();
            }

            if (total >= Target && _lastAt == 0)
            {
                _lastAt = now;
                _cpuLast = cpu?.Invoke();
                _done.TrySetResult();
            }
        }
    }

    /// <summary>The rate, once drained; <paramref name="consumer"/> names the consumer's process in the CPU shares.</summary>
    public DrainResult Result(char scenario, string consumer = "consumer")
    {
        lock (_gate)
        {
            var seconds = Stopwatch.GetElapsedTime(_firstAt, _lastAt).TotalSeconds;
            var counted = Target - _firstCount;
            var shares = _cpuFirst is not null && _cpuLast is not null ? Macro.Cpu.Describe(_cpuFirst, _cpuLast, consumer) : null;
            return new DrainResult(scenario, Target, seconds, seconds > 0 && counted > 0 ? counted / seconds : double.NaN, Cpu: shares);
        }
    }

    /// <summary>Waits for the drain; a stall (nothing completed for <paramref name="stall"/>) fails the run.</summary>
    public async Task WaitAsync(TimeSpan stall, CancellationToken ct)
    {
        var seen = -1L;
        var since = Stopwatch.GetTimestamp();
        while (!Done.IsCompleted)
        {
            await Task.WhenAny(Done, Task.Delay(TimeSpan.FromSeconds(1), ct));
            ct.ThrowIfCancellationRequested();
            if (Total != seen)
            {
                seen = Total;
                since = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(since) > stall)
            {
                throw new TimeoutException($"no progress for {stall.TotalSeconds:0} s at {Total} of {Target} events");
            }
        }
    }
}
