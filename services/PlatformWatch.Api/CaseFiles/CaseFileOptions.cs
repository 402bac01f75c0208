using System.ComponentModel.DataAnnotations;

namespace PlatformWatch.Api.CaseFiles;

/// <summary>
/// The fonts of the case file PDF (configuration section <c>CaseFile</c>): TrueType files, read
/// when a file is made and embedded in it (as subsets). The defaults are Debian's
/// <c>fonts-dejavu-core</c>, which the test script and the API's image install. Any single-face
/// TrueType or OpenType file will do; a font collection (<c>.ttc</c>) gives its first face only.
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
}
