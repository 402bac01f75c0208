using PlatformWatch.Contracts;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.Rules.Engine;

/// <summary>The subjects a unit of work must evaluate, and the platforms whose facts it changes.</summary>
public sealed class DirtySubjects
{
    /// <summary>Markets whose figures changed.</summary>
    public SortedSet<string> Markets { get; } = new(StringComparer.Ordinal);

    /// <summary>Platforms whose conduct is evaluated again.</summary>
    public SortedSet<string> Conduct { get; } = new(StringComparer.Ordinal);

    /// <summary>Acquirers whose deals are evaluated again.</summary>
    public SortedSet<string> Acquisitions { get; } = new(StringComparer.Ordinal);

    /// <summary>Platforms whose yearly profiles are evaluated again.</summary>
    public SortedSet<string> Profiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Platforms whose obligations and reports are evaluated again.</summary>
    public SortedSet<string> Reports { get; } = new(StringComparer.Ordinal);

    /// <summary>Price windows (platform, market, month) evaluated again.</summary>
    public SortedSet<(string PlatformId, string MarketId, DateOnly Month)> PriceWindows { get; } = [];

    /// <summary>Ranking windows (platform, market, month) evaluated again.</summary>
    public SortedSet<(string PlatformId, string MarketId, DateOnly Month)> RankingWindows { get; } = [];

    /// <summary>Platforms (and a market, or null for all) whose every price and ranking window must be re-evaluated.</summary>
    public HashSet<(string PlatformId, string? MarketId)> WindowsOf { get; } = [];

    /// <summary>
    /// Target markets of the deals this unit of work records: locked shared with the markets, so a
    /// unit changing one's figures either commits first (and the deal is judged on them) or waits
    /// for the deal to commit (and then finds it among the deals targeting its market).
    /// </summary>
    public SortedSet<string> DealTargets { get; } = new(StringComparer.Ordinal);

    /// <summary>Platforms whose facts (dominance, designation) this unit of work changes.</summary>
    public SortedSet<string> FactsChanged { get; } = new(StringComparer.Ordinal);

    /// <summary>Everything that depends on the platform's dominance or designation (in one market, or in all with null).</summary>
    public void DependentsOf(string platformId, string? marketId)
    {
        FactsChanged.Add(platformId);
        Conduct.Add(platformId);
        Acquisitions.Add(platformId);
        WindowsOf.Add((platformId, marketId));
    }

    /// <summary>
    /// Marks what an accepted event makes stale. A share is not marked here: it marks its market only
    /// when it changed the figures held, which only the state knows.
    /// </summary>
    public void Mark(IInboundEvent inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        switch (inbound)
        {
            case ConductObserved e:
                Conduct.Add(e.PlatformId);
                break;
            case PriceQuoteObserved e:
                PriceWindows.Add((e.PlatformId, e.MarketId, EvaluationPlan.MonthOf(e.OccurredAt)));
                break;
            case RankingObserved e:
                RankingWindows.Add((e.PlatformId, e.MarketId, EvaluationPlan.MonthOf(e.OccurredAt)));
                break;
            case AcquisitionAnnounced e:
                Acquisitions.Add(e.AcquirerId);
                if (e.TargetMarketId is { } target)
                {
                    DealTargets.Add(target);
                }

                break;
            case PlatformProfileReported e:
                Profiles.Add(e.PlatformId);
                break;
            case SelfRegulationReportSubmitted e:
                Reports.Add(e.PlatformId);
                break;
            case ReportingObligationSet e:
                Reports.Add(e.PlatformId);
                break;
            case DesignationDecided e:
                DependentsOf(e.PlatformId, null);
                break;
        }
    }
}

/// <summary>A subject's findings as the engine now derives them (none: every finding it held is withdrawn).</summary>
public sealed record SubjectFindings(string Subject, IReadOnlyList<FindingDraft> Findings);

/// <summary>
/// What the plan reads and writes: the store in the worker's transaction, or dictionaries (the macro
/// benchmark's scenario c). Each call concerns every subject of a stage at once, so a database
/// answers it with a statement or two, not one per subject. Locks serialise units of work that
/// touch the same subject; a state without concurrent writers may take them as no-ops.
/// </summary>
public interface IEvaluationState
{
    /// <summary>
    /// Locks markets and reads their figures, all at once: exclusively the markets whose figures the
    /// unit changed, shared those it only reads (its deals' target markets; a market in both: exclusively).
    /// </summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<ShareFigure>>> LockMarketsAsync(IReadOnlyCollection<string> changed, IReadOnlyCollection<string> readers);

    /// <summary>Markets' figures as committed, without a lock.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<ShareFigure>>> MarketsAsync(IReadOnlyCollection<string> marketIds);

    /// <summary>Acquirers whose announced deals target any of the markets.</summary>
    Task<IReadOnlyList<string>> AcquirersTargetingAsync(IReadOnlyList<string> marketIds);

    /// <summary>Locks names (<see cref="Subjects"/>) until the unit of work ends: exclusively, or shared where only read (<paramref name="readers"/>; a name in both: exclusively), in one global order.</summary>
    Task LockAsync(IReadOnlyCollection<string> exclusive, IReadOnlyCollection<string> readers);

    /// <summary>What the rules know of each platform: its findings in force, its designations.</summary>
    Task<IReadOnlyDictionary<string, PlatformFacts>> FactsAsync(IReadOnlyCollection<string> platformIds);

    /// <summary>The price and ranking windows (platform, market, month) of the platforms.</summary>
    Task<(IReadOnlyList<(string PlatformId, string MarketId, DateOnly Month)> Prices, IReadOnlyList<(string PlatformId, string MarketId, DateOnly Month)> Rankings)> WindowsAsync(IReadOnlyCollection<string> platformIds);

    /// <summary>Each platform's events of one type (conduct, deals, profiles, obligations, reports), in event id order.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<T>>> PlatformEventsAsync<T>(IReadOnlyCollection<string> platformIds)
        where T : IInboundEvent;

    /// <summary>A price window: the jurisdictions of its quotes.</summary>
    Task<PriceWindow> PriceWindowAsync(string platformId, string marketId, DateOnly month);

    /// <summary>A price window's cells, streamed.</summary>
    IAsyncEnumerable<PriceCell> PriceCellsAsync(string platformId, string marketId, DateOnly month);

    /// <summary>A ranking window's totals.</summary>
    Task<RankingWindow> RankingWindowAsync(string platformId, string marketId, DateOnly month);

    /// <summary>
    /// Makes each subject's findings what the engine now derives, for all the subjects of a stage at
    /// once; returns the keys of the findings raised, updated or withdrawn.
    /// </summary>
    Task<IReadOnlyList<FindingKey>> ReplaceFindingsAsync(IReadOnlyList<SubjectFindings> subjects);
}

/// <summary>
/// The plan of a unit of work: which subjects are evaluated, in which stages, with which locks.
/// Markets first; then what depends on dominance and designation (conduct, prices, rankings,
/// acquisitions) and the platforms' yearly profiles; then reports and obligations, which read the
/// conduct findings just written. Each stage locks, reads and writes for all its subjects at once.
/// Each subject's findings depend only on its state and what it depends on, so the findings after a
/// set of events are the same whatever order they arrived in. The worker, <c>platformwatch
/// evaluate</c> and the macro benchmark run this one plan.
/// </summary>
public static class EvaluationPlan
{
    /// <summary>The first day of the month of an event (price and ranking windows are monthly).</summary>
    public static DateOnly MonthOf(DateTimeOffset occurredAt) => new(occurredAt.Year, occurredAt.Month, 1);

    /// <summary>Evaluates every dirty subject; obligations are judged as of <paramref name="asOf"/>.</summary>
    public static async Task<IReadOnlyList<DataGap>> RunAsync(RuleEngine engine, IEvaluationState state, DirtySubjects dirty, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(dirty);
        var gaps = new List<DataGap>();

        // The unit's markets are locked in one statement, in one global order, before anything
        // else: exclusively those whose figures changed, shared the target markets of the deals it
        // records. Then the facts, the subjects of stage 2 and the reports, each class in one
        // statement, so two units never hold one lock each while waiting for the other's.
        var marketShares = new Dictionary<string, IReadOnlyList<ShareFigure>>(StringComparer.Ordinal);
        if (dirty.Markets.Count > 0 || dirty.DealTargets.Count > 0)
        {
            foreach (var (marketId, shares) in await state.LockMarketsAsync(dirty.Markets, dirty.DealTargets).ConfigureAwait(false))
            {
                marketShares[marketId] = shares;
            }
        }

        // Stage 1: market structure. Dominance findings that change mark what depends on them.
        if (dirty.Markets.Count > 0)
        {
            var marketIds = dirty.Markets.ToList();
            var results = new List<SubjectFindings>(marketIds.Count);
            foreach (var marketId in marketIds)
            {
                var result = engine.Market(engine.Picture(marketId, marketShares[marketId]));
                gaps.AddRange(result.Gaps);
                results.Add(new SubjectFindings(Subjects.Market(marketId), result.Findings));
            }

            foreach (var changed in await state.ReplaceFindingsAsync(results).ConfigureAwait(false))
            {
                if (changed.PlatformId is not null && engine.DominanceRuleIds.Contains(changed.RuleId))
                {
                    dirty.DependentsOf(changed.PlatformId, changed.MarketId);
                }
            }

            dirty.Acquisitions.UnionWith(await state.AcquirersTargetingAsync(marketIds).ConfigureAwait(false));
        }

        // Stage 2: what depends on dominance and designation, and the platforms' yearly profiles.
        // Facts are locked before anything that reads them: exclusively where this unit changes
        // them (and before looking for their dependents, so a dependent another worker is writing
        // now is committed and found), shared where it only reads them. Without it, a ranking and
        // the designation that makes its platform a gatekeeper, committed by two workers at once,
        // would each miss the other. The windows found below belong to platforms whose facts
        // change, so every platform whose facts are read is known before the lock.
        var targetShares = marketShares;
        var readers = dirty.Conduct.Concat(dirty.Acquisitions).Concat(dirty.Reports)
            .Concat(dirty.PriceWindows.Select(w => w.PlatformId)).Concat(dirty.RankingWindows.Select(w => w.PlatformId))
            .ToHashSet(StringComparer.Ordinal);
        await state.LockAsync([.. dirty.FactsChanged.Select(Subjects.Facts)], [.. readers.Select(Subjects.Facts)]).ConfigureAwait(false);
        await AddWindowsAsync(state, dirty).ConfigureAwait(false);

        var conduct = dirty.Conduct.ToList();
        var acquirers = dirty.Acquisitions.ToList();
        var profiled = dirty.Profiles.ToList();
        await state.LockAsync(
            [
                .. conduct.Select(Subjects.Conduct),
                .. dirty.PriceWindows.Select(w => Subjects.Prices(w.PlatformId, w.MarketId, w.Month)),
                .. dirty.RankingWindows.Select(w => Subjects.Rankings(w.PlatformId, w.MarketId, w.Month)),
                .. acquirers.Select(Subjects.Acquisitions),
                .. profiled.Select(Subjects.Profiles),
            ],
            []).ConfigureAwait(false);
        var facts = await state.FactsAsync([.. conduct.Concat(acquirers).Concat(dirty.PriceWindows.Select(w => w.PlatformId)).Concat(dirty.RankingWindows.Select(w => w.PlatformId)).Distinct(StringComparer.Ordinal)]).ConfigureAwait(false);

        var second = new List<SubjectFindings>();
        void Add(string subject, EvaluationResult result)
        {
            gaps.AddRange(result.Gaps);
            second.Add(new SubjectFindings(subject, result.Findings));
        }

        var observations = await state.PlatformEventsAsync<ConductObserved>(conduct).ConfigureAwait(false);
        foreach (var platformId in conduct)
        {
            Add(Subjects.Conduct(platformId), engine.Conduct(platformId, observations[platformId], facts[platformId]));
        }

        foreach (var (platformId, marketId, month) in dirty.PriceWindows)
        {
            var window = await state.PriceWindowAsync(platformId, marketId, month).ConfigureAwait(false);
            var result = await engine.PricesAsync(window, state.PriceCellsAsync(platformId, marketId, month), facts[platformId]).ConfigureAwait(false);
            Add(Subjects.Prices(platformId, marketId, month), result);
        }

        foreach (var (platformId, marketId, month) in dirty.RankingWindows)
        {
            var window = await state.RankingWindowAsync(platformId, marketId, month).ConfigureAwait(false);
            Add(Subjects.Rankings(platformId, marketId, month), engine.Rankings(window, facts[platformId]));
        }

        // The other deals' target markets are read as committed, without a lock: a unit changing
        // one's figures either committed before this read, or re-evaluates the acquirers targeting
        // it once this unit released their subject (their deals were committed before it looked:
        // a deal's own unit holds its target market until it commits).
        var deals = await state.PlatformEventsAsync<AcquisitionAnnounced>(acquirers).ConfigureAwait(false);
        await ReadTargetsAsync(state, deals, targetShares).ConfigureAwait(false);
        var pictures = targetShares.ToDictionary(p => p.Key, p => engine.Picture(p.Key, p.Value), StringComparer.Ordinal);
        foreach (var acquirerId in acquirers)
        {
            Add(Subjects.Acquisitions(acquirerId), engine.Acquisitions(acquirerId, deals[acquirerId], facts[acquirerId], pictures.GetValueOrDefault));
        }

        var years = await state.PlatformEventsAsync<PlatformProfileReported>(profiled).ConfigureAwait(false);
        foreach (var platformId in profiled)
        {
            Add(Subjects.Profiles(platformId), engine.PlatformProfiles(platformId, years[platformId]));
        }

        // Stage 3: reports and obligations, which read the conduct findings just written.
        foreach (var changed in await state.ReplaceFindingsAsync(second).ConfigureAwait(false))
        {
            if (changed.PlatformId is not null && engine.ConductRuleIds.Contains(changed.RuleId))
            {
                dirty.Reports.Add(changed.PlatformId);
            }
        }

        var reporting = dirty.Reports.ToList();
        // Their facts are locked already: the platforms marked since are those whose conduct findings changed.
        await state.LockAsync([.. reporting.Select(Subjects.Reports)], []).ConfigureAwait(false);
        var obligations = await state.PlatformEventsAsync<ReportingObligationSet>(reporting).ConfigureAwait(false);
        var reports = await state.PlatformEventsAsync<SelfRegulationReportSubmitted>(reporting).ConfigureAwait(false);
        var current = await state.FactsAsync(reporting).ConfigureAwait(false);
        var third = new List<SubjectFindings>(reporting.Count);
        foreach (var platformId in reporting)
        {
            var result = engine.Reports(platformId, obligations[platformId], reports[platformId], current[platformId], asOf);
            gaps.AddRange(result.Gaps);
            third.Add(new SubjectFindings(Subjects.Reports(platformId), result.Findings));
        }

        await state.ReplaceFindingsAsync(third).ConfigureAwait(false);
        return gaps;
    }

    // Reads the deals' target markets not held yet.
    private static async Task ReadTargetsAsync(IEvaluationState state, IReadOnlyDictionary<string, IReadOnlyList<AcquisitionAnnounced>> deals, Dictionary<string, IReadOnlyList<ShareFigure>> held)
    {
        var targets = deals.Values.SelectMany(d => d).Select(d => d.TargetMarketId).OfType<string>()
            .Where(m => !held.ContainsKey(m)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (targets.Count == 0)
        {
            return;
        }

        foreach (var (marketId, shares) in await state.MarketsAsync(targets).ConfigureAwait(false))
        {
            held[marketId] = shares;
        }
    }

    // Every price and ranking window of the platforms whose facts changed (in one market, or all).
    private static async Task AddWindowsAsync(IEvaluationState state, DirtySubjects dirty)
    {
        if (dirty.WindowsOf.Count == 0)
        {
            return;
        }

        var (prices, rankings) = await state.WindowsAsync([.. dirty.WindowsOf.Select(w => w.PlatformId).Distinct(StringComparer.Ordinal)]).ConfigureAwait(false);
        bool Wanted(string platformId, string marketId) => dirty.WindowsOf.Contains((platformId, null)) || dirty.WindowsOf.Contains((platformId, marketId));
        dirty.PriceWindows.UnionWith(prices.Where(w => Wanted(w.PlatformId, w.MarketId)));
        dirty.RankingWindows.UnionWith(rankings.Where(w => Wanted(w.PlatformId, w.MarketId)));
    }
}
