using PlatformWatch.Contracts;

namespace PlatformWatch.Rules.Engine;

/// <summary>
/// One reported share: the latest figure of one source kind for its market, metric, period and
/// platform. Which kind's figure counts is the picture's business (RULES.md "Which figure counts").
/// </summary>
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
    /// <summary>The source id the event carried (<c>source</c>).</summary>
    public string Source { get; init; } = "";

    /// <summary>The standing of the source when the figure was recorded (unclassified without a registry).</summary>
    public SourceKind Kind { get; init; } = SourceKind.Unclassified;

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

/// <summary>
/// The shares of one market: every period of every metric. For each platform of a period, the
/// figure that counts is the one of the highest-ranked source kind present; the figures of the
/// kinds it outranks stay at hand (<see cref="PeriodShares.AllFigures"/>). The result does not
/// depend on the order of the figures.
/// </summary>
public sealed class MarketPicture
{
    private MarketPicture(string marketId, IReadOnlyList<MetricSeries> series, IReadOnlyList<string> jurisdictions, SourcePrecedence precedence)
    {
        MarketId = marketId;
        Series = series;
        Jurisdictions = jurisdictions;
        Precedence = precedence;
    }

    /// <summary>The market.</summary>
    public string MarketId { get; }

    /// <summary>One series of periods per metric.</summary>
    public IReadOnlyList<MetricSeries> Series { get; }

    /// <summary>The jurisdictions named by its figures (normally one).</summary>
    public IReadOnlyList<string> Jurisdictions { get; }

    /// <summary>The order of source kinds that decided which figures count.</summary>
    public SourcePrecedence Precedence { get; }

    /// <summary>
    /// Builds the picture: of several figures of one source kind for the same market, metric,
    /// period and platform the superseding one is that kind's (a correction); of the kinds, the
    /// one ranked highest by <paramref name="precedence"/> (null: <see cref="SourcePrecedence.Default"/>)
    /// counts. A figure whose kind the enum does not define is taken as <c>unclassified</c>.
    /// <see cref="RuleEngine.Picture"/> passes the precedence of the profiles in force.
    /// </summary>
    public static MarketPicture From(string marketId, IEnumerable<ShareFigure> figures, SourcePrecedence? precedence = null)
    {
        ArgumentNullException.ThrowIfNull(figures);
        precedence ??= SourcePrecedence.Default;
        var latest = new Dictionary<(ShareMetric, DateRange, string, SourceKind), ShareFigure>();
        foreach (var given in figures)
        {
            if (given.MarketId != marketId)
            {
                throw new ArgumentException($"figure {given.EventId} is of market {given.MarketId}, not {marketId}", nameof(figures));
            }

            var figure = Enum.IsDefined(given.Kind) ? given : given with { Kind = SourceKind.Unclassified };
            var key = (figure.Metric, figure.Period, figure.PlatformId, figure.Kind);
            if (!latest.TryGetValue(key, out var held) || Replaces(figure, held))
            {
                latest[key] = figure;
            }
        }

        var series = latest.Values
            .GroupBy(f => f.Metric)
            .OrderBy(g => g.Key)
            .Select(g => new MetricSeries(g.Key, g, precedence))
            .ToList();
        var jurisdictions = latest.Values.Select(f => f.Jurisdiction).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new MarketPicture(marketId, series, jurisdictions, precedence);
    }

    // Supersedes decides every real pair; the rest only keeps a redelivered event id that carries
    // different data from depending on arrival order.
    private static bool Replaces(ShareFigure figure, ShareFigure held) =>
        figure.Supersedes(held)
        || (!held.Supersedes(figure)
            && (string.CompareOrdinal(figure.Source, held.Source) > 0
                || (figure.Source == held.Source && figure.Share > held.Share)));
}

/// <summary>The periods of one market in one metric, oldest first.</summary>
public sealed class MetricSeries
{
    internal MetricSeries(ShareMetric metric, IEnumerable<ShareFigure> figures, SourcePrecedence precedence)
    {
        Metric = metric;
        Periods = figures
            .GroupBy(f => f.Period)
            .Select(g => new PeriodShares(g.Key, g, precedence))
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

/// <summary>
/// The shares reported for one period of one market and metric: every source kind's figure of
/// each platform, and the ones that count (the highest-ranked kind present), on which the shares,
/// HHI, CR-n and coverage are computed.
/// </summary>
public sealed class PeriodShares
{
    private readonly Dictionary<string, IReadOnlyList<ShareFigure>> _byPlatform;

    // At most one figure per platform and kind (MarketPicture.From keeps each kind's latest).
    internal PeriodShares(DateRange period, IEnumerable<ShareFigure> figures, SourcePrecedence precedence)
    {
        Period = period;
        Precedence = precedence;
        _byPlatform = figures
            .GroupBy(f => f.PlatformId, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<ShareFigure>)g.OrderBy(f => precedence.Rank(f.Kind)).ToList(),
                StringComparer.Ordinal);
        Reported = _byPlatform
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => p.Value)
            .ToList();
        Shares = _byPlatform.Values
            .Select(all => all[0])
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

    /// <summary>The order of source kinds that decided which figures count.</summary>
    public SourcePrecedence Precedence { get; }

    /// <summary>The figures that count, one per platform, largest first (ties by platform id).</summary>
    public IReadOnlyList<ShareFigure> Shares { get; }

    /// <summary>
    /// Every source kind's latest figure, by platform id, and within a platform by rank: the
    /// figure that counts first, then the ones it outranks.
    /// </summary>
    public IReadOnlyList<ShareFigure> Reported { get; }

    /// <summary>The sum of the known shares (coverage).</summary>
    public Rational Known { get; }

    /// <summary>What the known shares leave: the unreported fringe (never below zero).</summary>
    public Rational Remainder => Known >= 1 ? Rational.Zero : Rational.FromInteger(1) - Known;

    /// <summary>Herfindahl–Hirschman index over the known shares: Σ(100·share)².</summary>
    public Rational Hhi { get; }

    /// <summary>Sum of the largest <paramref name="n"/> shares (CR3, CR4).</summary>
    public Rational ConcentrationRatio(int n) => Shares.Take(n).Aggregate(Rational.Zero, (sum, f) => sum + f.Share);

    /// <summary>A platform's figure that counts, or null when it was not reported.</summary>
    public ShareFigure? Of(string platformId) => _byPlatform.TryGetValue(platformId, out var all) ? all[0] : null;

    /// <summary>
    /// Every source kind's latest figure for a platform, highest-ranked first: the first counts,
    /// the others are the ones it outranks. Empty when the platform was not reported.
    /// </summary>
    public IReadOnlyList<ShareFigure> AllFigures(string platformId) => _byPlatform.TryGetValue(platformId, out var all) ? all : [];
}
