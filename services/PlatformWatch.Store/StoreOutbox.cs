using Dapper;

namespace PlatformWatch.Store;

/// <summary>
/// The outbox, as the relays use it: claim what waits, mark it sent once the broker confirmed it,
/// release it for a later attempt when the broker did not, purge what was sent long ago.
/// </summary>
public sealed class StoreOutbox
{
    private readonly CaseStore _store;

    internal StoreOutbox(CaseStore store) => _store = store;

    private TaskCompletionSource _announced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when a unit of work of this process next commits announcements (other processes'
    /// are found by polling). Take it before looking at the outbox, then wait on it: a commit in
    /// between has completed it already, so no announcement waits for the next poll.
    /// </summary>
    public Task NextAnnouncement => Volatile.Read(ref _announced).Task;

    internal void Pulse() =>
        Interlocked.Exchange(ref _announced, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// Claims up to <paramref name="limit"/> unsent messages that no relay holds, for
    /// <paramref name="holdFor"/>: oldest first. Relays claiming at once take different messages; a
    /// relay that dies holding some lets them go when the hold ends.
    /// </summary>
    public Task<IReadOnlyList<OutboxMessage>> ClaimAsync(int limit, string relay, TimeSpan holdFor, CancellationToken ct = default)
    {
        var now = _store.Clock.GetUtcNow();
        var parameters = new { Limit = limit, Now = now, Until = now + holdFor, By = relay };
        return _store.InTransactionAsync<IReadOnlyList<OutboxMessage>>(async s =>
        {
            if (_store.Sql.Outbox.ClaimOutbox is { } claim)
            {
                return (await s.Db.QueryAsync<OutboxMessage>(claim, parameters).ConfigureAwait(false)).OrderBy(m => m.Seq).ToList();
            }

            var claimable = (await s.Db.QueryAsync<OutboxMessage>(_store.Sql.Outbox.SelectOutboxClaimable, parameters).ConfigureAwait(false)).ToList();
            if (claimable.Count > 0)
            {
                await s.Db.ExecuteAsync(_store.Sql.Outbox.MarkOutboxClaimed, new { parameters.Until, parameters.By, Seqs = claimable.Select(m => m.Seq).ToArray() }).ConfigureAwait(false);
            }

            return claimable.Select(m => m with { Attempts = m.Attempts + 1 }).ToList();
        }, ct);
    }

    /// <summary>Marks messages sent (the broker confirmed them).</summary>
    public Task MarkSentAsync(IReadOnlyCollection<long> seqs, CancellationToken ct = default) =>
        seqs.Count == 0 ? Task.CompletedTask : _store.InTransactionAsync(async s => await s.Db.ExecuteAsync(_store.Sql.Outbox.MarkOutboxSent, new { Seqs = seqs.ToArray(), SentAt = _store.Clock.GetUtcNow() }).ConfigureAwait(false), ct);

    /// <summary>Lets messages the broker did not confirm be claimed again from <paramref name="retryAt"/>.</summary>
    public Task ReleaseAsync(IReadOnlyCollection<long> seqs, DateTimeOffset retryAt, string error, CancellationToken ct = default) =>
        seqs.Count == 0 ? Task.CompletedTask : _store.InTransactionAsync(async s => await s.Db.ExecuteAsync(_store.Sql.Outbox.ReleaseOutbox, new { Seqs = seqs.ToArray(), RetryAt = retryAt, Error = error.Length > 2000 ? error[..2000] : error }).ConfigureAwait(false), ct);

    /// <summary>Deletes messages sent before <paramref name="before"/>; returns how many.</summary>
    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken ct = default) =>
        _store.InTransactionAsync(s => s.Db.ExecuteAsync(_store.Sql.Outbox.PurgeOutbox, new { Before = before }), ct);

    /// <summary>How many messages wait to be sent, and since when.</summary>
    public Task<OutboxBacklog> GetBacklogAsync(CancellationToken ct = default) =>
        _store.ReadAsync((c, cancel) => c.QuerySingleAsync<OutboxBacklog>(new CommandDefinition(_store.Sql.Outbox.SelectOutboxBacklog, cancellationToken: cancel)), ct);

    /// <summary>Every message of the outbox, sent or not, oldest first (tests, reconciliation).</summary>
    public Task<IReadOnlyList<OutboxMessage>> ListAsync(CancellationToken ct = default) =>
        _store.ReadAsync<IReadOnlyList<OutboxMessage>>(async (c, cancel) => (await c.QueryAsync<OutboxMessage>(new CommandDefinition(
            "SELECT seq AS Seq, message_id AS MessageId, message_type AS MessageType, body AS Body, created_at AS CreatedAt, attempts AS Attempts FROM outbox ORDER BY seq", cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);
}
