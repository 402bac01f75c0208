using Dapper;

namespace PlatformWatch.Store;

/// <summary>
/// Membership of the RabbitMQ workers (the workers table): each writes its heartbeat and reads who
/// else is alive, to share the event partitions out (PlatformWatch.Hosting.PartitionCoordinator).
/// </summary>
public sealed class StoreWorkers
{
    private readonly CaseStore _store;

    internal StoreWorkers(CaseStore store) => _store = store;

    /// <summary>
    /// Records that <paramref name="workerId"/> is alive now (the database's clock), owning
    /// <paramref name="partitions"/> (a list for people, e.g. <c>0,3,5</c>), and returns the
    /// workers whose heartbeat is at most <paramref name="liveFor"/> old, in id order; forgets workers
    /// silent for a day.
    /// </summary>
    public Task<IReadOnlyList<string>> HeartbeatAsync(string workerId, string host, string partitions, TimeSpan liveFor, CancellationToken ct = default)
    {
        var statements = WorkerStatements.For(_store.Provider);
        var parameters = new { Id = workerId, Host = host, Partitions = partitions, LiveMs = (long)liveFor.TotalMilliseconds, ForgetMs = (long)TimeSpan.FromDays(1).TotalMilliseconds };
        return _store.InTransactionAsync<IReadOnlyList<string>>(async s =>
        {
            await s.Db.ExecuteAsync(statements.Heartbeat, parameters).ConfigureAwait(false);
            await s.Db.ExecuteAsync(statements.Forget, parameters).ConfigureAwait(false);
            return (await s.Db.QueryAsync<string>(statements.Live, parameters).ConfigureAwait(false)).AsList();
        }, ct);
    }

    /// <summary>Removes <paramref name="workerId"/> from the live workers (a graceful stop): the others take its partitions at their next heartbeat.</summary>
    public Task LeaveAsync(string workerId, CancellationToken ct = default) =>
        _store.InTransactionAsync(s => s.Db.ExecuteAsync(WorkerStatements.Leave, new { Id = workerId }), ct);
}

/// <summary>The statements of the workers table, per engine (times on the database's clock, in milliseconds since 1970).</summary>
public sealed record WorkerStatements(string Heartbeat, string Forget, string Live)
{
    /// <summary>Removes one worker.</summary>
    public const string Leave = "DELETE FROM workers WHERE worker_id = @Id";

    private const string SqliteNow = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
    private const string PostgresNow = "CAST(extract(epoch FROM clock_timestamp()) * 1000 AS bigint)";
    private const string SqlServerNow = "DATEDIFF_BIG(millisecond, CAST('1970-01-01' AS datetime2), SYSUTCDATETIME())";

    /// <summary>SQLite.</summary>
    public static WorkerStatements Sqlite { get; } = Upserting(SqliteNow);

    /// <summary>PostgreSQL.</summary>
    public static WorkerStatements Postgres { get; } = Upserting(PostgresNow);

    /// <summary>SQL Server.</summary>
    public static WorkerStatements SqlServer { get; } = new(
        $"""
        UPDATE workers SET heartbeat_ms = {SqlServerNow}, partitions = @Partitions WHERE worker_id = @Id;
        IF @@ROWCOUNT = 0
            INSERT INTO workers (worker_id, host, started_ms, heartbeat_ms, partitions) VALUES (@Id, @Host, {SqlServerNow}, {SqlServerNow}, @Partitions);
        """,
        $"DELETE FROM workers WHERE heartbeat_ms < {SqlServerNow} - @ForgetMs",
        $"SELECT worker_id FROM workers WHERE heartbeat_ms >= {SqlServerNow} - @LiveMs ORDER BY worker_id");

    /// <summary>The statements of <paramref name="provider"/>.</summary>
    public static WorkerStatements For(StoreProvider provider) => provider switch
    {
        StoreProvider.Sqlite => Sqlite,
        StoreProvider.Postgres => Postgres,
        StoreProvider.SqlServer => SqlServer,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown store provider"),
    };

    private static WorkerStatements Upserting(string now) => new(
        $"""
        INSERT INTO workers (worker_id, host, started_ms, heartbeat_ms, partitions) VALUES (@Id, @Host, {now}, {now}, @Partitions)
        ON CONFLICT (worker_id) DO UPDATE SET heartbeat_ms = excluded.heartbeat_ms, partitions = excluded.partitions
        """,
        $"DELETE FROM workers WHERE heartbeat_ms < {now} - @ForgetMs",
        $"SELECT worker_id FROM workers WHERE heartbeat_ms >= {now} - @LiveMs ORDER BY worker_id");
}
