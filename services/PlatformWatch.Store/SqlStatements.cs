namespace PlatformWatch.Store;

/// <summary>
/// The statements of one SQL dialect, always with parameters; Dapper caches each distinct text. They
/// are grouped by feature, one class per group, and each feature of the store reads its own group:
/// migrations, ingestion (inbox and state), findings, cases and the audit trail, outbox, keys,
/// profiles, sources, authorities, decisions. A statement every dialect writes alike is written once, in
/// <c>SqlStatements.Common.cs</c>, and ended by the dialect's terminator; a dialect cannot set it. The
/// statements declared here differ between dialects, and each dialect writes them out in its own file
/// (<c>Sqlite/SqliteStatements.cs</c>, <c>Postgres/PostgresStatements.cs</c>,
/// <c>SqlServer/SqlServerStatements.cs</c>), group by group in the same order.
/// </summary>
public sealed class SqlStatements
{
    /// <summary>Migrations: the lock that lets one process migrate at a time, and the versions applied.</summary>
    public required MigrationStatements Migrations { get; init; }

    /// <summary>Ingestion: the inbox (every event taken once, refused inputs kept), then the state the rules read: subject locks, shares, events, price cells, ranking pages, due dates, clock marks.</summary>
    public required IngestionStatements Ingestion { get; init; }

    /// <summary>Findings: written by the evaluation, listed by the API.</summary>
    public required FindingStatements Findings { get; init; }

    /// <summary>Cases and the audit trail: cases, comments, audit entries, the evidence shown, notices.</summary>
    public required CaseStatements Cases { get; init; }

    /// <summary>Outbox: announcements written with the change, then relayed.</summary>
    public required OutboxStatements Outbox { get; init; }

    /// <summary>Keys: API keys and the web UI's Data Protection key ring.</summary>
    public required KeyStatements Keys { get; init; }

    /// <summary>Profiles: the rule profiles put in force.</summary>
    public required ProfileStatements Profiles { get; init; }

    /// <summary>Sources: the source registry and its changes.</summary>
    public required SourceStatements Sources { get; init; }

    /// <summary>Authorities: the authority tree, its routes and changes, and the grants of access to cases.</summary>
    public required AuthorityStatements Authorities { get; init; }

    /// <summary>Decisions: the decisions cases end in, drafted, approved and served (every dialect writes them alike).</summary>
    public required DecisionStatements Decisions { get; init; }
    /// <summary>Documents: the files attached to notices, answers and reports, with their content.</summary>
    public required DocumentStatements Documents { get; init; }

    /// <summary>Notifications: subscriptions, the fan-out of the outbox, the deliveries and their attempts.</summary>
    public required NotificationStatements Notifications { get; init; }
}

/// <summary>Migrations: the lock that lets one process migrate at a time, and the versions applied.</summary>
/// <param name="terminator">What ends a statement in the dialect: <c>;</c> in T-SQL, nothing in SQLite and PostgreSQL.</param>
public sealed partial class MigrationStatements(string terminator)
{
    /// <summary>Takes the lock that keeps two processes from migrating at once (null: the engine serialises writers).</summary>
    public string? LockMigrations { get; init; }
    /// <summary>Releases that lock.</summary>
    public string? UnlockMigrations { get; init; }
    /// <summary>Creates the migrations table if it is missing.</summary>
    public required string CreateMigrationsTable { get; init; }
}

/// <summary>Ingestion: the inbox (every event taken once, refused inputs kept), then the state the rules read: subject locks, shares, events, price cells, ranking pages, due dates, clock marks.</summary>
/// <param name="terminator">What ends a statement in the dialect: <c>;</c> in T-SQL, nothing in SQLite and PostgreSQL.</param>
public sealed partial class IngestionStatements(string terminator)
{
    /// <summary>Inserts an event unless its id is known; 1 row when new, 0 when a duplicate.</summary>
    public required string InsertEvent { get; init; }
    /// <summary>Inserts a batch's events (arrays, one per column) unless their ids are known; returns the ids inserted (null: one <see cref="InsertEvent"/> each).</summary>
    public string? InsertEvents { get; init; }
    /// <summary>The payload hashes of known events (@Ids, a list), with <see cref="InsertEvents"/>.</summary>
    public string? SelectEventHashes { get; init; }
    /// <summary>How many events the inbox holds.</summary>
    public required string CountEvents { get; init; }
    /// <summary>How many refused inputs are kept.</summary>
    public required string CountRejected { get; init; }
    /// <summary>Records a refused input.</summary>
    public required string InsertRejected { get; init; }
    /// <summary>Serialises the evaluation of one subject (@Subject) until the transaction ends (null: the engine serialises writers).</summary>
    public string? LockSubject { get; init; }
    /// <summary>Takes a shared transaction-scoped lock on a name (null: the engine has one writer at a time).</summary>
    public string? LockSubjectShared { get; init; }
    /// <summary>Locks names exclusively (@Exclusive, an array) and shared (@Shared, an array; exclusive wins) in one statement, in one global order (null: one lock each).</summary>
    public string? LockSubjectsMixed { get; init; }
    /// <summary>Upserts a share when it supersedes what is held (later occurredAt, then greater event id).</summary>
    public required string UpsertShare { get; init; }
    /// <summary>Upserts a batch's shares (arrays, one per column, one row per key) where they supersede what is held; returns the markets changed (null: one <see cref="UpsertShare"/> each).</summary>
    public string? UpsertShares { get; init; }
    /// <summary>Every share of a market (@MarketId), by metric, period and platform.</summary>
    public required string SelectMarketShares { get; init; }
    /// <summary>Every share of several markets (@MarketIds, a list), by market, metric, period and platform.</summary>
    public required string SelectMarketsShares { get; init; }
    /// <summary>Payloads of several platforms' events of one type (@PlatformIds, a list; @Type), with the platform, in event id order.</summary>
    public required string SelectPlatformsEvents { get; init; }
    /// <summary>Acquirers whose announced acquisitions target any of several markets (@MarketIds, a list).</summary>
    public required string SelectAcquirersTargeting { get; init; }
    /// <summary>One price cell by its key.</summary>
    public required string SelectPriceCell { get; init; }
    /// <summary>Inserts or replaces a price cell.</summary>
    public required string UpsertPriceCell { get; init; }
    /// <summary>Folds a batch's quotes into a price cell atomically (null: read, merge in code, write).</summary>
    public string? MergePriceCell { get; init; }
    /// <summary>A window's cells ordered by product, bucket (@PlatformId, @MarketId, @Month).</summary>
    public required string SelectPriceCells { get; init; }
    /// <summary>The jurisdictions of a price window.</summary>
    public required string SelectPriceJurisdictions { get; init; }
    /// <summary>The price windows (platform, market, month) of several platforms (@PlatformIds, a list).</summary>
    public required string SelectPlatformsPriceWindows { get; init; }
    /// <summary>The ranking windows (platform, market, month) of several platforms (@PlatformIds, a list).</summary>
    public required string SelectPlatformsRankingWindows { get; init; }
    /// <summary>Records a results page's pair counts.</summary>
    public required string InsertRankingPage { get; init; }
    /// <summary>A ranking window's summed counts.</summary>
    public required string SelectRankingTotals { get; init; }
    /// <summary>The pages of a ranking window that show first-party inversions.</summary>
    public required string SelectRankingEvidence { get; init; }
    /// <summary>The jurisdictions of a ranking window.</summary>
    public required string SelectRankingJurisdictions { get; init; }
    /// <summary>Records a due date of an obligation.</summary>
    public required string InsertDueDate { get; init; }
    /// <summary>Platforms with a due date in [@From, @To).</summary>
    public required string SelectPlatformsDueBetween { get; init; }
    /// <summary>Sets a clock mark (@Name, @Value).</summary>
    public required string UpsertClockMark { get; init; }
}

/// <summary>Findings: written by the evaluation, listed by the API.</summary>
/// <param name="terminator">What ends a statement in the dialect: <c>;</c> in T-SQL, nothing in SQLite and PostgreSQL.</param>
public sealed partial class FindingStatements(string terminator)
{
    /// <summary>Every finding of a subject, whatever its status (@Subject).</summary>
    public required string SelectSubjectFindings { get; init; }
    /// <summary>Every finding of several subjects, whatever its status (@Subjects, a list).</summary>
    public required string SelectSubjectsFindings { get; init; }
    /// <summary>Inserts a finding.</summary>
    public required string InsertFinding { get; init; }
    /// <summary>Updates a finding's content and status.</summary>
    public required string UpdateFinding { get; init; }
    /// <summary>Findings for listing: active ones, or all when @All = 1.</summary>
    public required string SelectFindings { get; init; }
    /// <summary>A page of findings by the filters of a <see cref="FindingQuery"/> (@HasIds tells whether @FindingIds applies).</summary>
    public required string SelectFindingsPage { get; init; }
    /// <summary>The active findings of several platforms (@PlatformIds, a list), with the platform.</summary>
    public required string SelectPlatformsFindings { get; init; }
}

/// <summary>Cases and the audit trail: cases, comments, audit entries, the evidence shown, notices.</summary>
/// <param name="terminator">What ends a statement in the dialect: <c>;</c> in T-SQL, nothing in SQLite and PostgreSQL.</param>
public sealed partial class CaseStatements(string terminator)
{
    /// <summary>The latest case of a group, open or closed (@GroupKey).</summary>
    public required string SelectLatestCase { get; init; }
    /// <summary>A case, locked until the transaction ends (@CaseId).</summary>
    public required string SelectCaseForUpdate { get; init; }
    /// <summary>A case with its active findings and rules, counted as in the lists (@CaseId).</summary>
    public required string SelectCaseSummary { get; init; }
    /// <summary>Cases by filters; <c>/*ORDER*/</c> is replaced by an ORDER BY from the allow-list.</summary>
    public required string SelectCasesTemplate { get; init; }
    /// <summary>The findings of a case (@CaseId), withdrawn ones included.</summary>
    public required string SelectCaseFindings { get; init; }
    /// <summary>Every audit entry, by case and sequence (streamed by the verifier).</summary>
    public required string SelectAllAudit { get; init; }
    /// <summary>Every case's audit chain head.</summary>
    public required string SelectAuditHeads { get; init; }
    /// <summary>A platform's events of one type as evidence, newest first (@PlatformId, @Type).</summary>
    public required string SelectPlatformEvidence { get; init; }
    /// <summary>Evidence events by id (@Ids, a list).</summary>
    public required string SelectEventsByIds { get; init; }
    /// <summary>The source and submitter of events (@Ids, a list), without their payloads.</summary>
    public required string SelectEventSubmitters { get; init; }
    /// <summary>Open cases per owner and rule family, by age (@PathPattern, @Since30, @Since90, @Since180, @Today).</summary>
    public required string SelectOverview { get; init; }
    /// <summary>A notice, locked until the transaction ends (@NoticeId).</summary>
    public required string SelectNoticeForUpdate { get; init; }
    /// <summary>Notices, newest first, of a platform and of a case when @PlatformId, @CaseId are not null.</summary>
    public required string SelectNotices { get; init; }
    /// <summary>The responses to a notice (@NoticeId), in order.</summary>
    public required string SelectNoticeResponses { get; init; }
}

/// <summary>Outbox: announcements written with the change, then relayed.</summary>
/// <param name="terminator">What ends a statement in the dialect: <c>;</c> in T-SQL, nothing in SQLite and PostgreSQL.</param>
public sealed partial class OutboxStatements(string terminator)
{
    /// <summary>Writes an announcement to the outbox unless its message id is there (@MessageId, @MessageType, @Body, @CreatedAt).</summary>
    public required string InsertOutbox { get; init; }
    /// <summary>Claims up to @Limit unsent messages nobody holds (@Now) until @Until for @By, returning them (null: <see cref="SelectOutboxClaimable"/> then <see cref="MarkOutboxClaimed"/> in one transaction).</summary>
    public string? ClaimOutbox { get; init; }
    /// <summary>Up to @Limit unsent messages nobody holds (@Now), oldest first.</summary>
    public required string SelectOutboxClaimable { get; init; }
    /// <summary>Holds messages (@Seqs, a list) until @Until for @By.</summary>
    public required string MarkOutboxClaimed { get; init; }
    /// <summary>Marks messages (@Seqs, a list) sent at @SentAt.</summary>
    public required string MarkOutboxSent { get; init; }
    /// <summary>Lets messages (@Seqs, a list) be claimed again from @RetryAt, with the error (@Error).</summary>
    public required string ReleaseOutbox { get; init; }
    /// <summary>How many messages wait to be sent and when the oldest was written (Pending, Oldest).</summary>
    public required string SelectOutboxBacklog { get; init; }
}

/// <summary>Keys: API keys and the web UI's Data Protection key ring.</summary>
/// <param name="terminator">What ends a statement in the dialect: <c>;</c> in T-SQL, nothing in SQLite and PostgreSQL.</param>
public sealed partial class KeyStatements(string terminator)
{
    /// <summary>Every API key without its hash, oldest first.</summary>
    public required string SelectApiKeys { get; init; }
    /// <summary>The names of some API keys (@KeyIds, a list), revoked ones included: KeyId, Name.</summary>
    public required string SelectApiKeyNames { get; init; }
    /// <summary>Adds a key of the web UI's Data Protection key ring (@FriendlyName, @Xml, @CreatedAt); an existing name is kept.</summary>
    public required string InsertDataProtectionKey { get; init; }
    /// <summary>Every key of the Data Protection key ring.</summary>
    public required string SelectDataProtectionKeys { get; init; }
}

/// <summary>Profiles: the rule profiles put in force.</summary>
/// <param name="terminator">What ends a statement in the dialect: <c>;</c> in T-SQL, nothing in SQLite and PostgreSQL.</param>
public sealed partial class ProfileStatements(string terminator)
{
    /// <summary>The latest rule profile activations, newest first (@Limit).</summary>
    public required string SelectProfileActivations { get; init; }
}

/// <summary>Sources: the source registry and its changes.</summary>
/// <param name="terminator">What ends a statement in the dialect: <c>;</c> in T-SQL, nothing in SQLite and PostgreSQL.</param>
public sealed partial class SourceStatements(string terminator)
{
    /// <summary>The latest changes of the source registry, newest first (@Limit).</summary>
    public required string SelectSourceChanges { get; init; }
}

/// <summary>Authorities: the authority tree, its routes and changes, and the grants of access to cases.</summary>
/// <param name="terminator">What ends a statement in the dialect: <c>;</c> in T-SQL, nothing in SQLite and PostgreSQL.</param>
public sealed partial class AuthorityStatements(string terminator)
{
    /// <summary>Cases owned by any of several authorities (@AuthorityIds, a list), with what they were routed by.</summary>
    public required string SelectCasesOwnedBy { get; init; }
    /// <summary>Moves the regulator keys of several authorities (@AuthorityIds, a list) to another (@AuthorityId).</summary>
    public required string MoveApiKeysAuthority { get; init; }
    /// <summary>Active regulator keys of authorities other than those given (@AuthorityIds, a list).</summary>
    public required string SelectApiKeysOutside { get; init; }
    /// <summary>Revokes every active grant to authorities not among those given (@AuthorityIds, a list).</summary>
    public required string RevokeCaseAccessOutside { get; init; }
    /// <summary>The latest changes of the authorities, newest first (@Limit).</summary>
    public required string SelectAuthorityChanges { get; init; }
}

/// <summary>Documents: the files attached to notices, answers and reports, with their content (all in <c>SqlStatements.Common.cs</c>).</summary>
/// <param name="terminator">What ends a statement in the dialect: <c>;</c> in T-SQL, nothing in SQLite and PostgreSQL.</param>
public sealed partial class DocumentStatements(string terminator);

/// <summary>Notifications: subscriptions, the fan-out of the outbox, the deliveries and their attempts.</summary>
/// <param name="terminator">What ends a statement in the dialect: <c>;</c> in T-SQL, nothing in SQLite and PostgreSQL.</param>
public sealed partial class NotificationStatements(string terminator)
{
    /// <summary>
    /// Takes the fan-out's turn for this transaction, without waiting: one row, 1 when taken, 0 while
    /// another transaction holds it. One fan-out runs at a time, so the outbox's rows are read
    /// without row locks, and a relay claiming them never skips one a fan-out is working on.
    /// </summary>
    public required string TakeFanOutTurn { get; init; }
    /// <summary>Up to @Limit outbox messages not fanned out yet, oldest first (read under the fan-out's turn, not locked).</summary>
    public required string SelectFanOutClaimable { get; init; }
    /// <summary>Marks outbox messages (@Seqs, a list) fanned out at @At.</summary>
    public required string MarkFannedOut { get; init; }
    /// <summary>Inserts a delivery unless its id is there (a repeated fan-out).</summary>
    public required string InsertDelivery { get; init; }
    /// <summary>Up to @Limit pending deliveries due at @Now, locked (skipping those another sender holds) until the transaction ends.</summary>
    public required string SelectDeliveriesDue { get; init; }
    /// <summary>Holds deliveries (@Ids, a list) until @Until, counting the attempt and its start (@Now) when it is the first.</summary>
    public required string MarkDeliveriesClaimed { get; init; }
    /// <summary>A subscription's latest deliveries, newest first (@SubscriptionId, @Limit).</summary>
    public required string SelectSubscriptionDeliveries { get; init; }
}

/// <summary>Column lists every dialect selects the same way (PostgreSQL casts its json columns itself).</summary>
internal static class SqlColumns
{
    public const string Decision = """
        decision_id AS DecisionId, case_id AS CaseId, platform_id AS PlatformId, status AS Status, outcome AS Outcome, content AS Content,
        author AS Author, created_at AS CreatedAt, updated_at AS UpdatedAt, submitted_at AS SubmittedAt, returned_reason AS ReturnedReason,
        approved_by AS ApprovedBy, served_at AS ServedAt
        """;

    public const string RegisterRemoval = """
        decision_id AS DecisionId, case_id AS CaseId, removal AS Removal, reason AS Reason, removed_by AS RemovedBy, removed_at AS RemovedAt
        """;

    public const string Finding = """
        finding_id AS FindingId, rule_id AS RuleId, rule_version AS RuleVersion, profile_id AS ProfileId,
        profile_hash AS ProfileHash, family AS Family, platform_id AS PlatformId, market_id AS MarketId,
        period_start AS PeriodStart, period_end AS PeriodEnd, established_from AS EstablishedFrom,
        established_to AS EstablishedTo, severity AS Severity, status AS Status, legal_basis AS LegalBasis,
        measured AS Measured, threshold AS Threshold, evidence AS Evidence, subject AS Subject, case_id AS CaseId,
        raised_at AS RaisedAt, updated_at AS UpdatedAt, revision AS Revision
        """;

    public const string Case = """
        c.case_id AS CaseId, c.group_key AS GroupKey, c.platform_id AS PlatformId, c.family AS Family, c.market_id AS MarketId,
        c.status AS Status, c.severity AS Severity, c.assignee AS Assignee, c.due_at AS DueAt, c.outcome AS Outcome,
        c.opened_at AS OpenedAt, c.updated_at AS UpdatedAt, c.closed_at AS ClosedAt, c.follows_case_id AS FollowsCaseId,
        c.audit_count AS AuditCount, c.audit_head AS AuditHead, c.owner_authority_id AS OwnerAuthorityId
        """;

    public const string MarketShare = """
        market_id AS MarketId, metric AS Metric, period_start AS PeriodStart, period_end AS PeriodEnd, platform_id AS PlatformId,
        share AS Share, value_amount AS ValueAmount, value_currency AS ValueCurrency, jurisdiction AS Jurisdiction,
        event_id AS EventId, occurred_at AS OccurredAt, source AS Source, source_kind AS SourceKind
        """;

    public const string ApiKey = """
        key_id AS KeyId, name AS Name, role AS Role, platform_id AS PlatformId, authority_id AS AuthorityId, created_at AS CreatedAt,
        created_by AS CreatedBy, revoked_at AS RevokedAt, revoked_by AS RevokedBy
        """;

    public const string Notice = """
        notice_id AS NoticeId, case_id AS CaseId, platform_id AS PlatformId, text AS Text, finding_ids AS FindingIds,
        issued_at AS IssuedAt, issued_by AS IssuedBy, response_due_at AS ResponseDueAt, status AS Status, answered_at AS AnsweredAt
        """;

    public const string NoticeResponse = """
        response_id AS ResponseId, notice_id AS NoticeId, platform_id AS PlatformId, text AS Text, documents AS Documents,
        submitted_at AS SubmittedAt, submitted_by AS SubmittedBy, business_secret AS BusinessSecret
        """;

    public const string Authority = """
        authority_id AS AuthorityId, name AS Name, parent_id AS ParentId, path AS Path, is_default AS IsDefault, updated_at AS UpdatedAt
        """;

    public const string AuthorityRoute = """
        route_id AS RouteId, authority_id AS AuthorityId, position AS Position, jurisdictions AS Jurisdictions, families AS Families,
        rules AS Rules, markets AS Markets, platforms AS Platforms
        """;

    public const string CaseAccess = """
        access_id AS AccessId, case_id AS CaseId, authority_id AS AuthorityId, kind AS Kind, access AS Access,
        withhold_internal AS WithholdInternal, reason AS Reason, granted_at AS GrantedAt, granted_by AS GrantedBy,
        revoked_at AS RevokedAt, revoked_by AS RevokedBy
        """;

    // The same in every dialect but the alias of the count (Open is a keyword of T-SQL) and the terminator.
    public static string Overview(string openAlias, string terminator) => $"""
        SELECT c.owner_authority_id AS AuthorityId, c.family AS Family, COUNT(*) AS {openAlias},
               SUM(CASE WHEN c.opened_at >= @Since30 THEN 1 ELSE 0 END) AS Days0To30,
               SUM(CASE WHEN c.opened_at < @Since30 AND c.opened_at >= @Since90 THEN 1 ELSE 0 END) AS Days31To90,
               SUM(CASE WHEN c.opened_at < @Since90 AND c.opened_at >= @Since180 THEN 1 ELSE 0 END) AS Days91To180,
               SUM(CASE WHEN c.opened_at < @Since180 THEN 1 ELSE 0 END) AS DaysOver180,
               SUM(CASE WHEN c.due_at IS NOT NULL AND c.due_at < @Today THEN 1 ELSE 0 END) AS Overdue,
               SUM(CASE WHEN c.assignee IS NULL THEN 1 ELSE 0 END) AS Unassigned
        FROM cases c JOIN authorities a ON a.authority_id = c.owner_authority_id
        WHERE c.status <> 'closed' AND a.path LIKE @PathPattern
        GROUP BY c.owner_authority_id, c.family{terminator}
        """;

    public const string Subscription = """
        subscription_id AS SubscriptionId, owner_kind AS OwnerKind, owner_id AS OwnerId, authority_id AS AuthorityId, channel AS Channel, target AS Target, secret AS Secret,
        previous_secret AS PreviousSecret, previous_until AS PreviousUntil,
        kinds AS Kinds, min_severity AS MinSeverity, lead_days AS LeadDays, language AS Language, created_at AS CreatedAt, created_by AS CreatedBy,
        disabled_at AS DisabledAt
        """;

    public const string Delivery = """
        delivery_id AS DeliveryId, subscription_id AS SubscriptionId, message_id AS MessageId, kind AS Kind, payload AS Payload, status AS Status,
        attempts AS Attempts, next_attempt_at AS NextAttemptAt, first_attempt_at AS FirstAttemptAt, last_status AS LastStatus, last_error AS LastError,
        created_at AS CreatedAt, sent_at AS SentAt, parked_at AS ParkedAt
        """;

    public const string Audit = """
        case_id AS CaseId, seq AS Seq, at AS At, actor AS Actor, action AS Action, details AS Details, prev_hash AS PrevHash, hash AS Hash
        """;
}
