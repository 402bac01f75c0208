namespace PlatformWatch.Store;

/// <summary>
/// The statements of one SQL dialect. Each dialect writes every statement out in full (in its
/// own file), always with parameters; Dapper caches each distinct text.
/// </summary>
public sealed class SqlStatements
{
    /// <summary>Creates the migrations table if it is missing.</summary>
    public required string CreateMigrationsTable { get; init; }
    /// <summary>Versions already applied.</summary>
    public required string SelectAppliedMigrations { get; init; }
    /// <summary>Records an applied migration (@Version, @Name, @AppliedAt).</summary>
    public required string InsertMigration { get; init; }

    /// <summary>Inserts an event unless its id is known; 1 row when new, 0 when a duplicate.</summary>
    public required string InsertEvent { get; init; }
    /// <summary>The payload hash of a known event (@EventId).</summary>
    public required string SelectEventHash { get; init; }
    /// <summary>How many events the inbox holds.</summary>
    public required string CountEvents { get; init; }
    /// <summary>How many refused inputs are kept.</summary>
    public required string CountRejected { get; init; }
    /// <summary>Records a refused input.</summary>
    public required string InsertRejected { get; init; }

    /// <summary>Upserts a share when it supersedes what is held (later occurredAt, then greater event id).</summary>
    public required string UpsertShare { get; init; }
    /// <summary>Every share of a market (@MarketId).</summary>
    public required string SelectMarketShares { get; init; }

    /// <summary>Every finding of a subject, whatever its status (@Subject).</summary>
    public required string SelectSubjectFindings { get; init; }
    /// <summary>Inserts a finding.</summary>
    public required string InsertFinding { get; init; }
    /// <summary>Updates a finding's content and status.</summary>
    public required string UpdateFinding { get; init; }
    /// <summary>Marks a finding withdrawn (@FindingId, @UpdatedAt).</summary>
    public required string WithdrawFinding { get; init; }
    /// <summary>Findings for listing: active ones, or all when @All = 1.</summary>
    public required string SelectFindings { get; init; }

    /// <summary>The open case of a group (@GroupKey).</summary>
    public required string SelectOpenCase { get; init; }
    /// <summary>The highest sequence used in a group (@GroupKey).</summary>
    public required string SelectLastCaseSequence { get; init; }
    /// <summary>Inserts a case.</summary>
    public required string InsertCase { get; init; }
    /// <summary>Sets a case's severity (@CaseId, @Severity, @UpdatedAt).</summary>
    public required string UpdateCaseSeverity { get; init; }
}
