using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Types;
using PlatformWatch.Store;

namespace PlatformWatch.Hosting;

/// <summary>What one unit of work did.</summary>
public sealed record BatchResult(
    int Accepted,
    int Duplicates,
    IReadOnlyList<IInboundEvent> Conflicts,
    IReadOnlyList<FindingChange> Changes,
    IReadOnlyList<OpenedCase> OpenedCases,
    IReadOnlyList<DataGap> Gaps)
{
    /// <summary>Findings raised (new, or active again).</summary>
    public IEnumerable<StoredFinding> Raised => Changes.Where(c => c.Kind == FindingChangeKind.Raised).Select(c => c.Finding);
}

/// <summary>
/// The pipeline from events to findings, shared by the bus consumers, the scheduler and the command
/// line. In one transaction: record the batch's events in the inbox (a redelivered one stops there),
/// apply them to the state, then run the rules project's <see cref="EvaluationPlan"/> over the
/// subjects they dirtied, which writes each stage's findings, cases and audit entries as sets.
/// </summary>
public sealed partial class EventProcessor(CaseStore store, ActiveProfiles profiles, TimeProvider clock, ILogger<EventProcessor> logger)
{
    /// <summary>The clock mark of the due-date check.</summary>
    public const string DueDateMark = "due-dates-checked-before";

    /// <summary>Processes a batch of valid events in one unit of work, as of today.</summary>
    public Task<BatchResult> ProcessAsync(IReadOnlyList<IInboundEvent> events, CancellationToken cancellationToken = default) =>
        ProcessAsync(events, null, cancellationToken);

    /// <summary>Processes a batch of valid events in one unit of work; obligations are judged as of <paramref name="asOf"/> (default: today).</summary>
    public Task<BatchResult> ProcessAsync(IReadOnlyList<IInboundEvent> events, DateOnly? asOf, CancellationToken cancellationToken = default) =>
        ProcessAsync(events, null, asOf, cancellationToken);

    /// <summary>
    /// Processes a batch of valid events in one unit of work, each kept with who submitted it
    /// (<paramref name="submitters"/>, parallel to the events; null: not known); obligations are
    /// judged as of <paramref name="asOf"/> (default: today). Figures are classified by the source
    /// registry read in the same transaction; the audit entries of the findings they change name them.
    /// </summary>
    public async Task<BatchResult> ProcessAsync(IReadOnlyList<IInboundEvent> events, IReadOnlyList<string?>? submitters, DateOnly? asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var engine = profiles.Engine;
        var day = asOf ?? Today();
        using var activity = PlatformWatchTelemetry.Source.StartActivity("process batch");
        activity?.SetTag("platformwatch.batch.size", events.Count);
        var started = Stopwatch.GetTimestamp();
        var result = await store.InTransactionAsync(session => ProcessInAsync(session, engine, events, submitters, day), cancellationToken).ConfigureAwait(false);
        Record(events, result, Stopwatch.GetElapsedTime(started));
        return result;
    }

    // The batch's metrics, once it committed (a retried attempt counts once).
    private static void Record(IReadOnlyList<IInboundEvent> events, BatchResult result, TimeSpan elapsed)
    {
        PlatformWatchTelemetry.ProcessingDuration.Record(elapsed.TotalSeconds);
        PlatformWatchTelemetry.BatchSize.Record(events.Count);
        var conflicts = result.Conflicts.Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        foreach (var group in events.GroupBy(e => (Type: e.GetType().Name, Conflict: conflicts.Contains(e.EventId))))
        {
            PlatformWatchTelemetry.EventsConsumed.Add(group.Count(), PlatformWatchTelemetry.Tag("type", group.Key.Type), PlatformWatchTelemetry.Tag("outcome", group.Key.Conflict ? "conflict" : "processed"));
        }

        foreach (var finding in result.Raised)
        {
            PlatformWatchTelemetry.FindingsRaised.Add(1, PlatformWatchTelemetry.Tag("rule", finding.RuleId), PlatformWatchTelemetry.Tag("severity", finding.Severity));
        }
    }

    // One attempt at a batch; after a transient fault it runs again from the start in a new
    // transaction, and events that did commit stop at the inbox.
    private async Task<BatchResult> ProcessInAsync(StoreSession session, RuleEngine engine, IReadOnlyList<IInboundEvent> events, IReadOnlyList<string?>? submitters, DateOnly asOf)
    {
        session.Authorities.ProfileJurisdictions = JurisdictionsOf(engine);
        await session.Sources.LoadAsync().ConfigureAwait(false);
        var causes = new List<EventCause>();
        var accepted = 0;
        var duplicates = 0;
        var conflicts = new List<IInboundEvent>();
        var dirty = new DirtySubjects();
        var quotes = new List<PriceQuoteObserved>();
        var outcomes = await session.Ingestion.RecordEventsAsync(events, submitters).ConfigureAwait(false);
        var shares = new List<MarketShareReported>();
        for (var i = 0; i < events.Count; i++)
        {
            var inbound = events[i];
            switch (outcomes[i])
            {
                case EventOutcome.Duplicate:
                    duplicates++;
                    continue;
                case EventOutcome.Conflict:
                    conflicts.Add(inbound);
                    LogConflict(inbound.EventId);
                    continue;
            }

            accepted++;
            causes.Add(EventCause.Of(inbound, submitters?[i]));
            if (inbound is SelfRegulationReportSubmitted report)
            {
                // The platform hears that its report arrived (notifications, docs/notifications.md).
                session.Outbox.Announce(new ReportReceived
                {
                    ReportId = report.ReportId, EventId = report.EventId, PlatformId = report.PlatformId, Jurisdiction = report.Jurisdiction,
                    ReportType = report.ReportType, PeriodStart = report.PeriodStart, PeriodEnd = report.PeriodEnd, SubmittedAt = report.SubmittedAt,
                }, $"report:{report.EventId}");
            }

            if (inbound is MarketShareReported share)
            {
                shares.Add(share);
                continue;
            }

            await ApplyAsync(session, inbound, dirty, quotes).ConfigureAwait(false);
        }

        session.Findings.Causes = causes;
        dirty.Markets.UnionWith(await session.Ingestion.UpsertSharesAsync(shares).ConfigureAwait(false));
        await session.Ingestion.MergePriceQuotesAsync(quotes).ConfigureAwait(false);
        var (changes, gaps) = await EvaluateAsync(session, engine, dirty, asOf).ConfigureAwait(false);
        return new BatchResult(accepted, duplicates, conflicts, changes, [.. session.Cases.OpenedCases], gaps);
    }

    /// <summary>
    /// Judges the obligations whose due dates have passed as of <paramref name="asOf"/>: of every
    /// platform with a due date before it, or, with <paramref name="sinceLastCheck"/>, only those
    /// due since the last check (which it then records).
    /// </summary>
    public Task<BatchResult> CheckDueDatesAsync(DateOnly asOf, bool sinceLastCheck, CancellationToken cancellationToken = default) =>
        store.InTransactionAsync(session => CheckDueDatesInAsync(session, asOf, sinceLastCheck), cancellationToken);

    private async Task<BatchResult> CheckDueDatesInAsync(StoreSession session, DateOnly asOf, bool sinceLastCheck)
    {
        session.Authorities.ProfileJurisdictions = JurisdictionsOf(profiles.Engine);
        session.Findings.Trigger = $"due-date check as of {asOf:yyyy-MM-dd}";
        var since = sinceLastCheck ? await session.Ingestion.ClockMarkAsync(DueDateMark).ConfigureAwait(false) ?? DateOnly.MinValue : DateOnly.MinValue;
        var dirty = new DirtySubjects();
        if (since < asOf)
        {
            dirty.Reports.UnionWith(await session.Ingestion.PlatformsDueBetweenAsync(since, asOf).ConfigureAwait(false));
        }

        var (changes, gaps) = await EvaluateAsync(session, profiles.Engine, dirty, asOf).ConfigureAwait(false);
        if (sinceLastCheck && since < asOf)
        {
            await session.Ingestion.SetClockMarkAsync(DueDateMark, asOf).ConfigureAwait(false);
        }

        return new BatchResult(0, 0, [], changes, [.. session.Cases.OpenedCases], gaps);
    }

    // A case is routed by the jurisdictions of the profile that raised its first finding (none for
    // a profile of every jurisdiction: the store then takes its market's).
    private static Func<string, IReadOnlyList<string>> JurisdictionsOf(RuleEngine engine)
    {
        var byProfile = engine.Profiles.Profiles.ToDictionary(p => p.Id, p => p.EveryJurisdiction ? [] : p.Jurisdictions, StringComparer.Ordinal);
        return id => byProfile.GetValueOrDefault(id) ?? [];
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    // Changes the state the event belongs to (what the inbox row alone does not hold) and marks the
    // subjects to evaluate (the plan's part).
    private static async Task ApplyAsync(StoreSession session, IInboundEvent inbound, DirtySubjects dirty, List<PriceQuoteObserved> quotes)
    {
        dirty.Mark(inbound);
        switch (inbound)
        {
            case PriceQuoteObserved e:
                quotes.Add(e);
                break;
            case RankingObserved e:
                await session.Ingestion.RecordRankingPageAsync(e, SessionIngestion.MonthOf(e.OccurredAt), PageCounts.Of(e)).ConfigureAwait(false);
                break;
            case ReportingObligationSet e:
                await session.Ingestion.RecordDueDatesAsync(e).ConfigureAwait(false);
                break;
        }
    }

    // The rules project's plan, on the case database.
    private static async Task<(IReadOnlyList<FindingChange> Changes, IReadOnlyList<DataGap> Gaps)> EvaluateAsync(StoreSession session, RuleEngine engine, DirtySubjects dirty, DateOnly asOf)
    {
        var state = new StoreEvaluationState(session);
        var gaps = await EvaluationPlan.RunAsync(engine, state, dirty, asOf).ConfigureAwait(false);
        return (state.Changes, gaps);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} was processed before with different content; the first stands")]
    private partial void LogConflict(string eventId);
}
