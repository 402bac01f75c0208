using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Store;

/// <summary>An event of the unit of work that can cause finding changes, and who submitted it.</summary>
public sealed record EventCause(string EventId, string? Submitter, string? PlatformId, string? MarketId)
{
    /// <summary>The cause an event makes.</summary>
    public static EventCause Of(IInboundEvent inbound, string? submitter)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        return new(inbound.EventId, submitter, EventFacts.PlatformOf(inbound), EventFacts.MarketOf(inbound));
    }
}

// Sources and submitters: the registry, the kind a figure counts as, and which events of the unit of
// work caused a finding change (named in its audit entry).
public sealed partial class StoreSession
{
    // Audit entries name at most this many causing events (and how many more there were).
    private const int CausesListed = 20;

    /// <summary>The source registry this unit of work classifies figures by (<see cref="SourceRegistry.None"/> until loaded).</summary>
    public SourceRegistry Sources { get; private set; } = SourceRegistry.None;

    /// <summary>The events of this unit of work that were processed, with their submitters: what caused its finding changes.</summary>
    public IReadOnlyList<EventCause> Causes { get; set; } = [];

    /// <summary>What started the unit of work when no event did (the due-date check).</summary>
    public string? Trigger { get; set; }

    internal static async Task<SourceRegistry> LoadSourceRegistryAsync(DbConnection connection, DbTransaction? transaction, SqlStatements sql, CancellationToken cancellationToken)
    {
        var changes = await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql.CountSourceChanges, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (changes == 0)
        {
            return SourceRegistry.None;
        }

        var rows = await connection.QueryAsync<SourceRow>(new CommandDefinition(sql.SelectSources, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return SourceRegistry.FromRows(true, rows);
    }

    /// <summary>Reads the source registry in this transaction; figures recorded after it are classified by it.</summary>
    public async Task<SourceRegistry> LoadSourcesAsync()
    {
        Sources = await LoadSourceRegistryAsync(_connection, _transaction, _sql, _cancellationToken).ConfigureAwait(false);
        return Sources;
    }

    internal async Task<SourceChangeRecord> SetSourcesAsync(SourceRegistry registry, string actor)
    {
        // One change of the registry at a time.
        await LockSubjectAsync("sources").ConfigureAwait(false);
        var old = await LoadSourceRegistryAsync(_connection, _transaction, _sql, _cancellationToken).ConfigureAwait(false);
        var (added, removed, changed) = old.Diff(registry);
        var now = AuditChain.Truncate(_clock.GetUtcNow());
        await ExecuteAsync(_sql.DeleteSources, new { }).ConfigureAwait(false);
        for (var i = 0; i < registry.All.Count; i++)
        {
            var s = registry.All[i];
            await ExecuteAsync(_sql.InsertSource, new
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
            ChangeId = NewId("SC-"),
            ChangedAt = now,
            ChangedBy = actor,
            Document = SourceSpec.Of(registry).ToJson(),
            Sources = registry.All.Count,
            Added = added,
            Removed = removed,
            Changed = changed,
        };
        await ExecuteAsync(_sql.InsertSourceChange, record).ConfigureAwait(false);
        Sources = registry;
        return record;
    }

    // The events of the unit of work that concern the finding (its platform or its market); when
    // none does (a change that another subject's change carried over), every event of the unit.
    private JsonObject CausesOf(StoredFinding finding)
    {
        if (Causes.Count == 0)
        {
            return new JsonObject { ["trigger"] = Trigger ?? "re-evaluation", ["events"] = new JsonArray() };
        }

        var concerning = Causes
            .Where(c => (finding.PlatformId is not null && c.PlatformId == finding.PlatformId) || (finding.MarketId is not null && c.MarketId == finding.MarketId))
            .ToList();
        var listed = concerning.Count > 0 ? concerning : Causes;
        var causes = new JsonObject
        {
            ["events"] = new JsonArray(listed.Take(CausesListed).Select(c => (JsonNode?)new JsonObject
            {
                ["eventId"] = c.EventId,
                ["submitter"] = c.Submitter,
            }).ToArray()),
        };
        if (listed.Count > CausesListed)
        {
            causes["more"] = listed.Count - CausesListed;
        }

        return causes;
    }
}
