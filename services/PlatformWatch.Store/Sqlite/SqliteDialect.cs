using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace PlatformWatch.Store.Sqlite;

/// <summary>The embedded default: a SQLite file in WAL mode, one writer at a time.</summary>
internal sealed class SqliteDialect : ISqlDialect
{
    // One turn per database file in this process, shared by every store on it.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Turns = new(StringComparer.Ordinal);

    // As long as busy_timeout: a writer still waiting then goes on to BEGIN IMMEDIATE and SQLite's own wait.
    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;
    private readonly SemaphoreSlim? _turn;

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
        _turn = FilePath(connection) is { } file ? Turns.GetOrAdd(file, _ => new SemaphoreSlim(1, 1)) : null;
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

    // SQLite has one writer at a time and a writer that finds the file locked polls for it, sleeping
    // up to 100 ms at a time on a pool thread. Writers of this process take turns here instead, so
    // the next one starts the moment the last commits; other processes still meet SQLite's lock.
    public async Task<IDisposable?> EnterWriterAsync(CancellationToken cancellationToken)
    {
        if (_turn is null || !await _turn.WaitAsync(TurnTimeout, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new Turn(_turn);
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

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                turn.Release();
            }
        }
    }
}
