using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PlatformWatch.Store;

namespace PlatformWatch.ApiTests;

/// <summary>
/// The authorization matrix (authorization-matrix.csv): every endpoint × role × owner, each cell
/// the status that caller must get. One test per cell, against the API on a real database.
/// </summary>
[TestFixture]
internal sealed class The_authorization_matrix
{
    private static readonly string[] Callers = ["anonymous", .. ApiRoles.All];
    private ApiWorld _world = null!;

    public sealed record Cell(string Method, string Path, string Owner, string Body, string Caller, string Expected)
    {
        public override string ToString() => $"{Method} {Path} ({Owner}) as {Caller} → {Expected}";
    }

    public static IEnumerable<TestCaseData> Cells() => Rows().SelectMany(row => Callers.Select((caller, i) =>
        new TestCaseData(new Cell(row[0], row[1], row[2], row[3], caller, row[4 + i])).SetName($"{row[0]} {row[1]} ({row[2]}) as {caller} gets {row[4 + i]}")));

    private static IEnumerable<string[]> Rows() => ApiWorld.MatrixRows("authorization-matrix.csv", Callers);

    [OneTimeSetUp]
    public async Task Start() => _world = await ApiWorld.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    [TestCaseSource(nameof(Cells))]
    public async Task Cell_gives_its_status(Cell cell)
    {
        using var client = _world.Client(cell.Caller);
        using var request = new HttpRequestMessage(new HttpMethod(cell.Method), _world.Fill(cell.Path)) { Content = Body(cell.Body) };
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(Matches(cell.Expected, status), Is.True, $"{cell}: got {status} {text[..Math.Min(300, text.Length)]}");
        if (status >= 400)
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), "errors are problem details");
        }
    }

    [Test]
    public void Every_endpoint_of_the_API_is_in_the_matrix()
    {
        var mapped = _world.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !PageMatrix.IsPage(e.RoutePattern.RawText!))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var inMatrix = Rows().Select(r => $"{r[0]} {Normalize(r[1])}").Distinct().ToHashSet(StringComparer.Ordinal);
        Assert.That(mapped.Where(m => !inMatrix.Contains(m)), Is.Empty, "endpoints without a row in authorization-matrix.csv");
    }

    // "/api/v1/cases/{caseId}" and "/api/v1/cases/{caseA}" both → "/api/v1/cases/{}".
    private static string Normalize(string path) =>
        System.Text.RegularExpressions.Regex.Replace("/" + path.TrimStart('/'), "{[^}]+}", "{}").Replace("/openapi/{}.json", "/openapi/v1.json", StringComparison.Ordinal);

    private static bool Matches(string expected, int status) => expected.EndsWith("xx", StringComparison.Ordinal)
        ? status / 100 == expected[0] - '0'
        : status == int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);


    private static HttpContent? Body(string name) => name switch
    {
        "none" => null,
        "assign" => JsonContent.Create(new { assignee = "alice", dueAt = "2026-12-31" }),
        "comment" => JsonContent.Create(new { text = "checked the contracts", visibility = "internal" }),
        "transition-refused" => JsonContent.Create(new { to = "new" }),
        "refer-refused" => JsonContent.Create(new { to = "root", reason = "already its owner: refused" }),
        "share-refused" => JsonContent.Create(new { authority = "root", reason = "its owner: refused" }),
        "authorities-invalid" => JsonContent.Create(new { authorities = Array.Empty<object>() }),
        "sources-invalid" => JsonContent.Create(new { sources = new[] { new { id = "x", kind = "rumour" } } }),
        "notice-past-deadline" => JsonContent.Create(new { text = "explain", responseDueAt = "2020-01-01T00:00:00Z" }),
        "event" => Json(Event("matrix-one")),
        "batch" => Json("[" + Event("matrix-batch") + "]"),
        "report" => JsonContent.Create(new
        {
            reportId = "MATRIX-" + Guid.NewGuid().ToString("N")[..8],
            jurisdiction = "EU",
            reportType = "dma-art11-compliance",
            periodStart = "2025-03-07",
            periodEnd = "2026-03-06",
            sections = new Dictionary<string, string> { ["measures"] = "Described." },
        }),
        "answer" => JsonContent.Create(new
        {
            text = "Our answer.",
            documents = new[] { new { name = "contract.pdf", mediaType = "application/pdf", sizeBytes = 1024, sha256 = new string('a', 64) } },
        }),
        _ => throw new ArgumentException($"no body '{name}'"),
    };

    private static string Event(string id) =>
        $$"""{"type":"MarketShareReported","eventId":"{{id}}-{{Guid.NewGuid():N}}","occurredAt":"2025-02-01T00:00:00Z","source":"matrix","marketId":"cn-matrix","jurisdiction":"CN","periodStart":"2024-01-01","periodEnd":"2024-12-31","platformId":"acme","metric":"orders","share":0.3}""";

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
