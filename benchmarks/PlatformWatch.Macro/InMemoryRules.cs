using System.Collections.Concurrent;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Types;
using PlatformWatch.Store;

namespace PlatformWatch.Macro;

/// <summary>
/// <c>EventProcessor</c> with dictionaries where the worker has tables: an inbox of event ids; the
/// latest share per market, metric, period and platform; conduct, acquisitions, price cells and
/// ranking pages, yearly platform profiles, reporting obligations, reports and designations; each
/// subject's findings (raised, updated, withdrawn) and each platform's active findings and
/// designations as the facts other rules read. A batch applies its events and runs the rules
/// project's <see cref="EvaluationPlan"/> — the worker's own plan — on this state; obligations are
/// judged as of <c>asOf</c> (default: today, UTC, as in the worker's batches). The worker's due-date
/// scheduler (obligations falling due with no new event) is not part of it.
/// </summary>
public sealed class InMemoryRules(RuleEngine engine, DateOnly? asOf = null) : IEvaluationState
{
    private readonly ConcurrentDictionary<string, byte> _inbox = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MarketState> _markets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PlatformState> _platforms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string, DateOnly), PriceWindowState> _prices = new();
    private readonly ConcurrentDictionary<(string, string, DateOnly), RankingWindowState> _rankings = new();
    private readonly ConcurrentDictionary<string, Dictionary<FindingKey, FindingDraft>> _findings = new(StringComparer.Ordinal);
    private long _raised;
    private long _updated;
    private long _withdrawn;

    /// <summary>Findings raised so far (to compare with the worker's on the same backlog).</summary>
    public long Raised => Interlocked.Read(ref _raised);

    /// <summary>Findings whose measurements, severity or established time changed.</summary>
    public long Updated => Interlocked.Read(ref _updated);

    /// <summary>Findings no longer supported.</summary>
    public long Withdrawn => Interlocked.Read(ref _withdrawn);

    /// <summary>One batch.</summary>
    public async Task ProcessAsync(IReadOnlyList<IInboundEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var dirty = new DirtySubjects();
        foreach (var inbound in events.Where(e => _inbox.TryAdd(e.EventId, 0)))
        {
            dirty.Mark(inbound);
            switch (inbound)
            {
                case MarketShareReported e when Market(e.MarketId).Upsert(e):
                    dirty.Markets.Add(e.MarketId);
                    break;
                case ConductObserved e:
                    Platform(e.PlatformId).Observe(e);
                    break;
                case PriceQuoteObserved e:
                    var priceKey = (e.PlatformId, e.MarketId, EvaluationPlan.MonthOf(e.OccurredAt));
                    _prices.GetOrAdd(priceKey, k => new PriceWindowState(k.Item1, k.Item2, k.Item3)).Add(e);
                    Platform(e.PlatformId).Windows(prices: true, e.MarketId, priceKey.Item3);
                    break;
                case RankingObserved e:
                    var rankingKey = (e.PlatformId, e.MarketId, EvaluationPlan.MonthOf(e.OccurredAt));
                    _rankings.GetOrAdd(rankingKey, k => new RankingWindowState(k.Item1, k.Item2, k.Item3)).Add(e);
                    Platform(e.PlatformId).Windows(prices: false, e.MarketId, rankingKey.Item3);
                    break;
                case AcquisitionAnnounced e:
                    Platform(e.AcquirerId).Announce(e);
                    if (e.TargetMarketId is { } target)
                    {
                        Market(target).Target(e.AcquirerId);
                    }

                    break;
                case PlatformProfileReported or SelfRegulationReportSubmitted or ReportingObligationSet or DesignationDecided:
                    // The worker also records obligations' due dates for its scheduler; only the rules are measured here.
                    Platform(EventFacts.PlatformOf(inbound)!).Keep(inbound);
                    break;
            }
        }

        await EvaluationPlan.RunAsync(engine, this, dirty, asOf ?? DateOnly.FromDateTime(DateTime.UtcNow)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, IReadOnlyList<ShareFigure>>> LockMarketsAsync(IReadOnlyCollection<string> changed, IReadOnlyCollection<string> readers) =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<ShareFigure>>>(changed.Union(readers, StringComparer.Ordinal).ToDictionary(id => id, id => Market(id).Figures(), StringComparer.Ordinal));

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, IReadOnlyList<ShareFigure>>> MarketsAsync(IReadOnlyCollection<string> marketIds) => LockMarketsAsync(marketIds, []);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> AcquirersTargetingAsync(IReadOnlyList<string> marketIds) =>
        Task.FromResult<IReadOnlyList<string>>([.. marketIds.SelectMany(id => Market(id).AcquirersNow()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);

    /// <inheritdoc />
    public Task LockAsync(IReadOnlyCollection<string> exclusive, IReadOnlyCollection<string> readers) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, PlatformFacts>> FactsAsync(IReadOnlyCollection<string> platformIds) =>
        Task.FromResult<IReadOnlyDictionary<string, PlatformFacts>>(platformIds.ToDictionary(id => id, id => Platform(id).Facts(), StringComparer.Ordinal));

    /// <inheritdoc />
    public Task<(IReadOnlyList<(string PlatformId, string MarketId, DateOnly Month)> Prices, IReadOnlyList<(string PlatformId, string MarketId, DateOnly Month)> Rankings)> WindowsAsync(IReadOnlyCollection<string> platformIds)
    {
        var windows = platformIds.Select(id => (Id: id, Windows: Platform(id).WindowsIn(null))).ToList();
        IReadOnlyList<(string, string, DateOnly)> prices = [.. windows.SelectMany(p => p.Windows.Prices.Select(w => (p.Id, w.Market, w.Month)))];
        IReadOnlyList<(string, string, DateOnly)> rankings = [.. windows.SelectMany(p => p.Windows.Rankings.Select(w => (p.Id, w.Market, w.Month)))];
        return Task.FromResult((prices, rankings));
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, IReadOnlyList<T>>> PlatformEventsAsync<T>(IReadOnlyCollection<string> platformIds)
        where T : IInboundEvent =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<T>>>(platformIds.ToDictionary(id => id, id => (IReadOnlyList<T>)Platform(id).Events<T>(), StringComparer.Ordinal));

    /// <inheritdoc />
    public Task<PriceWindow> PriceWindowAsync(string platformId, string marketId, DateOnly month) =>
        Task.FromResult(_prices[(platformId, marketId, month)].Snapshot().Window);

    /// <inheritdoc />
    public IAsyncEnumerable<PriceCell> PriceCellsAsync(string platformId, string marketId, DateOnly month) =>
        _prices[(platformId, marketId, month)].Snapshot().Cells.ToAsyncEnumerable();

    /// <inheritdoc />
    public Task<RankingWindow> RankingWindowAsync(string platformId, string marketId, DateOnly month) =>
        Task.FromResult(_rankings[(platformId, marketId, month)].Snapshot());

    /// <inheritdoc />
    public Task<IReadOnlyList<FindingKey>> ReplaceFindingsAsync(IReadOnlyList<SubjectFindings> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var changed = new List<FindingKey>();
        foreach (var subject in subjects)
        {
            changed.AddRange(Replace(_findings.GetOrAdd(subject.Subject, _ => []), subject.Findings));
        }

        return Task.FromResult<IReadOnlyList<FindingKey>>(changed);
    }

    private MarketState Market(string marketId) => _markets.GetOrAdd(marketId, id => new MarketState(id));

    private PlatformState Platform(string platformId) => _platforms.GetOrAdd(platformId, id => new PlatformState(id));

    // The subject's findings become the new set; each platform's facts follow. Returns every finding raised, changed or withdrawn.
    private List<FindingKey> Replace(Dictionary<FindingKey, FindingDraft> held, IReadOnlyList<FindingDraft> found)
    {
        var changed = new List<FindingDraft>();
        lock (held)
        {
            var keys = found.Select(f => f.Key).ToHashSet();
            foreach (var finding in found)
            {
                if (!held.TryGetValue(finding.Key, out var before))
                {
                    Interlocked.Increment(ref _raised);
                    changed.Add(finding);
                }
                else if (before.MeasuredJson != finding.MeasuredJson || before.Severity != finding.Severity || before.Established != finding.Established)
                {
                    Interlocked.Increment(ref _updated);
                    changed.Add(finding);
                }

                held[finding.Key] = finding;
            }

            foreach (var finding in held.Values.Where(f => !keys.Contains(f.Key)).ToList())
            {
                held.Remove(finding.Key);
                Interlocked.Increment(ref _withdrawn);
                changed.Add(finding);
            }

            foreach (var finding in changed.Where(f => f.PlatformId is not null))
            {
                Platform(finding.PlatformId!).Fact(finding, active: held.ContainsKey(finding.Key));
            }
        }

        return changed.ConvertAll(f => f.Key);
    }
}
