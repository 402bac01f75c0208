using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// The source registry (CONTRACTS.md "Sources and submitters"): only administrators of the default
/// authority (and operators) see or change which sources count. A replacement checks that in its
/// own transaction, on the authorities locked until it commits, so a change of the default
/// authority made meanwhile either commits before the check (the replacement is refused) or waits.
/// </summary>
public sealed class SourceService(CaseStore store)
{
    /// <summary>Runs between the access check and the replacement, inside the transaction (tests hold it there).</summary>
    internal Func<Task>? BetweenCheckAndAct { get; set; }

    /// <summary>The source registry in force.</summary>
    public Task<Outcome<SourceRegistry>> RegistryAsync(Actor actor, CancellationToken ct) =>
        ReadAsync(actor, () => store.Sources.GetRegistryAsync(ct), ct);

    /// <summary>The latest changes of the registry, newest first.</summary>
    public Task<Outcome<IReadOnlyList<SourceChangeRecord>>> ChangesAsync(Actor actor, int limit, CancellationToken ct) =>
        ReadAsync(actor, () => store.Sources.ListChangesAsync(limit, ct), ct);

    /// <summary>Whether the actor may change the registry, checked alone (the API refuses before it reads the document).</summary>
    public Task<Outcome<bool>> MayReplaceAsync(Actor actor, CancellationToken ct) =>
        ReadAsync(actor, () => Task.FromResult(true), ct);

    /// <summary>Replaces the registry with a checked one; the change made.</summary>
    public Task<Outcome<SourceChangeRecord>> ReplaceAsync(Actor actor, SourceRegistry registry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return AuthorityService.OfTheDefaultAsync(store, actor, NotTheDefault, BetweenCheckAndAct, s => s.Sources.SetAsync(registry, actor.Name), ct);
    }

    private async Task<Outcome<T>> ReadAsync<T>(Actor actor, Func<Task<T>> read, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Refusal(actor, await store.Authorities.GetTreeAsync(ct).ConfigureAwait(false)) is { } refused)
        {
            return Outcome<T>.Refused(OutcomeKind.Forbidden, refused);
        }

        return Outcome<T>.Ok(await read().ConfigureAwait(false));
    }

    private static string? Refusal(Actor actor, AuthorityTree tree) =>
        AuthorityService.Administers(actor, tree) ? null : NotTheDefault(tree);

    private static string NotTheDefault(AuthorityTree tree) =>
        Messages.Format("sources.notTheDefault", tree.Default.AuthorityId);
}
