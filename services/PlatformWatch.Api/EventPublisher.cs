using MassTransit;
using Microsoft.Extensions.Options;
using PlatformWatch.Contracts;
using PlatformWatch.Worker;

namespace PlatformWatch.Api;

/// <summary>
/// Puts events on the bus for the workers: with publisher confirms and, on RabbitMQ, the mandatory
/// flag, so an event the broker cannot queue is an error the caller sees (503), never a silent loss.
/// </summary>
public sealed partial class EventPublisher(IBus bus, IOptions<BusOptions> options, ILogger<EventPublisher> logger)
{
    /// <summary>
    /// Publishes inbound events submitted by <paramref name="submitter"/> (<c>api-key:ID</c>,
    /// <c>token:SUBJECT</c>), named in the message for the workers (see <see cref="Submitters"/>);
    /// throws when the bus does not take one.
    /// </summary>
    public async Task PublishAsync(IEnumerable<IInboundEvent> events, string submitter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var pipe = Pipe.Execute<PublishContext>(c =>
        {
            c.Mandatory = true;
            Submitters.Mark(c, submitter, options.Value);
        });
        await Task.WhenAll(events.Select(e => bus.Publish(e, e.GetType(), pipe, cancellationToken)));
    }

    /// <summary>Publishes an announcement (a notice issued): what it announces is already in the database, so a failure is logged, not thrown.</summary>
    public async Task AnnounceAsync<T>(T message, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await bus.Publish(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAnnounceFailed(e, typeof(T).Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish {MessageType}; it is recorded in the case database")]
    private partial void LogAnnounceFailed(Exception exception, string messageType);
}
