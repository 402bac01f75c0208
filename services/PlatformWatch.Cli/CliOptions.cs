using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using PlatformWatch.Rules.Profiles;
using PlatformWatch.Store;
using PlatformWatch.Worker;

namespace PlatformWatch.Cli;

/// <summary>The database options every command that touches the case database takes.</summary>
internal sealed class DatabaseOptions
{
    public const string DefaultDatabase = "data/platformwatch.db";

    public DatabaseOptions(bool required)
    {
        Database = new Option<string>("--db")
        {
            Description = "The case database: a SQLite file path, or a PostgreSQL / SQL Server connection string.",
            Required = required,
            DefaultValueFactory = _ => DefaultDatabase,
        };
        Provider = new Option<string>("--provider")
        {
            Description = "The database engine: sqlite (default), postgres or sqlserver.",
            DefaultValueFactory = _ => "sqlite",
        };
        Provider.AcceptOnlyFromAmong("sqlite", "postgres", "sqlserver");
    }

    public Option<string> Database { get; }

    public Option<string> Provider { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Database);
        command.Options.Add(Provider);
    }

    public StoreOptions Options(ParseResult parse) => new()
    {
        Provider = StoreOptions.ParseProvider(parse.GetValue(Provider)!),
        Connection = parse.GetValue(Database)!,

        // The audit trail's key: from the environment (required for the server engines), or for
        // SQLite a key file beside the database.
        AuditKey = Environment.GetEnvironmentVariable("PLATFORMWATCH_AUDIT_KEY") ?? "",
    };

    /// <summary>The store, refusing (exit 2) a SQLite file that must already exist and does not.</summary>
    public CaseStore Open(ParseResult parse, bool mustExist = false)
    {
        var options = Options(parse);
        if (mustExist && options.Provider == StoreProvider.Sqlite && !File.Exists(options.Connection))
        {
            throw new UsageException($"case database '{options.Connection}' does not exist");
        }

        try
        {
            return CaseStore.Create(options);
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>A description of where the database is, without the password of a connection string.</summary>
    public static string Describe(StoreOptions options) => options.Provider == StoreProvider.Sqlite
        ? options.Connection
        : $"{options.Provider.ToString().ToLowerInvariant()} ({string.Join(';', options.Connection.Split(';').Where(p => !p.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase)))})";
}

/// <summary>Options shared by several commands.</summary>
internal static class CliOptions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Option<DirectoryInfo?> Profiles() => new("--profiles")
    {
        Description = "Folder of rule profile YAML files (default: the shipped profiles).",
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
