namespace PlatformWatch.Store;

/// <summary>
/// Statements that write or lock many rows at once, from arrays (one per column): the findings,
/// cases, audit entries and outbox rows of a unit of work, each in one statement whatever their
/// number. PostgreSQL unnests the arrays; SQL Server reads them as one JSON parameter through
/// OPENJSON (<see cref="Parameters"/>). A dialect without them (SQLite, in process, where a
/// statement costs microseconds) runs the one-row statements of <see cref="SqlStatements"/> in the
/// same transaction.
/// </summary>
public sealed class SetStatements
{
    private HashSet<string>? _texts;

    /// <summary>
    /// What a set statement is sent with, from the parameter object of its call site (an array a
    /// column, and scalars): that object itself (PostgreSQL), or what the dialect makes of it (SQL
    /// Server: the arrays as one JSON parameter, @Rows). The session applies it to every set statement.
    /// </summary>
    public Func<object, object> Parameters { get; init; } = static parameters => parameters;

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

    /// <summary>True when the statement is one of these (the very string, as the call sites pass it; every one, a statement added later too).</summary>
    internal bool Holds(string statement) =>
        (_texts ??= new HashSet<string>(
            typeof(SetStatements).GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => (string)p.GetValue(this)!),
            ReferenceEqualityComparer.Instance)).Contains(statement);
}
