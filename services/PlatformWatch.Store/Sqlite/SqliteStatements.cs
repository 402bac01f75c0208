namespace PlatformWatch.Store.Sqlite;

/// <summary>
/// The SQLite dialect's statements: only those that differ between dialects (those written alike
/// are in <c>SqlStatements.Common.cs</c>), grouped by feature as <see cref="SqlStatements"/> declares them.
/// </summary>
internal static class SqliteStatements
{
    // A case's active findings and rules: in lists, in a case read whole and in an action's answer alike.
    private const string CaseSummary = """
        (SELECT COUNT(*) FROM findings f WHERE f.case_id = c.case_id AND f.status = 'active') AS ActiveFindings,
        (SELECT GROUP_CONCAT(rule_id, ',') FROM (SELECT DISTINCT f.rule_id FROM findings f WHERE f.case_id = c.case_id ORDER BY f.rule_id)) AS Rules
        """;

    public static SqlStatements All { get; } = new()
    {
        Migrations = new(terminator: "")
        {
            CreateMigrationsTable = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    INTEGER NOT NULL PRIMARY KEY,
                    name       TEXT NOT NULL,
                    applied_at TEXT NOT NULL)
                """,
        },

        Ingestion = new(terminator: "")
        {
            InsertEvent = """
                INSERT INTO events (event_id, type, occurred_at, source, submitter, platform_id, market_id, payload, payload_hash, received_at)
                VALUES (@EventId, @Type, @OccurredAt, @Source, @Submitter, @PlatformId, @MarketId, @Payload, @PayloadHash, @ReceivedAt)
                ON CONFLICT (event_id) DO NOTHING
                """,
            CountEvents = "SELECT COUNT(*) FROM events",
            CountRejected = "SELECT COUNT(*) FROM rejected_events",
            InsertRejected = """
                INSERT INTO rejected_events (rejection_key, received_at, origin, event_id, type, reason, payload)
                VALUES (@RejectionKey, @ReceivedAt, @Origin, @EventId, @Type, @Reason, @Payload)
                ON CONFLICT (rejection_key) DO NOTHING
                """,
            UpsertShare = """
                INSERT INTO market_shares (market_id, metric, period_start, period_end, platform_id, source_kind, share, value_amount, value_currency, jurisdiction, event_id, occurred_at, source)
                VALUES (@MarketId, @Metric, @PeriodStart, @PeriodEnd, @PlatformId, @SourceKind, @Share, @ValueAmount, @ValueCurrency, @Jurisdiction, @EventId, @OccurredAt, @Source)
                ON CONFLICT (market_id, metric, period_start, period_end, platform_id, source_kind) DO UPDATE SET
                    source = excluded.source,
                    share = excluded.share,
                    value_amount = excluded.value_amount,
                    value_currency = excluded.value_currency,
                    jurisdiction = excluded.jurisdiction,
                    event_id = excluded.event_id,
                    occurred_at = excluded.occurred_at
                WHERE excluded.occurred_at > market_shares.occurred_at
                   OR (excluded.occurred_at = market_shares.occurred_at AND excluded.event_id > market_shares.event_id)
                """,
            SelectMarketShares = $"""
                SELECT {SqlColumns.MarketShare}
                FROM market_shares
                WHERE market_id = @MarketId
                ORDER BY metric, period_start, period_end, platform_id, source_kind
                """,
            SelectMarketsShares = $"""
                SELECT {SqlColumns.MarketShare}
                FROM market_shares
                WHERE market_id IN @MarketIds
                ORDER BY market_id, metric, period_start, period_end, platform_id, source_kind
                """,
            SelectPlatformsEvents = "SELECT platform_id AS PlatformId, payload AS Payload FROM events WHERE platform_id IN @PlatformIds AND type = @Type ORDER BY event_id",
            SelectAcquirersTargeting = "SELECT DISTINCT platform_id FROM events WHERE market_id IN @MarketIds AND type = 'AcquisitionAnnounced' ORDER BY platform_id",
            SelectPriceCell = """
                SELECT min_price AS MinPrice, min_event_id AS MinEventId, max_price AS MaxPrice, max_event_id AS MaxEventId, quotes AS Quotes
                FROM price_cells
                WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month AND product_id = @ProductId
                  AND bucket = @Bucket AND cohort = @Cohort AND justification = @Justification AND currency = @Currency
                """,
            UpsertPriceCell = """
                INSERT INTO price_cells (platform_id, market_id, month, product_id, bucket, cohort, justification, currency, jurisdiction,
                                         min_price, min_event_id, max_price, max_event_id, quotes)
                VALUES (@PlatformId, @MarketId, @Month, @ProductId, @Bucket, @Cohort, @Justification, @Currency, @Jurisdiction,
                        @MinPrice, @MinEventId, @MaxPrice, @MaxEventId, @Quotes)
                ON CONFLICT (platform_id, market_id, month, product_id, bucket, cohort, justification, currency) DO UPDATE SET
                    jurisdiction = excluded.jurisdiction,
                    min_price = excluded.min_price, min_event_id = excluded.min_event_id,
                    max_price = excluded.max_price, max_event_id = excluded.max_event_id,
                    quotes = excluded.quotes
                """,
            SelectPriceCells = """
                SELECT product_id AS ProductId, bucket AS Bucket, cohort AS Cohort, justification AS Justification, currency AS Currency,
                       min_price AS MinPrice, min_event_id AS MinEventId, max_price AS MaxPrice, max_event_id AS MaxEventId, quotes AS Quotes
                FROM price_cells
                WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month
                ORDER BY product_id, bucket, cohort, justification, currency
                """,
            SelectPriceJurisdictions = "SELECT DISTINCT jurisdiction FROM price_cells WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month ORDER BY jurisdiction",
            SelectPlatformsPriceWindows = "SELECT DISTINCT platform_id AS PlatformId, market_id AS MarketId, month AS Month FROM price_cells WHERE platform_id IN @PlatformIds",
            InsertRankingPage = """
                INSERT INTO ranking_pages (event_id, platform_id, market_id, month, jurisdiction, first_party_inversions, first_party_pairs, baseline_inversions, baseline_pairs)
                VALUES (@EventId, @PlatformId, @MarketId, @Month, @Jurisdiction, @FirstPartyInversions, @FirstPartyPairs, @BaselineInversions, @BaselinePairs)
                ON CONFLICT (event_id) DO NOTHING
                """,
            SelectRankingTotals = """
                SELECT COUNT(*) AS Pages,
                       COALESCE(SUM(first_party_inversions), 0) AS FirstPartyInversions, COALESCE(SUM(first_party_pairs), 0) AS FirstPartyPairs,
                       COALESCE(SUM(baseline_inversions), 0) AS BaselineInversions, COALESCE(SUM(baseline_pairs), 0) AS BaselinePairs
                FROM ranking_pages
                WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month
                """,
            SelectRankingEvidence = """
                SELECT event_id FROM ranking_pages
                WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month AND first_party_inversions > 0
                ORDER BY event_id
                """,
            SelectRankingJurisdictions = "SELECT DISTINCT jurisdiction FROM ranking_pages WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month ORDER BY jurisdiction",
            SelectPlatformsRankingWindows = "SELECT DISTINCT platform_id AS PlatformId, market_id AS MarketId, month AS Month FROM ranking_pages WHERE platform_id IN @PlatformIds",
            InsertDueDate = """
                INSERT INTO obligation_due_dates (event_id, platform_id, due_date) VALUES (@EventId, @PlatformId, @DueDate)
                ON CONFLICT (event_id, due_date) DO NOTHING
                """,
            SelectPlatformsDueBetween = "SELECT DISTINCT platform_id FROM obligation_due_dates WHERE due_date >= @From AND due_date < @To ORDER BY platform_id",
            UpsertClockMark = "INSERT INTO clock_marks (name, value) VALUES (@Name, @Value) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        },

        Findings = new(terminator: "")
        {
            SelectSubjectFindings = $"""
                SELECT {SqlColumns.Finding}
                FROM findings
                WHERE subject = @Subject
                """,
            SelectSubjectsFindings = $"""
                SELECT {SqlColumns.Finding}
                FROM findings
                WHERE subject IN @Subjects
                """,
            InsertFinding = """
                INSERT INTO findings (finding_id, rule_id, rule_version, profile_id, profile_hash, family, platform_id, market_id,
                                      period_start, period_end, established_from, established_to, severity, status, legal_basis,
                                      measured, threshold, evidence, subject, case_id, raised_at, updated_at, revision)
                VALUES (@FindingId, @RuleId, @RuleVersion, @ProfileId, @ProfileHash, @Family, @PlatformId, @MarketId,
                        @PeriodStart, @PeriodEnd, @EstablishedFrom, @EstablishedTo, @Severity, 'active', @LegalBasis,
                        @Measured, @Threshold, @Evidence, @Subject, @CaseId, @RaisedAt, @UpdatedAt, 1)
                """,
            UpdateFinding = """
                UPDATE findings SET
                    rule_version = @RuleVersion, profile_id = @ProfileId, profile_hash = @ProfileHash, family = @Family,
                    established_from = @EstablishedFrom, established_to = @EstablishedTo, severity = @Severity, status = 'active',
                    legal_basis = @LegalBasis, measured = @Measured, threshold = @Threshold, evidence = @Evidence,
                    case_id = @CaseId, raised_at = @RaisedAt, updated_at = @UpdatedAt, revision = revision + 1
                WHERE finding_id = @FindingId
                """,
            SelectFindings = $"""
                SELECT {SqlColumns.Finding}
                FROM findings
                WHERE status = 'active' OR @All = 1
                ORDER BY rule_id, platform_id, market_id, period_start, period_end
                """,
            SelectFindingsPage = $"""
                SELECT {SqlColumns.Finding}
                FROM findings
                WHERE (status = 'active' OR @IncludeWithdrawn = 1)
                  AND (@PlatformId IS NULL OR platform_id = @PlatformId)
                  AND (@MarketId IS NULL OR market_id = @MarketId)
                  AND (@RuleId IS NULL OR rule_id = @RuleId)
                  AND (@Severity IS NULL OR severity = @Severity)
                  AND (@CaseId IS NULL OR case_id = @CaseId)
                  AND (@HasIds = 0 OR finding_id IN @FindingIds)
                  AND (@PeriodFrom IS NULL OR period_end >= @PeriodFrom)
                  AND (@PeriodTo IS NULL OR period_start <= @PeriodTo)
                  AND (@ViewerAuthorityId IS NULL
                       OR (findings.case_id IS NULL AND @ViewerHome = 1)
                       OR EXISTS (SELECT 1 FROM cases vc JOIN authorities va ON va.authority_id = vc.owner_authority_id WHERE vc.case_id = findings.case_id AND va.path LIKE @ViewerPath)
                       OR EXISTS (SELECT 1 FROM case_access vx JOIN authorities ga ON ga.authority_id = vx.authority_id WHERE vx.case_id = findings.case_id AND vx.revoked_at IS NULL AND ga.path LIKE @ViewerPath))
                ORDER BY rule_id, platform_id, market_id, period_start, period_end
                LIMIT @Limit OFFSET @Offset
                """,
            SelectPlatformsFindings = """
                SELECT platform_id AS PlatformId, finding_id AS FindingId, rule_id AS RuleId, market_id AS MarketId, period_start AS PeriodStart, period_end AS PeriodEnd,
                       established_from AS EstablishedFrom, established_to AS EstablishedTo, evidence AS Evidence
                FROM findings
                WHERE platform_id IN @PlatformIds AND status = 'active'
                ORDER BY finding_id
                """,
        },

        Cases = new(terminator: "")
        {
            SelectLatestCase = """
                SELECT case_id AS CaseId, status AS Status FROM cases WHERE group_key = @GroupKey ORDER BY sequence DESC LIMIT 1
                """,
            SelectCaseForUpdate = $"SELECT {SqlColumns.Case} FROM cases c WHERE c.case_id = @CaseId",
            SelectCaseSummary = $"SELECT {SqlColumns.Case}, {CaseSummary} FROM cases c WHERE c.case_id = @CaseId",
            SelectCasesTemplate = $"""
                SELECT {SqlColumns.Case},
                       {CaseSummary}
                FROM cases c
                WHERE (@Status IS NULL OR c.status = @Status)
                  AND (@Severity IS NULL OR c.severity = @Severity)
                  AND (@PlatformId IS NULL OR c.platform_id = @PlatformId)
                  AND (@MarketId IS NULL OR c.market_id = @MarketId)
                  AND (@Assignee IS NULL OR c.assignee = @Assignee)
                  AND (@Unassigned = 0 OR c.assignee IS NULL)
                  AND (@RuleId IS NULL OR EXISTS (SELECT 1 FROM findings f WHERE f.case_id = c.case_id AND f.rule_id = @RuleId))
                  AND (@OpenedBefore IS NULL OR c.opened_at < @OpenedBefore)
                  AND (@Jurisdiction IS NULL OR EXISTS (
                        SELECT 1 FROM findings f
                        WHERE f.case_id = c.case_id
                          AND (f.profile_id IN @JurisdictionProfiles
                               OR (f.profile_id = 'common' AND EXISTS (SELECT 1 FROM market_shares s WHERE s.market_id = f.market_id AND s.jurisdiction = @Jurisdiction)))))
                  AND (@ViewerAuthorityId IS NULL
                       OR EXISTS (SELECT 1 FROM authorities va WHERE va.authority_id = c.owner_authority_id AND va.path LIKE @ViewerPath)
                       OR EXISTS (SELECT 1 FROM case_access vx JOIN authorities ga ON ga.authority_id = vx.authority_id WHERE vx.case_id = c.case_id AND vx.revoked_at IS NULL AND ga.path LIKE @ViewerPath))
                /*ORDER*/
                LIMIT @Limit OFFSET @Offset
                """,
            SelectCaseFindings = $"SELECT {SqlColumns.Finding} FROM findings WHERE case_id = @CaseId ORDER BY rule_id, period_start, finding_id",
            SelectAllAudit = $"SELECT {SqlColumns.Audit} FROM audit_entries ORDER BY case_id, seq",
            SelectAuditHeads = "SELECT case_id AS CaseId, audit_count AS AuditCount, audit_head AS AuditHead FROM cases ORDER BY case_id",
            SelectPlatformEvidence = """
                SELECT event_id AS EventId, type AS Type, occurred_at AS OccurredAt, source AS Source, submitter AS Submitter, payload AS Payload
                FROM events WHERE platform_id = @PlatformId AND type = @Type ORDER BY occurred_at DESC, event_id DESC
                """,
            SelectEventsByIds = """
                SELECT event_id AS EventId, type AS Type, occurred_at AS OccurredAt, source AS Source, submitter AS Submitter, payload AS Payload
                FROM events WHERE event_id IN @Ids ORDER BY occurred_at, event_id
                """,
            SelectEventSubmitters = "SELECT event_id AS EventId, source AS Source, submitter AS Submitter FROM events WHERE event_id IN @Ids",
            SelectOverview = SqlColumns.Overview("Open", ""),
            SelectNoticeForUpdate = $"SELECT {SqlColumns.Notice} FROM notices WHERE notice_id = @NoticeId",
            SelectNotices = $"""
                SELECT {SqlColumns.Notice}
                FROM notices
                WHERE (@PlatformId IS NULL OR platform_id = @PlatformId)
                  AND (@CaseId IS NULL OR case_id = @CaseId)
                  AND (@ViewerAuthorityId IS NULL
                       OR (notices.case_id IS NULL AND @ViewerHome = 1)
                       OR EXISTS (SELECT 1 FROM cases vc JOIN authorities va ON va.authority_id = vc.owner_authority_id WHERE vc.case_id = notices.case_id AND va.path LIKE @ViewerPath)
                       OR EXISTS (SELECT 1 FROM case_access vx JOIN authorities ga ON ga.authority_id = vx.authority_id WHERE vx.case_id = notices.case_id AND vx.revoked_at IS NULL AND ga.path LIKE @ViewerPath))
                ORDER BY issued_at DESC, notice_id
                """,
            SelectNoticeResponses = $"SELECT {SqlColumns.NoticeResponse} FROM notice_responses WHERE notice_id = @NoticeId ORDER BY submitted_at, response_id",
        },

        Outbox = new(terminator: "")
        {
            InsertOutbox = """
                INSERT INTO outbox (message_id, message_type, body, created_at) VALUES (@MessageId, @MessageType, @Body, @CreatedAt)
                ON CONFLICT (message_id) DO NOTHING
                """,
            SelectOutboxClaimable = "SELECT seq AS Seq, message_id AS MessageId, message_type AS MessageType, body AS Body, created_at AS CreatedAt, attempts AS Attempts FROM outbox WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < @Now) ORDER BY seq LIMIT @Limit",
            MarkOutboxClaimed = "UPDATE outbox SET claimed_until = @Until, claimed_by = @By, attempts = attempts + 1 WHERE seq IN @Seqs",
            MarkOutboxSent = "UPDATE outbox SET sent_at = @SentAt, claimed_until = NULL, last_error = NULL WHERE seq IN @Seqs",
            ReleaseOutbox = "UPDATE outbox SET claimed_until = @RetryAt, last_error = @Error WHERE seq IN @Seqs",
            SelectOutboxBacklog = "SELECT COUNT(*) AS Pending, MIN(created_at) AS Oldest FROM outbox WHERE sent_at IS NULL",
        },

        Keys = new(terminator: "")
        {
            SelectApiKeys = $"SELECT {SqlColumns.ApiKey} FROM api_keys ORDER BY created_at, key_id",
            SelectApiKeyNames = "SELECT key_id AS KeyId, name AS Name FROM api_keys WHERE key_id IN @KeyIds",
            InsertDataProtectionKey = "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@FriendlyName, @Xml, @CreatedAt) ON CONFLICT (friendly_name) DO NOTHING",
            SelectDataProtectionKeys = "SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name",
        },

        Profiles = new(terminator: "")
        {
            SelectProfileActivations = """
                SELECT activation_id AS ActivationId, set_hash AS SetHash, profile_id AS ProfileId, content_hash AS ContentHash, reason AS Reason, activated_by AS ActivatedBy, activated_at AS ActivatedAt FROM profile_activations ORDER BY activated_at DESC, activation_id DESC LIMIT @Limit
                """,
        },

        Sources = new(terminator: "")
        {
            SelectSourceChanges = "SELECT change_id AS ChangeId, changed_at AS ChangedAt, changed_by AS ChangedBy, document AS Document, sources AS Sources, added AS Added, removed AS Removed, changed AS Changed FROM source_changes ORDER BY changed_at DESC, change_id DESC LIMIT @Limit",
        },

        Authorities = new(terminator: "")
        {
            SelectCasesOwnedBy = "SELECT case_id AS CaseId, family AS Family, market_id AS MarketId, platform_id AS PlatformId, routing_subject AS RoutingSubject, owner_authority_id AS OwnerAuthorityId FROM cases WHERE owner_authority_id IN @AuthorityIds ORDER BY case_id",
            MoveApiKeysAuthority = "UPDATE api_keys SET authority_id = @AuthorityId WHERE authority_id IN @AuthorityIds",
            SelectApiKeysOutside = $"SELECT {SqlColumns.ApiKey} FROM api_keys WHERE role <> 'platform' AND revoked_at IS NULL AND (authority_id IS NULL OR NOT (authority_id IN @AuthorityIds))",
            RevokeCaseAccessOutside = "UPDATE case_access SET revoked_at = @RevokedAt, revoked_by = @RevokedBy WHERE revoked_at IS NULL AND NOT (authority_id IN @AuthorityIds)",
            SelectAuthorityChanges = "SELECT change_id AS ChangeId, changed_at AS ChangedAt, changed_by AS ChangedBy, document AS Document, authorities AS Authorities, routes AS Routes, routed_again AS RoutedAgain, keys_moved AS KeysMoved, grants_revoked AS GrantsRevoked FROM authority_changes ORDER BY changed_at DESC, change_id DESC LIMIT @Limit",
        },

        Decisions = new(terminator: ""),
        Documents = new(terminator: ""),
        Notifications = new(terminator: "")
        {
            // One writer at a time already (BEGIN IMMEDIATE): the turn is this transaction's.
            TakeFanOutTurn = "SELECT 1",
            SelectFanOutClaimable = "SELECT seq AS Seq, message_id AS MessageId, message_type AS MessageType, body AS Body, created_at AS CreatedAt, attempts AS Attempts FROM outbox WHERE fanned_out_at IS NULL ORDER BY seq LIMIT @Limit",
            MarkFannedOut = "UPDATE outbox SET fanned_out_at = @At WHERE seq IN @Seqs",
            InsertDelivery = """
                INSERT INTO notification_deliveries (delivery_id, subscription_id, message_id, kind, payload, status, next_attempt_at, created_at)
                VALUES (@DeliveryId, @SubscriptionId, @MessageId, @Kind, @Payload, 'pending', @NextAttemptAt, @CreatedAt)
                ON CONFLICT (delivery_id) DO NOTHING
                """,
            SelectDeliveriesDue = $"SELECT {SqlColumns.Delivery} FROM notification_deliveries WHERE status = 'pending' AND next_attempt_at <= @Now ORDER BY next_attempt_at LIMIT @Limit",
            MarkDeliveriesClaimed = "UPDATE notification_deliveries SET next_attempt_at = @Until, attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, @Now) WHERE delivery_id IN @Ids",
            SelectSubscriptionDeliveries = $"SELECT {SqlColumns.Delivery} FROM notification_deliveries WHERE subscription_id = @SubscriptionId ORDER BY created_at DESC, delivery_id DESC LIMIT @Limit",
        },
    };
}
