using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// Every write endpoint of the authorization matrix, called by a role it admits, with its matrix
/// body spoilt: a key given twice (at every depth), a field it does not know, malformed JSON and
/// values of the wrong type; and bodies with thousands of errors.
/// </summary>
[TestFixture]
internal sealed class Spoilt_request_bodies
{
    private ApiWorld _world = null!;

    public sealed record Endpoint(string Method, string Path, string Body, string Caller)
    {
        public override string ToString() => $"{Method} {Path} as {Caller}";
    }

    // Each write endpoint once (the platform's own notice, not another's), with the first role the matrix lets in.
    public static IEnumerable<TestCaseData> WriteEndpoints() => The_authorization_matrix.Rows()
        .Where(r => r[0] != "GET" && r[2] != "other")
        .Select(r => new Endpoint(r[0], r[1], r[3], The_authorization_matrix.Callers.Where((_, i) => r[4 + i] is not ("401" or "403")).First()))
        .Select(e => new TestCaseData(e).SetArgDisplayNames(e.ToString()));

    [OneTimeSetUp]
    public async Task Start() => _world = await ApiWorld.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    [TestCaseSource(nameof(WriteEndpoints))]
    public async Task A_key_given_twice_at_any_depth_is_400_naming_it(Endpoint endpoint)
    {
        var body = JsonNode.Parse(MatrixBodies.Json(endpoint.Body) ?? """{"reason":"this endpoint takes no body"}""")!;
        foreach (var (target, prefix) in Objects(body, ""))
        {
            var key = prefix + target.First().Key;
            var (status, answer) = await SendAsync(endpoint, Write(body, target, twice: true));
            Assert.Multiple(() =>
            {
                Assert.That(status, Is.EqualTo(400), $"{key} twice: {answer}");
                Assert.That(Named(answer), Does.Contain(key), $"{key} twice: {answer}");
            });
        }
    }

    // The endpoints whose bodies are events in the JSON of CONTRACTS.md, where unknown properties
    // are ignored (a producer on a newer contract version still gets its events in); duplicate
    // keys are refused there too.
    private static readonly HashSet<string> ContractEvents = new(StringComparer.Ordinal) { "/api/v1/events", "/api/v1/events/batch" };

    [TestCaseSource(nameof(WriteEndpoints))]
    public async Task A_field_the_endpoint_does_not_know_is_400_naming_it_but_in_a_contract_event(Endpoint endpoint)
    {
        var body = JsonNode.Parse(MatrixBodies.Json(endpoint.Body) ?? "{}")!;
        var target = body is JsonArray items ? items[0]!.AsObject() : body.AsObject();
        target["probeExtra"] = 1;
        var (status, answer) = await SendAsync(endpoint, body.ToJsonString());
        Assert.Multiple(() =>
        {
            if (ContractEvents.Contains(endpoint.Path))
            {
                Assert.That(status, Is.EqualTo(202), answer);
                Assert.That(answer, Does.Not.Contain("probeExtra"), answer);
            }
            else
            {
                Assert.That(status, Is.EqualTo(400), answer);
                Assert.That(Named(answer), Does.Contain("probeExtra"), answer);
            }
        });
    }

    [TestCase("role")]
    [TestCase("id")]
    [TestCase("authority")]
    [TestCase("createdAt")]
    [TestCase("authorId")]
    [TestCase("claims[0].severity")]
    public async Task A_report_naming_a_field_a_report_does_not_have_is_400_naming_it(string field)
    {
        var body = JsonNode.Parse(MatrixBodies.Json("report")!)!.AsObject();
        body["claims"] = new JsonArray(new JsonObject { ["obligation"] = "exclusive-dealing", ["assertion"] = "none" });
        if (field.StartsWith("claims[0].", StringComparison.Ordinal))
        {
            body["claims"]![0]![field["claims[0].".Length..]] = "critical";
        }
        else
        {
            body[field] = "x";
        }

        var (status, answer) = await SendAsync(new Endpoint("POST", "/api/v1/platform/reports", "report", ApiRoles.Platform), body.ToJsonString());
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(400), answer);
            Assert.That(Named(answer), Is.EqualTo(new[] { field }), answer);
        });
    }

    [TestCaseSource(nameof(WriteEndpoints))]
    public async Task Malformed_JSON_and_values_of_the_wrong_type_are_4xx_naming_no_type(Endpoint endpoint)
    {
        var bodies = new List<string> { "{", """{"a":}""", "[", "\"text\"", "7", "null", "true", "[]", "{}", "[7]", "[[]]", "{\"a\":1}x" };
        var body = JsonNode.Parse(MatrixBodies.Json(endpoint.Body) ?? "{}")!;
        foreach (var value in Values(body))
        {
            bodies.AddRange(new[] { "7", "-1", "1e999", "\"x\"", "true", "null", "[]", "[7]", "{}", "{\"a\":1}" }.Select(wrong => Write(body, value, replacement: wrong)));
        }

        var failures = new List<string>();
        foreach (var text in bodies)
        {
            var (status, answer) = await SendAsync(endpoint, text);
            if (status >= 500 || answer.Contains("PlatformWatch.", StringComparison.Ordinal) || answer.Contains("System.", StringComparison.Ordinal))
            {
                failures.Add($"{text[..Math.Min(200, text.Length)]} → {status} {answer[..Math.Min(400, answer.Length)]}");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task A_batch_of_5000_invalid_events_answers_its_first_100_errors_and_counts_the_rest()
    {
        var batch = "[" + string.Join(",", Enumerable.Repeat("""{"type":"MarketShareReported","source":"probe"}""", 5000)) + "]";
        var (status, answer) = await SendAsync(new Endpoint("POST", "/api/v1/events/batch", "batch", ApiRoles.RegulatorAnalyst), batch);
        var body = JsonNode.Parse(answer)!;
        var rejected = body["rejected"]!.AsArray();
        var listed = rejected.Sum(r => r!["errors"]!.AsArray().Count);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(400));
            Assert.That(listed, Is.EqualTo(100), "the first 100 errors");
            Assert.That(rejected.Count + body["moreRejected"]!.GetValue<int>(), Is.EqualTo(5000), "every rejected event counted");
            Assert.That(rejected.Select(r => r!["index"]!.GetValue<int>()), Is.EqualTo(Enumerable.Range(0, rejected.Count)), "the first ones, in order");
            Assert.That(answer.Length, Is.LessThan(batch.Length), "the answer is smaller than the batch");
        });
    }

    [Test]
    public async Task An_event_with_3000_errors_answers_its_first_100_and_counts_the_rest()
    {
        var claims = string.Join(",", Enumerable.Repeat("{}", 1500));
        var report = $$"""{"type":"SelfRegulationReportSubmitted","eventId":"probe-{{Guid.NewGuid():N}}","occurredAt":"2025-02-01T00:00:00Z","source":"probe","reportId":"r1","platformId":"acme","jurisdiction":"EU","reportType":"dma-art11-compliance","periodStart":"2025-01-01","periodEnd":"2025-12-31","submittedAt":"2025-02-01T00:00:00Z","sections":{},"claims":[{{claims}}]}""";
        var (status, answer) = await SendAsync(new Endpoint("POST", "/api/v1/events", "event", ApiRoles.RegulatorAnalyst), report);
        var body = JsonNode.Parse(answer)!;
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(400), answer[..Math.Min(300, answer.Length)]);
            Assert.That(body["errors"]!.AsObject().Sum(e => e.Value!.AsArray().Count), Is.EqualTo(100), "the first 100 errors");
            Assert.That(body["more"]!.GetValue<int>(), Is.EqualTo(2900), "and how many more");
            Assert.That(answer.Length, Is.LessThan(20_000));
        });
    }

    private async Task<(int Status, string Body)> SendAsync(Endpoint endpoint, string json)
    {
        using var client = _world.Client(endpoint.Caller);
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), _world.Fill(endpoint.Path)) { Content = MatrixBodies.Text(json) };
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    // The fields an error answer names: a problem's errors, or a batch's rejected events' fields.
    private static List<string> Named(string answer)
    {
        var body = JsonNode.Parse(answer);
        var problem = body?["errors"] is JsonObject errors ? errors.Select(e => e.Key) : [];
        var batch = body?["rejected"] is JsonArray rejected ? rejected.SelectMany(r => r!["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>())) : [];
        return [.. problem, .. batch];
    }

    // Every non-empty object in a body with the path its keys are named by ("", "documents[0].", "[0].").
    private static IEnumerable<(JsonObject Target, string Prefix)> Objects(JsonNode? node, string path) => node switch
    {
        JsonObject o => (o.Count > 0 ? [(o, path.Length == 0 ? "" : path + ".")] : Array.Empty<(JsonObject, string)>())
            .Concat(o.SelectMany(p => Objects(p.Value, path.Length == 0 ? p.Key : path + "." + p.Key))),
        JsonArray a => a.SelectMany((item, i) => Objects(item, $"{path}[{i}]")),
        _ => [],
    };

    // Every value in a body (objects' values, arrays' items), containers included.
    private static IEnumerable<JsonNode> Values(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).OfType<JsonNode>().SelectMany(v => Values(v).Prepend(v)),
        JsonArray a => a.OfType<JsonNode>().SelectMany(v => Values(v).Prepend(v)),
        _ => [],
    };

    // The body as JSON text, with the first key of one object written twice, or one value replaced.
    private static string Write(JsonNode? node, JsonNode target, bool twice = false, string? replacement = null) => node switch
    {
        _ when replacement is not null && ReferenceEquals(node, target) => replacement,
        JsonObject o => "{" + string.Join(",", (twice && ReferenceEquals(o, target) ? o.Take(1) : []).Concat(o)
            .Select(p => JsonSerializer.Serialize(p.Key) + ":" + Write(p.Value, target, twice, replacement))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(item => Write(item, target, twice, replacement))) + "]",
        _ => node?.ToJsonString() ?? "null",
    };
}
