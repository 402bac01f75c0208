using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// A platform (bazaarly, the DMA sample) files an Art. 11 report with one section marked as a
/// business secret, and answers the notice on that case with an answer marked as one; the owning
/// authority (the DMA unit, with the authorities of <c>authorities.json</c>) shares the case with
/// another (SAMR). The owner's regulators see the content with the mark; the partner sees the mark
/// and not the content; no findings export carries it. On SQLite and on PostgreSQL.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class Business_secrets(StoreProvider provider)
{
    private const string SecretSection = "Our remedy roadmap for 2026, not yet announced: SECRET-SECTION-7731";
    private const string OpenSection = "Sellers can export their data through the portability API.";
    private const string SecretAnswer = "Our cost structure per order is SECRET-ANSWER-4410";
    private const string SecretDocument = "cost-model-SECRET-DOC-5120.xlsx";
    private static readonly string[] Secrets = ["SECRET-SECTION-7731", "SECRET-ANSWER-4410", "SECRET-DOC-5120"];

    private ApiWorld _world = null!;
    private string _caseId = "";
    private string _noticeId = "";
    private string _reportEventId = "";
    private string _owner = "";
    private IReadOnlyDictionary<string, string> _supervisors = new Dictionary<string, string>();

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await ApiWorld.StartAsync(provider, authorities: "authorities.json");
        var filed = await SecretReportCase.FileAsync(_world, "BZ-ART11-2025-S", SecretSection, OpenSection, SecretAnswer,
            new { name = SecretDocument, mediaType = "application/vnd.ms-excel", sizeBytes = 48213, sha256 = new string('a', 64) }, "samr");
        (_caseId, _noticeId, _reportEventId, _owner) = (filed.CaseId, filed.NoticeId, filed.ReportEventId, filed.Owner);
        _supervisors = filed.Supervisors;
        using var shared = await As(_owner).PostAsJsonAsync($"/api/v1/cases/{_caseId}/shares", new { authority = "samr", access = "read", reason = "cooperation on the same platform" });
        Assert.That(shared.StatusCode, Is.EqualTo(HttpStatusCode.Created), await shared.Content.ReadAsStringAsync());
    }

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private HttpClient As(string authority) => _world.WithKey(_supervisors[authority]);

    private async Task<string> PageAsync(string authority, string path)
    {
        using var client = _world.PageClient();
        await Pages.SignInAsync(client, _supervisors[authority]);
        return await client.GetStringAsync(path);
    }

    private JsonNode ReportEvidence(JsonNode caseBody) => caseBody["evidence"]!.AsArray().Single(e => e!["eventId"]!.GetValue<string>() == _reportEventId)!;

    private JsonNode Answer(JsonNode caseBody) => caseBody["notices"]!.AsArray().Single(n => n!["noticeId"]!.GetValue<string>() == _noticeId)!["responses"]!.AsArray().Single()!;

    [Test]
    public async Task The_marks_are_kept_with_the_report_and_the_answer()
    {
        var notice = (await _world.Store.Cases.GetNoticeAsync(_noticeId))!;
        var report = (await _world.Store.Ingestion.ListPlatformEventsAsync(ApiWorld.PlatformA, "SelfRegulationReportSubmitted")).Single(e => e.EventId == _reportEventId);
        var audit = (await _world.Store.Cases.GetAsync(_caseId))!.Audit.Last(a => a.Action == "notice-answered");
        using var platform = _world.Client(ApiRoles.Platform);
        var own = await platform.GetFromJsonAsync<JsonObject>($"/api/v1/platform/notices/{_noticeId}");
        Assert.Multiple(() =>
        {
            Assert.That(notice.Responses.Single().BusinessSecret, Is.True);
            Assert.That(JsonNode.Parse(report.Payload)!["businessSecretSections"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "measures" }));
            Assert.That(JsonNode.Parse(audit.Details)!["businessSecret"]!.GetValue<bool>(), Is.True, "the trail records the mark");
            Assert.That(own!["responses"]![0]!["businessSecret"]!.GetValue<bool>(), Is.True, "the platform sees its own mark");
            Assert.That(own["responses"]![0]!["text"]!.GetValue<string>(), Is.EqualTo(SecretAnswer), "and its own answer");
        });
    }

    [Test]
    public async Task The_owning_authority_sees_the_content_with_the_mark()
    {
        using var owner = As(_owner);
        var body = JsonNode.Parse(await owner.GetStringAsync($"/api/v1/cases/{_caseId}"))!;
        var report = ReportEvidence(body);
        var answer = Answer(body);
        var page = await PageAsync(_owner, $"/cases/{_caseId}");
        Assert.Multiple(() =>
        {
            Assert.That(report["businessSecretSections"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "measures" }));
            Assert.That(report["businessSecretsWithheld"]!.GetValue<bool>(), Is.False);
            Assert.That(report["event"]!["sections"]!["measures"]!.GetValue<string>(), Is.EqualTo(SecretSection));
            Assert.That(answer["businessSecret"]!.GetValue<bool>(), Is.True);
            Assert.That(answer["withheld"]!.GetValue<bool>(), Is.False);
            Assert.That(answer["text"]!.GetValue<string>(), Is.EqualTo(SecretAnswer));
            Assert.That(answer["documents"]![0]!["name"]!.GetValue<string>(), Is.EqualTo(SecretDocument));
            Assert.That(page, Does.Contain("SECRET-SECTION-7731").And.Contain("SECRET-ANSWER-4410").And.Contain("SECRET-DOC-5120"));
            Assert.That(page, Does.Contain("business secret: measures").And.Contain("data-testid=\"answer-secret\""));
        });
    }

    [Test]
    public async Task A_share_partner_sees_the_marks_but_not_the_content()
    {
        using var partner = As("samr");
        var text = await partner.GetStringAsync($"/api/v1/cases/{_caseId}");
        var body = JsonNode.Parse(text)!;
        var report = ReportEvidence(body);
        var answer = Answer(body);
        Assert.Multiple(() =>
        {
            Assert.That(body["yourAccess"]!.GetValue<string>(), Is.EqualTo("read"), "the partner reads through the share");
            Assert.That(Secrets.Where(text.Contains), Is.Empty);
            Assert.That(report["businessSecretSections"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "measures" }));
            Assert.That(report["businessSecretsWithheld"]!.GetValue<bool>(), Is.True);
            Assert.That(report["event"]!["sections"]!["measures"], Is.Null);
            Assert.That(report["event"]!["sections"]!["data-portability"]!.GetValue<string>(), Is.EqualTo(OpenSection), "what is not marked is shared");
            Assert.That(answer["businessSecret"]!.GetValue<bool>(), Is.True);
            Assert.That(answer["withheld"]!.GetValue<bool>(), Is.True);
            Assert.That(answer["documents"]!.AsArray(), Is.Empty);
        });
    }

    [Test]
    public async Task A_share_partners_case_page_shows_the_marks_but_not_the_content()
    {
        var page = await PageAsync("samr", $"/cases/{_caseId}");
        Assert.Multiple(() =>
        {
            Assert.That(Secrets.Where(page.Contains), Is.Empty);
            Assert.That(page, Does.Contain("business secret: measures (withheld from your authority)"));
            Assert.That(page, Does.Contain("data-testid=\"answer-withheld\""));
            Assert.That(page, Does.Contain(OpenSection));
        });
    }

    [TestCase("owner", "json")]
    [TestCase("owner", "csv")]
    [TestCase("samr", "json")]
    [TestCase("samr", "csv")]
    public async Task No_findings_export_carries_a_business_secret(string who, string format)
    {
        using var client = As(who == "owner" ? _owner : who);
        var export = await client.GetStringAsync($"/api/v1/findings?case={_caseId}&status=all&format={format}");
        Assert.Multiple(() =>
        {
            Assert.That(export, Does.Contain("DMA-11-SECTIONS"), "the export holds the case's findings");
            Assert.That(Secrets.Where(export.Contains), Is.Empty);
        });
    }

    [Test]
    public async Task A_mark_must_name_a_section_of_the_report()
    {
        using var platform = _world.Client(ApiRoles.Platform);
        using var refused = await platform.PostAsJsonAsync("/api/v1/platform/reports", new JsonObject
        {
            ["reportId"] = "BZ-ART11-2025-X",
            ["jurisdiction"] = "EU",
            ["reportType"] = "dma-art11-compliance",
            ["periodStart"] = "2025-03-07",
            ["periodEnd"] = "2026-03-06",
            ["sections"] = new JsonObject { ["measures"] = "Described." },
            ["businessSecretSections"] = new JsonArray("pricing"),
        });
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]!["businessSecretSections[0]"]![0]!.GetValue<string>(), Does.Contain("must name a section"));
        });
    }

    [Test]
    public async Task The_portal_report_form_marks_the_ticked_sections()
    {
        using var client = _world.PageClient();
        await Pages.SignInAsync(client, _world.Tokens[ApiRoles.Platform]);
        using var posted = await Pages.PostFormAsync(client, "/portal/reports/new", new()
        {
            ["Form.ReportId"] = "BZ-PORTAL-S",
            ["Form.ReportType"] = "dma-art11-compliance",
            ["Form.Jurisdiction"] = "EU",
            ["Form.PeriodStart"] = "2025-01-01",
            ["Form.PeriodEnd"] = "2025-12-31",
            ["Form.SectionNames[0]"] = "measures",
            ["Form.SectionTexts[0]"] = "Described in public.",
            ["Form.SectionNames[1]"] = "pricing",
            ["Form.SectionTexts[1]"] = "Our price floors.",
            ["Form.SecretRows"] = "1",
        });
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await posted.Content.ReadAsStringAsync());
        var eventId = $"report:{ApiWorld.PlatformA}:BZ-PORTAL-S";
        Assert.That(await _world.WaitForEventAsync(eventId, TimeSpan.FromSeconds(30)), Is.True);
        var report = (await _world.Store.Ingestion.ListPlatformEventsAsync(ApiWorld.PlatformA, "SelfRegulationReportSubmitted")).Single(e => e.EventId == eventId);
        Assert.That(JsonNode.Parse(report.Payload)!["businessSecretSections"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "pricing" }));
    }
}
