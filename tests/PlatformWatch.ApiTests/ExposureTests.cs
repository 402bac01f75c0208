using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PlatformWatch.Application;
using PlatformWatch.Hosting;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The penalty exposure of the retail reference point (tests/scenarios/exposure-retail-2019.jsonl)
/// through the API and the case page: the JSON of issue 18 with exact amounts, the base year
/// overridden, a bad one refused by name; the owning authority reads it, another authority gets
/// 404 and a platform 403. On SQLite and on PostgreSQL.
/// </summary>
[TestFixture(StoreProvider.Sqlite)]
[TestFixture(StoreProvider.Postgres)]
internal sealed class The_penalty_exposure_of_a_case(StoreProvider provider)
{
    private ApiWorld _world = null!;
    private string _caseId = "";
    private string _owner = "";
    private readonly Dictionary<string, string> _supervisors = new(StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await ApiWorld.StartAsync(provider, authorities: "authorities.json");
        var processor = new EventProcessor(_world.Store, new ActiveProfiles(ProfileDirectory.LoadOrThrow(ProfileDirectory.Default)), TimeProvider.System, NullLogger<EventProcessor>.Instance);
        await processor.ProcessAsync(await ApiWorld.EventsAsync("exposure-retail-2019"));
        _caseId = (await _world.Store.Findings.ListAsync(new FindingQuery { PlatformId = "mallco", RuleId = "CN-AML22-EXCLUSIVE", Limit = 10 })).Single().CaseId!;
        _owner = (await _world.Store.Cases.GetAsync(_caseId))!.Case.OwnerAuthorityId;
        var tree = await _world.Store.Authorities.GetTreeAsync();
        var stranger = tree.All.First(a => !tree.IsWithin(_owner, a.AuthorityId) && !tree.IsWithin(a.AuthorityId, _owner)).AuthorityId;
        foreach (var authority in new[] { _owner, stranger })
        {
            _supervisors[authority == _owner ? "owner" : "stranger"] = (await _world.Store.Keys.CreateApiKeyAsync("supervisor of " + authority, ApiRoles.RegulatorSupervisor, null, authority, "test")).Token;
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private HttpClient As(string who)
    {
        var client = _world.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", _supervisors[who]);
        return client;
    }

    [Test]
    public async Task Should_give_the_entry_of_issue_18_with_exact_amounts_for_the_base_year_asked()
    {
        using var owner = As("owner");
        var body = (await owner.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{_caseId}/exposure?baseYear=2019"))!;
        var entry = body["entries"]!.AsArray().Single()!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(entry["ruleId"]!.GetValue<string>(), Is.EqualTo("CN-AML22-EXCLUSIVE"));
            Assert.That(entry["citation"]!.GetValue<string>(), Is.EqualTo("AML 2008 Art. 47"));
            Assert.That(entry["findingId"]!.GetValue<string>(), Does.StartWith("F-"));
            Assert.That(entry["base"]!["region"]!.GetValue<string>(), Is.EqualTo("CN"));
            Assert.That(entry["base"]!["fiscalYear"]!.GetValue<int>(), Is.EqualTo(2019));
            Assert.That(entry["base"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(455_712_000_000m));
            Assert.That(entry["base"]!["eventId"]!.GetValue<string>(), Is.EqualTo("xr-021"));
            Assert.That(entry["min"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(4_557_120_000m));
            Assert.That(entry["min"]!["currency"]!.GetValue<string>(), Is.EqualTo("CNY"));
            Assert.That(entry["max"]!["amount"]!.GetValue<decimal>(), Is.EqualTo(45_571_200_000m));
            Assert.That(entry.ContainsKey("aggravatedMax") && entry.ContainsKey("maxWithoutEffect"), Is.True);
            Assert.That(entry["missing"]!.AsArray(), Is.Empty);
        });
    }

    [Test]
    public async Task Should_name_the_missing_turnover_of_a_year_without_one()
    {
        using var owner = As("owner");
        var entry = (await owner.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{_caseId}/exposure?baseYear=2017"))!["entries"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(entry["base"], Is.Null);
            Assert.That(entry["min"], Is.Null);
            Assert.That(entry["missing"]!.AsArray().Single()!.GetValue<string>(), Does.Contain("CN turnover of mallco for fiscal year 2017"));
        });
    }

    [Test]
    public async Task Should_refuse_a_bad_base_year_naming_it()
    {
        using var owner = As("owner");
        using var response = await owner.GetAsync($"/api/v1/cases/{_caseId}/exposure?baseYear=last");
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("baseYear"));
        });
    }

    [Test]
    public async Task Should_be_not_found_for_another_authority_and_refused_to_a_platform()
    {
        using var stranger = As("stranger");
        using var platform = _world.Client(ApiRoles.Platform);
        using var asStranger = await stranger.GetAsync($"/api/v1/cases/{_caseId}/exposure");
        using var asPlatform = await platform.GetAsync($"/api/v1/cases/{_caseId}/exposure");
        Assert.Multiple(() =>
        {
            Assert.That(asStranger.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(asPlatform.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Should_show_the_table_on_the_case_page()
    {
        using var client = _world.PageClient();
        await Pages.SignInAsync(client, _supervisors["owner"]);
        var html = await client.GetStringAsync($"/cases/{_caseId}?baseYear=2019");
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("data-testid=\"exposure\""));
            Assert.That(html, Does.Contain("AML 2008 Art. 47"));
            Assert.That(html, Does.Contain("¥4,557,120,000.00"));
            Assert.That(html, Does.Contain("¥45,571,200,000.00"));
        });
    }

    // Issue 19: the exposure table in the page's language: the penalty provision cited in Chinese
    // (the instrument's Chinese title and article) and what is missing said in Chinese; English unchanged.
    private async Task<string> CasePageAsync(string language, int baseYear)
    {
        using var client = _world.PageClient();
        using var switched = await client.GetAsync("/signin?lang=" + language);
        await Pages.SignInAsync(client, _supervisors["owner"]);
        return WebUtility.HtmlDecode(await client.GetStringAsync($"/cases/{_caseId}?baseYear={baseYear}"));
    }

    [Test]
    public async Task Should_cite_the_penalty_and_name_what_is_missing_in_chinese_on_the_chinese_case_page()
    {
        var html = await CasePageAsync("zh-CN", 2017);
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain(">《中华人民共和国反垄断法》（2007年）第四十七条<"), "the provision in Chinese");
            Assert.That(html, Does.Not.Contain(">AML 2008 Art. 47<"));
            Assert.That(html, Does.Contain("平台 mallco 2017 会计年度的 CN 营业额（报送 fiscalYear 为 2017、含地区 CN 营业额的 PlatformProfileReported）"), "what is missing, in Chinese");
            Assert.That(html, Does.Not.Contain("turnover of mallco"));
            Assert.That(html, Does.Contain("data-citation=\"AML 2008 Art. 47\""), "the machine value stays");
        });
    }

    [Test]
    public async Task Should_keep_the_english_case_page_in_english()
    {
        var html = await CasePageAsync("en", 2017);
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain(">AML 2008 Art. 47<"));
            Assert.That(html, Does.Contain("CN turnover of mallco for fiscal year 2017 (PlatformProfileReported with fiscalYear 2017 and a turnover of region CN)"));
            Assert.That(html, Does.Not.Contain("第四十七条"));
        });
    }

    [Test]
    public async Task Should_give_the_missing_turnover_in_the_requests_language_through_the_api_and_both_citations()
    {
        using var owner = As("owner");
        owner.DefaultRequestHeaders.Add("Accept-Language", "zh-CN");
        var entry = (await owner.GetFromJsonAsync<JsonObject>($"/api/v1/cases/{_caseId}/exposure?baseYear=2017"))!["entries"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(entry["citation"]!.GetValue<string>(), Is.EqualTo("AML 2008 Art. 47"), "the field keeps its English value");
            Assert.That(entry["citationZh"]!.GetValue<string>(), Is.EqualTo("《中华人民共和国反垄断法》（2007年）第四十七条"));
            Assert.That(entry["missing"]!.AsArray().Single()!.GetValue<string>(), Does.StartWith("平台 mallco 2017 会计年度的 CN 营业额"));
        });
    }
}
