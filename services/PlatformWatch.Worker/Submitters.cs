using MassTransit;
using Microsoft.Extensions.Options;
using PlatformWatch.Store;

namespace PlatformWatch.Worker;

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
/// worker within that time).
/// </summary>
public sealed class SourceRegistryCache(CaseStore store, TimeProvider clock, IOptions<BusOptions> options) : IDisposable
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
                _registry = await store.GetSourceRegistryAsync(cancellationToken).ConfigureAwait(false);
                _readAt = clock.GetUtcNow();
            }

            return _registry;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _refresh.Dispose();
}
