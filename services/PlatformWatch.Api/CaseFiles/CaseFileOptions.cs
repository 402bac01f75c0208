using System.ComponentModel.DataAnnotations;

namespace PlatformWatch.Api.CaseFiles;

/// <summary>
/// The fonts of the case file PDF (configuration section <c>CaseFile</c>): TrueType files, read
/// when a file is made and embedded in it (as subsets). The defaults are Debian's
/// <c>fonts-dejavu-core</c> and, for Chinese text, <c>fonts-wqy-zenhei</c>, which the test script
/// and the API's image install. Any TrueType file will do; a font collection (<c>.ttc</c>) gives its
/// first face only, and OpenType with CFF outlines (Noto Sans CJK) cannot be embedded.
/// </summary>
public sealed class CaseFileOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "CaseFile";

    /// <summary>The text's font file.</summary>
    [Required]
    public string RegularFont { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>The headings' font file.</summary>
    [Required]
    public string BoldFont { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    /// <summary>The font file of every paragraph that holds CJK characters (the labels in Chinese, and Chinese text in any language): TrueType outlines with CJK and Latin glyphs.</summary>
    [Required]
    public string CjkFont { get; set; } = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
}
