using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PlatformWatch.Application;
using PlatformWatch.Rules;
using PlatformWatch.Store;

namespace PlatformWatch.Hosting;

/// <summary>What one round of the dispatcher did.</summary>
/// <param name="FannedOut">Outbox messages fanned out into deliveries.</param>
/// <param name="Sent">Deliveries accepted by their receivers.</param>
/// <param name="Failed">Attempts that failed and will be retried.</param>
/// <param name="Parked">Deliveries given up (the retry period over, or their subscription switched off).</param>
public sealed record DispatchRound(int FannedOut, int Sent, int Failed, int Parked)
{
    /// <summary>Whether the round found anything to do (a full round: more may wait).</summary>
    public bool Busy => FannedOut + Sent + Failed + Parked > 0;
}

/// <summary>
/// Notifications in every process that relays the outbox (docs/notifications.md): fans outbox
/// messages out into deliveries, then sends the deliveries due through their channel, retrying a
/// failed one with a growing wait (<see cref="NotificationOptions.Backoff"/>) until
/// <see cref="NotificationOptions.RetryFor"/> after its first attempt, when it is parked with the
/// reason. A delivery is held while it is sent; a process that dies after the receiver's answer and
/// before recording it leaves it to be sent again, with the same id, when the hold ends.
/// </summary>
public sealed partial class NotificationDispatcher(CaseStore store, ActiveProfiles profiles, NotificationOptions options, IEnumerable<IDeliveryChannel> channels, TimeProvider clock, ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private readonly NotificationFanOut _fanOut = new(store, profiles);
    private readonly Dictionary<string, IDeliveryChannel> _channels = channels.ToDictionary(c => c.Channel, StringComparer.Ordinal);

    /// <summary>How long a claimed delivery is held against other senders: a send's time and some.</summary>
    public TimeSpan HoldFor => options.SendTimeout * 2 + TimeSpan.FromSeconds(30);

    /// <summary>
    /// One round: fan out what waits in the outbox, then send what is due — the subscriptions at once
    /// (up to <see cref="NotificationOptions.SendConcurrency"/>), each one's deliveries in order.
    /// </summary>
    public async Task<DispatchRound> RunRoundAsync(CancellationToken ct)
    {
        var fanned = await _fanOut.RunOnceAsync(options.BatchSize, ct).ConfigureAwait(false);
        var due = await store.Notifications.ClaimDueAsync(options.BatchSize, HoldFor, ct).ConfigureAwait(false);
        var outcomes = new ConcurrentBag<Outcome>();
        await Parallel.ForEachAsync(
            due.GroupBy(d => d.SubscriptionId, StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = options.SendConcurrency, CancellationToken = ct },
            async (deliveries, token) =>
            {
                foreach (var delivery in deliveries)
                {
                    outcomes.Add(await SendAsync(delivery, token).ConfigureAwait(false));
                }
            }).ConfigureAwait(false);
        return new DispatchRound(fanned, outcomes.Count(o => o == Outcome.Sent), outcomes.Count(o => o == Outcome.Failed), outcomes.Count(o => o == Outcome.Parked));
    }

    private enum Outcome
    {
        Sent,
        Failed,
        Parked,
    }

    // One attempt, and what it leaves: sent, to be retried after a wait, or parked with the reason.
    private async Task<Outcome> SendAsync(DeliveryRecord delivery, CancellationToken ct)
    {
        var attempt = await AttemptAsync(delivery, ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var channel = PlatformWatchTelemetry.Tag("channel", attempt.Channel);
        if (attempt.Accepted)
        {
            await store.Notifications.MarkSentAsync(delivery.DeliveryId, attempt.Status, ct).ConfigureAwait(false);
            PlatformWatchTelemetry.NotificationsSent.Add(1, channel, PlatformWatchTelemetry.Tag("kind", delivery.Kind));
            return Outcome.Sent;
        }

        if (attempt.Park || now - (delivery.FirstAttemptAt ?? now) >= options.RetryFor)
        {
            await store.Notifications.ParkAsync(delivery.DeliveryId, attempt.Status, attempt.Park ? attempt.Error! : $"given up after {delivery.Attempts} attempts: {attempt.Error}", ct).ConfigureAwait(false);
            LogParked(delivery.DeliveryId, delivery.SubscriptionId, delivery.Attempts, attempt.Error ?? "");
            PlatformWatchTelemetry.NotificationsParked.Add(1, channel);
            return Outcome.Parked;
        }

        await store.Notifications.RetryAsync(delivery.DeliveryId, now + Jitter(options.Backoff(delivery.Attempts)), attempt.Status, attempt.Error ?? "failed", ct).ConfigureAwait(false);
        PlatformWatchTelemetry.NotificationFailures.Add(1, channel);
        return Outcome.Failed;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before looking, so a commit while this round runs wakes the next one at once.
            var announced = store.Outbox.NextAnnouncement;
            try
            {
                while ((await RunRoundAsync(stoppingToken).ConfigureAwait(false)).Busy)
                {
                    // More may wait.
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // What waits stays in the outbox and the deliveries; the next round takes it.
                LogRoundFailed(e, e.Message);
            }

            try
            {
                await Task.WhenAny(announced, Task.Delay(options.PollInterval, clock, stoppingToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<(bool Accepted, int? Status, string? Error, bool Park, string? Channel)> AttemptAsync(DeliveryRecord delivery, CancellationToken ct)
    {
        var subscription = await store.Notifications.SubscriptionAsync(delivery.SubscriptionId, ct).ConfigureAwait(false);
        if (subscription is not { Active: true })
        {
            return (false, null, "the subscription is switched off", true, subscription?.Channel);
        }

        if (!_channels.TryGetValue(subscription.Channel, out var channel))
        {
            return (false, null, $"no {subscription.Channel} channel is configured in this process", false, subscription.Channel);
        }

        var attempt = await channel.SendAsync(subscription, delivery, ct).ConfigureAwait(false);
        return (attempt.Accepted, attempt.Status, attempt.Error, false, subscription.Channel);
    }

    // Up to a tenth more, so that receivers coming back are not hit by every sender at the same moment.
    private static TimeSpan Jitter(TimeSpan wait) => wait + TimeSpan.FromTicks((long)(wait.Ticks * 0.1 * Random.Shared.NextDouble()));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} of subscription {SubscriptionId} parked after {Attempts} attempts: {Reason}")]
    private partial void LogParked(string deliveryId, string subscriptionId, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification round failed; the next round tries again: {Reason}")]
    private partial void LogRoundFailed(Exception exception, string reason);
}
