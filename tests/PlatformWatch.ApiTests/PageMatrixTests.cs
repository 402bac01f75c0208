using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The pages' matrix (page-matrix.csv): every page and form handler × role × owner, signed in as a
/// browser is (a key once, then the session cookie), each cell the outcome that caller must get.
/// </summary>
[TestFixture]
internal sealed partial class PageMatrix
{
    private static readonly string[] Callers = ["anonymous", .. ApiRoles.All];
    private ApiWorld _world = null!;

    public sealed record Cell(string Method, string Path, string Owner, string Form, string Caller, string Expected)
    {
        public override string ToString() => $"{Method} {Path} ({Owner}) as {Caller} → {Expected}";
    }

    /// <summary>Whether a route is a page (everything but the API, the health checks and the OpenAPI document).</summary>
    public static bool IsPage(string route)
    {
        var path = "/" + route.TrimStart('/');
        return !path.StartsWith("/api/", StringComparison.Ordinal) && !path.StartsWith("/health/", StringComparison.Ordinal) && !path.StartsWith("/openapi/", StringComparison.Ordinal) && path != "/metrics";
    }

    public static IEnumerable<TestCaseData> Cells() => Rows().SelectMany(row => Callers.Select((caller, i) =>
        new TestCaseData(new Cell(row[0], row[1], row[2], row[3], caller, row[4 + i])).SetName($"page {row[0]} {row[1]} ({row[2]}) as {caller} gets {row[4 + i]}")));

    private static IEnumerable<string[]> Rows() => ApiWorld.MatrixRows("page-matrix.csv", Callers);

    [OneTimeSetUp]
    public async Task Start() => _world = await ApiWorld.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    [TestCaseSource(nameof(Cells))]
    public async Task Page_cell_gives_its_outcome(Cell cell)
    {
        using var client = _world.PageClient();
        if (cell.Caller != "anonymous")
        {
            using var signedIn = await PostFormAsync(client, "/signin", new() { ["key"] = _world.Tokens[cell.Caller] });
            Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signing in");
        }

        var path = _world.Fill(cell.Path);
        using var response = cell.Method == "GET" ? await client.GetAsync(path) : await PostFormAsync(client, path, Form(cell.Form));
        var status = (int)response.StatusCode;
        var location = response.Headers.Location?.OriginalString ?? "";
        var outcome = status switch
        {
            302 when location.Contains("/signin", StringComparison.Ordinal) && cell.Path != "/signout" => "signin",
            302 when location.Contains("/status/403", StringComparison.Ordinal) => "forbidden",
            302 when location.EndsWith("/portal", StringComparison.Ordinal) && !cell.Path.StartsWith("/portal/", StringComparison.Ordinal) => "portal",
            302 when cell.Method == "POST" && path.StartsWith(location.Split('?')[0], StringComparison.Ordinal) && cell.Path != "/signout" => "done",
            _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(outcome, Is.EqualTo(cell.Expected), $"{cell}: got {status} {location} {body[..Math.Min(200, body.Length)]}");
        if (cell.Owner == "other" || cell.Expected is "forbidden" or "signin")
        {
            Assert.That(body, Does.Not.Contain(_world.CaseB).And.Not.Contain(_world.NoticeB), "nothing of another platform's, nothing before signing in");
        }
    }

    [Test]
    public async Task Pages_run_no_script_cannot_be_framed_and_are_not_cached()
    {
        using var client = _world.PageClient();
        using var response = await client.GetAsync("/signin");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Multiple(() =>
        {
            Assert.That(policy, Does.Contain("default-src 'none'").And.Contain("frame-ancestors 'none'").And.Contain("form-action 'self'"));
            Assert.That(policy, Does.Not.Contain("script-src"), "no script may run");
            Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        });
    }

    [Test]
    public async Task A_session_opened_on_one_instance_is_honoured_by_another()
    {
        using var first = _world.PageClient();
        using var signedIn = await PostFormAsync(first, "/signin", new() { ["key"] = _world.Tokens[ApiRoles.RegulatorViewer] });
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("platformwatch.session=", StringComparison.Ordinal));

        using var second = _world.OtherInstancePageClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/rules");
        request.Headers.Add("Cookie", cookie);
        using var response = await second.SendAsync(request);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/rules");
        forged.Headers.Add("Cookie", "platformwatch.session=" + new string('A', 200));
        using var refused = await second.SendAsync(forged);
        var keys = await _world.Store.Keys.ListDataProtectionKeysAsync();
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(200), "the key ring is shared through the database");
            Assert.That(keys, Is.Not.Empty.And.All.Contains("<key "), "the key that protects the cookie is in the case database");
            Assert.That(refused.Headers.Location?.OriginalString, Does.Contain("/signin"), "a cookie it cannot read is no session");
        });
    }

    [TestCase("GET", "/status/200", 404)]
    [TestCase("GET", "/status/0", 404)]
    [TestCase("GET", "/status/-1", 404)]
    [TestCase("GET", "/status/100", 404)]
    [TestCase("GET", "/status/302", 404)]
    [TestCase("GET", "/status/429", 404)]
    [TestCase("GET", "/status/500", 404)]
    [TestCase("GET", "/status/503", 404)]
    [TestCase("GET", "/status/600", 404)]
    [TestCase("GET", "/status/2147483647", 404)]
    [TestCase("POST", "/status/200", 404)]
    [TestCase("POST", "/status/500", 404)]
    [TestCase("HEAD", "/status/200", 404)]
    [TestCase("GET", "/status/403", 403)]
    [TestCase("GET", "/status/99999999999", 302)]
    [TestCase("GET", "/status/abc", 302)]
    [TestCase("GET", "/status/", 302)]
    public async Task An_odd_status_path_answers_no_5xx_to_anyone(string method, string path, int expected)
    {
        using var client = _world.PageClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(expected), "a status page that exists, or none (not a route: sign in first)");
    }

    [Test]
    public void Every_page_is_in_the_page_matrix()
    {
        var pages = _world.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => Normalize(e.RoutePattern.RawText!)).Where(IsPage).Distinct().ToList();
        var inMatrix = Rows().Select(r => Normalize(r[1].Split('?')[0])).ToHashSet(StringComparer.Ordinal);
        Assert.That(pages, Is.Not.Empty);
        Assert.That(pages.Where(p => !inMatrix.Contains(p)), Is.Empty, "pages without a row in page-matrix.csv");
    }

    private static string Normalize(string path) => BracedName().Replace("/" + path.TrimStart('/'), "{}").Replace("{}:int", "{}", StringComparison.Ordinal);

    [GeneratedRegex("{[^}]+}")]
    private static partial Regex BracedName();

    // The antiforgery token of the session, from a page that has a form, then the form.
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync("/signin");
        var token = TokenField().Match(page).Groups[1].Value;
        fields["__RequestVerificationToken"] = token;
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(path, form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private static Dictionary<string, string> Form(string name) => name switch
    {
        "none" => [],
        "assign" => new() { ["assignee"] = "alice" },
        "comment" => new() { ["text"] = "A comment from the matrix.", ["visibility"] = "internal" },
        "transition-refused" => new() { ["to"] = "archived" },
        "notice-past-deadline" => new() { ["text"] = "Too late.", ["responseDueOn"] = "2020-01-01" },
        "refer-to-owner" => new() { ["to"] = "root", ["reason"] = "The matrix refers the case to the authority that owns it." },
        "share-with-owner" => new() { ["authority"] = "root", ["access"] = "read", ["withholdInternal"] = "true", ["reason"] = "The matrix shares the case with its owner." },
        "revoke-unknown-share" => new() { ["shareId"] = "CA-no-such-share" },
        "answer" => new() { ["text"] = "An answer to someone else's notice." },
        "decision-refused" => DecisionForm(),
        "decision-edit-unknown" => DecisionForm(new() { ["decisionId"] = "D-NO-SUCH-DECISION" }),
        "decision-unknown" => new() { ["decisionId"] = "D-NO-SUCH-DECISION", ["reason"] = "The matrix returns a decision that is not there." },
        "attach-no-file" => new() { ["noticeId"] = "no-such-notice" },
        "attach-no-file-platform" => new() { ["responseId"] = "no-such-answer", ["reportId"] = "no-such-report" },
        "report-invalid" => new() { ["Form.ReportId"] = "r-matrix", ["Form.ReportType"] = "no-such-type", ["Form.Jurisdiction"] = "EU", ["Form.PeriodStart"] = "2025-01-01", ["Form.PeriodEnd"] = "2025-12-31" },
        "subscription-invalid" => new() { ["Form.Channel"] = "webhook", ["Form.Target"] = "http://203.0.113.7/hooks", ["Form.Kinds"] = "notice-issued" },
        "subscription-missing" => new() { ["subscriptionId"] = "S-NO-SUCH-SUBSCRIPTION", ["deliveryId"] = "no-such-delivery" },
        _ => throw new ArgumentException($"unknown form {name}", nameof(name)),
    };

    // A decision resting on a finding the case does not have: refused, or about no decision at all.
    private static Dictionary<string, string> DecisionForm(Dictionary<string, string>? more = null)
    {
        var form = new Dictionary<string, string>
        {
            ["FindingIds"] = "F-NOT-OF-THIS-CASE",
            ["Facts"] = "The facts found by the matrix.",
            ["LegalBasis"] = "AML 2008 Art. 17",
            ["Outcome"] = "warning",
            ["Reasons"] = "The matrix's reasons.",
        };
        foreach (var (key, value) in more ?? [])
        {
            form[key] = value;
        }

        return form;
    }

}
