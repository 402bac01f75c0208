using Dapper;

namespace PlatformWatch.Store;

/// <summary>The source registry: which sources the system accepts, of which kind, from which submitters; where events came from.</summary>
public sealed class StoreSources
{
    private readonly CaseStore _store;

    internal StoreSources(CaseStore store) => _store = store;

    /// <summary>The source registry in force (<see cref="SourceRegistry.None"/> until one is set).</summary>
    public Task<SourceRegistry> GetRegistryAsync(CancellationToken ct = default) =>
        _store.ReadAsync((c, cancel) => SessionSources.LoadRegistryAsync(c, null, _store.Sql, cancel), ct);

    /// <summary>Replaces the source registry with a checked one, in one transaction, and keeps the change (who, when, the document).</summary>
    public Task<SourceChangeRecord> SetAsync(SourceRegistry registry, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(actor);
        return _store.InTransactionAsync(s => s.Sources.SetAsync(registry, actor), ct);
    }

    /// <summary>The source and submitter of each of several events (those not held are left out), for exports.</summary>
    public Task<IReadOnlyDictionary<string, EventOrigin>> GetEventOriginsAsync(IEnumerable<string> eventIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var ids = eventIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return _store.ReadAsync<IReadOnlyDictionary<string, EventOrigin>>(async (c, cancel) =>
        {
            var origins = new Dictionary<string, EventOrigin>(StringComparer.Ordinal);
            foreach (var chunk in ids.Chunk(500))
            {
                foreach (var origin in await c.QueryAsync<EventOrigin>(new CommandDefinition(_store.Sql.Cases.SelectEventSubmitters, new { Ids = chunk }, cancellationToken: cancel)).ConfigureAwait(false))
                {
                    origins[origin.EventId] = origin;
                }
            }

            return origins;
        }, ct);
    }

    /// <summary>The latest changes of the source registry, newest first.</summary>
    public Task<IReadOnlyList<SourceChangeRecord>> ListChangesAsync(int limit, CancellationToken ct = default) =>
        _store.ReadAsync<IReadOnlyList<SourceChangeRecord>>(async (c, cancel) => (await c.QueryAsync<SourceChangeRecord>(new CommandDefinition(_store.Sql.Sources.SelectSourceChanges, new { Limit = limit }, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);
}

/// <summary>Where an event came from: its source and who submitted it.</summary>
public sealed record EventOrigin
{
    /// <summary>The event.</summary>
    public required string EventId { get; init; }
    /// <summary>The source it carried.</summary>
    public required string Source { get; init; }
    /// <summary>Who submitted it (null: recorded before submitters were kept).</summary>
    public string? Submitter { get; init; }
}
