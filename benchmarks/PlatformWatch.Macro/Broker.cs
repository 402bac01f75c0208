using PlatformWatch.Hosting;
using RabbitMQ.Client;

namespace PlatformWatch.Macro;

/// <summary>The harness's own connection to RabbitMQ: filling the queue, watching it, emptying it.</summary>
internal sealed class Broker(Uri uri) : IAsyncDisposable
{
    public const string Queue = "platformwatch-events";

    /// <summary>The worker's partition queues (Bus:Partitions of the defaults), where the backlog waits.</summary>
    public static IReadOnlyList<string> Partitions { get; } = PartitionTopology.Queues(new BusOptions { Queue = Queue });

    private IConnection? _connection;

    public Uri Uri { get; } = uri;

    public async Task<IConnection> ConnectionAsync(CancellationToken ct) =>
        _connection ??= await Factory(Uri, "platformwatch-macro").CreateConnectionAsync(ct);

    public static ConnectionFactory Factory(Uri uri, string name) => new()
    {
        Uri = uri,
        ClientProvidedName = name,
        AutomaticRecoveryEnabled = false,
    };

    /// <summary>
    /// Publishes every envelope, persistent, mandatory, with publisher confirms (awaited in windows
    /// on a few channels at once), and returns when the broker has confirmed them all.
    /// </summary>
    public async Task PublishAsync(IReadOnlyList<Envelope> envelopes, CancellationToken ct, int channels = 4, int window = 512)
    {
        var connection = await ConnectionAsync(ct);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, channels).Select(async _ =>
        {
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true, null), ct);
            var pending = new List<Task>(window);
            for (var i = Interlocked.Increment(ref next); i < envelopes.Count; i = Interlocked.Increment(ref next))
            {
                pending.Add(PublishOneAsync(channel, envelopes[i], ct).AsTask());
                if (pending.Count >= window)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }

            await Task.WhenAll(pending);
        }));
    }

    public static ValueTask PublishOneAsync(IChannel channel, Envelope envelope, CancellationToken ct)
    {
        var properties = new BasicProperties
        {
            MessageId = envelope.MessageId,
            ContentType = Backlog.ContentType,
            DeliveryMode = DeliveryModes.Persistent,
        };
        return channel.BasicPublishAsync(envelope.Exchange, envelope.RoutingKey, true, properties, envelope.Body, ct);
    }

    /// <summary>Messages ready in a queue (0 when it does not exist).</summary>
    public async Task<uint> DepthAsync(string queue, CancellationToken ct)
    {
        var connection = await ConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0;
        }
    }

    /// <summary>Messages ready in all partitions.</summary>
    public async Task<long> BacklogDepthAsync(CancellationToken ct)
    {
        var depth = 0L;
        foreach (var queue in Partitions)
        {
            depth += await DepthAsync(queue, ct);
        }

        return depth;
    }

    /// <summary>Empties every partition.</summary>
    public async Task PurgeBacklogAsync(CancellationToken ct)
    {
        foreach (var queue in Partitions)
        {
            await PurgeAsync(queue, ct);
        }
    }

    public async Task PurgeAsync(string queue, CancellationToken ct)
    {
        var connection = await ConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        await channel.QueuePurgeAsync(queue, ct);
    }

    /// <summary>What the parking queues hold: must stay zero, or a scenario did not process what it was given.</summary>
    public async Task<string?> ParkedAsync(CancellationToken ct)
    {
        var parked = new List<string>();
        foreach (var suffix in new[] { "_error", "_skipped", "_dead" })
        {
            var depth = await DepthAsync(Queue + suffix, ct);
            if (depth > 0)
            {
                parked.Add($"{depth} in {Queue}{suffix}");
                await PurgeAsync(Queue + suffix, ct);
            }
        }

        return parked.Count == 0 ? null : string.Join(", ", parked);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.CloseAsync();
            _connection.Dispose();
        }
    }
}
