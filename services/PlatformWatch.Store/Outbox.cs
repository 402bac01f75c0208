using System.Security.Cryptography;
using System.Text;
using PlatformWatch.Contracts;

namespace PlatformWatch.Store;

/// <summary>An announcement waiting in the outbox (or claimed by a relay).</summary>
public sealed record OutboxMessage
{
    /// <summary>Its place in the outbox: the order it was written in.</summary>
    public long Seq { get; init; }
    /// <summary>The stable message id (a GUID derived from what it announces).</summary>
    public required string MessageId { get; init; }
    /// <summary>The outbound contract (<c>FindingRaised</c> …).</summary>
    public required string MessageType { get; init; }
    /// <summary>The message as JSON (CONTRACTS.md's form).</summary>
    public required string Body { get; init; }
    /// <summary>When the change it announces was written.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>How often a relay has claimed it.</summary>
    public int Attempts { get; init; }
}

/// <summary>What waits in the outbox.</summary>
public sealed record OutboxBacklog
{
    /// <summary>Messages not yet sent.</summary>
    public long Pending { get; init; }
    /// <summary>When the oldest of them was written, if any.</summary>
    public DateTimeOffset? Oldest { get; init; }
}

/// <summary>The outbound contracts the outbox carries, by name.</summary>
public static class OutboundContracts
{
    /// <summary>Every contract the outbox may hold.</summary>
    public static IReadOnlyDictionary<string, Type> ByName { get; } = new[]
    {
        typeof(FindingRaised), typeof(FindingUpdated), typeof(FindingWithdrawn), typeof(CaseOpened), typeof(CaseStatusChanged), typeof(NoticeIssued), typeof(DecisionServed),
        typeof(AnswerReceived), typeof(DecisionSubmitted), typeof(DeadlineApproaching), typeof(ReportReceived),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>
    /// The message id of an announcement: a GUID derived from its key (the finding and revision, the
    /// case, the notice), so every attempt to send it carries the same id.
    /// </summary>
    public static Guid MessageId(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("platformwatch-outbox/" + key));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5 style: name-based
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}

