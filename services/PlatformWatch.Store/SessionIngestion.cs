using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Store;

/// <summary>
/// Ingestion in a unit of work: the inbox (every event taken once, as evidence) and the state the
/// rules read and write: market shares, price cells, ranking pages, due dates, clock marks, what
/// other subjects established about a platform, a platform's events and windows. Reads that serve
/// an evaluation stage take all its subjects at once: a statement per kind of state, not per subject.
/// </summary>
public sealed partial class SessionIngestion
{
    private readonly SessionDb _db;
    private readonly SessionSources _sources;

    internal SessionIngestion(SessionDb db, SessionSources sources)
    {
        _db = db;
        _sources = sources;
    }

    /// <summary>Records an event in the inbox (and as evidence), with who submitted it, unless its id was processed before.</summary>
    public async Task<EventOutcome> RecordEventAsync(IInboundEvent inbound, string? submitter = null)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var row = ToEventRow(inbound, submitter);
        var inserted = await _db.ExecuteAsync(_db.Sql.Ingestion.InsertEvent, new
        {
            row.EventId,
            row.Type,
            row.OccurredAt,
            row.Source,
            row.Submitter,
            row.PlatformId,
            row.MarketId,
            row.Payload,
            row.PayloadHash,
            ReceivedAt = _db.Now,
        }).ConfigureAwait(false);
        if (inserted == 1)
        {
            return EventOutcome.New;
        }

        var held = await _db.Connection.ExecuteScalarAsync<string>(_db.Command(_db.Sql.Ingestion.SelectEventHash, new { inbound.EventId })).ConfigureAwait(false);
        return held == row.PayloadHash ? EventOutcome.Duplicate : EventOutcome.Conflict;
    }

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

        if (_db.Sql.Ingestion.InsertEvents is null || _db.Sql.Ingestion.SelectEventHashes is null)
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
            : (await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.Ingestion.InsertEvents, new
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
                ReceivedAt = _db.Now,
            })).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var known = distinct.Where(r => !inserted.Contains(r.EventId)).Select(r => r.EventId).ToArray();
        var held = known.Length == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : (await _db.Connection.QueryAsync<EventHashRow>(_db.Command(_db.Sql.Ingestion.SelectEventHashes, new { Ids = known })).ConfigureAwait(false))
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
    /// Stores a batch's shares, each as a figure of its source's kind (by <see cref="SessionSources.Registry"/>),
    /// unless a superseding figure of that kind is held; returns the markets whose picture changed.
    /// </summary>
    public async Task<IReadOnlySet<string>> UpsertSharesAsync(IReadOnlyList<MarketShareReported> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        if (_db.Sql.Ingestion.UpsertShares is null)
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
            .GroupBy(s => (s.MarketId, Metric: WireNames.Name(s.Metric), s.PeriodStart, s.PeriodEnd, s.PlatformId, Kind: _sources.Registry.KindOf(s.Source)))
            .Select(g => g.OrderByDescending(s => s.OccurredAt.ToUniversalTime()).ThenByDescending(s => s.EventId, StringComparer.Ordinal).First())
            .ToList();
        if (rows.Count == 0)
        {
            return changed;
        }

        var markets = await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.Ingestion.UpsertShares, new
        {
            MarketIds = rows.Select(s => s.MarketId).ToArray(),
            Metrics = rows.Select(s => WireNames.Name(s.Metric)).ToArray(),
            PeriodStarts = rows.Select(s => s.PeriodStart).ToArray(),
            PeriodEnds = rows.Select(s => s.PeriodEnd).ToArray(),
            PlatformIds = rows.Select(s => s.PlatformId).ToArray(),
            SourceKinds = rows.Select(s => WireNames.Name(_sources.Registry.KindOf(s.Source))).ToArray(),
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

    /// <summary>Every share held for each of several markets (a market with none has an empty list).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ShareFigure>>> LoadMarketsSharesAsync(IReadOnlyCollection<string> marketIds)
    {
        ArgumentNullException.ThrowIfNull(marketIds);
        var byMarket = marketIds.ToDictionary(m => m, _ => new List<ShareFigure>(), StringComparer.Ordinal);
        foreach (var chunk in marketIds.Chunk(SessionDb.ListChunk))
        {
            foreach (var row in await _db.Connection.QueryAsync<MarketShareRow>(_db.Command(_db.Sql.Ingestion.SelectMarketsShares, new { MarketIds = chunk })).ConfigureAwait(false))
            {
                byMarket[row.MarketId].Add(ToFigure(row));
            }
        }

        return byMarket.ToDictionary(p => p.Key, p => (IReadOnlyList<ShareFigure>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>The acquirers whose acquisitions target any of several markets.</summary>
    public async Task<IReadOnlyList<string>> AcquirersTargetingAsync(IReadOnlyCollection<string> marketIds)
    {
        ArgumentNullException.ThrowIfNull(marketIds);
        var acquirers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var chunk in marketIds.Chunk(SessionDb.ListChunk))
        {
            acquirers.UnionWith(await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.Ingestion.SelectAcquirersTargeting, new { MarketIds = chunk })).ConfigureAwait(false));
        }

        return [.. acquirers];
    }

    /// <summary>Stores a share unless a superseding one is held; true when the picture changed.</summary>
    public async Task<bool> UpsertShareAsync(MarketShareReported e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var changed = await _db.ExecuteAsync(_db.Sql.Ingestion.UpsertShare, new
        {
            SourceKind = WireNames.Name(_sources.Registry.KindOf(e.Source)),
            e.Source,
            e.MarketId,
            Metric = WireNames.Name(e.Metric),
            e.PeriodStart,
            e.PeriodEnd,
            e.PlatformId,
            e.Share,
            ValueAmount = e.Value?.Amount,
            ValueCurrency = e.Value?.Currency,
            e.Jurisdiction,
            e.EventId,
            OccurredAt = e.OccurredAt.ToUniversalTime(),
        }).ConfigureAwait(false);
        return changed > 0;
    }

    /// <summary>Every share held for a market.</summary>
    public async Task<IReadOnlyList<ShareFigure>> LoadMarketSharesAsync(string marketId)
    {
        var rows = await _db.Connection.QueryAsync<MarketShareRow>(_db.Command(_db.Sql.Ingestion.SelectMarketShares, new { MarketId = marketId })).ConfigureAwait(false);
        return rows.Select(ToFigure).ToList();
    }

    private static ShareFigure ToFigure(MarketShareRow r) => new(
        r.MarketId,
        WireNames.Parse<ShareMetric>(r.Metric) ?? throw new InvalidDataException($"unknown metric '{r.Metric}' in market_shares"),
        new DateRange(r.PeriodStart, r.PeriodEnd),
        r.PlatformId,
        r.Share,
        r.Jurisdiction,
        r.EventId,
        r.OccurredAt)
    {
        Source = r.Source,
        Kind = WireNames.Parse<SourceKind>(r.SourceKind) ?? SourceKind.Unclassified,
    };

    /// <summary>What is established about each of several platforms: its active findings and the decisions about it.</summary>
    public async Task<IReadOnlyDictionary<string, PlatformFacts>> LoadFactsAsync(IReadOnlyCollection<string> platformIds)
    {
        ArgumentNullException.ThrowIfNull(platformIds);
        var findings = platformIds.ToDictionary(p => p, _ => new List<FindingFact>(), StringComparer.Ordinal);
        foreach (var chunk in platformIds.Chunk(SessionDb.ListChunk))
        {
            foreach (var r in await _db.Connection.QueryAsync<PlatformFactRow>(_db.Command(_db.Sql.Findings.SelectPlatformsFindings, new { PlatformIds = chunk })).ConfigureAwait(false))
            {
                findings[r.PlatformId].Add(new FindingFact(
                    r.FindingId,
                    r.RuleId,
                    r.MarketId,
                    new DateRange(r.PeriodStart, r.PeriodEnd),
                    new DateRange(r.EstablishedFrom, r.EstablishedTo),
                    JsonSerializer.Deserialize<string[]>(r.Evidence) ?? []));
            }
        }

        var designations = await LoadPlatformEventsAsync<DesignationDecided>(platformIds).ConfigureAwait(false);
        return findings.ToDictionary(p => p.Key, p => new PlatformFacts(p.Key, p.Value, designations[p.Key]), StringComparer.Ordinal);
    }

    /// <summary>Several platforms' events of one contract, as stored, in event id order.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<T>>> LoadPlatformEventsAsync<T>(IReadOnlyCollection<string> platformIds)
        where T : IInboundEvent
    {
        ArgumentNullException.ThrowIfNull(platformIds);
        var events = platformIds.ToDictionary(p => p, _ => new List<T>(), StringComparer.Ordinal);
        foreach (var chunk in platformIds.Chunk(SessionDb.ListChunk))
        {
            foreach (var row in await _db.Connection.QueryAsync<PlatformPayloadRow>(_db.Command(_db.Sql.Ingestion.SelectPlatformsEvents, new { PlatformIds = chunk, Type = typeof(T).Name })).ConfigureAwait(false))
            {
                events[row.PlatformId].Add(JsonSerializer.Deserialize<T>(row.Payload, ContractJson.Options)!);
            }
        }

        return events.ToDictionary(p => p.Key, p => (IReadOnlyList<T>)p.Value, StringComparer.Ordinal);
    }

    /// <summary>The price and ranking windows (platform, market, month) of several platforms.</summary>
    public async Task<(IReadOnlyList<(string PlatformId, string MarketId, DateOnly Month)> Prices, IReadOnlyList<(string PlatformId, string MarketId, DateOnly Month)> Rankings)> LoadWindowsAsync(IReadOnlyCollection<string> platformIds)
    {
        ArgumentNullException.ThrowIfNull(platformIds);
        var prices = new List<(string, string, DateOnly)>();
        var rankings = new List<(string, string, DateOnly)>();
        foreach (var chunk in platformIds.Chunk(SessionDb.ListChunk))
        {
            prices.AddRange((await _db.Connection.QueryAsync<PlatformWindowRow>(_db.Command(_db.Sql.Ingestion.SelectPlatformsPriceWindows, new { PlatformIds = chunk })).ConfigureAwait(false)).Select(w => (w.PlatformId, w.MarketId, w.Month)));
            rankings.AddRange((await _db.Connection.QueryAsync<PlatformWindowRow>(_db.Command(_db.Sql.Ingestion.SelectPlatformsRankingWindows, new { PlatformIds = chunk })).ConfigureAwait(false)).Select(w => (w.PlatformId, w.MarketId, w.Month)));
        }

        return (prices, rankings);
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

    private sealed class PlatformFactRow
    {
        public string PlatformId { get; init; } = "";
        public string FindingId { get; init; } = "";
        public string RuleId { get; init; } = "";
        public string? MarketId { get; init; }
        public DateOnly PeriodStart { get; init; }
        public DateOnly PeriodEnd { get; init; }
        public DateOnly EstablishedFrom { get; init; }
        public DateOnly EstablishedTo { get; init; }
        public string Evidence { get; init; } = "[]";
    }

    private sealed class PlatformPayloadRow
    {
        public string PlatformId { get; init; } = "";
        public string Payload { get; init; } = "";
    }

    private sealed class PlatformWindowRow
    {
        public string PlatformId { get; init; } = "";
        public string MarketId { get; init; } = "";
        public DateOnly Month { get; init; }
    }
}
