using System.Text.Json;
using Dapper;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;
using PlatformWatch.Rules;
using PlatformWatch.Rules.Engine;

namespace PlatformWatch.Store;

// The state an evaluation stage reads, for all its subjects at once: a statement per kind of state
// and stage, not per subject.
public sealed partial class StoreSession
{
    /// <summary>
    /// Locks names exclusively and shared (a name in both: exclusively) until the transaction ends,
    /// in one global order, in one statement where the dialect can.
    /// </summary>
    public async Task LockSubjectsAsync(IEnumerable<string> exclusive, IEnumerable<string> shared)
    {
        ArgumentNullException.ThrowIfNull(exclusive);
        ArgumentNullException.ThrowIfNull(shared);
        if (_sql.LockSubject is null)
        {
            return;
        }

        var keys = exclusive.Select(s => (Key: StableId.Of("S-", s, 40), Exclusive: true))
            .Concat(shared.Select(s => (Key: StableId.Of("S-", s, 40), Exclusive: false)))
            .GroupBy(k => k.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, Exclusive: g.Any(k => k.Exclusive)))
            .OrderBy(k => k.Key, StringComparer.Ordinal)
            .ToList();
        if (keys.Count == 0)
        {
            return;
        }

        if (_sql.LockSubjectsMixed is { } mixed)
        {
            await _connection.ExecuteScalarAsync<long>(Command(mixed, new
            {
                Exclusive = keys.Where(k => k.Exclusive).Select(k => k.Key).ToArray(),
                Shared = keys.Where(k => !k.Exclusive).Select(k => k.Key).ToArray(),
            })).ConfigureAwait(false);
            return;
        }

        foreach (var (key, isExclusive) in keys)
        {
            await ExecuteAsync(isExclusive ? _sql.LockSubject : _sql.LockSubjectShared ?? _sql.LockSubject, new { Subject = key }).ConfigureAwait(false);
        }
    }

    /// <summary>What is established about each of several platforms: its active findings and the decisions about it.</summary>
    public async Task<IReadOnlyDictionary<string, PlatformFacts>> LoadFactsAsync(IReadOnlyCollection<string> platformIds)
    {
        ArgumentNullException.ThrowIfNull(platformIds);
        var findings = platformIds.ToDictionary(p => p, _ => new List<FindingFact>(), StringComparer.Ordinal);
        foreach (var chunk in platformIds.Chunk(ListChunk))
        {
            foreach (var r in await _connection.QueryAsync<PlatformFactRow>(Command(_sql.SelectPlatformsFindings, new { PlatformIds = chunk })).ConfigureAwait(false))
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
        foreach (var chunk in platformIds.Chunk(ListChunk))
        {
            foreach (var row in await _connection.QueryAsync<PlatformPayloadRow>(Command(_sql.SelectPlatformsEvents, new { PlatformIds = chunk, Type = typeof(T).Name })).ConfigureAwait(false))
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
        foreach (var chunk in platformIds.Chunk(ListChunk))
        {
            prices.AddRange((await _connection.QueryAsync<PlatformWindowRow>(Command(_sql.SelectPlatformsPriceWindows, new { PlatformIds = chunk })).ConfigureAwait(false)).Select(w => (w.PlatformId, w.MarketId, w.Month)));
            rankings.AddRange((await _connection.QueryAsync<PlatformWindowRow>(Command(_sql.SelectPlatformsRankingWindows, new { PlatformIds = chunk })).ConfigureAwait(false)).Select(w => (w.PlatformId, w.MarketId, w.Month)));
        }

        return (prices, rankings);
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
