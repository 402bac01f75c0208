using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace PlatformWatch.Macro;

/// <summary>
/// a. The limit: RabbitMQ.Client consuming the worker's queue with the worker's prefetch, each body
/// parsed as JSON (the event id read out of MassTransit's envelope), acknowledgements batched
/// (<c>multiple</c>) every <see cref="AckEvery"/> messages.
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
        await channel.BasicQosAsync(0, Prefetch, false, ct);
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
        var tag = await channel.BasicConsumeAsync(Broker.Queue, false, consumer, ct);
        await clock.WaitAsync(TimeSpan.FromSeconds(60), ct);
        await channel.BasicCancelAsync(tag, false, ct);
        return idBytes > 0 ? clock.Result('a', "harness (the consumer)") : throw new InvalidOperationException("no event id read");
    }
}
