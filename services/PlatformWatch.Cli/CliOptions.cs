using System.CommandLine;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Store;
using PlatformWatch.Worker;

namespace PlatformWatch.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class CliOptions
{
    public const string DefaultDatabase = "data/platformwatch.db";

    public static Option<string> Database(bool required) => new("--db")
    {
        Description = "The case database: a SQLite file path.",
        Required = required,
        DefaultValueFactory = _ => DefaultDatabase,
    };

    public static Option<DirectoryInfo?> Profiles() => new("--profiles")
    {
        Description = "Folder of rule profile YAML files (default: the shipped profiles).",
    };

    public static Option<string?> AsOf() => new("--as-of")
    {
        Description = "The evaluation date YYYY-MM-DD for obligations with due dates (default: today, UTC).",
    };

    public static CaseStore OpenStore(string database) =>
        CaseStore.Create(new StoreOptions { Provider = StoreProvider.Sqlite, Connection = database });

    /// <summary>Loads the profiles or stops with every error (exit 2).</summary>
    public static ProfileSet LoadProfiles(DirectoryInfo? folder)
    {
        var directory = ProfileDirectory.Resolve(folder?.FullName);
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"rule profile folder '{directory}' does not exist");
        }

        var result = ProfileDirectory.Load(directory);
        return result.Succeeded
            ? result.Set!
            : throw new UsageException($"rule profiles in '{directory}' have errors:{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors)}");
    }
}
