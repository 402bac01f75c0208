using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace PlatformWatch.Api.CaseFiles;

/// <summary>
/// Writes wrapped lines of text down A4 pages, starting a page when one is full; the footers are
/// drawn last, when the number of pages is known. Each line is drawn whole, so a line's text stays
/// one string in the page's content (a reader or a test finds it there). A paragraph or a footer
/// line that holds a CJK character is set whole in the CJK font (which has Latin glyphs too), the
/// rest in the Latin fonts; the CJK font's bold is simulated (it has a single face).
/// </summary>
internal sealed class PdfPages : IDisposable
{
    private const double Margin = 50;
    private const double FooterSpace = 42;
    private readonly PdfDocument _document;
    private readonly XFont _text;
    private readonly XFont _bold;
    private readonly XFont _heading;
    private readonly XFont _title;
    private readonly XFont _small;
    private readonly Dictionary<XFont, XFont> _cjk;
    private XGraphics? _page;
    private double _y;

    public PdfPages(PdfDocument document, CaseFileOptions fonts)
    {
        _document = document;
        _text = new XFont(fonts.RegularFont, 9.5);
        _bold = new XFont(fonts.BoldFont, 9.5);
        _heading = new XFont(fonts.BoldFont, 13);
        _title = new XFont(fonts.BoldFont, 18);
        _small = new XFont(fonts.RegularFont, 7);
        // The CJK font has one face: its bold is drawn by PDFsharp (the outlines stroked as well as filled).
        _cjk = new[] { _text, _small }.ToDictionary(f => f, f => new XFont(fonts.CjkFont, f.Size));
        foreach (var bold in new[] { _bold, _heading, _title })
        {
            _cjk[bold] = new XFont(fonts.CjkFont, bold.Size, XFontStyleEx.Bold);
        }
    }

    // A4 in points (1/72 inch).
    private const double Width = 595.28;
    private const double Height = 841.89;
    private const double Bottom = Height - Margin - FooterSpace;

    /// <summary>The title of the document.</summary>
    public void Title(string text) => Write(text, _title, 0);

    /// <summary>A section's heading, on a new page when little room is left.</summary>
    public void Heading(string text)
    {
        if (_page is not null && _y + 60 > Bottom)
        {
            NewPage();
        }

        Gap(10);
        Write(text, _heading, 0);
        Gap(3);
    }

    /// <summary>A paragraph, wrapped, indented by <paramref name="level"/> steps.</summary>
    public void Text(string text, int level = 0) => Write(text, _text, level);

    /// <summary>A paragraph in bold.</summary>
    public void Bold(string text, int level = 0) => Write(text, _bold, level);

    /// <summary>Room between blocks.</summary>
    public void Gap(double points)
    {
        Page();
        _y += points;
    }

    /// <summary>The footer lines of each page: <paramref name="footer"/> gets the page number (from 1) and the count.</summary>
    public void Footers(Func<int, int, IReadOnlyList<string>> footer)
    {
        _page?.Dispose();
        _page = null;
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var g = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
            var y = Bottom + 14;
            g.DrawLine(XPens.Gray, Margin, y, Width - Margin, y);
            foreach (var line in footer(i + 1, count))
            {
                y += 3;
                g.DrawString(line, For(line, _small), XBrushes.Black, Margin, y, XStringFormats.TopLeft);
                y += _small.GetHeight();
            }
        }
    }

    public void Dispose() => _page?.Dispose();

    private XGraphics Page()
    {
        if (_page is null)
        {
            NewPage();
        }

        return _page!;
    }

    private void NewPage()
    {
        _page?.Dispose();
        var page = _document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        _page = XGraphics.FromPdfPage(page);
        _y = Margin;
    }

    // The CJK font's face of the same size for a text that holds a CJK character, else the font.
    private XFont For(string text, XFont font) => text.Any(IsCjk) ? _cjk[font] : font;

    // From the CJK radicals (U+2E80) on: CJK punctuation, kana, ideographs, Hangul, the compatibility
    // ideographs and the full-width forms (U+FF00 to U+FFEF); the Latin fonts have none of them.
    private static bool IsCjk(char c) => c is >= '\u2E80' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFFEF';

    private void Write(string text, XFont font, int level)
    {
        font = For(text, font);
        var indent = Margin + (level * 14);
        var room = Width - Margin - indent;
        var height = font.GetHeight() * 1.15;
        foreach (var line in Wrap(Page(), text, font, room))
        {
            if (_y + height > Bottom)
            {
                NewPage();
            }

            _page!.DrawString(line, font, XBrushes.Black, indent, _y, XStringFormats.TopLeft);
            _y += height;
        }
    }

    // Lines of at most the room's width: words as they fit, a word wider than a line cut where it must (a hash, a long id).
    private static IEnumerable<string> Wrap(XGraphics g, string text, XFont font, double room)
    {
        bool Fits(string s) => g.MeasureString(s, font).Width <= room;
        foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Fits(candidate))
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    yield return line;
                }

                line = word;
                while (!Fits(line) && line.Length > 1)
                {
                    // The longest head that fits, found by halving.
                    int low = 1, high = line.Length - 1;
                    while (low < high)
                    {
                        var middle = (low + high + 1) / 2;
                        (low, high) = Fits(line[..middle]) ? (middle, high) : (low, middle - 1);
                    }

                    var cut = low;

                    yield return line[..cut];
                    line = line[cut..];
                }
            }

            yield return line;
        }
    }
}
