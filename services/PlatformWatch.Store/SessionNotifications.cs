using Dapper;

namespace PlatformWatch.Store;

/// <summary>
/// Notifications in a unit of work: subscriptions made, read, rotated and switched off; the fan-out
/// of outbox messages into deliveries (claim, insert, mark, in one transaction); a parked delivery
/// sent again by hand.
/// </summary>
public sealed class SessionNotifications
{
    private readonly SessionDb _db;

    internal SessionNotifications(SessionDb db) => _db = db;

    /// <summary>A new subscription id, taken before the transaction so that a retry finds what it made.</summary>
    public static string NewSubscriptionId() => SessionDb.NewId("S-");

    /// <summary>The clock of the unit of work.</summary>
    public DateTimeOffset Now => _db.Now;

    /// <summary>Records a new subscription.</summary>
    public async Task<SubscriptionRecord> AddAsync(SubscriptionRecord subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await _db.ExecuteAsync(_db.Sql.Notifications.InsertSubscription, subscription).ConfigureAwait(false);
        return subscription;
    }

    /// <summary>A subscription, or null.</summary>
    public async Task<SubscriptionRecord?> GetAsync(string subscriptionId) =>
        (await _db.QueryAsync<SubscriptionRecord>(_db.Sql.Notifications.SelectSubscription, new { SubscriptionId = subscriptionId }).ConfigureAwait(false)).SingleOrDefault();

    /// <summary>An owner's subscriptions, switched off ones included, oldest first.</summary>
    public async Task<IReadOnlyList<SubscriptionRecord>> OwnedByAsync(string ownerKind, string ownerId) =>
        [.. await _db.QueryAsync<SubscriptionRecord>(_db.Sql.Notifications.SelectOwnerSubscriptions, new { OwnerKind = ownerKind, OwnerId = ownerId }).ConfigureAwait(false)];

    /// <summary>Every subscription in force.</summary>
    public async Task<IReadOnlyList<SubscriptionRecord>> ActiveAsync() =>
        [.. await _db.QueryAsync<SubscriptionRecord>(_db.Sql.Notifications.SelectActiveSubscriptions, new { }).ConfigureAwait(false)];

    /// <summary>Replaces a subscription's signing secret, the old one signing beside it until <paramref name="previousUntil"/> (null: not at all); false when it is switched off or unknown.</summary>
    public async Task<bool> SetSecretAsync(string subscriptionId, string secret, DateTimeOffset? previousUntil) =>
        await _db.ExecuteAsync(_db.Sql.Notifications.UpdateSubscriptionSecret, new { SubscriptionId = subscriptionId, Secret = secret, PreviousUntil = previousUntil }).ConfigureAwait(false) == 1;

    /// <summary>Switches a subscription off; false when it was off already or is unknown.</summary>
    public async Task<bool> DisableAsync(string subscriptionId) =>
        await _db.ExecuteAsync(_db.Sql.Notifications.DisableSubscription, new { SubscriptionId = subscriptionId, DisabledAt = _db.Now }).ConfigureAwait(false) == 1;

    /// <summary>Takes the fan-out's turn until this unit of work ends; false while another process's fan-out has it.</summary>
    public async Task<bool> TakeFanOutTurnAsync() =>
        await _db.Connection.ExecuteScalarAsync<int>(_db.Command(_db.Sql.Notifications.TakeFanOutTurn, new { })).ConfigureAwait(false) == 1;

    /// <summary>Up to <paramref name="limit"/> outbox messages not fanned out yet, oldest first (call it with the fan-out's turn taken).</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimFanOutAsync(int limit) =>
        [.. await _db.QueryAsync<OutboxMessage>(_db.Sql.Notifications.SelectFanOutClaimable, new { Limit = limit }).ConfigureAwait(false)];

    /// <summary>Adds a delivery unless it is there (a fan-out repeated after a crash adds nothing).</summary>
    public Task AddDeliveryAsync(DeliveryRecord delivery) => _db.ExecuteAsync(_db.Sql.Notifications.InsertDelivery, delivery);

    /// <summary>Marks outbox messages fanned out.</summary>
    public Task MarkFannedOutAsync(IReadOnlyCollection<long> seqs) =>
        seqs.Count == 0 ? Task.CompletedTask : _db.ExecuteAsync(_db.Sql.Notifications.MarkFannedOut, new { Seqs = seqs.ToArray(), At = _db.Now });

    /// <summary>A subscription's latest deliveries, newest first.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> DeliveriesAsync(string subscriptionId, int limit) =>
        [.. await _db.QueryAsync<DeliveryRecord>(_db.Sql.Notifications.SelectSubscriptionDeliveries, new { SubscriptionId = subscriptionId, Limit = limit }).ConfigureAwait(false)];

    /// <summary>A delivery, or null.</summary>
    public async Task<DeliveryRecord?> DeliveryAsync(string deliveryId) =>
        (await _db.QueryAsync<DeliveryRecord>(_db.Sql.Notifications.SelectDelivery, new { DeliveryId = deliveryId }).ConfigureAwait(false)).SingleOrDefault();

    /// <summary>Sends a parked delivery again from now, with a new retry period; false when it is not parked.</summary>
    public async Task<bool> RequeueAsync(string deliveryId) =>
        await _db.ExecuteAsync(_db.Sql.Notifications.RequeueDelivery, new { DeliveryId = deliveryId, At = _db.Now }).ConfigureAwait(false) == 1;

    /// <summary>Takes (or renews) a lease for <paramref name="holder"/> until <paramref name="until"/>; false while another holds it.</summary>
    public async Task<bool> TakeLeaseAsync(string name, string holder, DateTimeOffset until) =>
        await _db.ExecuteAsync(_db.Sql.Notifications.TakeLease, new { Name = name, Holder = holder, Until = until, Now = _db.Now }).ConfigureAwait(false) == 1;

    /// <summary>The notices awaiting an answer due after now and at the latest <paramref name="until"/>.</summary>
    public async Task<IReadOnlyList<NoticeRecord>> NoticesDueAsync(DateTimeOffset until) =>
        [.. (await _db.QueryAsync<NoticeRows.Notice>(_db.Sql.Notifications.SelectNoticesDueBetween, new { Now = _db.Now, Until = until }).ConfigureAwait(false)).Select(n => n.ToRecord())];

    /// <summary>Every served decision.</summary>
    public async Task<IReadOnlyList<DecisionRecord>> ServedDecisionsAsync() =>
        [.. await _db.QueryAsync<DecisionRecord>(_db.Sql.Notifications.SelectAllServedDecisions, new { }).ConfigureAwait(false)];
}
