using System.Globalization;
using System.Resources;

namespace PlatformWatch.Store;

/// <summary>
/// Message templates of one assembly's resources (<c>Resources/*.resx</c>, English, and its
/// <c>zh-CN</c> satellite; docs/i18n.md), read in the current UI culture for an answer to a caller
/// (the API's request localization sets it per request) or in the invariant culture, English, for
/// what is kept: logs, the audit trail, stored reasons. A missing key is a bug, not a text.
/// </summary>
public sealed class LocalizedText(ResourceManager resources)
{
    /// <summary>The template of <paramref name="key"/> in <paramref name="culture"/> (default: the current UI culture).</summary>
    public string Get(string key, CultureInfo? culture = null) =>
        resources.GetString(key, culture ?? CultureInfo.CurrentUICulture) ?? throw new KeyNotFoundException($"no message '{key}' in {resources.BaseName}");

    /// <summary>The template of <paramref name="key"/> filled in, in the current UI culture.</summary>
    public string Format(string key, params object?[] args) => Format(CultureInfo.CurrentUICulture, key, args);

    /// <summary>The template of <paramref name="key"/> filled in, in English (what is persisted or logged).</summary>
    public string Invariant(string key, params object?[] args) => Format(CultureInfo.InvariantCulture, key, args);

    /// <summary>The template of <paramref name="key"/> filled in, in <paramref name="culture"/> (the invariant culture: English).</summary>
    public string In(CultureInfo culture, string key, params object?[] args) => Format(culture, key, args);

    private string Format(CultureInfo culture, string key, object?[] args) => string.Format(culture, Get(key, culture), args);
}
