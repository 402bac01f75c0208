using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.Store;

/// <summary>
/// The evaluation plan's state in a unit of work on the case database: reads after the subject's
/// lock, and each stage's findings written as one set (<see cref="SessionFindings.ReplaceFindingsAsync"/>).
/// Keeps every finding change the plan made, for the announcements' log and the metrics.
/// </summary>
public sealed class StoreEvaluationState(StoreSession session) : IEvaluationState
{
    private readonly List<FindingChange> _changes = [];

    /// <summary>Every finding raised, updated or withdrawn so far, in order.</summary>
    public IReadOnlyList<FindingChange> Changes => _changes;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ShareFigure>>> LockMarketsAsync(IReadOnlyCollection<string> changed, IReadOnlyCollection<string> readers)
    {
        await session.LockSubjectsAsync(changed.Select(Subjects.Market), readers.Select(Subjects.Market)).ConfigureAwait(false);
        return await session.Ingestion.LoadMarketsSharesAsync([.. changed.Union(readers, StringComparer.Ordinal)]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, IReadOnlyList<ShareFigure>>> MarketsAsync(IReadOnlyCollection<string> marketIds) =>
        session.Ingestion.LoadMarketsSharesAsync([.. marketIds]);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> AcquirersTargetingAsync(IReadOnlyList<string> marketIds) => session.Ingestion.AcquirersTargetingAsync([.. marketIds]);

    /// <inheritdoc />
    public Task LockAsync(IReadOnlyCollection<string> exclusive, IReadOnlyCollection<string> readers) => session.LockSubjectsAsync(exclusive, readers);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, PlatformFacts>> FactsAsync(IReadOnlyCollection<string> platformIds) => session.Ingestion.LoadFactsAsync(platformIds);

    /// <inheritdoc />
    public Task<(IReadOnlyList<(string PlatformId, string MarketId, DateOnly Month)> Prices, IReadOnlyList<(string PlatformId, string MarketId, DateOnly Month)> Rankings)> WindowsAsync(IReadOnlyCollection<string> platformIds) =>
        session.Ingestion.LoadWindowsAsync(platformIds);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, IReadOnlyList<T>>> PlatformEventsAsync<T>(IReadOnlyCollection<string> platformIds)
        where T : IInboundEvent => session.Ingestion.LoadPlatformEventsAsync<T>(platformIds);

    /// <inheritdoc />
    public async Task<PriceWindow> PriceWindowAsync(string platformId, string marketId, DateOnly month) =>
        new(platformId, marketId, Rules.DateRange.MonthOf(month), await session.Ingestion.PriceJurisdictionsAsync(platformId, marketId, month).ConfigureAwait(false));

    /// <inheritdoc />
    public IAsyncEnumerable<PriceCell> PriceCellsAsync(string platformId, string marketId, DateOnly month) => session.Ingestion.StreamPriceCellsAsync(platformId, marketId, month);

    /// <inheritdoc />
    public Task<RankingWindow> RankingWindowAsync(string platformId, string marketId, DateOnly month) => session.Ingestion.LoadRankingWindowAsync(platformId, marketId, month);

    /// <inheritdoc />
    public async Task<IReadOnlyList<FindingKey>> ReplaceFindingsAsync(IReadOnlyList<SubjectFindings> subjects)
    {
        var changes = await session.Findings.ReplaceFindingsAsync(subjects).ConfigureAwait(false);
        _changes.AddRange(changes);
        return changes.Select(c => new FindingKey(c.Finding.RuleId, c.Finding.PlatformId, c.Finding.MarketId, new Rules.DateRange(c.Finding.PeriodStart, c.Finding.PeriodEnd))).ToList();
    }
}
