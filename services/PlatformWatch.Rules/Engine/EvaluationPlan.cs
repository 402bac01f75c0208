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

    /// <summary>Platforms whose facts (dominance, designation) this unit of work changes.</summary>
    public SortedSet<string> FactsChanged { get; } = new(StringComparer.Ordinal);

    /// <summary>True when nothing is to be evaluated.</summary>
    public bool IsEmpty =>
        Markets.Count + Conduct.Count + Acquisitions.Count + Profiles.Count + Reports.Count + PriceWindows.Count + RankingWindows.Count + WindowsOf.Count + FactsChanged.Count == 0;

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
/// benchmark's scenario c). Locks serialise units of work that touch the same subject; a state
/// without concurrent writers may take them as no-ops.
/// </summary>
public interface IEvaluationState
{
    /// <summary>Locks the markets (in this order) and reads their figures, all at once.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<ShareFigure>>> LockMarketsAsync(IReadOnlyList<string> marketIds);

    /// <summary>A market's figures, locked first: a deal's target market must be the committed one.</summary>
    Task<IReadOnlyList<ShareFigure>> LockedMarketAsync(string marketId);

    /// <summary>Acquirers whose announced deals target any of the markets.</summary>
    Task<IReadOnlyList<string>> AcquirersTargetingAsync(IReadOnlyList<string> marketIds);

    /// <summary>Locks a platform's facts: exclusively when this unit of work changes them, shared when it only reads them.</summary>
    Task LockFactsAsync(string platformId, bool exclusive);

    /// <summary>Locks a subject until the unit of work ends.</summary>
    Task LockSubjectAsync(string subject);

    /// <summary>What the rules know of a platform: its dominance and conduct findings in force, its designations.</summary>
    Task<PlatformFacts> FactsAsync(string platformId);

    /// <summary>The months with price quotes of a platform (in one market, or in all with null).</summary>
    Task<IReadOnlyList<(string MarketId, DateOnly Month)>> PriceWindowsAsync(string platformId, string? marketId);

    /// <summary>The months with results pages of a platform (in one market, or in all with null).</summary>
    Task<IReadOnlyList<(string MarketId, DateOnly Month)>> RankingWindowsAsync(string platformId, string? marketId);

    /// <summary>A platform's events of one type (conduct, deals, profiles, obligations, reports).</summary>
    Task<IReadOnlyList<T>> PlatformEventsAsync<T>(string platformId)
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
/// conduct findings just written. Each stage's findings are written at once. Each subject's findings
/// depend only on its state and what it depends on, so the findings after a set of events are the
/// same whatever order they arrived in. The worker, <c>platformwatch evaluate</c> and the macro
/// benchmark run this one plan.
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

        // Stage 1: market structure. Dominance findings that change mark what depends on them.
        if (dirty.Markets.Count > 0)
        {
            var marketIds = dirty.Markets.ToList();
            var shares = await state.LockMarketsAsync(marketIds).ConfigureAwait(false);
            var results = new List<SubjectFindings>(marketIds.Count);
            foreach (var marketId in marketIds)
            {
                var result = engine.Market(engine.Picture(marketId, shares[marketId]));
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
        // them (first, and before looking for their dependents, so a dependent another worker is
        // writing now is committed and found), shared where it only reads them. Without it, a
        // ranking and the designation that makes its platform a gatekeeper, committed by two
        // workers at once, would each miss the other.
        var facts = new Facts(state);
        foreach (var platformId in dirty.FactsChanged)
        {
            await facts.LockAsync(platformId, exclusive: true).ConfigureAwait(false);
        }

        foreach (var (platformId, marketId) in dirty.WindowsOf)
        {
            foreach (var (market, month) in await state.PriceWindowsAsync(platformId, marketId).ConfigureAwait(false))
            {
                dirty.PriceWindows.Add((platformId, market, month));
            }

            foreach (var (market, month) in await state.RankingWindowsAsync(platformId, marketId).ConfigureAwait(false))
            {
                dirty.RankingWindows.Add((platformId, market, month));
            }
        }

        var second = new List<SubjectFindings>();
        void Add(string subject, EvaluationResult result)
        {
            gaps.AddRange(result.Gaps);
            second.Add(new SubjectFindings(subject, result.Findings));
        }

        foreach (var platformId in dirty.Conduct)
        {
            var platformFacts = await facts.OfAsync(platformId).ConfigureAwait(false);
            await state.LockSubjectAsync(Subjects.Conduct(platformId)).ConfigureAwait(false);
            var observations = await state.PlatformEventsAsync<ConductObserved>(platformId).ConfigureAwait(false);
            Add(Subjects.Conduct(platformId), engine.Conduct(platformId, observations, platformFacts));
        }

        foreach (var (platformId, marketId, month) in dirty.PriceWindows)
        {
            var platformFacts = await facts.OfAsync(platformId).ConfigureAwait(false);
            await state.LockSubjectAsync(Subjects.Prices(platformId, marketId, month)).ConfigureAwait(false);
            var window = await state.PriceWindowAsync(platformId, marketId, month).ConfigureAwait(false);
            var result = await engine.PricesAsync(window, state.PriceCellsAsync(platformId, marketId, month), platformFacts).ConfigureAwait(false);
            Add(Subjects.Prices(platformId, marketId, month), result);
        }

        foreach (var (platformId, marketId, month) in dirty.RankingWindows)
        {
            var platformFacts = await facts.OfAsync(platformId).ConfigureAwait(false);
            await state.LockSubjectAsync(Subjects.Rankings(platformId, marketId, month)).ConfigureAwait(false);
            var window = await state.RankingWindowAsync(platformId, marketId, month).ConfigureAwait(false);
            Add(Subjects.Rankings(platformId, marketId, month), engine.Rankings(window, platformFacts));
        }

        foreach (var acquirerId in dirty.Acquisitions)
        {
            var acquirerFacts = await facts.OfAsync(acquirerId).ConfigureAwait(false);
            await state.LockSubjectAsync(Subjects.Acquisitions(acquirerId)).ConfigureAwait(false);
            var deals = await state.PlatformEventsAsync<AcquisitionAnnounced>(acquirerId).ConfigureAwait(false);
            var markets = new Dictionary<string, MarketPicture>(StringComparer.Ordinal);
            foreach (var marketId in deals.Select(d => d.TargetMarketId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                markets[marketId] = engine.Picture(marketId, await state.LockedMarketAsync(marketId).ConfigureAwait(false));
            }

            Add(Subjects.Acquisitions(acquirerId), engine.Acquisitions(acquirerId, deals, acquirerFacts, markets.GetValueOrDefault));
        }

        foreach (var platformId in dirty.Profiles)
        {
            await state.LockSubjectAsync(Subjects.Profiles(platformId)).ConfigureAwait(false);
            var years = await state.PlatformEventsAsync<PlatformProfileReported>(platformId).ConfigureAwait(false);
            Add(Subjects.Profiles(platformId), engine.PlatformProfiles(platformId, years));
        }

        // Stage 3: reports and obligations, which read the conduct findings just written.
        foreach (var changed in await state.ReplaceFindingsAsync(second).ConfigureAwait(false))
        {
            if (changed.PlatformId is not null && engine.ConductRuleIds.Contains(changed.RuleId))
            {
                dirty.Reports.Add(changed.PlatformId);
            }
        }

        var third = new List<SubjectFindings>();
        foreach (var platformId in dirty.Reports)
        {
            await facts.LockAsync(platformId, exclusive: false).ConfigureAwait(false);
            await state.LockSubjectAsync(Subjects.Reports(platformId)).ConfigureAwait(false);
            var obligations = await state.PlatformEventsAsync<ReportingObligationSet>(platformId).ConfigureAwait(false);
            var reports = await state.PlatformEventsAsync<SelfRegulationReportSubmitted>(platformId).ConfigureAwait(false);
            var current = await state.FactsAsync(platformId).ConfigureAwait(false);
            var result = engine.Reports(platformId, obligations, reports, current, asOf);
            gaps.AddRange(result.Gaps);
            third.Add(new SubjectFindings(Subjects.Reports(platformId), result.Findings));
        }

        await state.ReplaceFindingsAsync(third).ConfigureAwait(false);
        return gaps;
    }

    // Each platform's facts, locked before they are first read and read once per stage 2.
    private sealed class Facts(IEvaluationState state)
    {
        private readonly HashSet<string> _locked = new(StringComparer.Ordinal);
        private readonly Dictionary<string, PlatformFacts> _read = new(StringComparer.Ordinal);

        public async Task LockAsync(string platformId, bool exclusive)
        {
            if (_locked.Add(platformId))
            {
                await state.LockFactsAsync(platformId, exclusive).ConfigureAwait(false);
            }
        }

        public async Task<PlatformFacts> OfAsync(string platformId)
        {
            if (!_read.TryGetValue(platformId, out var known))
            {
                await LockAsync(platformId, exclusive: false).ConfigureAwait(false);
                known = await state.FactsAsync(platformId).ConfigureAwait(false);
                _read[platformId] = known;
            }

            return known;
        }
    }
}
