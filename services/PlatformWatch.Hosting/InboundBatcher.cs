using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlatformWatch.Contracts;
using PlatformWatch.Rules;

namespace PlatformWatch.Hosting;

/// <summary>What processes one batch of events (of any contracts) in one unit of work.</summary>
public interface IBatchProcessor
{
    /// <summary>Processes the events, each with its submitter (parallel lists), in one unit of work.</summary>
    Task<BatchResult> ProcessAsync(IReadOnlyList<IInboundEvent> events, IReadOnlyList<string?> submitters, CancellationToken cancellationToken);
}

/// <summary>
/// One batch across contracts: the events of every inbound contract that arrive together join the
/// same batch and transaction, so a batch's size follows the load, not the mix of event types. Each
/// message's consumer hands its event over and waits until the batch holding it has committed (then
/// MassTransit acknowledges it) or failed (then the message is retried or parked, alone). A batch
/// closes at <see cref="BusOptions.BatchSize"/> events or <see cref="BusOptions.BatchTimeLimit"/> after
/// its first; <see cref="BusOptions.BatchConcurrency"/> batches run at once. When a batch fails for a
/// reason other than the database being away, its events are tried one by one, so one bad event
/// never takes the others with it.
/// </summary>
public sealed partial class InboundBatcher(IBatchProcessor processor, IOptions<BusOptions> options, TimeProvider clock, ILogger<InboundBatcher> logger) : IAsyncDisposable
{
    private readonly Channel<Pending> _waiting = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _startLock = new();
    private Task[]? _runners;

    private sealed record Pending(IInboundEvent Event, string? Submitter, CancellationToken Cancellation)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Adds an event to the next batch; completes when that batch has committed, throws when it failed for this event or <paramref name="cancellationToken"/> fired.</summary>
    public Task SubmitAsync(IInboundEvent inbound, string? submitter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        EnsureStarted();
        var pending = new Pending(inbound, submitter, cancellationToken);
        if (!_waiting.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("the worker is stopping");
        }

        // A consumer cancelled (the channel dropped, the worker stopping) stops waiting: its message goes
        // back to the queue, and if the batch commits all the same, the redelivery stops at the inbox.
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _runners) is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _runners ??= Enumerable.Range(0, Math.Max(1, options.Value.BatchConcurrency)).Select(_ => Task.Run(() => RunAsync(_stopping.Token))).ToArray();
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var settings = options.Value;
        var reader = _waiting.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                var batch = await CollectAsync(reader, settings, stopping).ConfigureAwait(false);
                if (batch.Count > 0)
                {
                    await ProcessAsync(batch, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: what waits is handed back (its consumers are cancelled, the messages requeued).
        }
    }

    // The first event waiting, then more until the batch is full or its time (from its first event) is up.
    private async Task<List<Pending>> CollectAsync(ChannelReader<Pending> reader, BusOptions settings, CancellationToken stopping)
    {
        var batch = new List<Pending>(Math.Min(settings.BatchSize, 1024));
        var closesAt = DateTimeOffset.MaxValue;
        while (batch.Count < settings.BatchSize)
        {
            if (reader.TryRead(out var next))
            {
                if (next.Cancellation.IsCancellationRequested)
                {
                    next.Done.TrySetCanceled(next.Cancellation);
                    continue;
                }

                if (batch.Count == 0)
                {
                    closesAt = clock.GetUtcNow() + settings.BatchTimeLimit;
                }

                batch.Add(next);
                continue;
            }

            if (batch.Count == 0)
            {
                if (!await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
                {
                    break;
                }

                continue;
            }

            var left = closesAt - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            wait.CancelAfter(left);
            try
            {
                if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                break;
            }
        }

        return batch;
    }

    private async Task ProcessAsync(List<Pending> batch, CancellationToken stopping)
    {
        var now = clock.GetUtcNow();
        try
        {
            await processor.ProcessAsync([.. batch.Select(p => p.Event)], [.. batch.Select(p => p.Submitter)], stopping).ConfigureAwait(false);
            batch.ForEach(p => p.Done.TrySetResult());
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            batch.ForEach(p => p.Done.TrySetCanceled(stopping));
        }
        catch (Exception e) when (batch.Count > 1)
        {
            // One event may be to blame: each alone, so the others commit and only it is retried.
            LogBatchFailed(batch.Count, e.Message);
            foreach (var pending in batch)
            {
                await ProcessAsync([pending], stopping).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
        finally
        {
            PlatformWatchTelemetry.BatchWait.Record(Math.Max(0, (clock.GetUtcNow() - now).TotalSeconds));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_runners is { } runners)
        {
            await Task.WhenAll(runners).ConfigureAwait(false);
        }

        while (_waiting.Reader.TryRead(out var left))
        {
            left.Done.TrySetCanceled();
        }

        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} events failed ({Reason}); its events are tried one by one")]
    private partial void LogBatchFailed(int count, string reason);
}

/// <summary>
/// The consumer of one inbound contract: its event joins the next batch of <see cref="InboundBatcher"/>
/// (with the events of every other contract), and the message is acknowledged once that batch has
/// committed. Exceptions escape, so retry and the error queue do their job.
/// </summary>
public sealed class InboundEventConsumer<T>(InboundBatcher batcher, IOptions<BusOptions> options, TimeProvider clock) : IConsumer<T>
    where T : class, IInboundEvent
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<T> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.SentTime is { } sent)
        {
            PlatformWatchTelemetry.QueueLag.Record(Math.Max(0, (clock.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc))).TotalSeconds));
        }

        return batcher.SubmitAsync(context.Message, Submitters.Of(context, options.Value)?.Submitter, context.CancellationToken);
    }
}
