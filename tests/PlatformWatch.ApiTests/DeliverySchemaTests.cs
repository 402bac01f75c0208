using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NJsonSchema;
using PlatformWatch.Api.Http;
using PlatformWatch.Application;
using PlatformWatch.Contracts;
using PlatformWatch.Hosting;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Issue 20: every delivery body the fan-out writes is valid against the schema the OpenAPI document
/// gives its kind and audience. A platform and a regulator subscribe to every kind they may; real
/// changes are written (an obligation's missed and coming due dates through the event processor, a
/// notice and its reminder, and the remaining announcements through the store's own outbox writer);
/// the fan-out turns them into deliveries; each body is validated, as NJsonSchema reads the document,
/// against the callback's body and its kind's component, closed here to fields they do not list (they are
/// published open to additions), so a field the fan-out adds undocumented, or a regulator's field in a
/// platform's body, fails here.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class Every_delivery_body_matches_its_documented_schema(StoreProvider provider)
{
    private ApiWorld _world = null!;
    private NSwag.OpenApiDocument _document = null!;
    private readonly List<(DeliveryAudience Audience, Delivered Delivery)> _delivered = [];

    private sealed record Delivered(string Kind, string Payload);

    [OneTimeSetUp]
    public async Task Deliver()
    {
        _world = await ApiWorld.StartAsync(provider);
        using (var anyone = _world.Client(null))
        {
            _document = await NSwag.OpenApiDocument.FromJsonAsync(await anyone.GetStringAsync("/openapi/v1.json"));
        }

        // Published open to additions; closed here, so that a field the fan-out sends undocumented fails.
        foreach (var (name, schema) in _document.Components.Schemas.Where(c => c.Key.EndsWith("Delivery", StringComparison.Ordinal) || c.Key.EndsWith("Data", StringComparison.Ordinal)))
        {
            Assert.That(schema.AllowAdditionalProperties, Is.True, $"{name} is published open to additions");
            schema.AllowAdditionalProperties = false;
        }

        var platform = await SubscribeAsync(ApiRoles.Platform, "/api/v1/platform/subscriptions", NotificationKinds.ForPlatforms);
        var regulator = await SubscribeAsync(ApiRoles.RegulatorSupervisor, "/api/v1/subscriptions", NotificationKinds.All);
        await ChangeEverythingAsync();
        var fanOut = new NotificationFanOut(_world.Store, _world.Services.GetRequiredService<ActiveProfiles>());
        for (var round = 0; round < 100 && await WaitingAsync() > 0; round++)
        {
            // The API's own dispatcher may hold the fan-out's turn: then this round takes nothing and the next tries again.
            if (await fanOut.RunOnceAsync(500, CancellationToken.None) == 0)
            {
                await Task.Delay(100);
            }
        }

        _delivered.AddRange((await LogAsync(ApiRoles.Platform, "/api/v1/platform/subscriptions/" + platform)).Select(d => (DeliveryAudience.Platform, d)));
        _delivered.AddRange((await LogAsync(ApiRoles.RegulatorSupervisor, "/api/v1/subscriptions/" + regulator)).Select(d => (DeliveryAudience.Regulator, d)));

        async Task<long> WaitingAsync() =>
            Convert.ToInt64(await _world.SqlAsync("SELECT count(*) FROM outbox WHERE fanned_out_at IS NULL AND message_id <> @id", "none"), System.Globalization.CultureInfo.InvariantCulture);
    }

    // The subscription's delivery log, as its owner reads it: each delivery's kind and the body sent.
    private async Task<List<Delivered>> LogAsync(string who, string path)
    {
        using var client = _world.Client(who);
        var items = JsonNode.Parse(await client.GetStringAsync(path + "/deliveries"))!["items"]!.AsArray();
        return [.. items.Select(i => new Delivered(i!["kind"]!.GetValue<string>(), i["payload"]!.ToJsonString()))];
    }

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private async Task<string> SubscribeAsync(string who, string path, IReadOnlyList<string> kinds)
    {
        using var client = _world.Client(who);
        using var made = await client.PostAsync(path, MatrixBodies.Text(new JsonObject
        {
            ["channel"] = "webhook", ["target"] = "https://203.0.113.7/hooks/" + who, ["kinds"] = new JsonArray([.. kinds.Select(k => (JsonNode)k)]),
            ["minSeverity"] = "info", ["leadDays"] = new JsonArray(7, 1),
        }.ToJsonString()));
        Assert.That(made.StatusCode, Is.EqualTo(HttpStatusCode.Created), await made.Content.ReadAsStringAsync());
        return JsonNode.Parse(await made.Content.ReadAsStringAsync())!["subscriptionId"]!.GetValue<string>();
    }

    // Something of every kind, on platform A's case.
    private async Task ChangeEverythingAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var processor = new EventProcessor(_world.Store, _world.Services.GetRequiredService<ActiveProfiles>(), TimeProvider.System, NullLogger<EventProcessor>.Instance);
        await processor.ProcessAsync([new ReportingObligationSet
        {
            EventId = "schema-obligation", OccurredAt = now.AddDays(-60), Source = "test", ObligationId = "SAMR-REMEDY-9", PlatformId = ApiWorld.PlatformA,
            Jurisdiction = "CN", ReportType = ReportType.CnRemedySelfInspection, DueDates = [today.AddDays(-10), today.AddDays(3)], LegalBasis = "SAMR remedy decision (2025) No. 9",
        }], today);

        // A report lacking a required section: a finding holds it on a case the regulator sees, so the regulator hears of it too.
        using (var platform = _world.Client(ApiRoles.Platform))
        {
            using var filed = await platform.PostAsync("/api/v1/platform/reports", MatrixBodies.Text(new JsonObject
            {
                ["reportId"] = "SCHEMA-DMA", ["jurisdiction"] = "EU", ["reportType"] = "dma-art11-compliance", ["periodStart"] = "2025-03-07", ["periodEnd"] = "2026-03-06",
                ["sections"] = new JsonObject { ["measures"] = "Described." },
            }.ToJsonString()));
            Assert.That(filed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await filed.Content.ReadAsStringAsync());
            var eventId = JsonNode.Parse(await filed.Content.ReadAsStringAsync())!["eventId"]!.GetValue<string>();
            Assert.That(await _world.WaitForEventAsync(eventId, TimeSpan.FromSeconds(30)), Is.True, "the report is processed");
        }

        var investigated = (await _world.Store.Cases.ListAsync(new CaseQuery { PlatformId = ApiWorld.PlatformA, Status = "new", Limit = 1 }))[0].CaseId;
        await _world.Store.Cases.TransitionAsync(investigated, "investigating", null, "test-supervisor");
        var notice = (await _world.Store.Cases.IssueNoticeAsync(investigated, "Explain the ranking changes.", now.AddDays(3), "test-supervisor"))!;
        // The API's own due-date monitor took the reminders' lease when it started, for hours: let it go, as if it had ended.
        await _world.SqlAsync("UPDATE leases SET held_until = NULL WHERE name = @id", ReminderCheck.Lease);
        Assert.That(await new ReminderCheck(_world.Store).RunAsync("schema-test", TimeSpan.FromMinutes(5), CancellationToken.None), Is.GreaterThan(0), "the notice's and the report's 7-day reminders");
        var raised = new FindingRaised
        {
            FindingId = "F-SCHEMA", RuleId = "CN-AML24-SINGLE", RuleVersion = 1, ProfileId = "cn-aml", PlatformId = ApiWorld.PlatformA, Severity = Severity.High,
            LegalBasis = new LegalCitation { Citation = "AML 2022 Art. 24", Instrument = "Anti-Monopoly Law of the People's Republic of China (2022 amendment)", Article = "Art. 24", LawVersion = "AML 2022",
                Zh = new LegalCitationText { Citation = "《中华人民共和国反垄断法》（2022年修正）第二十四条", Instrument = "《中华人民共和国反垄断法》（2022年修正）", Article = "第二十四条" },
            },
            Measured = System.Text.Json.JsonDocument.Parse("""{"share":"0.52"}""").RootElement, Threshold = System.Text.Json.JsonDocument.Parse("""{"share":"0.50"}""").RootElement,
            EvidenceEventIds = ["schema-event"], CaseId = _world.CaseA, RaisedAt = now, Revision = 1,
        };
        await _world.Store.InTransactionAsync(s =>
        {
            s.Outbox.Announce(new CaseOpened { CaseId = _world.CaseA, PlatformId = ApiWorld.PlatformA, Status = CaseStatus.New, Actor = "system", At = now }, "schema:case");
            s.Outbox.Announce(raised, "schema:raised");
            s.Outbox.Announce(raised with { FindingId = "F-SCHEMA-3", LegalBasis = raised.LegalBasis with { Zh = null } }, "schema:raised-3");
            s.Outbox.Announce(new FindingWithdrawn { FindingId = "F-SCHEMA", Revision = 2, RuleId = "CN-AML24-SINGLE", PlatformId = ApiWorld.PlatformA, CaseId = _world.CaseA, WithdrawnAt = now }, "schema:withdrawn");
            s.Outbox.Announce(new AnswerReceived { NoticeId = notice.NoticeId, ResponseId = "R-SCHEMA", CaseId = _world.CaseA, PlatformId = ApiWorld.PlatformA, SubmittedAt = now }, "schema:answer");
            s.Outbox.Announce(new DecisionSubmitted { DecisionId = "D-SCHEMA", CaseId = _world.CaseA, PlatformId = ApiWorld.PlatformA, Outcome = "penalty-referral", Author = "key:handler", SubmittedAt = now }, "schema:submitted");
            s.Outbox.Announce(new DecisionServed
            {
                DecisionId = "D-SCHEMA", CaseId = _world.CaseA, PlatformId = ApiWorld.PlatformA, Outcome = "penalty-referral",
                Fine = new Money { Amount = 18228480000.00m, Currency = "CNY" }, ApprovedBy = "key:supervisor", ServedAt = now,
            }, "schema:served");
            // No fine, and a citation of a publisher before the Chinese was added: null on the wire, documented as nullable.
            s.Outbox.Announce(new DecisionServed { DecisionId = "D-SCHEMA-2", CaseId = _world.CaseA, PlatformId = ApiWorld.PlatformA, Outcome = "warning", ApprovedBy = "key:supervisor", ServedAt = now }, "schema:served-2");
            s.Outbox.Announce(new FindingWithdrawn { FindingId = "F-SCHEMA-2", Revision = 2, RuleId = "CN-AML24-SINGLE", CaseId = _world.CaseA, WithdrawnAt = now }, "schema:withdrawn-2");
            s.Outbox.Announce(new ReportReceived
            {
                ReportId = "SCHEMA-1", EventId = "schema-report", PlatformId = ApiWorld.PlatformA, Jurisdiction = "CN", ReportType = ReportType.CnRemedySelfInspection,
                PeriodStart = new DateOnly(2025, 1, 1), PeriodEnd = new DateOnly(2025, 12, 31), SubmittedAt = now,
            }, "schema:report");
            return Task.FromResult(0);
        });
    }

    [Test]
    public void Should_deliver_every_kind_to_each_audience_that_may_have_it()
    {
        var expected = NotificationKinds.ForPlatforms.Select(k => (DeliveryAudience.Platform, k))
            .Concat(NotificationKinds.All.Select(k => (DeliveryAudience.Regulator, k)));
        Assert.That(_delivered.Select(d => (d.Audience, d.Delivery.Kind)).Distinct(), Is.SupersetOf(expected));
    }

    [Test]
    public void Should_validate_each_body_against_the_callbacks_schema_and_its_kinds()
    {
        Assert.That(_delivered, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var (audience, delivery) in _delivered)
            {
                Assert.That(Errors(CallbackBody(audience), delivery.Payload), Is.Empty, $"{audience} {delivery.Kind}: {delivery.Payload}");
                Assert.That(Errors(Component(DeliverySchemas.ComponentOf(audience, delivery.Kind)), delivery.Payload), Is.Empty, $"{audience} {delivery.Kind}: {delivery.Payload}");
            }
        });
    }

    [Test]
    public void Should_refuse_a_platforms_body_with_a_regulators_field()
    {
        var served = _delivered.First(d => d.Audience == DeliveryAudience.Platform && d.Delivery.Kind == NotificationKinds.DecisionServed).Delivery;
        var leaked = JsonNode.Parse(served.Payload)!;
        leaked["data"]!["approvedBy"] = "key:supervisor";
        Assert.Multiple(() =>
        {
            Assert.That(Errors(CallbackBody(DeliveryAudience.Platform), leaked.ToJsonString()), Is.Not.Empty);
            Assert.That(Errors(Component(DeliverySchemas.ComponentOf(DeliveryAudience.Platform, NotificationKinds.DecisionServed)), leaked.ToJsonString()), Is.Not.Empty);
        });
    }

    [Test]
    public void Should_refuse_a_regulators_body_with_a_field_the_fan_out_did_not_document()
    {
        var opened = _delivered.First(d => d.Audience == DeliveryAudience.Regulator && d.Delivery.Kind == NotificationKinds.CaseOpened).Delivery;
        var added = JsonNode.Parse(opened.Payload)!;
        added["data"]!["assignee"] = "key:handler";
        Assert.That(Errors(Component(DeliverySchemas.ComponentOf(DeliveryAudience.Regulator, NotificationKinds.CaseOpened)), added.ToJsonString()), Is.Not.Empty);
    }

    [Test]
    public void Should_refuse_a_body_of_one_kind_typed_as_another()
    {
        var notice = _delivered.First(d => d.Audience == DeliveryAudience.Platform && d.Delivery.Kind == NotificationKinds.NoticeIssued).Delivery;
        var retyped = JsonNode.Parse(notice.Payload)!;
        retyped["type"] = NotificationKinds.DecisionServed;
        Assert.That(Errors(CallbackBody(DeliveryAudience.Platform), retyped.ToJsonString()), Is.Not.Empty);
    }

    [Test]
    public void Should_document_a_platforms_callback_with_the_platforms_kinds_only()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CallbackBody(DeliveryAudience.Platform).OneOf, Has.Count.EqualTo(NotificationKinds.ForPlatforms.Count));
            Assert.That(CallbackBody(DeliveryAudience.Regulator).OneOf, Has.Count.EqualTo(NotificationKinds.All.Count));
            Assert.That(CallbackBody(DeliveryAudience.Platform).DiscriminatorObject?.PropertyName, Is.EqualTo("type"));
        });
    }

    private JsonSchema CallbackBody(DeliveryAudience audience)
    {
        var path = audience == DeliveryAudience.Platform ? "/api/v1/platform/subscriptions" : "/api/v1/subscriptions";
        var callback = _document.Paths[path]["post"].Callbacks["delivery"]["{$request.body#/target}"]["post"];
        return callback.RequestBody.Content["application/json"].Schema.ActualSchema;
    }

    private JsonSchema Component(string name) => _document.Components.Schemas[name];

    private static List<string> Errors(JsonSchema schema, string json) =>
        [.. schema.Validate(json, SchemaType.OpenApi3).Select(e => $"{e.Path}: {e.Kind}")];
}
