using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Store;

namespace PlatformWatch.Api.Endpoints;

/// <summary>The source registry (CONTRACTS.md "Sources and submitters"), for administrators of the default authority.</summary>
public static class SourceEndpoints
{
    private const int MaxDocumentBytes = 1_000_000;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/sources", List).RequireAuthorization(Policies.RegulatorAdmin).WithSummary("The source registry in force (administrators of the default authority)");
        api.MapGet("/sources/changes", Changes).RequireAuthorization(Policies.RegulatorAdmin).WithSummary("Who changed the source registry, when, and the document put in force (newest first)");
        api.MapPut("/sources", Replace).RequireAuthorization(Policies.RegulatorAdmin).WithSummary("Replace the source registry (administrators of the default authority)");
    }

    private static async Task<IResult> List(HttpContext http, CaseStore store)
    {
        if (await RefuseAsync(http, store) is { } refused)
        {
            return refused;
        }

        return Results.Json(Registry(await store.Sources.GetRegistryAsync(http.RequestAborted)));
    }

    private static async Task<IResult> Changes(HttpContext http, CaseStore store)
    {
        if (await RefuseAsync(http, store) is { } refused)
        {
            return refused;
        }

        var q = new Query(http.Request.Query);
        var limit = q.Number("limit", 1, 500) ?? 50;
        if (q.Problem() is { } problem)
        {
            return problem;
        }

        var changes = await store.Sources.ListChangesAsync(limit, http.RequestAborted);
        return Results.Json(new JsonObject
        {
            ["items"] = new JsonArray(changes.Select(c => (JsonNode?)new JsonObject
            {
                ["changeId"] = c.ChangeId,
                ["changedAt"] = c.ChangedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                ["changedBy"] = c.ChangedBy,
                ["sources"] = c.Sources,
                ["added"] = c.Added,
                ["removed"] = c.Removed,
                ["changed"] = c.Changed,
                ["document"] = JsonNode.Parse(c.Document),
            }).ToArray()),
        });
    }

    private static async Task<IResult> Replace(HttpContext http, CaseStore store)
    {
        if (await RefuseAsync(http, store) is { } refused)
        {
            return refused;
        }

        if (http.Request.ContentLength is > MaxDocumentBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: $"the source registry is limited to {MaxDocumentBytes} bytes");
        }

        SourceSpec spec;
        try
        {
            using var reader = new StreamReader(http.Request.Body);
            spec = SourceSpec.Parse(await reader.ReadToEndAsync(http.RequestAborted));
        }
        catch (JsonException e)
        {
            return RequestBody.FromJson(e);
        }

        var (registry, errors) = SourceRegistry.FromSpec(spec);
        if (registry is null)
        {
            return Problems.Fields(errors
                .Select(e => e.Split(": ", 2))
                .GroupBy(p => p[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(p => p.Length > 1 ? p[1] : p[0]).ToList(), StringComparer.Ordinal));
        }

        var change = await store.Sources.SetAsync(registry, Caller.From(http.User).Submitter, http.RequestAborted);
        var body = Registry(registry);
        body["changeId"] = change.ChangeId;
        body["added"] = change.Added;
        body["removed"] = change.Removed;
        body["changed"] = change.Changed;
        return Results.Json(body);
    }

    /// <summary>The registry as the API shows it: <c>set</c> false (every source accepted, as unclassified) until one is set.</summary>
    public static JsonObject Registry(SourceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var document = JsonNode.Parse(SourceSpec.Of(registry).ToJson())!.AsObject();
        document["set"] = registry.IsSet;
        return document;
    }

    // Only administrators of the default authority see or change which sources count.
    private static async Task<IResult?> RefuseAsync(HttpContext http, CaseStore store)
    {
        var caller = Caller.From(http.User);
        var tree = await store.Authorities.GetTreeAsync(http.RequestAborted);
        return caller.AuthorityId == tree.Default.AuthorityId
            ? null
            : Problems.Forbidden($"the source registry is for administrators of the default authority '{tree.Default.AuthorityId}'");
    }
}
