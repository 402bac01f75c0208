using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace PlatformWatch.Macro;

/// <summary>
/// a. The limit: RabbitMQ.Client consuming the worker's partition queues on one channel, the
/// worker's prefetch shared out over them, each body parsed as JSON (the event id read out of
/// MassTransit's envelope), acknowledgements batched (<c>multiple</c>) every <see cref="AckEvery"/>
/// messages.
/// </summary>
internal static class RawScenario
{
    public const ushort Prefetch = 1000;
    public const int AckEvery = 100;

    public static async Task<DrainResult> RunAsync(Broker broker, int events, CancellationToken ct)
    {
        var clock = new DrainClock(events, () => Cpu.Take(Environment.ProcessId));
        await using var connection = await Broker.Factory(broker.Uri, "platformwatch-macro-raw").CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        // Per consumer (global: false): the partitions' share of the worker's prefetch, as the worker has it.
        await channel.BasicQosAsync(0, (ushort)Math.Max(AckEvery, (Prefetch + Broker.Partitions.Count - 1) / Broker.Partitions.Count), false, ct);
        var consumer = new AsyncEventingBasicConsumer(channel);
        var received = 0;
        var idBytes = 0L;
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            using (var document = JsonDocument.Parse(delivery.Body))
            {
                idBytes += document.RootElement.GetProperty("message").GetProperty("eventId").GetString()!.Length;
            }

            // One consumer dispatch at a time (the client's default), so the count needs no lock.
            received++;
            if (received % AckEvery == 0 || received == events)
            {
                await channel.BasicAckAsync(delivery.DeliveryTag, true, ct);
                clock.Completed(received % AckEvery == 0 ? AckEvery : received % AckEvery);
            }
        };
        var tags = new List<string>();
        foreach (var queue in Broker.Partitions)
        {
            tags.Add(await channel.BasicConsumeAsync(queue, false, consumer, ct));
        }

        await clock.WaitAsync(TimeSpan.FromSeconds(60), ct);
        foreach (var tag in tags)
        {
            await channel.BasicCancelAsync(tag, false, ct);
        }
        return idBytes > 0 ? clock.Result('a', "harness (the consumer)") : throw new InvalidOperationException("no event id read");
    }
}
