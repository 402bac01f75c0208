using System.Collections.Concurrent;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Store;

namespace PlatformWatch.Macro;

/// <summary>
/// <c>EventProcessor</c> with dictionaries where the worker has tables: an inbox of event ids; the
/// latest share per market, metric, period and platform; conduct, acquisitions, price cells and
/// ranking pages, yearly platform profiles, reporting obligations, reports and designations; each
/// subject's findings (raised, updated, withdrawn) and each platform's active findings and
/// designations as the facts other rules read. A batch applies its events, evaluates the markets it
/// changed, then what depends on them, on designations and on the batch (conduct, price and ranking
/// windows, acquisitions, platform profiles), then the reports and obligations of the platforms
/// whose reports, obligations or conduct findings changed, as the worker does; obligations are
/// judged as of <c>asOf</c> (default: today, UTC, as in the worker's batches). The
/// worker's due-date scheduler (obligations falling due with no new event) is not part of it.
/// </summary>
public sealed class InMemoryRules(RuleEngine engine, DateOnly? asOf = null)
{
    private readonly ConcurrentDictionary<string, byte> _inbox = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MarketState> _markets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PlatformState> _platforms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string, DateOnly), PriceWindowState> _prices = new();
    private readonly ConcurrentDictionary<(string, string, DateOnly), RankingWindowState> _rankings = new();
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
        var markets = new SortedSet<string>(StringComparer.Ordinal);
        var conduct = new SortedSet<string>(StringComparer.Ordinal);
        var acquisitions = new SortedSet<string>(StringComparer.Ordinal);
        var profiles = new SortedSet<string>(StringComparer.Ordinal);
        var reports = new SortedSet<string>(StringComparer.Ordinal);
        var prices = new HashSet<(string, string, DateOnly)>();
        var rankings = new HashSet<(string, string, DateOnly)>();
        var windowsOf = new HashSet<(string Platform, string? Market)>();
        foreach (var inbound in events.Where(e => _inbox.TryAdd(e.EventId, 0)))
        {
            switch (inbound)
            {
                case MarketShareReported e when Market(e.MarketId).Upsert(e):
                    markets.Add(e.MarketId);
                    break;
                case ConductObserved e:
                    Platform(e.PlatformId).Observe(e);
                    conduct.Add(e.PlatformId);
                    break;
                case PriceQuoteObserved e:
                    var priceKey = (e.PlatformId, e.MarketId, StoreSession.MonthOf(e.OccurredAt));
                    _prices.GetOrAdd(priceKey, k => new PriceWindowState(k.Item1, k.Item2, k.Item3)).Add(e);
                    Platform(e.PlatformId).Windows(prices: true, e.MarketId, priceKey.Item3);
                    prices.Add(priceKey);
                    break;
                case RankingObserved e:
                    var rankingKey = (e.PlatformId, e.MarketId, StoreSession.MonthOf(e.OccurredAt));
                    _rankings.GetOrAdd(rankingKey, k => new RankingWindowState(k.Item1, k.Item2, k.Item3)).Add(e);
                    Platform(e.PlatformId).Windows(prices: false, e.MarketId, rankingKey.Item3);
                    rankings.Add(rankingKey);
                    break;
                case AcquisitionAnnounced e:
                    Platform(e.AcquirerId).Announce(e);
                    if (e.TargetMarketId is { } target)
                    {
                        Market(target).Acquirers.Add(e.AcquirerId);
                    }

                    acquisitions.Add(e.AcquirerId);
                    break;
                case PlatformProfileReported e:
                    Platform(e.PlatformId).Keep(e);
                    profiles.Add(e.PlatformId);
                    break;
                case SelfRegulationReportSubmitted e:
                    Platform(e.PlatformId).Keep(e);
                    reports.Add(e.PlatformId);
                    break;
                case ReportingObligationSet e:
                    // The worker also records the due dates for its scheduler; only the rules are measured here.
                    Platform(e.PlatformId).Keep(e);
                    reports.Add(e.PlatformId);
                    break;
                case DesignationDecided e:
                    // Everything that depends on the platform's designation: its conduct, deals and every window.
                    Platform(e.PlatformId).Keep(e);
                    conduct.Add(e.PlatformId);
                    acquisitions.Add(e.PlatformId);
                    windowsOf.Add((e.PlatformId, null));
                    break;
            }
        }

        // Stage 1: market structure; a dominance finding that changes marks what depends on it.
        foreach (var marketId in markets)
        {
            var market = _markets[marketId];
            lock (market)
            {
                foreach (var finding in Replace(market.Findings, engine.Market(market.Picture()).Findings).Where(f => f.PlatformId is not null && engine.DominanceRuleIds.Contains(f.RuleId)))
                {
                    conduct.Add(finding.PlatformId!);
                    acquisitions.Add(finding.PlatformId!);
                    windowsOf.Add((finding.PlatformId!, finding.MarketId));
                }

                acquisitions.UnionWith(market.Acquirers);
            }
        }

        // Stage 2: what depends on dominance and designation, and the yearly profiles, with the facts as they now stand.
        var second = new List<FindingDraft>();
        foreach (var (platformId, marketId) in windowsOf)
        {
            var (priceWindows, rankingWindows) = Platform(platformId).WindowsIn(marketId);
            prices.UnionWith(priceWindows.Select(w => (platformId, w.Market, w.Month)));
            rankings.UnionWith(rankingWindows.Select(w => (platformId, w.Market, w.Month)));
        }

        foreach (var platformId in conduct)
        {
            var platform = Platform(platformId);
            var observations = platform.Observations();
            if (observations.Count > 0)
            {
                second.AddRange(Replace(platform.ConductFindings, engine.Conduct(platformId, observations, Facts(platformId)).Findings));
            }
        }

        foreach (var key in prices)
        {
            var window = _prices[key];
            var (picture, cells) = window.Snapshot();
            var result = await engine.PricesAsync(picture, cells.ToAsyncEnumerable(), Facts(key.Item1));
            second.AddRange(Replace(window.Findings, result.Findings));
        }

        foreach (var key in rankings)
        {
            var window = _rankings[key];
            second.AddRange(Replace(window.Findings, engine.Rankings(window.Snapshot(), Facts(key.Item1)).Findings));
        }

        foreach (var acquirerId in acquisitions)
        {
            var acquirer = Platform(acquirerId);
            var deals = acquirer.Deals();
            var pictures = deals.Select(d => d.TargetMarketId).OfType<string>().Distinct(StringComparer.Ordinal)
                .Select(id => _markets.TryGetValue(id, out var m) ? m : null).OfType<MarketState>()
                .ToDictionary(m => m.MarketId, m => { lock (m) { return m.Picture(); } }, StringComparer.Ordinal);
            second.AddRange(Replace(acquirer.AcquisitionFindings, engine.Acquisitions(acquirerId, deals, Facts(acquirerId), pictures.GetValueOrDefault).Findings));
        }

        foreach (var platformId in profiles)
        {
            var platform = Platform(platformId);
            second.AddRange(Replace(platform.ProfileFindings, engine.PlatformProfiles(platformId, platform.Profiles()).Findings));
        }

        // Stage 3: reports and obligations, which read the conduct findings just written.
        reports.UnionWith(second.Where(f => f.PlatformId is not null && engine.ConductRuleIds.Contains(f.RuleId)).Select(f => f.PlatformId!));
        var day = asOf ?? DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var platformId in reports)
        {
            var platform = Platform(platformId);
            var (obligations, submitted) = platform.ObligationsAndReports();
            Replace(platform.ReportFindings, engine.Reports(platformId, obligations, submitted, Facts(platformId), day).Findings);
        }
    }

    private MarketState Market(string marketId) => _markets.GetOrAdd(marketId, id => new MarketState(id));

    private PlatformState Platform(string platformId) => _platforms.GetOrAdd(platformId, id => new PlatformState(id));

    private PlatformFacts Facts(string platformId) => Platform(platformId).Facts();

    // The subject's findings become the new set; each platform's facts follow. Returns every finding raised, changed or withdrawn.
    private List<FindingDraft> Replace(Dictionary<FindingKey, FindingDraft> held, IReadOnlyList<FindingDraft> found)
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

        return changed;
    }
}
