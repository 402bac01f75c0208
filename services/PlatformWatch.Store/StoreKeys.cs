using Dapper;

namespace PlatformWatch.Store;

/// <summary>API keys (made, found by token, revoked) and the web UI's Data Protection key ring.</summary>
public sealed class StoreKeys
{
    private readonly CaseStore _store;

    internal StoreKeys(CaseStore store) => _store = store;

    /// <summary>
    /// Creates an API key; its token is in the result and nowhere else (the database keeps its
    /// hash). Refused (<see cref="CaseActionException"/>) for an empty name, an unknown role, a
    /// platform key without a platform or a regulator key with one.
    /// </summary>
    public async Task<IssuedApiKey> CreateApiKeyAsync(string name, string role, string? platformId, string actor, CancellationToken ct = default) =>
        await CreateApiKeyAsync(name, role, platformId, null, actor, ct).ConfigureAwait(false);

    /// <summary>
    /// Creates an API key of an authority (regulator keys; null: the default authority); refused
    /// as above, and for an authority that does not exist or an authority on a platform key.
    /// </summary>
    public async Task<IssuedApiKey> CreateApiKeyAsync(string name, string role, string? platformId, string? authorityId, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (KeyRefusal(name, role, platformId) is { } refusal)
        {
            throw new CaseActionException(refusal);
        }

        if (!ApiRoles.IsRegulator(role) && authorityId is not null)
        {
            throw new CaseActionException("authority: platform keys belong to their platform, not to an authority");
        }

        // The id and token are made once, so that a retried transaction finds the key it made.
        var (keyId, token) = ApiKeyToken.New();
        var hash = ApiKeyToken.Hash(token);
        var createdAt = AuditChain.Truncate(_store.Clock.GetUtcNow());
        var key = await _store.InTransactionAsync(async s =>
        {
            // A regulator key's authority is checked on the tree locked until the key is in: a change
            // of the tree dropping it waits, and then refuses over the key (or it came first, and the
            // key is refused).
            var authority = authorityId;
            if (ApiRoles.IsRegulator(role))
            {
                var tree = await s.Authorities.LockTreeAsync().ConfigureAwait(false);
                authority ??= tree.Default.AuthorityId;
                if (tree.Find(authority) is null)
                {
                    throw new CaseActionException($"authority: no authority '{authority}' (platformwatch authorities list shows them)");
                }
            }

            if (BetweenCheckAndInsert is { } hook)
            {
                await hook().ConfigureAwait(false);
            }

            var made = new ApiKeyRecord
            {
                KeyId = keyId,
                Name = name,
                Role = role,
                PlatformId = platformId,
                AuthorityId = authority,
                CreatedAt = createdAt,
                CreatedBy = actor,
            };
            await s.Keys.InsertApiKeyAsync(made, hash).ConfigureAwait(false);
            return made;
        }, ct).ConfigureAwait(false);
        return new IssuedApiKey(key, token);
    }

    /// <summary>Runs between the check of a key's authority and its insert, inside the transaction (tests hold it there).</summary>
    internal Func<Task>? BetweenCheckAndInsert { get; set; }

    /// <summary>
    /// The key a token belongs to; null when the token is malformed, names no key, carries the
    /// wrong secret (compared in constant time) or its key is revoked.
    /// </summary>
    public Task<ApiKeyRecord?> FindApiKeyAsync(string token, CancellationToken ct = default)
    {
        if (ApiKeyToken.KeyIdOf(token) is not { } keyId)
        {
            return Task.FromResult<ApiKeyRecord?>(null);
        }

        return _store.ReadAsync(async (c, cancel) =>
        {
            var hash = await c.ExecuteScalarAsync<string?>(new CommandDefinition(_store.Sql.Keys.SelectApiKeyHash, new { KeyId = keyId }, cancellationToken: cancel)).ConfigureAwait(false);
            if (hash is null || !ApiKeyToken.Matches(token, hash))
            {
                return null;
            }

            var key = await c.QuerySingleOrDefaultAsync<ApiKeyRecord>(new CommandDefinition(_store.Sql.Keys.SelectApiKey, new { KeyId = keyId }, cancellationToken: cancel)).ConfigureAwait(false);
            return key is { IsRevoked: false } ? key : null;
        }, ct);
    }

    /// <summary>Adds a key of the web UI's Data Protection key ring (a key already there is kept).</summary>
    public Task AddDataProtectionKeyAsync(string friendlyName, string xml, CancellationToken ct = default) =>
        _store.InTransactionAsync(async s => { await s.Keys.InsertDataProtectionKeyAsync(friendlyName, xml, _store.Clock.GetUtcNow()).ConfigureAwait(false); return 0; }, ct);

    /// <summary>Every key of the web UI's Data Protection key ring, as XML.</summary>
    public Task<IReadOnlyList<string>> ListDataProtectionKeysAsync(CancellationToken ct = default) =>
        _store.ReadAsync<IReadOnlyList<string>>(async (c, cancel) => (await c.QueryAsync<string>(new CommandDefinition(_store.Sql.Keys.SelectDataProtectionKeys, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);

    /// <summary>A key by its id, revoked or not (never its token or hash); null when there is none.</summary>
    public Task<ApiKeyRecord?> GetApiKeyAsync(string keyId, CancellationToken ct = default) =>
        _store.ReadAsync((c, cancel) => c.QuerySingleOrDefaultAsync<ApiKeyRecord>(new CommandDefinition(_store.Sql.Keys.SelectApiKey, new { KeyId = keyId }, cancellationToken: cancel)), ct);

    /// <summary>The names of keys by their ids, revoked keys included; an id that names no key is left out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IReadOnlyCollection<string> keyIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        if (keyIds.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var rows = await _store.ReadAsync(
            (c, cancel) => c.QueryAsync<(string KeyId, string Name)>(new CommandDefinition(_store.Sql.Keys.SelectApiKeyNames, new { KeyIds = keyIds.ToArray() }, cancellationToken: cancel)),
            ct).ConfigureAwait(false);
        return rows.ToDictionary(r => r.KeyId, r => r.Name, StringComparer.Ordinal);
    }

    /// <summary>Revokes a key; null when there is none. Revoking it again keeps the first revocation.</summary>
    public Task<ApiKeyRecord?> RevokeApiKeyAsync(string keyId, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return _store.InTransactionAsync(s => s.Keys.RevokeApiKeyAsync(keyId, actor), ct);
    }

    /// <summary>Every API key, revoked ones included, oldest first (never a token or its hash).</summary>
    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken ct = default) =>
        _store.ReadAsync<IReadOnlyList<ApiKeyRecord>>(async (c, cancel) => (await c.QueryAsync<ApiKeyRecord>(new CommandDefinition(_store.Sql.Keys.SelectApiKeys, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);

    private static string? KeyRefusal(string name, string role, string? platformId)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "name: a key needs a name (what or who it is for)";
        }

        if (!ApiRoles.All.Contains(role, StringComparer.Ordinal))
        {
            return $"role: unknown role '{role}'; expected one of: {string.Join(", ", ApiRoles.All)}";
        }

        if (role == ApiRoles.Platform)
        {
            return string.IsNullOrWhiteSpace(platformId) ? "platformId: a platform key needs the platform it acts for" : null;
        }

        return platformId is null ? null : $"platformId: a {role} key acts for the regulator, not for a platform; give no platform";
    }
}
