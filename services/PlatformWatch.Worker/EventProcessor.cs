using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PlatformWatch.Contracts;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Types;
using PlatformWatch.Store;

namespace PlatformWatch.Worker;

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
/// line. In one transaction: record each event in the inbox (a redelivered one stops there), apply
/// it to the state, then evaluate every subject whose state changed — markets first, then what
/// depends on dominance and designation (conduct, prices, rankings, acquisitions) and platform
/// profiles, then reports and obligations, which depend on those findings — and write the findings.
/// Each subject's findings depend only on its state and what it depends on, so the findings after
/// a set of events are the same whatever order they arrived in.
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
        session.ProfileJurisdictions = JurisdictionsOf(engine);
        await session.LoadSourcesAsync().ConfigureAwait(false);
        var causes = new List<EventCause>();
        var accepted = 0;
        var duplicates = 0;
        var conflicts = new List<IInboundEvent>();
        var dirty = new DirtySubjects();
        var quotes = new List<PriceQuoteObserved>();
        var outcomes = await session.RecordEventsAsync(events, submitters).ConfigureAwait(false);
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
            if (inbound is MarketShareReported share)
            {
                shares.Add(share);
                continue;
            }

            await ApplyAsync(session, inbound, dirty, quotes).ConfigureAwait(false);
        }

        session.Causes = causes;
        dirty.Markets.UnionWith(await session.UpsertSharesAsync(shares).ConfigureAwait(false));
        await session.MergePriceQuotesAsync(quotes).ConfigureAwait(false);
        var gaps = new List<DataGap>();
        var changes = await EvaluateAsync(session, engine, dirty, asOf, gaps).ConfigureAwait(false);
        return new BatchResult(accepted, duplicates, conflicts, changes, [.. session.OpenedCases], gaps);
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
        session.ProfileJurisdictions = JurisdictionsOf(profiles.Engine);
        session.Trigger = $"due-date check as of {asOf:yyyy-MM-dd}";
        var since = sinceLastCheck ? await session.ClockMarkAsync(DueDateMark).ConfigureAwait(false) ?? DateOnly.MinValue : DateOnly.MinValue;
        var dirty = new DirtySubjects();
        if (since < asOf)
        {
            dirty.Reports.UnionWith(await session.PlatformsDueBetweenAsync(since, asOf).ConfigureAwait(false));
        }

        var gaps = new List<DataGap>();
        var changes = await EvaluateAsync(session, profiles.Engine, dirty, asOf, gaps).ConfigureAwait(false);
        if (sinceLastCheck && since < asOf)
        {
            await session.SetClockMarkAsync(DueDateMark, asOf).ConfigureAwait(false);
        }

        return new BatchResult(0, 0, [], changes, [.. session.OpenedCases], gaps);
    }

    // A case is routed by the jurisdictions of the profile that raised its first finding (none for
    // a profile of every jurisdiction: the store then takes its market's).
    private static Func<string, IReadOnlyList<string>> JurisdictionsOf(RuleEngine engine)
    {
        var byProfile = engine.Profiles.Profiles.ToDictionary(p => p.Id, p => p.EveryJurisdiction ? [] : p.Jurisdictions, StringComparer.Ordinal);
        return id => byProfile.GetValueOrDefault(id) ?? [];
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    // Changes the state the event belongs to and marks the subjects to evaluate.
    private static async Task ApplyAsync(StoreSession session, IInboundEvent inbound, DirtySubjects dirty, List<PriceQuoteObserved> quotes)
    {
        switch (inbound)
        {
            case ConductObserved e:
                dirty.Conduct.Add(e.PlatformId);
                break;
            case PriceQuoteObserved e:
                quotes.Add(e);
                dirty.PriceWindows.Add((e.PlatformId, e.MarketId, StoreSession.MonthOf(e.OccurredAt)));
                break;
            case RankingObserved e:
                var month = StoreSession.MonthOf(e.OccurredAt);
                await session.RecordRankingPageAsync(e, month, PageCounts.Of(e)).ConfigureAwait(false);
                dirty.RankingWindows.Add((e.PlatformId, e.MarketId, month));
                break;
            case AcquisitionAnnounced e:
                dirty.Acquisitions.Add(e.AcquirerId);
                break;
            case PlatformProfileReported e:
                dirty.Profiles.Add(e.PlatformId);
                break;
            case SelfRegulationReportSubmitted e:
                dirty.Reports.Add(e.PlatformId);
                break;
            case ReportingObligationSet e:
                await session.RecordDueDatesAsync(e).ConfigureAwait(false);
                dirty.Reports.Add(e.PlatformId);
                break;
            case DesignationDecided e:
                dirty.DependentsOf(e.PlatformId, null);
                break;
        }
    }

    private static async Task<List<FindingChange>> EvaluateAsync(StoreSession session, RuleEngine engine, DirtySubjects dirty, DateOnly asOf, List<DataGap> gaps)
    {
        var changes = new List<FindingChange>();

        // Stage 1: market structure. Dominance findings that change mark what depends on them. The
        // markets are locked, and their shares and findings read, all at once (a few statements
        // per batch, not per market).
        if (dirty.Markets.Count > 0)
        {
            var marketIds = dirty.Markets.Order(StringComparer.Ordinal).ToList();
            var subjects = marketIds.ConvertAll(Subjects.Market);
            await session.LockSubjectsAsync(subjects).ConfigureAwait(false);
            var shares = await session.LoadMarketsSharesAsync(marketIds).ConfigureAwait(false);
            var held = await session.LoadSubjectsFindingsAsync(subjects).ConfigureAwait(false);
            for (var i = 0; i < marketIds.Count; i++)
            {
                var result = engine.Market(engine.Picture(marketIds[i], shares[marketIds[i]]));
                gaps.AddRange(result.Gaps);
                var stage = await session.ReplaceSubjectFindingsAsync(subjects[i], result.Findings, held[subjects[i]]).ConfigureAwait(false);
                foreach (var change in stage.Where(c => c.Finding.PlatformId is not null && engine.DominanceRuleIds.Contains(c.Finding.RuleId)))
                {
                    dirty.DependentsOf(change.Finding.PlatformId!, change.Finding.MarketId);
                }

                changes.AddRange(stage);
            }

            dirty.Acquisitions.UnionWith(await session.AcquirersTargetingAsync(marketIds).ConfigureAwait(false));
        }

        // Stage 2: what depends on dominance and designation, and the platforms' yearly profiles.
        // Facts are locked before anything that reads them: exclusively where this unit changes
        // them (first, and before looking for their dependents, so a dependent another worker is
        // writing now is committed and found), shared where it only reads them. Without it, a
        // ranking and the designation that makes its platform a gatekeeper, committed by two
        // workers at once, would each miss the other.
        var factLocks = new HashSet<string>(StringComparer.Ordinal);
        foreach (var platformId in dirty.FactsChanged)
        {
            await session.LockSubjectAsync(Subjects.Facts(platformId)).ConfigureAwait(false);
            factLocks.Add(platformId);
        }

        async Task LockFactsAsync(string platformId)
        {
            if (factLocks.Add(platformId))
            {
                await session.LockSubjectSharedAsync(Subjects.Facts(platformId)).ConfigureAwait(false);
            }
        }

        foreach (var (platformId, marketId) in dirty.WindowsOf)
        {
            foreach (var (market, month) in await session.PriceWindowsAsync(platformId, marketId).ConfigureAwait(false))
            {
                dirty.PriceWindows.Add((platformId, market, month));
            }

            foreach (var (market, month) in await session.RankingWindowsAsync(platformId, marketId).ConfigureAwait(false))
            {
                dirty.RankingWindows.Add((platformId, market, month));
            }
        }

        var facts = new Dictionary<string, PlatformFacts>(StringComparer.Ordinal);
        async Task<PlatformFacts> FactsOf(string platformId)
        {
            if (!facts.TryGetValue(platformId, out var known))
            {
                await LockFactsAsync(platformId).ConfigureAwait(false);
                known = await session.LoadFactsAsync(platformId).ConfigureAwait(false);
                facts[platformId] = known;
            }

            return known;
        }

        var second = new List<FindingChange>();
        foreach (var platformId in dirty.Conduct)
        {
            var platformFacts = await FactsOf(platformId).ConfigureAwait(false);
            await session.LockSubjectAsync(Subjects.Conduct(platformId)).ConfigureAwait(false);
            var observations = await session.LoadPlatformEventsAsync<ConductObserved>(platformId).ConfigureAwait(false);
            second.AddRange(await ReplaceAsync(session, engine.Conduct(platformId, observations, platformFacts), Subjects.Conduct(platformId), gaps).ConfigureAwait(false));
        }

        foreach (var (platformId, marketId, month) in dirty.PriceWindows)
        {
            var platformFacts = await FactsOf(platformId).ConfigureAwait(false);
            await session.LockSubjectAsync(Subjects.Prices(platformId, marketId, month)).ConfigureAwait(false);
            var window = new PriceWindow(platformId, marketId, Rules.DateRange.MonthOf(month), await session.PriceJurisdictionsAsync(platformId, marketId, month).ConfigureAwait(false));
            var result = await engine.PricesAsync(window, session.StreamPriceCellsAsync(platformId, marketId, month), platformFacts).ConfigureAwait(false);
            second.AddRange(await ReplaceAsync(session, result, Subjects.Prices(platformId, marketId, month), gaps).ConfigureAwait(false));
        }

        foreach (var (platformId, marketId, month) in dirty.RankingWindows)
        {
            var platformFacts = await FactsOf(platformId).ConfigureAwait(false);
            await session.LockSubjectAsync(Subjects.Rankings(platformId, marketId, month)).ConfigureAwait(false);
            var window = await session.LoadRankingWindowAsync(platformId, marketId, month).ConfigureAwait(false);
            second.AddRange(await ReplaceAsync(session, engine.Rankings(window, platformFacts), Subjects.Rankings(platformId, marketId, month), gaps).ConfigureAwait(false));
        }

        foreach (var acquirerId in dirty.Acquisitions)
        {
            var acquirerFacts = await FactsOf(acquirerId).ConfigureAwait(false);
            await session.LockSubjectAsync(Subjects.Acquisitions(acquirerId)).ConfigureAwait(false);
            var deals = await session.LoadPlatformEventsAsync<AcquisitionAnnounced>(acquirerId).ConfigureAwait(false);
            var markets = new Dictionary<string, MarketPicture>(StringComparer.Ordinal);
            foreach (var marketId in deals.Select(d => d.TargetMarketId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                // The target market's picture must be the committed one: wait for anyone changing it.
                await session.LockSubjectAsync(Subjects.Market(marketId)).ConfigureAwait(false);
                markets[marketId] = engine.Picture(marketId, await session.LoadMarketSharesAsync(marketId).ConfigureAwait(false));
            }

            var result = engine.Acquisitions(acquirerId, deals, acquirerFacts, markets.GetValueOrDefault);
            second.AddRange(await ReplaceAsync(session, result, Subjects.Acquisitions(acquirerId), gaps).ConfigureAwait(false));
        }

        foreach (var platformId in dirty.Profiles)
        {
            await session.LockSubjectAsync(Subjects.Profiles(platformId)).ConfigureAwait(false);
            var years = await session.LoadPlatformEventsAsync<PlatformProfileReported>(platformId).ConfigureAwait(false);
            second.AddRange(await ReplaceAsync(session, engine.PlatformProfiles(platformId, years), Subjects.Profiles(platformId), gaps).ConfigureAwait(false));
        }

        // Stage 3: reports and obligations, which read the conduct findings just written.
        dirty.Reports.UnionWith(second.Where(c => c.Finding.PlatformId is not null && engine.ConductRuleIds.Contains(c.Finding.RuleId)).Select(c => c.Finding.PlatformId!));
        changes.AddRange(second);
        foreach (var platformId in dirty.Reports)
        {
            await LockFactsAsync(platformId).ConfigureAwait(false);
            await session.LockSubjectAsync(Subjects.Reports(platformId)).ConfigureAwait(false);
            var obligations = await session.LoadPlatformEventsAsync<ReportingObligationSet>(platformId).ConfigureAwait(false);
            var reports = await session.LoadPlatformEventsAsync<SelfRegulationReportSubmitted>(platformId).ConfigureAwait(false);
            var current = await session.LoadFactsAsync(platformId).ConfigureAwait(false);
            changes.AddRange(await ReplaceAsync(session, engine.Reports(platformId, obligations, reports, current, asOf), Subjects.Reports(platformId), gaps).ConfigureAwait(false));
        }

        return changes;
    }

    private static async Task<IReadOnlyList<FindingChange>> ReplaceAsync(StoreSession session, EvaluationResult result, string subject, List<DataGap> gaps)
    {
        gaps.AddRange(result.Gaps);
        return await session.ReplaceSubjectFindingsAsync(subject, result.Findings).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} was processed before with different content; the first stands")]
    private partial void LogConflict(string eventId);
}
