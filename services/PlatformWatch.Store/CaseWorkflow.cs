namespace PlatformWatch.Store;

/// <summary>
/// The states of a case and the moves between them: new → triaged → investigating → notice-issued
/// → platform-responded → closed with an outcome; a closed case can be re-opened (it returns to
/// investigating).
/// </summary>
public static class CaseWorkflow
{
    /// <summary>The statuses, in workflow order.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["new", "triaged", "investigating", "notice-issued", "platform-responded", "closed"];

    /// <summary>The outcomes a case is closed with.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["no-violation", "warning", "rectification-ordered", "penalty-referral"];

    /// <summary>Columns a case list may be sorted by, and the SQL each stands for.</summary>
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["severity"] = "CASE c.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END",
        ["opened"] = "c.opened_at",
        ["updated"] = "c.updated_at",
        ["due"] = "c.due_at",
        ["status"] = "CASE c.status WHEN 'new' THEN 1 WHEN 'triaged' THEN 2 WHEN 'investigating' THEN 3 WHEN 'notice-issued' THEN 4 WHEN 'platform-responded' THEN 5 ELSE 6 END",
        ["platform"] = "c.platform_id",
        ["market"] = "c.market_id",
        ["assignee"] = "c.assignee",
    };

    private static readonly Dictionary<string, string[]> Next = new(StringComparer.Ordinal)
    {
        ["new"] = ["triaged", "investigating", "closed"],
        ["triaged"] = ["investigating", "closed"],
        ["investigating"] = ["notice-issued", "closed"],
        ["notice-issued"] = ["platform-responded", "investigating", "closed"],
        ["platform-responded"] = ["investigating", "notice-issued", "closed"],
        ["closed"] = ["investigating"],
    };

    /// <summary>The statuses a case in <paramref name="status"/> may move to.</summary>
    public static IReadOnlyList<string> AllowedFrom(string status) => Next.GetValueOrDefault(status) ?? [];

    /// <summary>Checks a move of case <paramref name="caseId"/>; null when allowed, else the refusal saying why not.</summary>
    public static CaseActionException? Refusal(string caseId, string from, string to, string? outcome)
    {
        if (!Statuses.Contains(to, StringComparer.Ordinal))
        {
            return CaseActionException.Of("workflow.unknownStatus", caseId, to, string.Join(", ", Statuses));
        }

        if (!AllowedFrom(from).Contains(to, StringComparer.Ordinal))
        {
            return CaseActionException.Of("workflow.notAllowed", caseId, from, to, string.Join(", ", AllowedFrom(from)));
        }

        if (to == "closed" && (outcome is null || !Outcomes.Contains(outcome, StringComparer.Ordinal)))
        {
            return CaseActionException.Of("workflow.outcomeNeeded", caseId, string.Join(", ", Outcomes));
        }

        return to != "closed" && outcome is not null ? CaseActionException.Of("workflow.outcomeOnlyWhenClosing", caseId) : null;
    }

    /// <summary>The ORDER BY of a sort column from the allow-list; null for an unknown column.</summary>
    public static string? OrderBy(string column, bool descending) =>
        SortColumns.TryGetValue(column, out var sql) ? $"ORDER BY {sql} {(descending ? "DESC" : "ASC")}, c.case_id" : null;
}
