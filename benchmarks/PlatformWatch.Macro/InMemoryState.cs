using PlatformWatch.Contracts;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.Macro;

/// <summary>A market's shares (the latest per metric, period and platform) and findings: the worker's <c>market_shares</c>.</summary>
internal sealed class MarketState(string marketId)
{
    private readonly Dictionary<(ShareMetric, DateRange, string), ShareFigure> _shares = [];

    public string MarketId { get; } = marketId;

    // Acquirers whose deals target this market (re-evaluated when it changes).
    private readonly SortedSet<string> _acquirers = new(StringComparer.Ordinal);

    /// <summary>Notes an acquirer whose deal targets this market.</summary>
    public void Target(string acquirerId)
    {
        lock (_acquirers)
        {
            _acquirers.Add(acquirerId);
        }
    }

    /// <summary>True when the figure changed the picture (it is the first for its key, or supersedes the held one).</summary>
    public bool Upsert(MarketShareReported e)
    {
        var figure = new ShareFigure(e.MarketId, e.Metric, new DateRange(e.PeriodStart, e.PeriodEnd), e.PlatformId, e.Share, e.Jurisdiction, e.EventId, e.OccurredAt);
        lock (this)
        {
            var key = (figure.Metric, figure.Period, figure.PlatformId);
            if (_shares.TryGetValue(key, out var held) && !figure.Supersedes(held))
            {
                return false;
            }

            _shares[key] = figure;
            return true;
        }
    }

    /// <summary>The figures held now.</summary>
    public IReadOnlyList<ShareFigure> Figures()
    {
        lock (this)
        {
            return [.. _shares.Values];
        }
    }

    /// <summary>The acquirers targeting it now.</summary>
    public IReadOnlyList<string> AcquirersNow()
    {
        lock (_acquirers)
        {
            return [.. _acquirers];
        }
    }
}

/// <summary>A platform's conduct, deals, yearly profiles, obligations, reports, designations, windows and active findings (its facts).</summary>
internal sealed class PlatformState(string platformId)
{
    private readonly List<ConductObserved> _observations = [];
    private readonly List<AcquisitionAnnounced> _deals = [];
    private readonly List<PlatformProfileReported> _profiles = [];
    private readonly List<ReportingObligationSet> _obligations = [];
    private readonly List<SelfRegulationReportSubmitted> _reports = [];
    private readonly List<DesignationDecided> _designations = [];
    private readonly Dictionary<string, FindingFact> _facts = new(StringComparer.Ordinal);
    private readonly HashSet<(bool Prices, string Market, DateOnly Month)> _windows = [];

    public void Observe(ConductObserved e)
    {
        lock (this)
        {
            _observations.Add(e);
        }
    }

    public void Announce(AcquisitionAnnounced e)
    {
        lock (this)
        {
            _deals.Add(e);
        }
    }

    /// <summary>Keeps a yearly profile, an obligation, a report or a designation (the worker's events of the platform).</summary>
    public void Keep(IInboundEvent e)
    {
        lock (this)
        {
            switch (e)
            {
                case PlatformProfileReported profile:
                    _profiles.Add(profile);
                    break;
                case ReportingObligationSet obligation:
                    _obligations.Add(obligation);
                    break;
                case SelfRegulationReportSubmitted report:
                    _reports.Add(report);
                    break;
                case DesignationDecided designation:
                    _designations.Add(designation);
                    break;
            }
        }
    }

    /// <summary>The platform's events of one contract, as the worker's <c>events</c> table gives them.</summary>
    public List<T> Events<T>()
        where T : IInboundEvent
    {
        lock (this)
        {
            IEnumerable<IInboundEvent> held = typeof(T).Name switch
            {
                nameof(ConductObserved) => _observations,
                nameof(AcquisitionAnnounced) => _deals,
                nameof(PlatformProfileReported) => _profiles,
                nameof(ReportingObligationSet) => _obligations,
                nameof(SelfRegulationReportSubmitted) => _reports,
                nameof(DesignationDecided) => _designations,
                _ => [],
            };
            return [.. held.OfType<T>()];
        }
    }



    public void Windows(bool prices, string marketId, DateOnly month)
    {
        lock (this)
        {
            _windows.Add((prices, marketId, month));
        }
    }



    /// <summary>The platform's price and ranking windows in a market (all markets when null).</summary>
    public (List<(string Market, DateOnly Month)> Prices, List<(string Market, DateOnly Month)> Rankings) WindowsIn(string? marketId)
    {
        lock (this)
        {
            var windows = _windows.Where(w => marketId is null || w.Market == marketId).ToList();
            return ([.. windows.Where(w => w.Prices).Select(w => (w.Market, w.Month))], [.. windows.Where(w => !w.Prices).Select(w => (w.Market, w.Month))]);
        }
    }

    public void Fact(FindingDraft finding, bool active)
    {
        lock (this)
        {
            if (active)
            {
                _facts[finding.Key.FindingId] = new FindingFact(finding.Key.FindingId, finding.RuleId, finding.MarketId, finding.Period, finding.Established, finding.Evidence);
            }
            else
            {
                _facts.Remove(finding.Key.FindingId);
            }
        }
    }

    public PlatformFacts Facts()
    {
        lock (this)
        {
            return new PlatformFacts(platformId, [.. _facts.Values], [.. _designations]);
        }
    }
}

/// <summary>A month of one platform's price quotes in one market, as the worker's <c>price_cells</c> hold them.</summary>
internal sealed class PriceWindowState(string platformId, string marketId, DateOnly month)
{
    private readonly Dictionary<(string Product, string Bucket, string Cohort, string Justification, string Currency), PriceCell> _cells = [];
    private readonly SortedSet<string> _jurisdictions = new(StringComparer.Ordinal);

    public void Add(PriceQuoteObserved q)
    {
        var key = (q.ProductId, q.Bucket, q.Cohort, q.Justification ?? "", q.Price.Currency);
        var amount = q.Price.Amount;
        lock (this)
        {
            _jurisdictions.Add(q.Jurisdiction);
            if (!_cells.TryGetValue(key, out var cell))
            {
                _cells[key] = new PriceCell(key.ProductId, key.Bucket, key.Cohort, key.Item4, key.Currency, amount, q.EventId, amount, q.EventId, 1);
                return;
            }

            // Lowest and highest price, ties to the smaller event id: the worker's merge, independent of arrival order.
            var low = amount < cell.MinPrice || (amount == cell.MinPrice && string.CompareOrdinal(q.EventId, cell.MinEventId) < 0);
            var high = amount > cell.MaxPrice || (amount == cell.MaxPrice && string.CompareOrdinal(q.EventId, cell.MaxEventId) < 0);
            _cells[key] = cell with
            {
                MinPrice = low ? amount : cell.MinPrice,
                MinEventId = low ? q.EventId : cell.MinEventId,
                MaxPrice = high ? amount : cell.MaxPrice,
                MaxEventId = high ? q.EventId : cell.MaxEventId,
                Quotes = cell.Quotes + 1,
            };
        }
    }

    /// <summary>The window and its cells in the worker's order (product, bucket, cohort, justification, currency).</summary>
    public (PriceWindow Window, List<PriceCell> Cells) Snapshot()
    {
        lock (this)
        {
            var cells = _cells.OrderBy(c => c.Key.Product, StringComparer.Ordinal).ThenBy(c => c.Key.Bucket, StringComparer.Ordinal)
                .ThenBy(c => c.Key.Cohort, StringComparer.Ordinal).ThenBy(c => c.Key.Justification, StringComparer.Ordinal)
                .ThenBy(c => c.Key.Currency, StringComparer.Ordinal).Select(c => c.Value).ToList();
            return (new PriceWindow(platformId, marketId, DateRange.MonthOf(month), [.. _jurisdictions]), cells);
        }
    }
}

/// <summary>A month of one platform's results pages in one market, summed as the worker's <c>ranking_pages</c> give them.</summary>
internal sealed class RankingWindowState(string platformId, string marketId, DateOnly month)
{
    private readonly SortedSet<string> _jurisdictions = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _withInversions = new(StringComparer.Ordinal);
    private PageCounts _totals;
    private long _pages;

    public void Add(RankingObserved page)
    {
        var counts = PageCounts.Of(page);
        lock (this)
        {
            _pages++;
            _jurisdictions.Add(page.Jurisdiction);
            _totals = new PageCounts(_totals.FirstPartyInversions + counts.FirstPartyInversions, _totals.FirstPartyPairs + counts.FirstPartyPairs,
                _totals.BaselineInversions + counts.BaselineInversions, _totals.BaselinePairs + counts.BaselinePairs);
            if (counts.FirstPartyInversions > 0)
            {
                _withInversions.Add(page.EventId);
            }
        }
    }

    public RankingWindow Snapshot()
    {
        lock (this)
        {
            return new RankingWindow(platformId, marketId, DateRange.MonthOf(month), [.. _jurisdictions], _pages, _totals, [.. _withInversions]);
        }
    }
}
