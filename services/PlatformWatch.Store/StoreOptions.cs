using System.ComponentModel.DataAnnotations;

namespace PlatformWatch.Store;

/// <summary>Which database engine holds the case database.</summary>
public enum StoreProvider
{
    /// <summary>An embedded SQLite file (the default).</summary>
    Sqlite,
    /// <summary>PostgreSQL, through Npgsql.</summary>
    Postgres,
    /// <summary>SQL Server, through Microsoft.Data.SqlClient.</summary>
    SqlServer,
}

/// <summary>Where the case database is and how to talk to it (configuration section <c>Store</c>).</summary>
public sealed class StoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Store";

    /// <summary>The engine: <c>sqlite</c> (default), <c>postgres</c> or <c>sqlserver</c>.</summary>
    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>SQLite: a file path (or a full connection string); the servers: a connection string.</summary>
    [Required]
    public string Connection { get; set; } = "data/platformwatch.db";

    /// <summary>
    /// The secret that keys the audit trail's hash chain (HMAC-SHA256). Required for the server
    /// databases; for SQLite, when empty, a key file is created beside the database
    /// (<c>&lt;file&gt;.audit-key</c>).
    /// </summary>
    public string AuditKey { get; set; } = "";

    /// <summary>How often a unit of work is retried after a transient fault.</summary>
    [Range(0, 20)]
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between two retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The provider named as on the command line: sqlite, postgres, sqlserver.</summary>
    public static StoreProvider ParseProvider(string name) => name?.ToUpperInvariant() switch
    {
        "SQLITE" => StoreProvider.Sqlite,
        "POSTGRES" or "POSTGRESQL" => StoreProvider.Postgres,
        "SQLSERVER" or "MSSQL" => StoreProvider.SqlServer,
        _ => throw new ArgumentException($"unknown provider '{name}'; expected sqlite, postgres or sqlserver", nameof(name)),
    };
}
