using System.Text.Json;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Store;

/// <summary>
/// The outbox of a unit of work: announcements are collected while it runs and written in its
/// transaction, just before it commits; the relays send them after.
/// </summary>
public sealed class SessionOutbox
{
    private readonly SessionDb _db;
    private readonly List<OutboxMessage> _announcements = [];

    internal SessionOutbox(SessionDb db) => _db = db;

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
            CreatedAt = _db.Now,
        });
    }

    // A finding's change as the bus hears it: raised, updated or withdrawn, keyed by finding and revision.
    internal void AnnounceFinding(FindingChange change)
    {
        var finding = change.Finding;
        var key = $"finding:{finding.FindingId}:{finding.Revision}";
        switch (change.Kind)
        {
            case FindingChangeKind.Raised:
                Announce(finding.ToFindingRaised(change.Derived), key);
                break;
            case FindingChangeKind.Updated:
                Announce(finding.ToFindingUpdated(change.Derived), key);
                break;
            case FindingChangeKind.Withdrawn:
                Announce(finding.ToFindingWithdrawn(), key);
                break;
        }
    }

    internal void AnnounceCaseMoved(CaseRecord held, string status, string actor, long auditSeq, DateTimeOffset at)
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
    internal async Task FlushAsync()
    {
        if (_db.Sets is { } sets && _announcements.Count > 0)
        {
            await _db.ExecuteAsync(sets.InsertOutbox, new
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
                await _db.ExecuteAsync(_db.Sql.Outbox.InsertOutbox, message).ConfigureAwait(false);
            }
        }

        Announced |= _announcements.Count > 0;
        _announcements.Clear();
    }
}
