using System.Data;
using System.Data.Common;
using Npgsql;

namespace PlatformWatch.Store.Postgres;

/// <summary>PostgreSQL through Npgsql: pooled connections, read-committed transactions, advisory locks per subject.</summary>
internal sealed class PostgresDialect(string connectionString) : ISqlDialect
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public StoreProvider Provider => StoreProvider.Postgres;

    public SqlStatements Sql => PostgresStatements.All;

    public SetStatements? Sets => PostgresSetStatements.All;

    public string MigrationsFolder => "postgres";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    // Npgsql's own judgement (connection faults, timeouts, serialization failures, deadlocks,
    // server shutting down or overloaded), and unique violations: two workers raced to create the
    // same row, and the retry finds the winner's.
    public bool IsTransient(Exception exception) => exception switch
    {
        PostgresException { SqlState: "23505" or "40001" or "40P01" or "57P01" or "57P02" or "57P03" or "53300" } => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    public DatabaseConflict? Conflict(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected } => DatabaseConflict.Deadlock,
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure } => DatabaseConflict.Serialization,
        _ => null,
    };
}
