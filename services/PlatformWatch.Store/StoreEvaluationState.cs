using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.Store;

/// <summary>
/// The evaluation plan's state in a unit of work on the case database: reads after the subject's
/// lock, and each stage's findings written as one set (<see cref="StoreSession.ReplaceFindingsAsync"/>).
/// Keeps every finding change the plan made, for the announcements' log and the metrics.
/// </summary>
public sealed class StoreEvaluationState(StoreSession session) : IEvaluationState
{
    private readonly List<FindingChange> _changes = [];

    /// <summary>Every finding raised, updated or withdrawn so far, in order.</summary>
    public IReadOnlyList<FindingChange> Changes => _changes;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ShareFigure>>> LockMarketsAsync(IReadOnlyList<string> marketIds)
    {
        await session.LockSubjectsAsync(marketIds.Select(Subjects.Market)).ConfigureAwait(false);
        return await session.LoadMarketsSharesAsync([.. marketIds]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ShareFigure>> LockedMarketAsync(string marketId)
    {
        await session.LockSubjectAsync(Subjects.Market(marketId)).ConfigureAwait(false);
        return await session.LoadMarketSharesAsync(marketId).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> AcquirersTargetingAsync(IReadOnlyList<string> marketIds) => session.AcquirersTargetingAsync([.. marketIds]);

    /// <inheritdoc />
    public Task LockFactsAsync(string platformId, bool exclusive) =>
        exclusive ? session.LockSubjectAsync(Subjects.Facts(platformId)) : session.LockSubjectSharedAsync(Subjects.Facts(platformId));

    /// <inheritdoc />
    public Task LockSubjectAsync(string subject) => session.LockSubjectAsync(subject);

    /// <inheritdoc />
    public Task<PlatformFacts> FactsAsync(string platformId) => session.LoadFactsAsync(platformId);

    /// <inheritdoc />
    public Task<IReadOnlyList<(string MarketId, DateOnly Month)>> PriceWindowsAsync(string platformId, string? marketId) => session.PriceWindowsAsync(platformId, marketId);

    /// <inheritdoc />
    public Task<IReadOnlyList<(string MarketId, DateOnly Month)>> RankingWindowsAsync(string platformId, string? marketId) => session.RankingWindowsAsync(platformId, marketId);

    /// <inheritdoc />
    public Task<IReadOnlyList<T>> PlatformEventsAsync<T>(string platformId)
        where T : IInboundEvent => session.LoadPlatformEventsAsync<T>(platformId);

    /// <inheritdoc />
    public async Task<PriceWindow> PriceWindowAsync(string platformId, string marketId, DateOnly month) =>
        new(platformId, marketId, Rules.DateRange.MonthOf(month), await session.PriceJurisdictionsAsync(platformId, marketId, month).ConfigureAwait(false));

    /// <inheritdoc />
    public IAsyncEnumerable<PriceCell> PriceCellsAsync(string platformId, string marketId, DateOnly month) => session.StreamPriceCellsAsync(platformId, marketId, month);

    /// <inheritdoc />
    public Task<RankingWindow> RankingWindowAsync(string platformId, string marketId, DateOnly month) => session.LoadRankingWindowAsync(platformId, marketId, month);

    /// <inheritdoc />
    public async Task<IReadOnlyList<FindingKey>> ReplaceFindingsAsync(IReadOnlyList<SubjectFindings> subjects)
    {
        var changes = await session.ReplaceFindingsAsync(subjects).ConfigureAwait(false);
        _changes.AddRange(changes);
        return changes.Select(c => new FindingKey(c.Finding.RuleId, c.Finding.PlatformId, c.Finding.MarketId, new Rules.DateRange(c.Finding.PeriodStart, c.Finding.PeriodEnd))).ToList();
    }
}
