using PlatformWatch.Store;
using PlatformWatch.Worker.Application;

namespace PlatformWatch.Api.Security;

/// <summary>
/// The authority a regulator sees the cases of, for the lists not yet moved to the application
/// layer (the inbox page, a market's page, the findings export). Reading and working a case are
/// <see cref="CaseService"/>'s, which checks and acts in one transaction.
/// </summary>
public sealed class CaseGate(CaseStore store)
{
    /// <summary>The viewer of a regulator, or null when its authority is missing or unknown.</summary>
    public Task<CaseViewer?> ViewerAsync(Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.AuthorityId is null ? Task.FromResult<CaseViewer?>(null) : store.Authorities.ViewerAsync(caller.AuthorityId, ct);
    }

    /// <summary>The refusal for a regulator without a (known) authority.</summary>
    public static string NoAuthority(Caller caller) => CaseService.NoAuthority(caller?.AuthorityId);
}
