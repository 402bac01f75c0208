using System.Data.Common;
using Dapper;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Store;

/// <summary>What recording an event found.</summary>
public enum EventOutcome
{
    /// <summary>First time: process it.</summary>
    New,
    /// <summary>Seen before with the same content: nothing to do.</summary>
    Duplicate,
    /// <summary>Seen before with different content: the id was reused; the first stands.</summary>
    Conflict,
}

/// <summary>
/// One unit of work on the case database, in one transaction: the inbox rows, the state changes
/// and the findings of a batch of events commit together or not at all. It holds the connection,
/// the transaction and the locks; the work itself is done by its features (<see cref="Ingestion"/>,
/// <see cref="Findings"/>, <see cref="Cases"/>, <see cref="Outbox"/>, <see cref="Sources"/>,
/// <see cref="Authorities"/>, <see cref="Decisions"/>, <see cref="Notifications"/>), all in its transaction.
/// </summary>
public sealed class StoreSession : IAsyncDisposable
{
    private readonly SessionDb _db;
    private readonly IDisposable? _writerTurn;

    internal StoreSession(DbConnection connection, DbTransaction transaction, SqlStatements sql, SetStatements? sets, TimeProvider clock, AuditChain audit, IDisposable? writerTurn, CancellationToken cancellationToken)
    {
        _db = new SessionDb(connection, transaction, sql, sets, clock, cancellationToken);
        _writerTurn = writerTurn;
        Outbox = new SessionOutbox(_db);
        Sources = new SessionSources(_db);
        Ingestion = new SessionIngestion(_db, Sources);
        Cases = new SessionCases(_db, audit, Outbox);
        Authorities = new SessionAuthorities(_db, Cases, Ingestion);
        Findings = new SessionFindings(_db, Cases, Authorities, Outbox);
        Decisions = new SessionDecisions(_db, Cases);
        Keys = new SessionKeys(_db);
        Profiles = new SessionProfiles(_db);
        Documents = new SessionDocuments(_db, Cases);
        Notifications = new SessionNotifications(_db);
    }

    /// <summary>The inbox and the state the rules read and write.</summary>
    public SessionIngestion Ingestion { get; }

    /// <summary>The findings the evaluation derives, written as sets, and what caused them.</summary>
    public SessionFindings Findings { get; }

    /// <summary>Cases, their audit trail and notices to platforms.</summary>
    public SessionCases Cases { get; }

    /// <summary>The announcements this unit of work makes, written just before it commits.</summary>
    public SessionOutbox Outbox { get; }

    /// <summary>The source registry figures are classified by.</summary>
    public SessionSources Sources { get; }

    /// <summary>The authorities: routing new cases, referral and sharing.</summary>
    public SessionAuthorities Authorities { get; }

    /// <summary>The decisions cases end in.</summary>
    public SessionDecisions Decisions { get; }
    /// <summary>Documents attached to notices, answers and reports.</summary>
    public SessionDocuments Documents { get; }

    /// <summary>Subscriptions to notifications and the fan-out of the outbox into deliveries.</summary>
    public SessionNotifications Notifications { get; }

    internal SessionKeys Keys { get; }

    internal SessionProfiles Profiles { get; }

    // What the store's own features run in the transaction (the outbox relay's claims, refused inputs).
    internal SessionDb Db => _db;

    /// <summary>
    /// Serialises the evaluation of a subject across workers until this transaction ends: read
    /// after the lock, its state includes everything committed before (SQLite has one writer anyway).
    /// </summary>
    public Task LockSubjectAsync(string subject) => _db.LockAsync(subject);

    /// <summary>Locks several subjects (<see cref="LockSubjectAsync"/>) in one global order.</summary>
    public Task LockSubjectsAsync(IEnumerable<string> subjects) => LockSubjectsAsync(subjects, []);

    /// <summary>
    /// Locks names exclusively and shared (a name in both: exclusively) until the transaction ends,
    /// in one global order, in one statement where the dialect can.
    /// </summary>
    public async Task LockSubjectsAsync(IEnumerable<string> exclusive, IEnumerable<string> shared)
    {
        ArgumentNullException.ThrowIfNull(exclusive);
        ArgumentNullException.ThrowIfNull(shared);
        if (_db.Sql.Ingestion.LockSubject is null)
        {
            return;
        }

        var keys = exclusive.Select(s => (Key: StableId.Of("S-", s, 40), Exclusive: true))
            .Concat(shared.Select(s => (Key: StableId.Of("S-", s, 40), Exclusive: false)))
            .GroupBy(k => k.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Exclusive: g.Any(k => k.Exclusive)))
            .OrderBy(k => k.Key, StringComparer.Ordinal)
            .ToList();
        if (keys.Count == 0)
        {
            return;
        }

        if (_db.Sql.Ingestion.LockSubjectsMixed is { } mixed)
        {
            await _db.Connection.ExecuteScalarAsync<long>(_db.Command(mixed, new
            {
                Exclusive = keys.Where(k => k.Exclusive).Select(k => k.Key).ToArray(),
                Shared = keys.Where(k => !k.Exclusive).Select(k => k.Key).ToArray(),
            })).ConfigureAwait(false);
            return;
        }

        foreach (var (key, isExclusive) in keys)
        {
            await _db.ExecuteAsync(isExclusive ? _db.Sql.Ingestion.LockSubject : _db.Sql.Ingestion.LockSubjectShared ?? _db.Sql.Ingestion.LockSubject, new { Subject = key }).ConfigureAwait(false);
        }
    }

    /// <summary>Commits the unit of work, with the announcements it made (the outbox).</summary>
    public async Task CommitAsync()
    {
        await Outbox.FlushAsync().ConfigureAwait(false);
        await _db.Transaction.CommitAsync(_db.CancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _db.Transaction.DisposeAsync().ConfigureAwait(false);
            await _db.Connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _writerTurn?.Dispose();
        }
    }
}
