using PlatformWatch.Contracts;

namespace PlatformWatch.Rules.Engine;

/// <summary>One reported share: the latest figure for its market, metric, period and platform.</summary>
public sealed record ShareFigure(
    string MarketId,
    ShareMetric Metric,
    DateRange Period,
    string PlatformId,
    decimal Share,
    string Jurisdiction,
    string EventId,
    DateTimeOffset OccurredAt)
{
    /// <summary>
    /// Which of two figures for the same market/period/platform/metric counts: the later
    /// <c>occurredAt</c>, then the greater event id, so the outcome does not depend on arrival order.
    /// </summary>
    public bool Supersedes(ShareFigure other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var byTime = OccurredAt.UtcDateTime.CompareTo(other.OccurredAt.UtcDateTime);
        return byTime > 0 || (byTime == 0 && string.CompareOrdinal(EventId, other.EventId) > 0);
    }
}

/// <summary>The shares of one market: every period of every metric.</summary>
public sealed class MarketPicture
{
    private MarketPicture(string marketId, IReadOnlyList<MetricSeries> series, IReadOnlyList<string> jurisdictions)
    {
        MarketId = marketId;
        Series = series;
        Jurisdictions = jurisdictions;
    }

    /// <summary>The market.</summary>
    public string MarketId { get; }

    /// <summary>One series of periods per metric.</summary>
    public IReadOnlyList<MetricSeries> Series { get; }

    /// <summary>The jurisdictions named by its figures (normally one).</summary>
    public IReadOnlyList<string> Jurisdictions { get; }

    /// <summary>Builds the picture; of several figures for the same key, the superseding one counts.</summary>
    public static MarketPicture From(string marketId, IEnumerable<ShareFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var latest = new Dictionary<(ShareMetric, DateRange, string), ShareFigure>();
        foreach (var figure in figures)
        {
            if (figure.MarketId != marketId)
            {
                throw new ArgumentException($"figure {figure.EventId} is of market {figure.MarketId}, not {marketId}", nameof(figures));
            }

            var key = (figure.Metric, figure.Period, figure.PlatformId);
            if (!latest.TryGetValue(key, out var held) || figure.Supersedes(held))
            {
                latest[key] = figure;
            }
        }

        var series = latest.Values
            .GroupBy(f => f.Metric)
            .OrderBy(g => g.Key)
            .Select(g => new MetricSeries(g.Key, g))
            .ToList();
        var jurisdictions = latest.Values.Select(f => f.Jurisdiction).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new MarketPicture(marketId, series, jurisdictions);
    }
}

/// <summary>The periods of one market in one metric, oldest first.</summary>
public sealed class MetricSeries
{
    internal MetricSeries(ShareMetric metric, IEnumerable<ShareFigure> figures)
    {
        Metric = metric;
        Periods = figures
            .GroupBy(f => f.Period)
            .Select(g => new PeriodShares(g.Key, g))
            .OrderBy(p => p.Period.Start)
            .ThenBy(p => p.Period.End)
            .ToList();
    }

    /// <summary>The metric.</summary>
    public ShareMetric Metric { get; }

    /// <summary>The periods, by start then end.</summary>
    public IReadOnlyList<PeriodShares> Periods { get; }

    /// <summary>
    /// The previous period: one that ends the day before this one starts. Where several do (a year
    /// and its last quarter), the one of the same length in months wins, else the longest.
    /// </summary>
    public PeriodShares? Previous(PeriodShares current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var dayBefore = current.Period.Start.AddDays(-1);
        var months = MonthsSpanned(current.Period);
        return Periods
            .Where(p => p.Period.End == dayBefore)
            .OrderByDescending(p => MonthsSpanned(p.Period) == months)
            .ThenByDescending(p => p.Period.Days)
            .FirstOrDefault();
    }

    /// <summary>Earlier periods whose start is at most <paramref name="months"/> months before this one's start.</summary>
    public IEnumerable<PeriodShares> StartingWithin(PeriodShares current, int months)
    {
        ArgumentNullException.ThrowIfNull(current);
        var earliest = current.Period.Start.AddMonths(-months);
        return Periods.Where(p => p.Period.Start < current.Period.Start && p.Period.Start >= earliest);
    }

    private static int MonthsSpanned(DateRange period) =>
        ((period.End.Year - period.Start.Year) * 12) + period.End.Month - period.Start.Month + 1;
}

/// <summary>The shares reported for one period of one market and metric.</summary>
public sealed class PeriodShares
{
    internal PeriodShares(DateRange period, IEnumerable<ShareFigure> figures)
    {
        Period = period;
        Shares = figures
            .OrderByDescending(f => f.Share)
            .ThenBy(f => f.PlatformId, StringComparer.Ordinal)
            .ToList();
        Known = Shares.Aggregate(Rational.Zero, (sum, f) => sum + f.Share);
        Hhi = Shares.Aggregate(Rational.Zero, (sum, f) =>
        {
            var points = Rational.FromDecimal(f.Share) * Rational.FromInteger(100);
            return sum + (points * points);
        });
    }

    /// <summary>The period.</summary>
    public DateRange Period { get; }

    /// <summary>The shares, largest first (ties by platform id).</summary>
    public IReadOnlyList<ShareFigure> Shares { get; }

    /// <summary>The sum of the known shares (coverage).</summary>
    public Rational Known { get; }

    /// <summary>What the known shares leave: the unreported fringe (never below zero).</summary>
    public Rational Remainder => Known >= 1 ? Rational.Zero : Rational.FromInteger(1) - Known;

    /// <summary>Herfindahl–Hirschman index over the known shares: Σ(100·share)².</summary>
    public Rational Hhi { get; }

    /// <summary>Sum of the largest <paramref name="n"/> shares (CR3, CR4).</summary>
    public Rational ConcentrationRatio(int n) => Shares.Take(n).Aggregate(Rational.Zero, (sum, f) => sum + f.Share);

    /// <summary>A platform's figure, or null when it was not reported.</summary>
    public ShareFigure? Of(string platformId) => Shares.FirstOrDefault(f => f.PlatformId == platformId);
}
