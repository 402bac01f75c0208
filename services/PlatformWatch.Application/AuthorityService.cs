using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// The authorities and their routing table, and the per-tier overview of open cases. Every
/// regulator reads the tree; only administrators of the default authority replace it, checked in
/// the transaction that replaces it, on the tree locked until it commits: another administrator's
/// change that makes another authority the default either commits before the check (this one is
/// refused) or waits. The command line (an operator) sets the tree from the database itself.
/// </summary>
public sealed class AuthorityService(CaseStore store)
{
    /// <summary>Runs between the access check and the replacement, inside the transaction (tests hold it there).</summary>
    internal Func<Task>? BetweenCheckAndAct { get; set; }

    /// <summary>The refusal for someone who is not of the default authority.</summary>
    public static string NotTheDefault(AuthorityTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return Messages.Format("authorities.notTheDefault", tree.Default.AuthorityId);
    }

    /// <summary>The authorities and the routing table as they stand.</summary>
    public Task<AuthorityTree> TreeAsync(CancellationToken ct) => store.Authorities.GetTreeAsync(ct);

    /// <summary>The latest changes of the authorities, newest first.</summary>
    public Task<IReadOnlyList<AuthorityChangeRecord>> ChangesAsync(int limit, CancellationToken ct) => store.Authorities.ListChangesAsync(limit, ct);

    /// <summary>Whether the actor may replace the authorities, checked alone (the API refuses before it reads the document).</summary>
    public async Task<Outcome<bool>> MayReplaceAsync(Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var tree = await store.Authorities.GetTreeAsync(ct).ConfigureAwait(false);
        return Refusal(actor, tree) is { } refused ? Outcome<bool>.Refused(OutcomeKind.Forbidden, refused) : Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// Replaces the authorities and routing table with a checked tree (an administrator of the
    /// default authority, or an operator); refused as a conflict while an active regulator key
    /// belongs to another authority the tree drops.
    /// </summary>
    public Task<Outcome<AuthorityChange>> ReplaceAsync(Actor actor, AuthorityTree tree, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return OfTheDefaultAsync(store, actor, NotTheDefault, BetweenCheckAndAct, s => s.Authorities.SetAsync(tree, actor.Name), ct);
    }

    /// <summary>Whether the actor administers the authorities and sources: the default authority's, or an operator.</summary>
    internal static bool Administers(Actor actor, AuthorityTree tree) => actor.IsOperator || actor.AuthorityId == tree.Default.AuthorityId;

    /// <summary>
    /// Acts for an administrator of the default authority (or an operator) in one transaction, on
    /// the authorities locked by the check until it commits; a refusal of the store is a conflict.
    /// </summary>
    internal static async Task<Outcome<T>> OfTheDefaultAsync<T>(CaseStore store, Actor actor, Func<AuthorityTree, string> refusal, Func<Task>? between, Func<StoreSession, Task<T>> act, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        try
        {
            return await store.InTransactionAsync(async s =>
            {
                var tree = await s.Authorities.LockTreeAsync().ConfigureAwait(false);
                if (!Administers(actor, tree))
                {
                    return Outcome<T>.Refused(OutcomeKind.Forbidden, refusal(tree));
                }

                if (between is not null)
                {
                    await between().ConfigureAwait(false);
                }

                return Outcome<T>.Ok(await act(s).ConfigureAwait(false));
            }, ct).ConfigureAwait(false);
        }
        catch (CaseActionException e)
        {
            return Outcome<T>.Refused(OutcomeKind.Conflict, e.Localized);
        }
    }

    /// <summary>
    /// The open cases of an authority and those below it (null: the actor's own), with the tree
    /// they were counted on; forbidden for a regulator without a known authority, not found for
    /// an authority outside the actor's.
    /// </summary>
    public async Task<Outcome<AuthorityOverview>> OverviewAsync(Actor actor, string? authorityId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var tree = await store.Authorities.GetTreeAsync(ct).ConfigureAwait(false);
        if (tree.Find(actor.AuthorityId) is not { } own)
        {
            return Outcome<AuthorityOverview>.Refused(OutcomeKind.Forbidden, CaseService.NoAuthority(actor.AuthorityId));
        }

        var top = authorityId is null ? own : tree.Find(authorityId);
        if (top is null || !tree.IsWithin(top.AuthorityId, own.AuthorityId))
        {
            return Outcome<AuthorityOverview>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.authorityWithin", authorityId));
        }

        return Outcome<AuthorityOverview>.Ok(new AuthorityOverview(tree, own, top, await store.Authorities.OverviewAsync(top, now, ct).ConfigureAwait(false)));
    }

    // Administrators of the default authority (the role is the edge's policy) and operators set the authorities.
    private static string? Refusal(Actor actor, AuthorityTree tree) =>
        Administers(actor, tree) ? null : NotTheDefault(tree);
}

/// <summary>The overview of an authority (<paramref name="Top"/>) and those below it, for a regulator of <paramref name="Own"/>.</summary>
/// <param name="Tree">The authorities the rows were counted on.</param>
/// <param name="Own">The actor's own authority.</param>
/// <param name="Top">The authority at the top of the overview.</param>
/// <param name="Rows">Open cases per authority and rule family, by age.</param>
public sealed record AuthorityOverview(AuthorityTree Tree, AuthorityNode Own, AuthorityNode Top, IReadOnlyList<OverviewRow> Rows);
