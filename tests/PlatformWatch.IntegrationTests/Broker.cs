using System.Diagnostics;
using System.Globalization;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// The private RabbitMQ node the test script starts (<c>PLATFORMWATCH_TEST_RABBITMQ</c>). Each
/// fixture works in a virtual host of its own, so queues and exchanges never meet.
/// </summary>
internal sealed class Broker
{
    private Broker(string vhost, Uri uri)
    {
        VirtualHost = vhost;
        Uri = uri;
    }

    public string VirtualHost { get; }

    /// <summary>amqp://guest:guest@127.0.0.1:port/vhost</summary>
    public Uri Uri { get; }

    public static async Task<Broker> CreateVirtualHostAsync()
    {
        var root = Environment.GetEnvironmentVariable("PLATFORMWATCH_TEST_RABBITMQ");
        if (root is null)
        {
            var reason = "RabbitMQ is not configured: set PLATFORMWATCH_TEST_RABBITMQ (./tests/run.sh starts a node and does)";
            if (Environment.GetEnvironmentVariable("PLATFORMWATCH_REQUIRE_RABBITMQ") == "1")
            {
                Assert.Fail(reason);
            }

            Assert.Ignore(reason);
        }

        var vhost = "pw-" + Guid.NewGuid().ToString("N")[..12];
        await ControlAsync("add_vhost", vhost);
        await ControlAsync("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        var builder = new UriBuilder(root!) { Path = "/" + Uri.EscapeDataString(vhost) };
        return new Broker(vhost, builder.Uri);
    }

    /// <summary>Runs rabbitmqctl on the test node.</summary>
    public static Task ControlAsync(params string[] args) => ScriptAsync("PLATFORMWATCH_RABBITMQ_SCRIPT", ["ctl", .. args]);

    /// <summary>Stops the broker (its data stays) and starts it again after <paramref name="down"/>.</summary>
    public static async Task RestartAsync(TimeSpan down)
    {
        await ScriptAsync("PLATFORMWATCH_RABBITMQ_SCRIPT", ["stop"]);
        await Task.Delay(down);
        await ScriptAsync("PLATFORMWATCH_RABBITMQ_SCRIPT", ["resume"]);
    }

    /// <summary>Runs one of the test scripts (tests/rabbitmq.sh, tests/postgres.sh).</summary>
    public static async Task ScriptAsync(string variable, string[] args) => await ScriptOutputAsync(variable, args);

    private static async Task<string> ScriptOutputAsync(string variable, string[] args)
    {
        var script = Environment.GetEnvironmentVariable(variable) ?? throw new InvalidOperationException($"{variable} is not set (./tests/run.sh sets it)");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(script)} {string.Join(' ', args)} failed: {await errors}{await output}");
        }

        return await output;
    }

    private async Task<T> WithChannelAsync<T>(Func<IChannel, Task<T>> work)
    {
        var factory = new ConnectionFactory { Uri = Uri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return await work(channel);
    }

    /// <summary>
    /// Messages ready in a queue and its consumers; (0, 0) when the queue does not exist. Read from the
    /// queue itself, so it is exact at once (rabbitmqctl's counts lag by the statistics interval);
    /// messages delivered to a consumer and not yet acknowledged are not counted.
    /// </summary>
    public async Task<(uint Messages, uint Consumers)> QueueAsync(string queue)
    {
        try
        {
            return await WithChannelAsync(async c =>
            {
                var ok = await c.QueueDeclarePassiveAsync(queue);
                return (ok.MessageCount, ok.ConsumerCount);
            });
        }
        catch (OperationInterruptedException)
        {
            return (0, 0);
        }
    }

    /// <summary>A queue of the test's own bound to a message type's exchange, to see what the worker publishes.</summary>
    public Task ObserveAsync(string exchange, string queue) => WithChannelAsync(async c =>
    {
        await c.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await c.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await c.QueueBindAsync(queue, exchange, "");
        return true;
    });

    /// <summary>Publishes raw bytes, as a producer that does not use MassTransit might.</summary>
    public Task PublishRawAsync(string exchange, string routingKey, string body) => WithChannelAsync(async c =>
    {
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true, MessageId = Guid.NewGuid().ToString() };
        await c.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, Encoding.UTF8.GetBytes(body));
        return true;
    });

    /// <summary>
    /// Publishes a raw body as <paramref name="user"/> (a user of the node with rights on this virtual
    /// host), with the message's <c>user_id</c> property set to <paramref name="userId"/> (null: none).
    /// The broker refuses a user_id other than the connection's own.
    /// </summary>
    public async Task PublishRawAsAsync(string exchange, string body, string user, string password, string? userId)
    {
        var factory = new ConnectionFactory { Uri = new UriBuilder(Uri) { UserName = user, Password = password }.Uri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true, MessageId = Guid.NewGuid().ToString(), UserId = userId };
        await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>
    /// Plays a consumer that keeps failing on one message: takes it and hands it back (nack,
    /// requeue) until the queue no longer offers it (nothing delivered for two seconds). Returns how
    /// often it was delivered. A consumer, not basic.get: the partition queues have single active
    /// consumer, which refuses basic.get.
    /// </summary>
    public Task<int> RejectUntilGoneAsync(string queue, int atMost) => WithChannelAsync(async c =>
    {
        var deliveries = 0;
        var delivered = System.Threading.Channels.Channel.CreateUnbounded<ulong>();
        await c.BasicQosAsync(0, 1, false);
        var consumer = new RabbitMQ.Client.Events.AsyncEventingBasicConsumer(c);
        consumer.ReceivedAsync += async (_, got) => await delivered.Writer.WriteAsync(got.DeliveryTag);
        var tag = await c.BasicConsumeAsync(queue, autoAck: false, consumer);
        while (deliveries < atMost)
        {
            using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            ulong deliveryTag;
            try
            {
                deliveryTag = await delivered.Reader.ReadAsync(quiet.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            deliveries++;
            await c.BasicNackAsync(deliveryTag, multiple: false, requeue: true);
        }

        await c.BasicCancelAsync(tag);
        return deliveries;
    });

    /// <summary>Takes every message off a queue, with its headers (strings decoded).</summary>
    public Task<List<(string Body, Dictionary<string, string> Headers)>> DrainAsync(string queue) => WithChannelAsync(async c =>
    {
        var messages = new List<(string, Dictionary<string, string>)>();
        while (await c.BasicGetAsync(queue, autoAck: true) is { } got)
        {
            var headers = (got.BasicProperties.Headers ?? new Dictionary<string, object?>())
                .ToDictionary(h => h.Key, h => h.Value switch
                {
                    byte[] bytes => Encoding.UTF8.GetString(bytes),
                    null => "",
                    var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
                });
            messages.Add((Encoding.UTF8.GetString(got.Body.Span), headers));
        }

        return messages;
    });

    /// <summary>Waits until a condition holds, failing the test after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:F0} s waiting until {what}");
            }

            await Task.Delay(200);
        }
    }
}
