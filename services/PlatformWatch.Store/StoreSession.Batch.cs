using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Store;

// A batch's work in as few statements as the engine allows: the inbox rows and share upserts of a
// batch, and the state and findings of all its dirty markets, each in one round trip where the
// dialect has a set-based statement (PostgreSQL: arrays), else one statement per item.
public sealed partial class StoreSession
{
    // Lists sent to one IN (...) stay under SQL Server's 2,100 parameters.
    private const int ListChunk = 1000;

    /// <summary>
    /// Records a batch's events in the inbox, each with its submitter (<paramref name="submitters"/>,
    /// parallel to the events; null or a null entry: not known): for each, whether it is new, a
    /// duplicate or a conflicting reuse of its id.
    /// </summary>
    public async Task<IReadOnlyList<EventOutcome>> RecordEventsAsync(IReadOnlyList<IInboundEvent> events, IReadOnlyList<string?>? submitters = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (submitters is not null && submitters.Count != events.Count)
        {
            throw new ArgumentException($"{submitters.Count} submitters for {events.Count} events", nameof(submitters));
        }

        if (_sql.InsertEvents is null || _sql.SelectEventHashes is null)
        {
            var each = new List<EventOutcome>(events.Count);
            for (var i = 0; i < events.Count; i++)
            {
                each.Add(await RecordEventAsync(events[i], submitters?[i]).ConfigureAwait(false));
            }

            return each;
        }

        var rows = events.Select((e, i) => ToEventRow(e, submitters?[i])).ToList();

        // An id repeated within the batch is inserted once; its repeats compare with what is then held.
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<EventRow>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (first.TryAdd(rows[i].EventId, i))
            {
                distinct.Add(rows[i]);
            }
        }

        var inserted = distinct.Count == 0
            ? []
            : (await _connection.QueryAsync<string>(Command(_sql.InsertEvents, new
            {
                EventIds = distinct.Select(r => r.EventId).ToArray(),
                Types = distinct.Select(r => r.Type).ToArray(),
                OccurredAts = distinct.Select(r => r.OccurredAt).ToArray(),
                Sources = distinct.Select(r => r.Source).ToArray(),
                Submitters = distinct.Select(r => r.Submitter).ToArray(),
                PlatformIds = distinct.Select(r => r.PlatformId).ToArray(),
                MarketIds = distinct.Select(r => r.MarketId).ToArray(),
                Payloads = distinct.Select(r => r.Payload).ToArray(),
                PayloadHashes = distinct.Select(r => r.PayloadHash).ToArray(),
                ReceivedAt = _clock.GetUtcNow(),
            })).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var known = distinct.Where(r => !inserted.Contains(r.EventId)).Select(r => r.EventId).ToArray();
        var held = known.Length == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : (await _connection.QueryAsync<EventHashRow>(Command(_sql.SelectEventHashes, new { Ids = known })).ConfigureAwait(false))
                .ToDictionary(r => r.EventId, r => r.PayloadHash, StringComparer.Ordinal);
        var outcomes = new List<EventOutcome>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var firstIndex = first[row.EventId];
            if (firstIndex == i && inserted.Contains(row.EventId))
            {
                outcomes.Add(EventOutcome.New);
                continue;
            }

            var heldHash = held.TryGetValue(row.EventId, out var stored) ? stored : rows[firstIndex].PayloadHash;
            outcomes.Add(heldHash == row.PayloadHash ? EventOutcome.Duplicate : EventOutcome.Conflict);
        }

        return outcomes;
    }

    /// <summary>
    /// Stores a batch's shares, each as a figure of its source's kind (by <see cref="Sources"/>),
    /// unless a superseding figure of that kind is held; returns the markets whose picture changed.
    /// </summary>
    public async Task<IReadOnlySet<string>> UpsertSharesAsync(IReadOnlyList<MarketShareReported> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        if (_sql.UpsertShares is null)
        {
            foreach (var share in shares)
            {
                if (await UpsertShareAsync(share).ConfigureAwait(false))
                {
                    changed.Add(share.MarketId);
                }
            }

            return changed;
        }

        // One row per key, the batch's superseding one (later occurredAt, then greater event id), as
        // one statement cannot change a row twice; what one event at a time would leave is the same.
        var rows = shares
            .GroupBy(s => (s.MarketId, Metric: WireNames.Name(s.Metric), s.PeriodStart, s.PeriodEnd, s.PlatformId, Kind: Sources.KindOf(s.Source)))
            .Select(g => g.OrderByDescending(s => s.OccurredAt.ToUniversalTime()).ThenByDescending(s => s.EventId, StringComparer.Ordinal).First())
            .ToList();
        if (rows.Count == 0)
        {
            return changed;
        }

        var markets = await _connection.QueryAsync<string>(Command(_sql.UpsertShares, new
        {
            MarketIds = rows.Select(s => s.MarketId).ToArray(),
            Metrics = rows.Select(s => WireNames.Name(s.Metric)).ToArray(),
            PeriodStarts = rows.Select(s => s.PeriodStart).ToArray(),
            PeriodEnds = rows.Select(s => s.PeriodEnd).ToArray(),
            PlatformIds = rows.Select(s => s.PlatformId).ToArray(),
            SourceKinds = rows.Select(s => WireNames.Name(Sources.KindOf(s.Source))).ToArray(),
            Shares = rows.Select(s => s.Share).ToArray(),
            ValueAmounts = rows.Select(s => s.Value?.Amount).ToArray(),
            ValueCurrencies = rows.Select(s => s.Value?.Currency).ToArray(),
            Jurisdictions = rows.Select(s => s.Jurisdiction).ToArray(),
            EventIds = rows.Select(s => s.EventId).ToArray(),
            OccurredAts = rows.Select(s => s.OccurredAt.ToUniversalTime()).ToArray(),
            Sources = rows.Select(s => s.Source).ToArray(),
        })).ConfigureAwait(false);
        changed.UnionWith(markets);
        return changed;
    }

    /// <summary>Locks several subjects (<see cref="LockSubjectAsync"/>) in one global order.</summary>
    public async Task LockSubjectsAsync(IEnumerable<string> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var names = subjects.Select(s => StableId.Of("S-", s, 40)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (names.Length == 0 || _sql.LockSubject is null)
        {
            return;
        }

        if (_sql.LockSubjects is { } all)
        {
            await _connection.ExecuteScalarAsync<long>(Command(all, new { Subjects = names })).ConfigureAwait(false);
            return;
        }

        foreach (var name in names)
        {
            await ExecuteAsync(_sql.LockSubject, new { Subject = name }).ConfigureAwait(false);
        }
    }

    /// <summary>Every share held for each of several markets (a market with none has an empty list).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ShareFigure>>> LoadMarketsSharesAsync(IReadOnlyCollection<string> marketIds)
    {
        ArgumentNullException.ThrowIfNull(marketIds);
        var byMarket = marketIds.ToDictionary(m => m, _ => new List<ShareFigure>(), StringComparer.Ordinal);
        foreach (var chunk in marketIds.Chunk(ListChunk))
        {
            foreach (var row in await _connection.QueryAsync<MarketShareRow>(Command(_sql.SelectMarketsShares, new { MarketIds = chunk })).ConfigureAwait(false))
            {
                byMarket[row.MarketId].Add(ToFigure(row));
            }
        }

        return byMarket.ToDictionary(p => p.Key, p => (IReadOnlyList<ShareFigure>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>Every finding of each of several subjects, whatever its status.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<StoredFinding>>> LoadSubjectsFindingsAsync(IReadOnlyCollection<string> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var bySubject = subjects.ToDictionary(s => s, _ => new List<StoredFinding>(), StringComparer.Ordinal);
        foreach (var chunk in subjects.Chunk(ListChunk))
        {
            foreach (var finding in await _connection.QueryAsync<StoredFinding>(Command(_sql.SelectSubjectsFindings, new { Subjects = chunk })).ConfigureAwait(false))
            {
                bySubject[finding.Subject].Add(finding);
            }
        }

        return bySubject.ToDictionary(p => p.Key, p => (IReadOnlyList<StoredFinding>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>The acquirers whose acquisitions target any of several markets.</summary>
    public async Task<IReadOnlyList<string>> AcquirersTargetingAsync(IReadOnlyCollection<string> marketIds)
    {
        ArgumentNullException.ThrowIfNull(marketIds);
        var acquirers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var chunk in marketIds.Chunk(ListChunk))
        {
            acquirers.UnionWith(await _connection.QueryAsync<string>(Command(_sql.SelectAcquirersTargeting, new { MarketIds = chunk })).ConfigureAwait(false));
        }

        return [.. acquirers];
    }

    private static EventRow ToEventRow(IInboundEvent inbound, string? submitter)
    {
        var payload = JsonSerializer.Serialize(inbound, inbound.GetType(), ContractJson.Options);
        return new EventRow(
            inbound.EventId,
            InboundContracts.NameOf(inbound),
            inbound.OccurredAt.ToUniversalTime(),
            inbound.Source,
            submitter,
            EventFacts.PlatformOf(inbound),
            EventFacts.MarketOf(inbound),
            payload,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload))));
    }

    private sealed record EventRow(string EventId, string Type, DateTimeOffset OccurredAt, string Source, string? Submitter, string? PlatformId, string? MarketId, string Payload, string PayloadHash);

    private sealed class EventHashRow
    {
        public string EventId { get; init; } = "";
        public string PayloadHash { get; init; } = "";
    }
}
