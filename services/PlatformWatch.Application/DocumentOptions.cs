namespace PlatformWatch.Application;

/// <summary>Where documents are kept and how large one may be (section <c>Documents</c>).</summary>
public sealed class DocumentOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Documents";

    /// <summary>The default size limit: 20 MB.</summary>
    public const long DefaultMaxBytes = 20L * 1024 * 1024;

    /// <summary>A folder to keep the documents' content in, one file per document named by its id; unset: in the case database.</summary>
    public string? Folder { get; set; }

    /// <summary>The largest document accepted, in bytes (default 20 MB).</summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;
}
