namespace PlatformWatch.Store;

// The rule profiles put in force, recorded in a unit of work.
internal sealed class SessionProfiles(SessionDb db)
{
    private readonly SessionDb _db = db;

    internal async Task InsertProfileActivationsAsync(IReadOnlyList<ProfileActivation> activations)
    {
        foreach (var a in activations)
        {
            await _db.ExecuteAsync(_db.Sql.Profiles.InsertProfileActivation, new { a.ActivationId, a.SetHash, a.ProfileId, a.ContentHash, a.Reason, a.ActivatedBy, ActivatedAt = a.ActivatedAt.ToUniversalTime() }).ConfigureAwait(false);
        }
    }
}
