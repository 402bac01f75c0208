using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace PlatformWatch.Store;

/// <summary>The inbox and the state it feeds, as the API and operators read them; refused input kept for replay.</summary>
public sealed class StoreIngestion
{
    private readonly CaseStore _store;

    internal StoreIngestion(CaseStore store) => _store = store;

    /// <summary>How many events were processed (the inbox) and how many inputs were refused (kept for replay).</summary>
    public Task<(long Processed, long Rejected)> CountAsync(CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async (c, ct) => (
            await c.ExecuteScalarAsync<long>(new CommandDefinition(_store.Sql.Ingestion.CountEvents, cancellationToken: ct)).ConfigureAwait(false),
            await c.ExecuteScalarAsync<long>(new CommandDefinition(_store.Sql.Ingestion.CountRejected, cancellationToken: ct)).ConfigureAwait(false)), cancellationToken);

    /// <summary>Records input that was refused, so that nothing is lost and it can be replayed (once per origin and text).</summary>
    public Task RecordRejectedAsync(IEnumerable<RejectedInput> rejected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var rows = rejected.Select(r => new
        {
            RejectionKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(r.Origin + "\n" + r.Payload))),
            ReceivedAt = _store.Clock.GetUtcNow(),
            r.Origin,
            r.EventId,
            r.Type,
            r.Reason,
            r.Payload,
        }).ToList();
        return rows.Count == 0
            ? Task.CompletedTask
            : _store.InTransactionAsync(s => s.Db.ExecuteAsync(_store.Sql.Ingestion.InsertRejected, rows), cancellationToken);
    }

    /// <summary>Every share held for a market, by metric, period and platform.</summary>
    public Task<IReadOnlyList<MarketShareRow>> GetMarketSharesAsync(string marketId, CancellationToken ct = default) =>
        _store.ReadAsync<IReadOnlyList<MarketShareRow>>(async (c, cancel) => (await c.QueryAsync<MarketShareRow>(new CommandDefinition(_store.Sql.Ingestion.SelectMarketShares, new { MarketId = marketId }, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);

    /// <summary>A platform's events of one contract type (e.g. <c>ConductObserved</c>) as kept in evidence, newest first.</summary>
    public Task<IReadOnlyList<EvidenceEvent>> ListPlatformEventsAsync(string platformId, string type, CancellationToken ct = default) =>
        _store.ReadAsync<IReadOnlyList<EvidenceEvent>>(async (c, cancel) => (await c.QueryAsync<EvidenceEvent>(new CommandDefinition(_store.Sql.Cases.SelectPlatformEvidence, new { PlatformId = platformId, Type = type }, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);
}
