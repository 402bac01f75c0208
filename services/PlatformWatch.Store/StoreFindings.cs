using Dapper;

namespace PlatformWatch.Store;

/// <summary>Findings as the API and the command line read them.</summary>
public sealed class StoreFindings
{
    private readonly CaseStore _store;

    internal StoreFindings(CaseStore store) => _store = store;

    /// <summary>Findings in key order: the active ones, or all with <paramref name="includeWithdrawn"/>.</summary>
    public Task<IReadOnlyList<StoredFinding>> ListAsync(bool includeWithdrawn = false, CancellationToken cancellationToken = default) =>
        _store.ReadAsync<IReadOnlyList<StoredFinding>>(async (c, ct) => (await c.QueryAsync<StoredFinding>(new CommandDefinition(_store.Sql.Findings.SelectFindings, new { All = includeWithdrawn }, cancellationToken: ct)).ConfigureAwait(false)).AsList(), cancellationToken);

    /// <summary>
    /// A page of findings by filters, in key order (rule, platform, market, period; binary
    /// collation). Refused (<see cref="CaseActionException"/>) for a limit under 1, a negative
    /// offset or more than <see cref="FindingQuery.MaxFindingIds"/> finding ids.
    /// </summary>
    public Task<IReadOnlyList<StoredFinding>> ListAsync(FindingQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var refusal = query switch
        {
            { Limit: < 1 } => $"limit: must be at least 1, was {query.Limit}",
            { Offset: < 0 } => $"offset: must not be negative, was {query.Offset}",
            { FindingIds.Count: > FindingQuery.MaxFindingIds } => $"findingIds: at most {FindingQuery.MaxFindingIds} ids, were {query.FindingIds.Count}",
            _ => null,
        };
        if (refusal is not null)
        {
            throw new CaseActionException(refusal);
        }

        var parameters = new DynamicParameters(CaseViewer.Parameters(query.Viewer));
        parameters.AddDynamicParams(new
        {
            query.PlatformId,
            query.MarketId,
            query.RuleId,
            query.Severity,
            query.CaseId,
            HasIds = query.FindingIds is not null,
            FindingIds = (query.FindingIds ?? []).ToArray(),
            query.PeriodFrom,
            query.PeriodTo,
            query.IncludeWithdrawn,
            query.Limit,
            query.Offset,
        });
        return _store.ReadAsync<IReadOnlyList<StoredFinding>>(async (c, cancel) => (await c.QueryAsync<StoredFinding>(new CommandDefinition(_store.Sql.Findings.SelectFindingsPage, parameters, cancellationToken: cancel)).ConfigureAwait(false)).AsList(), ct);
    }
}
