using System.Text.Json;
using System.Xml.Linq;

namespace PlatformWatch.DeployTests;

/// <summary>A project of the repository and the program it builds.</summary>
internal sealed record Project(string Csproj)
{
    public static readonly Project Api = new("services/PlatformWatch.Api/PlatformWatch.Api.csproj");

    public static readonly Project Worker = new("services/PlatformWatch.Worker/PlatformWatch.Worker.csproj");

    public static readonly Project Cli = new("services/PlatformWatch.Cli/PlatformWatch.Cli.csproj");

    /// <summary>The AssemblyName of the csproj (else its file name): the dll is that plus .dll.</summary>
    public string AssemblyName =>
        XDocument.Load(Repo.Path(Csproj)).Descendants("AssemblyName").Select(e => e.Value.Trim()).LastOrDefault()
        ?? Path.GetFileNameWithoutExtension(Csproj);

    public string Dll => AssemblyName + ".dll";
}

/// <summary>Which of our programs a container or unit runs.</summary>
internal enum Role
{
    Api,
    Worker,
}

/// <summary>
/// One of our images: the Dockerfile that builds it, the program its entrypoint runs, what it passes
/// it, and the other programs it ships beside it (the worker image carries the command line, for the
/// migration and the operators' commands).
/// </summary>
internal sealed record OurImage(string Name, string Dockerfile, Project Project, Role Role, IReadOnlyList<string> EntrypointArguments, IReadOnlyList<Project> AlsoShips)
{
    /// <summary>Every program the image ships: its entrypoint's first.</summary>
    public IReadOnlyList<Project> Programs => [Project, .. AlsoShips];

    /// <summary>Whether the image ships <paramref name="program"/>.</summary>
    public bool Ships(Project program) => Programs.Contains(program);

    /// <summary>Our images by name (compose and Kubernetes name them so; a registry may stand before the name).</summary>
    public static readonly IReadOnlyList<OurImage> All =
    [
        new("platformwatch-api", "deploy/docker/Dockerfile.api", Project.Api, Role.Api, [], []),
        new("platformwatch-worker", "deploy/docker/Dockerfile.worker", Project.Worker, Role.Worker, [], [Project.Cli]),
    ];

    /// <summary>The image an image reference names (registry/path/name:tag), or null when it is not ours.</summary>
    public static OurImage? Of(string reference)
    {
        var name = Reference.Parse(reference).Repository;
        return All.FirstOrDefault(i => name == i.Name || name.EndsWith("/" + i.Name, StringComparison.Ordinal));
    }
}

/// <summary>An image reference split into repository and tag.</summary>
internal sealed record Reference(string Repository, string? Tag)
{
    public static Reference Parse(string reference)
    {
        var withoutDigest = reference.Split('@')[0];
        var slash = withoutDigest.LastIndexOf('/');
        var colon = withoutDigest.LastIndexOf(':');
        return colon > slash ? new(withoutDigest[..colon], withoutDigest[(colon + 1)..]) : new(withoutDigest, null);
    }
}

/// <summary>The HTTP paths our programs serve that probes, health checks and scrapers may use.</summary>
internal static class ServedPaths
{
    /// <summary>The API serves these on its port; the worker on Observability:HttpPort.</summary>
    public static readonly IReadOnlyList<string> All = ["/health/live", "/health/ready", "/metrics"];
}

/// <summary>Where a program listens, worked out from its arguments and environment as ASP.NET Core does.</summary>
internal static class Listening
{
    /// <summary>
    /// The API's addresses. Highest first: <c>--urls</c>; an unprefixed <c>Urls</c> variable; appsettings.json's
    /// "Urls" when it is in the content root (the working directory: /app in our image); ASPNETCORE_URLS;
    /// appsettings.json beside the program when it is not in the content root (the API adds it below
    /// everything else); ASPNETCORE_HTTP_PORTS, which any Urls overrides. (Checked on the real program:
    /// ASPNETCORE_URLS alone in /app leaves it on http://127.0.0.1:5080.)
    /// </summary>
    public static IReadOnlyList<Uri> Api(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, bool appSettingsInContentRoot)
    {
        var appSettings = JsonDocument.Parse(Repo.Read("services/PlatformWatch.Api/appsettings.json")).RootElement;
        var fromAppSettings = appSettings.TryGetProperty("Urls", out var urls) ? urls.GetString() : null;
        var chosen = Argument(arguments, "--urls")
            ?? Variable(environment, "Urls")
            ?? (appSettingsInContentRoot ? fromAppSettings : null)
            ?? Variable(environment, "ASPNETCORE_URLS")
            ?? (appSettingsInContentRoot ? null : fromAppSettings);
        if (chosen is null && Variable(environment, "ASPNETCORE_HTTP_PORTS") is { } ports)
        {
            chosen = string.Join(';', ports.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => "http://*:" + p));
        }

        return [.. (chosen ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Address)];
    }

    /// <summary>The worker's health and metrics port.</summary>
    public static int Worker(IReadOnlyDictionary<string, string> environment) =>
        Variable(environment, "Observability__HttpPort") is { } port ? int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) : Settings.ObservabilityDefaultHttpPort;

    /// <summary>The port a program listens on, reachable from outside its container (not on loopback).</summary>
    public static int ReachablePort(Role role, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string where)
    {
        if (role == Role.Worker)
        {
            return Worker(environment);
        }

        var addresses = Api(arguments, environment, appSettingsInContentRoot: true);
        var reachable = addresses.Where(a => !a.IsLoopback).ToList();
        Assert.That(reachable, Is.Not.Empty, $"{where}: the API listens on {string.Join(", ", addresses)} only, which nothing outside the container reaches");
        return reachable[0].Port;
    }

    private static Uri Address(string url) =>
        new(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://[::]", "://0.0.0.0", StringComparison.Ordinal));

    // Configuration keys are case-insensitive, environment variable names are not: URLS and Urls both work.
    private static string? Variable(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.FirstOrDefault(e => string.Equals(e.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } value ? value : null;

    private static string? Argument(IReadOnlyList<string> arguments, string name)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == name && i + 1 < arguments.Count)
            {
                return arguments[i + 1];
            }

            if (arguments[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return arguments[i][(name.Length + 1)..];
            }
        }

        return null;
    }
}
