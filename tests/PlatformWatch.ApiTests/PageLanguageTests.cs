using System.Net;
using System.Text.RegularExpressions;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The completeness test's second half (issue 19, docs/i18n.md): the page matrix run once per
/// language. Every page the matrix shows a caller (a GET whose outcome is a status: 200, or the
/// error page of a 404) is fetched in zh-CN and in English, by the first caller the matrix gives a
/// status, and must answer the same status in both. In zh-CN its visible text (tags, scripts, styles
/// and attributes stripped; text inside an element marked <c>lang</c> of another language, or
/// <c>translate="no"</c> (identifiers and configuration values as written), left out) must contain no English text of <c>UiText.resx</c> whose Chinese differs; in English it must
/// contain no Chinese characters outside an element marked <c>lang="zh-CN"</c>.
/// </summary>
internal sealed partial class PageMatrix
{
    private static readonly string[] BothLanguages = ["zh-CN", "en"];

    // Pages of the matrix that are not the UI's: the API reference is Scalar's page of the OpenAPI
    // document, in English like the API's field names and the CLI (docs/i18n.md).
    private static readonly HashSet<string> NotTheUi = new(StringComparer.Ordinal) { "/reference/", "/reference/{document}" };

    // English texts of the resources that are not UI words on a page, with the reason.
    private static readonly Dictionary<string, string> AllowedEnglish = new(StringComparer.Ordinal)
    {
    };

    public static IEnumerable<TestCaseData> ShownPages() => Rows()
        .Where(row => row[0] == "GET" && !NotTheUi.Contains(row[1]))
        .Select(row => (Row: row, Caller: Callers.Select((caller, i) => (caller, outcome: row[4 + i])).FirstOrDefault(c => c.outcome.All(char.IsAsciiDigit))))
        .Where(p => p.Caller.caller is not null)
        .SelectMany(p => BothLanguages.Select(language =>
            new TestCaseData(p.Row[1], p.Caller.caller, int.Parse(p.Caller.outcome, System.Globalization.CultureInfo.InvariantCulture), language)
                .SetName($"page {p.Row[1]} as {p.Caller.caller} in {language} has no text of the other language")));

    [TestCaseSource(nameof(ShownPages))]
    public async Task A_page_in_one_language_shows_no_ui_text_of_the_other(string page, string caller, int expected, string language)
    {
        using var client = _world.PageClient();
        client.DefaultRequestHeaders.Add("Accept-Language", language);
        if (caller != "anonymous")
        {
            await Pages.SignInAsync(client, _world.Tokens[caller]);
        }

        using var response = await client.GetAsync(_world.Fill(page));
        Assert.That((int)response.StatusCode, Is.EqualTo(expected), "the same outcome in every language");
        if (response.Content.Headers.ContentType?.MediaType != "text/html")
        {
            Assert.Pass("not a page of the UI (a file, a feed, a script)");
        }

        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain($"<html lang=\"{language}\">"));
        var text = VisibleText(html, language);
        var foreign = language == "en" ? ChineseIn(text) : EnglishIn(text);
        Assert.That(foreign, Is.Empty, $"{page} in {language}: texts of the other language in “{text}”");
    }

    [TestCase("en", "Shares by Orders per platform and period", ">60 %</text>", "1/2 one undertaking", ">date opened</option>", "<title>rideon, 2025: 62 %</title>", "(in force from 1 Aug 2008 to 31 Jul 2022)")]
    [TestCase("zh-CN", "按订单量计算的各平台各期间市场份额", ">60%</text>", "1/2 一个经营者", ">立案时间</option>", "<title>rideon，2025：62%</title>", "（自2008年8月1日至2022年7月31日有效）")]
    public async Task The_charts_the_inbox_and_the_rules_speak_the_language_with_its_forms(string language, string chartTitle, string axis, string guide, string sort, string tooltip, string inForce)
    {
        using var client = _world.PageClient();
        client.DefaultRequestHeaders.Add("Accept-Language", language);
        await Pages.SignInAsync(client, _world.Tokens[ApiRoles.RegulatorViewer]);
        var market = await client.GetStringAsync(_world.Fill("/markets/{market}"));
        var inbox = await client.GetStringAsync("/?sort=opened");
        var rules = await client.GetStringAsync("/rules");
        var overview = await client.GetStringAsync("/overview");
        Assert.Multiple(() =>
        {
            Assert.That(market, Does.Contain($"<title id=\"shares-orders-title\">{chartTitle}"), "the chart's title, which names it to screen readers");
            Assert.That(market, Does.Contain(axis).And.Contain(guide), "the axis and the presumption lines");
            Assert.That(market, Does.Contain(tooltip), "a point's tooltip: platform, period, share");
            Assert.That(inbox, Does.Contain($"<option value=\"opened\" selected=\"selected\"{sort}"), "the sort column keeps its value and shows its word");
            Assert.That(rules, Does.Contain(inForce));
            Assert.That(overview, Does.Match("<time datetime=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\">"), "the time of the overview, ISO for machines");
        });
    }

    [Test]
    public void The_visible_text_leaves_out_tags_scripts_styles_attributes_and_other_languages()
    {
        const string html = "<html lang=\"zh-CN\"><head><title>标题</title><style>p { }</style></head><body><p title=\"Not Found\">正文 <b>粗体</b></p>"
            + "<script>var x = 'Case inbox';</script><span lang=\"en\">Bazaarly <i>Ltd</i></span><code translate=\"no\">platform</code>&amp;<a lang=\"zh-CN\">中文</a><div lang=\"en\"><div>Sign out</div></div>尾</body></html>";
        Assert.That(VisibleText(html, "zh-CN"), Is.EqualTo("标题 正文 粗体 & 中文 尾"));
    }

    [Test]
    public void English_texts_are_found_as_words_and_short_ones_and_placeholders_are_not()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EnglishIn("案件收件箱 Case inbox"), Does.Contain("Case inbox"));
            Assert.That(EnglishIn("第 2 页。逾期案件以底色标出"), Is.Empty, "a page number is no English");
            Assert.That(EnglishIn("CN-AML24-SINGLE 严重"), Is.Empty);
            Assert.That(EnglishIn("Decisionless"), Is.Empty, "a word inside another is not the word");
            Assert.That(ChineseIn("Case inbox 中文"), Is.EqualTo(new[] { "中文" }));
        });
    }

    // The page's text as a reader sees it: no markup, no scripts or styles, no attribute values, no
    // element marked as written in a language other than the page's (data shown as it was given,
    // the language switch's other name) or not to be translated (ids, configuration values);
    // entities decoded, white space collapsed.
    private static string VisibleText(string html, string language)
    {
        html = ScriptsAndStyles().Replace(html, " ");
        var text = new System.Text.StringBuilder();
        var skipping = (Tag: "", Depth: 0);
        var at = 0;
        foreach (Match tag in Tag().Matches(html))
        {
            if (skipping.Depth == 0)
            {
                text.Append(html, at, tag.Index - at).Append(' ');
            }

            at = tag.Index + tag.Length;
            var (closing, name, attributes) = (tag.Groups[1].Value == "/", tag.Groups[2].Value.ToLowerInvariant(), tag.Groups[3].Value);
            if (Void.Contains(name) || attributes.EndsWith('/'))
            {
                continue;
            }

            if (skipping.Depth > 0)
            {
                skipping.Depth += name != skipping.Tag ? 0 : closing ? -1 : 1;
            }
            else if (!closing && name != "html" && (NotTranslated().IsMatch(attributes) || LangAttribute().Match(attributes) is { Success: true } lang && !lang.Groups[1].Value.StartsWith(language[..2], StringComparison.OrdinalIgnoreCase)))
            {
                skipping = (name, 1);
            }
        }

        text.Append(html, at, html.Length - at);
        return Spaces().Replace(WebUtility.HtmlDecode(text.ToString()), " ").Trim();
    }

    private static readonly HashSet<string> Void = new(StringComparer.Ordinal) { "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr" };

    // The English texts of the resources (their literal parts, split at placeholders) that a page shows.
    private static List<string> EnglishIn(string text) => [.. EnglishTexts.Value.Where(e => Regex.IsMatch(text, $"(?<![A-Za-z]){Regex.Escape(e)}(?![A-Za-z])")).Order(StringComparer.Ordinal)];

    private static List<string> ChineseIn(string text) => [.. Han().Matches(text).Select(m => m.Value).Distinct()];

    // Every English text whose Chinese differs, cut at its placeholders; the parts of four letters or more.
    private static readonly Lazy<IReadOnlyList<string>> EnglishTexts = new(() =>
    {
        var folder = Path.Combine(Configuration_reference.RepositoryRoot(), "services", "PlatformWatch.Api", "Resources");
        var english = Languages.Entries(Path.Combine(folder, "UiText.resx"));
        var chinese = Languages.Entries(Path.Combine(folder, "UiText.zh-CN.resx"));
        return english.Where(e => chinese.GetValueOrDefault(e.Key) != e.Value)
            .SelectMany(e => PlaceholderSplit().Split(e.Value))
            .Select(part => part.Trim(' ', ',', '.', ':', ';', '(', ')', '“', '”', '—', '–', '-', '←', '→', '…'))
            .Where(part => part.Count(char.IsAsciiLetter) >= 4 && !AllowedEnglish.ContainsKey(part))
            .Distinct(StringComparer.Ordinal).ToList();
    });

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptsAndStyles();

    [GeneratedRegex(@"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>""']|""[^""]*""|'[^']*')*)>|<!--.*?-->|<!DOCTYPE[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\blang\s*=\s*[""']([^""']*)[""']")]
    private static partial Regex LangAttribute();

    [GeneratedRegex(@"\btranslate\s*=\s*[""']no[""']")]
    private static partial Regex NotTranslated();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderSplit();

    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}]+")]
    private static partial Regex Han();
}
