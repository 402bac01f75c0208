using System.Buffers.Binary;
using PdfSharp.Fonts;

namespace PlatformWatch.Api.CaseFiles;

/// <summary>
/// PDFsharp's font resolver, which on Linux has none of its own: a family is named by its font
/// file's path, and the face is that file. So any configured file is a font, without a table of
/// names to keep: a CJK font for Chinese text is one more path (README, "The case file").
/// PDFsharp takes one resolver per process, set before its first font; every host of the process
/// (the tests start several) sets this same instance.
/// </summary>
internal sealed class FontFiles : IFontResolver
{
    private static readonly FontFiles Instance = new();
    private static readonly Lock Gate = new();

    private FontFiles()
    {
    }

    /// <summary>Makes the file-path resolver PDFsharp's (once per process).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (!ReferenceEquals(GlobalFontSettings.FontResolver, Instance))
            {
                GlobalFontSettings.FontResolver = Instance;
            }
        }
    }

    /// <summary>Why the case file cannot be made with these fonts (a file is missing), or null.</summary>
    public static string? Missing(CaseFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new[]
            {
                (Key: "CaseFile:RegularFont", Path: options.RegularFont, Package: "fonts-dejavu-core"),
                (Key: "CaseFile:BoldFont", Path: options.BoldFont, Package: "fonts-dejavu-core"),
                (Key: "CaseFile:CjkFont", Path: options.CjkFont, Package: "fonts-wqy-zenhei"),
            }
            .Where(f => !File.Exists(f.Path))
            .Select(f => $"the case file cannot be made: its font '{f.Path}' ({f.Key}) is not installed; install Debian's {f.Package} or set {f.Key} to a TrueType font file")
            .FirstOrDefault();
    }

    /// <inheritdoc />
    /// <remarks>A bold face asked of a file (the CJK font's, which has one face) is simulated; the Latin fonts' bold is a file of its own, asked as regular.</remarks>
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        File.Exists(familyName) ? new FontResolverInfo(familyName, bold, false) : null;

    /// <inheritdoc />
    public byte[]? GetFont(string faceName) => File.Exists(faceName) ? FirstFace(File.ReadAllBytes(faceName)) : null;

    /// <summary>
    /// A font collection's (<c>.ttc</c>) first face as a font file of its own, any other file as it
    /// is: PDFsharp 6.2.4 reads no collection (it fails on one with a NullReferenceException), and
    /// Debian's TrueType CJK fonts come as collections (<c>wqy-zenhei.ttc</c>). The face's table
    /// directory is copied with each table moved after it, 4-byte aligned; the tables are unchanged.
    /// </summary>
    internal static byte[] FirstFace(byte[] file)
    {
        if (file.Length < 16 || !file.AsSpan(0, 4).SequenceEqual("ttcf"u8))
        {
            return file;
        }

        var face = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(12)));
        int tables = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(face + 4));
        var directory = 12 + (16 * tables);
        var records = Enumerable.Range(0, tables)
            .Select(i => face + 12 + (16 * i))
            .Select(r => (Offset: checked((int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(r + 8))), Length: checked((int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(r + 12)))))
            .ToList();
        var font = new byte[directory + records.Sum(t => Aligned(t.Length))];
        file.AsSpan(face, directory).CopyTo(font);
        var at = directory;
        for (var i = 0; i < tables; i++)
        {
            file.AsSpan(records[i].Offset, records[i].Length).CopyTo(font.AsSpan(at));
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(12 + (16 * i) + 8), (uint)at);
            at += Aligned(records[i].Length);
        }

        return font;
    }

    private static int Aligned(int length) => (length + 3) & ~3;
}
