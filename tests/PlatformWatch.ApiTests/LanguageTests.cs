using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using PlatformWatch.Api.Ui;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The UI's two languages (issue 19, docs/i18n.md): the resources have every key in English and in
/// Chinese with the same placeholders; a page answers in the language of the culture cookie, else of
/// Accept-Language, else English; the layout's switch remembers the choice in the cookie.
/// </summary>
[TestFixture]
internal sealed partial class Languages
{
    private ApiWorld _world = null!;

    [OneTimeSetUp]
    public async Task Start() => _world = await ApiWorld.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    [Test]
    public void Every_resource_key_exists_in_both_languages_with_the_same_placeholders()
    {
        var folder = Path.Combine(Configuration_reference.RepositoryRoot(), "services", "PlatformWatch.Api", "Resources");
        var english = Entries(Path.Combine(folder, "UiText.resx"));
        var chinese = Entries(Path.Combine(folder, "UiText.zh-CN.resx"));
        Assert.Multiple(() =>
        {
            Assert.That(english, Has.Count.GreaterThan(300), "the table of DisplayText and the converted pages");
            Assert.That(english.Keys.Except(chinese.Keys), Is.Empty, "keys without a Chinese text");
            Assert.That(chinese.Keys.Except(english.Keys), Is.Empty, "Chinese texts without an English key");
            foreach (var (key, text) in english)
            {
                if (chinese.TryGetValue(key, out var translated))
                {
                    Assert.That(translated, Is.Not.Empty, key);
                    Assert.That(Placeholders(translated), Is.EqualTo(Placeholders(text)), $"{key}: the placeholders of “{translated}” and “{text}”");
                }
            }
        });
    }

    [Test]
    public void The_texts_follow_the_current_ui_culture()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var chinese = (DisplayText.Get("finding.measured"), DisplayText.Format("value.percent", 52), DisplayText.Find("label.share"), DisplayText.Find("label.noSuchKey"));
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            var english = (DisplayText.Get("finding.measured"), DisplayText.Format("value.percent", 52), DisplayText.Find("label.share"), DisplayText.Find("label.noSuchKey"));
            Assert.Multiple(() =>
            {
                Assert.That(chinese, Is.EqualTo(("实测值", "52%", "市场份额", (string?)null)));
                Assert.That(english, Is.EqualTo(("Measured", "52 %", "Share", (string?)null)));
            });
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [TestCase(null, "en", "<h1>Sign in</h1>")]
    [TestCase("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN", "<h1>登录</h1>")]
    [TestCase("de-DE,fr;q=0.8", "en", "<h1>Sign in</h1>")]
    [TestCase("zh", "zh-CN", "<h1>登录</h1>")]
    [TestCase("zh-Hans", "zh-CN", "<h1>登录</h1>")]
    [TestCase("zh-Hans-CN", "zh-CN", "<h1>登录</h1>")]
    [TestCase("zh-SG", "zh-CN", "<h1>登录</h1>")]
    [TestCase("en-GB", "en", "<h1>Sign in</h1>")]
    [TestCase("en;q=0.5, zh-CN;q=0.9", "zh-CN", "<h1>登录</h1>")]
    [TestCase("zh-CN;q=0.4, de, en;q=0.8", "en", "<h1>Sign in</h1>")]
    [TestCase("zh-CN;q=0, en;q=0.1", "en", "<h1>Sign in</h1>")]
    [TestCase("zh-TW", "zh-CN", "<h1>登录</h1>")]
    [TestCase("zh-Hant-HK", "zh-CN", "<h1>登录</h1>")]
    [TestCase("zh-TW, en;q=0.8", "en", "<h1>Sign in</h1>")]
    [TestCase("*", "en", "<h1>Sign in</h1>")]
    public async Task A_page_speaks_the_language_the_browser_asks_for(string? acceptLanguage, string lang, string heading)
    {
        using var client = _world.PageClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
        if (acceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", acceptLanguage);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(body, Does.Contain($"<html lang=\"{lang}\">"));
            Assert.That(body, Does.Contain(heading));
        });
    }

    [Test]
    public async Task The_switch_is_remembered_and_wins_over_accept_language()
    {
        using var client = _world.PageClient();
        using var switched = await client.GetAsync("/signin?returnUrl=%2Fcases&lang=zh-CN");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
        request.Headers.Add("Accept-Language", "en");
        using var later = await client.SendAsync(request);
        var body = await later.Content.ReadAsStringAsync();
        using var unsupported = await client.GetAsync("/signin?lang=fr");
        using var back = await client.GetAsync("/signin?lang=en");
        var english = await client.GetStringAsync("/signin");
        Assert.Multiple(() =>
        {
            Assert.That(switched.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
            Assert.That(switched.Headers.Location?.OriginalString, Is.EqualTo("/signin?returnUrl=%2Fcases"), "the same page without the switch's parameter");
            Assert.That(switched.Headers.GetValues("Set-Cookie").Single(), Does.StartWith(".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN").And.Contain("max-age=31536000"));
            Assert.That(body, Does.Contain("<h1>登录</h1>").And.Contain("data-testid=\"lang-en\""), "the cookie wins over Accept-Language");
            Assert.That(unsupported.StatusCode, Is.EqualTo(HttpStatusCode.OK), "an unsupported language is ignored");
            Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
            Assert.That(english, Does.Contain("<h1>Sign in</h1>"));
        });
    }

    [Test]
    public async Task The_inbox_the_case_page_and_a_refused_key_speak_chinese()
    {
        using var client = _world.PageClient();
        using var switched = await client.GetAsync("/signin?lang=zh-CN");
        using var refused = await Pages.PostFormAsync(client, "/signin", new() { ["key"] = "pw_not-a-key" });
        var refusal = await refused.Content.ReadAsStringAsync();
        await Pages.SignInAsync(client, _world.Tokens[PlatformWatch.Store.ApiRoles.RegulatorViewer]);
        var inbox = await client.GetStringAsync("/");
        var casePage = await client.GetStringAsync("/cases/" + Uri.EscapeDataString(_world.CaseA));
        using var missing = await client.GetAsync("/cases/no-such-case");
        var notFound = await missing.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(refusal, Does.Contain("该密钥不存在或已被吊销。"));
            Assert.That(inbox, Does.Contain("<h1>案件收件箱</h1>").And.Contain(">退出登录<").And.Not.Contain("Case inbox").And.Not.Contain("Sign out"));
            Assert.That(inbox, Does.Contain("<option value=\"critical\">严重</option>").And.Contain("<option value=\"investigating\">调查中</option>"), "the filters keep their values and show the words");
            Assert.That(casePage, Does.Contain("<h2 id=\"findings\">线索</h2>").And.Contain("<h2 id=\"timeline\">时间线（审计记录）</h2>").And.Contain(">实测值<").And.Not.Contain("Evidence events"));
            Assert.That(notFound, Does.Contain("<h1>未找到</h1>").And.Contain("返回首页"), "the error page");
        });
    }

    [TestCase("en", "One or more validation errors occurred.", "Not Found")]
    [TestCase("zh-CN", "请求中有一项或多项未通过校验。", "未找到")]
    public async Task A_problem_has_its_generic_title_in_the_requests_language_and_the_same_fields(string language, string invalid, string notFound)
    {
        using var client = _world.Client(PlatformWatch.Store.ApiRoles.RegulatorViewer);
        client.DefaultRequestHeaders.Add("Accept-Language", language);
        using var bad = await client.GetAsync("/api/v1/cases?severity=bogus");
        using var missing = await client.GetAsync("/api/v1/cases/no-such-case");
        var badBody = System.Text.Json.Nodes.JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;
        var missingBody = System.Text.Json.Nodes.JsonNode.Parse(await missing.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(badBody["title"]!.GetValue<string>(), Is.EqualTo(invalid));
            Assert.That(badBody["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "severity" }), "field names stay as they are");
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(missingBody["title"]!.GetValue<string>(), Is.EqualTo(notFound));
        });
    }

    /// <summary>The entries of a resource file, by key.</summary>
    internal static Dictionary<string, string> Entries(string path) => UiResources.Entries(path);

    internal static List<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
