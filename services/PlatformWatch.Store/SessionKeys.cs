using Dapper;

namespace PlatformWatch.Store;

// API keys and the web UI's Data Protection keys, written in a unit of work. Ids are made before
// the unit of work, so a retry after a commit that did happen finds the key it made instead of
// making a second one.
internal sealed class SessionKeys(SessionDb db)
{
    private readonly SessionDb _db = db;

    internal Task<int> InsertDataProtectionKeyAsync(string friendlyName, string xml, DateTimeOffset createdAt) =>
        _db.ExecuteAsync(_db.Sql.Keys.InsertDataProtectionKey, new { FriendlyName = friendlyName, Xml = xml, CreatedAt = createdAt.ToUniversalTime() });

    internal async Task InsertApiKeyAsync(ApiKeyRecord key, string secretHash)
    {
        var held = await _db.Connection.ExecuteScalarAsync<string?>(_db.Command(_db.Sql.Keys.SelectApiKeyHash, new { key.KeyId })).ConfigureAwait(false);
        if (held is null)
        {
            await _db.ExecuteAsync(_db.Sql.Keys.InsertApiKey, new { key.KeyId, key.Name, key.Role, key.PlatformId, key.AuthorityId, SecretHash = secretHash, key.CreatedAt, key.CreatedBy }).ConfigureAwait(false);
        }
        else if (held != secretHash)
        {
            throw new InvalidOperationException($"key id {key.KeyId} is taken; create the key again");
        }
    }

    internal async Task<ApiKeyRecord?> RevokeApiKeyAsync(string keyId, string actor)
    {
        await _db.ExecuteAsync(_db.Sql.Keys.RevokeApiKey, new { KeyId = keyId, RevokedAt = AuditChain.Truncate(_db.Now), RevokedBy = actor }).ConfigureAwait(false);
        return await _db.Connection.QuerySingleOrDefaultAsync<ApiKeyRecord>(_db.Command(_db.Sql.Keys.SelectApiKey, new { KeyId = keyId })).ConfigureAwait(false);
    }
}
