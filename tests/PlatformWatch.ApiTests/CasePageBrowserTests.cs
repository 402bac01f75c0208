using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Hosting;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The case page as a case handler reads it, in Chromium at 1280 and 1920 pixels wide. The case
/// holds findings of four types (the shipped rules CN-AML24-SINGLE, CN-AML24-JOINT2,
/// CN-AML26-UNNOTIFIED and CN-AML26-CALLIN put in one family, so that one case gathers them): a
/// share, joint dominance with its partners, an unnotified acquisition's turnovers against the
/// notification thresholds, and a call-in with the conditions that held. A supervisor whose key is
/// named "Supervisor Wang" assigns it and comments; the page is then saved as a screenshot at each
/// width (case, case-1920) and measured.
/// </summary>
[TestFixture]
[Category("Browser")]
internal sealed class The_case_page_in_a_real_browser
{
    private const string Platform = "pagemart";
    private const string Family = "CASE-PAGE";
    private const string Supervisor = "Supervisor Wang";
    private static readonly string[] OneFamily = ["CN-AML24-SINGLE", "CN-AML24-JOINT2", "CN-AML26-UNNOTIFIED", "CN-AML26-CALLIN"];
    private static readonly int[] Widths = [1280, 1920];

    // Shares of a 2025 market (pagemart alone above 1/2), then two acquisitions by pagemart in that
    // market: one above the notification thresholds and not notified, one below them.
    private const string Shares = """
        {"type":"MarketShareReported","eventId":"cp-001","occurredAt":"2026-02-01T00:00:00Z","source":"stats","marketId":"cn-page-retail","jurisdiction":"CN","periodStart":"2025-01-01","periodEnd":"2025-12-31","platformId":"pagemart","metric":"gmv","share":0.5234}
        {"type":"MarketShareReported","eventId":"cp-002","occurredAt":"2026-02-01T00:00:00Z","source":"stats","marketId":"cn-page-retail","jurisdiction":"CN","periodStart":"2025-01-01","periodEnd":"2025-12-31","platformId":"rivalco","metric":"gmv","share":0.20}
        {"type":"MarketShareReported","eventId":"cp-003","occurredAt":"2026-02-01T00:00:00Z","source":"stats","marketId":"cn-page-retail","jurisdiction":"CN","periodStart":"2025-01-01","periodEnd":"2025-12-31","platformId":"thirdco","metric":"gmv","share":0.11}
        """;

    private const string Acquisitions = """
        {"type":"AcquisitionAnnounced","eventId":"cp-010","occurredAt":"2025-05-01T00:00:00Z","source":"press","acquirerId":"pagemart","targetId":"bookly","signedAt":"2025-05-01","closingAt":"2025-06-15","controlAcquired":true,"intraGroup":false,"parties":[{"partyId":"pagemart","turnoverWorld":{"amount":455000000000,"currency":"CNY"},"turnoverCn":{"amount":400000000000,"currency":"CNY"}},{"partyId":"bookly","turnoverWorld":{"amount":710000000,"currency":"CNY"},"turnoverCn":{"amount":900000000,"currency":"CNY"}}],"notifications":[],"targetServices":["online-bookshop"],"targetMarketId":"cn-page-retail"}
        {"type":"AcquisitionAnnounced","eventId":"cp-011","occurredAt":"2025-08-01T00:00:00Z","source":"press","acquirerId":"pagemart","targetId":"tinyshop","signedAt":"2025-08-01","controlAcquired":true,"intraGroup":false,"parties":[{"partyId":"pagemart","turnoverWorld":{"amount":455000000000,"currency":"CNY"},"turnoverCn":{"amount":400000000000,"currency":"CNY"}},{"partyId":"tinyshop","turnoverWorld":{"amount":60000000,"currency":"CNY"},"turnoverCn":{"amount":50000000,"currency":"CNY"}}],"notifications":[],"targetServices":["online-shop"],"targetMarketId":"cn-page-retail"}
        """;

    private ApiWorld _world = null!;
    private Browser? _browser;
    private string _caseId = "";
    private IReadOnlyList<string> _rules = [];
    private readonly Dictionary<int, Layout> _layouts = [];
    private string _measured = "";
    private IReadOnlyList<string> _conditions = [];
    private IReadOnlyList<string> _authors = [];
    private IReadOnlyList<string> _timeline = [];
    private string _fileName = "";
    private string _fileText = "";

    // What the page measured at one width: horizontal overflow, elements outside the viewport or
    // over a legal-basis box, and text with raw JSON outside a <details> disclosure.
    private sealed record Layout(int ScrollWidth, int ClientWidth, string[] Outside, string[] OverLegalBasis, string[] RawJson);

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await ApiWorld.StartAsync(kestrel: true);
        var processor = new EventProcessor(_world.Store, new ActiveProfiles(OneFamilyProfiles()), TimeProvider.System, NullLogger<EventProcessor>.Instance);
        await processor.ProcessAsync(await EventsAsync(Shares), new DateOnly(2026, 6, 30));
        await processor.ProcessAsync(await EventsAsync(Acquisitions), new DateOnly(2026, 6, 30));
        var opened = (await _world.Store.Cases.ListAsync(new CaseQuery { PlatformId = Platform, Limit = 100 })).Single(c => c.Family == Family);
        _caseId = opened.CaseId;
        _rules = (await _world.Store.Cases.GetAsync(_caseId))!.Findings.Select(f => f.RuleId).Order(StringComparer.Ordinal).ToList();
        _world.Tokens[Supervisor] = (await _world.Store.Keys.CreateApiKeyAsync(Supervisor, ApiRoles.RegulatorSupervisor, null, "test")).Token;

        _browser = await Browser.LaunchAsync();
        var page = await _browser.SignedInAsync(_world.Address!, _world.Tokens[Supervisor]);
        await page.GotoAsync($"/cases/{_caseId}");
        await page.GetByLabel("Assignee").FillAsync("analyst.li");
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Assigned to analyst.li");
        await page.Locator("form:has(#comment-h) textarea[name=text]").FillAsync("Compare the turnover with the filing of last year.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Internal comment added");

        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, 1000);
            await page.GotoAsync($"/cases/{_caseId}");
            await Browser.ShotAsync(page, width == 1280 ? "case" : $"case-{width}");
            _layouts[width] = JsonSerializer.Deserialize<Layout>(await page.EvaluateAsync<string>(MeasureScript), JsonSerializerOptions.Web)!;
        }

        _measured = string.Join("\n", await page.Locator("[data-testid=measured]").AllInnerTextsAsync());
        _conditions = await page.Locator("[data-testid=measured] tr", new() { HasText = "Conditions that held" }).Locator("li").AllInnerTextsAsync();
        _authors = await page.Locator("[data-testid=comment-author]").AllInnerTextsAsync();
        _timeline = await page.Locator("[data-testid=timeline-sentence]").AllInnerTextsAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("case-file").ClickAsync());
        _fileName = download.SuggestedFilename;
        _fileText = PdfText.Flat(await File.ReadAllBytesAsync(await download.PathAsync()));
    }

    [OneTimeTearDown]
    public Task Stop() => Browser.StopAsync(_browser, _world);

    [Test]
    public void The_case_holds_findings_of_four_types() =>
        Assert.That(_rules, Is.EqualTo(new[] { "CN-AML24-JOINT2", "CN-AML24-SINGLE", "CN-AML26-CALLIN", "CN-AML26-UNNOTIFIED" }));

    [TestCaseSource(nameof(Widths))]
    public void Nothing_is_wider_than_the_page(int width) =>
        Assert.That(_layouts[width].ScrollWidth, Is.LessThanOrEqualTo(_layouts[width].ClientWidth));

    [TestCaseSource(nameof(Widths))]
    public void No_element_extends_beyond_the_viewport(int width) => Assert.That(_layouts[width].Outside, Is.Empty);

    [TestCaseSource(nameof(Widths))]
    public void No_element_overlaps_a_legal_basis(int width) => Assert.That(_layouts[width].OverLegalBasis, Is.Empty);

    [TestCaseSource(nameof(Widths))]
    public void No_raw_json_is_visible_outside_a_disclosure(int width) => Assert.That(_layouts[width].RawJson, Is.Empty);

    [Test]
    public void Shares_read_as_exact_percentages() => Assert.That(_measured, Does.Contain("52.34 %").And.Contain("rivalco: 20 %"));

    [Test]
    public void Turnovers_read_with_their_currency_and_grouped_digits() => Assert.That(_measured, Does.Contain("¥455,710,000,000.00"));

    [Test]
    public void The_conditions_that_held_read_as_a_list() =>
        Assert.That(_conditions, Has.Count.GreaterThan(0).And.Some.StartsWith("CN-AML24-SINGLE (F-"));

    [Test]
    public void The_comment_names_the_key_that_wrote_it() => Assert.That(_authors, Is.EqualTo(new[] { Supervisor }));

    [Test]
    public void The_timeline_reads_as_sentences_naming_the_key() =>
        Assert.That(_timeline, Has.Some.EqualTo($"{Supervisor} assigned the case to analyst.li")
            .And.Some.EqualTo($"{Supervisor} added an internal comment")
            .And.Some.StartsWith("Finding CN-AML26-UNNOTIFIED raised (critical"));

    [Test]
    public void The_case_file_button_downloads_the_PDF_with_the_values_and_sentences_the_page_shows() =>
        Assert.Multiple(() =>
        {
            Assert.That(_fileName, Is.EqualTo($"case-file-{_caseId}.pdf"));
            Assert.That(_fileText, Does.Contain("52.34 %").And.Contain("rivalco: 20 %").And.Contain("¥455,710,000,000.00"), "the values as the page shows them");
            Assert.That(_fileText, Does.Contain($"{Supervisor} assigned the case to analyst.li"), "the timeline's sentence");
            Assert.That(_fileText, Does.Contain("Compare the turnover with the filing of last year."), "the internal comment, for the owner");
        });

    // The shipped profiles with four rules put in one family: one case gathers their findings.
    private static ProfileSet OneFamilyProfiles()
    {
        var sources = ProfileDirectory.Read(ProfileDirectory.Default).Select(source =>
        {
            var text = Encoding.UTF8.GetString(source.Content);
            foreach (var rule in OneFamily)
            {
                text = text.Replace($"  - id: {rule}\n", $"  - id: {rule}\n    family: {Family}\n", StringComparison.Ordinal);
            }

            return source with { Content = Encoding.UTF8.GetBytes(text) };
        }).ToList();
        var loaded = ProfileLoader.Load(sources);
        Assert.That(loaded.Errors, Is.Empty);
        Assert.That(OneFamily.Select(id => loaded.Set!.FindRule(id)!.Family), Is.All.EqualTo(Family));
        return loaded.Set!;
    }

    private static async Task<List<IInboundEvent>> EventsAsync(string jsonl)
    {
        var events = new List<IInboundEvent>();
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(jsonl));
        await foreach (var line in JsonlReader.ReadAsync(stream))
        {
            Assert.That(line.Parsed.IsValid, Is.True, line.Text);
            events.Add(line.Parsed.Event!);
        }

        return events;
    }

    private const string MeasureScript = """
        () => {
          const name = el => el.tagName.toLowerCase() + (el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\s+/g, '.') : '');
          const shown = r => r.width > 0 && r.height > 0;
          const viewport = document.documentElement.clientWidth;
          const outside = [];
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (shown(r) && !el.closest('.skip') && (r.right > viewport + 0.5 || r.left < -0.5)) {
              outside.push(`${name(el)} ${Math.round(r.left)}..${Math.round(r.right)} of ${viewport}`);
            }
          }
          const over = [];
          for (const legal of document.querySelectorAll('[data-testid=legal-basis]')) {
            const box = legal.getBoundingClientRect();
            const card = legal.closest('[data-testid=finding]') ?? document.body;
            for (const el of card.querySelectorAll('*')) {
              if (el === legal || legal.contains(el) || el.contains(legal)) continue;
              const r = el.getBoundingClientRect();
              if (shown(r) && r.left < box.right - 0.5 && r.right > box.left + 0.5 && r.top < box.bottom - 0.5 && r.bottom > box.top + 0.5) {
                over.push(`${name(el)} over the legal basis of ${card.dataset.finding}`);
              }
            }
          }
          const raw = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const parent = walker.currentNode.parentElement;
            if (parent.closest('details') && !parent.closest('summary')) continue;
            if (walker.currentNode.textContent.includes('{"')) raw.push(walker.currentNode.textContent.trim().slice(0, 80));
          }
          return JSON.stringify({ scrollWidth: document.documentElement.scrollWidth, clientWidth: viewport, outside, overLegalBasis: over, rawJson: raw });
        }
        """;
}
