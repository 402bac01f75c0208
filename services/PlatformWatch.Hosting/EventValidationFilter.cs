using System.Reflection;
using MassTransit;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules;

using PlatformWatch.Store;

namespace PlatformWatch.Hosting;

/// <summary>
/// Refuses a message before it joins a batch: larger than the cap, breaking the contract's rules
/// (field and reason), or, once a source registry is set, of a source its submitter may not speak
/// for (the reason names <c>source</c>). It faults alone — parked in the error queue with the reason, never retried —
/// and the rest of the stream goes on. It sits on the endpoint's pipe, where each message is still
/// on its own (a filter on the consumer would see whole batches). A body that does not deserialize
/// at all (not JSON, a required field missing) faults with the deserializer's message, which names it.
/// </summary>
/// <param name="bus">The bus settings (size cap, trusted publishers).</param>
/// <param name="sources">The source registry to check against (null: no source checks, for a consumer without a case database).</param>
public sealed class EventValidationFilter(BusOptions bus, SourceRegistryCache? sources) : IFilter<ConsumeContext>
{
    private static readonly Dictionary<string, Func<ConsumeContext, IInboundEvent?>> Readers = InboundContracts.All.ToDictionary(
        MessageUrn.ForTypeString,
        t => typeof(EventValidationFilter).GetMethod(nameof(ReadAs), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(t).CreateDelegate<Func<ConsumeContext, IInboundEvent?>>(),
        StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var type = context.SupportedMessageTypes.FirstOrDefault(Readers.ContainsKey);
        var size = context.ReceiveContext.Body.Length ?? 0;
        if (size > bus.MaxMessageBytes)
        {
            PlatformWatchTelemetry.EventsParked.Add(1, PlatformWatchTelemetry.Tag("type", Name(type)));
            throw new InvalidEventException(Name(type), $"message is {size} bytes, over the limit of {bus.MaxMessageBytes} bytes");
        }

        if (type is not null && Readers[type](context) is { } inbound)
        {
            var parsed = EventParser.Check(inbound);
            if (!parsed.IsValid)
            {
                PlatformWatchTelemetry.EventsRejected.Add(1, PlatformWatchTelemetry.Tag("type", Name(type)));
                throw new InvalidEventException(Name(type), ContractError.Join(parsed.Errors));
            }

            var registry = sources is null ? SourceRegistry.None : await sources.CurrentAsync(context.CancellationToken).ConfigureAwait(false);
            if (registry.IsSet)
            {
                var refusal = Submitters.Of(context, bus) is { } submission
                    ? registry.Refusal(inbound, submission)
                    : "the submitter is not known: the message carries no user_id property (set it to the AMQP user that publishes)";
                if (refusal is not null)
                {
                    PlatformWatchTelemetry.EventsRejected.Add(1, PlatformWatchTelemetry.Tag("type", Name(type)));
                    throw new InvalidEventException(Name(type), "source: " + refusal);
                }
            }
        }

        await next.Send(context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context?.CreateFilterScope("event-validation");

    private static IInboundEvent? ReadAs<T>(ConsumeContext context)
        where T : class, IInboundEvent => context.TryGetMessage<T>(out var typed) ? typed.Message : null;

    private static string Name(string? urn) => urn is null ? "message" : urn[(urn.LastIndexOf(':') + 1)..];
}
