using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlatformWatch.Rules;
using PlatformWatch.Store;

namespace PlatformWatch.Hosting;

/// <summary>
/// Shares the event partitions out between the live RabbitMQ workers. Every
/// <see cref="BusOptions.WorkerHeartbeat"/> the worker records in the case database that it is alive
/// and reads who else is (<c>workers</c>); each worker owns the partitions that rendezvous hashing
/// gives it among them (<see cref="PartitionAssignment"/>) and has a receive endpoint on exactly those.
/// A worker that joins takes over its share, one that leaves (stopped: at once; killed: after
/// <see cref="BusOptions.WorkerTimeout"/>) gives its share back. Every partition queue has single
/// active consumer on, so while two workers both hold a partition during a hand-over, only the one that
/// held it first gets messages, until it has finished its batch and cancelled; what it held
/// unacknowledged goes back to the queue, and the inbox stops what it had committed.
/// </summary>
public sealed partial class PartitionCoordinator(
    IReceiveEndpointConnector connector,
    CaseStore store,
    ConsumerWatchdog watchdog,
    IOptions<BusOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<PartitionCoordinator> logger) : BackgroundService
{
    // platformwatch_partitions_owned: one worker per process, so one gauge.
    private static readonly Gauge OwnedGauge = new();

    private sealed class Gauge
    {
        public Gauge() => PlatformWatchTelemetry.Meter.CreateObservableGauge("platformwatch.partitions.owned", () => Value(), "{partition}", "Event partitions this worker consumes");

        public Func<int> Value { get; set; } = () => 0;
    }

    // Each partition connected, with the number of partitions owned when it was (its share of the messages in flight).
    private readonly Dictionary<int, (HostReceiveEndpointHandle Handle, int Owned)> _connected = [];
    private IReadOnlyList<int> _owned = [];
    private int _liveWorkers;

    /// <summary>This worker's id in the <c>workers</c> table: host, process and a random part.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The partitions this worker owns now, ascending.</summary>
    public IReadOnlyList<int> Owned => Volatile.Read(ref _owned);

    /// <summary>The live workers, this one included, as the last heartbeat saw them.</summary>
    public int LiveWorkers => Volatile.Read(ref _liveWorkers);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The bus has started (the case database is migrated before it): endpoints can be connected.
        await WhenStartedAsync(stoppingToken).ConfigureAwait(false);
        OwnedGauge.Value = () => Owned.Count;
        var settings = options.Value;
        IReadOnlyList<string> live = [WorkerId];
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(settings.WorkerTimeout);
                live = await store.Workers.HeartbeatAsync(WorkerId, Environment.MachineName, string.Join(",", Owned), settings.WorkerTimeout, timeout.Token).ConfigureAwait(false);
                if (failing)
                {
                    LogHeartbeatBack(live.Count);
                }

                failing = false;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Keep what is owned: the others cannot see the table either, or see this worker as gone
                // and wait on its partitions (single active consumer) until it gives them up.
                if (!failing)
                {
                    LogHeartbeatFailed(Owned.Count, e.Message);
                }

                failing = true;
            }

            await AssignAsync(PartitionAssignment.Owned(WorkerId, live, settings.Partitions), live.Append(WorkerId).Distinct(StringComparer.Ordinal).Count(), stoppingToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(settings.WorkerHeartbeat, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
    }

    // Gives away the partitions no longer owned (their endpoints stop after the batch in flight; the
    // new owner's consumer becomes the active one then) and connects those newly owned. When the
    // number owned changes, the partitions kept are connected again too, with their new share of the
    // messages in flight (a pause of one batch on each; single active consumer keeps them meanwhile).
    private async Task AssignAsync(IReadOnlyList<int> owned, int liveWorkers, CancellationToken stoppingToken)
    {
        Volatile.Write(ref _liveWorkers, liveWorkers);
        watchdog.Assigned();
        var settings = options.Value;
        var taken = owned.Where(p => !_connected.ContainsKey(p)).ToList();
        var given = _connected.Keys.Where(p => !owned.Contains(p)).Order().ToList();
        var reshared = _connected.Where(c => owned.Contains(c.Key) && c.Value.Owned != owned.Count).Select(c => c.Key).ToList();
        if (taken.Count == 0 && given.Count == 0 && reshared.Count == 0)
        {
            return;
        }

        Volatile.Write(ref _owned, owned);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var (ownedList, takenList, givenList) = (string.Join(",", owned), string.Join(",", taken), string.Join(",", given));
            LogAssigned(owned.Count, settings.Partitions, ownedList, liveWorkers, takenList, givenList);
        }

        await Task.WhenAll(given.Concat(reshared).Select(p => GiveAwayAsync(p, stoppingToken))).ConfigureAwait(false);
        foreach (var partition in taken.Concat(reshared).Order())
        {
            var queue = PartitionTopology.Queue(settings, partition);
            watchdog.Expect(queue);
            try
            {
                var handle = connector.ConnectReceiveEndpoint(queue, (context, e) =>
                {
                    WorkerRegistration.ConfigurePartition((IRabbitMqReceiveEndpointConfigurator)e, context, settings, owned.Count);
                    e.ConnectReceiveEndpointObserver(watchdog);
                });
                _connected[partition] = (handle, owned.Count);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Tried again at the next heartbeat; meanwhile the watchdog counts it as not consumed.
                LogConnectFailed(partition, e.Message);
            }
        }
    }

    private async Task GiveAwayAsync(int partition, CancellationToken stoppingToken)
    {
        var (handle, _) = _connected[partition];
        _connected.Remove(partition);
        try
        {
            await watchdog.ForgetAsync(PartitionTopology.Queue(options.Value, partition), stoppingToken).ConfigureAwait(false);
            await handle.StopAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogGiveAwayFailed(partition, e.Message);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // Leave at once, so the others take the partitions over at their next heartbeat, not after the timeout.
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await store.Workers.LeaveAsync(WorkerId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogLeaveFailed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Partitions: owns {Count} of {Partitions} ({Owned}) among {Workers} live workers; took {Taken}, gave away {Given}")]
    private partial void LogAssigned(int count, int partitions, string owned, int workers, string taken, string given);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker heartbeat failed; keeping the {Count} partitions owned until the case database answers: {Reason}")]
    private partial void LogHeartbeatFailed(int count, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker heartbeat recorded again; {Workers} live workers")]
    private partial void LogHeartbeatBack(int workers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connecting to partition {Partition} failed (tried again at the next heartbeat): {Reason}")]
    private partial void LogConnectFailed(int partition, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving partition {Partition} away failed: {Reason}")]
    private partial void LogGiveAwayFailed(int partition, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leaving the live workers failed (the others take over after Bus:WorkerTimeout): {Reason}")]
    private partial void LogLeaveFailed(string reason);
}
