using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlatformWatch.Store;

namespace PlatformWatch.Hosting;

/// <summary>
/// Who submitted a message on the bus (CONTRACTS.md "Sources and submitters"). On RabbitMQ it is
/// <c>amqp:USER</c>, from the message's <c>user_id</c> property, which the broker validates against
/// the connection's user; a publisher named in <see cref="BusOptions.TrustedPublishers"/> (the API,
/// <c>platformwatch replay</c>) names the credential it submits for in the
/// <see cref="Header"/> header instead. On the in-memory bus, in one process, the header is believed.
/// </summary>
public static class Submitters
{
    /// <summary>The header a trusted publisher names the submitter in (<c>api-key:ID</c>, <c>token:SUBJECT</c>, <c>cli:ACTOR</c>).</summary>
    public const string Header = "PlatformWatch-Submitter";

    /// <summary>The submission of a message, or null when its submitter cannot be known (no <c>user_id</c>).</summary>
    public static Submission? Of(ConsumeContext context, BusOptions bus)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(bus);
        var named = context.Headers.Get<string>(Header);
        if (bus.Transport == BusTransport.InMemory)
        {
            return named is null ? null : Named(named);
        }

        var user = context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit.Properties.UserId : null;
        if (string.IsNullOrEmpty(user))
        {
            return null;
        }

        return named is not null && bus.TrustedPublishers.Contains(user, StringComparer.Ordinal) ? Named(named) : new Submission("amqp:" + user);
    }

    /// <summary>Sets the submitter of a message being published: the header, and on RabbitMQ the validated <c>user_id</c> of the connection.</summary>
    public static void Mark(SendContext context, string submitter, BusOptions bus)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(bus);
        context.Headers.Set(Header, submitter);
        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
        {
            rabbit.BasicProperties.UserId = bus.Username;
        }
    }

    // Events from the command line are its operator's: any registered source.
    private static Submission Named(string submitter) => new(submitter, submitter.StartsWith("cli:", StringComparison.Ordinal));
}

/// <summary>
/// The source registry as the bus filter checks it: read from the case database, and again once it
/// is older than <see cref="BusOptions.SourceRegistryRefresh"/> (a change takes effect on every
/// worker within that time). While the database is away the registry read last stays in force (no
/// change to it can be made meanwhile); with none read yet, the message waits for the database as a
/// batch does, instead of being retried into the error queue.
/// </summary>
public sealed partial class SourceRegistryCache(CaseStore store, TimeProvider clock, IOptions<BusOptions> options, ILogger<SourceRegistryCache> logger) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private SourceRegistry? _registry;
    private DateTimeOffset _readAt;

    /// <summary>The registry, read again when the copy held is too old.</summary>
    public async ValueTask<SourceRegistry> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_registry is { } held && clock.GetUtcNow() - _readAt < options.Value.SourceRegistryRefresh)
        {
            return held;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_registry is null || clock.GetUtcNow() - _readAt >= options.Value.SourceRegistryRefresh)
            {
                _registry = await ReadWaitingOutOutagesAsync(cancellationToken).ConfigureAwait(false);
                _readAt = clock.GetUtcNow();
            }

            return _registry;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<SourceRegistry> ReadWaitingOutOutagesAsync(CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await store.Sources.GetRegistryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (store.IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                if (_registry is { } held)
                {
                    LogKept(options.Value.SourceRegistryRefresh.TotalSeconds, e.Message);
                    return held;
                }

                LogWaiting(attempt, wait.TotalSeconds, e.Message);
                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, options.Value.OutageRetryMaxInterval.Ticks));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _refresh.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable: the source registry read last stays in force, read again in {Seconds} s: {Reason}")]
    private partial void LogKept(double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable: the source registry cannot be read, events wait (attempt {Attempt}, next in {Seconds} s): {Reason}")]
    private partial void LogWaiting(int attempt, double seconds, string reason);
}
