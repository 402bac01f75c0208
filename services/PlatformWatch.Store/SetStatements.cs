namespace PlatformWatch.Store;

/// <summary>
/// Statements that write or lock many rows at once, from arrays (one per column): the findings,
/// cases, audit entries and outbox rows of a unit of work, each in one statement whatever their
/// number. A dialect without them (SQLite, in process, where a statement costs microseconds; SQL
/// Server, for now) runs the one-row statements of <see cref="SqlStatements"/> in the same transaction.
/// </summary>
public sealed class SetStatements
{
    /// <summary>Cases by id (@CaseIds), locked until the transaction ends, in id order.</summary>
    public required string LockCases { get; init; }
    /// <summary>The open cases of groups (@GroupKeys), locked, in id order.</summary>
    public required string LockOpenCases { get; init; }
    /// <summary>Per group (@GroupKeys): its latest case and that case's sequence (the group's highest).</summary>
    public required string SelectLatestCases { get; init; }
    /// <summary>Inserts new cases.</summary>
    public required string InsertCases { get; init; }
    /// <summary>Sets cases' severity, audit count and head, and update time.</summary>
    public required string UpdateCases { get; init; }
    /// <summary>Appends audit entries.</summary>
    public required string InsertAudits { get; init; }
    /// <summary>Inserts findings (revision 1, active).</summary>
    public required string InsertFindings { get; init; }
    /// <summary>Updates findings' content, case and status (active), and counts a revision.</summary>
    public required string UpdateFindings { get; init; }
    /// <summary>Withdraws active findings (@FindingIds) as of @UpdatedAt, counting a revision.</summary>
    public required string WithdrawFindings { get; init; }
    /// <summary>Writes announcements to the outbox in the order given (a message id held already is skipped).</summary>
    public required string InsertOutbox { get; init; }
}
