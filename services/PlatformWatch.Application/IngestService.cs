using PlatformWatch.Contracts;
using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>A refusal of an event at ingest: the field it names (<c>source</c>, <c>jurisdiction</c>, <c>marketId</c>) and why.</summary>
public sealed record IngestRefusal(string Field, string Reason);

/// <summary>
/// Who may put which event on the bus through the API: once a source registry is set, only events
/// of a registered source that the caller may submit for, within the source's jurisdictions and
/// (a platform's source) about its own platform; and a regulator only for the jurisdictions and
/// markets its authority's routes cover (the default authority: all).
/// </summary>
public sealed class IngestService(CaseStore store)
{
    /// <summary>The registry and authorities as they stand now, to check a request's events against.</summary>
    public async Task<Func<IInboundEvent, IngestRefusal?>> CheckerAsync(Actor caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var registry = await store.Sources.GetRegistryAsync(ct).ConfigureAwait(false);
        var tree = caller.IsRegulator ? await store.Authorities.GetTreeAsync(ct).ConfigureAwait(false) : null;
        var submission = new Submission(caller.Submitter);
        return inbound =>
        {
            if (tree is not null)
            {
                var jurisdiction = SourceRegistry.JurisdictionOf(inbound);
                var market = EventFacts.MarketOf(inbound);
                if (caller.AuthorityId is null || !tree.CoversIngest(caller.AuthorityId, jurisdiction, market))
                {
                    return new IngestRefusal(
                        jurisdiction is null ? "type" : "jurisdiction",
                        Messages.Format("ingest.notCovered", caller.AuthorityId, jurisdiction ?? Messages.Get("ingest.everyJurisdiction"), market ?? Messages.Get("ingest.noMarket")));
                }
            }

            return registry.Refuse(inbound, submission) is { } reason ? new IngestRefusal("source", reason.Localized) : null;
        };
    }

    /// <summary>
    /// The source a platform files its own reports under: without a registry none (the report keeps
    /// the API's own source name); with one, the first registered source of kind platform for the
    /// caller's platform that the caller may submit for, else a refusal naming <c>source</c>.
    /// </summary>
    public async Task<(string? SourceId, IngestRefusal? Refusal)> PlatformSourceAsync(Actor caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var registry = await store.Sources.GetRegistryAsync(ct).ConfigureAwait(false);
        if (!registry.IsSet)
        {
            return (null, null);
        }

        var own = registry.All.FirstOrDefault(s => s.Kind == SourceKind.Platform && s.PlatformId == caller.PlatformId && s.Submitters.Contains(caller.Submitter, StringComparer.Ordinal));
        return own is null
            ? (null, new IngestRefusal("source", Messages.Format("ingest.noSource", caller.PlatformId, caller.Submitter)))
            : (own.SourceId, null);
    }
}
