using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

namespace PlatformWatch.Application;

/// <summary>A type a document may have: its media type, what it is called and the file name endings it goes by.</summary>
public sealed record DocumentType(string MediaType, string Label, IReadOnlyList<string> Extensions);

/// <summary>
/// The type of a document, taken from its content (its magic bytes, and for office documents the
/// parts its <c>[Content_Types].xml</c> declares), never from its name or the type a client declared;
/// only an allow-list is accepted: PDF, PNG, JPEG, plain text, CSV and the OOXML office documents
/// (docx, xlsx, pptx). Legacy OLE office files (.doc, .xls) are refused: the compound file format
/// looks the same for installers and mail, and carries macros. A name whose ending disagrees with
/// the content (a PNG named <c>.pdf</c>) is refused as disguised.
/// </summary>
public static class DocumentTypes
{
    /// <summary>PDF.</summary>
    public static readonly DocumentType Pdf = new("application/pdf", "a PDF document", [".pdf"]);
    /// <summary>PNG.</summary>
    public static readonly DocumentType Png = new("image/png", "a PNG image", [".png"]);
    /// <summary>JPEG.</summary>
    public static readonly DocumentType Jpeg = new("image/jpeg", "a JPEG image", [".jpg", ".jpeg"]);
    /// <summary>Plain text (UTF-8).</summary>
    public static readonly DocumentType Text = new("text/plain; charset=utf-8", "plain text", [".txt", ".text", ".md", ".log", ".csv"]);
    /// <summary>CSV (UTF-8 text whose lines have the same number of comma-separated fields).</summary>
    public static readonly DocumentType Csv = new("text/csv; charset=utf-8", "CSV", [".csv", ".txt"]);
    /// <summary>A Word document.</summary>
    public static readonly DocumentType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "a Word document", [".docx"]);
    /// <summary>An Excel workbook.</summary>
    public static readonly DocumentType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "an Excel workbook", [".xlsx"]);
    /// <summary>A PowerPoint presentation.</summary>
    public static readonly DocumentType Pptx = new("application/vnd.openxmlformats-officedocument.presentationml.presentation", "a PowerPoint presentation", [".pptx"]);

    /// <summary>Every type accepted.</summary>
    public static IReadOnlyList<DocumentType> Allowed { get; } = [Pdf, Png, Jpeg, Text, Csv, Docx, Xlsx, Pptx];

    private static readonly (string Part, DocumentType Type)[] OfficeParts =
    [
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", Docx),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", Xlsx),
        ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", Pptx),
    ];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The type of a document's content, checked against its name: the type, or the reason it is refused.</summary>
    public static (DocumentType? Type, string? Refusal) Detect(ReadOnlySpan<byte> content, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var (type, refusal) = Sniff(content);
        if (type is null)
        {
            return (null, refusal);
        }

        var ending = Path.GetExtension(name).ToLowerInvariant();
        return ending.Length == 0 || type.Extensions.Contains(ending)
            ? (type, null)
            : (null, Messages.Format("document.disguised", Messages.Get("document.type" + type.Extensions[0]), ending));
    }

    // What the content is, from its first bytes; text last, when nothing binary matched.
    private static (DocumentType? Type, string? Refusal) Sniff(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return (null, Messages.Get("document.empty"));
        }

        if (content.StartsWith("%PDF-"u8))
        {
            return (Pdf, null);
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return (Png, null);
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return (Jpeg, null);
        }

        if (content.StartsWith("PK\u0003\u0004"u8))
        {
            return Office(content.ToArray());
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return (null, Messages.Get("document.ole"));
        }

        if (content.StartsWith("MZ"u8))
        {
            return (null, Messages.Get("document.windowsExecutable"));
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46]))
        {
            return (null, Messages.Get("document.elfExecutable"));
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xCF, 0xFA, 0xED, 0xFE]) || content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xED, 0xFA, 0xCF]) || content.StartsWith((ReadOnlySpan<byte>)[0xCA, 0xFE, 0xBA, 0xBE]))
        {
            return (null, Messages.Get("document.machOExecutable"));
        }

        return TextOf(content);
    }

    private static (DocumentType? Type, string? Refusal) TextOf(ReadOnlySpan<byte> content)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? content[3..] : content);
        }
        catch (DecoderFallbackException)
        {
            return (null, Messages.Get("document.otherType"));
        }

        if (text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n' or '\f')))
        {
            return (null, Messages.Get("document.binary"));
        }

        var head = text.TrimStart().ToLowerInvariant();
        string[] markup = ["<!doctype", "<html", "<head", "<body", "<script", "<svg", "<?xml", "<iframe", "<object", "<embed"];
        if (markup.Any(head.StartsWith) || head.Contains("<script", StringComparison.Ordinal))
        {
            return (null, Messages.Get("document.markup"));
        }

        if (head.StartsWith("#!", StringComparison.Ordinal))
        {
            return (null, Messages.Get("document.script"));
        }

        return (IsCsv(text) ? Csv : Text, null);
    }

    // At least two lines, each with the same number (two or more) of comma-separated fields.
    private static bool IsCsv(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).Take(50).ToList();
        if (lines.Count < 2)
        {
            return false;
        }

        var fields = Fields(lines[0]);
        return fields >= 2 && lines.All(l => Fields(l) == fields);
    }

    // Fields of a CSV line, commas inside double quotes not counted.
    private static int Fields(string line)
    {
        var count = 1;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                count++;
            }
        }

        return count;
    }

    // A zip archive is an office document when its [Content_Types].xml declares the main part of one.
    private static (DocumentType? Type, string? Refusal) Office(byte[] content)
    {
        var notOffice = Messages.Get("document.zipNotOffice");
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            if (zip.GetEntry("[Content_Types].xml") is not { } entry || entry.Length > 1_000_000)
            {
                return (null, notOffice);
            }

            using var stream = entry.Open();
            var types = XDocument.Load(stream);
            XNamespace ns = "http://schemas.openxmlformats.org/package/2006/content-types";
            var declared = types.Root?.Elements(ns + "Override").Select(o => (string?)o.Attribute("ContentType")).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
            var found = OfficeParts.Where(p => declared.Contains(p.Part)).Select(p => p.Type).Distinct().ToList();
            if (zip.Entries.Any(e => e.FullName.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
            {
                return (null, Messages.Get("document.macros"));
            }

            return found.Count == 1 ? (found[0], null) : (null, notOffice);
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or IOException)
        {
            return (null, Messages.Get("document.damagedZip"));
        }
    }
}
