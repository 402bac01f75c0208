using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PlatformWatch.Contracts;
using PlatformWatch.Store;


namespace PlatformWatch.Hosting;

/// <summary>An event refused before processing (invalid fields, oversized): parked in the error queue with the reason, never retried.</summary>
public sealed class InvalidEventException(string eventType, string reason)
    : Exception($"{eventType} refused: {reason}")
{
    /// <summary>The contract.</summary>
    public string EventType { get; } = eventType;

    /// <summary>Every reason, each naming the field.</summary>
    public string Reason { get; } = reason;
}

/// <summary>
/// The worker's batch processing (<see cref="InboundBatcher"/> hands it each batch, of any
/// contracts): the events go to the processor in one transaction (each stops at the inbox if it
/// was processed before), with the database unavailable waited out; what the batch announces is
/// written to the outbox in that transaction and relayed by <see cref="OutboxRelay"/>. Exceptions
/// other than an outage escape, so MassTransit's retries and the error queue do their job.
/// </summary>
public sealed partial class StoreBatchProcessor(EventProcessor processor, CaseStore store, IOptions<BusOptions> options, TimeProvider clock, ILogger<StoreBatchProcessor> logger) : IBatchProcessor
{
    /// <inheritdoc />
    public async Task<BatchResult> ProcessAsync(IReadOnlyList<IInboundEvent> events, IReadOnlyList<string?> submitters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(submitters);

        // Every log line of the batch names its events (the first 50), so a JSON log can be searched by event id.
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["EventIds"] = string.Join(',', events.Take(50).Select(e => e.EventId)) });
        var result = await ProcessWaitingOutOutagesAsync(events, submitters, cancellationToken).ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var types = string.Join(",", events.Select(e => e.GetType().Name).Distinct());
            LogBatch(events.Count, types, result.Accepted, result.Duplicates, result.Changes.Count);
        }

        // Each finding raised, as the bus announces it (the law from the engine's finding, not the row's JSON).
        foreach (var change in logger.IsEnabled(LogLevel.Information) ? result.Changes.Where(c => c.Kind == FindingChangeKind.Raised) : [])
        {
            var finding = change.Finding;
            var citation = change.Derived?.Law.Citation ?? finding.ToFindingRaised().LegalBasis.Citation;
            var period = $"{finding.PeriodStart:yyyy-MM-dd}..{finding.PeriodEnd:yyyy-MM-dd}";
            LogFinding(finding.Severity, finding.RuleId, finding.PlatformId ?? "(market)", finding.MarketId ?? "-", period, citation, finding.FindingId, finding.CaseId ?? "-");
        }

        foreach (var conflict in result.Conflicts)
        {
            LogConflict(conflict.EventId);
        }

        foreach (var gap in result.Gaps)
        {
            LogGap(gap.RuleId, gap.Subject, gap.Reason);
        }

        return result;
    }

    // The database unavailable (unreachable, restarting, failing over) is waited out here, with
    // waits growing to OutageRetryMaxInterval: the batch's messages stay unacknowledged in the
    // meantime, so nothing is parked because of an outage, and a worker stopped during one hands
    // them back to the queue. Any other fault escapes to MassTransit's retries and the error queue.
    private async Task<BatchResult> ProcessWaitingOutOutagesAsync(IReadOnlyList<IInboundEvent> events, IReadOnlyList<string?> submitters, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await processor.ProcessAsync(events, submitters, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (store.IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                // A deadlock or serialization failure is contention with another transaction, not an outage.
                if (store.Conflict(e) is { } conflict)
                {
                    DatabaseConflictLog.BatchWaits(logger, conflict, events.Count, attempt, wait.TotalSeconds, e.Message);
                }
                else
                {
                    LogOutage(events.Count, attempt, wait.TotalSeconds, e.Message);
                }

                await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, options.Value.OutageRetryMaxInterval.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable: batch of {Count} events waits (attempt {Attempt}, next in {Seconds} s): {Reason}")]
    private partial void LogOutage(int count, int attempt, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Batch of {Count} events ({EventTypes}): {Accepted} processed, {Duplicates} already processed, {Changes} finding changes")]
    private partial void LogBatch(int count, string eventTypes, int accepted, int duplicates, int changes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finding {Severity} {RuleId} platform={PlatformId} market={MarketId} period={Period} ({Citation}) id={FindingId} case={CaseId}")]
    private partial void LogFinding(string severity, string ruleId, string platformId, string marketId, string period, string citation, string findingId, string caseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} was processed before with different content; the first stands")]
    private partial void LogConflict(string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data gap: {RuleId} could not be decided on {Subject}: {Reason}")]
    private partial void LogGap(string ruleId, string subject, string reason);
}
