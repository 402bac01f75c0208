using Dapper;

namespace PlatformWatch.Store;

/// <summary>The rule profiles put in force: recorded and listed.</summary>
public sealed class StoreProfiles
{
    private readonly CaseStore _store;

    internal StoreProfiles(CaseStore store) => _store = store;

    /// <summary>Records the profiles of a set just put in force, in one transaction.</summary>
    public Task RecordActivationsAsync(IReadOnlyList<ProfileActivation> activations, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(activations);
        return _store.InTransactionAsync(async s => { await s.Profiles.InsertProfileActivationsAsync(activations).ConfigureAwait(false); return activations.Count; }, ct);
    }

    /// <summary>The latest profile activations, newest first.</summary>
    public Task<IReadOnlyList<ProfileActivation>> ListActivationsAsync(int limit, CancellationToken ct = default) =>
        _store.ReadAsync<IReadOnlyList<ProfileActivation>>(async (c, cancel) => (await c.QueryAsync<ProfileActivation>(new CommandDefinition(_store.Sql.Profiles.SelectProfileActivations, new { Limit = limit }, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);
}
