using BenchmarkDotNet.Attributes;
using PlatformWatch.Benchmarks.Inputs;
using PlatformWatch.Contracts;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.Benchmarks;

/// <summary>
/// Rule evaluation per family of <see cref="RuleEngine"/> entry points, on the shipped profiles
/// (deploy/rules) and deterministic in-memory inputs built once per benchmark (see Inputs/). One
/// invoke evaluates every subject of its family once; <c>OperationsPerInvoke</c> is the number of
/// events behind those subjects, so BenchmarkDotNet's time and allocation per operation are per event.
/// Each method returns the number of findings so that nothing is optimised away.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(EventColumnsConfig))]
public class RuleEvaluationBenchmarks
{
    private RuleEngine _engine = null!;
    private List<MarketPicture> _pictures = [];
    private List<(string MarketId, ShareFigure[] Figures)> _figures = [];
    private IReadOnlyList<ConductSubject> _conduct = [];
    private IReadOnlyList<PriceSubject> _prices = [];
    private IReadOnlyList<RankingObserved> _pages = [];
    private Dictionary<string, PlatformFacts> _rankingFacts = [];
    private IReadOnlyList<AcquisitionSubject> _acquisitions = [];
    private Dictionary<string, MarketPicture> _targetMarkets = [];
    private IReadOnlyList<ProfileSubject> _profiles = [];
    private IReadOnlyList<ReportSubject> _reports = [];

    /// <summary>Share figures: every market picture evaluated once (all market-share, concentration and dynamics rules).</summary>
    [GlobalSetup(Target = nameof(Market))]
    public void SetupMarket()
    {
        LoadEngine();
        var reports = MarketInputs.Reports();
        Expect(reports.Count, MarketInputs.Figures, "share figures");
        _pictures = MarketInputs.Pictures(reports);
        ExpectFindings(Market(), nameof(Market));
    }

    /// <summary>The shares as the store hands them over: each market's picture built from its figures, then evaluated.</summary>
    [GlobalSetup(Target = nameof(MarketFromFigures))]
    public void SetupMarketFromFigures()
    {
        LoadEngine();
        var reports = MarketInputs.Reports();
        Expect(reports.Count, MarketInputs.Figures, "share figures");
        _figures = reports.GroupBy(r => r.MarketId, StringComparer.Ordinal).Select(g => (g.Key, g.Select(MarketInputs.ToFigure).ToArray())).ToList();
        ExpectFindings(MarketFromFigures(), nameof(MarketFromFigures));
    }

    /// <summary>Conduct observations, per platform.</summary>
    [GlobalSetup(Target = nameof(Conduct))]
    public void SetupConduct()
    {
        LoadEngine();
        _conduct = ConductInputs.Subjects();
        Expect(_conduct.Sum(s => s.Observations.Count), ConductInputs.Observations, "conduct observations");
        ExpectFindings(Conduct(), nameof(Conduct));
    }

    /// <summary>Price quotes, per platform-market-month window (cells streamed as the store streams them).</summary>
    [GlobalSetup(Target = nameof(Prices))]
    public void SetupPrices()
    {
        LoadEngine();
        _prices = PriceInputs.Subjects();
        Expect(_prices.Sum(s => s.Cells.Length), PriceInputs.Quotes, "price cells");
        ExpectFindings(Prices().GetAwaiter().GetResult(), nameof(Prices));
    }

    /// <summary>Results pages: each page's pair counts, summed per window, then each window evaluated.</summary>
    [GlobalSetup(Target = nameof(Rankings))]
    public void SetupRankings()
    {
        LoadEngine();
        _pages = RankingInputs.Observed();
        _rankingFacts = RankingInputs.Facts();
        Expect(_pages.Count, RankingInputs.Pages, "results pages");
        ExpectFindings(Rankings(), nameof(Rankings));
    }

    /// <summary>Announced acquisitions, per acquirer, with the target markets' pictures.</summary>
    [GlobalSetup(Target = nameof(Acquisitions))]
    public void SetupAcquisitions()
    {
        LoadEngine();
        _acquisitions = AcquisitionInputs.Subjects();
        _targetMarkets = MarketInputs.Pictures(MarketInputs.Reports()).ToDictionary(p => p.MarketId, StringComparer.Ordinal);
        Expect(_acquisitions.Sum(s => s.Deals.Count), AcquisitionInputs.Deals, "acquisitions");
        ExpectFindings(Acquisitions(), nameof(Acquisitions));
    }

    /// <summary>Yearly platform profiles, per platform.</summary>
    [GlobalSetup(Target = nameof(PlatformProfiles))]
    public void SetupPlatformProfiles()
    {
        LoadEngine();
        _profiles = ProfileInputs.Subjects();
        Expect(_profiles.Sum(s => s.Years.Count), ProfileInputs.Profiles, "platform profiles");
        ExpectFindings(PlatformProfiles(), nameof(PlatformProfiles));
    }

    /// <summary>Obligations and reports, per platform, as of 2026-06-30.</summary>
    [GlobalSetup(Target = nameof(Reports))]
    public void SetupReports()
    {
        LoadEngine();
        _reports = ReportInputs.Subjects();
        Expect(_reports.Sum(s => s.Obligations.Count + s.Reports.Count), ReportInputs.Events, "obligations and reports");
        ExpectFindings(Reports(), nameof(Reports));
    }

    /// <summary><see cref="RuleEngine.Market"/> on 12 prebuilt market pictures; per share figure.</summary>
    [Benchmark(OperationsPerInvoke = MarketInputs.Figures)]
    public int Market() => EvaluateMarkets(null);

    /// <summary><see cref="MarketPicture.From"/> and <see cref="RuleEngine.Market"/> on 12 markets; per share figure.</summary>
    [Benchmark(OperationsPerInvoke = MarketInputs.Figures)]
    public int MarketFromFigures() => EvaluateMarketsFromFigures(null);

    /// <summary><see cref="RuleEngine.Conduct"/> on 8 platforms; per observation.</summary>
    [Benchmark(OperationsPerInvoke = ConductInputs.Observations)]
    public int Conduct() => EvaluateConduct(null);

    /// <summary><see cref="RuleEngine.PricesAsync"/> on 4 windows; per quote (one quote per cell).</summary>
    [Benchmark(OperationsPerInvoke = PriceInputs.Quotes)]
    public Task<int> Prices() => EvaluatePricesAsync(null);

    /// <summary><see cref="PageCounts.Of"/> per page and <see cref="RuleEngine.Rankings"/> on 6 windows; per page.</summary>
    [Benchmark(OperationsPerInvoke = RankingInputs.Pages)]
    public int Rankings() => EvaluateRankings(null);

    /// <summary><see cref="RuleEngine.Acquisitions"/> on 6 acquirers; per acquisition.</summary>
    [Benchmark(OperationsPerInvoke = AcquisitionInputs.Deals)]
    public int Acquisitions() => EvaluateAcquisitions(null);

    /// <summary><see cref="RuleEngine.PlatformProfiles"/> on 25 platforms; per yearly profile.</summary>
    [Benchmark(OperationsPerInvoke = ProfileInputs.Profiles)]
    public int PlatformProfiles() => EvaluatePlatformProfiles(null);

    /// <summary><see cref="RuleEngine.Reports"/> on 12 platforms; per obligation or report.</summary>
    [Benchmark(OperationsPerInvoke = ReportInputs.Events)]
    public int Reports() => EvaluateReports(null);

    /// <summary>
    /// Runs every benchmark once and reports, per benchmark, the events, subjects, findings by rule
    /// and data gaps it produces (<c>--describe</c>): what the timed code does, without timing it.
    /// </summary>
    public static IReadOnlyList<WorkloadDescription> Describe()
    {
        var b = new RuleEvaluationBenchmarks();
        var described = new List<WorkloadDescription>();
        WorkloadDescription Of(string name, int events, Func<Action<EvaluationResult>?, int> run)
        {
            var description = new WorkloadDescription(name, events);
            run(description.Add);

            // A cross-check of BenchmarkDotNet's Allocated column: one more (warm) invoke, untimed.
            var before = GC.GetTotalAllocatedBytes(precise: true);
            run(null);
            description.AllocatedPerEvent = (GC.GetTotalAllocatedBytes(precise: true) - before) / events;
            return description;
        }

        b.SetupMarket();
        described.Add(Of(nameof(Market), MarketInputs.Figures, b.EvaluateMarkets));
        b.SetupMarketFromFigures();
        described.Add(Of(nameof(MarketFromFigures), MarketInputs.Figures, b.EvaluateMarketsFromFigures));
        b.SetupConduct();
        described.Add(Of(nameof(Conduct), ConductInputs.Observations, b.EvaluateConduct));
        b.SetupPrices();
        described.Add(Of(nameof(Prices), PriceInputs.Quotes, o => b.EvaluatePricesAsync(o).GetAwaiter().GetResult()));
        b.SetupRankings();
        described.Add(Of(nameof(Rankings), RankingInputs.Pages, b.EvaluateRankings));
        b.SetupAcquisitions();
        described.Add(Of(nameof(Acquisitions), AcquisitionInputs.Deals, b.EvaluateAcquisitions));
        b.SetupPlatformProfiles();
        described.Add(Of(nameof(PlatformProfiles), ProfileInputs.Profiles, b.EvaluatePlatformProfiles));
        b.SetupReports();
        described.Add(Of(nameof(Reports), ReportInputs.Events, b.EvaluateReports));
        return described;
    }

    // The timed loops. `observe` (null when timed) sees each subject's result for --describe.
    private int EvaluateMarkets(Action<EvaluationResult>? observe)
    {
        var found = 0;
        foreach (var picture in _pictures)
        {
            found += Seen(_engine.Market(picture), observe);
        }

        return found;
    }

    private int EvaluateMarketsFromFigures(Action<EvaluationResult>? observe)
    {
        var found = 0;
        foreach (var (marketId, figures) in _figures)
        {
            found += Seen(_engine.Market(MarketPicture.From(marketId, figures)), observe);
        }

        return found;
    }

    private int EvaluateConduct(Action<EvaluationResult>? observe)
    {
        var found = 0;
        foreach (var subject in _conduct)
        {
            found += Seen(_engine.Conduct(subject.PlatformId, subject.Observations, subject.Facts), observe);
        }

        return found;
    }

    private async Task<int> EvaluatePricesAsync(Action<EvaluationResult>? observe)
    {
        var found = 0;
        foreach (var subject in _prices)
        {
            found += Seen(await _engine.PricesAsync(subject.Window, subject.Cells.ToAsyncEnumerable(), subject.Facts).ConfigureAwait(false), observe);
        }

        return found;
    }

    private int EvaluateRankings(Action<EvaluationResult>? observe)
    {
        var windows = new Dictionary<(string PlatformId, string MarketId, DateOnly Month), RankingTally>();
        foreach (var page in _pages)
        {
            var key = (page.PlatformId, page.MarketId, Month: RankingInputs.MonthOf(page));
            if (!windows.TryGetValue(key, out var tally))
            {
                tally = new RankingTally(key.PlatformId, key.MarketId, key.Month);
                windows.Add(key, tally);
            }

            tally.Add(page, PageCounts.Of(page));
        }

        var found = 0;
        foreach (var (key, tally) in windows)
        {
            found += Seen(_engine.Rankings(tally.Window(), _rankingFacts[key.PlatformId]), observe);
        }

        return found;
    }

    private int EvaluateAcquisitions(Action<EvaluationResult>? observe)
    {
        var found = 0;
        foreach (var subject in _acquisitions)
        {
            found += Seen(_engine.Acquisitions(subject.AcquirerId, subject.Deals, subject.Facts, _targetMarkets.GetValueOrDefault), observe);
        }

        return found;
    }

    private int EvaluatePlatformProfiles(Action<EvaluationResult>? observe)
    {
        var found = 0;
        foreach (var subject in _profiles)
        {
            found += Seen(_engine.PlatformProfiles(subject.PlatformId, subject.Years), observe);
        }

        return found;
    }

    private int EvaluateReports(Action<EvaluationResult>? observe)
    {
        var found = 0;
        foreach (var subject in _reports)
        {
            found += Seen(_engine.Reports(subject.PlatformId, subject.Obligations, subject.Reports, subject.Facts, ReportInputs.AsOf), observe);
        }

        return found;
    }

    private static int Seen(EvaluationResult result, Action<EvaluationResult>? observe)
    {
        observe?.Invoke(result);
        return result.Findings.Count;
    }

    private void LoadEngine() => _engine = new RuleEngine(ShippedProfiles.Load());

    private static void Expect(int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"the input has {actual} {what}, the benchmark divides by {expected}");
        }
    }

    // A benchmark whose input raises nothing would only time the early exits.
    private static void ExpectFindings(int found, string benchmark)
    {
        if (found == 0)
        {
            throw new InvalidOperationException($"{benchmark}: the input raised no finding");
        }
    }
}

/// <summary>What one benchmark's input gives when evaluated once.</summary>
/// <param name="Benchmark">The benchmark.</param>
/// <param name="Events">The events one invoke evaluates (its OperationsPerInvoke).</param>
public sealed record WorkloadDescription(string Benchmark, int Events)
{
    /// <summary>Subjects evaluated (engine calls).</summary>
    public int Subjects { get; private set; }

    /// <summary>Findings raised.</summary>
    public int Findings { get; private set; }

    /// <summary>Data gaps recorded.</summary>
    public int Gaps { get; private set; }

    /// <summary>Bytes allocated per event by one invoke (measured once, untimed).</summary>
    public long AllocatedPerEvent { get; set; }

    /// <summary>Findings per rule id, in id order.</summary>
    public SortedDictionary<string, int> ByRule { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts one subject's result.</summary>
    public void Add(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Subjects++;
        Findings += result.Findings.Count;
        Gaps += result.Gaps.Count;
        foreach (var finding in result.Findings)
        {
            ByRule[finding.RuleId] = ByRule.GetValueOrDefault(finding.RuleId) + 1;
        }
    }
}
