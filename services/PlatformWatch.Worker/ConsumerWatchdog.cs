using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlatformWatch.Worker;

/// <summary>
/// Keeps a RabbitMQ worker consuming. It follows the events endpoint (ready: its consumer is on the
/// queue; faulted or completed: it is not) and, while there is no consumer, restarts the endpoint every
/// <see cref="BusOptions.ReconnectInterval"/>; after <see cref="BusOptions.RestartWhenNotConsumingFor"/>
/// it stops the process with <see cref="ExitCode"/> and the reason, for systemd or Kubernetes to start
/// it afresh. The health check <c>consuming</c> on /health/ready reports it.
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
    private IReceiveEndpoint? _endpoint;
    private bool _watching;
    private bool _consuming;
    private bool _consumedBefore;
    private DateTimeOffset _downSince;
    private string? _reason;

    /// <summary>Why the worker stopped itself; null while it has not.</summary>
    public string? StoppedBecause { get; private set; }

    /// <summary>Whether the consumer is on the queue; if not, for how long and the last reason known.</summary>
    public (bool Consuming, TimeSpan Down, string Reason) Status
    {
        get
        {
            lock (_lock)
            {
                return _consuming
                    ? (true, TimeSpan.Zero, "")
                    : (false, _watching ? clock.GetUtcNow() - _downSince : TimeSpan.Zero, _reason ?? "not connected yet");
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Started after the case database is migrated: a wait for the database is not counted.
        lock (_lock)
        {
            _watching = true;
            _downSince = clock.GetUtcNow();
        }

        // Done as soon as the host begins to stop: the bus then stops its consumer on purpose.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var settings = options.Value;
        var lastTry = clock.GetUtcNow();
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

                var now = clock.GetUtcNow();
                if (down >= settings.ReconnectInterval && now - lastTry >= settings.ReconnectInterval && Endpoint() is { } endpoint)
                {
                    lastTry = now;
                    LogReconnecting(settings.Queue, down.TotalSeconds, reason);
                    await RestartAsync(endpoint, settings.ReconnectInterval, stopping.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    // A new start of the endpoint's transport: a new connection attempt at once, with MassTransit's
    // waits between attempts counted from zero again.
    private async Task RestartAsync(IReceiveEndpoint endpoint, TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        stop.CancelAfter(timeout);
        try
        {
            if (Status.Consuming)
            {
                return; // came back on its own meanwhile
            }

            await endpoint.Stop(stop.Token).ConfigureAwait(false);
            if (!stoppingToken.IsCancellationRequested)
            {
                endpoint.Start(CancellationToken.None);
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogRestartFailed(e.Message);
        }
    }

    private IReceiveEndpoint? Endpoint()
    {
        lock (_lock)
        {
            return _endpoint;
        }
    }

    /// <inheritdoc />
    Task IReceiveEndpointObserver.Ready(ReceiveEndpointReady ready)
    {
        TimeSpan? after = null;
        lock (_lock)
        {
            _endpoint = ready.ReceiveEndpoint;
            if (!_consuming && _watching && _consumedBefore)
            {
                after = clock.GetUtcNow() - _downSince;
            }

            _consuming = true;
            _consumedBefore = true;
            _reason = null;
        }

        if (after is { } down)
        {
            LogConsuming(options.Value.Queue, down.TotalSeconds);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    Task IReceiveEndpointObserver.Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    /// <inheritdoc />
    Task IReceiveEndpointObserver.Completed(ReceiveEndpointCompleted completed) =>
        NotConsuming(completed.ReceiveEndpoint, null);

    /// <inheritdoc />
    Task IReceiveEndpointObserver.Faulted(ReceiveEndpointFaulted faulted) =>
        NotConsuming(faulted.ReceiveEndpoint, faulted.Exception is { } e ? Reason(e) : null);

    // MassTransit's message names the broker; the innermost one says what went wrong there
    // (connection refused, PRECONDITION_FAILED - inequivalent arg 'x-delivery-limit' …).
    private static string Reason(Exception exception) =>
        exception.GetBaseException() is { } cause && cause != exception ? $"{exception.Message}: {cause.Message}" : exception.Message;

    private Task NotConsuming(IReceiveEndpoint endpoint, string? reason)
    {
        lock (_lock)
        {
            _endpoint = endpoint;
            if (_consuming)
            {
                _consuming = false;
                _downSince = clock.GetUtcNow();
                _reason = "the consumer stopped (connection closed)";
            }

            _reason = reason ?? _reason;
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not consuming from {Queue} for {Seconds:F0} s ({Reason}); connecting again")]
    private partial void LogReconnecting(string queue, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restarting the consumer failed (tried again later): {Reason}")]
    private partial void LogRestartFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming from {Queue} again after {Seconds:F0} s")]
    private partial void LogConsuming(string queue, double seconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Not consuming from {Queue} for {Seconds:F0} s (Bus:RestartWhenNotConsumingFor is {Limit:F0} s): {Reason}; the worker stops with exit code {ExitCode} for its service manager to start it again")]
    private partial void LogGivingUp(string queue, double seconds, double limit, string reason, int exitCode);
}

/// <summary>Ready when the worker consumes: its consumer is on the events queue.</summary>
public sealed class ConsumingHealthCheck(ConsumerWatchdog watchdog, IOptions<BusOptions> options) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (consuming, down, reason) = watchdog.Status;
        var queue = options.Value.Queue;
        return Task.FromResult(consuming
            ? HealthCheckResult.Healthy($"consuming from {queue}")
            : HealthCheckResult.Unhealthy($"not consuming from {queue} for {down.TotalSeconds:F0} s: {reason}"));
    }
}
