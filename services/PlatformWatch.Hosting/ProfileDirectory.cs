using PlatformWatch.Rules.Profiles;

namespace PlatformWatch.Hosting;

/// <summary>Where the rule profiles are (configuration section <c>Rules</c>).</summary>
public sealed class RulesOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Rules";

    /// <summary>The folder of profile YAML files; the shipped defaults beside the program when empty.</summary>
    public string Directory { get; set; } = "";

    /// <summary>How often the worker checks for obligations whose due dates have passed.</summary>
    public TimeSpan DueDateCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the profile folder is checked for changed files (also watched for change events); zero: never reloaded.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Reads profile files from a folder.</summary>
public static class ProfileDirectory
{
    /// <summary>The shipped default profiles, copied beside the program.</summary>
    public static string Default => Path.Combine(AppContext.BaseDirectory, "rules");

    /// <summary>The folder to use: the one given, else the default.</summary>
    public static string Resolve(string? directory) => string.IsNullOrWhiteSpace(directory) ? Default : directory;

    /// <summary>Every <c>*.yaml</c> and <c>*.yml</c> file of the folder, in name order.</summary>
    public static IReadOnlyList<ProfileSource> Read(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"rule profile folder '{directory}' does not exist");
        }

        return System.IO.Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => new ProfileSource(f, File.ReadAllBytes(f)))
            .ToList();
    }

    /// <summary>Loads a folder.</summary>
    public static ProfileLoadResult Load(string directory) => ProfileLoader.Load(Read(directory));

    /// <summary>Loads a folder or throws with every error.</summary>
    public static ProfileSet LoadOrThrow(string directory)
    {
        var result = Load(directory);
        return result.Succeeded
            ? result.Set!
            : throw new InvalidDataException($"rule profiles in '{directory}' have errors:{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors)}");
    }
}
