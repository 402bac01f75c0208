namespace PlatformWatch.Rules.Profiles;

/// <summary>A text a profile gives in both languages of the service: Chinese (<c>zh</c>) and English (<c>en</c>).</summary>
/// <param name="Zh">The Chinese text.</param>
/// <param name="En">The English text.</param>
public sealed record Bilingual(string Zh, string En);

/// <summary>The two languages a profile's law and descriptions are written in.</summary>
public static class Languages
{
    /// <summary>Chinese.</summary>
    public const string Chinese = "zh";
    /// <summary>English.</summary>
    public const string English = "en";

    /// <summary>True for <c>zh</c> and its regional forms (<c>zh-CN</c>, <c>zh-Hans</c>).</summary>
    public static bool IsChinese(string language) =>
        language.Equals(Chinese, StringComparison.OrdinalIgnoreCase) || language.StartsWith(Chinese + "-", StringComparison.OrdinalIgnoreCase);
}
