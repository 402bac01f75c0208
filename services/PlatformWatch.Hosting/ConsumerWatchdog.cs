using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlatformWatch.Hosting;

/// <summary>
/// Keeps a RabbitMQ worker consuming. It follows the endpoints of the partitions the worker owns
/// (<see cref="PartitionCoordinator"/> tells it which: ready, its consumer is on the queue; faulted or
/// completed, it is not) and restarts each endpoint without a consumer every
/// <see cref="BusOptions.ReconnectInterval"/>; when the worker has not consumed from every partition it
/// owns for <see cref="BusOptions.RestartWhenNotConsumingFor"/>, it stops the process with
/// <see cref="ExitCode"/> and the reason, for systemd or Kubernetes to start it afresh. The health
/// check <c>consuming</c> on /health/ready reports it. A worker that owns no partition (more workers
/// than partitions) is a ready standby.
/// </summary>
/// <remarks>
/// The restart is there because MassTransit's receive transport waits between its own attempts 3 s
/// growing to 30 s (±25 %), and never resets that wait after a success: a worker that had seen a few
/// broker restarts came back 22–37 s after the broker. A restarted endpoint tries at once.
/// </remarks>
public sealed partial class ConsumerWatchdog(IOptions<BusOptions> options, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<ConsumerWatchdog> logger)
    : BackgroundService, IReceiveEndpointObserver
{
    /// <summary>The exit code of a worker that stopped itself because it did not consume.</summary>
    public const int ExitCode = 4;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Watched> _endpoints = new(StringComparer.Ordinal);
    private bool _assigned;
    private DateTimeOffset _watchingSince;

    private sealed class Watched(DateTimeOffset since)
    {
        public IReceiveEndpoint? Endpoint { get; set; }
        public bool Consuming { get; set; }
        public bool ConsumedBefore { get; set; }
        public DateTimeOffset DownSince { get; set; } = since;
        public DateTimeOffset LastTry { get; set; } = since;
        public string Reason { get; set; } = "not connected yet";

        // Held while the endpoint restarts: a partition given away waits for its restart to end.
        public SemaphoreSlim Turn { get; } = new(1, 1);
    }

    /// <summary>Why the worker stopped itself; null while it has not.</summary>
    public string? StoppedBecause { get; private set; }

    /// <summary>
    /// Whether the worker consumes from every partition it owns; if not, for how long the longest
    /// of them has not, and why (the queue and the last reason known).
    /// </summary>
    public (bool Consuming, TimeSpan Down, string Reason) Status
    {
        get
        {
            lock (_lock)
            {
                var now = clock.GetUtcNow();
                if (!_assigned)
                {
                    return (false, _watchingSince == default ? TimeSpan.Zero : now - _watchingSince, "no partition assigned yet");
                }

                var down = _endpoints.Where(e => !e.Value.Consuming).OrderBy(e => e.Value.DownSince).Select(e => (Queue: e.Key, State: e.Value)).FirstOrDefault();
                return down.State is null ? (true, TimeSpan.Zero, "") : (false, now - down.State.DownSince, $"{down.Queue}: {down.State.Reason}");
            }
        }
    }

    /// <summary>Follows the endpoint of <paramref name="queue"/>, a partition the worker now owns (counted as not consuming until it is ready).</summary>
    public void Expect(string queue)
    {
        lock (_lock)
        {
            _assigned = true;
            _endpoints.TryAdd(queue, new Watched(clock.GetUtcNow()));
        }
    }

    /// <summary>Records that the worker owns the partitions it expects (possibly none).</summary>
    public void Assigned()
    {
        lock (_lock)
        {
            _assigned = true;
        }
    }

    /// <summary>Stops following <paramref name="queue"/> (a partition given away); once this returns, no restart of it runs or will run.</summary>
    public async Task ForgetAsync(string queue, CancellationToken cancellationToken)
    {
        Watched? watched;
        lock (_lock)
        {
            _endpoints.Remove(queue, out watched);
        }

        if (watched is not null)
        {
            await watched.Turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            watched.Turn.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Started after the case database is migrated: a wait for the database is not counted.
        lock (_lock)
        {
            _watchingSince = clock.GetUtcNow();
            foreach (var watched in _endpoints.Values.Where(w => !w.Consuming))
            {
                watched.DownSince = _watchingSince;
            }
        }

        // Done as soon as the host begins to stop: the bus then stops its consumers on purpose.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var settings = options.Value;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stopping.Token).ConfigureAwait(false);
                var (consuming, down, reason) = Status;
                if (consuming)
                {
                    continue;
                }

                if (settings.RestartWhenNotConsumingFor > TimeSpan.Zero && down >= settings.RestartWhenNotConsumingFor)
                {
                    StoppedBecause = $"not consuming from {settings.Queue} for {down.TotalSeconds:F0} s: {reason}";
                    LogGivingUp(settings.Queue, down.TotalSeconds, settings.RestartWhenNotConsumingFor.TotalSeconds, reason, ExitCode);
                    Environment.ExitCode = ExitCode;
                    lifetime.StopApplication();
                    return;
                }

                await Task.WhenAll(Due(settings.ReconnectInterval).Select(d => RestartAsync(d.Queue, d.Endpoint, d.Down, d.Reason, settings.ReconnectInterval, stopping.Token))).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    // The endpoints without a consumer for an interval whose last restart is an interval ago.
    private List<(string Queue, IReceiveEndpoint Endpoint, TimeSpan Down, string Reason)> Due(TimeSpan interval)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            var due = new List<(string, IReceiveEndpoint, TimeSpan, string)>();
            foreach (var (queue, watched) in _endpoints)
            {
                if (!watched.Consuming && watched.Endpoint is { } endpoint && now - watched.DownSince >= interval && now - watched.LastTry >= interval)
                {
                    watched.LastTry = now;
                    due.Add((queue, endpoint, now - watched.DownSince, watched.Reason));
                }
            }

            return due;
        }
    }

    // A new start of the endpoint's transport: a new connection attempt at once, with MassTransit's
    // waits between attempts counted from zero again. Not for a partition given away meanwhile.
    private async Task RestartAsync(string queue, IReceiveEndpoint endpoint, TimeSpan down, string reason, TimeSpan timeout, CancellationToken stoppingToken)
    {
        Watched? turn;
        lock (_lock)
        {
            turn = _endpoints.GetValueOrDefault(queue);
        }

        if (turn is null)
        {
            return;
        }

        // Each endpoint restarts on its own: all of a worker's partitions come back within one interval.
        await turn.Turn.WaitAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            stop.CancelAfter(timeout);
            lock (_lock)
            {
                if (!_endpoints.TryGetValue(queue, out var watched) || watched.Consuming)
                {
                    return; // given away, or came back on its own meanwhile
                }
            }

            LogReconnecting(queue, down.TotalSeconds, reason);
            await endpoint.Stop(stop.Token).ConfigureAwait(false);
            if (!stoppingToken.IsCancellationRequested)
            {
                endpoint.Start(CancellationToken.None);
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogRestartFailed(queue, e.Message);
        }
        finally
        {
            turn.Turn.Release();
        }
    }

    // The queue of an endpoint: the last segment of its address (rabbitmq://host/vhost/queue).
    private static string QueueOf(Uri address) => Uri.UnescapeDataString(address.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "");

    /// <inheritdoc />
    Task IReceiveEndpointObserver.Ready(ReceiveEndpointReady ready)
    {
        var queue = QueueOf(ready.InputAddress);
        TimeSpan? after = null;
        lock (_lock)
        {
            if (!_endpoints.TryGetValue(queue, out var watched))
            {
                return Task.CompletedTask;
            }

            watched.Endpoint = ready.ReceiveEndpoint;
            if (!watched.Consuming && watched.ConsumedBefore)
            {
                after = clock.GetUtcNow() - watched.DownSince;
            }

            watched.Consuming = true;
            watched.ConsumedBefore = true;
        }

        if (after is { } down)
        {
            LogConsuming(queue, down.TotalSeconds);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    Task IReceiveEndpointObserver.Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    /// <inheritdoc />
    Task IReceiveEndpointObserver.Completed(ReceiveEndpointCompleted completed) =>
        NotConsuming(completed.InputAddress, completed.ReceiveEndpoint, null);

    /// <inheritdoc />
    Task IReceiveEndpointObserver.Faulted(ReceiveEndpointFaulted faulted)
    {
        var reason = faulted.Exception is { } e ? Reason(e) : null;
        if (faulted.Exception is { } fault && LostTheBroker(fault))
        {
            // Every partition's endpoint shares the bus's one connection, but MassTransit may report
            // its loss on only some of them: the others would wait on their own, with the growing waits
            // the restarts are there to avoid (a broker restart left some partitions without consumer).
            lock (_lock)
            {
                foreach (var watched in _endpoints.Values.Where(w => w.Consuming))
                {
                    watched.Consuming = false;
                    watched.DownSince = clock.GetUtcNow();
                    watched.Reason = reason ?? "the connection to the broker was lost";
                }
            }
        }

        return NotConsuming(faulted.InputAddress, faulted.ReceiveEndpoint, reason);
    }

    // The broker unreachable or the connection gone, as opposed to a fault of one queue (its arguments).
    private static bool LostTheBroker(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.ConnectFailureException or RabbitMQ.Client.Exceptions.AlreadyClosedException
                || e.GetType().Name.Contains("Connection", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // MassTransit's message names the broker; the innermost one says what went wrong there
    // (connection refused, PRECONDITION_FAILED - inequivalent arg 'x-delivery-limit' …).
    private static string Reason(Exception exception) =>
        exception.GetBaseException() is { } cause && cause != exception ? $"{exception.Message}: {cause.Message}" : exception.Message;

    private Task NotConsuming(Uri address, IReceiveEndpoint endpoint, string? reason)
    {
        lock (_lock)
        {
            if (!_endpoints.TryGetValue(QueueOf(address), out var watched))
            {
                return Task.CompletedTask;
            }

            watched.Endpoint = endpoint;
            if (watched.Consuming)
            {
                watched.Consuming = false;
                watched.DownSince = clock.GetUtcNow();
                watched.Reason = "the consumer stopped (connection closed)";
            }

            watched.Reason = reason ?? watched.Reason;
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not consuming from {Queue} for {Seconds:F0} s ({Reason}); connecting again")]
    private partial void LogReconnecting(string queue, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restarting the consumer on {Queue} failed (tried again later): {Reason}")]
    private partial void LogRestartFailed(string queue, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming from {Queue} again after {Seconds:F0} s")]
    private partial void LogConsuming(string queue, double seconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Not consuming from {Queue} for {Seconds:F0} s (Bus:RestartWhenNotConsumingFor is {Limit:F0} s): {Reason}; the worker stops with exit code {ExitCode} for its service manager to start it again")]
    private partial void LogGivingUp(string queue, double seconds, double limit, string reason, int exitCode);
}

/// <summary>Ready when the worker consumes: its consumer is on the queue of every partition it owns.</summary>
public sealed class ConsumingHealthCheck(ConsumerWatchdog watchdog, PartitionCoordinator partitions, IOptions<BusOptions> options) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (consuming, down, reason) = watchdog.Status;
        var queue = options.Value.Queue;
        var owned = partitions.Owned;
        return Task.FromResult(consuming
            ? HealthCheckResult.Healthy(owned.Count == 0
                ? $"owns no partition of {queue} ({partitions.LiveWorkers} workers for {options.Value.Partitions} partitions): a standby"
                : $"consuming from {queue}, partitions {string.Join(", ", owned)}")
            : HealthCheckResult.Unhealthy($"not consuming from {queue} for {down.TotalSeconds:F0} s: {reason}"));
    }
}
