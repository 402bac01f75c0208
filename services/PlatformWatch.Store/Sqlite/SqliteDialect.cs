using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace PlatformWatch.Store.Sqlite;

/// <summary>The embedded default: a SQLite file in WAL mode, one writer at a time.</summary>
internal sealed class SqliteDialect : ISqlDialect
{
    private readonly string _connectionString;

    public SqliteDialect(string connection)
    {
        var builder = connection.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(connection)
            : new SqliteConnectionStringBuilder { DataSource = connection };
        builder.Pooling = true;
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        _connectionString = builder.ToString();
    }

    public StoreProvider Provider => StoreProvider.Sqlite;

    /// <summary>The database file of a SQLite connection setting (a path or a connection string); null for in-memory.</summary>
    public static string? FilePath(string connection)
    {
        var builder = connection.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(connection)
            : new SqliteConnectionStringBuilder { DataSource = connection };
        return builder.DataSource is { Length: > 0 } path && path != ":memory:" ? Path.GetFullPath(path) : null;
    }

    // Busy and locked mean another writer holds the database: waiting and trying again helps.
    public bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 };

    public SqlStatements Sql => SqliteStatements.All;

    public string MigrationsFolder => "sqlite";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Wait for another writer rather than fail at once; NORMAL is durable in WAL mode at commit.
            await connection.ExecuteAsync("PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;").ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // BEGIN IMMEDIATE takes the write lock at the start, so two writers never deadlock on upgrade.
    public Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;").ConfigureAwait(false);
        }
    }
}
