using PlatformWatch.Contracts;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.Rules.Engine;

/// <summary>
/// Evaluates the rules of a profile set on one subject at a time: state (and what other subjects
/// established) in, findings out, no I/O. Each entry point evaluates every rule of its subject kind
/// that applies, and the result depends only on its inputs — never on arrival order.
/// </summary>
public sealed class RuleEngine(ProfileSet profiles)
{
    /// <summary>The profiles in force.</summary>
    public ProfileSet Profiles { get; } = profiles ?? throw new ArgumentNullException(nameof(profiles));

    /// <summary>The rules whose findings make a platform dominant (for some profile).</summary>
    public IReadOnlySet<string> DominanceRuleIds { get; } = profiles.Profiles.SelectMany(p => p.DominanceFrom).ToHashSet(StringComparer.Ordinal);

    /// <summary>The rules about a conduct, whose findings a report can contradict.</summary>
    public IReadOnlySet<string> ConductRuleIds { get; } = profiles.AllRules
        .Where(r => RuleTypeCatalog.Find(r.Type) is { } t && t.About(r).Count > 0)
        .Select(r => r.Id)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// A market's picture under the source precedence of the profiles for its figures'
    /// jurisdictions (<see cref="ProfileSet.PrecedenceFor"/>): the picture to give
    /// <see cref="Market"/>, the acquisition rules and the market page.
    /// </summary>
    public MarketPicture Picture(string marketId, IEnumerable<ShareFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var all = figures as IReadOnlyCollection<ShareFigure> ?? figures.ToList();
        return MarketPicture.From(marketId, all, Profiles.PrecedenceFor(all.Select(f => f.Jurisdiction)));
    }

    /// <summary>The market-share rules on a market's picture.</summary>
    public EvaluationResult Market(MarketPicture market)
    {
        ArgumentNullException.ThrowIfNull(market);
        var subject = Subjects.Market(market.MarketId);
        var gaps = new List<DataGap>();
        var found = new List<(RuleDefinition, Candidate)>();
        foreach (var (rule, type) in Applicable<MarketRuleType>(market.Jurisdictions))
        {
            foreach (var series in market.Series)
            {
                var metric = Contracts.Wire.WireNames.Name(series.Metric);
                foreach (var period in series.Periods)
                {
                    foreach (var c in type.Evaluate(rule, series, period))
                    {
                        found.Add((rule, new Candidate
                        {
                            PlatformId = c.PlatformId,
                            MarketId = market.MarketId,
                            Period = period.Period,
                            Measured = c.Measured,
                            Threshold = c.Threshold,
                            Evidence = c.Evidence,
                            MeasuredKey = metric,
                            LawDay = c.LawDay,
                        }));
                    }
                }
            }
        }

        return new EvaluationResult(FindingBuilder.Build(found, subject), gaps);
    }

    /// <summary>The conduct rules on all observations of a platform (each by the profiles of its jurisdiction).</summary>
    public EvaluationResult Conduct(string platformId, IReadOnlyList<ConductObserved> observations, PlatformFacts facts)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var subject = Subjects.Conduct(platformId);
        var gaps = new List<DataGap>();
        var found = new List<(RuleDefinition, Candidate)>();
        foreach (var group in observations.GroupBy(o => o.Jurisdiction, StringComparer.Ordinal))
        {
            var ofJurisdiction = group.ToList();
            foreach (var (rule, type) in Applicable<ConductRuleType>([group.Key]))
            {
                var context = new RuleContext(rule, Profiles, facts, default, subject, gaps);
                found.AddRange(type.Evaluate(context, ofJurisdiction).Select(c => (rule, c)));
            }
        }

        return new EvaluationResult(FindingBuilder.Build(found, subject), gaps);
    }

    /// <summary>The price rules on a month of a platform's quotes in a market, streamed cell by cell (ordered by product, then bucket).</summary>
    public async Task<EvaluationResult> PricesAsync(PriceWindow window, IAsyncEnumerable<PriceCell> cells, PlatformFacts facts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(cells);
        var subject = Subjects.Prices(window.PlatformId, window.MarketId, window.Month.Start);
        var gaps = new List<DataGap>();
        var passes = Applicable<PriceRuleType>(window.Jurisdictions)
            .Select(r => (r.Rule, Accumulator: r.Type.Start(new RuleContext(r.Rule, Profiles, facts, default, subject, gaps), window)))
            .ToList();
        if (passes.Count == 0)
        {
            return EvaluationResult.Empty;
        }

        var bucket = new List<PriceCell>();
        await foreach (var cell in cells.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (bucket.Count > 0 && (cell.ProductId != bucket[0].ProductId || cell.Bucket != bucket[0].Bucket))
            {
                passes.ForEach(p => p.Accumulator.Add(bucket));
                bucket = [];
            }

            bucket.Add(cell);
        }

        if (bucket.Count > 0)
        {
            passes.ForEach(p => p.Accumulator.Add(bucket));
        }

        var found = passes.SelectMany(p => p.Accumulator.Finish().Select(c => (p.Rule, c))).ToList();
        return new EvaluationResult(FindingBuilder.Build(found, subject), gaps);
    }

    /// <summary>The ranking rules on a month of a platform's results pages in a market.</summary>
    public EvaluationResult Rankings(RankingWindow window, PlatformFacts facts)
    {
        ArgumentNullException.ThrowIfNull(window);
        var subject = Subjects.Rankings(window.PlatformId, window.MarketId, window.Month.Start);
        var gaps = new List<DataGap>();
        var found = Applicable<RankingRuleType>(window.Jurisdictions)
            .SelectMany(r => r.Type.Evaluate(new RuleContext(r.Rule, Profiles, facts, default, subject, gaps), window).Select(c => (r.Rule, c)))
            .ToList();
        return new EvaluationResult(FindingBuilder.Build(found, subject), gaps);
    }

    /// <summary>The acquisition rules of every profile on an acquirer's acquisitions (the latest announcement of each deal).</summary>
    public EvaluationResult Acquisitions(string acquirerId, IReadOnlyList<AcquisitionAnnounced> acquisitions, PlatformFacts facts, Func<string, MarketPicture?> markets)
    {
        ArgumentNullException.ThrowIfNull(acquisitions);
        var subject = Subjects.Acquisitions(acquirerId);
        var deals = Latest(acquisitions, a => (a.AcquirerId, a.TargetId, a.SignedAt));
        var gaps = new List<DataGap>();
        var found = Applicable<AcquisitionRuleType>(null)
            .SelectMany(r => r.Type.Evaluate(new RuleContext(r.Rule, Profiles, facts, default, subject, gaps), deals, markets).Select(c => (r.Rule, c)))
            .ToList();
        return new EvaluationResult(FindingBuilder.Build(found, subject), gaps);
    }

    /// <summary>The platform-profile rules of every profile on a platform's yearly profiles (the latest of each year).</summary>
    public EvaluationResult PlatformProfiles(string platformId, IReadOnlyList<PlatformProfileReported> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        var subject = Subjects.Profiles(platformId);
        var latest = Latest(years, y => y.FiscalYear).OrderBy(y => y.FiscalYear).ToList();
        var gaps = new List<DataGap>();
        var found = Applicable<PlatformProfileRuleType>(null)
            .SelectMany(r => r.Type.Evaluate(new RuleContext(r.Rule, Profiles, PlatformFacts.None(platformId), default, subject, gaps), latest).Select(c => (r.Rule, c)))
            .ToList();
        return new EvaluationResult(FindingBuilder.Build(found, subject), gaps);
    }

    /// <summary>The report and obligation rules on a platform's obligations and reports, as of <paramref name="asOf"/>.</summary>
    public EvaluationResult Reports(string platformId, IReadOnlyList<ReportingObligationSet> obligations, IReadOnlyList<SelfRegulationReportSubmitted> reports, PlatformFacts facts, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(obligations);
        ArgumentNullException.ThrowIfNull(reports);
        var subject = Subjects.Reports(platformId);
        var latestObligations = Latest(obligations, o => o.ObligationId);
        var latestReports = Latest(reports, r => r.ReportId);
        var gaps = new List<DataGap>();
        var found = new List<(RuleDefinition, Candidate)>();
        var jurisdictions = latestObligations.Select(o => o.Jurisdiction).Concat(latestReports.Select(r => r.Jurisdiction)).Distinct(StringComparer.Ordinal);
        foreach (var jurisdiction in jurisdictions)
        {
            var ofObligations = latestObligations.Where(o => o.Jurisdiction == jurisdiction).ToList();
            var ofReports = latestReports.Where(r => r.Jurisdiction == jurisdiction).ToList();
            foreach (var (rule, type) in Applicable<ReportsRuleType>([jurisdiction]))
            {
                var context = new RuleContext(rule, Profiles, facts, asOf, subject, gaps);
                found.AddRange(type.Evaluate(context, ofObligations, ofReports).Select(c => (rule, c)));
            }
        }

        return new EvaluationResult(FindingBuilder.Build(found, subject), gaps);
    }

    // The enabled rules of a kind that apply to events of these jurisdictions (null: every profile).
    private List<(RuleDefinition Rule, T Type)> Applicable<T>(IEnumerable<string>? jurisdictions) where T : RuleType =>
        (jurisdictions is null ? Profiles.RulesForEveryJurisdiction() : jurisdictions.SelectMany(Profiles.RulesFor))
            .Distinct()
            .Where(r => r.Enabled)
            .Select(r => (Rule: r, Type: RuleTypeCatalog.Find(r.Type) as T))
            .Where(r => r.Type is not null)
            .Select(r => (r.Rule, r.Type!))
            .Select(r =>
            {
                PlatformWatchTelemetry.RuleEvaluations.Add(1, PlatformWatchTelemetry.Tag("rule", r.Rule.Id));
                return r;
            })
            .ToList();

    // Of several announcements of the same thing, the later occurredAt (then the greater event id) counts.
    private static List<T> Latest<T, TKey>(IEnumerable<T> events, Func<T, TKey> key) where T : IInboundEvent where TKey : notnull =>
        events
            .GroupBy(key)
            .Select(g => g.OrderByDescending(e => e.OccurredAt.UtcDateTime).ThenByDescending(e => e.EventId, StringComparer.Ordinal).First())
            .ToList();
}
