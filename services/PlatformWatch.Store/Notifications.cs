using System.Text.Json;

namespace PlatformWatch.Store;

/// <summary>
/// A subscription to notifications (docs/notifications.md): who owns it, the channel and its target,
/// and which events it wants. Its lists are JSON text in the database.
/// </summary>
public sealed record SubscriptionRecord
{
    /// <summary>Owned by a platform (set by the platform itself).</summary>
    public const string PlatformOwner = "platform";
    /// <summary>Owned by a regulator's credential (the actor's name: <c>key:ID</c>, <c>oidc:SUBJECT</c>).</summary>
    public const string RegulatorOwner = "regulator";
    /// <summary>Owned by an authority (set by its administrators).</summary>
    public const string AuthorityOwner = "authority";
    /// <summary>Delivered as a signed HTTP POST.</summary>
    public const string Webhook = "webhook";
    /// <summary>Delivered as an email.</summary>
    public const string Email = "email";

    /// <summary>Its id, <c>S-…</c>.</summary>
    public required string SubscriptionId { get; init; }
    /// <summary><see cref="PlatformOwner"/>, <see cref="RegulatorOwner"/> or <see cref="AuthorityOwner"/>.</summary>
    public required string OwnerKind { get; init; }
    /// <summary>The platform, the credential's name or the authority.</summary>
    public required string OwnerId { get; init; }
    /// <summary>For a regulator's or an authority's subscription: the authority whose cases it hears of (its subtree and what is shared with it).</summary>
    public string? AuthorityId { get; init; }
    /// <summary><see cref="Webhook"/> or <see cref="Email"/>.</summary>
    public required string Channel { get; init; }
    /// <summary>The endpoint URL or the email address.</summary>
    public required string Target { get; init; }
    /// <summary>A webhook's signing secret (base64url of 32 random bytes); null for email.</summary>
    public string? Secret { get; init; }
    /// <summary>After a rotation, the secret that signs beside <see cref="Secret"/> until <see cref="PreviousUntil"/>.</summary>
    public string? PreviousSecret { get; init; }
    /// <summary>Until when <see cref="PreviousSecret"/> signs too.</summary>
    public DateTimeOffset? PreviousUntil { get; init; }
    /// <summary>The event kinds wanted, as a JSON array.</summary>
    public required string Kinds { get; init; }
    /// <summary>For <c>case-opened</c>: the lowest severity that notifies.</summary>
    public required string MinSeverity { get; init; }
    /// <summary>For <c>deadline-approaching</c>: the lead times in days, as a JSON array.</summary>
    public required string LeadDays { get; init; }
    /// <summary>The language of email bodies (<c>en</c>, <c>zh-CN</c>).</summary>
    public required string Language { get; init; }
    /// <summary>When it was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Who made it.</summary>
    public required string CreatedBy { get; init; }
    /// <summary>When it was switched off, if it was.</summary>
    public DateTimeOffset? DisabledAt { get; init; }

    /// <summary>The event kinds wanted.</summary>
    public IReadOnlyList<string> KindList => JsonSerializer.Deserialize<string[]>(Kinds) ?? [];

    /// <summary>The lead times in days.</summary>
    public IReadOnlyList<int> LeadDayList => JsonSerializer.Deserialize<int[]>(LeadDays) ?? [];

    /// <summary>Whether it is in force.</summary>
    public bool Active => DisabledAt is null;

    /// <summary>Lists as the database keeps them (JSON text).</summary>
    public static string ToJson<T>(IEnumerable<T> values) => JsonSerializer.Serialize(values.ToArray());
}

/// <summary>One notification of one subscription: the payload frozen at fan-out, and how sending it went.</summary>
public sealed record DeliveryRecord
{
    /// <summary>Waiting to be sent (again).</summary>
    public const string Pending = "pending";
    /// <summary>Accepted by the receiver.</summary>
    public const string Sent = "sent";
    /// <summary>Given up after the retry period; sent again only by hand.</summary>
    public const string Parked = "parked";

    /// <summary>Its stable id (a name-based GUID of the subscription and the message): every attempt carries it.</summary>
    public required string DeliveryId { get; init; }
    /// <summary>The subscription it is for.</summary>
    public required string SubscriptionId { get; init; }
    /// <summary>The outbox message it announces.</summary>
    public required string MessageId { get; init; }
    /// <summary>The event kind (<c>notice-issued</c> …).</summary>
    public required string Kind { get; init; }
    /// <summary>The body as sent (JSON).</summary>
    public required string Payload { get; init; }
    /// <summary><see cref="Pending"/>, <see cref="Sent"/> or <see cref="Parked"/>.</summary>
    public required string Status { get; init; }
    /// <summary>Attempts made.</summary>
    public int Attempts { get; init; }
    /// <summary>When it may be tried next (also a sender's hold while it sends).</summary>
    public required DateTimeOffset NextAttemptAt { get; init; }
    /// <summary>When it was first tried: the retry period counts from here.</summary>
    public DateTimeOffset? FirstAttemptAt { get; init; }
    /// <summary>The receiver's last HTTP status, if it answered.</summary>
    public int? LastStatus { get; init; }
    /// <summary>Why the last attempt failed.</summary>
    public string? LastError { get; init; }
    /// <summary>When the fan-out made it.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the receiver accepted it.</summary>
    public DateTimeOffset? SentAt { get; init; }
    /// <summary>When it was parked.</summary>
    public DateTimeOffset? ParkedAt { get; init; }

    /// <summary>The delivery id of a message for a subscription: the same at every fan-out.</summary>
    public static string IdOf(string subscriptionId, string messageId) =>
        OutboundContracts.MessageId($"delivery:{subscriptionId}:{messageId}").ToString("D");
}
