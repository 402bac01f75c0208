using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using PlatformWatch.Rules;

namespace PlatformWatch.Api.Ui;

/// <summary>One line of a chart: a value per period, null where nothing was reported.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<Rational?> Values);

/// <summary>A horizontal reference line, e.g. a legal presumption of dominance at 1/2.</summary>
public sealed record ChartGuide(Rational Value, string Label);

/// <summary>
/// Line charts drawn on the server as inline SVG: no script, readable by screen readers (a title
/// and a table of the same figures go with each), printable. The exact figures are in the tooltips
/// and the table; the drawing itself is scaled to whole hundredths of a pixel. The words (title,
/// guides' labels, the tooltips' sentence) come in the UI's language from the caller and the resources.
/// </summary>
public static class SvgChart
{
    /// <summary>Colours that stay apart for common colour-vision deficiencies (Okabe–Ito).</summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

    // Chinese labels written as characters, as the pages write them (HtmlEncoder.Default escapes them as &#x…;).
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private const int Width = 760;
    private const int Height = 300;
    private const int Left = 58;
    private const int Right = 190;
    private const int Top = 16;
    private const int Bottom = 44;

    /// <summary>The chart: periods along x, values from 0 to <paramref name="max"/> up y.</summary>
    public static IHtmlContent Line(string id, string title, IReadOnlyList<string> periods, IReadOnlyList<ChartSeries> series, Rational max, IReadOnlyList<ChartGuide> guides, Func<Rational, string> format)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(guides);
        ArgumentNullException.ThrowIfNull(format);
        var e = Encoder;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        decimal X(int i) => periods.Count == 1 ? Left + plotWidth / 2m : Left + plotWidth * (decimal)i / (periods.Count - 1);
        decimal Y(Rational v) => Top + plotHeight - plotHeight * Scale(v, max);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"{e.Encode(id)}\" class=\"chart\" role=\"img\" aria-labelledby=\"{e.Encode(id)}-title\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" style=\"max-width:{Width}px\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{e.Encode(id)}-title\">{e.Encode(title)}</title>");

        // Axes and a grid at fifths of the range.
        for (var k = 0; k <= 5; k++)
        {
            var value = max * Rational.Of(k, 5);
            var y = Num(Y(value));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#e3e8ee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y}\" font-size=\"11\" text-anchor=\"end\" dominant-baseline=\"middle\" fill=\"#5b6570\">{e.Encode(format(value))}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Top + plotHeight}\" stroke=\"#5b6570\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight}\" stroke=\"#5b6570\"/>");
        for (var i = 0; i < periods.Count; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Num(X(i))}\" y=\"{Height - Bottom + 18}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6570\">{e.Encode(periods[i])}</text>");
        }

        // The guides: dashed, labelled at the right.
        foreach (var guide in guides.Where(g => g.Value <= max))
        {
            var y = Num(Y(guide.Value));
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"guide\" data-guide=\"{e.Encode(guide.Value.ToString())}\"><line x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#a4001d\" stroke-dasharray=\"6 4\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plotWidth + 6}\" y=\"{y}\" font-size=\"11\" dominant-baseline=\"middle\" fill=\"#a4001d\">{e.Encode(guide.Label)}</text></g>");
        }

        // The series: a line through the reported points, a dot with the exact value on each.
        for (var s = 0; s < series.Count; s++)
        {
            var colour = Palette[s % Palette.Length];
            var line = series[s];
            var points = new List<string>();
            var dots = new StringBuilder();
            for (var i = 0; i < line.Values.Count && i < periods.Count; i++)
            {
                if (line.Values[i] is not { } value)
                {
                    continue;
                }

                var (x, y) = (Num(X(i)), Num(Y(value)));
                points.Add($"{x},{y}");
                dots.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x}\" cy=\"{y}\" r=\"3.5\" fill=\"{colour}\"><title>{e.Encode(DisplayText.Format("chart.point", line.Name, periods[i], format(value)))}</title></circle>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"series\" data-series=\"{e.Encode(line.Name)}\"><polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/>{dots}</g>");
        }

        svg.Append("</svg>");
        var legend = new StringBuilder("<div class=\"legend\" aria-hidden=\"true\">");
        for (var s = 0; s < series.Count; s++)
        {
            legend.Append(CultureInfo.InvariantCulture, $"<span><i style=\"background:{Palette[s % Palette.Length]}\"></i>{e.Encode(series[s].Name)}</span>");
        }

        legend.Append("</div>");
        return new HtmlString(svg.ToString() + legend);
    }

    /// <summary>A share as a percentage in the UI's language: 1/2 → 50 % (50%), 2/3 → 66.67 % (rounded half away from zero, for the eye only).</summary>
    public static string Percent(Rational share) => Formats.Share(share);

    /// <summary>A rational for the eye, to two places.</summary>
    public static string Plain(Rational value) => Num(Decimal(value), 2);

    // value / max as a decimal in [0, 1], to six places (drawing only).
    private static decimal Scale(Rational value, Rational max) => max == Rational.Zero ? 0 : Math.Clamp(Decimal(value / max), 0m, 1m);

    private static decimal Decimal(Rational value) => (decimal)BigInteger.Divide(value.Numerator * 1_000_000, value.Denominator) / 1_000_000m;

    private static string Num(decimal value, int places = 2) => Math.Round(value, places, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture);
}
