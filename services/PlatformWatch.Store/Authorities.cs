using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace PlatformWatch.Store;

/// <summary>
/// The authorities and their routing table as an operator writes them (a JSON file for
/// <c>platformwatch authorities set</c>, or the body of <c>PUT /api/v1/authorities</c>).
/// </summary>
public sealed record AuthoritySpec
{
    /// <summary>Every authority, parents before or after their children.</summary>
    public IReadOnlyList<AuthoritySpecEntry>? Authorities { get; init; }

    /// <summary>Reads a spec from JSON; refuses unknown fields so a typo never silently widens a scope.</summary>
    public static AuthoritySpec Parse(string json) =>
        JsonSerializer.Deserialize<AuthoritySpec>(json, SpecJson) ?? throw new JsonException("the document is empty");

    /// <summary>The spec as JSON, in the form <see cref="Parse"/> reads.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SpecJson);

    /// <summary>The spec of a tree.</summary>
    public static AuthoritySpec Of(AuthorityTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return new AuthoritySpec
        {
            Authorities = tree.All.Select(a => new AuthoritySpecEntry
            {
                Id = a.AuthorityId,
                Name = a.Name,
                Parent = a.ParentId,
                Default = a.IsDefault ? true : null,
                Routes = a.Routes.Select(r => new RouteSpec
                {
                    Jurisdictions = r.Jurisdictions,
                    Families = r.Families,
                    Rules = r.Rules,
                    Markets = r.Markets,
                    Platforms = r.Platforms,
                }).ToList(),
            }).ToList(),
        };
    }

    private static readonly JsonSerializerOptions SpecJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };
}

/// <summary>One authority of a <see cref="AuthoritySpec"/>.</summary>
public sealed record AuthoritySpecEntry
{
    /// <summary>The id: 1–64 lowercase letters, digits and '-', starting with a letter or digit.</summary>
    public string? Id { get; init; }
    /// <summary>The name shown to people.</summary>
    public string? Name { get; init; }
    /// <summary>The authority one tier up (null: the top of a tree).</summary>
    public string? Parent { get; init; }
    /// <summary>True for the one authority that owns the cases no route matches (a top of a tree).</summary>
    public bool? Default { get; init; }
    /// <summary>The authority's scope: the routes that give it cases.</summary>
    public IReadOnlyList<RouteSpec>? Routes { get; init; }
}

/// <summary>
/// One route: a case matches when every list set matches it (a value equal to an entry, or
/// starting with an entry that ends in '*'); an empty or missing list matches anything.
/// </summary>
public sealed record RouteSpec
{
    /// <summary>Jurisdictions (CN, EU …) of the profile that raised the finding.</summary>
    public IReadOnlyList<string>? Jurisdictions { get; init; }
    /// <summary>Rule families.</summary>
    public IReadOnlyList<string>? Families { get; init; }
    /// <summary>Rule ids.</summary>
    public IReadOnlyList<string>? Rules { get; init; }
    /// <summary>Market ids (a prefix such as <c>cn-zj-*</c> stands for a region).</summary>
    public IReadOnlyList<string>? Markets { get; init; }
    /// <summary>Platform ids.</summary>
    public IReadOnlyList<string>? Platforms { get; init; }
}

/// <summary>An authority as the database holds it.</summary>
public sealed record AuthorityRecord
{
    /// <summary>The id.</summary>
    public required string AuthorityId { get; init; }
    /// <summary>The name.</summary>
    public required string Name { get; init; }
    /// <summary>The authority one tier up, if any.</summary>
    public string? ParentId { get; init; }
    /// <summary>The ids from the top of its tree down to it, as <c>/a/b/c/</c>.</summary>
    public required string Path { get; init; }
    /// <summary>Whether it owns the cases no route matches.</summary>
    public bool IsDefault { get; init; }
    /// <summary>When the tree was last set.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A route of the routing table as the database holds it (lists as JSON arrays).</summary>
public sealed record AuthorityRouteRow
{
    /// <summary><c>authority#n</c>.</summary>
    public required string RouteId { get; init; }
    /// <summary>The authority the route gives cases to.</summary>
    public required string AuthorityId { get; init; }
    /// <summary>Its place among the authority's routes.</summary>
    public int Position { get; init; }
    /// <summary>JSON array.</summary>
    public string Jurisdictions { get; init; } = "[]";
    /// <summary>JSON array.</summary>
    public string Families { get; init; } = "[]";
    /// <summary>JSON array.</summary>
    public string Rules { get; init; } = "[]";
    /// <summary>JSON array.</summary>
    public string Markets { get; init; } = "[]";
    /// <summary>JSON array.</summary>
    public string Platforms { get; init; } = "[]";
}

/// <summary>A route of the routing table.</summary>
public sealed record AuthorityRoute(string RouteId, string AuthorityId, IReadOnlyList<string> Jurisdictions, IReadOnlyList<string> Families, IReadOnlyList<string> Rules, IReadOnlyList<string> Markets, IReadOnlyList<string> Platforms)
{
    /// <summary>How many of its lists are set.</summary>
    public int Dimensions => new[] { Jurisdictions, Families, Rules, Markets, Platforms }.Count(l => l.Count > 0);

    /// <summary>The route as text, e.g. <c>jurisdictions=CN rules=CN-PIPL*</c>.</summary>
    public string Describe()
    {
        var parts = new[] { ("jurisdictions", Jurisdictions), ("families", Families), ("rules", Rules), ("markets", Markets), ("platforms", Platforms) }
            .Where(p => p.Item2.Count > 0)
            .Select(p => $"{p.Item1}={string.Join(',', p.Item2)}")
            .ToList();
        return parts.Count == 0 ? "(any case)" : string.Join(' ', parts);
    }
}

/// <summary>An authority with its routes and tier.</summary>
public sealed record AuthorityNode(string AuthorityId, string Name, string? ParentId, string Path, bool IsDefault, IReadOnlyList<AuthorityRoute> Routes)
{
    /// <summary>1 at the top of a tree, 2 one tier below, …</summary>
    public int Tier => Path.Count(c => c == '/') - 1;

    /// <summary>The LIKE pattern of this authority and those below it.</summary>
    public string SubtreePattern => Path + "%";
}

/// <summary>What a case is routed by: where its first finding came from.</summary>
public sealed record RoutingSubject(IReadOnlyList<string> Jurisdictions, string Family, string RuleId, string? MarketId, string? PlatformId);

/// <summary>Who owns a new case and why.</summary>
public sealed record RoutingDecision(string AuthorityId, string? RouteId, int Dimensions, string Reason);

/// <summary>
/// The authorities in tiers and the routing table. Routing: of the routes matching a case, the one
/// that sets the most lists wins; then the one of the authority lower in its tree; then the one
/// matching more lists exactly (not by a prefix); then the lowest route id. No match: the default
/// authority.
/// </summary>
public sealed partial class AuthorityTree
{
    private readonly Dictionary<string, AuthorityNode> _byId;

    private AuthorityTree(IReadOnlyList<AuthorityNode> nodes)
    {
        All = nodes;
        _byId = nodes.ToDictionary(n => n.AuthorityId, StringComparer.Ordinal);
        Default = nodes.Single(n => n.IsDefault);
    }

    /// <summary>Every authority, by path.</summary>
    public IReadOnlyList<AuthorityNode> All { get; }

    /// <summary>The authority that owns the cases no route matches.</summary>
    public AuthorityNode Default { get; }

    /// <summary>The authority with an id, or null.</summary>
    public AuthorityNode? Find(string? authorityId) => authorityId is not null && _byId.TryGetValue(authorityId, out var node) ? node : null;

    /// <summary>Whether <paramref name="authorityId"/> is <paramref name="ancestorId"/> or below it.</summary>
    public bool IsWithin(string authorityId, string ancestorId) =>
        Find(authorityId) is { } node && Find(ancestorId) is { } ancestor && node.Path.StartsWith(ancestor.Path, StringComparison.Ordinal);

    /// <summary>An authority and every one below it, by path.</summary>
    public IReadOnlyList<AuthorityNode> Subtree(string authorityId) =>
        Find(authorityId) is { } top ? All.Where(n => n.Path.StartsWith(top.Path, StringComparison.Ordinal)).ToList() : [];

    /// <summary>
    /// Whether a regulator of <paramref name="authorityId"/> may ingest an event of a jurisdiction and
    /// market: the default authority may ingest anything; another, what a route of it or of an
    /// authority below it covers (every list of the route that is set matches; an event of no single
    /// jurisdiction, or of no market, only where the route does not restrict that).
    /// </summary>
    public bool CoversIngest(string authorityId, string? jurisdiction, string? marketId)
    {
        if (Find(authorityId) is not { } node)
        {
            return false;
        }

        if (node.IsDefault)
        {
            return true;
        }

        return Subtree(authorityId).SelectMany(n => n.Routes).Any(r => Covers(r.Jurisdictions, jurisdiction) && Covers(r.Markets, marketId));

        static bool Covers(IReadOnlyList<string> patterns, string? value) =>
            patterns.Count == 0
            || (value is not null && patterns.Any(p => p == value || (p.EndsWith('*') && value.StartsWith(p[..^1], StringComparison.Ordinal))));
    }

    /// <summary>The owner of a new case.</summary>
    public RoutingDecision Route(RoutingSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var best = All
            .SelectMany(n => n.Routes.Select(r => (Node: n, Route: r, Exact: Exact(r, subject))))
            .Where(c => c.Exact is not null)
            .OrderByDescending(c => c.Route.Dimensions)
            .ThenByDescending(c => c.Node.Tier)
            .ThenByDescending(c => c.Exact)
            .ThenBy(c => c.Route.RouteId, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Route is null
            ? new RoutingDecision(Default.AuthorityId, null, 0, "no route matches: the default authority")
            : new RoutingDecision(best.Node.AuthorityId, best.Route.RouteId, best.Route.Dimensions, $"route {best.Route.RouteId} ({best.Route.Describe()}) is the most specific match");
    }

    // How many of the route's lists match exactly (null: the route does not match).
    private static int? Exact(AuthorityRoute route, RoutingSubject subject)
    {
        var exact = 0;
        foreach (var (patterns, values) in new[]
                 {
                     (route.Jurisdictions, subject.Jurisdictions),
                     (route.Families, [subject.Family]),
                     (route.Rules, [subject.RuleId]),
                     (route.Markets, subject.MarketId is null ? [] : [subject.MarketId]),
                     (route.Platforms, subject.PlatformId is null ? [] : [subject.PlatformId]),
                 })
        {
            if (patterns.Count == 0)
            {
                continue;
            }

            if (patterns.Any(p => values.Contains(p, StringComparer.Ordinal)))
            {
                exact++;
            }
            else if (!patterns.Any(p => p.EndsWith('*') && values.Any(v => v.StartsWith(p[..^1], StringComparison.Ordinal))))
            {
                return null;
            }
        }

        return exact;
    }

    /// <summary>A tree from the database's rows.</summary>
    public static AuthorityTree FromRows(IEnumerable<AuthorityRecord> authorities, IEnumerable<AuthorityRouteRow> routes)
    {
        var byAuthority = routes
            .OrderBy(r => r.AuthorityId, StringComparer.Ordinal).ThenBy(r => r.Position)
            .GroupBy(r => r.AuthorityId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<AuthorityRoute>)g.Select(r => new AuthorityRoute(r.RouteId, r.AuthorityId, List(r.Jurisdictions), List(r.Families), List(r.Rules), List(r.Markets), List(r.Platforms))).ToList(), StringComparer.Ordinal);
        return new AuthorityTree(authorities
            .OrderBy(a => a.Path, StringComparer.Ordinal)
            .Select(a => new AuthorityNode(a.AuthorityId, a.Name, a.ParentId, a.Path, a.IsDefault, byAuthority.GetValueOrDefault(a.AuthorityId) ?? []))
            .ToList());
    }

    private static string[] List(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    /// <summary>
    /// Checks a spec and builds its tree; every error names its field. With <paramref name="families"/>
    /// and <paramref name="rules"/> (those of the active profiles), a family or rule pattern that
    /// matches none of them is refused, so a typo never routes cases nowhere. The reasons are in
    /// <paramref name="language"/> (default: English; the API passes the request's).
    /// </summary>
    public static (AuthorityTree? Tree, IReadOnlyList<string> Errors) FromSpec(AuthoritySpec spec, IReadOnlyCollection<string>? families = null, IReadOnlyCollection<string>? rules = null, CultureInfo? language = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string T(string key, params object?[] args) => Reason(language, key, args);
        var errors = new List<string>();
        var entries = spec.Authorities ?? [];
        if (entries.Count == 0)
        {
            errors.Add("authorities: " + T("none"));
            return (null, errors);
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is null)
            {
                errors.Add($"authorities[{i}]: {T("object")}");
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var at = $"authorities[{i}]";
            if (e.Id is null || !IdPattern().IsMatch(e.Id))
            {
                errors.Add($"{at}.id: {T("id")}");
            }
            else if (!ids.TryAdd(e.Id, i))
            {
                errors.Add($"{at}.id: {T("idTwice", e.Id, ids[e.Id])}");
            }

            if (string.IsNullOrWhiteSpace(e.Name) || e.Name.Length > 200)
            {
                errors.Add($"{at}.name: {T("name")}");
            }

            if (e.Parent is not null && e.Parent == e.Id)
            {
                errors.Add($"{at}.parent: {T("ownParent")}");
            }

            if (e.Default == true && e.Parent is not null)
            {
                errors.Add($"{at}.default: {T("defaultTop")}");
            }

            var routes = e.Routes ?? [];
            if (routes.Count > 100)
            {
                errors.Add($"{at}.routes: {T("routes")}");
            }

            for (var r = 0; r < routes.Count; r++)
            {
                CheckRoute(routes[r], $"{at}.routes[{r}]", families, rules, errors, language);
            }
        }

        foreach (var (e, i) in entries.Select((e, i) => (e, i)).Where(p => p.e.Parent is not null && p.e.Parent != p.e.Id))
        {
            if (!ids.ContainsKey(e.Parent!))
            {
                errors.Add($"authorities[{i}].parent: {T("noParent", e.Parent)}");
            }
        }

        var defaults = entries.Where(e => e.Default == true).ToList();
        var tops = entries.Where(e => e.Parent is null).ToList();
        if (defaults.Count > 1)
        {
            errors.Add("default: " + T("defaults", defaults.Count, string.Join(", ", defaults.Select(d => d.Id))));
        }
        else if (defaults.Count == 0 && tops.Count != 1)
        {
            errors.Add("default: " + T("markDefault"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // Paths from the top down; a parent chain that never reaches a top is a cycle.
        var parents = entries.ToDictionary(e => e.Id!, e => e.Parent, StringComparer.Ordinal);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var chain = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (string? id = entries[i].Id; id is not null; id = parents[id])
            {
                if (!seen.Add(id))
                {
                    errors.Add($"authorities[{i}].parent: {T("cycle", string.Join(" → ", chain) + " → " + id)}");
                    break;
                }

                chain.Add(id);
            }

            if (chain.Count > 10)
            {
                errors.Add($"authorities[{i}].parent: {T("tiers")}");
            }

            chain.Reverse();
            paths[entries[i].Id!] = "/" + string.Join('/', chain) + "/";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var defaultId = defaults.Count == 1 ? defaults[0].Id! : tops[0].Id!;
        var nodes = entries
            .Select(e => new AuthorityNode(e.Id!, e.Name!.Trim(), e.Parent, paths[e.Id!], e.Id == defaultId, (e.Routes ?? []).Select((r, n) => new AuthorityRoute(
                $"{e.Id}#{n + 1}", e.Id!, Clean(r.Jurisdictions), Clean(r.Families), Clean(r.Rules), Clean(r.Markets), Clean(r.Platforms))).ToList()))
            .OrderBy(n => n.Path, StringComparer.Ordinal)
            .ToList();
        return (new AuthorityTree(nodes), []);
    }

    private static List<string> Clean(IReadOnlyList<string>? list) => (list ?? []).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList();

    // The reasons of the spec's checks in a language (default: English).
    private static string Reason(CultureInfo? language, string key, params object?[] args) =>
        StoreMessages.Text.In(language ?? CultureInfo.InvariantCulture, "spec.authorities." + key, args);

    private static void CheckRoute(RouteSpec route, string at, IReadOnlyCollection<string>? families, IReadOnlyCollection<string>? rules, List<string> errors, CultureInfo? language)
    {
        if (route is null)
        {
            errors.Add($"{at}: {Reason(language, "object")}");
            return;
        }

        foreach (var (name, list, known) in new[]
                 {
                     ("jurisdictions", route.Jurisdictions, (IReadOnlyCollection<string>?)null),
                     ("families", route.Families, families),
                     ("rules", route.Rules, rules),
                     ("markets", route.Markets, null),
                     ("platforms", route.Platforms, null),
                 })
        {
            var values = list ?? [];
            for (var v = 0; v < values.Count; v++)
            {
                var value = values[v];
                if (string.IsNullOrWhiteSpace(value) || value.Length > 200 || value.Trim() == "*" || value.IndexOf('*', StringComparison.Ordinal) is var star && star >= 0 && star != value.Length - 1)
                {
                    errors.Add($"{at}.{name}[{v}]: {Reason(language, "routeValue")}");
                }
                else if (known is not null && !known.Any(k => value.EndsWith('*') ? k.StartsWith(value[..^1], StringComparison.Ordinal) : k == value))
                {
                    errors.Add($"{at}.{name}[{v}]: {Reason(language, "matchesNone", value, name)}");
                }
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();
}

/// <summary>How far an authority may go with a case.</summary>
public enum CaseAccessLevel
{
    /// <summary>It does not see the case (answer 404).</summary>
    None,
    /// <summary>Shared with it, or it referred the case away: it reads.</summary>
    Read,
    /// <summary>Shared with it to comment: it reads and adds internal comments.</summary>
    Comment,
    /// <summary>The owner or an authority above it: it works the case.</summary>
    Owner,
}

/// <summary>An authority's access to one case, and the active grants it has it through (none for the owner's tree).</summary>
public sealed record CaseAccess(CaseAccessLevel Level, bool WithholdInternal, IReadOnlyList<CaseAccessRecord> Grants)
{
    /// <summary>No access.</summary>
    public static CaseAccess None { get; } = new(CaseAccessLevel.None, false, []);

    /// <summary>Whether it sees the case at all.</summary>
    public bool CanRead => Level != CaseAccessLevel.None;

    /// <summary>Whether it may add (internal) comments.</summary>
    public bool CanComment => Level is CaseAccessLevel.Comment or CaseAccessLevel.Owner;

    /// <summary>Whether it works the case (assign, move, notices, refer, share).</summary>
    public bool CanWork => Level == CaseAccessLevel.Owner;

    /// <summary>Whether it reads through a grant (a share or a referral), which is logged.</summary>
    public bool ThroughGrant => Level is CaseAccessLevel.Read or CaseAccessLevel.Comment;
}

/// <summary>A grant of access to a case beyond its owner's tree: a referral's read access or a share.</summary>
public sealed record CaseAccessRecord
{
    /// <summary><c>CA-…</c>.</summary>
    public required string AccessId { get; init; }
    /// <summary>The case.</summary>
    public required string CaseId { get; init; }
    /// <summary>The authority granted access.</summary>
    public required string AuthorityId { get; init; }
    /// <summary><c>referred-from</c> or <c>share</c>.</summary>
    public required string Kind { get; init; }
    /// <summary><c>read</c> or <c>comment</c>.</summary>
    public required string Access { get; init; }
    /// <summary>Whether internal comments are withheld from it.</summary>
    public bool WithholdInternal { get; init; }
    /// <summary>Why.</summary>
    public required string Reason { get; init; }
    /// <summary>When.</summary>
    public required DateTimeOffset GrantedAt { get; init; }
    /// <summary>By whom.</summary>
    public required string GrantedBy { get; init; }
    /// <summary>When it was revoked, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
    /// <summary>By whom.</summary>
    public string? RevokedBy { get; init; }

    /// <summary>Whether it still grants access.</summary>
    public bool IsActive => RevokedAt is null;
}

/// <summary>A change of the authorities and routing table: who, when, the document, what it did.</summary>
public sealed record AuthorityChangeRecord
{
    /// <summary><c>AC-…</c>.</summary>
    public required string ChangeId { get; init; }
    /// <summary>When.</summary>
    public required DateTimeOffset ChangedAt { get; init; }
    /// <summary>Who (a key, a token's subject, a command line user).</summary>
    public required string ChangedBy { get; init; }
    /// <summary>The document put in force (the form <c>authorities set</c> reads).</summary>
    public required string Document { get; init; }
    /// <summary>Authorities in force after it.</summary>
    public int Authorities { get; init; }
    /// <summary>Routes in force after it.</summary>
    public int Routes { get; init; }
    /// <summary>Cases of removed authorities routed again.</summary>
    public int RoutedAgain { get; init; }
    /// <summary>Regulator keys moved to the new default authority.</summary>
    public int KeysMoved { get; init; }
    /// <summary>Grants to removed authorities revoked.</summary>
    public int GrantsRevoked { get; init; }
}

/// <summary>Open cases of one authority and rule family, by age.</summary>
public sealed record OverviewRow
{
    /// <summary>The owner.</summary>
    public required string AuthorityId { get; init; }
    /// <summary>The rule family.</summary>
    public required string Family { get; init; }
    /// <summary>Open cases (not closed).</summary>
    public long Open { get; init; }
    /// <summary>Opened in the last 30 days.</summary>
    public long Days0To30 { get; init; }
    /// <summary>Opened 31 to 90 days ago.</summary>
    public long Days31To90 { get; init; }
    /// <summary>Opened 91 to 180 days ago.</summary>
    public long Days91To180 { get; init; }
    /// <summary>Opened more than 180 days ago.</summary>
    public long DaysOver180 { get; init; }
    /// <summary>Past their due date.</summary>
    public long Overdue { get; init; }
    /// <summary>Without an assignee.</summary>
    public long Unassigned { get; init; }
}
