using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;

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
        typeof(FindingRaised), typeof(FindingUpdated), typeof(FindingWithdrawn), typeof(CaseOpened), typeof(CaseStatusChanged), typeof(NoticeIssued),
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

// The transactional outbox: announcements are collected while the unit of work runs and written in
// its transaction, just before it commits; the relays send them after.
public sealed partial class StoreSession
{
    private readonly List<OutboxMessage> _announcements = [];

    /// <summary>Whether this unit of work wrote announcements (the store wakes its relay after the commit).</summary>
    internal bool Announced { get; private set; }

    /// <summary>Adds an announcement to the outbox of this unit of work; <paramref name="key"/> makes its stable message id.</summary>
    public void Announce<T>(T message, string key)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!OutboundContracts.ByName.ContainsKey(typeof(T).Name))
        {
            throw new ArgumentException($"{typeof(T).Name} is not an outbound contract", nameof(message));
        }

        _announcements.Add(new OutboxMessage
        {
            MessageId = OutboundContracts.MessageId(key).ToString("D"),
            MessageType = typeof(T).Name,
            Body = JsonSerializer.Serialize(message, ContractJson.Options),
            CreatedAt = _clock.GetUtcNow(),
        });
    }

    // A finding's change as the bus hears it: raised, updated or withdrawn, keyed by finding and revision.
    private void AnnounceFinding(FindingChangeKind kind, StoredFinding finding)
    {
        var key = $"finding:{finding.FindingId}:{finding.Revision}";
        switch (kind)
        {
            case FindingChangeKind.Raised:
                Announce(finding.ToFindingRaised(), key);
                break;
            case FindingChangeKind.Updated:
                Announce(finding.ToFindingUpdated(), key);
                break;
            case FindingChangeKind.Withdrawn:
                Announce(finding.ToFindingWithdrawn(), key);
                break;
        }
    }

    private void AnnounceCaseMoved(CaseRecord held, string status, string actor, long auditSeq, DateTimeOffset at)
    {
        if (WireNames.Parse<CaseStatus>(status) is not { } next)
        {
            return;
        }

        Announce(new CaseStatusChanged
        {
            CaseId = held.CaseId,
            PlatformId = held.PlatformId,
            Status = next,
            PreviousStatus = WireNames.Parse<CaseStatus>(held.Status),
            Actor = actor,
            At = at,
        }, $"case:{held.CaseId}:audit:{auditSeq}");
    }

    // Writes the collected announcements in this transaction, in the order they were made.
    private async Task FlushOutboxAsync()
    {
        if (_sets is { } sets && _announcements.Count > 0)
        {
            await ExecuteAsync(sets.InsertOutbox, new
            {
                MessageIds = _announcements.Select(m => m.MessageId).ToArray(),
                MessageTypes = _announcements.Select(m => m.MessageType).ToArray(),
                Bodies = _announcements.Select(m => m.Body).ToArray(),
                CreatedAts = _announcements.Select(m => m.CreatedAt).ToArray(),
            }).ConfigureAwait(false);
        }
        else
        {
            foreach (var message in _announcements)
            {
                await ExecuteAsync(_sql.InsertOutbox, message).ConfigureAwait(false);
            }
        }

        Announced |= _announcements.Count > 0;
        _announcements.Clear();
    }
}
