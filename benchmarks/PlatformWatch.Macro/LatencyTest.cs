using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using PlatformWatch.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace PlatformWatch.Macro;

/// <summary>Publish-to-committed-finding latency of one worker at a steady rate.</summary>
internal sealed record LatencyResult(string Provider, int BatchTimeLimitMs, double TargetRate, double ActualRate, int Probes, int Missing, double P50Ms, double P99Ms, double MaxMs, double ReceivedP99Ms);

/// <summary>
/// The worker runs on an empty queue; events are published at a fixed rate, the backlog's events
/// in order as the load and every <see cref="ProbeEvery"/>th one a probe: a share of 0.6 in a new
/// market, which raises a finding in the batch that commits it. The worker publishes
/// <c>FindingRaised</c> after the commit; its MassTransit <c>sentTime</c> minus the probe's
/// publish time is the latency (same machine, same clock). The first <see cref="WarmUp"/> is not measured.
/// </summary>
internal static class LatencyTest
{
    public const int ProbeEvery = 20;
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private const string FindingExchange = "PlatformWatch.Contracts:FindingRaised";

    public static async Task<LatencyResult> RunAsync(MacroOptions options, Broker broker, Database database, Backlog backlog, double rate, int batchTimeLimitMs, CancellationToken ct)
    {
        await broker.PurgeBacklogAsync(ct);
        var settings = new Dictionary<string, string>(options.WorkerSettings) { ["Bus__BatchTimeLimit"] = TimeSpan.FromMilliseconds(batchTimeLimitMs).ToString("c", System.Globalization.CultureInfo.InvariantCulture) };
        await using var worker = WorkerProcess.Start(options.Worker, options.RabbitMq, database, options.Work, $"latency-{database.Provider}-{batchTimeLimitMs}ms", settings);
        await worker.WaitReadyAsync(ct);

        // Findings as they are announced, on a queue of our own bound to the worker's FindingRaised exchange.
        var published = new ConcurrentDictionary<string, DateTime>(StringComparer.Ordinal);
        var latencies = new ConcurrentDictionary<string, (double Sent, double Received)>(StringComparer.Ordinal);
        await using var connection = await Broker.Factory(broker.Uri, "platformwatch-macro-latency").CreateConnectionAsync(ct);
        await using var listen = await connection.CreateChannelAsync(cancellationToken: ct);
        await listen.ExchangeDeclareAsync(FindingExchange, ExchangeType.Fanout, true, false, cancellationToken: ct);
        var queue = (await listen.QueueDeclareAsync("", false, true, true, cancellationToken: ct)).QueueName;
        await listen.QueueBindAsync(queue, FindingExchange, "", cancellationToken: ct);
        var consumer = new AsyncEventingBasicConsumer(listen);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var received = DateTime.UtcNow;
            using var document = JsonDocument.Parse(delivery.Body);
            var root = document.RootElement;
            if (root.GetProperty("message").TryGetProperty("marketId", out var market) && market.GetString() is { } marketId
                && published.TryGetValue(marketId, out var at))
            {
                var sent = root.GetProperty("sentTime").GetDateTime().ToUniversalTime();
                latencies.TryAdd(marketId, ((sent - at).TotalMilliseconds, (received - at).TotalMilliseconds));
            }

            return Task.CompletedTask;
        };
        await listen.BasicConsumeAsync(queue, true, consumer, ct);

        // The load, paced: event i is due at i / rate seconds after the start.
        await using var publish = await connection.CreateChannelAsync(new CreateChannelOptions(true, true, null), ct);
        var measured = new List<string>();
        var confirms = new List<Task>();
        var total = (int)Math.Ceiling(rate * (WarmUp.TotalSeconds + options.LatencySeconds));
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, ct);
            }

            var now = DateTime.UtcNow;
            IInboundEvent inbound;
            if (i % ProbeEvery == 0)
            {
                inbound = Probe(i, now);
                published[((MarketShareReported)inbound).MarketId] = now;
                if (due >= WarmUp)
                {
                    measured.Add(((MarketShareReported)inbound).MarketId);
                }
            }
            else
            {
                var load = backlog.Events[i % backlog.Count];
                inbound = i < backlog.Count ? load : Backlog.WithId(load, $"{load.EventId}~{i / backlog.Count}");
            }

            confirms.Add(Broker.PublishOneAsync(publish, Backlog.Wrap(inbound, now), ct).AsTask());
            if (confirms.Count >= 2048)
            {
                await Task.WhenAll(confirms);
                confirms.Clear();
            }
        }

        await Task.WhenAll(confirms);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // Every probe's finding, or 30 s more at most.
        var until = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * 30.0);
        while (measured.Any(m => !latencies.ContainsKey(m)) && Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(100, ct);
        }

        await worker.StopAsync();
        var sent = measured.Where(latencies.ContainsKey).Select(m => latencies[m].Sent).Order().ToList();
        var received = measured.Where(latencies.ContainsKey).Select(m => latencies[m].Received).Order().ToList();
        return new LatencyResult(database.Provider, batchTimeLimitMs, rate, total / seconds, measured.Count, measured.Count - sent.Count,
            Percentile(sent, 0.50), Percentile(sent, 0.99), sent.Count > 0 ? sent[^1] : double.NaN, Percentile(received, 0.99));
    }

    // A new market with one platform at 0.6: above the 1/2 presumption of the Anti-Monopoly Law (CN-AML24-SINGLE).
    private static MarketShareReported Probe(int i, DateTime now) => new()
    {
        EventId = $"latency-probe-{i}",
        OccurredAt = new DateTimeOffset(now),
        Source = "platformwatch-macro",
        MarketId = $"latency-probe-{i}",
        Jurisdiction = "CN",
        PeriodStart = new DateOnly(2025, 1, 1),
        PeriodEnd = new DateOnly(2025, 12, 31),
        PlatformId = "probe-platform",
        Metric = ShareMetric.Gmv,
        Share = 0.6m,
    };

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
