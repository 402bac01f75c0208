using System.Globalization;
using System.Text.Json;
using MassTransit;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Macro;

/// <summary>One message ready for the broker: the contract's exchange, the partition key as routing key, and MassTransit's JSON envelope.</summary>
internal sealed record Envelope(string Exchange, string RoutingKey, string MessageId, ReadOnlyMemory<byte> Body);

/// <summary>
/// The events of a JSONL file and their messages, exactly as <c>platformwatch replay</c> puts them on
/// the bus (MassTransit's envelope, published to the contract's exchange with the partition key as
/// routing key), serialised once so that
/// filling the queue before each run is the broker's work, not the serializer's.
/// </summary>
internal sealed class Backlog
{
    public const string ContentType = "application/vnd.masstransit+json";

    private Backlog(IReadOnlyList<IInboundEvent> events, int refused)
    {
        Events = events;
        Refused = refused;
    }

    public IReadOnlyList<IInboundEvent> Events { get; }

    public int Refused { get; }

    public int Count => Events.Count;

    public static async Task<Backlog> LoadAsync(FileInfo file, int? limit, CancellationToken ct)
    {
        var events = new List<IInboundEvent>();
        var refused = 0;
        await using var stream = file.OpenRead();
        await foreach (var line in JsonlReader.ReadAsync(stream, JsonlReader.DefaultMaxLineBytes, ct))
        {
            if (!line.Parsed.IsValid)
            {
                refused++;
                continue;
            }

            events.Add(line.Parsed.Event!);
            if (events.Count == limit)
            {
                break;
            }
        }

        if (events.Select(e => e.EventId).Distinct(StringComparer.Ordinal).Count() != events.Count)
        {
            throw new InvalidDataException($"{file.Name}: event ids repeat; every run must drain distinct events");
        }

        return new Backlog(events, refused);
    }

    /// <summary>The envelopes of every event, serialised now.</summary>
    public Envelope[] Envelopes(DateTime sentTime) => [.. Events.Select(e => Wrap(e, sentTime))];

    /// <summary>
    /// MassTransit's JSON envelope, as its publish writes it; the worker's deserializer, the
    /// validation filter (which matches the message type URN) and the consumers read it like any other.
    /// </summary>
    public static Envelope Wrap(IInboundEvent e, DateTime sentTime)
    {
        var type = e.GetType();
        var exchange = type.Namespace + ":" + type.Name;
        var messageId = NewId.NextGuid().ToString();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("messageId", messageId);
            writer.WriteString("conversationId", messageId);
            writer.WriteString("sourceAddress", "rabbitmq://localhost/platformwatch_macro");
            writer.WriteString("destinationAddress", "rabbitmq://localhost/" + exchange);
            writer.WriteStartArray("messageType");
            writer.WriteStringValue(MessageUrn.ForTypeString(type));
            writer.WriteEndArray();
            writer.WritePropertyName("message");
            JsonSerializer.Serialize(writer, e, type, ContractJson.Options);
            writer.WriteString("sentTime", DateTime.SpecifyKind(sentTime, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture));
            writer.WriteStartObject("headers");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return new Envelope(exchange, PlatformWatch.Hosting.PartitionKey.Of(e), messageId, buffer.WrittenMemory);
    }

    /// <summary>The same event under another id (a later round of the RSS run, the latency test's load).</summary>
    public static IInboundEvent WithId(IInboundEvent e, string eventId) => e switch
    {
        MarketShareReported x => x with { EventId = eventId },
        ConductObserved x => x with { EventId = eventId },
        PriceQuoteObserved x => x with { EventId = eventId },
        RankingObserved x => x with { EventId = eventId },
        PlatformProfileReported x => x with { EventId = eventId },
        AcquisitionAnnounced x => x with { EventId = eventId },
        SelfRegulationReportSubmitted x => x with { EventId = eventId },
        ReportingObligationSet x => x with { EventId = eventId },
        DesignationDecided x => x with { EventId = eventId },
        _ => throw new ArgumentException($"unknown contract {e.GetType().Name}", nameof(e)),
    };

    /// <summary>The contracts in the backlog, with their counts, for the report.</summary>
    public string Mix() => string.Join(", ", Events.GroupBy(e => e.GetType().Name).OrderByDescending(g => g.Count())
        .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count():N0} {g.Key}")));
}
