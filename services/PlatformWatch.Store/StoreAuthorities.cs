using Dapper;

namespace PlatformWatch.Store;

/// <summary>
/// Multi-tier supervision: the authorities and routing table, who sees which case, referral and
/// sharing between authorities, and the per-tier overview.
/// </summary>
public sealed class StoreAuthorities
{
    private readonly CaseStore _store;

    internal StoreAuthorities(CaseStore store) => _store = store;

    /// <summary>The authorities and the routing table as they stand.</summary>
    public Task<AuthorityTree> GetTreeAsync(CancellationToken ct = default) =>
        _store.ReadAsync((c, cancel) => SessionAuthorities.LoadTreeAsync(c, null, _store.Sql, cancel), ct);

    /// <summary>
    /// Replaces the authorities and routing table with a checked tree, in one transaction. Cases
    /// owned by an authority the tree drops are routed again by the new table; regulator keys of
    /// the dropped default authority move to the new default one; grants to dropped authorities
    /// are revoked. Refused (<see cref="CaseActionException"/>) while an active regulator key
    /// belongs to another dropped authority (revoke it or keep the authority).
    /// </summary>
    public Task<AuthorityChange> SetAsync(AuthorityTree tree, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(actor);
        return _store.InTransactionAsync(s => s.Authorities.SetAsync(tree, actor), ct);
    }

    /// <summary>The latest changes of the authorities and routing table, newest first.</summary>
    public Task<IReadOnlyList<AuthorityChangeRecord>> ListChangesAsync(int limit, CancellationToken ct = default) =>
        _store.ReadAsync<IReadOnlyList<AuthorityChangeRecord>>(async (c, cancel) => (await c.QueryAsync<AuthorityChangeRecord>(new CommandDefinition(_store.Sql.Authorities.SelectAuthorityChanges, new { Limit = limit }, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);

    /// <summary>The viewer of a regulator's authority, or null when the authority does not exist (any more).</summary>
    public async Task<CaseViewer?> ViewerAsync(string? authorityId, CancellationToken ct = default)
    {
        var tree = await GetTreeAsync(ct).ConfigureAwait(false);
        return tree.Find(authorityId) is { } node ? CaseViewer.Of(tree, node) : null;
    }

    /// <summary>A case and how far an authority may go with it (the case is null when there is none).</summary>
    public Task<(CaseRecord? Case, CaseAccess Access)> ResolveAccessAsync(string caseId, CaseViewer viewer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return _store.ReadAsync(async (c, cancel) =>
        {
            var found = await c.QuerySingleOrDefaultAsync<CaseRecord>(new CommandDefinition(_store.Sql.Cases.SelectCase, new { CaseId = caseId }, cancellationToken: cancel)).ConfigureAwait(false);
            if (found is null)
            {
                return ((CaseRecord?)null, CaseAccess.None);
            }

            var tree = await SessionAuthorities.LoadTreeAsync(c, null, _store.Sql, cancel).ConfigureAwait(false);
            var grants = await c.QueryAsync<CaseAccessRecord>(new CommandDefinition(_store.Sql.Authorities.SelectCaseAccess, new { CaseId = caseId }, cancellationToken: cancel)).ConfigureAwait(false);
            return (found, SessionAuthorities.AccessOf(found, tree, grants, viewer));
        }, ct);
    }

    /// <summary>Every grant of access to a case, revoked ones included.</summary>
    public Task<IReadOnlyList<CaseAccessRecord>> ListCaseAccessAsync(string caseId, CancellationToken ct = default) =>
        _store.ReadAsync<IReadOnlyList<CaseAccessRecord>>(async (c, cancel) => (await c.QueryAsync<CaseAccessRecord>(new CommandDefinition(_store.Sql.Authorities.SelectCaseAccess, new { CaseId = caseId }, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);

    /// <summary>Logs, in the case's audit trail, a read through a grant (a share or a referral).</summary>
    public Task RecordGrantedReadAsync(string caseId, string actor, string authorityId, IReadOnlyList<string> grants, string what, CancellationToken ct = default) =>
        _store.InTransactionAsync(async s => { await s.Authorities.RecordGrantedReadAsync(caseId, actor, authorityId, grants, what).ConfigureAwait(false); return true; }, ct);

    /// <summary>Hands a case to another authority: ownership moves, the previous owner keeps read access; the case as it is then.</summary>
    public Task<CaseRecord> ReferAsync(string caseId, string toAuthorityId, string reason, string actor, CancellationToken ct = default) =>
        _store.InTransactionAsync(async s =>
        {
            await s.Authorities.ReferAsync(caseId, toAuthorityId, reason, actor).ConfigureAwait(false);
            return await s.Cases.SummaryAsync(caseId).ConfigureAwait(false);
        }, ct);

    /// <summary>Shares a case with another authority, to read or to comment, with or without the internal comments.</summary>
    public Task<CaseAccessRecord> ShareAsync(string caseId, string authorityId, string access, bool withholdInternal, string reason, string actor, CancellationToken ct = default) =>
        _store.InTransactionAsync(s => s.Authorities.ShareAsync(caseId, authorityId, access, withholdInternal, reason, actor), ct);

    /// <summary>Revokes a share of a case; false when there is no active share with that id on the case.</summary>
    public Task<bool> RevokeShareAsync(string caseId, string accessId, string actor, CancellationToken ct = default) =>
        _store.InTransactionAsync(s => s.Authorities.RevokeShareAsync(caseId, accessId, actor), ct);

    /// <summary>Open cases per authority and rule family, by age, of an authority and those below it.</summary>
    public Task<IReadOnlyList<OverviewRow>> OverviewAsync(AuthorityNode top, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(top);
        var parameters = new
        {
            PathPattern = top.SubtreePattern,
            Since30 = now.AddDays(-30),
            Since90 = now.AddDays(-90),
            Since180 = now.AddDays(-180),
            Today = DateOnly.FromDateTime(now.UtcDateTime),
        };
        return _store.ReadAsync<IReadOnlyList<OverviewRow>>(async (c, cancel) => (await c.QueryAsync<OverviewRow>(new CommandDefinition(_store.Sql.Cases.SelectOverview, parameters, cancellationToken: cancel)).ConfigureAwait(false))
            .OrderBy(r => r.AuthorityId, StringComparer.Ordinal).ThenBy(r => r.Family, StringComparer.Ordinal).ToList(), ct);
    }
}

/// <summary>What replacing the authorities did: the change as it is kept, and the cases it routed again.</summary>
public sealed record AuthorityChange(AuthorityChangeRecord Record, IReadOnlyList<string> RoutedAgain);
