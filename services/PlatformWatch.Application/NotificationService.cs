using System.Buffers.Text;
using System.Net.Mail;
using System.Security.Cryptography;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// Subscriptions to notifications (docs/notifications.md). A platform subscribes for itself and
/// sees only its own subscriptions (another platform's is not found); a regulator for its own
/// credential, and an administrator for its authority. A webhook's endpoint is checked against the
/// rules of <see cref="EndpointGuard"/>; its signing secret is shown once, when made or rotated.
/// </summary>
public sealed class NotificationService(CaseStore store, NotificationOptions options)
{
    /// <summary>The most deliveries a delivery log shows.</summary>
    public const int DeliveryLogLimit = 200;

    /// <summary>The languages email bodies are written in.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "zh-CN"];

    /// <summary>The subscriptions the actor owns (a regulator: its own and its authority's), oldest first.</summary>
    public async Task<Outcome<IReadOnlyList<SubscriptionRecord>>> ListAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Owners(actor) is not { Count: > 0 } owners)
        {
            return Outcome<IReadOnlyList<SubscriptionRecord>>.Refused(OutcomeKind.Forbidden, Messages.Get("notify.ownersOnly"));
        }

        return Outcome<IReadOnlyList<SubscriptionRecord>>.Ok(await store.InTransactionAsync<IReadOnlyList<SubscriptionRecord>>(async s =>
        {
            var found = new List<SubscriptionRecord>();
            foreach (var (kind, id) in owners)
            {
                found.AddRange(await s.Notifications.OwnedByAsync(kind, id).ConfigureAwait(false));
            }

            return found;
        }, ct).ConfigureAwait(false));
    }

    /// <summary>A subscription the actor may see, or not found.</summary>
    public Task<Outcome<SubscriptionRecord>> GetAsync(Actor actor, string subscriptionId, CancellationToken ct) =>
        OwnedAsync(actor, subscriptionId, change: false, (_, found) => Task.FromResult(Outcome<SubscriptionRecord>.Ok(found)), ct);

    /// <summary>Makes a subscription for the actor (or its authority); a webhook's secret comes back this once.</summary>
    public async Task<Outcome<Subscription>> CreateAsync(Actor actor, SubscriptionDraft draft, string requestLanguage, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        if (OwnerFor(actor, draft.ForAuthority) is not { } owner)
        {
            return Outcome<Subscription>.Refused(OutcomeKind.Forbidden, Messages.Get(draft.ForAuthority ? "notify.authorityAdminsOnly" : "notify.ownersOnly"));
        }

        if (await InvalidAsync(owner.Kind, draft, ct).ConfigureAwait(false) is { } invalid)
        {
            return Outcome<Subscription>.Invalid(invalid.Field, invalid.Reason);
        }

        var id = SessionNotifications.NewSubscriptionId();
        var secret = draft.Channel == SubscriptionRecord.Webhook ? NewSecret() : null;
        return await store.InTransactionAsync(async s =>
        {
            var owned = await s.Notifications.OwnedByAsync(owner.Kind, owner.Id).ConfigureAwait(false);
            if (owned.FirstOrDefault(o => o.SubscriptionId == id) is { } done)
            {
                return Outcome<Subscription>.Ok(new Subscription(done, done.Secret));
            }

            if (owned.Count(o => o.Active) >= options.MaxSubscriptionsPerOwner)
            {
                return Outcome<Subscription>.Refused(OutcomeKind.Conflict, Messages.Format("notify.tooMany", owned.Count(o => o.Active)));
            }

            var record = await s.Notifications.AddAsync(new SubscriptionRecord
            {
                SubscriptionId = id,
                OwnerKind = owner.Kind,
                OwnerId = owner.Id,
                AuthorityId = owner.Kind == SubscriptionRecord.PlatformOwner ? null : actor.AuthorityId,
                Channel = draft.Channel,
                Target = draft.Target.Trim(),
                Secret = secret,
                Kinds = SubscriptionRecord.ToJson(draft.Kinds.Distinct(StringComparer.Ordinal)),
                MinSeverity = draft.MinSeverity ?? "high",
                LeadDays = SubscriptionRecord.ToJson((draft.LeadDays ?? NotificationKinds.DefaultLeadDays).Distinct().OrderDescending()),
                Language = draft.Language ?? (Languages.Contains(requestLanguage, StringComparer.Ordinal) ? requestLanguage : "en"),
                CreatedAt = s.Notifications.Now,
                CreatedBy = actor.Name,
            }).ConfigureAwait(false);
            return Outcome<Subscription>.Ok(new Subscription(record, secret));
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces a webhook's signing secret; the new one comes back this once. The old one signs beside
    /// it for <paramref name="previousValidFor"/> (at most 72 hours; zero: it signs nothing more), so
    /// a receiver can switch over without refusing a delivery.
    /// </summary>
    public Task<Outcome<Subscription>> RotateSecretAsync(Actor actor, string subscriptionId, TimeSpan previousValidFor, CancellationToken ct)
    {
        if (previousValidFor < TimeSpan.Zero || previousValidFor > TimeSpan.FromHours(72))
        {
            return Task.FromResult(Outcome<Subscription>.Invalid("previousValidHours", Messages.Get("notify.previousValidHours")));
        }

        return OwnedAsync(actor, subscriptionId, change: true, async (s, found) =>
        {
            if (found.Channel != SubscriptionRecord.Webhook || !found.Active)
            {
                return Outcome<Subscription>.Refused(OutcomeKind.Conflict, found.Active ? Messages.Format("notify.secretOfWebhooksOnly") : Messages.Format("notify.switchedOff", subscriptionId));
            }

            var secret = NewSecret();
            DateTimeOffset? until = previousValidFor > TimeSpan.Zero ? s.Notifications.Now + previousValidFor : null;
            await s.Notifications.SetSecretAsync(subscriptionId, secret, until).ConfigureAwait(false);
            return Outcome<Subscription>.Ok(new Subscription(found with { Secret = secret, PreviousSecret = until is null ? null : found.Secret, PreviousUntil = until }, secret));
        }, ct);
    }

    /// <summary>Switches a subscription off: nothing more is fanned out to it, and what waits is not sent.</summary>
    public Task<Outcome<SubscriptionRecord>> DisableAsync(Actor actor, string subscriptionId, CancellationToken ct) =>
        OwnedAsync(actor, subscriptionId, change: true, async (s, found) =>
        {
            if (!found.Active)
            {
                return Outcome<SubscriptionRecord>.Ok(found);
            }

            await s.Notifications.DisableAsync(subscriptionId).ConfigureAwait(false);
            return Outcome<SubscriptionRecord>.Ok(found with { DisabledAt = s.Notifications.Now });
        }, ct);

    /// <summary>A subscription's delivery log, newest first (at most <see cref="DeliveryLogLimit"/>).</summary>
    public Task<Outcome<IReadOnlyList<DeliveryRecord>>> DeliveriesAsync(Actor actor, string subscriptionId, CancellationToken ct) =>
        OwnedAsync(actor, subscriptionId, change: false, async (s, _) =>
            Outcome<IReadOnlyList<DeliveryRecord>>.Ok(await s.Notifications.DeliveriesAsync(subscriptionId, DeliveryLogLimit).ConfigureAwait(false)), ct);

    /// <summary>Sends parked deliveries of a subscription again, each with a new retry period; one not of it is not found, one not parked a conflict.</summary>
    public Task<Outcome<IReadOnlyList<DeliveryRecord>>> ResendAsync(Actor actor, string subscriptionId, IReadOnlyList<string> deliveryIds, CancellationToken ct) =>
        OwnedAsync(actor, subscriptionId, change: true, async (s, found) =>
        {
            if (!found.Active)
            {
                return Outcome<IReadOnlyList<DeliveryRecord>>.Refused(OutcomeKind.Conflict, Messages.Format("notify.switchedOff", subscriptionId));
            }

            // Every one checked before any is sent again: a refusal leaves them all as they were.
            var ids = deliveryIds.Distinct(StringComparer.Ordinal).ToList();
            foreach (var deliveryId in ids)
            {
                if (await s.Notifications.DeliveryAsync(deliveryId).ConfigureAwait(false) is not { } delivery || delivery.SubscriptionId != subscriptionId)
                {
                    return Outcome<IReadOnlyList<DeliveryRecord>>.Refused(OutcomeKind.NotFound, Messages.Format("notify.noDelivery", deliveryId));
                }

                if (delivery.Status != DeliveryRecord.Parked)
                {
                    return Outcome<IReadOnlyList<DeliveryRecord>>.Refused(OutcomeKind.Conflict, Messages.Format("notify.notParked", deliveryId));
                }
            }

            var resent = new List<DeliveryRecord>();
            foreach (var deliveryId in ids)
            {
                await s.Notifications.RequeueAsync(deliveryId).ConfigureAwait(false);
                resent.Add((await s.Notifications.DeliveryAsync(deliveryId).ConfigureAwait(false))!);
            }

            return Outcome<IReadOnlyList<DeliveryRecord>>.Ok(resent);
        }, ct);

    // Who the actor subscribes as: its platform; a regulator's own credential, or its authority (administrators).
    private static (string Kind, string Id)? OwnerFor(Actor actor, bool forAuthority) => actor switch
    {
        { Role: ApiRoles.Platform, PlatformId: { } platform } when !forAuthority => (SubscriptionRecord.PlatformOwner, platform),
        { IsRegulator: true } when !forAuthority => (SubscriptionRecord.RegulatorOwner, actor.Name),
        { Role: ApiRoles.RegulatorAdmin, AuthorityId: { } authority } when forAuthority => (SubscriptionRecord.AuthorityOwner, authority),
        _ => null,
    };

    // Whose subscriptions the actor sees.
    private static List<(string Kind, string Id)> Owners(Actor actor)
    {
        var owners = new List<(string Kind, string Id)>();
        if (OwnerFor(actor, forAuthority: false) is { } own)
        {
            owners.Add(own);
        }

        if (actor is { IsRegulator: true, AuthorityId: { } authority })
        {
            owners.Add((SubscriptionRecord.AuthorityOwner, authority));
        }

        return owners;
    }

    // Runs act on a subscription the actor may see (change: may change), in one transaction; another's
    // is not found.
    private Task<Outcome<T>> OwnedAsync<T>(Actor actor, string subscriptionId, bool change, Func<StoreSession, SubscriptionRecord, Task<Outcome<T>>> act, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return store.InTransactionAsync(async s =>
        {
            if (await s.Notifications.GetAsync(subscriptionId).ConfigureAwait(false) is not { } found || !Owners(actor).Contains((found.OwnerKind, found.OwnerId)))
            {
                return Outcome<T>.Refused(OutcomeKind.NotFound, Messages.Format("notify.noSubscription", subscriptionId));
            }

            if (change && found.OwnerKind == SubscriptionRecord.AuthorityOwner && actor.Role != ApiRoles.RegulatorAdmin)
            {
                return Outcome<T>.Refused(OutcomeKind.Forbidden, Messages.Get("notify.authorityAdminsChange"));
            }

            return await act(s, found).ConfigureAwait(false);
        }, ct);
    }

    private async Task<(string Field, string Reason)?> InvalidAsync(string ownerKind, SubscriptionDraft draft, CancellationToken ct)
    {
        if (draft.Channel is not (SubscriptionRecord.Webhook or SubscriptionRecord.Email))
        {
            return ("channel", Messages.Get("notify.channel"));
        }

        if (string.IsNullOrWhiteSpace(draft.Target) || draft.Target.Length > 2000)
        {
            return ("target", Messages.Get("notify.target.missing"));
        }

        if (draft.Channel == SubscriptionRecord.Webhook && await EndpointGuard.RefusalAsync(draft.Target.Trim(), options.AllowPrivateEndpoints, ct).ConfigureAwait(false) is { } refused)
        {
            return ("target", refused.Localized);
        }

        if (draft.Channel == SubscriptionRecord.Email && !IsMailbox(draft.Target.Trim()))
        {
            return ("target", Messages.Get("notify.target.email"));
        }

        var allowed = ownerKind == SubscriptionRecord.PlatformOwner ? NotificationKinds.ForPlatforms : NotificationKinds.All;
        if (draft.Kinds.Count == 0)
        {
            return ("kinds", Messages.Get("notify.kinds.none"));
        }

        if (draft.Kinds.FirstOrDefault(k => !allowed.Contains(k, StringComparer.Ordinal)) is { } kind)
        {
            return ("kinds", NotificationKinds.All.Contains(kind, StringComparer.Ordinal)
                ? Messages.Format("notify.kinds.notPlatform", kind, string.Join(", ", allowed))
                : Messages.Format("notify.kinds.unknown", kind, string.Join(", ", allowed)));
        }

        if (draft.MinSeverity is { } severity && WireNames.Parse<Severity>(severity) is null)
        {
            return ("minSeverity", Messages.Get("notify.minSeverity"));
        }

        if (draft.LeadDays is { } lead && (lead.Count is 0 or > 5 || lead.Any(d => d is < 1 or > 90)))
        {
            return ("leadDays", Messages.Get("notify.leadDays"));
        }

        if (draft.Language is { } language && !Languages.Contains(language, StringComparer.Ordinal))
        {
            return ("language", Messages.Get("notify.language"));
        }

        return null;
    }

    private static bool IsMailbox(string address) =>
        address.Length <= 320 && MailAddress.TryCreate(address, out var parsed) && parsed.Address == address && parsed.DisplayName.Length == 0;

    // 32 random bytes, base64url: the key of the HMAC-SHA256 that signs a webhook's bodies.
    private static string NewSecret() => "whsec_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
