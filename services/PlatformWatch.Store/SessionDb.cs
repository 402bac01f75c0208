using System.Data.Common;
using Dapper;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Store;

// What every feature of a unit of work shares: its connection and transaction, the dialect's
// statements, the clock, and the cancellation of the whole unit.
internal sealed class SessionDb(DbConnection connection, DbTransaction transaction, SqlStatements sql, SetStatements? sets, TimeProvider clock, CancellationToken cancellationToken)
{
    // Lists sent to one IN (...) stay under SQL Server's 2,100 parameters.
    public const int ListChunk = 1000;

    public DbConnection Connection => connection;

    public DbTransaction Transaction => transaction;

    public SqlStatements Sql => sql;

    public SetStatements? Sets => sets;

    public CancellationToken CancellationToken => cancellationToken;

    public DateTimeOffset Now => clock.GetUtcNow();

    public Task<int> ExecuteAsync(string statement, object parameters) => connection.ExecuteAsync(Command(statement, parameters));

    public Task<IEnumerable<T>> QueryAsync<T>(string statement, object parameters) => connection.QueryAsync<T>(Command(statement, parameters));

    // A set statement takes its parameters as its dialect sends them (SQL Server: the arrays as JSON).
    public CommandDefinition Command(string statement, object parameters) =>
        new(statement, sets is not null && sets.Holds(statement) ? sets.Parameters(parameters) : parameters, transaction, cancellationToken: cancellationToken);

    // Locks a name (a subject, "sources", "authorities") until the transaction ends.
    public Task LockAsync(string name) =>
        sql.Ingestion.LockSubject is { } statement ? ExecuteAsync(statement, new { Subject = StableId.Of("S-", name, 40) }) : Task.CompletedTask;

    // Ids are made before the unit of work, so a retry after a commit that did happen finds what it made.
    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
}
