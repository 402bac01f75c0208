using System.Text.RegularExpressions;

namespace PlatformWatch.DeployTests;

/// <summary>
/// The README's API and web UI sections name every route of the authorization matrices
/// (tests/PlatformWatch.ApiTests/authorization-matrix.csv and page-matrix.csv, which the API tests
/// hold to the code), and the README names no route that does not exist. Routes are compared as
/// templates: a parameter is a parameter whatever its name (<c>{id}</c>, <c>{caseA}</c>).
/// </summary>
[TestFixture]
internal sealed partial class The_readme
{
    private const string Readme = "README.md";
    private const string ApiPrefix = "/api/v1";

    [Test]
    public void Names_every_endpoint_of_the_authorization_matrix_in_its_api_section()
    {
        var named = ApiSectionRoutes().ToHashSet();
        var endpoints = Matrix("tests/PlatformWatch.ApiTests/authorization-matrix.csv").ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(endpoints, Has.Count.GreaterThan(30), "sanity: the matrix is read");
            Assert.That(endpoints.Where(e => !named.Contains(e)).Select(e => e.ToString()), Is.Empty, "endpoints the API section does not name");
        });
    }

    [Test]
    public void Names_only_endpoints_that_exist()
    {
        var endpoints = Matrix("tests/PlatformWatch.ApiTests/authorization-matrix.csv").ToList();
        var named = ApiSectionRoutes().Concat(ApiPathsAnywhere()).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(named, Has.Count.GreaterThan(30), "sanity: the README's routes are read");
            Assert.That(named.Where(n => !endpoints.Any(e => n.Names(e))).Select(n => n.ToString()), Is.Empty, "routes the README names that the API does not have");
        });
    }

    [Test]
    public void Names_every_page_of_the_page_matrix_in_its_web_ui_section()
    {
        var named = UiSectionPages().ToHashSet();
        var pages = Matrix("tests/PlatformWatch.ApiTests/page-matrix.csv").Select(p => p.Path).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(pages, Has.Count.GreaterThan(10), "sanity: the matrix is read");
            Assert.That(pages.Where(p => !named.Contains(p)).Select(p => p.ToString()), Is.Empty, "pages the web UI section does not name");
        });
    }

    [Test]
    public void Names_only_pages_that_exist_in_its_web_ui_section()
    {
        var pages = Matrix("tests/PlatformWatch.ApiTests/page-matrix.csv").Select(p => p.Path).ToList();
        var named = UiSectionPages().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(named, Has.Count.GreaterThan(5), "sanity: the section's pages are read");
            Assert.That(named.Where(n => !pages.Any(p => n.Names(p))).Select(n => n.ToString()), Is.Empty, "pages the web UI section names that do not exist");
        });
    }

    /// <summary>The method and path of each row of a matrix (the query of a form handler dropped).</summary>
    private static IEnumerable<Route> Matrix(string relative) =>
        Repo.Read(relative).Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("method,", StringComparison.Ordinal))
            .Select(l => l.Split(','))
            .Select(c => new Route(c[0], RoutePath.Of(c[1])));

    /// <summary>
    /// The routes the API section names: <c>`METHOD /path`</c> (under /api/v1 unless it starts with
    /// /api, /health, /metrics or /openapi), then any <c>`/path`</c> listed right after it
    /// (<c>, </c> or <c> and </c>) with the same method: a route of its own, or else the previous
    /// path with its last segment replaced (<c>`POST /cases/{id}/assign`, `/comments`</c>).
    /// </summary>
    private static IEnumerable<Route> ApiSectionRoutes()
    {
        var real = Matrix("tests/PlatformWatch.ApiTests/authorization-matrix.csv").ToList();
        foreach (Match list in RouteList().Matches(Section("The API")))
        {
            var method = list.Groups["method"].Value;
            var previous = Absolute(list.Groups["path"].Value);
            yield return new Route(method, previous);
            foreach (Capture more in list.Groups["more"].Captures)
            {
                var alone = new Route(method, Absolute(more.Value));
                var sibling = new Route(method, previous.Sibling(more.Value));
                var route = real.Any(alone.Names) || !real.Any(sibling.Names) ? alone : sibling;
                previous = route.Path;
                yield return route;
            }
        }
    }

    /// <summary>
    /// Every /api/v1 path anywhere in the README (prose, tables, commands), with its method where one
    /// stands before it; but Prometheus's own API (port 9090), which the deployment steps query.
    /// </summary>
    private static IEnumerable<Route> ApiPathsAnywhere() =>
        ApiPath().Matches(Repo.Read(Readme)).Where(m => !m.Groups["host"].Value.EndsWith(":9090", StringComparison.Ordinal)).Select(m => new Route(m.Groups["method"].Success ? m.Groups["method"].Value : null, RoutePath.Of(m.Groups["path"].Value.TrimEnd('.'))));

    /// <summary>The pages the web UI section names: each <c>`/path`</c>, its query dropped.</summary>
    private static IEnumerable<RoutePath> UiSectionPages() =>
        CodeSpan().Matches(Section("The web UI")).Select(m => m.Groups["code"].Value)
            .Where(c => c.StartsWith('/') && !c.StartsWith("/api/", StringComparison.Ordinal))
            .Select(c => RoutePath.Of(c.Split(' ')[0]));

    private static RoutePath Absolute(string path) =>
        RoutePath.Of(path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/health/", StringComparison.Ordinal)
            || path.StartsWith("/openapi/", StringComparison.Ordinal) || path == "/metrics" ? path : ApiPrefix + path);

    /// <summary>A second-level section of the README, from its heading to the next one.</summary>
    private static string Section(string heading)
    {
        var text = Repo.Read(Readme);
        var start = text.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"the README has a section '## {heading}'");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    [GeneratedRegex(@"`(?<method>GET|POST|PUT|DELETE|PATCH) (?<path>/[^`\s]*)[^`]*`(?:(?:, | and )`(?<more>/[^`\s]*)`)*")]
    private static partial Regex RouteList();

    [GeneratedRegex(@"(?:(?<method>GET|POST|PUT|DELETE|PATCH) )?(?:https?://(?<host>[^/\s]+))?(?<path>/api/v1/[A-Za-z0-9_{}./-]+)")]
    private static partial Regex ApiPath();

    [GeneratedRegex(@"`(?<code>[^`\n]+)`")]
    private static partial Regex CodeSpan();

    /// <summary>A route's method (null: any) and path.</summary>
    private sealed record Route(string? Method, RoutePath Path)
    {
        /// <summary>Whether this route, as the README names it, is <paramref name="real"/>.</summary>
        public bool Names(Route real) => (Method is null || Method == real.Method) && Path.Names(real.Path);

        public override string ToString() => $"{Method ?? "*"} {Path}";
    }

    /// <summary>A path as segments, each parameter written <c>{}</c>; a trailing slash and the query do not count.</summary>
    private sealed record RoutePath(string Text)
    {
        public static RoutePath Of(string path) =>
            new("/" + string.Join('/', path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.StartsWith('{') ? "{}" : s)));

        private string[] Segments => Text.Split('/', StringSplitOptions.RemoveEmptyEntries);

        /// <summary>The path with its last segment replaced by <paramref name="tail"/> (a path of its own).</summary>
        public RoutePath Sibling(string tail) => Of("/" + string.Join('/', Segments[..^1]) + tail);

        /// <summary>Whether this path, as the README names it, is the <paramref name="real"/> template: a literal may stand for a parameter.</summary>
        public bool Names(RoutePath real)
        {
            var (mine, theirs) = (Segments, real.Segments);
            return mine.Length == theirs.Length && mine.Zip(theirs).All(p => p.First == p.Second || p.Second == "{}");
        }

        public override string ToString() => Text;
    }
}
