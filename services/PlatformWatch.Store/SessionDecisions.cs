using System.Text.Json.Nodes;

namespace PlatformWatch.Store;

/// <summary>
/// Decisions in a unit of work: each change written with its entry in the case's audit trail. The
/// caller holds the case locked (the application layer's access check locks it), so two changes of
/// one case's decisions never interleave.
/// </summary>
public sealed class SessionDecisions
{
    private readonly SessionDb _db;
    private readonly SessionCases _cases;

    internal SessionDecisions(SessionDb db, SessionCases cases)
    {
        _db = db;
        _cases = cases;
    }

    /// <summary>A new decision id, taken before the transaction so that a retry finds the decision it drafted.</summary>
    public static string NewDecisionId() => SessionDb.NewId("D-");

    /// <summary>The decisions of a case, oldest first.</summary>
    public async Task<IReadOnlyList<DecisionRecord>> OfCaseAsync(string caseId) =>
        (await _db.QueryAsync<DecisionRecord>(_db.Sql.Decisions.SelectCaseDecisions, new { CaseId = caseId }).ConfigureAwait(false)).ToList();

    /// <summary>The served decisions of a platform, newest first.</summary>
    public async Task<IReadOnlyList<DecisionRecord>> ServedOnAsync(string platformId) =>
        (await _db.QueryAsync<DecisionRecord>(_db.Sql.Decisions.SelectServedDecisions, new { PlatformId = platformId }).ConfigureAwait(false)).ToList();

    /// <summary>The ids of a case's findings (active or not).</summary>
    public async Task<IReadOnlySet<string>> FindingIdsAsync(string caseId) =>
        (await _db.QueryAsync<string>(_db.Sql.Decisions.SelectCaseFindingIds, new { CaseId = caseId }).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Records a new draft and its audit entry (<c>decision-drafted</c>).</summary>
    public async Task<DecisionRecord> InsertAsync(DecisionRecord draft, JsonObject details)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await _db.ExecuteAsync(_db.Sql.Decisions.InsertDecision, draft).ConfigureAwait(false);
        await _cases.AppendAuditAsync(draft.CaseId, draft.Author, "decision-drafted", details).ConfigureAwait(false);
        return draft;
    }

    /// <summary>Writes a changed decision and its audit entry (<paramref name="action"/> by <paramref name="actor"/>).</summary>
    public async Task<DecisionRecord> UpdateAsync(DecisionRecord changed, string actor, string action, JsonObject details)
    {
        ArgumentNullException.ThrowIfNull(changed);
        await _db.ExecuteAsync(_db.Sql.Decisions.UpdateDecision, changed).ConfigureAwait(false);
        await _cases.AppendAuditAsync(changed.CaseId, actor, action, details).ConfigureAwait(false);
        return changed;
    }

    /// <summary>The served decisions on the public register (none withheld or withdrawn), newest first.</summary>
    public async Task<IReadOnlyList<DecisionRecord>> PublishedAsync() =>
        (await _db.QueryAsync<DecisionRecord>(_db.Sql.Decisions.SelectPublishedDecisions, new { }).ConfigureAwait(false)).ToList();

    /// <summary>The findings of a case (active or not), for what a decision rests on.</summary>
    public async Task<IReadOnlyList<StoredFinding>> FindingsAsync(string caseId) =>
        (await _db.QueryAsync<StoredFinding>(_db.Sql.Cases.SelectCaseFindings, new { CaseId = caseId }).ConfigureAwait(false)).ToList();

    /// <summary>The decisions taken off the public register: every one, latest first, or those of a case.</summary>
    public async Task<IReadOnlyList<RegisterRemoval>> RemovalsAsync(string? caseId = null) =>
        (await (caseId is null
            ? _db.QueryAsync<RegisterRemoval>(_db.Sql.Decisions.SelectRegisterRemovals, new { })
            : _db.QueryAsync<RegisterRemoval>(_db.Sql.Decisions.SelectCaseRegisterRemovals, new { CaseId = caseId })).ConfigureAwait(false)).ToList();

    /// <summary>Takes a served decision off the public register, with its audit entry (<c>publication-withheld</c> or <c>publication-withdrawn</c>).</summary>
    public async Task<RegisterRemoval> RemoveFromRegisterAsync(RegisterRemoval removal, JsonObject details)
    {
        ArgumentNullException.ThrowIfNull(removal);
        await _db.ExecuteAsync(_db.Sql.Decisions.InsertRegisterRemoval, removal).ConfigureAwait(false);
        await _cases.AppendAuditAsync(removal.CaseId, removal.RemovedBy, "publication-" + removal.Removal, details).ConfigureAwait(false);
        return removal;
    }

    /// <summary>The clock of the unit of work, truncated as the audit trail keeps times.</summary>
    public DateTimeOffset Now => AuditChain.Truncate(_db.Now);
}
