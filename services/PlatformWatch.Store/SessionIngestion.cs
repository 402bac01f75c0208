using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.Store;

/// <summary>
/// Ingestion in a unit of work: the inbox (every event taken once, as evidence) and the state the
/// rules read and write: market shares, price cells, ranking pages, due dates, clock marks, what
/// other subjects established about a platform, a platform's events and windows. Reads that serve
/// an evaluation stage take all its subjects at once: a statement per kind of state, not per subject.
/// </summary>
public sealed class SessionIngestion
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
        var inserted = await _db.ExecuteAsync(_db.Sql.InsertEvent, new
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

        var held = await _db.Connection.ExecuteScalarAsync<string>(_db.Command(_db.Sql.SelectEventHash, new { inbound.EventId })).ConfigureAwait(false);
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

        if (_db.Sql.InsertEvents is null || _db.Sql.SelectEventHashes is null)
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
            : (await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.InsertEvents, new
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
            : (await _db.Connection.QueryAsync<EventHashRow>(_db.Command(_db.Sql.SelectEventHashes, new { Ids = known })).ConfigureAwait(false))
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
        if (_db.Sql.UpsertShares is null)
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

        var markets = await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.UpsertShares, new
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
            foreach (var row in await _db.Connection.QueryAsync<MarketShareRow>(_db.Command(_db.Sql.SelectMarketsShares, new { MarketIds = chunk })).ConfigureAwait(false))
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
            acquirers.UnionWith(await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.SelectAcquirersTargeting, new { MarketIds = chunk })).ConfigureAwait(false));
        }

        return [.. acquirers];
    }

    /// <summary>Stores a share unless a superseding one is held; true when the picture changed.</summary>
    public async Task<bool> UpsertShareAsync(MarketShareReported e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var changed = await _db.ExecuteAsync(_db.Sql.UpsertShare, new
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
        var rows = await _db.Connection.QueryAsync<MarketShareRow>(_db.Command(_db.Sql.SelectMarketShares, new { MarketId = marketId })).ConfigureAwait(false);
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

    /// <summary>Folds a batch's price quotes into the price cells (lowest and highest price of each cell).</summary>
    public async Task MergePriceQuotesAsync(IEnumerable<PriceQuoteObserved> quotes)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        foreach (var group in quotes.GroupBy(PriceCellKey.Of))
        {
            var key = group.Key;
            var merged = PriceCellState.Of(group);

            // Server engines fold the batch's cell into the held one in one atomic statement;
            // SQLite (one writer at a time) reads, merges here and writes.
            var atomic = _db.Sql.MergePriceCell is not null;
            var held = atomic ? null : await _db.Connection.QuerySingleOrDefaultAsync<PriceCellState>(_db.Command(_db.Sql.SelectPriceCell, key)).ConfigureAwait(false);
            if (held is not null)
            {
                merged = merged.Merge(held);
            }

            await _db.ExecuteAsync(_db.Sql.MergePriceCell ?? _db.Sql.UpsertPriceCell, new
            {
                key.CellKey,
                key.PlatformId,
                key.MarketId,
                key.Month,
                key.ProductId,
                key.Bucket,
                key.Cohort,
                key.Justification,
                key.Currency,
                Jurisdiction = group.Max(q => q.Jurisdiction),
                merged.MinPrice,
                merged.MinEventId,
                merged.MaxPrice,
                merged.MaxEventId,
                merged.Quotes,
            }).ConfigureAwait(false);
        }
    }

    /// <summary>A price window's cells, streamed in (product, bucket) order: never loaded whole.</summary>
    public async IAsyncEnumerable<PriceCell> StreamPriceCellsAsync(string platformId, string marketId, DateOnly month)
    {
        var rows = _db.Connection.QueryUnbufferedAsync<PriceCellRow>(_db.Sql.SelectPriceCells, new { PlatformId = platformId, MarketId = marketId, Month = month }, _db.Transaction);
        await foreach (var r in rows.WithCancellation(_db.CancellationToken).ConfigureAwait(false))
        {
            yield return new PriceCell(r.ProductId, r.Bucket, r.Cohort, r.Justification, r.Currency, r.MinPrice, r.MinEventId, r.MaxPrice, r.MaxEventId, r.Quotes);
        }
    }

    /// <summary>The jurisdictions named by a price window's quotes.</summary>
    public async Task<IReadOnlyList<string>> PriceJurisdictionsAsync(string platformId, string marketId, DateOnly month) =>
        (await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.SelectPriceJurisdictions, new { PlatformId = platformId, MarketId = marketId, Month = month })).ConfigureAwait(false)).AsList();

    /// <summary>Records the pair counts of a results page.</summary>
    public Task RecordRankingPageAsync(RankingObserved page, DateOnly month, PageCounts counts)
    {
        ArgumentNullException.ThrowIfNull(page);
        return _db.ExecuteAsync(_db.Sql.InsertRankingPage, new
        {
            page.EventId,
            page.PlatformId,
            page.MarketId,
            Month = month,
            page.Jurisdiction,
            counts.FirstPartyInversions,
            counts.FirstPartyPairs,
            counts.BaselineInversions,
            counts.BaselinePairs,
        });
    }

    /// <summary>A month of a platform's results pages in a market, summed.</summary>
    public async Task<RankingWindow> LoadRankingWindowAsync(string platformId, string marketId, DateOnly month)
    {
        var key = new { PlatformId = platformId, MarketId = marketId, Month = month };
        var totals = await _db.Connection.QuerySingleAsync<TotalsRow>(_db.Command(_db.Sql.SelectRankingTotals, key)).ConfigureAwait(false);
        var evidence = (await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.SelectRankingEvidence, key)).ConfigureAwait(false)).AsList();
        var jurisdictions = (await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.SelectRankingJurisdictions, key)).ConfigureAwait(false)).AsList();
        return new RankingWindow(platformId, marketId, DateRange.MonthOf(month), jurisdictions, totals.Pages,
            new PageCounts(totals.FirstPartyInversions, totals.FirstPartyPairs, totals.BaselineInversions, totals.BaselinePairs), evidence);
    }

    /// <summary>Records an obligation's due dates for the scheduler.</summary>
    public async Task RecordDueDatesAsync(ReportingObligationSet obligation)
    {
        ArgumentNullException.ThrowIfNull(obligation);
        foreach (var due in obligation.DueDates.Distinct())
        {
            await _db.ExecuteAsync(_db.Sql.InsertDueDate, new { obligation.EventId, obligation.PlatformId, DueDate = due }).ConfigureAwait(false);
        }
    }

    /// <summary>Platforms with an obligation due on a day in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<IReadOnlyList<string>> PlatformsDueBetweenAsync(DateOnly from, DateOnly to) =>
        (await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.SelectPlatformsDueBetween, new { From = from, To = to })).ConfigureAwait(false)).AsList();

    /// <summary>A date kept under a name (the due-date check's progress), or null.</summary>
    public async Task<DateOnly?> ClockMarkAsync(string name)
    {
        var value = await _db.Connection.ExecuteScalarAsync<string?>(_db.Command(_db.Sql.SelectClockMark, new { Name = name })).ConfigureAwait(false);
        return value is null ? null : DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Keeps a date under a name.</summary>
    public Task SetClockMarkAsync(string name, DateOnly value) =>
        _db.ExecuteAsync(_db.Sql.UpsertClockMark, new { Name = name, Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

    /// <summary>The calendar month of an observation (the first day), in the timestamp's own offset.</summary>
    public static DateOnly MonthOf(DateTimeOffset occurredAt) => EvaluationPlan.MonthOf(occurredAt);

    private sealed record PriceCellKey(string PlatformId, string MarketId, DateOnly Month, string ProductId, string Bucket, string Cohort, string Justification, string Currency)
    {
        // One short key for engines whose index keys cannot hold all eight parts.
        public string CellKey => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join('\u001f', PlatformId, MarketId, Month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ProductId, Bucket, Cohort, Justification, Currency))));

        public static PriceCellKey Of(PriceQuoteObserved q) =>
            new(q.PlatformId, q.MarketId, MonthOf(q.OccurredAt), q.ProductId, q.Bucket, q.Cohort, q.Justification ?? "", q.Price.Currency);
    }

    /// <summary>What is established about each of several platforms: its active findings and the decisions about it.</summary>
    public async Task<IReadOnlyDictionary<string, PlatformFacts>> LoadFactsAsync(IReadOnlyCollection<string> platformIds)
    {
        ArgumentNullException.ThrowIfNull(platformIds);
        var findings = platformIds.ToDictionary(p => p, _ => new List<FindingFact>(), StringComparer.Ordinal);
        foreach (var chunk in platformIds.Chunk(SessionDb.ListChunk))
        {
            foreach (var r in await _db.Connection.QueryAsync<PlatformFactRow>(_db.Command(_db.Sql.SelectPlatformsFindings, new { PlatformIds = chunk })).ConfigureAwait(false))
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
            foreach (var row in await _db.Connection.QueryAsync<PlatformPayloadRow>(_db.Command(_db.Sql.SelectPlatformsEvents, new { PlatformIds = chunk, Type = typeof(T).Name })).ConfigureAwait(false))
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
            prices.AddRange((await _db.Connection.QueryAsync<PlatformWindowRow>(_db.Command(_db.Sql.SelectPlatformsPriceWindows, new { PlatformIds = chunk })).ConfigureAwait(false)).Select(w => (w.PlatformId, w.MarketId, w.Month)));
            rankings.AddRange((await _db.Connection.QueryAsync<PlatformWindowRow>(_db.Command(_db.Sql.SelectPlatformsRankingWindows, new { PlatformIds = chunk })).ConfigureAwait(false)).Select(w => (w.PlatformId, w.MarketId, w.Month)));
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

    // The lowest and highest price of a cell and the quotes that showed them. Ties go to the
    // smaller event id, so the result does not depend on the order the quotes arrived in.
    private sealed class PriceCellState
    {
        public decimal MinPrice { get; init; }
        public string MinEventId { get; init; } = "";
        public decimal MaxPrice { get; init; }
        public string MaxEventId { get; init; } = "";
        public long Quotes { get; init; }

        public static PriceCellState Of(IEnumerable<PriceQuoteObserved> quotes)
        {
            var list = quotes.ToList();
            var low = list.OrderBy(q => q.Price.Amount).ThenBy(q => q.EventId, StringComparer.Ordinal).First();
            var high = list.OrderByDescending(q => q.Price.Amount).ThenBy(q => q.EventId, StringComparer.Ordinal).First();
            return new PriceCellState { MinPrice = low.Price.Amount, MinEventId = low.EventId, MaxPrice = high.Price.Amount, MaxEventId = high.EventId, Quotes = list.Count };
        }

        public PriceCellState Merge(PriceCellState other)
        {
            var lowHere = MinPrice < other.MinPrice || (MinPrice == other.MinPrice && string.CompareOrdinal(MinEventId, other.MinEventId) < 0);
            var highHere = MaxPrice > other.MaxPrice || (MaxPrice == other.MaxPrice && string.CompareOrdinal(MaxEventId, other.MaxEventId) < 0);
            return new PriceCellState
            {
                MinPrice = lowHere ? MinPrice : other.MinPrice,
                MinEventId = lowHere ? MinEventId : other.MinEventId,
                MaxPrice = highHere ? MaxPrice : other.MaxPrice,
                MaxEventId = highHere ? MaxEventId : other.MaxEventId,
                Quotes = Quotes + other.Quotes,
            };
        }
    }

    private sealed class PriceCellRow
    {
        public string ProductId { get; init; } = "";
        public string Bucket { get; init; } = "";
        public string Cohort { get; init; } = "";
        public string Justification { get; init; } = "";
        public string Currency { get; init; } = "";
        public decimal MinPrice { get; init; }
        public string MinEventId { get; init; } = "";
        public decimal MaxPrice { get; init; }
        public string MaxEventId { get; init; } = "";
        public long Quotes { get; init; }
    }

    private sealed class TotalsRow
    {
        public long Pages { get; init; }
        public long FirstPartyInversions { get; init; }
        public long FirstPartyPairs { get; init; }
        public long BaselineInversions { get; init; }
        public long BaselinePairs { get; init; }
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
