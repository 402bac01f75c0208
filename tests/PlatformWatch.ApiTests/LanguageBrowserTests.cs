using System.Buffers.Binary;
using Microsoft.Playwright;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The pages in each language in Chromium (issue 19): a browser set to the language (its locale and
/// its <c>Accept-Language</c>) signs in and opens the inbox, a case, a market, the regulators'
/// subscriptions (subscribing a webhook through the form) and, as a platform, a notice in the portal. On each page: the page's language (<c>html[lang]</c>), headings and
/// labels as the resource files say them in that language (read from the files, not copied here),
/// Chinese drawn with a CJK font of the layout's font stack (the fonts Chromium used, asked through
/// the DevTools protocol: a missing font would draw another font's glyphs or empty boxes), nothing
/// wider than the 1280-pixel window, and a screenshot 1280 pixels wide
/// (<c>docs/screenshots/PAGE.LANGUAGE.png</c> with PLATFORMWATCH_WRITE_SCREENSHOTS=1). One more
/// test goes to the other language through the visible switch.
/// </summary>
[TestFixture("en")]
[TestFixture("zh-CN")]
[Category("Browser")]
internal sealed class The_pages_in_each_language_in_a_real_browser(string language)
{
    private const int Width = 1280;
    private ApiWorld? _world;
    private Browser? _browser;

    // The browser first: without one the fixture is skipped (or failed) before a world is started.
    [OneTimeSetUp]
    public async Task Start()
    {
        _browser = await Browser.LaunchAsync();
        _world = await ApiWorld.StartAsync(kestrel: true);
    }

    [OneTimeTearDown]
    public Task Stop() => Browser.StopAsync(_browser, _world);

    private string T(string key) => UiResources.Text(language, key);

    private async Task<IPage> SignedInAsync(string who)
    {
        var page = await _browser!.NewPageAsync(_world!.Address!, language);
        await page.GotoAsync("/signin");
        await page.GetByLabel(T("signin.key")).FillAsync(_world.Tokens[who]);
        await page.GetByRole(AriaRole.Button, new() { Name = T("signin.submit"), Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/signin", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();
        return page;
    }

    [Test]
    public async Task The_sign_in_page()
    {
        var page = await _browser!.NewPageAsync(_world!.Address!, language);
        await page.GotoAsync("/signin");
        await Assertions.Expect(page.GetByLabel(T("signin.key"))).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = T("signin.submit"), Exact = true })).ToBeVisibleAsync();
        await CheckAsync(page, "signin", ["signin.title"], "h1");
    }

    [Test]
    public async Task The_inbox()
    {
        var page = await SignedInAsync(ApiRoles.RegulatorSupervisor);
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/"));
        foreach (var label in new[] { "inbox.status", "inbox.severity", "inbox.platform", "inbox.assignee" })
        {
            await Assertions.Expect(page.Locator("form.filters").GetByText(T(label), new() { Exact = true }).First).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = T("inbox.apply"), Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = T("layout.inbox"), Exact = true })).ToBeVisibleAsync();
        await CheckAsync(page, "inbox", ["inbox.title"], "h1");
    }

    [Test]
    public async Task The_case_page()
    {
        var page = await SignedInAsync(ApiRoles.RegulatorSupervisor);
        await page.GotoAsync("/cases/" + Uri.EscapeDataString(_world!.CaseA));
        await Assertions.Expect(page.Locator("dl.facts dt", new() { HasTextString = T("case.status") }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("case-file")).ToHaveTextAsync(T("case.file"));
        await CheckAsync(page, "case", ["case.findings", "case.evidence", "case.notices", "case.comments", "case.timeline"], "h2#findings");
    }

    [Test]
    public async Task The_market_page()
    {
        var page = await SignedInAsync(ApiRoles.RegulatorViewer);
        await page.GotoAsync("/markets/cn-ride-hailing");
        await Assertions.Expect(page.Locator("svg#shares-orders")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = T("layout.rules"), Exact = true })).ToBeVisibleAsync();
        await CheckAsync(page, "market", ["market.findings"], "h2");
    }

    [Test]
    public async Task The_portal_notice()
    {
        var page = await SignedInAsync(ApiRoles.Platform);
        await page.GotoAsync("/portal/notices/" + Uri.EscapeDataString(_world!.NoticeA));
        await Assertions.Expect(page.GetByTestId("notice-text")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = T("layout.portal"), Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = T("layout.fileReport"), Exact = true })).ToBeVisibleAsync();
        await CheckAsync(page, "portal-notice", ["notice.findings", "notice.answers"], "h1");
    }

    [Test]
    public async Task The_regulators_subscriptions()
    {
        var page = await SignedInAsync(ApiRoles.RegulatorAdmin);
        await page.GetByRole(AriaRole.Link, new() { Name = T("layout.subscriptions"), Exact = true }).ClickAsync();
        await page.GetByLabel(T("subscriptions.targetHint")).FillAsync("https://203.0.113.9/platformwatch/browser-hooks");
        await page.GetByLabel(T("value.notifyKind.decision-awaiting-approval")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = T("subscriptions.subscribe"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("secret")).ToContainTextAsync("whsec_");
        await Assertions.Expect(page.GetByLabel(T("subscriptions.targetHint"))).ToHaveValueAsync("", new() { Timeout = 5000 });
        await Assertions.Expect(page.GetByTestId("subscriptions").GetByText(T("value.notifyKind.decision-awaiting-approval"))).ToBeVisibleAsync();
        await CheckAsync(page, "regulator-subscriptions", ["regsubscriptions.heading", "subscriptions.list", "subscriptions.new"], "h1");
    }

    [Test]
    public async Task The_switch_turns_the_pages_to_the_other_language_and_the_browser_remembers_it()
    {
        var other = language == "en" ? "zh-CN" : "en";
        var page = await SignedInAsync(ApiRoles.RegulatorSupervisor);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await page.GetByTestId("lang-" + other).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", other);
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/"), "back on the same page");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = UiResources.Text(other, "inbox.title"), Level = 1 })).ToBeVisibleAsync();

        // The browser still sends its own Accept-Language; the switch's cookie wins on every page after.
        await page.GotoAsync("/cases/" + Uri.EscapeDataString(_world!.CaseA));
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", other);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = UiResources.Text(other, "case.findings"), Level = 2 })).ToBeVisibleAsync();
    }

    // What every page shows in the language: html[lang]; the headings of the keys; the language
    // switch (中文 in both languages) and, in Chinese, the element at cjkSelector drawn with a CJK
    // font of the layout's stack; nothing wider than the window; a screenshot as wide as the window.
    private async Task CheckAsync(IPage page, string name, string[] headings, string? cjkSelector)
    {
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        foreach (var key in headings)
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = T(key) }).First).ToBeVisibleAsync();
        }

        var stack = await page.EvaluateAsync<string>("getComputedStyle(document.body).fontFamily");
        var cjkFonts = CjkFamilies(stack);
        var drawn = new Dictionary<string, IReadOnlyList<(string Family, int Glyphs)>>
        {
            ["[data-testid=lang-zh-CN]"] = await FontsAsync(page, "[data-testid=lang-zh-CN]"),
        };
        if (language == "zh-CN" && cjkSelector is not null)
        {
            drawn[cjkSelector] = await FontsAsync(page, cjkSelector);
        }

        var overflow = await page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var shot = await Browser.DocumentedShotAsync(page, $"{name}.{language}");
        Assert.Multiple(() =>
        {
            Assert.That(cjkFonts, Is.Not.Empty, $"the layout's font stack names CJK fonts: {stack}");
            foreach (var (selector, fonts) in drawn)
            {
                Assert.That(fonts.Where(f => cjkFonts.Contains(f.Family)).Sum(f => f.Glyphs), Is.GreaterThan(0),
                    $"{selector}'s Chinese is drawn with a CJK font of the stack; Chromium used {string.Join(", ", fonts.Select(f => $"{f.Family} ({f.Glyphs} glyphs)"))}");
            }

            Assert.That(overflow[0], Is.LessThanOrEqualTo(overflow[1]), "nothing wider than the window");
            Assert.That(PngWidth(shot), Is.EqualTo(Width), "the screenshot is as wide as the window");
        });
    }

    // The families of the stack that are CJK fonts (named for Chinese, Japanese or Korean; "Hei" and YaHei are Chinese sans faces).
    private static HashSet<string> CjkFamilies(string stack) =>
        stack.Split(',').Select(f => f.Trim().Trim('"', '\''))
            .Where(f => f.Contains("CJK", StringComparison.Ordinal) || f.Contains("Hei", StringComparison.Ordinal) || f.EndsWith(" SC", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

    // The fonts Chromium drew an element's text with, and how many glyphs of each (DevTools: CSS.getPlatformFontsForNode).
    private static async Task<IReadOnlyList<(string Family, int Glyphs)>> FontsAsync(IPage page, string selector)
    {
        var devtools = await page.Context.NewCDPSessionAsync(page);
        await devtools.SendAsync("DOM.enable");
        await devtools.SendAsync("CSS.enable");
        var document = await devtools.SendAsync("DOM.getDocument", new() { ["depth"] = 0 });
        var node = await devtools.SendAsync("DOM.querySelector", new() { ["nodeId"] = document!.Value.GetProperty("root").GetProperty("nodeId").GetInt32(), ["selector"] = selector });
        var nodeId = node!.Value.GetProperty("nodeId").GetInt32();
        Assert.That(nodeId, Is.GreaterThan(0), $"{selector} is on the page");
        var fonts = await devtools.SendAsync("CSS.getPlatformFontsForNode", new() { ["nodeId"] = nodeId });
        await devtools.DetachAsync();
        return [.. fonts!.Value.GetProperty("fonts").EnumerateArray().Select(f => (f.GetProperty("familyName").GetString() ?? "", f.GetProperty("glyphCount").GetInt32()))];
    }

    // A PNG's width: the IHDR chunk's first field, big-endian, at byte 16.
    private static int PngWidth(string path) => (int)BinaryPrimitives.ReadUInt32BigEndian(File.ReadAllBytes(path).AsSpan(16, 4));
}
