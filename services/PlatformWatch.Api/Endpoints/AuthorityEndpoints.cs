using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Store;
using PlatformWatch.Worker;

namespace PlatformWatch.Api.Endpoints;

/// <summary>The authorities, their routing table, and the per-tier overview of open cases.</summary>
public static class AuthorityEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/authorities", List).RequireAuthorization(Policies.RegulatorRead).WithSummary("The authorities in tiers and the routing table");
        api.MapGet("/authorities/changes", Changes).RequireAuthorization(Policies.RegulatorRead).WithSummary("Who changed the authorities and routing table, when, the document and what it did (newest first)");
        api.MapPut("/authorities", Replace).RequireAuthorization(Policies.RegulatorAdmin).WithSummary("Replace the authorities and routing table (administrators of the default authority)");
        api.MapGet("/overview", Overview).RequireAuthorization(Policies.RegulatorRead).WithSummary("Open cases and their ages per authority and rule family, of an authority and those below it");
    }

    private static async Task<IResult> List(HttpContext http, CaseStore store)
    {
        var tree = await store.Authorities.GetTreeAsync(http.RequestAborted);
        return Results.Json(Tree(tree));
    }

    /// <summary>The tree as the API shows it: every authority with its tier, parent and routes.</summary>
    public static JsonObject Tree(AuthorityTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return new JsonObject
        {
            ["default"] = tree.Default.AuthorityId,
            ["authorities"] = new JsonArray(tree.All.Select(a => (JsonNode?)new JsonObject
            {
                ["id"] = a.AuthorityId,
                ["name"] = a.Name,
                ["parent"] = a.ParentId,
                ["tier"] = a.Tier,
                ["default"] = a.IsDefault,
                ["routes"] = new JsonArray(a.Routes.Select(r => (JsonNode?)new JsonObject
                {
                    ["routeId"] = r.RouteId,
                    ["jurisdictions"] = Strings(r.Jurisdictions),
                    ["families"] = Strings(r.Families),
                    ["rules"] = Strings(r.Rules),
                    ["markets"] = Strings(r.Markets),
                    ["platforms"] = Strings(r.Platforms),
                }).ToArray()),
            }).ToArray()),
        };
    }

    private static async Task<IResult> Changes(HttpContext http, CaseStore store)
    {
        var q = new Query(http.Request.Query);
        var limit = q.Number("limit", 1, 500) ?? 50;
        if (q.Problem() is { } problem)
        {
            return problem;
        }

        var changes = await store.Authorities.ListChangesAsync(limit, http.RequestAborted);
        return Results.Json(new JsonObject
        {
            ["items"] = new JsonArray(changes.Select(c => (JsonNode?)new JsonObject
            {
                ["changeId"] = c.ChangeId,
                ["changedAt"] = c.ChangedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                ["changedBy"] = c.ChangedBy,
                ["authorities"] = c.Authorities,
                ["routes"] = c.Routes,
                ["routedAgain"] = c.RoutedAgain,
                ["keysMoved"] = c.KeysMoved,
                ["grantsRevoked"] = c.GrantsRevoked,
                ["document"] = JsonNode.Parse(c.Document),
            }).ToArray()),
        });
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    private static async Task<IResult> Replace(HttpContext http, CaseStore store, ActiveProfiles profiles)
    {
        var caller = Caller.From(http.User);
        var current = await store.Authorities.GetTreeAsync(http.RequestAborted);
        if (caller.AuthorityId != current.Default.AuthorityId)
        {
            return Problems.Forbidden($"the authorities are set by administrators of the default authority '{current.Default.AuthorityId}'");
        }

        if (http.Request.ContentLength is > 1_000_000)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: "the authorities document is limited to 1000000 bytes");
        }

        AuthoritySpec spec;
        try
        {
            using var reader = new StreamReader(http.Request.Body);
            spec = AuthoritySpec.Parse(await reader.ReadToEndAsync(http.RequestAborted));
        }
        catch (JsonException e)
        {
            return RequestBody.FromJson(e);
        }

        var (tree, errors) = Check(spec, profiles);
        if (tree is null)
        {
            return Problems.Fields(new Dictionary<string, List<string>> { ["authorities"] = [.. errors] });
        }

        try
        {
            var change = await store.Authorities.SetAsync(tree, caller.Actor, http.RequestAborted);
            var node = Tree(tree);
            node["routedAgain"] = Strings(change.RoutedAgain);
            node["keysMoved"] = change.Record.KeysMoved;
            node["grantsRevoked"] = change.Record.GrantsRevoked;
            return Results.Json(node);
        }
        catch (CaseActionException e)
        {
            return Problems.Conflict(e.Message);
        }
    }

    /// <summary>Checks a spec against the rule families and rules of the active profiles.</summary>
    public static (AuthorityTree? Tree, IReadOnlyList<string> Errors) Check(AuthoritySpec spec, ActiveProfiles profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var rules = profiles.Current.Profiles.SelectMany(p => p.Rules).ToList();
        return AuthorityTree.FromSpec(spec, rules.Select(r => r.Family).Distinct(StringComparer.Ordinal).ToList(), rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList());
    }

    private static async Task<IResult> Overview(HttpContext http, CaseStore store, TimeProvider clock)
    {
        var q = new Query(http.Request.Query);
        var requested = q.Text("authority");
        if (q.Problem() is { } problem)
        {
            return problem;
        }

        var caller = Caller.From(http.User);
        var tree = await store.Authorities.GetTreeAsync(http.RequestAborted);
        if (tree.Find(caller.AuthorityId) is not { } own)
        {
            return Problems.Forbidden(CaseGate.NoAuthority(caller));
        }

        var top = requested is null ? own : tree.Find(requested);
        if (top is null || !tree.IsWithin(top.AuthorityId, own.AuthorityId))
        {
            return Problems.NotFound($"authority '{requested}' within yours");
        }

        return Results.Json(await OverviewAsync(store, tree, top, clock.GetUtcNow(), http.RequestAborted));
    }

    /// <summary>The overview of an authority and those below it, every authority listed, with totals.</summary>
    public static async Task<JsonObject> OverviewAsync(CaseStore store, AuthorityTree tree, AuthorityNode top, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tree);
        var rows = await store.Authorities.OverviewAsync(top, now, ct);
        JsonObject Counts(IEnumerable<OverviewRow> of)
        {
            var list = of.ToList();
            return new JsonObject
            {
                ["open"] = list.Sum(r => r.Open),
                ["days0To30"] = list.Sum(r => r.Days0To30),
                ["days31To90"] = list.Sum(r => r.Days31To90),
                ["days91To180"] = list.Sum(r => r.Days91To180),
                ["daysOver180"] = list.Sum(r => r.DaysOver180),
                ["overdue"] = list.Sum(r => r.Overdue),
                ["unassigned"] = list.Sum(r => r.Unassigned),
            };
        }

        return new JsonObject
        {
            ["authority"] = top.AuthorityId,
            ["asOf"] = now.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["total"] = Counts(rows),
            ["byFamily"] = new JsonArray(rows.GroupBy(r => r.Family, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (JsonNode?)new JsonObject { ["family"] = g.Key, ["counts"] = Counts(g) }).ToArray()),
            ["authorities"] = new JsonArray(tree.Subtree(top.AuthorityId).Select(a =>
            {
                var own = rows.Where(r => r.AuthorityId == a.AuthorityId).ToList();
                var below = rows.Where(r => tree.IsWithin(r.AuthorityId, a.AuthorityId)).ToList();
                return (JsonNode?)new JsonObject
                {
                    ["id"] = a.AuthorityId,
                    ["name"] = a.Name,
                    ["parent"] = a.ParentId,
                    ["tier"] = a.Tier,
                    ["own"] = Counts(own),
                    ["withBelow"] = Counts(below),
                    ["byFamily"] = new JsonArray(own.Select(r => (JsonNode?)new JsonObject { ["family"] = r.Family, ["counts"] = Counts([r]) }).ToArray()),
                };
            }).ToArray()),
        };
    }
}
