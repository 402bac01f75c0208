using Dapper;

namespace PlatformWatch.Store;

/// <summary>
/// The deliveries, as the senders use them: claim those due (held while they are sent), then record
/// the attempt: sent, to be retried at a later time, or parked.
/// </summary>
public sealed class StoreNotifications
{
    private readonly CaseStore _store;

    internal StoreNotifications(CaseStore store) => _store = store;

    /// <summary>
    /// Claims up to <paramref name="limit"/> deliveries due now, for <paramref name="holdFor"/>: a
    /// sender that dies holding some lets them go when the hold ends (and they are sent again with
    /// the same id). Senders claiming at once take different deliveries.
    /// </summary>
    public Task<IReadOnlyList<DeliveryRecord>> ClaimDueAsync(int limit, TimeSpan holdFor, CancellationToken ct = default)
    {
        var now = _store.Clock.GetUtcNow();
        return _store.InTransactionAsync<IReadOnlyList<DeliveryRecord>>(async s =>
        {
            var due = (await s.Db.QueryAsync<DeliveryRecord>(_store.Sql.Notifications.SelectDeliveriesDue, new { Limit = limit, Now = now }).ConfigureAwait(false)).ToList();
            if (due.Count > 0)
            {
                await s.Db.ExecuteAsync(_store.Sql.Notifications.MarkDeliveriesClaimed, new { Ids = due.Select(d => d.DeliveryId).ToArray(), Until = now + holdFor, Now = now }).ConfigureAwait(false);
            }

            return [.. due.Select(d => d with { Attempts = d.Attempts + 1, FirstAttemptAt = d.FirstAttemptAt ?? now, NextAttemptAt = now + holdFor })];
        }, ct);
    }

    /// <summary>Records a delivery accepted by its receiver.</summary>
    public Task MarkSentAsync(string deliveryId, int? status, CancellationToken ct = default) =>
        _store.InTransactionAsync(s => s.Db.ExecuteAsync(_store.Sql.Notifications.MarkDeliverySent, new { DeliveryId = deliveryId, At = _store.Clock.GetUtcNow(), LastStatus = status }), ct);

    /// <summary>Records a failed attempt, to be tried again at <paramref name="next"/>.</summary>
    public Task RetryAsync(string deliveryId, DateTimeOffset next, int? status, string error, CancellationToken ct = default) =>
        _store.InTransactionAsync(s => s.Db.ExecuteAsync(_store.Sql.Notifications.RetryDelivery, new { DeliveryId = deliveryId, NextAttemptAt = next, LastStatus = status, LastError = Cut(error) }), ct);

    /// <summary>Parks a delivery with the reason: it is sent again only by hand.</summary>
    public Task ParkAsync(string deliveryId, int? status, string error, CancellationToken ct = default) =>
        _store.InTransactionAsync(s => s.Db.ExecuteAsync(_store.Sql.Notifications.ParkDelivery, new { DeliveryId = deliveryId, At = _store.Clock.GetUtcNow(), LastStatus = status, LastError = Cut(error) }), ct);

    /// <summary>A delivery, or null.</summary>
    public Task<DeliveryRecord?> GetAsync(string deliveryId, CancellationToken ct = default) =>
        _store.ReadAsync((c, cancel) => c.QuerySingleOrDefaultAsync<DeliveryRecord?>(new CommandDefinition(_store.Sql.Notifications.SelectDelivery, new { DeliveryId = deliveryId }, cancellationToken: cancel)), ct);

    /// <summary>A subscription, or null (the sender reads its target and secret).</summary>
    public Task<SubscriptionRecord?> SubscriptionAsync(string subscriptionId, CancellationToken ct = default) =>
        _store.ReadAsync((c, cancel) => c.QuerySingleOrDefaultAsync<SubscriptionRecord?>(new CommandDefinition(_store.Sql.Notifications.SelectSubscription, new { SubscriptionId = subscriptionId }, cancellationToken: cancel)), ct);

    private static string Cut(string error) => error.Length > 2000 ? error[..2000] : error;
}
