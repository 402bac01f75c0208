using System.Xml.Linq;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The UI's texts as the resource files hold them (<c>services/PlatformWatch.Api/Resources</c>), read
/// from the files themselves, so that a test expects what the resources say, not a copy of it.
/// </summary>
internal static class UiResources
{
    private static readonly Lazy<Dictionary<string, string>> English = new(() => Entries("UiText.resx"));
    private static readonly Lazy<Dictionary<string, string>> Chinese = new(() => Entries("UiText.zh-CN.resx"));

    /// <summary>The text of <paramref name="key"/> in <paramref name="language"/> (<c>en</c> or <c>zh-CN</c>).</summary>
    public static string Text(string language, string key) =>
        (language == "zh-CN" ? Chinese : English).Value.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"no resource {key} in {language}");

    /// <summary>The text of <paramref name="key"/> with its placeholders filled in, as the UI formats it.</summary>
    public static string Format(string language, string key, params object[] args) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Text(language, key), args);

    /// <summary>The name and text of each entry of the resource file at <paramref name="path"/> (a file name is taken in the API's Resources folder).</summary>
    public static Dictionary<string, string> Entries(string path) =>
        XDocument.Load(Path.IsPathRooted(path) ? path : Path.Combine(Configuration_reference.RepositoryRoot(), "services", "PlatformWatch.Api", "Resources", path))
            .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);
}
