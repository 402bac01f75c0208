using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The OpenAPI document at /openapi/v1.json: every operation under /api/v1 declares an
/// operationId, its tag and summary, its request body schema, a typed success response and its
/// problem responses, and the credentials it takes; every mapped endpoint is in it.
/// </summary>
[TestFixture]
internal sealed class The_OpenAPI_document
{
    private static readonly string[] BodyMethods = ["post", "put", "patch"];
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];
    private ApiWorld _world = null!;
    private JsonObject _document = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _world = await ApiWorld.StartAsync();
        using var client = _world.Client(null);
        _document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    private IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        _document["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value!.AsObject().Where(o => Methods.Contains(o.Key)).Select(o => (o.Key, p.Key, o.Value!.AsObject())));

    [Test]
    public void Is_OpenAPI_3_0_with_the_key_scheme()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_document["openapi"]!.GetValue<string>(), Does.StartWith("3.0"), "the version client generators read");
            var scheme = _document["components"]?["securitySchemes"]?["ApiKey"];
            Assert.That(scheme?["type"]?.GetValue<string>(), Is.EqualTo("apiKey"));
            Assert.That(scheme?["in"]?.GetValue<string>(), Is.EqualTo("header"));
            Assert.That(scheme?["name"]?.GetValue<string>(), Is.EqualTo("X-Api-Key"));
        });
    }

    [Test]
    public void Holds_every_endpoint_under_api_v1()
    {
        var mapped = _world.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m.ToLowerInvariant()} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var documented = Operations().Select(o => $"{o.Method} {o.Path}").Order(StringComparer.Ordinal).ToList();
        Assert.That(documented, Is.EqualTo(mapped));
    }

    // The operations open to anyone (the public register); every other one names the API key.
    private static readonly HashSet<string> Anonymous = new(StringComparer.Ordinal) { "GET /api/v1/register" };

    [Test]
    public void Every_operation_has_a_unique_operationId_a_tag_a_summary_and_a_security_requirement()
    {
        var failures = new List<string>();
        foreach (var (method, path, operation) in Operations())
        {
            var at = $"{method.ToUpperInvariant()} {path}";
            if (operation["operationId"]?.GetValue<string>() is not { Length: > 0 })
            {
                failures.Add($"{at}: no operationId");
            }

            if (operation["tags"]?.AsArray() is not { Count: > 0 })
            {
                failures.Add($"{at}: no tag");
            }

            if (operation["summary"]?.GetValue<string>() is not { Length: > 0 })
            {
                failures.Add($"{at}: no summary");
            }

            if (Anonymous.Contains(at))
            {
                if (operation["security"]?.AsArray() is not [JsonObject { Count: 0 }])
                {
                    failures.Add($"{at}: open to anyone, but its security is not the one empty requirement");
                }
            }
            else if (operation["security"]?.AsArray() is not { Count: > 0 } security || security[0]?["ApiKey"] is null)
            {
                failures.Add($"{at}: no security requirement naming ApiKey");
            }
        }

        var ids = Operations().Select(o => o.Operation["operationId"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.That(failures, Is.Empty);
        Assert.That(ids, Is.Unique);
    }

    [Test]
    public void Every_operation_that_takes_a_body_declares_its_schema_and_the_refusals_of_a_body()
    {
        var failures = new List<string>();
        foreach (var (method, path, operation) in Operations().Where(o => BodyMethods.Contains(o.Method)))
        {
            var at = $"{method.ToUpperInvariant()} {path}";
            var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
            if (Emptiness(schema) is { } empty)
            {
                failures.Add($"{at}: request body {empty}");
            }

            failures.AddRange(new[] { "400", "413" }.Where(s => !IsProblem(operation, s)).Select(s => $"{at}: no problem response {s}"));
        }

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void Every_operation_declares_a_typed_success_response_and_its_problem_responses()
    {
        var failures = new List<string>();
        foreach (var (method, path, operation) in Operations())
        {
            var at = $"{method.ToUpperInvariant()} {path}";
            var responses = operation["responses"]?.AsObject() ?? [];
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (success.Count == 0)
            {
                failures.Add($"{at}: no 2xx response");
            }

            foreach (var (status, response) in success.Where(r => r.Key != "204"))
            {
                // A download answers a file: every form of it a binary string.
                var files = response?["content"]?.AsObject().Select(c => c.Value?["schema"]).ToList() ?? [];
                var isFile = files.Count > 0 && files.All(f => f?["type"]?.GetValue<string>() == "string" && f["format"]?.GetValue<string>() == "binary");
                if (!isFile && Emptiness(response?["content"]?["application/json"]?["schema"]) is { } empty)
                {
                    failures.Add($"{at}: {status} response {empty}");
                }
            }

            failures.AddRange(new[] { "401", "403", "429" }.Where(s => !IsProblem(operation, s)).Select(s => $"{at}: no problem response {s}"));
            if (path.Contains('{', StringComparison.Ordinal) && !IsProblem(operation, "404"))
            {
                failures.Add($"{at}: names a resource but declares no 404");
            }
        }

        Assert.That(failures, Is.Empty);
    }

    private static bool IsProblem(JsonObject operation, string status) =>
        operation["responses"]?[status]?["content"]?["application/problem+json"]?["schema"] is not null;

    // Why a schema says nothing (null when it describes something): missing, {}, an object without properties, an array of such.
    private string? Emptiness(JsonNode? schema, int depth = 0)
    {
        if (schema is not JsonObject node)
        {
            return "has no schema";
        }

        if (node["$ref"]?.GetValue<string>() is { } reference)
        {
            return depth > 8 ? null : Emptiness(_document["components"]!["schemas"]![reference.Split('/')[^1]], depth + 1);
        }

        return node["type"]?.GetValue<string>() switch
        {
            "array" => Emptiness(node["items"], depth + 1) is { } items ? "is an array whose items " + items : null,
            "object" => node["properties"]?.AsObject() is { Count: > 0 } || node["additionalProperties"] is JsonObject ? null : "is an object without properties",
            null => node.Count == 0 || node.All(p => p.Key is "nullable" or "description") ? "is empty ({})" : null,
            _ => null,
        };
    }
}
