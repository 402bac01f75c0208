using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PlatformWatch.Rules;

/// <summary>
/// The metrics and traces of PlatformWatch (meter and activity source <c>PlatformWatch</c>), in the
/// lowest layer that records them so the engine, the store and the worker share one set. The
/// services export them with OpenTelemetry (Prometheus scrape endpoint, OTLP); with no listener
/// attached, recording costs next to nothing.
/// </summary>
public static class PlatformWatchTelemetry
{
    /// <summary>The meter and activity source name.</summary>
    public const string Name = "PlatformWatch";

    /// <summary>The meter.</summary>
    public static readonly Meter Meter = new(Name, "1.0");

    /// <summary>The activity source for traces.</summary>
    public static readonly ActivitySource Source = new(Name, "1.0");

    /// <summary>Events taken into the inbox, by type and outcome (accepted, duplicate, conflict).</summary>
    public static readonly Counter<long> EventsConsumed = Meter.CreateCounter<long>("platformwatch.events.consumed", "{event}", "Events consumed, by type and outcome");

    /// <summary>Events refused as invalid (never retried), by type.</summary>
    public static readonly Counter<long> EventsRejected = Meter.CreateCounter<long>("platformwatch.events.rejected", "{event}", "Events refused as invalid, by type");

    /// <summary>Messages parked in the error queue without processing (too large, unreadable), by type.</summary>
    public static readonly Counter<long> EventsParked = Meter.CreateCounter<long>("platformwatch.events.parked", "{event}", "Messages parked without processing, by type");

    /// <summary>Rule evaluations (a rule applied to a subject), by rule.</summary>
    public static readonly Counter<long> RuleEvaluations = Meter.CreateCounter<long>("platformwatch.rule.evaluations", "{evaluation}", "Rules applied to a subject, by rule");

    /// <summary>Findings raised, by rule and severity.</summary>
    public static readonly Counter<long> FindingsRaised = Meter.CreateCounter<long>("platformwatch.findings.raised", "{finding}", "Findings raised, by rule and severity");

    /// <summary>Time to process one batch, from the first event into the inbox to the commit.</summary>
    public static readonly Histogram<double> ProcessingDuration = Meter.CreateHistogram("platformwatch.processing.duration", "s", "Time to process a batch in one transaction",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>Events per batch.</summary>
    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram("platformwatch.batch.size", "{event}", "Events per batch",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] });

    /// <summary>Database retries after transient faults, by provider.</summary>
    public static readonly Counter<long> DatabaseRetries = Meter.CreateCounter<long>("platformwatch.db.retries", "{retry}", "Database operations retried after a transient fault, by provider");

    /// <summary>Units of work that failed in a conflict with another transaction, by provider and kind (deadlock, serialization).</summary>
    public static readonly Counter<long> DatabaseConflicts = Meter.CreateCounter<long>("platformwatch.db.conflicts", "{conflict}", "Database operations that failed as a deadlock victim or a serialization failure, by provider and kind");

    /// <summary>Queue lag: from a message's sending to its consumption.</summary>
    public static readonly Histogram<double> QueueLag = Meter.CreateHistogram("platformwatch.queue.lag", "s", "Time from publishing an event to consuming it",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600] });

    /// <summary>How long a batch took from its closing to its commit (or failure), as its messages wait for it.</summary>
    public static readonly Histogram<double> BatchWait = Meter.CreateHistogram("platformwatch.batch.wait", "s", "Time from a batch closing to its commit or failure",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>Relay lag: from writing an announcement to the outbox (the commit) to the broker's confirm.</summary>
    public static readonly Histogram<double> OutboxLag = Meter.CreateHistogram("platformwatch.outbox.lag", "s", "Time from committing an announcement to the broker confirming it, by type",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    /// <summary>Announcements relayed to the bus, by type.</summary>
    public static readonly Counter<long> OutboxSent = Meter.CreateCounter<long>("platformwatch.outbox.sent", "{message}", "Announcements relayed from the outbox and confirmed by the broker, by type");

    /// <summary>Announcements the broker did not confirm in time (sent again later).</summary>
    public static readonly Counter<long> OutboxFailures = Meter.CreateCounter<long>("platformwatch.outbox.failures", "{message}", "Announcements not confirmed by the broker in time; they are sent again");

    /// <summary>Notifications taken by their receivers, by channel and kind.</summary>
    public static readonly Counter<long> NotificationsSent = Meter.CreateCounter<long>("platformwatch.notifications.sent", "{delivery}", "Notifications taken by their receivers (a 2xx answer, the mail server's), by channel and kind");

    /// <summary>Attempts to send a notification that failed and will be retried, by channel.</summary>
    public static readonly Counter<long> NotificationFailures = Meter.CreateCounter<long>("platformwatch.notifications.failures", "{attempt}", "Attempts to send a notification that failed; the delivery is retried, by channel");

    /// <summary>Notifications given up (parked), by channel.</summary>
    public static readonly Counter<long> NotificationsParked = Meter.CreateCounter<long>("platformwatch.notifications.parked", "{delivery}", "Notifications parked after the retry period or with their subscription switched off, by channel");

    /// <summary>Announcements waiting in the outbox, as the relay last counted them.</summary>
    public static long OutboxPending { get; set; }

    /// <summary>Age in seconds of the oldest announcement waiting, as the relay last saw it.</summary>
    public static double OutboxOldestAge { get; set; }

    /// <summary>The gauge of <see cref="OutboxPending"/>.</summary>
    public static readonly ObservableGauge<long> OutboxPendingGauge = Meter.CreateObservableGauge("platformwatch.outbox.pending", () => OutboxPending, "{message}", "Announcements waiting in the outbox");

    /// <summary>The gauge of <see cref="OutboxOldestAge"/>.</summary>
    public static readonly ObservableGauge<double> OutboxOldestGauge = Meter.CreateObservableGauge("platformwatch.outbox.oldest.age", () => OutboxOldestAge, "s", "Age of the oldest announcement waiting in the outbox");

    /// <summary>A tag pair.</summary>
    public static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
