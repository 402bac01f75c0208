using System.Net;
using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Issue 20: subscriptions to notifications through the API, on SQLite and PostgreSQL, as an
/// attacker would try them. Platform A subscribes a webhook and an email; platform B tries to read,
/// switch off, re-key and read the log of A's webhook (404 each time, as if it did not exist); the
/// endpoint rules refuse loopback, private and cloud-metadata addresses and plain http; a platform
/// cannot subscribe to the regulators' events; a regulator's subscription is its credential's and
/// stays out of other regulators' and of platforms' sight.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class Platforms_subscribe_for_themselves_only(StoreProvider provider)
{
    private const string Endpoint = "https://203.0.113.7/platformwatch/hooks";

    private ApiWorld _world = null!;
    private JsonNode _created = null!;
    private string _id = "";
    private JsonNode _readBack = null!;
    private readonly Dictionary<string, HttpStatusCode> _byB = new(StringComparer.Ordinal);
    private JsonNode _listOfB = null!;
    private JsonNode _rotated = null!;

    [OneTimeSetUp]
    public async Task Subscribe()
    {
        _world = await ApiWorld.StartAsync(provider);
        using var a = _world.Client(ApiRoles.Platform);
        using var b = _world.Client("platform-b");
        using var made = await a.PostAsync("/api/v1/platform/subscriptions", Body(new { channel = "webhook", target = Endpoint, kinds = new[] { "notice-issued", "deadline-approaching" }, leadDays = new[] { 1, 7, 3 } }));
        Assert.That(made.StatusCode, Is.EqualTo(HttpStatusCode.Created), await made.Content.ReadAsStringAsync());
        _created = JsonNode.Parse(await made.Content.ReadAsStringAsync())!;
        _id = _created["subscriptionId"]!.GetValue<string>();
        _readBack = JsonNode.Parse(await a.GetStringAsync($"/api/v1/platform/subscriptions/{_id}"))!;
        var path = $"/api/v1/platform/subscriptions/{_id}";
        _byB["read"] = (await b.GetAsync(path)).StatusCode;
        _byB["deliveries"] = (await b.GetAsync(path + "/deliveries")).StatusCode;
        _byB["rotate"] = (await b.PostAsync(path + "/secret", MatrixBodies.Text("{}"))).StatusCode;
        _byB["disable"] = (await b.DeleteAsync(path)).StatusCode;
        _byB["resend"] = (await b.PostAsync(path + "/resend", Body(new { deliveryIds = new[] { Guid.NewGuid().ToString() } }))).StatusCode;
        _byB["regulator path"] = (await b.GetAsync($"/api/v1/subscriptions/{_id}")).StatusCode;
        _listOfB = JsonNode.Parse(await b.GetStringAsync("/api/v1/platform/subscriptions"))!;
        using var rotated = await a.PostAsync(path + "/secret", Body(new { previousValidHours = 24 }));
        _rotated = JsonNode.Parse(await rotated.Content.ReadAsStringAsync())!;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private static StringContent Body(object body) => MatrixBodies.Text(System.Text.Json.JsonSerializer.Serialize(body));

    [Test]
    public void Should_show_the_signing_secret_in_the_answer_that_made_it()
    {
        Assert.That(_created["secret"]?.GetValue<string>(), Does.StartWith("whsec_").And.Length.GreaterThan(40));
    }

    [Test]
    public void Should_never_show_the_secret_again_when_read()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_readBack["secret"], Is.Null);
            Assert.That(_readBack["target"]!.GetValue<string>(), Is.EqualTo(Endpoint));
            Assert.That(_readBack["ownerKind"]!.GetValue<string>(), Is.EqualTo("platform"));
            Assert.That(_readBack["ownerId"]!.GetValue<string>(), Is.EqualTo(ApiWorld.PlatformA));
            Assert.That(_readBack["leadDays"]!.AsArray().Select(d => d!.GetValue<int>()), Is.EqualTo(new[] { 7, 3, 1 }));
        });
    }

    [Test]
    public void Should_answer_another_platform_404_whatever_it_tries()
    {
        Assert.That(_byB.Where(e => e.Key != "regulator path").Select(e => e.Value), Has.All.EqualTo(HttpStatusCode.NotFound));
        Assert.That(_byB["regulator path"], Is.EqualTo(HttpStatusCode.Forbidden), "a platform's credential has no regulator's route");
    }

    [Test]
    public void Should_list_nothing_of_another_platform()
    {
        Assert.That(_listOfB["items"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Should_leave_the_subscription_in_force_after_the_other_platforms_attempts()
    {
        using var a = _world.Client(ApiRoles.Platform);
        var read = JsonNode.Parse(await a.GetStringAsync($"/api/v1/platform/subscriptions/{_id}"))!;
        Assert.That(read["disabledAt"], Is.Null);
    }

    [Test]
    public void Should_give_a_new_secret_on_rotation()
    {
        Assert.That(_rotated["secret"]!.GetValue<string>(), Does.StartWith("whsec_").And.Not.EqualTo(_created["secret"]!.GetValue<string>()));
    }

    [TestCase("https://127.0.0.1/hook", "loopback")]
    [TestCase("https://localhost:8443/hook", "loopback")]
    [TestCase("https://[::1]/hook", "loopback")]
    [TestCase("https://10.1.2.3/hook", "internal address")]
    [TestCase("https://192.168.0.10/hook", "internal address")]
    [TestCase("https://172.20.0.1/hook", "internal address")]
    [TestCase("https://169.254.169.254/latest/meta-data", "internal address")]
    [TestCase("https://[fd00::1]/hook", "internal address")]
    [TestCase("https://[::ffff:10.0.0.1]/hook", "internal address")]
    [TestCase("http://203.0.113.7/hook", "https")]
    [TestCase("ftp://203.0.113.7/hook", "https URL")]
    [TestCase("https://user:password@203.0.113.7/hook", "credentials")]
    public async Task Should_refuse_an_endpoint_inside_the_servers_networks_naming_the_target(string target, string reason)
    {
        using var a = _world.Client(ApiRoles.Platform);
        using var refused = await a.PostAsync("/api/v1/platform/subscriptions", Body(new { channel = "webhook", target, kinds = new[] { "notice-issued" } }));
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]!["target"]![0]!.GetValue<string>(), Does.Contain(reason));
        });
    }

    [TestCase("case-opened", "does not concern a platform")]
    [TestCase("answer-received", "does not concern a platform")]
    [TestCase("everything", "not an event kind")]
    public async Task Should_refuse_a_platform_the_regulators_events(string kind, string reason)
    {
        using var a = _world.Client(ApiRoles.Platform);
        using var refused = await a.PostAsync("/api/v1/platform/subscriptions", Body(new { channel = "email", target = "compliance@bazaarly.example", kinds = new[] { kind } }));
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]!["kinds"]![0]!.GetValue<string>(), Does.Contain(reason));
        });
    }

    [TestCase("""{"channel":"email","target":"not an address","kinds":["notice-issued"]}""", "target")]
    [TestCase("""{"channel":"email","target":"Boss <boss@bazaarly.example>","kinds":["notice-issued"]}""", "target")]
    [TestCase("""{"channel":"pigeon","target":"roof","kinds":["notice-issued"]}""", "channel")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["deadline-approaching"],"leadDays":[0]}""", "leadDays")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["notice-issued"],"language":"fr"}""", "language")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":[]}""", "kinds")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["notice-issued"],"secret":"mine"}""", "secret")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["notice-issued"],"ownerId":"rideon"}""", "ownerId")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":"notice-issued"}""", "kinds")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":null}""", "kinds")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["notice-issued",null]}""", "kinds")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example"}""", "kinds")]
    [TestCase("""{"channel":null,"target":"c@bazaarly.example","kinds":["notice-issued"]}""", "channel")]
    [TestCase("""{"channel":7,"target":"c@bazaarly.example","kinds":["notice-issued"]}""", "channel")]
    [TestCase("""{"channel":"email","target":["c@bazaarly.example"],"kinds":["notice-issued"]}""", "target")]
    [TestCase("""{"channel":"webhook","target":"not a url","kinds":["notice-issued"]}""", "target")]
    [TestCase("""{"channel":"webhook","target":"https://","kinds":["notice-issued"]}""", "target")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["notice-issued"],"minSeverity":"severe"}""", "minSeverity")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["notice-issued"],"minSeverity":3}""", "minSeverity")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["deadline-approaching"],"leadDays":[91]}""", "leadDays")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["deadline-approaching"],"leadDays":[-1]}""", "leadDays")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["deadline-approaching"],"leadDays":[99999999999]}""", "leadDays[0]")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["deadline-approaching"],"leadDays":["7"]}""", "leadDays[0]")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["deadline-approaching"],"leadDays":[1.5]}""", "leadDays[0]")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["deadline-approaching"],"leadDays":[]}""", "leadDays")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["deadline-approaching"],"leadDays":[1,2,3,4,5,6]}""", "leadDays")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["notice-issued"],"scope":"everyone"}""", "scope")]
    [TestCase("""{"channel":"email","target":"c@bazaarly.example","kinds":["notice-issued"],"Kinds":["notice-issued"]}""", "Kinds")]
    public async Task Should_refuse_a_bad_subscription_naming_the_field(string json, string field)
    {
        using var a = _world.Client(ApiRoles.Platform);
        using var refused = await a.PostAsync("/api/v1/platform/subscriptions", MatrixBodies.Text(json));
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field));
        });
    }

    [TestCase("kinds")]
    [TestCase("leadDays")]
    public async Task Should_refuse_a_huge_array_naming_the_field(string field)
    {
        using var a = _world.Client(ApiRoles.Platform);
        var body = new Dictionary<string, object> { ["channel"] = "email", ["target"] = "c@bazaarly.example", ["kinds"] = new[] { "deadline-approaching" } };
        body[field] = field == "kinds" ? Enumerable.Repeat("deadline-approaching", 10_000).ToArray() : Enumerable.Range(1, 10_000).ToArray();
        using var refused = await a.PostAsync("/api/v1/platform/subscriptions", Body(body));
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
        });
    }

    [TestCase("/secret", """{"previousValidHours":73}""", "previousValidHours")]
    [TestCase("/secret", """{"previousValidHours":-1}""", "previousValidHours")]
    [TestCase("/secret", """{"previousValidHours":"24"}""", "previousValidHours")]
    [TestCase("/secret", """{"previousValidHours":99999999999}""", "previousValidHours")]
    [TestCase("/secret", """{"hours":24}""", "hours")]
    [TestCase("/resend", """{}""", "deliveryIds")]
    [TestCase("/resend", """{"deliveryIds":null}""", "deliveryIds")]
    [TestCase("/resend", """{"deliveryIds":[]}""", "deliveryIds")]
    [TestCase("/resend", """{"deliveryIds":[""]}""", "deliveryIds")]
    [TestCase("/resend", """{"deliveryIds":"d-1"}""", "deliveryIds")]
    [TestCase("/resend", """{"deliveryIds":[1]}""", "deliveryIds[0]")]
    public async Task Should_refuse_a_bad_rotation_or_resend_naming_the_field(string action, string json, string field)
    {
        using var a = _world.Client(ApiRoles.Platform);
        using var refused = await a.PostAsync($"/api/v1/platform/subscriptions/{_id}{action}", MatrixBodies.Text(json));
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field));
        });
    }

    [Test]
    public async Task Should_keep_a_regulators_subscription_to_its_credential()
    {
        using var analyst = _world.Client(ApiRoles.RegulatorAnalyst);
        using var viewer = _world.Client(ApiRoles.RegulatorViewer);
        using var platform = _world.Client(ApiRoles.Platform);
        using var made = await analyst.PostAsync("/api/v1/subscriptions", Body(new { channel = "email", target = "handler@samr.example", kinds = new[] { "case-opened", "answer-received" }, minSeverity = "critical", language = "zh-CN" }));
        Assert.That(made.StatusCode, Is.EqualTo(HttpStatusCode.Created), await made.Content.ReadAsStringAsync());
        var id = JsonNode.Parse(await made.Content.ReadAsStringAsync())!["subscriptionId"]!.GetValue<string>();
        Assert.Multiple(async () =>
        {
            Assert.That((await analyst.GetAsync($"/api/v1/subscriptions/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await viewer.GetAsync($"/api/v1/subscriptions/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await viewer.DeleteAsync($"/api/v1/subscriptions/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await platform.GetAsync($"/api/v1/platform/subscriptions/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(JsonNode.Parse(await viewer.GetStringAsync("/api/v1/subscriptions"))!["items"]!.AsArray().Select(s => s!["subscriptionId"]!.GetValue<string>()), Does.Not.Contain(id));
        });
    }

    [Test]
    public async Task Should_refuse_an_authoritys_subscription_to_an_analyst()
    {
        using var analyst = _world.Client(ApiRoles.RegulatorAnalyst);
        using var refused = await analyst.PostAsync("/api/v1/subscriptions", Body(new { channel = "email", target = "office@samr.example", kinds = new[] { "case-opened" }, scope = "authority" }));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Should_let_only_an_administrator_change_an_authoritys_subscription_and_say_so_in_the_callers_language()
    {
        using var admin = _world.Client(ApiRoles.RegulatorAdmin);
        using var analyst = _world.Client(ApiRoles.RegulatorAnalyst);
        var id = await IdOfAsync(await admin.PostAsync("/api/v1/subscriptions", Body(new { channel = "email", target = "office@samr.example", kinds = new[] { "case-opened" }, scope = "authority" })));
        using var inEnglish = await analyst.DeleteAsync($"/api/v1/subscriptions/{id}");
        using var inChinese = await analyst.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/subscriptions/{id}") { Headers = { { "Accept-Language", "zh-CN" } } });
        Assert.Multiple(async () =>
        {
            Assert.That(inEnglish.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(JsonNode.Parse(await inEnglish.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>(), Is.EqualTo("only an administrator of the authority changes its subscriptions"));
            Assert.That(inChinese.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(JsonNode.Parse(await inChinese.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>(), Is.EqualTo("仅该执法机构的管理员可以更改其订阅"));
            Assert.That(JsonNode.Parse(await admin.GetStringAsync($"/api/v1/subscriptions/{id}"))!["disabledAt"], Is.Null, "still in force");
        });
    }

    [Test]
    public async Task Should_tell_a_regulator_of_a_report_its_case_holds_and_not_of_one_no_case_holds()
    {
        using var platform = _world.Client(ApiRoles.Platform);
        using var regulator = _world.Client(ApiRoles.RegulatorAnalyst);
        var id = await IdOfAsync(await regulator.PostAsync("/api/v1/subscriptions", Body(new { channel = "email", target = "reports@samr.example", kinds = new[] { "report-received" } })));

        // A complete report raises nothing; one lacking a required section raises a finding on a case the regulator sees.
        await FileAsync("A-NOTIFY-COMPLETE", "CN", "cn-remedy-self-inspection", "2025-01-01", "2025-12-31", new() { ["measures"] = "Described." });
        await FileAsync("A-NOTIFY-LACKING", "EU", "dma-art11-compliance", "2025-03-07", "2026-03-06", new() { ["measures"] = "Described." });
        JsonArray log = [];
        for (var waited = 0; waited < 200 && log.Count == 0; waited++)
        {
            log = JsonNode.Parse(await regulator.GetStringAsync($"/api/v1/subscriptions/{id}/deliveries"))!["items"]!.AsArray();
            await Task.Delay(100);
        }

        // Both reports' announcements were written before the second was processed: one more round fans out anything late.
        await Task.Delay(TimeSpan.FromSeconds(1));
        log = JsonNode.Parse(await regulator.GetStringAsync($"/api/v1/subscriptions/{id}/deliveries"))!["items"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(log.Select(d => d!["payload"]!["data"]!["reportId"]!.GetValue<string>()), Is.EqualTo(new[] { "A-NOTIFY-LACKING" }));
            Assert.That(log.Select(d => d!["kind"]!.GetValue<string>()), Is.All.EqualTo("report-received"));
        });

        async Task FileAsync(string reportId, string jurisdiction, string reportType, string from, string to, Dictionary<string, string> sections)
        {
            using var filed = await platform.PostAsync("/api/v1/platform/reports", Body(new { reportId, jurisdiction, reportType, periodStart = from, periodEnd = to, sections }));
            Assert.That(filed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await filed.Content.ReadAsStringAsync());
            var eventId = JsonNode.Parse(await filed.Content.ReadAsStringAsync())!["eventId"]!.GetValue<string>();
            Assert.That(await _world.WaitForEventAsync(eventId, TimeSpan.FromSeconds(30)), Is.True, "the report is processed");
        }
    }

    [Test]
    public async Task Should_tell_a_platform_its_report_arrived_and_no_other_platform()
    {
        using var a = _world.Client(ApiRoles.Platform);
        using var b = _world.Client("platform-b");
        var mine = await IdOfAsync(await a.PostAsync("/api/v1/platform/subscriptions", Body(new { channel = "email", target = "reports@bazaarly.example", kinds = new[] { "report-received" } })));
        var theirs = await IdOfAsync(await b.PostAsync("/api/v1/platform/subscriptions", Body(new { channel = "email", target = "reports@rideon.example", kinds = new[] { "report-received" } })));
        using var filed = await a.PostAsync("/api/v1/platform/reports", Body(new
        {
            reportId = "A-NOTIFY-1", jurisdiction = "CN", reportType = "cn-remedy-self-inspection", periodStart = "2025-01-01", periodEnd = "2025-12-31",
            sections = new Dictionary<string, string> { ["measures"] = "Described." },
        }));
        Assert.That(filed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await filed.Content.ReadAsStringAsync());
        var eventId = JsonNode.Parse(await filed.Content.ReadAsStringAsync())!["eventId"]!.GetValue<string>();
        Assert.That(await _world.WaitForEventAsync(eventId, TimeSpan.FromSeconds(30)), Is.True, "the report is processed");

        // The API's own dispatcher fans the announcement out (no mail server here: the delivery waits in the log).
        JsonArray log = [];
        for (var waited = 0; waited < 200 && log.Count == 0; waited++)
        {
            log = JsonNode.Parse(await a.GetStringAsync($"/api/v1/platform/subscriptions/{mine}/deliveries"))!["items"]!.AsArray();
            await Task.Delay(100);
        }

        var theirLog = JsonNode.Parse(await b.GetStringAsync($"/api/v1/platform/subscriptions/{theirs}/deliveries"))!["items"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(log, Has.Count.EqualTo(1));
            Assert.That(log[0]!["kind"]!.GetValue<string>(), Is.EqualTo("report-received"));
            Assert.That(log[0]!["payload"]!["data"]!["reportId"]!.GetValue<string>(), Is.EqualTo("A-NOTIFY-1"));
            Assert.That(theirLog, Is.Empty, "platform b hears nothing of a's report");
        });
    }

    private static async Task<string> IdOfAsync(HttpResponseMessage made)
    {
        using (made)
        {
            Assert.That(made.StatusCode, Is.EqualTo(HttpStatusCode.Created), await made.Content.ReadAsStringAsync());
            return JsonNode.Parse(await made.Content.ReadAsStringAsync())!["subscriptionId"]!.GetValue<string>();
        }
    }

    [TestCase("/api/v1/platform/subscriptions")]
    [TestCase("/api/v1/subscriptions")]
    public async Task Should_document_the_webhook_delivery_as_a_callback_of_subscribing(string path)
    {
        using var anyone = _world.Client(null);
        var document = JsonNode.Parse(await anyone.GetStringAsync("/openapi/v1.json"))!;
        var callback = document["paths"]![path]!["post"]!["callbacks"]!["delivery"]!["{$request.body#/target}"]!["post"]!;
        var schema = callback["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var first = document["components"]!["schemas"]![schema["oneOf"]![0]!["$ref"]!.GetValue<string>().Split('/')[^1]]!;

        Assert.Multiple(() =>
        {
            Assert.That(schema["discriminator"]!["propertyName"]!.GetValue<string>(), Is.EqualTo("type"));
            Assert.That(first["properties"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "id", "type", "version", "occurredAt", "data" }));
            Assert.That(callback["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "PlatformWatch-Id", "PlatformWatch-Timestamp", "PlatformWatch-Signature" }));
        });
    }

    [Test]
    public async Task Should_switch_off_an_own_subscription()
    {
        using var a = _world.Client(ApiRoles.Platform);
        using var made = await a.PostAsync("/api/v1/platform/subscriptions", Body(new { channel = "email", target = "legal@bazaarly.example", kinds = new[] { "decision-served" } }));
        var id = JsonNode.Parse(await made.Content.ReadAsStringAsync())!["subscriptionId"]!.GetValue<string>();
        using var off = await a.DeleteAsync($"/api/v1/platform/subscriptions/{id}");
        var shown = JsonNode.Parse(await off.Content.ReadAsStringAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(off.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(shown["disabledAt"], Is.Not.Null);
            Assert.That(made.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        });
    }
}
