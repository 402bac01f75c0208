using System.Data.Common;

namespace PlatformWatch.Store;

/// <summary>What differs between database engines: connections, transactions, statements, migrations, faults.</summary>
internal interface ISqlDialect
{
    /// <summary>The engine.</summary>
    StoreProvider Provider { get; }

    /// <summary>The dialect's statements.</summary>
    SqlStatements Sql { get; }

    /// <summary>Its statements that write many rows at once (null: the one-row statements, in the same transaction).</summary>
    SetStatements? Sets => null;

    /// <summary>The folder of its numbered migration scripts (under <c>Migrations/</c>).</summary>
    string MigrationsFolder { get; }

    /// <summary>Opens a connection ready for use.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins the transaction of one unit of work (a batch of events).</summary>
    Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Waits for this process's turn to write, for engines with one writer at a time (SQLite): the
    /// returned handle, disposed when the unit of work ends, hands the turn on at once, where the
    /// engine's own lock would poll. Null when the engine takes writers concurrently.
    /// </summary>
    Task<IDisposable?> EnterWriterAsync(CancellationToken cancellationToken) => Task.FromResult<IDisposable?>(null);

    /// <summary>Splits a migration script into the commands the engine runs one at a time.</summary>
    IEnumerable<string> SplitScript(string script) => [script];

    /// <summary>Anything to do once before the first migration (SQLite: WAL).</summary>
    Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>True for a fault that may pass if the unit of work is tried again.</summary>
    bool IsTransient(Exception exception);

    /// <summary>The conflict with another transaction a fault reports (deadlock victim, serialization failure); null for any other fault.</summary>
    DatabaseConflict? Conflict(Exception exception) => null;
}
