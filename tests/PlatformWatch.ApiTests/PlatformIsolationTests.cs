using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// A platform never sees or changes another platform's data: B's notice is 404 to A, exactly like
/// one that does not exist, and stays as it was; A's lists hold none of B's ids; a report naming
/// another platform is refused and nothing is written; fields the server owns cannot be set.
/// On SQLite and on PostgreSQL.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class One_platform_against_another(StoreProvider provider)
{
    private ApiWorld _world = null!;

    [OneTimeSetUp]
    public async Task Start() => _world = await ApiWorld.StartAsync(provider);

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private static async Task<JsonNode> JsonOf(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    [Test]
    public async Task Reading_the_other_platforms_notice_is_404_like_a_notice_that_does_not_exist()
    {
        using var a = _world.Client(ApiRoles.Platform);
        using var other = await a.GetAsync($"/api/v1/platform/notices/{_world.NoticeB}");
        using var missing = await a.GetAsync("/api/v1/platform/notices/N-DOES-NOT-EXIST");
        var otherBody = await JsonOf(other);
        var missingBody = await JsonOf(missing);
        Assert.Multiple(() =>
        {
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(otherBody["title"]!.GetValue<string>(), Is.EqualTo(missingBody["title"]!.GetValue<string>()));
            Assert.That(otherBody.ToJsonString(), Does.Not.Contain(ApiWorld.PlatformB));
        });
    }

    [Test]
    public async Task Answering_the_other_platforms_notice_is_404_and_changes_nothing()
    {
        using var a = _world.Client(ApiRoles.Platform);
        using var answer = await a.PostAsJsonAsync($"/api/v1/platform/notices/{_world.NoticeB}/responses", new { text = "not ours to answer" });
        var notice = await _world.Store.Cases.GetNoticeAsync(_world.NoticeB);
        var caseB = await _world.Store.Cases.GetAsync(_world.CaseB);
        Assert.Multiple(() =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(notice!.Notice.Status, Is.EqualTo("awaiting-response"));
            Assert.That(notice.Responses, Is.Empty);
            Assert.That(caseB!.Case.Status, Is.EqualTo("notice-issued"));
        });
    }

    [Test]
    public async Task A_platforms_lists_contain_none_of_the_other_platforms_ids()
    {
        // B files a report and it is processed; then A lists everything it can.
        using var b = _world.Client("platform-b");
        using var filed = await b.PostAsJsonAsync("/api/v1/platform/reports", Report("B-ISOLATION-1", "CN"));
        Assert.That(filed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await filed.Content.ReadAsStringAsync());
        var eventId = (await JsonOf(filed))["eventId"]!.GetValue<string>();
        Assert.That(await _world.WaitForEventAsync(eventId, TimeSpan.FromSeconds(30)), Is.True, "B's report is processed");

        using var a = _world.Client(ApiRoles.Platform);
        var notices = (await a.GetStringAsync("/api/v1/platform/notices"));
        var reports = (await a.GetStringAsync("/api/v1/platform/reports"));
        var noticeIds = JsonNode.Parse(notices)!["items"]!.AsArray().Select(n => n!["noticeId"]!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(noticeIds, Does.Contain(_world.NoticeA));
            Assert.That(noticeIds, Does.Not.Contain(_world.NoticeB));
            Assert.That(notices, Does.Not.Contain(ApiWorld.PlatformB).And.Not.Contain(_world.CaseB));
            Assert.That(reports, Does.Not.Contain("B-ISOLATION-1").And.Not.Contain(ApiWorld.PlatformB));
        });
    }

    [Test]
    public async Task A_report_naming_another_platform_is_refused_and_nothing_is_written()
    {
        using var a = _world.Client(ApiRoles.Platform);
        var forged = Report("A-FORGED-1", "EU");
        forged["platformId"] = ApiWorld.PlatformB;
        using var refused = await a.PostAsJsonAsync("/api/v1/platform/reports", forged);

        // A report filed after it is processed: had the forged one been published, it would be processed by now too.
        using var marker = await a.PostAsJsonAsync("/api/v1/platform/reports", Report("A-MARKER-1", "EU"));
        var markerId = (await JsonOf(marker))["eventId"]!.GetValue<string>();
        Assert.That(await _world.WaitForEventAsync(markerId, TimeSpan.FromSeconds(30)), Is.True);
        var ofB = await _world.Store.Ingestion.ListPlatformEventsAsync(ApiWorld.PlatformB, "SelfRegulationReportSubmitted");
        var ofA = await _world.Store.Ingestion.ListPlatformEventsAsync(ApiWorld.PlatformA, "SelfRegulationReportSubmitted");
        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await JsonOf(refused))["detail"]!.GetValue<string>(), Does.StartWith("platformId:"));
            Assert.That(ofB.Concat(ofA).Select(e => e.Payload), Has.None.Contains("A-FORGED-1"));
            Assert.That(await _world.ProcessedAsync($"report:{ApiWorld.PlatformA}:A-FORGED-1"), Is.False);
        });
    }

    [Test]
    public async Task A_report_is_filed_for_the_credentials_platform_at_the_servers_time()
    {
        using var a = _world.Client(ApiRoles.Platform);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var filed = await a.PostAsJsonAsync("/api/v1/platform/reports", Report("A-OWN-1", "EU"));
        var eventId = (await JsonOf(filed))["eventId"]!.GetValue<string>();
        Assert.That(await _world.WaitForEventAsync(eventId, TimeSpan.FromSeconds(30)), Is.True);
        var stored = (await _world.Store.Ingestion.ListPlatformEventsAsync(ApiWorld.PlatformA, "SelfRegulationReportSubmitted")).Single(e => e.EventId == eventId);
        var report = JsonNode.Parse(stored.Payload)!;
        Assert.Multiple(() =>
        {
            Assert.That(filed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(report["platformId"]!.GetValue<string>(), Is.EqualTo(ApiWorld.PlatformA));
            Assert.That(DateTimeOffset.Parse(report["submittedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(before));
        });
    }

    [TestCase("/api/v1/platform/reports", "submittedAt", "2020-01-01T00:00:00Z")]
    [TestCase("/api/v1/platform/reports", "eventId", "chosen-by-me")]
    public async Task Fields_the_server_owns_are_refused_by_name(string path, string field, string value)
    {
        using var a = _world.Client(ApiRoles.Platform);
        var body = Report("A-MASS-1", "EU");
        body[field] = value;
        using var response = await a.PostAsJsonAsync(path, body);
        var problem = await JsonOf(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]![field]![0]!.GetValue<string>(), Is.EqualTo("set by the server, not by the caller"));
        });
    }

    [Test]
    public async Task A_comment_cannot_choose_its_author_or_case()
    {
        using var analyst = _world.Client(ApiRoles.RegulatorAnalyst);
        using var response = await analyst.PostAsJsonAsync($"/api/v1/cases/{_world.CaseA}/comments", new { text = "forged", author = "the-chief", caseId = _world.CaseB });
        var comments = (await _world.Store.Cases.GetAsync(_world.CaseA))!.Comments.Concat((await _world.Store.Cases.GetAsync(_world.CaseB))!.Comments);
        var problem = await JsonOf(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain("author"));
            Assert.That(comments.Select(c => c.Body), Has.None.EqualTo("forged"));
        });
    }

    [Test]
    public async Task A_transition_cannot_smuggle_a_status_or_actor()
    {
        using var analyst = _world.Client(ApiRoles.RegulatorAnalyst);
        var before = (await _world.Store.Cases.GetAsync(_world.CaseA))!.Case;
        using var response = await analyst.PostAsJsonAsync($"/api/v1/cases/{_world.CaseA}/transition", new { to = "investigating", status = "closed", actor = "the-chief" });
        var after = (await _world.Store.Cases.GetAsync(_world.CaseA))!.Case;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(after.Status, Is.EqualTo(before.Status));
            Assert.That(after.AuditCount, Is.EqualTo(before.AuditCount));
        });
    }

    private static JsonObject Report(string reportId, string jurisdiction) => new()
    {
        ["reportId"] = reportId,
        ["jurisdiction"] = jurisdiction,
        ["reportType"] = jurisdiction == "EU" ? "dma-art11-compliance" : "cn-remedy-self-inspection",
        ["periodStart"] = "2025-01-01",
        ["periodEnd"] = "2025-12-31",
        ["sections"] = new JsonObject { ["measures"] = "Described." },
    };
}
