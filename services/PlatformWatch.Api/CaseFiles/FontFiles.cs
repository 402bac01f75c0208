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
        return new[] { (Key: "CaseFile:RegularFont", Path: options.RegularFont), (Key: "CaseFile:BoldFont", Path: options.BoldFont) }
            .Where(f => !File.Exists(f.Path))
            .Select(f => $"the case file cannot be made: its font '{f.Path}' ({f.Key}) is not installed; install Debian's fonts-dejavu-core or set {f.Key} to a TrueType font file")
            .FirstOrDefault();
    }

    /// <inheritdoc />
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        File.Exists(familyName) ? new FontResolverInfo(familyName) : null;

    /// <inheritdoc />
    public byte[]? GetFont(string faceName) => File.Exists(faceName) ? File.ReadAllBytes(faceName) : null;
}
