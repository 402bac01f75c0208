namespace PlatformWatch.DeployTests;

/// <summary>The repository the tests run in: found by walking up from the test assembly to PlatformWatch.sln.</summary>
internal static class Repo
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PlatformWatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no PlatformWatch.sln above " + TestContext.CurrentContext.TestDirectory);
    });

    public static string Root => RootPath.Value;

    /// <summary>An absolute path from a path relative to the repository root (with / separators).</summary>
    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Root, relative));

    /// <summary>A path relative to the repository root, with / separators.</summary>
    public static string Relative(string absolute) => System.IO.Path.GetRelativePath(Root, absolute).Replace('\\', '/');

    public static string Read(string relative) => File.ReadAllText(Path(relative)).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Files under a folder of the repository whose names end with one of the extensions, relative and sorted.</summary>
    public static IReadOnlyList<string> Files(string folder, params string[] extensions) =>
        [.. Directory.EnumerateFiles(Path(folder), "*", SearchOption.AllDirectories)
            .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Select(Relative)
            .Order(StringComparer.Ordinal)];

    /// <summary>KEY=VALUE lines (an env file of docker compose, systemd or kustomize): comments and blank lines skipped.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> EnvFile(string relative) =>
        [.. Read(relative).Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith(';'))
            .Select(l =>
            {
                var eq = l.IndexOf('=', StringComparison.Ordinal);
                Assert.That(eq, Is.GreaterThan(0), $"{relative}: '{l}' is not KEY=VALUE");
                return new KeyValuePair<string, string>(l[..eq].Trim(), l[(eq + 1)..].Trim().Trim('"'));
            })];
}
