using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Evidence one can stand behind, tried as an attacker would: a supervisor of another authority
/// tree (the European Commission) posts a Chinese market share that would withdraw another tree's
/// findings — refused (403), nothing changes. Once a source registry is set, an event of an
/// unregistered source, or of a source the key may not submit for, is refused naming <c>source</c>;
/// an allowed submitter's figure (a statistics office's, which outranks the samples' unclassified
/// ones) changes the finding, and the audit entry of the change names the event and the key.
/// On SQLite and on PostgreSQL.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class A_source_registry_through_the_api(StoreProvider provider)
{
    private ApiWorld _world = null!;
    private IssuedApiKey _samr = null!;
    private IssuedApiKey _samrAdmin = null!;
    private IssuedApiKey _ec = null!;
    private IssuedApiKey _ecAdmin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await ApiWorld.StartAsync(provider, authorities: "authorities.json");
        _samr = await _world.Store.Keys.CreateApiKeyAsync("samr supervisor", ApiRoles.RegulatorSupervisor, null, "samr", "test");
        _samrAdmin = await _world.Store.Keys.CreateApiKeyAsync("samr admin", ApiRoles.RegulatorAdmin, null, "samr", "test");
        _ec = await _world.Store.Keys.CreateApiKeyAsync("ec supervisor", ApiRoles.RegulatorSupervisor, null, "ec", "test");
        _ecAdmin = await _world.Store.Keys.CreateApiKeyAsync("ec admin", ApiRoles.RegulatorAdmin, null, "ec", "test");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private HttpClient As(IssuedApiKey key)
    {
        var client = _world.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key.Token);
        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Share(string eventId, string source, string share = "0.05") =>
        $$"""{"type":"MarketShareReported","eventId":"{{eventId}}","occurredAt":"2026-03-01T00:00:00Z","source":"{{source}}","marketId":"cn-ride-hailing","jurisdiction":"CN","periodStart":"2025-01-01","periodEnd":"2025-12-31","platformId":"rideon","metric":"orders","share":{{share}}}""";

    private string Registry => $$"""
        {"sources": [
          {"id": "cn-nbs", "name": "National Bureau of Statistics", "kind": "statistics-office", "jurisdictions": ["CN"], "submitters": ["api-key:{{_samr.Key.KeyId}}"]},
          {"id": "ec-survey", "name": "Commission market survey", "kind": "regulator", "jurisdictions": ["EU"], "submitters": ["api-key:{{_ec.Key.KeyId}}"]}
        ]}
        """;

    private async Task<List<StoredFinding>> RideonDominanceAsync() =>
        (await _world.Store.Findings.ListAsync(new FindingQuery { PlatformId = "rideon", MarketId = "cn-ride-hailing", IncludeWithdrawn = true, Limit = 1000 }))
            .Where(f => f.PeriodStart == new DateOnly(2025, 1, 1)).OrderBy(f => f.FindingId, StringComparer.Ordinal).ToList();

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    [Test]
    [Order(1)]
    public async Task Another_trees_key_cannot_change_a_chinese_market_even_without_a_registry()
    {
        var before = await RideonDominanceAsync();
        var response = await As(_ec).PostAsync("/api/v1/events", Json(Share("attack-1", "sample-stats-bureau")));
        var problem = await ProblemAsync(response);
        await Task.Delay(500);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(problem["detail"]!.GetValue<string>(), Does.StartWith("jurisdiction: authority 'ec' may ingest only for the jurisdictions and markets its routes cover"));
            Assert.That(await _world.ProcessedAsync("attack-1"), Is.False);
            Assert.That((await RideonDominanceAsync()).Select(f => f.Status + f.Revision), Is.EqualTo(before.Select(f => f.Status + f.Revision)), "the case's findings are unchanged");
            Assert.That(before.Count(f => f.IsActive), Is.GreaterThanOrEqualTo(4));
        });
    }

    [Test]
    [Order(2)]
    public async Task Only_administrators_of_the_default_authority_set_the_registry_and_a_bad_one_is_refused_by_field()
    {
        var notAdmin = await As(_samr).PutAsync("/api/v1/sources", Json(Registry));
        var otherTree = await As(_ecAdmin).PutAsync("/api/v1/sources", Json(Registry));
        var bad = await As(_samrAdmin).PutAsync("/api/v1/sources", Json("""{"sources":[{"id":"x","name":"X","kind":"rumour","jurisdictions":[],"submitters":["someone"]}]}"""));
        var unknownField = await As(_samrAdmin).PutAsync("/api/v1/sources", Json("""{"sources":[],"trustEveryone":true}"""));
        var badProblem = await ProblemAsync(bad);
        Assert.Multiple(async () =>
        {
            Assert.That(notAdmin.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(otherTree.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(badProblem["errors"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "sources[0].kind", "sources[0].jurisdictions", "sources[0].submitters[0]" }));
            Assert.That(unknownField.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await unknownField.Content.ReadAsStringAsync(), Does.Contain("trustEveryone"));
            Assert.That((await _world.Store.Sources.GetRegistryAsync()).IsSet, Is.False);
        });

        var set = await As(_samrAdmin).PutAsync("/api/v1/sources", Json(Registry));
        var listed = JsonNode.Parse(await As(_samrAdmin).GetStringAsync("/api/v1/sources"))!;
        var changes = JsonNode.Parse(await As(_samrAdmin).GetStringAsync("/api/v1/sources/changes"))!["items"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(listed["set"]!.GetValue<bool>(), Is.True);
            Assert.That(listed["sources"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "cn-nbs", "ec-survey" }));
            Assert.That(changes, Has.Count.EqualTo(1));
            Assert.That(changes[0]!["changedBy"]!.GetValue<string>(), Is.EqualTo("api-key:" + _samrAdmin.Key.KeyId));
            Assert.That(changes[0]!["added"]!.GetValue<int>(), Is.EqualTo(2));
        });
    }

    [Test]
    [Order(3)]
    public async Task Once_set_an_event_the_key_may_not_submit_is_refused_naming_source()
    {
        var before = await RideonDominanceAsync();
        var unregistered = await As(_samr).PostAsync("/api/v1/events", Json(Share("attack-2", "sample-stats-bureau")));
        var notItsSubmitter = await As(_samrAdmin).PostAsync("/api/v1/events", Json(Share("attack-3", "cn-nbs")));
        var wrongJurisdiction = await As(_samr).PostAsync("/api/v1/events", Json(Share("attack-4", "ec-survey")));
        var otherTree = await As(_ec).PostAsync("/api/v1/events", Json(Share("attack-5", "ec-survey")));
        var batch = await As(_samr).PostAsync("/api/v1/events/batch", Json($"[{Share("attack-6", "sample-stats-bureau")}]"));
        await Task.Delay(500);
        Assert.Multiple(async () =>
        {
            Assert.That(unregistered.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await ProblemAsync(unregistered))["detail"]!.GetValue<string>(), Is.EqualTo("source: 'sample-stats-bureau' is not a registered source"));
            Assert.That(notItsSubmitter.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await ProblemAsync(notItsSubmitter))["errors"]!["source"]![0]!.GetValue<string>(), Is.EqualTo($"'api-key:{_samrAdmin.Key.KeyId}' may not submit events of source 'cn-nbs'"));
            Assert.That(wrongJurisdiction.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await ProblemAsync(wrongJurisdiction))["detail"]!.GetValue<string>(), Does.StartWith("source: "));
            Assert.That(otherTree.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(batch.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await ProblemAsync(batch))["rejected"]![0]!["errors"]![0]!["field"]!.GetValue<string>(), Is.EqualTo("source"));
            foreach (var id in new[] { "attack-2", "attack-3", "attack-4", "attack-5", "attack-6" })
            {
                Assert.That(await _world.ProcessedAsync(id), Is.False, id);
            }

            Assert.That((await RideonDominanceAsync()).Select(f => f.Status + f.Revision), Is.EqualTo(before.Select(f => f.Status + f.Revision)));
        });
    }

    [Test]
    [Order(4)]
    public async Task An_allowed_submitters_figure_counts_and_the_audit_names_the_event_and_the_key()
    {
        var response = await As(_samr).PostAsync("/api/v1/events", Json(Share("nbs-2025-rideon", "cn-nbs")));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        Assert.That(await _world.WaitForEventAsync("nbs-2025-rideon", TimeSpan.FromSeconds(30)), Is.True);

        var single = (await RideonDominanceAsync()).Single(f => f.RuleId == "CN-AML24-SINGLE");
        var detail = (await _world.Store.Cases.GetAsync(single.CaseId!))!;
        var withdrawn = detail.Audit.Where(a => a.Action == "finding-withdrawn").Select(a => JsonNode.Parse(a.Details)!).ToList();
        var origin = (await _world.Store.Sources.GetEventOriginsAsync(["nbs-2025-rideon"]))["nbs-2025-rideon"];
        Assert.Multiple(() =>
        {
            Assert.That(single.IsActive, Is.False, "0.05 from a statistics office outranks the unclassified 0.62");
            Assert.That(withdrawn, Is.Not.Empty);
            Assert.That(withdrawn.Select(d => d["causedBy"]!["events"]!.AsArray().Select(e => $"{e!["eventId"]} {e["submitter"]}").Single()),
                Has.All.EqualTo($"nbs-2025-rideon api-key:{_samr.Key.KeyId}"));
        });

        // The event is kept with its source and submitter; the market shows which figure counts.
        var market = JsonNode.Parse(await As(_samr).GetStringAsync("/api/v1/markets/cn-ride-hailing"))!;
        var figure = market["metrics"]!.AsArray().Single(m => m!["metric"]!.GetValue<string>() == "orders")!["periods"]!.AsArray()
            .Single(p => p!["periodStart"]!.GetValue<string>() == "2025-01-01")!["shares"]!.AsArray().Single(s => s!["platformId"]!.GetValue<string>() == "rideon")!;
        Assert.Multiple(() =>
        {
            Assert.That(figure["source"]!.GetValue<string>(), Is.EqualTo("cn-nbs"));
            Assert.That(figure["sourceKind"]!.GetValue<string>(), Is.EqualTo("statistics-office"));
            Assert.That(figure["outranks"]!.AsArray().Select(o => $"{o!["sourceKind"]} {o["share"]}"), Is.EqualTo(new[] { "unclassified 0.62" }));
            Assert.That((origin.Source, origin.Submitter), Is.EqualTo(("cn-nbs", "api-key:" + _samr.Key.KeyId)));
        });
    }
}
