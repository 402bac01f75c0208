namespace PlatformWatch.Store;

// The statements every dialect writes alike, up to the terminator that ends them (the primary
// constructor's parameter: ";" in T-SQL, nothing elsewhere). Get-only, so a dialect cannot write
// one out again; when a dialect needs its own text, the statement moves to its group in SqlStatements.cs
// and every dialect file. SqlStatementsTests fails when all three dialects write a statement alike.
public sealed partial class MigrationStatements
{
    /// <summary>Versions already applied.</summary>
    public string SelectAppliedMigrations { get; } = $"SELECT version FROM schema_migrations ORDER BY version{terminator}";
    /// <summary>Records an applied migration (@Version, @Name, @AppliedAt).</summary>
    public string InsertMigration { get; } = $"INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt){terminator}";
}

public sealed partial class IngestionStatements
{
    /// <summary>The payload hash of a known event (@EventId).</summary>
    public string SelectEventHash { get; } = $"SELECT payload_hash FROM events WHERE event_id = @EventId{terminator}";
    /// <summary>A clock mark (@Name).</summary>
    public string SelectClockMark { get; } = $"SELECT value FROM clock_marks WHERE name = @Name{terminator}";
}

public sealed partial class FindingStatements
{
    /// <summary>Marks a finding withdrawn (@FindingId, @UpdatedAt).</summary>
    public string WithdrawFinding { get; } = $"""
        UPDATE findings SET status = 'withdrawn', updated_at = @UpdatedAt, revision = revision + 1
        WHERE finding_id = @FindingId AND status = 'active'{terminator}
        """;
}

public sealed partial class CaseStatements
{
    /// <summary>The open case of a group (@GroupKey).</summary>
    public string SelectOpenCase { get; } = $"""
        SELECT case_id AS CaseId, severity AS Severity, status AS Status
        FROM cases
        WHERE group_key = @GroupKey AND status <> 'closed'{terminator}
        """;
    /// <summary>The highest sequence used in a group (@GroupKey).</summary>
    public string SelectLastCaseSequence { get; } = $"SELECT COALESCE(MAX(sequence), 0) FROM cases WHERE group_key = @GroupKey{terminator}";
    /// <summary>Inserts a case.</summary>
    public string InsertCase { get; } = $"""
        INSERT INTO cases (case_id, group_key, sequence, platform_id, family, market_id, status, severity, opened_at, updated_at, follows_case_id, owner_authority_id, routing_subject)
        VALUES (@CaseId, @GroupKey, @Sequence, @PlatformId, @Family, @MarketId, 'new', @Severity, @OpenedAt, @OpenedAt, @FollowsCaseId, @OwnerAuthorityId, @RoutingSubject){terminator}
        """;
    /// <summary>Sets a case's severity (@CaseId, @Severity, @UpdatedAt).</summary>
    public string UpdateCaseSeverity { get; } = $"UPDATE cases SET severity = @Severity, updated_at = @UpdatedAt WHERE case_id = @CaseId{terminator}";
    /// <summary>Moves a finding to another case (@FindingId, @CaseId).</summary>
    public string MoveFinding { get; } = $"UPDATE findings SET case_id = @CaseId WHERE finding_id = @FindingId{terminator}";
    /// <summary>A case (@CaseId).</summary>
    public string SelectCase { get; } = $"SELECT {SqlColumns.Case} FROM cases c WHERE c.case_id = @CaseId{terminator}";
    /// <summary>A platform's cases (@PlatformId): who sees one hears of the platform's report deadlines.</summary>
    public string SelectPlatformCases { get; } = $"SELECT {SqlColumns.Case} FROM cases c WHERE c.platform_id = @PlatformId ORDER BY c.case_id{terminator}";
    /// <summary>The evidence of a platform's findings in cases, withdrawn ones too, by case (@PlatformId): which cases hold an event.</summary>
    public string SelectPlatformCaseEvidence { get; } = $"SELECT case_id AS CaseId, evidence AS Evidence FROM findings WHERE platform_id = @PlatformId AND case_id IS NOT NULL ORDER BY case_id{terminator}";
    /// <summary>Sets a case's status, outcome and closing time.</summary>
    public string UpdateCaseStatus { get; } = $"""
        UPDATE cases SET status = @Status, outcome = @Outcome, closed_at = @ClosedAt, updated_at = @UpdatedAt WHERE case_id = @CaseId{terminator}
        """;
    /// <summary>Sets a case's assignee and due date.</summary>
    public string UpdateCaseAssignment { get; } = $"UPDATE cases SET assignee = @Assignee, due_at = @DueAt, updated_at = @UpdatedAt WHERE case_id = @CaseId{terminator}";
    /// <summary>Moves a case's audit chain head (@CaseId, @AuditCount, @AuditHead).</summary>
    public string UpdateCaseAudit { get; } = $"UPDATE cases SET audit_count = @AuditCount, audit_head = @AuditHead WHERE case_id = @CaseId{terminator}";
    /// <summary>Inserts a comment.</summary>
    public string InsertComment { get; } = $"""
        INSERT INTO case_comments (comment_id, case_id, author, visibility, body, created_at, author_authority)
        VALUES (@CommentId, @CaseId, @Author, @Visibility, @Body, @CreatedAt, @AuthorAuthority){terminator}
        """;
    /// <summary>The comments of a case (@CaseId).</summary>
    public string SelectCaseComments { get; } = $"""
        SELECT comment_id AS CommentId, case_id AS CaseId, author AS Author, visibility AS Visibility, body AS Body, created_at AS CreatedAt,
               author_authority AS AuthorAuthority
        FROM case_comments WHERE case_id = @CaseId ORDER BY created_at, comment_id{terminator}
        """;
    /// <summary>Appends an audit entry.</summary>
    public string InsertAudit { get; } = $"""
        INSERT INTO audit_entries (case_id, seq, at, actor, action, details, prev_hash, hash)
        VALUES (@CaseId, @Seq, @At, @Actor, @Action, @Details, @PrevHash, @Hash){terminator}
        """;
    /// <summary>The audit entries of a case (@CaseId), in order.</summary>
    public string SelectCaseAudit { get; } = $"SELECT {SqlColumns.Audit} FROM audit_entries WHERE case_id = @CaseId ORDER BY seq{terminator}";
    /// <summary>Inserts a notice.</summary>
    public string InsertNotice { get; } = $"""
        INSERT INTO notices (notice_id, case_id, platform_id, text, finding_ids, issued_at, issued_by, response_due_at, status)
        VALUES (@NoticeId, @CaseId, @PlatformId, @Text, @FindingIds, @IssuedAt, @IssuedBy, @ResponseDueAt, 'awaiting-response'){terminator}
        """;
    /// <summary>A notice (@NoticeId).</summary>
    public string SelectNotice { get; } = $"SELECT {SqlColumns.Notice} FROM notices WHERE notice_id = @NoticeId{terminator}";
    /// <summary>Marks a notice answered (@NoticeId, @AnsweredAt).</summary>
    public string UpdateNoticeAnswered { get; } = $"UPDATE notices SET status = 'answered', answered_at = @AnsweredAt WHERE notice_id = @NoticeId AND status = 'awaiting-response'{terminator}";
    /// <summary>Inserts a response to a notice.</summary>
    public string InsertNoticeResponse { get; } = $"""
        INSERT INTO notice_responses (response_id, notice_id, platform_id, text, documents, submitted_at, submitted_by, business_secret)
        VALUES (@ResponseId, @NoticeId, @PlatformId, @Text, @Documents, @SubmittedAt, @SubmittedBy, @BusinessSecret){terminator}
        """;
}

public sealed partial class OutboxStatements
{
    /// <summary>Deletes messages sent before @Before.</summary>
    public string PurgeOutbox { get; } = $"DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < @Before AND fanned_out_at IS NOT NULL{terminator}";
}

public sealed partial class NotificationStatements
{
    /// <summary>Inserts a subscription.</summary>
    public string InsertSubscription { get; } = $"""
        INSERT INTO subscriptions (subscription_id, owner_kind, owner_id, authority_id, channel, target, secret, kinds, min_severity, lead_days, language, created_at, created_by)
        VALUES (@SubscriptionId, @OwnerKind, @OwnerId, @AuthorityId, @Channel, @Target, @Secret, @Kinds, @MinSeverity, @LeadDays, @Language, @CreatedAt, @CreatedBy){terminator}
        """;
    /// <summary>A subscription (@SubscriptionId).</summary>
    public string SelectSubscription { get; } = $"SELECT {SqlColumns.Subscription} FROM subscriptions WHERE subscription_id = @SubscriptionId{terminator}";
    /// <summary>An owner's subscriptions, switched off ones included, oldest first (@OwnerKind, @OwnerId).</summary>
    public string SelectOwnerSubscriptions { get; } = $"SELECT {SqlColumns.Subscription} FROM subscriptions WHERE owner_kind = @OwnerKind AND owner_id = @OwnerId ORDER BY created_at, subscription_id{terminator}";
    /// <summary>Every subscription in force (the fan-out matches each message against them).</summary>
    public string SelectActiveSubscriptions { get; } = $"SELECT {SqlColumns.Subscription} FROM subscriptions WHERE disabled_at IS NULL{terminator}";
    /// <summary>Replaces a subscription's signing secret (@SubscriptionId, @Secret), the old one signing beside it until @PreviousUntil (null: not at all).</summary>
    public string UpdateSubscriptionSecret { get; } = $"""
        UPDATE subscriptions SET previous_secret = CASE WHEN @PreviousUntil IS NULL THEN NULL ELSE secret END, previous_until = @PreviousUntil, secret = @Secret
        WHERE subscription_id = @SubscriptionId AND disabled_at IS NULL{terminator}
        """;
    /// <summary>Switches a subscription off (@SubscriptionId, @DisabledAt); its deliveries waiting are parked by the sender.</summary>
    public string DisableSubscription { get; } = $"UPDATE subscriptions SET disabled_at = @DisabledAt WHERE subscription_id = @SubscriptionId AND disabled_at IS NULL{terminator}";
    /// <summary>A delivery (@DeliveryId).</summary>
    public string SelectDelivery { get; } = $"SELECT {SqlColumns.Delivery} FROM notification_deliveries WHERE delivery_id = @DeliveryId{terminator}";
    /// <summary>Records a delivery accepted (@DeliveryId, @At, @LastStatus).</summary>
    public string MarkDeliverySent { get; } = $"UPDATE notification_deliveries SET status = 'sent', sent_at = @At, last_status = @LastStatus, last_error = NULL WHERE delivery_id = @DeliveryId AND status = 'pending'{terminator}";
    /// <summary>Records a failed attempt to be tried again at @NextAttemptAt (@DeliveryId, @LastStatus, @LastError).</summary>
    public string RetryDelivery { get; } = $"UPDATE notification_deliveries SET next_attempt_at = @NextAttemptAt, last_status = @LastStatus, last_error = @LastError WHERE delivery_id = @DeliveryId AND status = 'pending'{terminator}";
    /// <summary>Parks a delivery with the reason (@DeliveryId, @At, @LastStatus, @LastError).</summary>
    public string ParkDelivery { get; } = $"UPDATE notification_deliveries SET status = 'parked', parked_at = @At, last_status = @LastStatus, last_error = @LastError WHERE delivery_id = @DeliveryId AND status = 'pending'{terminator}";
    /// <summary>Takes or renews a lease (@Name) for @Holder until @Until when it is free, expired at @Now, or already @Holder's; 1 row when taken.</summary>
    public string TakeLease { get; } = $"UPDATE leases SET holder = @Holder, held_until = @Until WHERE name = @Name AND (held_until IS NULL OR held_until < @Now OR holder = @Holder){terminator}";
    /// <summary>Notices awaiting an answer due after @Now and at the latest @Until.</summary>
    public string SelectNoticesDueBetween { get; } = $"SELECT {SqlColumns.Notice} FROM notices WHERE status = 'awaiting-response' AND response_due_at > @Now AND response_due_at <= @Until{terminator}";
    /// <summary>Every served decision (the reminder check reads their rectification orders' deadlines).</summary>
    public string SelectAllServedDecisions { get; } = $"SELECT {SqlColumns.Decision} FROM decisions WHERE status = 'served'{terminator}";
    /// <summary>Sends a parked delivery again (@DeliveryId, @At): a new retry period from its next attempt.</summary>
    public string RequeueDelivery { get; } = $"UPDATE notification_deliveries SET status = 'pending', next_attempt_at = @At, first_attempt_at = NULL, parked_at = NULL WHERE delivery_id = @DeliveryId AND status = 'parked'{terminator}";
}

public sealed partial class KeyStatements
{
    /// <summary>Inserts an API key (its token's hash, never the token).</summary>
    public string InsertApiKey { get; } = $"""
        INSERT INTO api_keys (key_id, name, role, platform_id, authority_id, secret_hash, created_at, created_by)
        VALUES (@KeyId, @Name, @Role, @PlatformId, @AuthorityId, @SecretHash, @CreatedAt, @CreatedBy){terminator}
        """;
    /// <summary>An API key without its hash (@KeyId).</summary>
    public string SelectApiKey { get; } = $"SELECT {SqlColumns.ApiKey} FROM api_keys WHERE key_id = @KeyId{terminator}";
    /// <summary>The token hash of an API key (@KeyId).</summary>
    public string SelectApiKeyHash { get; } = $"SELECT secret_hash FROM api_keys WHERE key_id = @KeyId{terminator}";
    /// <summary>Revokes a key that is not revoked yet (@KeyId, @RevokedAt, @RevokedBy).</summary>
    public string RevokeApiKey { get; } = $"UPDATE api_keys SET revoked_at = @RevokedAt, revoked_by = @RevokedBy WHERE key_id = @KeyId AND revoked_at IS NULL{terminator}";
}

public sealed partial class ProfileStatements
{
    /// <summary>Records the activation of one rule profile.</summary>
    public string InsertProfileActivation { get; } = $"""
        INSERT INTO profile_activations (activation_id, set_hash, profile_id, content_hash, reason, activated_by, activated_at)
        VALUES (@ActivationId, @SetHash, @ProfileId, @ContentHash, @Reason, @ActivatedBy, @ActivatedAt){terminator}
        """;
}

public sealed partial class SourceStatements
{
    /// <summary>The source registry in force, in document order.</summary>
    public string SelectSources { get; } = $"SELECT source_id AS SourceId, position AS Position, name AS Name, kind AS Kind, platform_id AS PlatformId, jurisdictions AS Jurisdictions, submitters AS Submitters, updated_at AS UpdatedAt FROM sources ORDER BY position{terminator}";
    /// <summary>How many changes of the source registry were recorded (none: no registry set).</summary>
    public string CountSourceChanges { get; } = $"SELECT COUNT(*) FROM source_changes{terminator}";
    /// <summary>Empties the source registry (before it is set again).</summary>
    public string DeleteSources { get; } = $"DELETE FROM sources{terminator}";
    /// <summary>Inserts a source of the registry.</summary>
    public string InsertSource { get; } = $"""
        INSERT INTO sources (source_id, position, name, kind, platform_id, jurisdictions, submitters, updated_at)
        VALUES (@SourceId, @Position, @Name, @Kind, @PlatformId, @Jurisdictions, @Submitters, @UpdatedAt){terminator}
        """;
    /// <summary>Keeps a change of the source registry.</summary>
    public string InsertSourceChange { get; } = $"""
        INSERT INTO source_changes (change_id, changed_at, changed_by, document, sources, added, removed, changed)
        VALUES (@ChangeId, @ChangedAt, @ChangedBy, @Document, @Sources, @Added, @Removed, @Changed){terminator}
        """;
}

public sealed partial class AuthorityStatements
{
    /// <summary>Every authority.</summary>
    public string SelectAuthorities { get; } = $"SELECT {SqlColumns.Authority} FROM authorities ORDER BY path{terminator}";
    /// <summary>Every route of the routing table.</summary>
    public string SelectAuthorityRoutes { get; } = $"SELECT {SqlColumns.AuthorityRoute} FROM authority_routes ORDER BY authority_id, position{terminator}";
    /// <summary>Empties the routing table (the tree is replaced whole).</summary>
    public string DeleteAuthorityRoutes { get; } = $"DELETE FROM authority_routes{terminator}";
    /// <summary>Removes every authority (the tree is replaced whole).</summary>
    public string DeleteAuthorities { get; } = $"DELETE FROM authorities{terminator}";
    /// <summary>Inserts an authority.</summary>
    public string InsertAuthority { get; } = $"""
        INSERT INTO authorities (authority_id, name, parent_id, path, is_default, updated_at)
        VALUES (@AuthorityId, @Name, @ParentId, @Path, @IsDefault, @UpdatedAt){terminator}
        """;
    /// <summary>Inserts a route.</summary>
    public string InsertAuthorityRoute { get; } = $"""
        INSERT INTO authority_routes (route_id, authority_id, position, jurisdictions, families, rules, markets, platforms)
        VALUES (@RouteId, @AuthorityId, @Position, @Jurisdictions, @Families, @Rules, @Markets, @Platforms){terminator}
        """;
    /// <summary>Sets a case's owner (@CaseId, @OwnerAuthorityId, @UpdatedAt).</summary>
    public string UpdateCaseOwner { get; } = $"UPDATE cases SET owner_authority_id = @OwnerAuthorityId, updated_at = @UpdatedAt WHERE case_id = @CaseId{terminator}";
    /// <summary>Inserts a grant of access to a case.</summary>
    public string InsertCaseAccess { get; } = $"""
        INSERT INTO case_access (access_id, case_id, authority_id, kind, access, withhold_internal, reason, granted_at, granted_by)
        VALUES (@AccessId, @CaseId, @AuthorityId, @Kind, @Access, @WithholdInternal, @Reason, @GrantedAt, @GrantedBy){terminator}
        """;
    /// <summary>Every grant of a case (@CaseId), revoked ones included, oldest first.</summary>
    public string SelectCaseAccess { get; } = $"SELECT {SqlColumns.CaseAccess} FROM case_access WHERE case_id = @CaseId ORDER BY granted_at, access_id{terminator}";
    /// <summary>Revokes an active grant of a case (@AccessId, @CaseId, @RevokedAt, @RevokedBy).</summary>
    public string RevokeCaseAccess { get; } = $"UPDATE case_access SET revoked_at = @RevokedAt, revoked_by = @RevokedBy WHERE access_id = @AccessId AND case_id = @CaseId AND revoked_at IS NULL{terminator}";
    /// <summary>Records a change of the authorities.</summary>
    public string InsertAuthorityChange { get; } = $"""
        INSERT INTO authority_changes (change_id, changed_at, changed_by, document, authorities, routes, routed_again, keys_moved, grants_revoked)
        VALUES (@ChangeId, @ChangedAt, @ChangedBy, @Document, @Authorities, @Routes, @RoutedAgain, @KeysMoved, @GrantsRevoked){terminator}
        """;
}

/// <summary>Decisions: the decisions cases end in, drafted, approved and served. Every statement is common.</summary>
/// <param name="terminator">What ends a statement in the dialect: <c>;</c> in T-SQL, nothing in SQLite and PostgreSQL.</param>
public sealed partial class DecisionStatements(string terminator)
{
    /// <summary>Inserts a decision.</summary>
    public string InsertDecision { get; } = $"""
        INSERT INTO decisions (decision_id, case_id, platform_id, status, outcome, content, author, created_at, updated_at, submitted_at, returned_reason, approved_by, served_at)
        VALUES (@DecisionId, @CaseId, @PlatformId, @Status, @Outcome, @Content, @Author, @CreatedAt, @UpdatedAt, @SubmittedAt, @ReturnedReason, @ApprovedBy, @ServedAt){terminator}
        """;
    /// <summary>Writes what changes of a decision (@DecisionId).</summary>
    public string UpdateDecision { get; } = $"""
        UPDATE decisions SET status = @Status, outcome = @Outcome, content = @Content, updated_at = @UpdatedAt, submitted_at = @SubmittedAt,
               returned_reason = @ReturnedReason, approved_by = @ApprovedBy, served_at = @ServedAt
        WHERE decision_id = @DecisionId{terminator}
        """;
    /// <summary>The decisions of a case (@CaseId), oldest first.</summary>
    public string SelectCaseDecisions { get; } = $"SELECT {SqlColumns.Decision} FROM decisions WHERE case_id = @CaseId ORDER BY created_at, decision_id{terminator}";
    /// <summary>The served decisions of a platform (@PlatformId), newest first.</summary>
    public string SelectServedDecisions { get; } = $"SELECT {SqlColumns.Decision} FROM decisions WHERE platform_id = @PlatformId AND status = 'served' ORDER BY served_at DESC, decision_id{terminator}";
    /// <summary>The ids of a case's findings (@CaseId).</summary>
    public string SelectCaseFindingIds { get; } = $"SELECT finding_id FROM findings WHERE case_id = @CaseId{terminator}";
    /// <summary>The served decisions on the public register (none withheld or withdrawn), newest first.</summary>
    public string SelectPublishedDecisions { get; } = $"""
        SELECT {SqlColumns.Decision} FROM decisions
        WHERE status = 'served' AND NOT EXISTS (SELECT 1 FROM register_removals r WHERE r.decision_id = decisions.decision_id)
        ORDER BY served_at DESC, decision_id{terminator}
        """;
    /// <summary>Every decision taken off the public register, latest first.</summary>
    public string SelectRegisterRemovals { get; } = $"SELECT {SqlColumns.RegisterRemoval} FROM register_removals ORDER BY removed_at DESC, decision_id{terminator}";
    /// <summary>The decisions of a case (@CaseId) taken off the public register.</summary>
    public string SelectCaseRegisterRemovals { get; } = $"SELECT {SqlColumns.RegisterRemoval} FROM register_removals WHERE case_id = @CaseId{terminator}";
    /// <summary>Takes a decision off the public register.</summary>
    public string InsertRegisterRemoval { get; } = $"""
        INSERT INTO register_removals (decision_id, case_id, removal, reason, removed_by, removed_at)
        VALUES (@DecisionId, @CaseId, @Removal, @Reason, @RemovedBy, @RemovedAt){terminator}
        """;
}

public sealed partial class DocumentStatements
{
    private const string Columns = """
        document_id AS DocumentId, owner_kind AS OwnerKind, owner_id AS OwnerId, case_id AS CaseId, platform_id AS PlatformId,
        name AS Name, media_type AS MediaType, size_bytes AS SizeBytes, sha256 AS Sha256, business_secret AS BusinessSecret,
        stored_in AS StoredIn, uploaded_at AS UploadedAt, uploaded_by AS UploadedBy
        """;

    /// <summary>Adds a document with its content (null when stored in the folder).</summary>
    public string InsertDocument { get; } = $"""
        INSERT INTO documents (document_id, owner_kind, owner_id, case_id, platform_id, name, media_type, size_bytes, sha256, business_secret, stored_in, content, uploaded_at, uploaded_by)
        VALUES (@DocumentId, @OwnerKind, @OwnerId, @CaseId, @PlatformId, @Name, @MediaType, @SizeBytes, @Sha256, @BusinessSecret, @StoredIn, @Content, @UploadedAt, @UploadedBy){terminator}
        """;
    /// <summary>A document without its content (@DocumentId).</summary>
    public string SelectDocument { get; } = $"SELECT {Columns} FROM documents WHERE document_id = @DocumentId{terminator}";
    /// <summary>The content kept in the database of a document (@DocumentId); null when it is in the folder.</summary>
    public string SelectDocumentContent { get; } = $"SELECT content FROM documents WHERE document_id = @DocumentId{terminator}";
    /// <summary>The documents of a case's notices and answers (@CaseId), oldest first.</summary>
    public string SelectCaseDocuments { get; } = $"SELECT {Columns} FROM documents WHERE case_id = @CaseId ORDER BY uploaded_at, document_id{terminator}";
    /// <summary>The documents of one owner (@OwnerKind, @OwnerId), oldest first.</summary>
    public string SelectOwnerDocuments { get; } = $"SELECT {Columns} FROM documents WHERE owner_kind = @OwnerKind AND owner_id = @OwnerId ORDER BY uploaded_at, document_id{terminator}";
    /// <summary>Every document a platform may read (@PlatformId), oldest first.</summary>
    public string SelectPlatformDocuments { get; } = $"SELECT {Columns} FROM documents WHERE platform_id = @PlatformId ORDER BY uploaded_at, document_id{terminator}";
}
