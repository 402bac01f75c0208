using System.Globalization;
using System.Text.Json;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Api.Ui;

/// <summary>One text of a provision as a page shows it: the words, their language and whether they are the law or a translation.</summary>
/// <param name="Text">The provision's words.</param>
/// <param name="Language"><c>zh</c> or <c>en</c> (the element's <c>lang</c>).</param>
/// <param name="Authentic">True for the authentic text; false for a translation (marked as such).</param>
public sealed record LawQuote(string Text, string Language, bool Authentic)
{
    /// <summary>
    /// The mark shown with it: an unofficial translation, or the authentic text in the other
    /// language; null for the authentic text in the request's language (it needs none).
    /// </summary>
    public string? Mark => !Authentic ? DisplayText.Get("law.translation")
        : Language == (LawText.Chinese ? Languages.Chinese : Languages.English) ? null
        : DisplayText.Get("law.authentic." + Language);
}

/// <summary>
/// The law a finding applies, in the request's language (<see cref="CultureInfo.CurrentUICulture"/>)
/// with the other language available: the citation in the request's language, the authentic text
/// always, and a translation into the request's language (marked) where the profile gives one. The
/// case page, the register and the case file all take it from here.
/// </summary>
public static class LawText
{
    /// <summary>True when the request's language is Chinese.</summary>
    public static bool Chinese => Languages.IsChinese(CultureInfo.CurrentUICulture.Name);

    /// <summary>A finding's stored legal basis (the JSON of <see cref="LegalCitation"/>); null when there is none.</summary>
    public static LegalCitation? Parse(string? legalBasis) =>
        string.IsNullOrWhiteSpace(legalBasis) ? null : JsonSerializer.Deserialize<LegalCitation>(legalBasis, ContractJson.Options);

    /// <summary>The citation in the request's language (the English one when the finding recorded no Chinese).</summary>
    public static string Citation(LegalCitation law)
    {
        ArgumentNullException.ThrowIfNull(law);
        return Chinese && law.Zh is { } zh ? zh.Citation : law.Citation;
    }

    /// <summary>The citation in the other language, or null when there is none.</summary>
    public static string? OtherCitation(LegalCitation law)
    {
        ArgumentNullException.ThrowIfNull(law);
        return Chinese ? (law.Zh is null ? null : law.Citation) : law.Zh?.Citation;
    }

    /// <summary>A penalty provision in the request's language: <paramref name="zh"/> when Chinese and given, else the English citation.</summary>
    public static string Penalty(string citation, string? zh) => Chinese && zh is not null ? zh : citation;

    /// <summary>
    /// The penalty provisions a decision recorded (in English) in the request's language, joined:
    /// in Chinese each as the profiles name it (the English citation where none does).
    /// </summary>
    public static string Penalties(IEnumerable<string> citations, ProfileSet profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        return string.Join(Chinese ? "、" : ", ", citations.Select(c => Penalty(c, profiles.PenaltyCitationZh(c))));
    }

    /// <summary>A text in the request's language.</summary>
    public static string Pick(Bilingual text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Chinese ? text.Zh : text.En;
    }

    /// <summary>
    /// The provision's texts to show, the request's language first: the translation into it when the
    /// authentic text is in the other language, and the authentic text always. Empty when the
    /// profile quotes none (the citation then stands alone).
    /// </summary>
    public static IReadOnlyList<LawQuote> Quotes(LegalCitation law)
    {
        ArgumentNullException.ThrowIfNull(law);
        var authentic = law.Authentic ?? Languages.English;
        var texts = new Dictionary<string, string?> { [Languages.Chinese] = law.Zh?.Quote, [Languages.English] = law.Quote };
        var wanted = Chinese ? Languages.Chinese : Languages.English;
        var quotes = new List<LawQuote>();
        if (wanted != authentic && texts[wanted] is { } translation)
        {
            quotes.Add(new LawQuote(translation, wanted, Authentic: false));
        }

        if (texts[authentic] is { } text)
        {
            quotes.Add(new LawQuote(text, authentic, Authentic: true));
        }

        return quotes;
    }
}
