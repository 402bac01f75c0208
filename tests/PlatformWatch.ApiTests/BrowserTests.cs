using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The pages in a real browser: Debian's headless Chromium, driven by Playwright, against the API
/// on Kestrel on loopback with the seeded cases. A regulator works a case from the inbox to a
/// notice; the platform reads and answers that notice and cannot reach anything else; the market
/// page draws its charts. Each page is saved as a screenshot under the test output.
/// </summary>
[TestFixture]
[Category("Browser")]
internal sealed partial class Pages_in_a_real_browser
{
    private ApiWorld _world = null!;
    private Browser? _browser;
    private string? _issuedNoticeId;
    private string? _workedCaseId;

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await ApiWorld.StartAsync(kestrel: true);
        _browser = await Browser.LaunchAsync();
    }

    [OneTimeTearDown]
    public Task Stop() => Browser.StopAsync(_browser, _world);

    private Task<IPage> NewPageAsync() => _browser!.NewPageAsync(_world.Address!);

    private Task<IPage> SignedInAsync(string who) => _browser!.SignedInAsync(_world.Address!, _world.Tokens[who]);

    private static Task ShotAsync(IPage page, string name) => Browser.ShotAsync(page, name);

    [Test]
    [Order(1)]
    public async Task A_regulator_signs_in_filters_the_inbox_opens_a_case_assigns_it_comments_and_issues_a_notice()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        Assert.That(page.Url, Does.Contain("/signin"), "the inbox needs signing in");
        await page.GetByLabel("Your PlatformWatch key").FillAsync(_world.Tokens[ApiRoles.RegulatorSupervisor]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Case inbox" })).ToBeVisibleAsync();
        await ShotAsync(page, "inbox");

        // Filter: platform A's new cases.
        await page.GetByLabel("Platform").FillAsync(ApiWorld.PlatformA);
        await page.GetByLabel("Status").SelectOptionAsync("new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("platform=" + ApiWorld.PlatformA));
        var rows = page.Locator("table[data-testid=inbox] tbody tr");
        Assert.That(await rows.CountAsync(), Is.GreaterThan(0), "platform A has new cases");
        foreach (var cells in await rows.Locator("td:nth-child(3)").AllTextContentsAsync())
        {
            Assert.That(cells.Trim(), Is.EqualTo(ApiWorld.PlatformA));
        }

        foreach (var status in await rows.Locator("td:nth-child(6)").AllTextContentsAsync())
        {
            Assert.That(status.Trim(), Does.StartWith("new"));
        }

        await ShotAsync(page, "inbox-filtered");

        // Open the first case.
        _workedCaseId = (await rows.First.GetAttributeAsync("data-case"))!;
        await rows.First.Locator("a").First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Case " + Regex.Escape(_workedCaseId)) })).ToBeVisibleAsync();
        Assert.That(await page.Locator("[data-testid=finding]").CountAsync(), Is.GreaterThan(0));
        await Assertions.Expect(page.Locator("[data-testid=legal-basis]").First).ToContainTextAsync("Legal basis");
        await ShotAsync(page, "case-from-inbox");

        // Assign it.
        await page.GetByLabel("Assignee").FillAsync("analyst.li");
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Assigned to analyst.li");
        await Assertions.Expect(page.Locator("[data-testid=case-assignee]")).ToHaveTextAsync("analyst.li");

        // Comment, once internal and once shared with the platform.
        await page.Locator("form:has(#comment-h) textarea[name=text]").FillAsync("Internal: compare with last year's ranking data.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Internal comment added");
        await page.Locator("form:has(#comment-h) textarea[name=text]").FillAsync("Shared: please explain the ranking change of March.");
        await page.GetByLabel("shared with the platform").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=comments]")).ToContainTextAsync("Shared: please explain");

        // A notice needs an investigation first.
        await page.Locator("form:has(#transition-h) select[name=to]").SelectOptionAsync("investigating");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=case-status]")).ToHaveTextAsync("investigating");

        await page.Locator("form:has(#notice-h) textarea[name=text]").FillAsync("Explain the self-preferencing found in this case within the deadline.");
        await page.GetByLabel("Answer due by the end of (UTC)").FillAsync(DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue notice" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Notice issued");
        await Assertions.Expect(page.Locator("[data-testid=case-status]")).ToHaveAttributeAsync("data-status", "notice-issued");
        await Assertions.Expect(page.Locator("[data-testid=case-status]")).ToHaveTextAsync("notice issued"); // the word; the value stays in data-status
        await ShotAsync(page, "case-after-actions");

        // The store agrees, and the audit trail has every step.
        var notices = await _world.Store.Cases.ListNoticesAsync(caseId: _workedCaseId);
        var detail = await _world.Store.Cases.GetAsync(_workedCaseId);
        Assert.Multiple(() =>
        {
            Assert.That(notices, Has.Count.EqualTo(1));
            Assert.That(detail!.Case.Assignee, Is.EqualTo("analyst.li"));
            Assert.That(detail.Comments.Select(c => c.Visibility), Is.EquivalentTo(new[] { "internal", "shared" }));
            Assert.That(detail.Audit.Select(a => a.Actor), Has.Some.StartsWith("key:"));
        });
        _issuedNoticeId = notices[0].NoticeId;
        await Assertions.Expect(page.Locator("[data-testid=timeline]")).ToContainTextAsync("notice");
    }

    [Test]
    [Order(2)]
    public async Task The_platform_sees_the_notice_answers_it_and_cannot_open_another_platforms_pages()
    {
        Assert.That(_issuedNoticeId, Is.Not.Null, "the regulator's test issues the notice this one answers");
        var page = await SignedInAsync(ApiRoles.Platform);
        Assert.That(page.Url, Does.EndWith("/portal"));
        var notices = page.Locator("table[data-testid=notices]");
        await Assertions.Expect(notices).ToContainTextAsync(_issuedNoticeId!);
        await Assertions.Expect(notices).Not.ToContainTextAsync(_world.NoticeB);
        await ShotAsync(page, "portal");

        await page.GetByRole(AriaRole.Link, new() { Name = _issuedNoticeId! }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=notice-text]")).ToContainTextAsync("Explain the self-preferencing");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Shared: please explain");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Internal: compare");
        Assert.That(await page.Locator("[data-testid=notified-finding]").CountAsync(), Is.GreaterThan(0));
        await page.GetByLabel("Your answer").FillAsync("We changed the ranking in March for quality reasons; the data is attached.");
        await page.GetByLabel(new Regex("^Attached documents")).FillAsync("ranking-2025.pdf; application/pdf; 48213; " + new string('a', 64));
        await page.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your answer has been sent");
        await Assertions.Expect(page.Locator("[data-testid=notice-status]")).ToHaveTextAsync(NoticeStatus.Answered);
        await Assertions.Expect(page.Locator("[data-testid=answer]")).ToContainTextAsync("ranking-2025.pdf");
        await ShotAsync(page, "portal-notice-answered");
        Assert.That((await _world.Store.Cases.GetNoticeAsync(_issuedNoticeId!))!.Responses, Has.Count.EqualTo(1));

        // Another platform's notice is not found; a regulator's page is not allowed.
        var other = await page.GotoAsync($"/portal/notices/{_world.NoticeB}");
        Assert.That(other!.Status, Is.EqualTo(404));
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(_world.CaseB);
        await ShotAsync(page, "portal-other-platform");
        foreach (var path in new[] { $"/cases/{_world.CaseB}", $"/cases/{_workedCaseId}", "/markets/cn-ride-hailing", "/rules" })
        {
            var response = await page.GotoAsync(path);
            var text = await page.Locator("main").InnerTextAsync();
            Assert.Multiple(() =>
            {
                Assert.That(response!.Status, Is.EqualTo(403), path);
                Assert.That(text, Does.Contain("Not allowed").And.Not.Contain(ApiWorld.PlatformB).And.Not.Contain(_world.CaseB), path);
            });
        }

        // The inbox sends a platform to its own portal, whatever the filter says.
        await page.GotoAsync("/?platform=" + ApiWorld.PlatformB);
        Assert.That(page.Url, Does.EndWith("/portal"));
        Assert.That(await page.Locator("main").InnerTextAsync(), Does.Not.Contain(ApiWorld.PlatformB).And.Not.Contain(_world.NoticeB));
    }

    [Test]
    public async Task The_market_page_draws_shares_with_the_presumption_lines_and_lists_the_findings()
    {
        var page = await SignedInAsync(ApiRoles.RegulatorViewer);
        await page.GotoAsync("/markets/cn-ride-hailing");
        var chart = page.Locator("svg#shares-orders");
        await Assertions.Expect(chart).ToBeVisibleAsync();
        var platforms = (await _world.Store.Ingestion.GetMarketSharesAsync("cn-ride-hailing")).Where(r => r.Metric == "orders").Select(r => r.PlatformId).Distinct().Count();
        Assert.Multiple(async () =>
        {
            Assert.That(await chart.Locator("g.series").CountAsync(), Is.EqualTo(platforms));
            Assert.That(await chart.Locator("g.guide").EvaluateAllAsync<string[]>("gs => gs.map(g => g.dataset.guide)"), Is.EqualTo(new[] { "1/2", "2/3", "3/4" }));
            Assert.That(await page.Locator("svg#hhi-orders g.series polyline").CountAsync(), Is.EqualTo(1));
            Assert.That(await page.Locator("svg#cr-orders g.series").CountAsync(), Is.EqualTo(3));
            Assert.That(await page.Locator("[data-testid=market-findings] tbody tr").CountAsync(), Is.GreaterThan(0));
        });
        var box = await chart.BoundingBoxAsync();
        Assert.That(box!.Width, Is.GreaterThan(300), "the chart is drawn at a readable size");
        await ShotAsync(page, "market");
    }

    [Test]
    public async Task The_rules_page_shows_each_rule_with_its_law_and_parameters()
    {
        var page = await SignedInAsync(ApiRoles.RegulatorViewer);
        await page.GotoAsync("/rules");
        var rules = page.Locator("details[data-rule]");
        Assert.That(await rules.CountAsync(), Is.EqualTo(_world.Services.GetRequiredService<ActiveProfiles>().Current.AllRules.Count()));
        await rules.Filter(new() { HasText = "CN-AML24-JOINT2" }).Locator("summary").ClickAsync();
        await Assertions.Expect(rules.Filter(new() { HasText = "CN-AML24-JOINT2" })).ToContainTextAsync("Legal basis");
        await ShotAsync(page, "rules");
    }

    [Test]
    public async Task A_viewer_reads_a_case_but_gets_no_action_forms_and_a_refused_post_changes_nothing()
    {
        var page = await SignedInAsync(ApiRoles.RegulatorViewer);
        await page.GotoAsync($"/cases/{_world.CaseB}");
        Assert.Multiple(async () =>
        {
            Assert.That(await page.Locator("form#assign, form:has(#assign-h), form:has(#comment-h), form:has(#notice-h)").CountAsync(), Is.Zero);
            Assert.That(await page.Locator("main").InnerTextAsync(), Does.Contain("may read this case but not act on it"));
        });

        // Posting the form anyway (with a valid antiforgery token from this page) is refused.
        var before = (await _world.Store.Cases.GetAsync(_world.CaseB))!.Case;
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var response = await page.APIRequest.PostAsync($"/cases/{_world.CaseB}?handler=Assign", new() { Form = page.APIRequest.CreateFormData().Set("assignee", "mallory").Set("__RequestVerificationToken", token!), MaxRedirects = 0 });
        Assert.That(response.Status, Is.EqualTo(302).Or.EqualTo(403));
        Assert.That((await _world.Store.Cases.GetAsync(_world.CaseB))!.Case.Assignee, Is.EqualTo(before.Assignee));
    }

    [Test]
    public async Task Nothing_is_visible_without_signing_in_and_an_unknown_or_revoked_key_is_refused()
    {
        var page = await NewPageAsync();
        foreach (var path in new[] { "/", $"/cases/{_world.CaseA}", "/markets/cn-ride-hailing", "/rules", "/portal", $"/portal/notices/{_world.NoticeA}" })
        {
            await page.GotoAsync(path);
            Assert.That(page.Url, Does.Contain("/signin?returnUrl="), path);
            Assert.That(await page.Locator("main").InnerTextAsync(), Does.Not.Contain(_world.CaseA).And.Not.Contain(ApiWorld.PlatformA), path);
        }

        foreach (var key in new[] { _world.Tokens["revoked"], "pw_kaaaaaaaaaaaa_notasecret" })
        {
            await page.GotoAsync("/signin");
            await page.GetByLabel("Your PlatformWatch key").FillAsync(key);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=signin-error]")).ToContainTextAsync("unknown or has been revoked");
        }

        await ShotAsync(page, "signin-refused");
    }

    [Test]
    public async Task Revoking_a_key_ends_its_session_and_signing_out_ends_it_too()
    {
        var issued = await _world.Store.Keys.CreateApiKeyAsync("browser session", ApiRoles.RegulatorAnalyst, null, "test");
        _world.Tokens["session"] = issued.Token;
        var page = await SignedInAsync("session");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Case inbox" })).ToBeVisibleAsync();
        await _world.Store.Keys.RevokeApiKeyAsync(issued.Key.KeyId, "test");
        await page.GotoAsync("/");
        Assert.That(page.Url, Does.Contain("/signin"));

        var other = await SignedInAsync(ApiRoles.RegulatorViewer);
        await other.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out");
        await other.GotoAsync("/rules");
        Assert.That(other.Url, Does.Contain("/signin"));
    }

    [Test]
    public async Task The_sign_in_form_and_the_inbox_filters_work_from_the_keyboard_alone()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/signin");
        await Assertions.Expect(page.GetByLabel("Your PlatformWatch key")).ToBeFocusedAsync(); // autofocus: no pointer needed
        await page.Keyboard.TypeAsync(_world.Tokens[ApiRoles.RegulatorAnalyst]);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Case inbox" })).ToBeVisibleAsync();

        // Tab to the severity filter, choose a value, submit with Enter from a text field.
        await page.GetByLabel("Severity").FocusAsync();
        await page.Keyboard.PressAsync("Tab"); // to Platform
        await Assertions.Expect(page.GetByLabel("Platform")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(ApiWorld.PlatformB);
        await Assertions.Expect(page.GetByLabel("Platform")).ToHaveValueAsync(ApiWorld.PlatformB);
        await page.Keyboard.PressAsync("Enter");
        try
        {
            await page.WaitForURLAsync(new Regex("platform=" + ApiWorld.PlatformB));
        }
        catch (TimeoutException)
        {
            await ShotAsync(page, "keyboard-timeout");
            TestContext.Out.WriteLine("URL after Enter: " + page.Url);
            throw;
        }
        foreach (var cell in await page.Locator("table[data-testid=inbox] tbody td:nth-child(3)").AllTextContentsAsync())
        {
            Assert.That(cell.Trim(), Is.EqualTo(ApiWorld.PlatformB));
        }

        // A bad filter is named, not ignored.
        await page.GotoAsync("/?sort=password&olderThanDays=abc");
        await Assertions.Expect(page.Locator("[data-testid=filter-errors]")).ToContainTextAsync("sort");
        await Assertions.Expect(page.Locator("[data-testid=filter-errors]")).ToContainTextAsync("olderThanDays");
    }

    [Test]
    public async Task A_platform_files_a_report_with_sections_and_claims_and_sees_it_listed()
    {
        var page = await SignedInAsync(ApiRoles.Platform);
        await page.GotoAsync("/portal/reports/new");

        // First with a mistake: a section without a name.
        await page.GetByLabel("Report id (yours, unique)").FillAsync("browser-report-1");
        await page.GetByLabel("Report type").SelectOptionAsync("dma-art11-compliance");
        await page.GetByLabel("Jurisdiction").FillAsync("EU");
        await page.GetByLabel("Period start").FillAsync("2025-01-01");
        await page.GetByLabel("Period end").FillAsync("2025-12-31");
        await page.GetByLabel("Section 1 text").FillAsync("Text without a name.");
        await page.GetByRole(AriaRole.Button, new() { Name = "File the report" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=report-errors]")).ToContainTextAsync("sections[1]");
        await ShotAsync(page, "portal-report-refused");

        await page.GetByLabel("Section 1 name").FillAsync("ranking");
        await page.GetByLabel("Section 2 name").FillAsync("data-access");
        await page.GetByLabel("Section 2 text").FillAsync("Business users get their data through the portal API.");
        await page.GetByLabel("Claim 1 obligation").FillAsync("self-preferencing");
        await page.GetByLabel("Claim 1 assertion").FillAsync("none");
        await page.GetByRole(AriaRole.Button, new() { Name = "File the report" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Report browser-report-1 was filed");

        Assert.That(await _world.WaitForEventAsync($"report:{ApiWorld.PlatformA}:browser-report-1", TimeSpan.FromSeconds(20)), Is.True, "the in-process worker processes the report");
        await page.ReloadAsync();
        var row = page.Locator("table[data-testid=reports] tbody tr", new() { HasText = "browser-report-1" });
        await Assertions.Expect(row.Locator("td[data-report-type=dma-art11-compliance]")).ToHaveTextAsync("DMA Art. 11 compliance report");
        await Assertions.Expect(row.Locator("td:nth-child(5)")).ToHaveTextAsync("2");
        await Assertions.Expect(row.Locator("td:nth-child(6)")).ToHaveTextAsync("1");
    }
}
