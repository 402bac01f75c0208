using Dapper;

namespace PlatformWatch.Store;

// The outbox, as the relays use it: claim what waits, mark it sent once the broker confirmed it,
// release it for a later attempt when the broker did not, purge what was sent long ago.
public sealed partial class CaseStore
{
    private TaskCompletionSource _announced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when a unit of work of this process next commits announcements (other processes'
    /// are found by polling). Take it before looking at the outbox, then wait on it: a commit in
    /// between has completed it already, so no announcement waits for the next poll.
    /// </summary>
    public Task NextAnnouncement => Volatile.Read(ref _announced).Task;

    private void Pulse() =>
        Interlocked.Exchange(ref _announced, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// Claims up to <paramref name="limit"/> unsent messages that no relay holds, for
    /// <paramref name="holdFor"/>: oldest first. Relays claiming at once take different messages; a
    /// relay that dies holding some lets them go when the hold ends.
    /// </summary>
    public Task<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(int limit, string relay, TimeSpan holdFor, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var parameters = new { Limit = limit, Now = now, Until = now + holdFor, By = relay };
        return InTransactionAsync<IReadOnlyList<OutboxMessage>>(async s =>
        {
            if (_dialect.Sql.ClaimOutbox is { } claim)
            {
                return (await s.QueryAsync<OutboxMessage>(claim, parameters).ConfigureAwait(false)).OrderBy(m => m.Seq).ToList();
            }

            var claimable = (await s.QueryAsync<OutboxMessage>(_dialect.Sql.SelectOutboxClaimable, parameters).ConfigureAwait(false)).ToList();
            if (claimable.Count > 0)
            {
                await s.ExecuteAsync(_dialect.Sql.MarkOutboxClaimed, new { parameters.Until, parameters.By, Seqs = claimable.Select(m => m.Seq).ToArray() }).ConfigureAwait(false);
            }

            return claimable.Select(m => m with { Attempts = m.Attempts + 1 }).ToList();
        }, ct);
    }

    /// <summary>Marks messages sent (the broker confirmed them).</summary>
    public Task MarkOutboxSentAsync(IReadOnlyCollection<long> seqs, CancellationToken ct = default) =>
        seqs.Count == 0 ? Task.CompletedTask : InTransactionAsync(async s => await s.ExecuteAsync(_dialect.Sql.MarkOutboxSent, new { Seqs = seqs.ToArray(), SentAt = _clock.GetUtcNow() }).ConfigureAwait(false), ct);

    /// <summary>Lets messages the broker did not confirm be claimed again from <paramref name="retryAt"/>.</summary>
    public Task ReleaseOutboxAsync(IReadOnlyCollection<long> seqs, DateTimeOffset retryAt, string error, CancellationToken ct = default) =>
        seqs.Count == 0 ? Task.CompletedTask : InTransactionAsync(async s => await s.ExecuteAsync(_dialect.Sql.ReleaseOutbox, new { Seqs = seqs.ToArray(), RetryAt = retryAt, Error = error.Length > 2000 ? error[..2000] : error }).ConfigureAwait(false), ct);

    /// <summary>Deletes messages sent before <paramref name="before"/>; returns how many.</summary>
    public Task<int> PurgeOutboxAsync(DateTimeOffset before, CancellationToken ct = default) =>
        InTransactionAsync(s => s.ExecuteAsync(_dialect.Sql.PurgeOutbox, new { Before = before }), ct);

    /// <summary>How many messages wait to be sent, and since when.</summary>
    public Task<OutboxBacklog> GetOutboxBacklogAsync(CancellationToken ct = default) =>
        ReadAsync((c, cancel) => c.QuerySingleAsync<OutboxBacklog>(new CommandDefinition(_dialect.Sql.SelectOutboxBacklog, cancellationToken: cancel)), ct);

    /// <summary>Every message of the outbox, sent or not, oldest first (tests, reconciliation).</summary>
    public Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<OutboxMessage>>(async (c, cancel) => (await c.QueryAsync<OutboxMessage>(new CommandDefinition(
            "SELECT seq AS Seq, message_id AS MessageId, message_type AS MessageType, body AS Body, created_at AS CreatedAt, attempts AS Attempts FROM outbox ORDER BY seq", cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);
}
