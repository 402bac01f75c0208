using Npgsql;
using PlatformWatch.Store;

namespace PlatformWatch.Tests;

/// <summary>
/// Which faults are a conflict with another transaction: a deadlock victim or a serialization failure
/// is logged and counted as what it is, not as the database being away (a real deadlock on
/// PostgreSQL is in the integration tests).
/// </summary>
public class DatabaseConflictTests
{
    private static readonly CaseStore Postgres = CaseStore.Create(new StoreOptions
    {
        Provider = StoreProvider.Postgres,
        Connection = "Host=127.0.0.1;Port=1;Username=none;Database=unused",
        AuditKey = "classify-only-key-0123456789",
    });

    private static PostgresException Fault(string sqlState) => new("test", "ERROR", "ERROR", sqlState);

    [Test]
    public void A_deadlock_victim_is_a_deadlock() => Assert.Multiple(() =>
    {
        Assert.That(Postgres.Conflict(Fault("40P01")), Is.EqualTo(DatabaseConflict.Deadlock));
        Assert.That(Postgres.IsTransient(Fault("40P01")), Is.True, "retried");
    });

    [Test]
    public void A_serialization_failure_is_a_serialization_conflict() => Assert.Multiple(() =>
    {
        Assert.That(Postgres.Conflict(Fault("40001")), Is.EqualTo(DatabaseConflict.Serialization));
        Assert.That(Postgres.IsTransient(Fault("40001")), Is.True, "retried");
    });

    [Test]
    public void The_server_going_away_is_no_conflict() => Assert.Multiple(() =>
    {
        Assert.That(Postgres.Conflict(Fault("57P01")), Is.Null, "admin shutdown");
        Assert.That(Postgres.Conflict(new NpgsqlException("connection refused", new System.Net.Sockets.SocketException(111))), Is.Null);
        Assert.That(Postgres.Conflict(Fault("23505")), Is.Null, "unique violation");
    });
}
