using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// The findings a regulator reads: those of the platforms and markets its authority sees (an
/// operator: all), with where their evidence came from for an export.
/// </summary>
public sealed class FindingService(CaseStore store)
{
    /// <summary>The findings matching a query that the actor sees.</summary>
    public Task<Outcome<IReadOnlyList<StoredFinding>>> ListAsync(Actor actor, FindingQuery query, CancellationToken ct) =>
        CaseService.SeenAsync(store, actor, viewer => store.Findings.ListAsync(query with { Viewer = viewer }, ct), ct);

    /// <summary>
    /// Every finding in the database, withdrawn ones too when asked, unpaged, as the command line's
    /// <c>platformwatch findings</c> prints them (CONTRACTS.md): an operator's, on the database itself.
    /// </summary>
    public Task<Outcome<IReadOnlyList<StoredFinding>>> AllAsync(Actor actor, bool includeWithdrawn, CancellationToken ct) =>
        OperatorsOnly.RunAsync(actor, Messages.Get("operators.findings"), () => store.Findings.ListAsync(includeWithdrawn, ct));

    /// <summary>How much the database holds: events processed and refused, findings in force (an operator's).</summary>
    public Task<Outcome<FindingTally>> TallyAsync(Actor actor, CancellationToken ct) =>
        OperatorsOnly.RunAsync(actor, Messages.Get("operators.tally"), async () =>
        {
            var (processed, rejected) = await store.Ingestion.CountAsync(ct).ConfigureAwait(false);
            var held = await store.Findings.ListAsync(cancellationToken: ct).ConfigureAwait(false);
            return new FindingTally(processed, rejected, held.Count);
        });

    /// <summary>The findings matching a query that the actor sees, with the source and submitter of each evidence event.</summary>
    public async Task<Outcome<FindingExport>> ExportAsync(Actor actor, FindingQuery query, CancellationToken ct)
    {
        var listed = await ListAsync(actor, query, ct).ConfigureAwait(false);
        if (listed.Value is not { } findings)
        {
            return Outcome<FindingExport>.Refused(listed.Kind, listed.Reason);
        }

        var origins = await store.Sources.GetEventOriginsAsync(findings.SelectMany(f => f.EvidenceEventIds), ct).ConfigureAwait(false);
        return Outcome<FindingExport>.Ok(new FindingExport(findings, origins));
    }
}

/// <summary>Findings for an export, and the origin (source, submitter) of their evidence events by event id.</summary>
public sealed record FindingExport(IReadOnlyList<StoredFinding> Findings, IReadOnlyDictionary<string, EventOrigin> Origins);

/// <summary>What a case database holds: events processed and refused, findings in force.</summary>
public sealed record FindingTally(long EventsProcessed, long EventsRejected, int Findings);
