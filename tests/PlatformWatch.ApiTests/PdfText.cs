using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The text of a PDF as PDFsharp reads it back: per page, the strings its content draws (Tj, TJ),
/// one line each. Text in the fonts' Windows-1252 encoding reads as written (ids, hashes, English);
/// text PDFsharp writes as glyph ids (characters outside Windows-1252) does not.
/// </summary>
internal static class PdfText
{
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var stream = new MemoryStream(pdf);
        using var document = PdfReader.Open(stream, PdfDocumentOpenMode.Import);
        return document.Pages.Cast<PdfSharp.Pdf.PdfPage>().Select(p => string.Join("\n", Strings(ContentReader.ReadContent(p)))).ToList();
    }

    /// <summary>
    /// All the pages' text as a reader extracts it (PdfPig, through each font's ToUnicode map): text
    /// written as glyph ids (Chinese, in the CJK font) reads as its characters; a page's lines are
    /// joined without separators.
    /// </summary>
    public static string Unicode(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().Select(p => p.Text));
    }

    /// <summary>All the pages' text with the lines joined by spaces (a wrapped paragraph reads whole).</summary>
    public static string Flat(byte[] pdf) => string.Join(" ", Pages(pdf)).Replace('\n', ' ');

    private static IEnumerable<string> Strings(CObject node) => node switch
    {
        COperator op when op.OpCode.Name is "Tj" or "TJ" or "'" or "\"" => [string.Concat(op.Operands.SelectMany(Strings))],
        COperator => [],
        CSequence sequence => sequence.SelectMany(Strings),
        CString text => [text.Value],
        _ => [],
    };
}
