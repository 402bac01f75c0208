using System.Globalization;
using Dapper;
using PlatformWatch.Contracts;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;
using PlatformWatch.Rules.Types;

namespace PlatformWatch.Store;

// The state kept per window and per date: price cells and ranking pages (a platform's month in a
// market), the due dates of obligations, and the clock marks of the due-date check.
public sealed partial class SessionIngestion
{
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
            var atomic = _db.Sql.Ingestion.MergePriceCell is not null;
            var held = atomic ? null : await _db.Connection.QuerySingleOrDefaultAsync<PriceCellState>(_db.Command(_db.Sql.Ingestion.SelectPriceCell, key)).ConfigureAwait(false);
            if (held is not null)
            {
                merged = merged.Merge(held);
            }

            await _db.ExecuteAsync(_db.Sql.Ingestion.MergePriceCell ?? _db.Sql.Ingestion.UpsertPriceCell, new
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
        var rows = _db.Connection.QueryUnbufferedAsync<PriceCellRow>(_db.Sql.Ingestion.SelectPriceCells, new { PlatformId = platformId, MarketId = marketId, Month = month }, _db.Transaction);
        await foreach (var r in rows.WithCancellation(_db.CancellationToken).ConfigureAwait(false))
        {
            yield return new PriceCell(r.ProductId, r.Bucket, r.Cohort, r.Justification, r.Currency, r.MinPrice, r.MinEventId, r.MaxPrice, r.MaxEventId, r.Quotes);
        }
    }

    /// <summary>The jurisdictions named by a price window's quotes.</summary>
    public async Task<IReadOnlyList<string>> PriceJurisdictionsAsync(string platformId, string marketId, DateOnly month) =>
        (await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.Ingestion.SelectPriceJurisdictions, new { PlatformId = platformId, MarketId = marketId, Month = month })).ConfigureAwait(false)).AsList();

    /// <summary>Records the pair counts of a results page.</summary>
    public Task RecordRankingPageAsync(RankingObserved page, DateOnly month, PageCounts counts)
    {
        ArgumentNullException.ThrowIfNull(page);
        return _db.ExecuteAsync(_db.Sql.Ingestion.InsertRankingPage, new
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
        var totals = await _db.Connection.QuerySingleAsync<TotalsRow>(_db.Command(_db.Sql.Ingestion.SelectRankingTotals, key)).ConfigureAwait(false);
        var evidence = (await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.Ingestion.SelectRankingEvidence, key)).ConfigureAwait(false)).AsList();
        var jurisdictions = (await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.Ingestion.SelectRankingJurisdictions, key)).ConfigureAwait(false)).AsList();
        return new RankingWindow(platformId, marketId, DateRange.MonthOf(month), jurisdictions, totals.Pages,
            new PageCounts(totals.FirstPartyInversions, totals.FirstPartyPairs, totals.BaselineInversions, totals.BaselinePairs), evidence);
    }

    /// <summary>Records an obligation's due dates for the scheduler.</summary>
    public async Task RecordDueDatesAsync(ReportingObligationSet obligation)
    {
        ArgumentNullException.ThrowIfNull(obligation);
        foreach (var due in obligation.DueDates.Distinct())
        {
            await _db.ExecuteAsync(_db.Sql.Ingestion.InsertDueDate, new { obligation.EventId, obligation.PlatformId, DueDate = due }).ConfigureAwait(false);
        }
    }

    /// <summary>Platforms with an obligation due on a day in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<IReadOnlyList<string>> PlatformsDueBetweenAsync(DateOnly from, DateOnly to) =>
        (await _db.Connection.QueryAsync<string>(_db.Command(_db.Sql.Ingestion.SelectPlatformsDueBetween, new { From = from, To = to })).ConfigureAwait(false)).AsList();

    /// <summary>A date kept under a name (the due-date check's progress), or null.</summary>
    public async Task<DateOnly?> ClockMarkAsync(string name)
    {
        var value = await _db.Connection.ExecuteScalarAsync<string?>(_db.Command(_db.Sql.Ingestion.SelectClockMark, new { Name = name })).ConfigureAwait(false);
        return value is null ? null : DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Keeps a date under a name.</summary>
    public Task SetClockMarkAsync(string name, DateOnly value) =>
        _db.ExecuteAsync(_db.Sql.Ingestion.UpsertClockMark, new { Name = name, Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

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
}
