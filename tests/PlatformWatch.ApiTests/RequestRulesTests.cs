using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>What the API does with hostile or careless requests: literal filters, allow-listed sorting, size and rate limits, bad credentials.</summary>
[TestFixture]
internal sealed class Requests_at_the_edge
{
    private ApiWorld _world = null!;

    [OneTimeSetUp]
    public async Task Start() => _world = await ApiWorld.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string role, string path)
    {
        using var client = _world.Client(role);
        using var response = await client.GetAsync(path);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [TestCase("platform", "' OR '1'='1")]
    [TestCase("platform", "bazaarly' --")]
    [TestCase("rule", "%")]
    [TestCase("rule", "CN-AML24-%")]
    [TestCase("market", "_n-ride-hailing")]
    [TestCase("assignee", "x'); DROP TABLE cases; --")]
    public async Task SQL_metacharacters_in_a_filter_are_literal_text(string filter, string value)
    {
        var (status, body) = await GetAsync(ApiRoles.RegulatorViewer, $"/api/v1/cases?{filter}={Uri.EscapeDataString(value)}");
        var (_, all) = await GetAsync(ApiRoles.RegulatorViewer, "/api/v1/cases?pageSize=200");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body["items"]!.AsArray(), Is.Empty, "nothing matches the literal text");
            Assert.That(all["items"]!.AsArray(), Is.Not.Empty, "and the cases are all still there");
        });
    }

    [Test]
    public async Task Findings_filtered_by_metacharacters_match_nothing()
    {
        var (status, body) = await GetAsync(ApiRoles.RegulatorViewer, $"/api/v1/findings?rule={Uri.EscapeDataString("%")}&platform={Uri.EscapeDataString("' OR 1=1 --")}");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.AsArray(), Is.Empty);
        });
    }

    [Test]
    public async Task An_unknown_sort_column_is_400_naming_the_allowed_ones()
    {
        var (status, body) = await GetAsync(ApiRoles.RegulatorViewer, "/api/v1/cases?sort=case_id;DROP TABLE cases");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body["errors"]!["sort"]![0]!.GetValue<string>(), Does.StartWith("unknown value").And.Contain("severity, opened"));
        });
    }

    [TestCase("pageSize=201", "pageSize")]
    [TestCase("pageSize=0", "pageSize")]
    [TestCase("page=-1", "page")]
    [TestCase("status=archived", "status")]
    [TestCase("platfrom=bazaarly", "platfrom")]
    [TestCase("olderThanDays=soon", "olderThanDays")]
    [TestCase("jurisdiction=XX", "jurisdiction")]
    public async Task A_bad_query_parameter_is_400_naming_it(string query, string field)
    {
        var (status, body) = await GetAsync(ApiRoles.RegulatorViewer, "/api/v1/cases?" + query);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { field }));
        });
    }

    [Test]
    public async Task Pages_never_exceed_the_maximum_and_say_when_there_is_more()
    {
        var (_, first) = await GetAsync(ApiRoles.RegulatorViewer, "/api/v1/cases?pageSize=2&sort=opened&order=asc");
        var (_, second) = await GetAsync(ApiRoles.RegulatorViewer, "/api/v1/cases?pageSize=2&page=2&sort=opened&order=asc");
        var ids = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(c => c!["caseId"]!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(first["items"]!.AsArray(), Has.Count.EqualTo(2));
            Assert.That(first["hasMore"]!.GetValue<bool>(), Is.True);
            Assert.That(ids, Is.Unique);
        });
    }

    [Test]
    public async Task An_oversized_body_is_413()
    {
        using var client = _world.Client(ApiRoles.RegulatorAnalyst);
        var text = new string('x', 1_100_000);
        using var declared = await client.PostAsJsonAsync($"/api/v1/cases/{_world.CaseA}/comments", new { text });
        using var chunked = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{_world.CaseA}/comments")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"text":"{{text}}"}"""))),
        };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        using var streamed = await client.SendAsync(chunked);
        Assert.Multiple(async () =>
        {
            Assert.That(declared.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(streamed.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That((await _world.Store.Cases.GetAsync(_world.CaseA))!.Comments.Select(c => c.Body.Length), Has.None.GreaterThan(1_000_000));
        });
    }

    [Test]
    public async Task A_missing_revoked_or_wrong_key_is_401()
    {
        using var none = _world.Client(null);
        using var revoked = _world.Client("revoked");
        using var wrong = _world.Client(null);
        wrong.DefaultRequestHeaders.Add("X-Api-Key", _world.Tokens[ApiRoles.RegulatorAdmin][..^4] + "AAAA");
        var statuses = new List<HttpStatusCode>();
        foreach (var client in new[] { none, revoked, wrong })
        {
            using var response = await client.GetAsync("/api/v1/cases");
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_platform_calling_a_regulator_endpoint_is_403()
    {
        var (status, body) = await GetAsync(ApiRoles.Platform, "/api/v1/findings");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(body["status"]!.GetValue<int>(), Is.EqualTo(403));
        });
    }
}

/// <summary>Over the rate limit: 429 with Retry-After, per credential.</summary>
[TestFixture]
internal sealed class Calling_too_often
{
    [Test]
    public async Task Should_get_429_after_the_limit_and_other_keys_are_not_affected()
    {
        await using var world = await ApiWorld.StartAsync(settings: new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "5" });
        using var viewer = world.Client(ApiRoles.RegulatorViewer);
        var statuses = new List<int>();
        string? retryAfter = null;
        for (var i = 0; i < 7; i++)
        {
            using var response = await viewer.GetAsync("/api/v1/rules");
            statuses.Add((int)response.StatusCode);
            retryAfter ??= response.Headers.RetryAfter?.ToString();
        }

        using var analyst = world.Client(ApiRoles.RegulatorAnalyst);
        using var other = await analyst.GetAsync("/api/v1/rules");
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { 200, 200, 200, 200, 200, 429, 429 }));
            Assert.That(retryAfter, Is.Not.Null);
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }
}

/// <summary>The public register without a credential: limited per client address like every anonymous page.</summary>
[TestFixture]
internal sealed class Reading_the_register_too_often
{
    [Test]
    public async Task Should_get_429_after_the_limit_on_the_page_the_JSON_and_the_feed()
    {
        await using var world = await ApiWorld.StartAsync(settings: new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "3" });
        using var anonymous = world.Client(null);
        var statuses = new List<int>();
        foreach (var path in new[] { "/register", "/api/v1/register", "/register.atom", "/register", "/api/v1/register", "/register.atom" })
        {
            using var response = await anonymous.GetAsync(path);
            statuses.Add((int)response.StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(new[] { 200, 200, 200, 429, 429, 429 }));
    }
}
