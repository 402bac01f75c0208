using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PlatformWatch.Api.Security;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Pages.Markets;

/// <summary>A market: shares per platform over the periods, HHI and concentration ratios, its findings.</summary>
[Authorize(Policy = Policies.RegulatorRead)]
public sealed class MarketModel(MarketService markets, FindingService findings, ActiveProfiles profiles, TimeProvider clock) : UiPageModel(clock)
{
    /// <summary>The presumptions of dominance by market share (AML 2022 Art. 24(1)): one undertaking 1/2, two 2/3, three 3/4; labelled in the UI's language.</summary>
    public static IReadOnlyList<ChartGuide> Presumptions() =>
    [
        new(Rational.Of(1, 2), DisplayText.Get("chart.presumption.one")),
        new(Rational.Of(2, 3), DisplayText.Get("chart.presumption.two")),
        new(Rational.Of(3, 4), DisplayText.Get("chart.presumption.three")),
    ];

    private static readonly int[] Ratios = [2, 3, 4];

    /// <summary>The market id from the address.</summary>
    [BindProperty(SupportsGet = true)]
    public string MarketId { get; set; } = "";

    /// <summary>The market's structure.</summary>
    public MarketPicture Picture { get; private set; } = null!;

    /// <summary>The findings about the market.</summary>
    public IReadOnlyList<StoredFinding> Findings { get; private set; } = [];

    /// <summary>The HHI level the active rules call highly concentrated (GEN-HHI-LEVEL's <c>level</c>), if that rule is active.</summary>
    public Rational? HhiLevel { get; private set; }

    /// <summary>The market.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        var me = Me.AsActor();
        if ((await markets.ReadAsync(me, MarketId, HttpContext.RequestAborted)).Value is not { } picture)
        {
            return NotFound();
        }

        Picture = picture;
        if ((await findings.ListAsync(me, new FindingQuery { MarketId = MarketId, Limit = 500 }, HttpContext.RequestAborted)).Value is not { } seen)
        {
            return Forbid();
        }

        Findings = seen;
        if (profiles.Current.FindRule("GEN-HHI-LEVEL") is { } rule && rule.Parameters.Has("level") && rule.Parameters.Raw("level") is var level)
        {
            HhiLevel = level switch
            {
                Rational r => r,
                decimal d => Rational.FromDecimal(d),
                int i => Rational.FromInteger(i),
                long l => Rational.FromInteger(l),
                _ => null,
            };
        }

        return Page();
    }

    /// <summary>A period's label: a calendar year as its number, else its first and last day.</summary>
    public static string Label(PeriodShares period) => period.Period.Start.Year == period.Period.End.Year && period.Period.Start.Month == 1 && period.Period.End.Month == 12 && period.Period.End.Day == 31
        ? period.Period.Start.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"{Formats.Date(period.Period.Start)}…{Formats.Date(period.Period.End)}";

    // The metric's name in the UI's language (revenue → 收入).
    private static string Metric(MetricSeries series) => DisplayText.Name("metric", WireNames.Name(series.Metric));

    /// <summary>The platforms of a series, largest share in the latest period first.</summary>
    public static IReadOnlyList<string> Platforms(MetricSeries series) =>
        series.Periods.SelectMany(p => p.Shares).GroupBy(f => f.PlatformId)
            .OrderByDescending(g => series.Periods[^1].Of(g.Key)?.Share ?? -1m).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).ToList();

    /// <summary>The shares chart of a series: a line per platform and the presumption lines.</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent SharesChart(MetricSeries series) => SvgChart.Line(
        "shares-" + WireNames.Name(series.Metric), DisplayText.Format("chart.shares", Metric(series)),
        series.Periods.Select(Label).ToList(),
        Platforms(series).Select(p => new ChartSeries(p, series.Periods.Select(period => period.Of(p) is { } f ? (Rational?)f.Share : null).ToList())).ToList(),
        Rational.FromInteger(1), Presumptions(), SvgChart.Percent);

    /// <summary>The concentration chart: CR2 (for the 2/3 presumption), CR3 (3/4), CR4.</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent ConcentrationChart(MetricSeries series) => SvgChart.Line(
        "cr-" + WireNames.Name(series.Metric), DisplayText.Format("chart.concentration", Metric(series)),
        series.Periods.Select(Label).ToList(),
        [.. Ratios.Select(n => new ChartSeries("CR" + n, series.Periods.Select(p => (Rational?)p.ConcentrationRatio(n)).ToList()))],
        Rational.FromInteger(1), Presumptions(), SvgChart.Percent);

    /// <summary>The HHI chart, with the level the rules call highly concentrated.</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent HhiChart(MetricSeries series) => SvgChart.Line(
        "hhi-" + WireNames.Name(series.Metric), DisplayText.Format("chart.hhi", Metric(series)),
        series.Periods.Select(Label).ToList(),
        [new ChartSeries("HHI", series.Periods.Select(p => (Rational?)p.Hhi).ToList())],
        Rational.FromInteger(10_000), HhiLevel is { } level ? [new ChartGuide(level, DisplayText.Format("chart.highlyConcentrated", SvgChart.Plain(level)))] : [], SvgChart.Plain);
}
