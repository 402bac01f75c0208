using System.Resources;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// The application layer's reasons (<c>Resources/Messages.resx</c>, English, and
/// <c>Messages.zh-CN.resx</c>; docs/i18n.md) in the current UI culture: the API's request
/// localization sets it per request, the command line and the worker fix it to the invariant
/// culture (English). What is persisted or logged is never one of these texts.
/// </summary>
internal static class Messages
{
    private static readonly LocalizedText Text = new(new ResourceManager("PlatformWatch.Application.Resources.Messages", typeof(Messages).Assembly));

    /// <summary>True when the current UI culture is Chinese (the law is then cited in Chinese).</summary>
    public static bool IsChinese => PlatformWatch.Rules.Profiles.Languages.IsChinese(System.Globalization.CultureInfo.CurrentUICulture.Name);

    /// <summary>The text of <paramref name="key"/> in the current UI culture.</summary>
    public static string Get(string key) => Text.Format(key);

    /// <summary>The template of <paramref name="key"/> filled in, in the current UI culture.</summary>
    public static string Format(string key, params object?[] args) => Text.Format(key, args);

    /// <summary>The template of <paramref name="key"/> filled in, in English (for a log).</summary>
    public static string Invariant(string key, params object?[] args) => Text.Invariant(key, args);
}
