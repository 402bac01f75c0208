using Dapper;

namespace PlatformWatch.Store;

// The supervisors' side of the case database: list, read and work cases; verify the audit trail.
public sealed partial class CaseStore
{
    /// <summary>Assigns a case (and sets its due date when given).</summary>
    public Task<CaseRecord> AssignAsync(string caseId, string assignee, DateOnly? dueAt, string actor, CancellationToken cancellationToken = default) =>
        InTransactionAsync(s => s.AssignAsync(caseId, assignee, dueAt, actor), cancellationToken);

    /// <summary>Comments on a case, internally or shared with the platform.</summary>
    public Task<CaseComment> CommentAsync(string caseId, string author, string visibility, string body, CancellationToken cancellationToken = default) =>
        InTransactionAsync(s => s.CommentAsync(caseId, author, visibility, body), cancellationToken);

    /// <summary>Comments on a case as a regulator of an authority.</summary>
    public Task<CaseComment> CommentAsync(string caseId, string author, string? authorAuthority, string visibility, string body, CancellationToken cancellationToken = default) =>
        InTransactionAsync(s => s.CommentAsync(caseId, author, visibility, body, authorAuthority), cancellationToken);

    /// <summary>Moves a case to another status.</summary>
    public Task<CaseRecord> TransitionAsync(string caseId, string status, string? outcome, string actor, string? note = null, CancellationToken cancellationToken = default) =>
        InTransactionAsync(s => s.TransitionAsync(caseId, status, outcome, actor, note), cancellationToken);

    /// <summary>Cases matching a query; the sort column must be one of <see cref="CaseWorkflow.SortColumns"/>.</summary>
    public Task<IReadOnlyList<CaseRecord>> ListCasesAsync(CaseQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var order = CaseWorkflow.OrderBy(query.Sort, query.Descending)
            ?? throw new CaseActionException($"cannot sort by '{query.Sort}'; sort by one of: {string.Join(", ", CaseWorkflow.SortColumns.Keys)}");
        var sql = _dialect.Sql.SelectCasesTemplate.Replace("/*ORDER*/", order, StringComparison.Ordinal);
        var parameters = new DynamicParameters(CaseViewer.Parameters(query.Viewer));
        parameters.AddDynamicParams(new
        {
            query.Status,
            query.Severity,
            query.PlatformId,
            query.MarketId,
            query.Assignee,
            query.Unassigned,
            query.RuleId,
            query.OpenedBefore,
            query.Jurisdiction,
            JurisdictionProfiles = (query.JurisdictionProfiles ?? []).ToArray(),
            query.Limit,
            query.Offset,
        });
        return ReadAsync<IReadOnlyList<CaseRecord>>(async (c, ct) => (await c.QueryAsync<CaseRecord>(new CommandDefinition(sql, parameters, cancellationToken: ct)).ConfigureAwait(false)).AsList(), cancellationToken);
    }

    /// <summary>A case in full, or null when there is none.</summary>
    public Task<CaseDetail?> GetCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, ct) =>
        {
            var key = new { CaseId = caseId };
            var found = await c.QuerySingleOrDefaultAsync<CaseRecord>(new CommandDefinition(_dialect.Sql.SelectCase, key, cancellationToken: ct)).ConfigureAwait(false);
            if (found is null)
            {
                return null;
            }

            var findings = (await c.QueryAsync<StoredFinding>(new CommandDefinition(_dialect.Sql.SelectCaseFindings, key, cancellationToken: ct)).ConfigureAwait(false)).AsList();
            var evidence = new List<EvidenceEvent>();
            foreach (var chunk in findings.SelectMany(f => f.EvidenceEventIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(500))
            {
                evidence.AddRange(await c.QueryAsync<EvidenceEvent>(new CommandDefinition(_dialect.Sql.SelectEventsByIds, new { Ids = chunk }, cancellationToken: ct)).ConfigureAwait(false));
            }

            var comments = (await c.QueryAsync<CaseComment>(new CommandDefinition(_dialect.Sql.SelectCaseComments, key, cancellationToken: ct)).ConfigureAwait(false)).AsList();
            var audit = (await c.QueryAsync<AuditEntry>(new CommandDefinition(_dialect.Sql.SelectCaseAudit, key, cancellationToken: ct)).ConfigureAwait(false)).AsList();
            return new CaseDetail(found, findings, evidence.OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList(), comments, audit);
        }, cancellationToken);

    /// <summary>
    /// Checks the whole audit trail, streamed entry by entry: every hash, every link and every
    /// case's count and head. Returns the first entry that does not verify (null when all do).
    /// </summary>
    public Task<(AuditBreak? Break, long Entries, int Cases)> VerifyAuditAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(async (c, ct) =>
        {
            var heads = (await c.QueryAsync<HeadRow>(new CommandDefinition(_dialect.Sql.SelectAuditHeads, cancellationToken: ct)).ConfigureAwait(false))
                .ToDictionary(h => h.CaseId, h => (h.AuditCount, h.AuditHead), StringComparer.Ordinal);
            var (found, count) = await _audit.VerifyAsync(c.QueryUnbufferedAsync<AuditEntry>(_dialect.Sql.SelectAllAudit), heads).ConfigureAwait(false);
            return (found, count, heads.Count);
        }, cancellationToken);

    private sealed class HeadRow
    {
        public string CaseId { get; init; } = "";
        public long AuditCount { get; init; }
        public string AuditHead { get; init; } = "";
    }
}
