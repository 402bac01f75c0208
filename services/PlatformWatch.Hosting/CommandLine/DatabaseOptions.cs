using System.CommandLine;
using PlatformWatch.Store;

namespace PlatformWatch.Hosting.CommandLine;

/// <summary>The database options every command that touches the case database takes.</summary>
public sealed class DatabaseOptions
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

/// <summary>Options the command line and the worker program share besides the database's.</summary>
public static class ProgramOptions
{
    public static Option<DirectoryInfo?> Profiles() => new("--profiles")
    {
        Description = "Folder of rule profile YAML files (default: the shipped profiles).",
    };
}
