using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Api.Http;
using PlatformWatch.Api.Security;
using PlatformWatch.Application;
using PlatformWatch.Store;
using PlatformWatch.Api.Ui;

namespace PlatformWatch.Api.Endpoints;

/// <summary>The authorities, their routing table, and the per-tier overview of open cases.</summary>
public static class AuthorityEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        const string Tag = "Authorities";
        api.MapGet("/authorities", List).RequireAuthorization(Policies.RegulatorRead)
            .Declares<AuthorityTreeView>("listAuthorities", Tag, "The authorities in tiers and the routing table");
        api.MapGet("/authorities/changes", Changes).RequireAuthorization(Policies.RegulatorRead)
            .Declares<ItemList<AuthorityChangeView>>("listAuthorityChanges", Tag, "Who changed the authorities and routing table, when, the document and what it did (newest first)").Reads("limit:integer");
        api.MapPut("/authorities", Replace).RequireAuthorization(Policies.RegulatorAdmin)
            .Declares<AuthorityTreeChanged>("replaceAuthorities", Tag, "Replace the authorities and routing table (administrators of the default authority)").Takes<AuthoritySpec>().Refuses(409);
        api.MapGet("/overview", Overview).RequireAuthorization(Policies.RegulatorRead)
            .Declares<OverviewView>("getOverview", Tag, "Open cases and their ages per authority and rule family, of an authority and those below it").Reads("authority").Refuses(404);
    }

    private static async Task<IResult> List(HttpContext http, AuthorityService authorities) =>
        TypedResults.Ok(Tree(await authorities.TreeAsync(http.RequestAborted)));

    /// <summary>The tree as the API shows it: every authority with its tier, parent and routes.</summary>
    internal static AuthorityTreeView Tree(AuthorityTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return new AuthorityTreeView(tree.Default.AuthorityId, tree.All.Select(a => new AuthorityView(
            a.AuthorityId, a.Name, a.ParentId, a.Tier, a.IsDefault,
            a.Routes.Select(r => new RouteView(r.RouteId, r.Jurisdictions, r.Families, r.Rules, r.Markets, r.Platforms)).ToList())).ToList());
    }

    private static async Task<IResult> Changes(HttpContext http, AuthorityService authorities)
    {
        var q = new Query(http.Request.Query);
        var limit = q.Number("limit", 1, 500) ?? 50;
        if (q.Problem() is { } problem)
        {
            return problem;
        }

        var changes = await authorities.ChangesAsync(limit, http.RequestAborted);
        return TypedResults.Ok(new ItemList<AuthorityChangeView>(changes.Select(c => new AuthorityChangeView(
            c.ChangeId, Views.Time(c.ChangedAt), c.ChangedBy, c.Authorities, c.Routes, c.RoutedAgain, c.KeysMoved, c.GrantsRevoked, JsonNode.Parse(c.Document))).ToList()));
    }

    private static async Task<IResult> Replace(HttpContext http, AuthorityService authorities, ActiveProfiles profiles)
    {
        // Refused before the document is read; the replacement checks again in its transaction.
        var actor = Caller.From(http.User).AsActor();
        if (await authorities.MayReplaceAsync(actor, http.RequestAborted) is { IsOk: false } refused)
        {
            return Problems.Of(refused, _ => Results.NoContent());
        }

        if (http.Request.ContentLength is > 1_000_000)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: DisplayText.Format("api.authoritiesTooLarge", 1_000_000));
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

        var (tree, errors) = Check(spec, profiles, CultureInfo.CurrentUICulture);
        if (tree is null)
        {
            return Problems.Fields(new Dictionary<string, List<string>> { ["authorities"] = [.. errors] });
        }

        return Problems.Of(await authorities.ReplaceAsync(actor, tree, http.RequestAborted), change => TypedResults.Ok(new AuthorityTreeChanged(Tree(tree))
        {
            RoutedAgain = change.RoutedAgain,
            KeysMoved = change.Record.KeysMoved,
            GrantsRevoked = change.Record.GrantsRevoked,
        }));
    }

    /// <summary>Checks a spec against the rule families and rules of the active profiles; the reasons in <paramref name="language"/> (default: English).</summary>
    public static (AuthorityTree? Tree, IReadOnlyList<string> Errors) Check(AuthoritySpec spec, ActiveProfiles profiles, CultureInfo? language = null)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var rules = profiles.Current.Profiles.SelectMany(p => p.Rules).ToList();
        return AuthorityTree.FromSpec(spec, rules.Select(r => r.Family).Distinct(StringComparer.Ordinal).ToList(), rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList(), language);
    }

    private static async Task<IResult> Overview(HttpContext http, AuthorityService authorities, TimeProvider clock)
    {
        var q = new Query(http.Request.Query);
        var requested = q.Text("authority");
        if (q.Problem() is { } problem)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        return Problems.Of(await authorities.OverviewAsync(Caller.From(http.User).AsActor(), requested, now, http.RequestAborted), o => TypedResults.Ok(View(o, now)));
    }

    /// <summary>The overview of an authority and those below it, every authority listed, with totals.</summary>
    internal static OverviewView View(AuthorityOverview overview, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(overview);
        var (tree, top, rows) = (overview.Tree, overview.Top, overview.Rows);
        static AgeCounts Counts(IEnumerable<OverviewRow> of)
        {
            var list = of.ToList();
            return new AgeCounts(
                list.Sum(r => r.Open), list.Sum(r => r.Days0To30), list.Sum(r => r.Days31To90), list.Sum(r => r.Days91To180),
                list.Sum(r => r.DaysOver180), list.Sum(r => r.Overdue), list.Sum(r => r.Unassigned));
        }

        return new OverviewView(
            top.AuthorityId,
            now.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            Counts(rows),
            rows.GroupBy(r => r.Family, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new FamilyCounts(g.Key, Counts(g))).ToList(),
            tree.Subtree(top.AuthorityId).Select(a =>
            {
                var own = rows.Where(r => r.AuthorityId == a.AuthorityId).ToList();
                var below = rows.Where(r => tree.IsWithin(r.AuthorityId, a.AuthorityId)).ToList();
                return new AuthorityCounts(a.AuthorityId, a.Name, a.ParentId, a.Tier, Counts(own), Counts(below), own.Select(r => new FamilyCounts(r.Family, Counts([r]))).ToList());
            }).ToList());
    }
}

/// <summary>The authorities in tiers, each with its routes; <c>default</c> names the one that owns what no route matches.</summary>
public record AuthorityTreeView(string Default, IReadOnlyList<AuthorityView> Authorities);

/// <summary>The tree after a replacement, with what the change did.</summary>
public sealed record AuthorityTreeChanged : AuthorityTreeView
{
    public AuthorityTreeChanged(AuthorityTreeView tree)
        : base(tree)
    {
    }

    /// <summary>The open cases routed to another authority by the change.</summary>
    public required IReadOnlyList<string> RoutedAgain { get; init; }

    /// <summary>How many keys moved to another authority.</summary>
    public required int KeysMoved { get; init; }

    /// <summary>How many grants of access were revoked.</summary>
    public required int GrantsRevoked { get; init; }
}

/// <summary>An authority: its tier (1 at the top), parent and routes.</summary>
public sealed record AuthorityView(string Id, string Name, string? Parent, int Tier, bool Default, IReadOnlyList<RouteView> Routes);

/// <summary>A route: a case matches when every list set matches it.</summary>
public sealed record RouteView(string RouteId, IReadOnlyList<string> Jurisdictions, IReadOnlyList<string> Families, IReadOnlyList<string> Rules, IReadOnlyList<string> Markets, IReadOnlyList<string> Platforms);

/// <summary>A change of the authorities: who, when, the document put in force and what it did.</summary>
public sealed record AuthorityChangeView(
    string ChangeId, string ChangedAt, string ChangedBy, int Authorities, int Routes, int RoutedAgain, int KeysMoved, int GrantsRevoked, JsonNode? Document);

/// <summary>The open cases of an authority and those below it, by age.</summary>
public sealed record OverviewView(string Authority, string AsOf, AgeCounts Total, IReadOnlyList<FamilyCounts> ByFamily, IReadOnlyList<AuthorityCounts> Authorities);

/// <summary>Open cases by age in days, overdue and unassigned.</summary>
public sealed record AgeCounts(long Open, long Days0To30, long Days31To90, long Days91To180, long DaysOver180, long Overdue, long Unassigned);

/// <summary>The counts of one rule family.</summary>
public sealed record FamilyCounts(string Family, AgeCounts Counts);

/// <summary>One authority's counts: its own, with those below it, and by family.</summary>
public sealed record AuthorityCounts(string Id, string Name, string? Parent, int Tier, AgeCounts Own, AgeCounts WithBelow, IReadOnlyList<FamilyCounts> ByFamily);
