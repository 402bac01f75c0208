using PlatformWatch.Store;

namespace PlatformWatch.Application;

/// <summary>
/// The API's keys: made, revoked and listed by an operator (the command line: no API endpoint
/// manages keys), found by the token someone signs in with, and named where the audit trail shows
/// who acted (<c>key:ID</c>).
/// </summary>
public sealed class KeyService(CaseStore store)
{
    /// <summary>The refusal for anyone but an operator.</summary>
    public static string Refusal => Messages.Get("operators.keys");

    /// <summary>
    /// Makes a key; its token is in the result and nowhere else. Refused as a conflict for an
    /// empty name, an unknown role, a platform key without a platform, a regulator key with one or
    /// of an authority that does not exist.
    /// </summary>
    public Task<Outcome<IssuedApiKey>> CreateAsync(Actor actor, string name, string role, string? platformId, string? authorityId, CancellationToken ct) =>
        AsOperatorAsync(actor, () => store.Keys.CreateApiKeyAsync(name, role, platformId, authorityId, actor.Name, ct));

    /// <summary>Revokes a key (revoking it again keeps the first revocation); not found when there is none.</summary>
    public async Task<Outcome<ApiKeyRecord>> RevokeAsync(Actor actor, string keyId, CancellationToken ct)
    {
        var revoked = await AsOperatorAsync(actor, () => store.Keys.RevokeApiKeyAsync(keyId, actor.Name, ct)).ConfigureAwait(false);
        return revoked is { IsOk: true, Value: null } ? Outcome<ApiKeyRecord>.Refused(OutcomeKind.NotFound, Messages.Format("notFound.key", keyId)) : revoked!;
    }

    /// <summary>Every key, revoked ones included, oldest first (never a token or its hash).</summary>
    public Task<Outcome<IReadOnlyList<ApiKeyRecord>>> ListAsync(Actor actor, CancellationToken ct) =>
        AsOperatorAsync(actor, () => store.Keys.ListApiKeysAsync(ct));

    /// <summary>The key a token belongs to, to sign in with; null when it is unknown, wrong or revoked.</summary>
    public Task<ApiKeyRecord?> FindAsync(string token, CancellationToken ct) => store.Keys.FindApiKeyAsync(token, ct);

    /// <summary>A key as it stands now (revoked keys included), to re-check a session signed in with it; null when there is none.</summary>
    public Task<ApiKeyRecord?> GetAsync(string keyId, CancellationToken ct) => store.Keys.GetApiKeyAsync(keyId, ct);

    /// <summary>The names of the keys among those who acted (<c>key:ID</c>), by key id, revoked keys included.</summary>
    public Task<IReadOnlyDictionary<string, string>> NamesAsync(IReadOnlyCollection<string> keyIds, CancellationToken ct) =>
        store.Keys.NamesAsync(keyIds, ct);

    private static Task<Outcome<T>> AsOperatorAsync<T>(Actor actor, Func<Task<T>> act) => OperatorsOnly.RunAsync(actor, Refusal, act);
}
