using System.Reflection;
using MassTransit;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;

using PlatformWatch.Rules;

namespace PlatformWatch.Worker;

/// <summary>
/// Refuses a message before it joins a batch: larger than the cap, or breaking the contract's rules
/// (field and reason). It faults alone — parked in the error queue with the reason, never retried —
/// and the rest of the stream goes on. It sits on the endpoint's pipe, where each message is still
/// on its own (a filter on the consumer would see whole batches). A body that does not deserialize
/// at all (not JSON, a required field missing) faults with the deserializer's message, which names it.
/// </summary>
public sealed class EventValidationFilter(int maxMessageBytes) : IFilter<ConsumeContext>
{
    private static readonly Dictionary<string, Func<ConsumeContext, IInboundEvent?>> Readers = InboundContracts.All.ToDictionary(
        MessageUrn.ForTypeString,
        t => typeof(EventValidationFilter).GetMethod(nameof(ReadAs), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(t).CreateDelegate<Func<ConsumeContext, IInboundEvent?>>(),
        StringComparer.Ordinal);

    /// <inheritdoc />
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var type = context.SupportedMessageTypes.FirstOrDefault(Readers.ContainsKey);
        var size = context.ReceiveContext.Body.Length ?? 0;
        if (size > maxMessageBytes)
        {
            PlatformWatchTelemetry.EventsParked.Add(1, PlatformWatchTelemetry.Tag("type", Name(type)));
            throw new InvalidEventException(Name(type), $"message is {size} bytes, over the limit of {maxMessageBytes} bytes");
        }

        if (type is not null && Readers[type](context) is { } inbound)
        {
            var parsed = EventParser.Check(inbound);
            if (!parsed.IsValid)
            {
                PlatformWatchTelemetry.EventsRejected.Add(1, PlatformWatchTelemetry.Tag("type", Name(type)));
                throw new InvalidEventException(Name(type), ContractError.Join(parsed.Errors));
            }
        }

        return next.Send(context);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context?.CreateFilterScope("event-validation");

    private static IInboundEvent? ReadAs<T>(ConsumeContext context)
        where T : class, IInboundEvent => context.TryGetMessage<T>(out var typed) ? typed.Message : null;

    private static string Name(string? urn) => urn is null ? "message" : urn[(urn.LastIndexOf(':') + 1)..];
}
