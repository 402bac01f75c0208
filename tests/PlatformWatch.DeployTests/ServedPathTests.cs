using Microsoft.AspNetCore.Routing;
using PlatformWatch.Api;

namespace PlatformWatch.DeployTests;

/// <summary>The paths the probes, health checks and scrapers of the deployments use are the ones the API maps.</summary>
[TestFixture]
internal sealed class The_paths_the_deployments_probe
{
    [Test]
    public async Task Are_all_mapped_by_the_api()
    {
        var folder = Directory.CreateTempSubdirectory("platformwatch-deploytests-");
        try
        {
            // Built, not started: nothing listens, nothing connects; the routes are all there.
            var app = ApiApplication.Build(["--Store:Connection=" + Path.Combine(folder.FullName, "routes.db"), "--Bus:Transport=InMemory"]);
            await using (app.ConfigureAwait(false))
            {
                var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
                    .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
                    .ToHashSet(StringComparer.Ordinal);
                Assert.Multiple(() =>
                {
                    Assert.That(routes, Does.Contain("/api/v1/cases"), "sanity: the API's own routes are seen");
                    Assert.That(ServedPaths.All.Where(p => !routes.Contains(p)), Is.Empty, "paths the deployments probe that the API does not map");
                });
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
