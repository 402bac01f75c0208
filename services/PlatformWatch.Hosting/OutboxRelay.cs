using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules;
using PlatformWatch.Store;

namespace PlatformWatch.Hosting;

/// <summary>Settings of the outbox relay, from the <c>Outbox</c> section.</summary>
public sealed class OutboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Outbox";

    /// <summary>How often a relay looks for announcements other processes wrote (its own process's wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages a relay claims and sends at once.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long the broker has to confirm a round of messages; unconfirmed ones are sent again later.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a claim holds messages against other relays (a relay that dies lets them go after this).</summary>
    public TimeSpan ClaimFor { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long after a failed round its messages may be claimed again.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long sent messages stay in the outbox (for inspection) before they are purged.</summary>
    public TimeSpan RetainSent { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Relays the outbox to the bus: announcements (FindingRaised, FindingUpdated, FindingWithdrawn,
/// CaseOpened, CaseStatusChanged, NoticeIssued, AnswerReceived, DecisionSubmitted, DecisionServed,
/// ReportReceived, DeadlineApproaching) written in the same transaction as the change they
/// announce are claimed, published with publisher confirms and their stable message id, and marked
/// sent once the broker confirmed them. Several relays (workers, the API) may run: each claims
/// different messages. A message is sent at least once; a relay that dies after publishing and
/// before marking leaves it to be sent again with the same id.
/// </summary>
public sealed partial class OutboxRelay(CaseStore store, IBus bus, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxRelay> logger) : BackgroundService
{
    private readonly string _name = Truncate($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", 200);
    private DateTimeOffset _purgedAt = DateTimeOffset.MinValue;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before looking, so a commit while this round runs wakes the next one at once.
            var announced = store.Outbox.NextAnnouncement;
            try
            {
                while (await RelayRoundAsync(settings, stoppingToken).ConfigureAwait(false) == settings.BatchSize)
                {
                    // A full round: more may wait.
                }

                await ObserveBacklogAsync(stoppingToken).ConfigureAwait(false);
                await PurgeAsync(settings, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && store.IsTransient(e))
            {
                // The database away: what waits stays in the outbox, and the next round takes it.
                LogDatabaseAway(e.Message);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(e, e.Message);
            }

            try
            {
                await announced.WaitAsync(settings.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Time to look for what other processes wrote.
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Claims, publishes and marks one round; returns how many messages it claimed.</summary>
    private async Task<int> RelayRoundAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        var claimed = await store.Outbox.ClaimAsync(settings.BatchSize, _name, settings.ClaimFor, cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return 0;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.PublishTimeout);
        var publishes = claimed.Select(m => (Message: m, Publish: PublishAsync(m, timeout.Token))).ToList();
        var sent = new List<long>();
        var failed = new List<long>();
        string? error = null;
        foreach (var (message, publish) in publishes)
        {
            try
            {
                await publish.ConfigureAwait(false);
                sent.Add(message.Seq);
                var lag = (clock.GetUtcNow() - message.CreatedAt).TotalSeconds;
                PlatformWatchTelemetry.OutboxLag.Record(Math.Max(0, lag), PlatformWatchTelemetry.Tag("type", message.MessageType));
                PlatformWatchTelemetry.OutboxSent.Add(1, PlatformWatchTelemetry.Tag("type", message.MessageType));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failed.Add(message.Seq);
                error ??= e.Message;
            }
        }

        // Marked whatever happens next: a message the broker confirmed is not sent again, except
        // after a crash between the two (then with the same id).
        await store.Outbox.MarkSentAsync(sent, CancellationToken.None).ConfigureAwait(false);
        if (failed.Count > 0)
        {
            PlatformWatchTelemetry.OutboxFailures.Add(failed.Count);
            await store.Outbox.ReleaseAsync(failed, clock.GetUtcNow() + settings.RetryAfter, error ?? "not confirmed", CancellationToken.None).ConfigureAwait(false);
            LogNotConfirmed(failed.Count, settings.RetryAfter.TotalSeconds, error ?? "not confirmed");
        }

        return claimed.Count;
    }

    private Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!OutboundContracts.ByName.TryGetValue(message.MessageType, out var type))
        {
            throw new InvalidOperationException($"outbox message {message.Seq} is of unknown type '{message.MessageType}'");
        }

        var body = JsonSerializer.Deserialize(message.Body, type, ContractJson.Options)
            ?? throw new InvalidOperationException($"outbox message {message.Seq} has an empty body");
        var id = Guid.Parse(message.MessageId);
        return bus.Publish(body, type, Pipe.Execute<PublishContext>(c => c.MessageId = id), cancellationToken);
    }

    private async Task ObserveBacklogAsync(CancellationToken cancellationToken)
    {
        var backlog = await store.Outbox.GetBacklogAsync(cancellationToken).ConfigureAwait(false);
        PlatformWatchTelemetry.OutboxPending = backlog.Pending;
        PlatformWatchTelemetry.OutboxOldestAge = backlog.Oldest is { } oldest ? Math.Max(0, (clock.GetUtcNow() - oldest).TotalSeconds) : 0;
    }

    private async Task PurgeAsync(OutboxOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - _purgedAt < TimeSpan.FromHours(1))
        {
            return;
        }

        _purgedAt = now;
        var purged = await store.Outbox.PurgeAsync(now - settings.RetainSent, cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            LogPurged(purged);
        }
    }

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay waits for the database: {Reason}")]
    private partial void LogDatabaseAway(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay round failed (it tries again): {Reason}")]
    private partial void LogRoundFailed(Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} announcements were not confirmed by the broker; they are sent again in {Seconds} s: {Reason}")]
    private partial void LogNotConfirmed(int count, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} announcements sent long ago from the outbox")]
    private partial void LogPurged(int count);
}
