using MassTransit;
using Microsoft.Extensions.Options;
using PlatformWatch.Contracts;
using PlatformWatch.Hosting;

namespace PlatformWatch.Api;

/// <summary>
/// Puts events on the bus for the workers: with publisher confirms and, on RabbitMQ, the mandatory
/// flag, so an event the broker cannot queue is an error the caller sees (503), never a silent loss.
/// </summary>
public sealed class EventPublisher(IBus bus, IOptions<BusOptions> options)
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
}
