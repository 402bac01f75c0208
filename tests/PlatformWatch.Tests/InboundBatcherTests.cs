using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PlatformWatch.Contracts;
using PlatformWatch.Hosting;

namespace PlatformWatch.Tests;

/// <summary>
/// One batch across contracts (<see cref="InboundBatcher"/>): events of any contracts that arrive
/// together share a batch, no batch is larger than the limit, each submitter learns only of its own
/// event's fate, and a batch that fails is tried event by event so only the bad event fails.
/// </summary>
[TestFixture]
internal sealed class The_inbound_batcher
{
    // Records the batches it is handed; fails any batch holding an event whose id starts with "bad".
    private sealed class Recorder(TaskCompletionSource? gate = null) : IBatchProcessor
    {
        public List<IReadOnlyList<string>> Batches { get; } = [];

        public async Task<BatchResult> ProcessAsync(IReadOnlyList<IInboundEvent> events, IReadOnlyList<string?> submitters, CancellationToken cancellationToken)
        {
            if (gate is not null)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            lock (Batches)
            {
                Batches.Add([.. events.Select(e => $"{e.GetType().Name}:{e.EventId}:{submitters[events.ToList().IndexOf(e)]}")]);
            }

            if (events.Any(e => e.EventId.StartsWith("bad", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException("a bad event");
            }

            return new BatchResult(events.Count, 0, [], [], [], []);
        }
    }

    private static InboundBatcher Batcher(IBatchProcessor processor, int size = 500, int concurrency = 1, double windowMs = 200) =>
        new(processor, Options.Create(new BusOptions { BatchSize = size, BatchConcurrency = concurrency, BatchTimeLimit = TimeSpan.FromMilliseconds(windowMs) }), TimeProvider.System, NullLogger<InboundBatcher>.Instance);

    private static MarketShareReported Share(string id) => new()
    {
        EventId = id, OccurredAt = Events.At("2025-01-01T00:00:00Z"), Source = "s", MarketId = "m", Jurisdiction = "CN",
        PeriodStart = Events.Day("2024-01-01"), PeriodEnd = Events.Day("2024-12-31"), PlatformId = "p", Metric = ShareMetric.Gmv, Share = 0.5m,
    };

    [Test]
    public async Task Puts_events_of_several_contracts_in_one_batch()
    {
        var gate = new TaskCompletionSource();
        var recorder = new Recorder(gate);
        await using var batcher = Batcher(recorder);
        var done = new[]
        {
            batcher.SubmitAsync(Share("s-1"), "api-key:a", CancellationToken.None),
            batcher.SubmitAsync(Events.Conduct(ConductKind.Tying) with { EventId = "c-1" }, "amqp:b", CancellationToken.None),
            batcher.SubmitAsync(Share("s-2"), null, CancellationToken.None),
        };
        gate.SetResult();
        await Task.WhenAll(done).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(recorder.Batches, Is.EqualTo(new[] { new[] { "MarketShareReported:s-1:api-key:a", "ConductObserved:c-1:amqp:b", "MarketShareReported:s-2:" } }));
    }

    [Test]
    public async Task Never_makes_a_batch_larger_than_the_limit()
    {
        var recorder = new Recorder();
        await using var batcher = Batcher(recorder, size: 10);
        await Task.WhenAll(Enumerable.Range(0, 25).Select(i => batcher.SubmitAsync(Share($"e-{i}"), null, CancellationToken.None))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(recorder.Batches.Select(b => b.Count), Has.All.LessThanOrEqualTo(10));
            Assert.That(recorder.Batches.Sum(b => b.Count), Is.EqualTo(25));
        });
    }

    [Test]
    public async Task Fails_only_the_bad_event_of_a_failing_batch()
    {
        var gate = new TaskCompletionSource();
        var recorder = new Recorder(gate);
        await using var batcher = Batcher(recorder);
        var good = Enumerable.Range(0, 4).Select(i => batcher.SubmitAsync(Share($"good-{i}"), null, CancellationToken.None)).ToList();
        var bad = batcher.SubmitAsync(Share("bad-1"), null, CancellationToken.None);
        gate.SetResult();
        await Task.WhenAll(good).WaitAsync(TimeSpan.FromSeconds(30));
        var failure = Assert.ThrowsAsync<InvalidOperationException>(() => bad.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Is.EqualTo("a bad event"));
            Assert.That(recorder.Batches[0], Has.Count.EqualTo(5), "first together");
            Assert.That(recorder.Batches.Skip(1).Select(b => b.Count), Has.All.EqualTo(1), "then one by one");
            Assert.That(recorder.Batches.Skip(1).Count(), Is.EqualTo(5));
        });
    }

    [Test]
    public async Task Processes_a_lone_event_without_waiting_for_a_full_batch()
    {
        var recorder = new Recorder();
        await using var batcher = Batcher(recorder, size: 500, windowMs: 50);
        await batcher.SubmitAsync(Share("alone"), null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(recorder.Batches.Single(), Has.Count.EqualTo(1));
    }
}
