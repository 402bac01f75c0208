using Dapper;

namespace PlatformWatch.Store;

// The source registry: which sources the system accepts, of which kind, from which submitters.
public sealed partial class CaseStore
{
    /// <summary>The source registry in force (<see cref="SourceRegistry.None"/> until one is set).</summary>
    public Task<SourceRegistry> GetSourceRegistryAsync(CancellationToken ct = default) =>
        ReadAsync((c, cancel) => StoreSession.LoadSourceRegistryAsync(c, null, _dialect.Sql, cancel), ct);

    /// <summary>Replaces the source registry with a checked one, in one transaction, and keeps the change (who, when, the document).</summary>
    public Task<SourceChangeRecord> SetSourcesAsync(SourceRegistry registry, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(actor);
        return InTransactionAsync(s => s.SetSourcesAsync(registry, actor), ct);
    }

    /// <summary>The source and submitter of each of several events (those not held are left out), for exports.</summary>
    public Task<IReadOnlyDictionary<string, EventOrigin>> GetEventOriginsAsync(IEnumerable<string> eventIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var ids = eventIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return ReadAsync<IReadOnlyDictionary<string, EventOrigin>>(async (c, cancel) =>
        {
            var origins = new Dictionary<string, EventOrigin>(StringComparer.Ordinal);
            foreach (var chunk in ids.Chunk(500))
            {
                foreach (var origin in await c.QueryAsync<EventOrigin>(new CommandDefinition(_dialect.Sql.SelectEventSubmitters, new { Ids = chunk }, cancellationToken: cancel)).ConfigureAwait(false))
                {
                    origins[origin.EventId] = origin;
                }
            }

            return origins;
        }, ct);
    }

    /// <summary>The latest changes of the source registry, newest first.</summary>
    public Task<IReadOnlyList<SourceChangeRecord>> ListSourceChangesAsync(int limit, CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<SourceChangeRecord>>(async (c, cancel) => (await c.QueryAsync<SourceChangeRecord>(new CommandDefinition(_dialect.Sql.SelectSourceChanges, new { Limit = limit }, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);
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
