using Microsoft.Extensions.Localization;

// The resources' names start with the project's namespace, not the assembly's name (platformwatch-api).
[assembly: RootNamespace("PlatformWatch.Api")]

namespace PlatformWatch.Api;

/// <summary>
/// The marker type of the UI's texts: <c>IStringLocalizer&lt;UiText&gt;</c> reads
/// <c>Resources/UiText.resx</c> (English, the neutral culture) and <c>Resources/UiText.zh-CN.resx</c>.
/// Every key exists in both (a test enforces it); docs/i18n.md has the glossary.
/// </summary>
public sealed class UiText
{
    /// <summary>The folder of the resource files, relative to the project.</summary>
    public const string ResourcesPath = "Resources";

    /// <summary>The cultures the UI speaks; the first is the default.</summary>
    public static readonly IReadOnlyList<string> Cultures = ["en", "zh-CN"];

    private UiText()
    {
    }
}
