using System.Diagnostics.Metrics;
using Npgsql;
using PlatformWatch.Rules;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// Two workers' units of work lock the same two subjects in opposite order on PostgreSQL: the server
/// ends one as a deadlock victim (40P01), which the store classifies as a deadlock and counts in
/// <c>platformwatch.db.conflicts{provider,kind}</c> (a worker logs it as a deadlock, not as the
/// database being unavailable). Retries are off, so the fault reaches the caller as it does once a
/// worker's retries are used up.
/// </summary>
[TestFixture]
[Category("Postgres")]
internal sealed class Two_units_of_work_locking_two_subjects_in_opposite_order
{
    private readonly List<(string? Provider, string? Kind)> _counted = [];
    private readonly List<Exception> _failures = [];
    private int _committed;
    private CaseStore _store = null!;

    [OneTimeSetUp]
    public async Task Deadlock()
    {
        var database = TestDatabases.Postgres();
        var options = new StoreOptions { Provider = database.Provider, Connection = database.Connection, AuditKey = database.AuditKey, MaxRetryAttempts = 0 };
        _store = CaseStore.Create(options);
        await _store.MigrateAsync();

        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PlatformWatchTelemetry.Name && instrument.Name == "platformwatch.db.conflicts")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var provider = tags.ToArray().FirstOrDefault(t => t.Key == "provider").Value as string;
            var kind = tags.ToArray().FirstOrDefault(t => t.Key == "kind").Value as string;
            lock (_counted)
            {
                _counted.Add((provider, kind));
            }
        });
        listener.Start();

        // Each holds its first subject before either asks for its second.
        var holding = new[] { new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        async Task Worker(int index, string first, string second)
        {
            try
            {
                await CaseStore.Create(options).InTransactionAsync(async session =>
                {
                    await session.LockSubjectAsync(first);
                    holding[index].TrySetResult();
                    await Task.WhenAll(holding[0].Task, holding[1].Task);
                    await session.LockSubjectAsync(second);
                    return true;
                });
                Interlocked.Increment(ref _committed);
            }
            catch (Exception e)
            {
                lock (_failures)
                {
                    _failures.Add(e);
                }
            }
        }

        await Task.WhenAll(Worker(0, "market:deadlock-a", "market:deadlock-b"), Worker(1, "market:deadlock-b", "market:deadlock-a")).WaitAsync(TimeSpan.FromSeconds(60));
        NpgsqlConnection.ClearAllPools();
    }

    [Test]
    public void Should_end_one_of_them_as_a_deadlock_victim() => Assert.Multiple(() =>
    {
        Assert.That(_committed, Is.EqualTo(1));
        Assert.That(_failures, Has.Count.EqualTo(1));
        Assert.That(_failures.Single(), Is.TypeOf<PostgresException>().With.Property(nameof(PostgresException.SqlState)).EqualTo("40P01"));
    });

    [Test]
    public void Should_classify_the_fault_as_a_deadlock() => Assert.Multiple(() =>
    {
        Assert.That(_store.Conflict(_failures.Single()), Is.EqualTo(DatabaseConflict.Deadlock));
        Assert.That(_store.IsTransient(_failures.Single()), Is.True, "a worker tries its batch again");
    });

    [Test]
    public void Should_count_it_once_as_a_deadlock() =>
        Assert.That(_counted, Is.EqualTo(new[] { ((string?)"Postgres", (string?)"deadlock") }));
}
