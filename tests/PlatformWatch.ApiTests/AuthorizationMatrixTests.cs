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
    /// <summary>The caller columns: anonymous, then every role.</summary>
    public static readonly string[] Callers = ["anonymous", .. ApiRoles.All];
    private ApiWorld _world = null!;

    public sealed record Cell(string Method, string Path, string Owner, string Body, string Caller, string Expected)
    {
        public override string ToString() => $"{Method} {Path} ({Owner}) as {Caller} → {Expected}";
    }

    public static IEnumerable<TestCaseData> Cells() => Rows().SelectMany(row => Callers.Select((caller, i) =>
        new TestCaseData(new Cell(row[0], row[1], row[2], row[3], caller, row[4 + i])).SetName($"{row[0]} {row[1]} ({row[2]}) as {caller} gets {row[4 + i]}")));

    /// <summary>The rows of authorization-matrix.csv.</summary>
    public static IEnumerable<string[]> Rows() => ApiWorld.MatrixRows("authorization-matrix.csv", Callers);

    [OneTimeSetUp]
    public async Task Start() => _world = await ApiWorld.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _world.DisposeAsync();

    [TestCaseSource(nameof(Cells))]
    public async Task Cell_gives_its_status(Cell cell)
    {
        using var client = _world.Client(cell.Caller);
        using var request = new HttpRequestMessage(new HttpMethod(cell.Method), _world.Fill(cell.Path)) { Content = MatrixBodies.Content(cell.Body) };
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
}
