using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// A case worked over the API from inbox to answer: search, the case in full, assign, comment
/// (internal and shared), notice, the platform's view and answer, and the audit trail intact.
/// </summary>
[TestFixture]
internal sealed class Working_a_case_over_the_API
{
    private ApiWorld _world = null!;

    [OneTimeSetUp]
    public async Task Start() => _world = await ApiWorld.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private static async Task<JsonNode> JsonOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.LessThan(300), text);
        return JsonNode.Parse(text)!;
    }

    [Test]
    public async Task The_inbox_filters_by_platform_severity_and_jurisdiction()
    {
        using var viewer = _world.Client(ApiRoles.RegulatorViewer);
        var ofA = await JsonOf(await viewer.GetAsync($"/api/v1/cases?platform={ApiWorld.PlatformA}"));
        var critical = await JsonOf(await viewer.GetAsync("/api/v1/cases?severity=critical"));
        var eu = await JsonOf(await viewer.GetAsync("/api/v1/cases?jurisdiction=EU&pageSize=200"));
        var cn = await JsonOf(await viewer.GetAsync("/api/v1/cases?jurisdiction=CN&pageSize=200"));
        static List<string> Ids(JsonNode page) => page["items"]!.AsArray().Select(c => c!["caseId"]!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ofA["items"]!.AsArray().Select(c => c!["platformId"]!.GetValue<string>()), Is.Not.Empty.And.All.EqualTo(ApiWorld.PlatformA));
            Assert.That(critical["items"]!.AsArray().Select(c => c!["severity"]!.GetValue<string>()), Is.Not.Empty.And.All.EqualTo("critical"));
            Assert.That(Ids(eu), Does.Contain(_world.CaseA).And.Not.Contain(_world.CaseB));
            Assert.That(Ids(cn), Does.Contain(_world.CaseB).And.Not.Contain(_world.CaseA));
        });
    }

    [Test]
    public async Task A_case_in_full_shows_measurements_against_thresholds_the_law_the_evidence_and_the_timeline()
    {
        using var viewer = _world.Client(ApiRoles.RegulatorViewer);
        var detail = await JsonOf(await viewer.GetAsync($"/api/v1/cases/{_world.CaseB}"));
        var finding = detail["findings"]!.AsArray()[0]!;
        var evidenceIds = detail["evidence"]!.AsArray().Select(e => e!["eventId"]!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(finding["measured"]!.AsObject(), Is.Not.Empty);
            Assert.That(finding["threshold"]!.AsObject(), Is.Not.Empty);
            Assert.That(finding["legalBasis"]!["citation"]!.GetValue<string>(), Does.StartWith("AML"));
            Assert.That(finding["evidenceEventIds"]!.AsArray().Select(e => e!.GetValue<string>()), Is.SubsetOf(evidenceIds));
            Assert.That(detail["timeline"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()), Does.Contain("notice-issued"));
            Assert.That(detail["notices"]!.AsArray().Select(n => n!["noticeId"]!.GetValue<string>()), Is.EqualTo(new[] { _world.NoticeB }));
        });
    }

    [Test]
    public async Task From_notice_to_answer_the_platform_sees_only_what_it_was_told()
    {
        // A fresh case of platform A: the supervisor assigns it, comments internally and shared, issues a notice.
        var caseId = (await _world.Store.Cases.ListAsync(new CaseQuery { PlatformId = ApiWorld.PlatformA, Status = "new", Limit = 5 }))[0].CaseId;
        using var supervisor = _world.Client(ApiRoles.RegulatorSupervisor);
        await JsonOf(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/assign", new { assignee = "alice", dueAt = "2026-12-31" }));
        await JsonOf(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/comments", new { text = "INTERNAL: weak on market definition", visibility = "internal" }));
        await JsonOf(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/comments", new { text = "Please send the merchant contracts.", visibility = "shared" }));
        var moved = await JsonOf(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/transition", new { to = "investigating", note = "opening the investigation" }));
        var notice = await JsonOf(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/notices", new { text = "Explain the ranking of your own offers.", responseDueAt = DateTimeOffset.UtcNow.AddDays(10) }));
        var noticeId = notice["noticeId"]!.GetValue<string>();

        using var platform = _world.Client(ApiRoles.Platform);
        var seen = await JsonOf(await platform.GetAsync($"/api/v1/platform/notices/{noticeId}"));
        var seenText = seen.ToJsonString();
        var answer = await platform.PostAsJsonAsync($"/api/v1/platform/notices/{noticeId}/responses", new
        {
            text = "Our offers are ranked by relevance only.",
            documents = new[] { new { name = "ranking-policy.pdf", mediaType = "application/pdf", sizeBytes = 48213, sha256 = new string('b', 64) } },
        });
        var again = await platform.PostAsJsonAsync($"/api/v1/platform/notices/{noticeId}/responses", new { text = "A second answer." });
        var after = await JsonOf(await supervisor.GetAsync($"/api/v1/cases/{caseId}"));
        var (broken, _, _) = await _world.Store.Cases.VerifyAuditAsync();
        Assert.Multiple(() =>
        {
            Assert.That(moved["status"]!.GetValue<string>(), Is.EqualTo("investigating"));
            Assert.That(seen["findings"]!.AsArray().Select(f => f!["findingId"]!.GetValue<string>()), Is.EquivalentTo(notice["findingIds"]!.AsArray().Select(f => f!.GetValue<string>())));
            Assert.That(seen["findings"]!.AsArray(), Is.Not.Empty);
            Assert.That(seenText, Does.Contain("Please send the merchant contracts."));
            Assert.That(seenText, Does.Not.Contain("INTERNAL").And.Not.Contain("alice").And.Not.Contain("issuedBy"));
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(after["status"]!.GetValue<string>(), Is.EqualTo("platform-responded"));
            Assert.That(after["notices"]![0]!["responses"]![0]!["documents"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("ranking-policy.pdf"));
            Assert.That(after["timeline"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()), Does.Contain("notice-answered"));
            Assert.That(broken, Is.Null, "the audit trail verifies");
        });
    }

    [Test]
    public async Task The_list_the_case_and_an_action_on_it_count_the_same_active_findings()
    {
        using var supervisor = _world.Client(ApiRoles.RegulatorSupervisor);
        // A case no other test here works: not platform A's, not case B.
        var listed = (await JsonOf(await supervisor.GetAsync("/api/v1/cases?pageSize=200")))["items"]!.AsArray()
            .First(c => c!["platformId"]?.GetValue<string>() != ApiWorld.PlatformA && c["caseId"]!.GetValue<string>() != _world.CaseB && c["status"]!.GetValue<string>() != "closed")!;
        var caseId = listed["caseId"]!.GetValue<string>();
        var detail = await JsonOf(await supervisor.GetAsync($"/api/v1/cases/{caseId}"));
        var assigned = await JsonOf(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/assign", new { assignee = "counting" }));
        var active = detail["findings"]!.AsArray().Count(f => f!["status"]!.GetValue<string>() == "active");
        Assert.Multiple(() =>
        {
            Assert.That(active, Is.GreaterThan(0));
            foreach (var (name, view) in new[] { ("list", listed), ("case", detail), ("assign", assigned) })
            {
                Assert.That(view["activeFindings"]!.GetValue<long>(), Is.EqualTo(active), name);
                Assert.That(view["rules"]!.ToJsonString(), Is.EqualTo(listed["rules"]!.ToJsonString()).And.Not.EqualTo("[]"), name);
            }
        });
    }

    [Test]
    public async Task An_analyst_cannot_close_a_case()
    {
        using var analyst = _world.Client(ApiRoles.RegulatorAnalyst);
        using var response = await analyst.PostAsJsonAsync($"/api/v1/cases/{_world.CaseB}/transition", new { to = "closed", outcome = "warning" });
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await _world.Store.Cases.GetAsync(_world.CaseB))!.Case.Status, Is.Not.EqualTo("closed"));
        });
    }

    [Test]
    public async Task Ingested_events_are_validated_like_an_event_file_and_processed()
    {
        using var analyst = _world.Client(ApiRoles.RegulatorAnalyst);
        const string good = """{"type":"MarketShareReported","eventId":"ingest-1","occurredAt":"2025-02-01T00:00:00Z","source":"feed","marketId":"cn-ingest","jurisdiction":"CN","periodStart":"2024-01-01","periodEnd":"2024-12-31","platformId":"acme-intake","metric":"orders","share":0.7}""";
        const string bad = """{"type":"MarketShareReported","eventId":"ingest-2","occurredAt":"2025-02-01T00:00:00Z","source":"feed","marketId":"cn-ingest","jurisdiction":"CN","periodStart":"2024-01-01","periodEnd":"2024-12-31","platformId":"acme-intake","metric":"orders","share":1.3}""";
        const string good2 = """{"type":"MarketShareReported","eventId":"ingest-3","occurredAt":"2025-02-01T00:00:00Z","source":"feed","marketId":"cn-ingest","jurisdiction":"CN","periodStart":"2024-01-01","periodEnd":"2024-12-31","platformId":"acme-other","metric":"orders","share":0.1}""";
        using var single = await analyst.PostAsync("/api/v1/events", new StringContent(bad, Encoding.UTF8, "application/json"));
        using var batch = await analyst.PostAsync("/api/v1/events/batch", new StringContent($"[{good},{bad},{good2}]", Encoding.UTF8, "application/json"));
        var singleBody = JsonNode.Parse(await single.Content.ReadAsStringAsync())!;
        var batchBody = JsonNode.Parse(await batch.Content.ReadAsStringAsync())!;
        Assert.That(await _world.WaitForEventAsync("ingest-3", TimeSpan.FromSeconds(30)), Is.True);
        Assert.Multiple(async () =>
        {
            Assert.That(single.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(singleBody["errors"]!["share"]![0]!.GetValue<string>(), Is.EqualTo("must be between 0 and 1, was 1.3"));
            Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(batchBody["accepted"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(batchBody["rejected"]![0]!["index"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(batchBody["rejected"]![0]!["errors"]![0]!["field"]!.GetValue<string>(), Is.EqualTo("share"));
            Assert.That(await _world.WaitForEventAsync("ingest-1", TimeSpan.FromSeconds(30)), Is.True);
            Assert.That(await _world.ProcessedAsync("ingest-2"), Is.False);
        });
    }

    [Test]
    public async Task Findings_export_as_CSV_holds_the_same_findings_as_JSON()
    {
        using var viewer = _world.Client(ApiRoles.RegulatorViewer);
        var json = JsonNode.Parse(await viewer.GetStringAsync("/api/v1/findings?platform=rideon"))!.AsArray();
        var csv = await viewer.GetStringAsync("/api/v1/findings?platform=rideon&format=csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(json, Is.Not.Empty);
            Assert.That(lines[0], Does.StartWith("findingId,ruleId,ruleVersion"));
            Assert.That(lines.Skip(1).Select(l => l.Split(',')[0]), Is.EqualTo(json.Select(f => f!["findingId"]!.GetValue<string>())));
        });
    }

    [Test]
    public async Task A_markets_structure_is_given_exactly()
    {
        using var viewer = _world.Client(ApiRoles.RegulatorViewer);
        var market = JsonNode.Parse(await viewer.GetStringAsync("/api/v1/markets/cn-ride-hailing"))!;
        var period = market["metrics"]![0]!["periods"]!.AsArray().Single(p => p!["periodStart"]!.GetValue<string>() == "2025-01-01")!;
        var shares = period["shares"]!.AsArray().Select(s => s!["share"]!.GetValue<decimal>()).ToList();
        var hhi = shares.Sum(s => s * 100 * s * 100);
        Assert.Multiple(() =>
        {
            Assert.That(period["hhi"]!.GetValue<decimal>(), Is.EqualTo(hhi));
            Assert.That(period["cr3"]!.GetValue<decimal>(), Is.EqualTo(shares.OrderDescending().Take(3).Sum()));
            Assert.That(period["cr4"]!.GetValue<decimal>(), Is.EqualTo(shares.OrderDescending().Take(4).Sum()));
        });
    }

    [Test]
    public async Task The_OpenAPI_document_describes_the_endpoints()
    {
        using var anonymous = _world.Client(null);
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        Assert.That(document["paths"]!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "/api/v1/cases", "/api/v1/cases/{caseId}", "/api/v1/platform/reports", "/api/v1/events/batch" }));
    }

    [Test]
    public async Task Health_says_live_and_ready_with_the_database()
    {
        using var anonymous = _world.Client(null);
        using var live = await anonymous.GetAsync("/health/live");
        using var ready = await anonymous.GetAsync("/health/ready");
        var checks = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["checks"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(checks.Select(c => c!["name"]!.GetValue<string>()), Does.Contain("database").And.Some.Contains("masstransit"));
            Assert.That(checks.Select(c => c!["status"]!.GetValue<string>()), Is.All.EqualTo("Healthy"));
        });
    }
}
