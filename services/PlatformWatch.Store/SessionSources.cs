using System.Data.Common;
using System.Text.Json;
using Dapper;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Store;

/// <summary>The source registry in a unit of work: the kind a figure counts as, and replacing the registry.</summary>
public sealed class SessionSources
{
    private readonly SessionDb _db;

    internal SessionSources(SessionDb db) => _db = db;

    /// <summary>The source registry this unit of work classifies figures by (<see cref="SourceRegistry.None"/> until loaded).</summary>
    public SourceRegistry Registry { get; private set; } = SourceRegistry.None;

    internal static async Task<SourceRegistry> LoadRegistryAsync(DbConnection connection, DbTransaction? transaction, SqlStatements sql, CancellationToken cancellationToken)
    {
        var changes = await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql.Sources.CountSourceChanges, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (changes == 0)
        {
            return SourceRegistry.None;
        }

        var rows = await connection.QueryAsync<SourceRow>(new CommandDefinition(sql.Sources.SelectSources, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return SourceRegistry.FromRows(true, rows);
    }

    /// <summary>Reads the source registry in this transaction; figures recorded after it are classified by it.</summary>
    public async Task<SourceRegistry> LoadAsync()
    {
        Registry = await LoadRegistryAsync(_db.Connection, _db.Transaction, _db.Sql, _db.CancellationToken).ConfigureAwait(false);
        return Registry;
    }

    /// <summary>Replaces the source registry with a checked one; the change made.</summary>
    public async Task<SourceChangeRecord> SetAsync(SourceRegistry registry, string actor)
    {
        ArgumentNullException.ThrowIfNull(registry);
        // One change of the registry at a time.
        await _db.LockAsync("sources").ConfigureAwait(false);
        var old = await LoadRegistryAsync(_db.Connection, _db.Transaction, _db.Sql, _db.CancellationToken).ConfigureAwait(false);
        var (added, removed, changed) = old.Diff(registry);
        var now = AuditChain.Truncate(_db.Now);
        await _db.ExecuteAsync(_db.Sql.Sources.DeleteSources, new { }).ConfigureAwait(false);
        for (var i = 0; i < registry.All.Count; i++)
        {
            var s = registry.All[i];
            await _db.ExecuteAsync(_db.Sql.Sources.InsertSource, new
            {
                s.SourceId,
                Position = i,
                s.Name,
                Kind = WireNames.Name(s.Kind),
                s.PlatformId,
                Jurisdictions = JsonSerializer.Serialize(s.Jurisdictions),
                Submitters = JsonSerializer.Serialize(s.Submitters),
                UpdatedAt = now,
            }).ConfigureAwait(false);
        }

        var record = new SourceChangeRecord
        {
            ChangeId = SessionDb.NewId("SC-"),
            ChangedAt = now,
            ChangedBy = actor,
            Document = SourceSpec.Of(registry).ToJson(),
            Sources = registry.All.Count,
            Added = added,
            Removed = removed,
            Changed = changed,
        };
        await _db.ExecuteAsync(_db.Sql.Sources.InsertSourceChange, record).ConfigureAwait(false);
        Registry = registry;
        return record;
    }
}
