using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using PlatformWatch.Application;
using PlatformWatch.Hosting;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Store;

namespace PlatformWatch.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class CliOptions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Option<string?> AsOf() => new("--as-of")
    {
        Description = "The evaluation date YYYY-MM-DD for obligations with due dates (default: today, UTC).",
    };

    public static Option<bool> JsonOutput() => new("--json") { Description = "Print JSON." };

    public static Option<string> Actor() => new("--actor")
    {
        Description = "Who acts (recorded in the audit trail); default: the user name.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PLATFORMWATCH_ACTOR") ?? Environment.UserName,
    };

    public static CaseStore OpenSqlite(string database) =>
        CaseStore.Create(new StoreOptions { Provider = StoreProvider.Sqlite, Connection = database });

    /// <summary>
    /// The application services over the database the options name, its migrations applied first (a
    /// database from before a feature gains its tables); a SQLite file that must exist and does not: exit 2.
    /// </summary>
    public static async Task<Operations> OpenAsync(DatabaseOptions db, ParseResult parse, bool mustExist, CancellationToken ct)
    {
        var store = db.Open(parse, mustExist);
        await store.MigrateAsync(ct);
        return new Operations(store);
    }

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
