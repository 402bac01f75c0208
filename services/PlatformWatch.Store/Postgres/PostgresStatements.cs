namespace PlatformWatch.Store.Postgres;

/// <summary>
/// The PostgreSQL dialect's statements: only those that differ between dialects (those written alike
/// are in <c>SqlStatements.Common.cs</c>), grouped by feature as <see cref="SqlStatements"/> declares
/// them. Text comparisons that decide between events use
/// <c>COLLATE "C"</c> (byte order, as the engine's ordinal rules do), whatever the database's collation.
/// </summary>
internal static class PostgresStatements
{
    // A case's active findings and rules: in lists, in a case read whole and in an action's answer alike.
    private const string CaseSummary = """
        (SELECT COUNT(*) FROM findings f WHERE f.case_id = c.case_id AND f.status = 'active') AS ActiveFindings,
        (SELECT string_agg(DISTINCT f.rule_id, ',') FROM findings f WHERE f.case_id = c.case_id) AS Rules
        """;

    public static SqlStatements All { get; } = new()
    {
        Migrations = new(terminator: "")
        {
            // A fixed key for the migration lock (any bigint unique to PlatformWatch).
            LockMigrations = "SELECT pg_advisory_lock(7419330211)",
            UnlockMigrations = "SELECT pg_advisory_unlock(7419330211)",
            CreateMigrationsTable = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL)
                """,
        },

        Ingestion = new(terminator: "")
        {
            InsertEvent = """
                INSERT INTO events (event_id, type, occurred_at, source, submitter, platform_id, market_id, payload, payload_hash, received_at)
                VALUES (@EventId, @Type, @OccurredAt, @Source, @Submitter, @PlatformId, @MarketId, CAST(@Payload AS jsonb), @PayloadHash, @ReceivedAt)
                ON CONFLICT (event_id) DO NOTHING
                """,
            // A batch's events in one statement; the ids returned are the new ones.
            InsertEvents = """
                INSERT INTO events (event_id, type, occurred_at, source, submitter, platform_id, market_id, payload, payload_hash, received_at)
                SELECT e.event_id, e.type, e.occurred_at, e.source, e.submitter, e.platform_id, e.market_id, CAST(e.payload AS jsonb), e.payload_hash, @ReceivedAt
                FROM unnest(CAST(@EventIds AS text[]), CAST(@Types AS text[]), CAST(@OccurredAts AS timestamptz[]), CAST(@Sources AS text[]), CAST(@Submitters AS text[]),
                            CAST(@PlatformIds AS text[]), CAST(@MarketIds AS text[]), CAST(@Payloads AS text[]), CAST(@PayloadHashes AS text[]))
                     AS e (event_id, type, occurred_at, source, submitter, platform_id, market_id, payload, payload_hash)
                ON CONFLICT (event_id) DO NOTHING
                RETURNING event_id
                """,
            SelectEventHashes = "SELECT event_id AS EventId, payload_hash AS PayloadHash FROM events WHERE event_id = ANY(@Ids)",
            CountEvents = "SELECT COUNT(*) FROM events",
            CountRejected = "SELECT COUNT(*) FROM rejected_events",
            InsertRejected = """
                INSERT INTO rejected_events (rejection_key, received_at, origin, event_id, type, reason, payload)
                VALUES (@RejectionKey, @ReceivedAt, @Origin, @EventId, @Type, @Reason, @Payload)
                ON CONFLICT (rejection_key) DO NOTHING
                """,
            LockSubject = "SELECT pg_advisory_xact_lock(hashtextextended(@Subject, 0))",
            LockSubjectShared = "SELECT pg_advisory_xact_lock_shared(hashtextextended(@Subject, 0))",
            // Many names at once, exclusive or shared: the aggregate takes the locks as the sorted keys come
            // out, so every worker takes them in the same order (no deadlock between two such statements).
            LockSubjectsMixed = """
                SELECT count(CASE WHEN x THEN pg_advisory_xact_lock(k)::text ELSE pg_advisory_xact_lock_shared(k)::text END)
                FROM (SELECT k, bool_or(x) AS x
                      FROM (SELECT hashtextextended(s, 0) AS k, true AS x FROM unnest(CAST(@Exclusive AS text[])) AS s
                            UNION ALL SELECT hashtextextended(s, 0), false FROM unnest(CAST(@Shared AS text[])) AS s) AS a
                      GROUP BY k ORDER BY k) AS keys
                """,
            UpsertShare = $"""
                INSERT INTO market_shares AS s (market_id, metric, period_start, period_end, platform_id, source_kind, share, value_amount, value_currency, jurisdiction, event_id, occurred_at, source)
                VALUES (@MarketId, @Metric, @PeriodStart, @PeriodEnd, @PlatformId, @SourceKind, @Share, @ValueAmount, @ValueCurrency, @Jurisdiction, @EventId, @OccurredAt, @Source)
                {ShareSupersedes}
                """,
            // A batch's shares (one row per key: the batch's superseding one) in one statement; the
            // markets returned are those whose picture changed.
            UpsertShares = $"""
                INSERT INTO market_shares AS s (market_id, metric, period_start, period_end, platform_id, source_kind, share, value_amount, value_currency, jurisdiction, event_id, occurred_at, source)
                SELECT * FROM unnest(CAST(@MarketIds AS text[]), CAST(@Metrics AS text[]), CAST(@PeriodStarts AS date[]), CAST(@PeriodEnds AS date[]),
                                     CAST(@PlatformIds AS text[]), CAST(@SourceKinds AS text[]), CAST(@Shares AS numeric[]), CAST(@ValueAmounts AS numeric[]), CAST(@ValueCurrencies AS text[]),
                                     CAST(@Jurisdictions AS text[]), CAST(@EventIds AS text[]), CAST(@OccurredAts AS timestamptz[]), CAST(@Sources AS text[]))
                {ShareSupersedes}
                RETURNING s.market_id
                """,
            SelectMarketShares = $"""
                SELECT {SqlColumns.MarketShare}
                FROM market_shares
                WHERE market_id = @MarketId
                ORDER BY metric COLLATE "C", period_start, period_end, platform_id COLLATE "C", source_kind
                """,
            SelectMarketsShares = $"""
                SELECT {SqlColumns.MarketShare}
                FROM market_shares
                WHERE market_id = ANY(@MarketIds)
                ORDER BY market_id COLLATE "C", metric COLLATE "C", period_start, period_end, platform_id COLLATE "C", source_kind
                """,
            SelectPlatformsEvents = "SELECT platform_id AS PlatformId, payload::text AS Payload FROM events WHERE platform_id = ANY(@PlatformIds) AND type = @Type ORDER BY event_id COLLATE \"C\"",
            SelectAcquirersTargeting = "SELECT DISTINCT platform_id FROM events WHERE market_id = ANY(@MarketIds) AND type = 'AcquisitionAnnounced'",
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
            MergePriceCell = """
                INSERT INTO price_cells AS c (platform_id, market_id, month, product_id, bucket, cohort, justification, currency, jurisdiction,
                                              min_price, min_event_id, max_price, max_event_id, quotes)
                VALUES (@PlatformId, @MarketId, @Month, @ProductId, @Bucket, @Cohort, @Justification, @Currency, @Jurisdiction,
                        @MinPrice, @MinEventId, @MaxPrice, @MaxEventId, @Quotes)
                ON CONFLICT (platform_id, market_id, month, product_id, bucket, cohort, justification, currency) DO UPDATE SET
                    jurisdiction = excluded.jurisdiction,
                    min_event_id = CASE WHEN excluded.min_price < c.min_price
                                          OR (excluded.min_price = c.min_price AND excluded.min_event_id < c.min_event_id COLLATE "C")
                                        THEN excluded.min_event_id ELSE c.min_event_id END,
                    min_price = LEAST(excluded.min_price, c.min_price),
                    max_event_id = CASE WHEN excluded.max_price > c.max_price
                                          OR (excluded.max_price = c.max_price AND excluded.max_event_id < c.max_event_id COLLATE "C")
                                        THEN excluded.max_event_id ELSE c.max_event_id END,
                    max_price = GREATEST(excluded.max_price, c.max_price),
                    quotes = c.quotes + excluded.quotes
                """,
            SelectPriceCells = """
                SELECT product_id AS ProductId, bucket AS Bucket, cohort AS Cohort, justification AS Justification, currency AS Currency,
                       min_price AS MinPrice, min_event_id AS MinEventId, max_price AS MaxPrice, max_event_id AS MaxEventId, quotes AS Quotes
                FROM price_cells
                WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month
                ORDER BY product_id COLLATE "C", bucket COLLATE "C", cohort COLLATE "C", justification COLLATE "C", currency COLLATE "C"
                """,
            SelectPriceJurisdictions = "SELECT DISTINCT jurisdiction FROM price_cells WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month",
            SelectPlatformsPriceWindows = "SELECT DISTINCT platform_id AS PlatformId, market_id AS MarketId, month AS Month FROM price_cells WHERE platform_id = ANY(@PlatformIds)",
            InsertRankingPage = """
                INSERT INTO ranking_pages (event_id, platform_id, market_id, month, jurisdiction, first_party_inversions, first_party_pairs, baseline_inversions, baseline_pairs)
                VALUES (@EventId, @PlatformId, @MarketId, @Month, @Jurisdiction, @FirstPartyInversions, @FirstPartyPairs, @BaselineInversions, @BaselinePairs)
                ON CONFLICT (event_id) DO NOTHING
                """,
            SelectRankingTotals = """
                SELECT COUNT(*) AS Pages,
                       COALESCE(SUM(first_party_inversions), 0)::bigint AS FirstPartyInversions, COALESCE(SUM(first_party_pairs), 0)::bigint AS FirstPartyPairs,
                       COALESCE(SUM(baseline_inversions), 0)::bigint AS BaselineInversions, COALESCE(SUM(baseline_pairs), 0)::bigint AS BaselinePairs
                FROM ranking_pages
                WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month
                """,
            SelectRankingEvidence = """
                SELECT event_id FROM ranking_pages
                WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month AND first_party_inversions > 0
                ORDER BY event_id COLLATE "C"
                """,
            SelectRankingJurisdictions = "SELECT DISTINCT jurisdiction FROM ranking_pages WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month",
            SelectPlatformsRankingWindows = "SELECT DISTINCT platform_id AS PlatformId, market_id AS MarketId, month AS Month FROM ranking_pages WHERE platform_id = ANY(@PlatformIds)",
            InsertDueDate = """
                INSERT INTO obligation_due_dates (event_id, platform_id, due_date) VALUES (@EventId, @PlatformId, @DueDate)
                ON CONFLICT (event_id, due_date) DO NOTHING
                """,
            SelectPlatformsDueBetween = "SELECT DISTINCT platform_id FROM obligation_due_dates WHERE due_date >= @From AND due_date < @To",
            UpsertClockMark = "INSERT INTO clock_marks (name, value) VALUES (@Name, @Value) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        },

        Findings = new(terminator: "")
        {
            SelectSubjectFindings = $"SELECT {FindingColumns} FROM findings WHERE subject = @Subject",
            SelectSubjectsFindings = $"SELECT {FindingColumns} FROM findings WHERE subject = ANY(@Subjects)",
            InsertFinding = """
                INSERT INTO findings (finding_id, rule_id, rule_version, profile_id, profile_hash, family, platform_id, market_id,
                                      period_start, period_end, established_from, established_to, severity, status, legal_basis,
                                      measured, threshold, evidence, subject, case_id, raised_at, updated_at, revision)
                VALUES (@FindingId, @RuleId, @RuleVersion, @ProfileId, @ProfileHash, @Family, @PlatformId, @MarketId,
                        @PeriodStart, @PeriodEnd, @EstablishedFrom, @EstablishedTo, @Severity, 'active', CAST(@LegalBasis AS json),
                        CAST(@Measured AS json), CAST(@Threshold AS json), CAST(@Evidence AS json), @Subject, @CaseId, @RaisedAt, @UpdatedAt, 1)
                """,
            UpdateFinding = """
                UPDATE findings SET
                    rule_version = @RuleVersion, profile_id = @ProfileId, profile_hash = @ProfileHash, family = @Family,
                    established_from = @EstablishedFrom, established_to = @EstablishedTo, severity = @Severity, status = 'active',
                    legal_basis = CAST(@LegalBasis AS json), measured = CAST(@Measured AS json), threshold = CAST(@Threshold AS json),
                    evidence = CAST(@Evidence AS json), case_id = @CaseId, raised_at = @RaisedAt, updated_at = @UpdatedAt, revision = revision + 1
                WHERE finding_id = @FindingId
                """,
            SelectFindings = $"""
                SELECT {FindingColumns}
                FROM findings
                WHERE status = 'active' OR @All
                ORDER BY rule_id COLLATE "C", platform_id COLLATE "C" NULLS FIRST, market_id COLLATE "C" NULLS FIRST, period_start, period_end
                """,
            SelectFindingsPage = $"""
                SELECT {FindingColumns}
                FROM findings
                WHERE (status = 'active' OR @IncludeWithdrawn)
                  AND (CAST(@PlatformId AS text) IS NULL OR platform_id = @PlatformId)
                  AND (CAST(@MarketId AS text) IS NULL OR market_id = @MarketId)
                  AND (CAST(@RuleId AS text) IS NULL OR rule_id = @RuleId)
                  AND (CAST(@Severity AS text) IS NULL OR severity = @Severity)
                  AND (CAST(@CaseId AS text) IS NULL OR case_id = @CaseId)
                  AND (NOT @HasIds OR finding_id = ANY(@FindingIds))
                  AND (CAST(@PeriodFrom AS date) IS NULL OR period_end >= @PeriodFrom)
                  AND (CAST(@PeriodTo AS date) IS NULL OR period_start <= @PeriodTo)
                  AND (CAST(@ViewerAuthorityId AS text) IS NULL
                       OR (findings.case_id IS NULL AND @ViewerHome = 1)
                       OR EXISTS (SELECT 1 FROM cases vc JOIN authorities va ON va.authority_id = vc.owner_authority_id WHERE vc.case_id = findings.case_id AND va.path LIKE @ViewerPath)
                       OR EXISTS (SELECT 1 FROM case_access vx JOIN authorities ga ON ga.authority_id = vx.authority_id WHERE vx.case_id = findings.case_id AND vx.revoked_at IS NULL AND ga.path LIKE @ViewerPath))
                ORDER BY rule_id COLLATE "C", platform_id COLLATE "C" NULLS FIRST, market_id COLLATE "C" NULLS FIRST, period_start, period_end
                LIMIT @Limit OFFSET @Offset
                """,
            SelectPlatformsFindings = """
                SELECT platform_id AS PlatformId, finding_id AS FindingId, rule_id AS RuleId, market_id AS MarketId, period_start AS PeriodStart, period_end AS PeriodEnd,
                       established_from AS EstablishedFrom, established_to AS EstablishedTo, evidence::text AS Evidence
                FROM findings
                WHERE platform_id = ANY(@PlatformIds) AND status = 'active'
                ORDER BY finding_id COLLATE "C"
                """,
        },

        Cases = new(terminator: "")
        {
            SelectLatestCase = "SELECT case_id AS CaseId, status AS Status FROM cases WHERE group_key = @GroupKey ORDER BY sequence DESC LIMIT 1",
            SelectCaseForUpdate = $"SELECT {SqlColumns.Case} FROM cases c WHERE c.case_id = @CaseId FOR UPDATE",
            SelectCaseSummary = $"SELECT {SqlColumns.Case}, {CaseSummary} FROM cases c WHERE c.case_id = @CaseId",
            SelectCasesTemplate = $"""
                SELECT {SqlColumns.Case},
                       {CaseSummary}
                FROM cases c
                WHERE (CAST(@Status AS text) IS NULL OR c.status = @Status)
                  AND (CAST(@Severity AS text) IS NULL OR c.severity = @Severity)
                  AND (CAST(@PlatformId AS text) IS NULL OR c.platform_id = @PlatformId)
                  AND (CAST(@MarketId AS text) IS NULL OR c.market_id = @MarketId)
                  AND (CAST(@Assignee AS text) IS NULL OR c.assignee = @Assignee)
                  AND (NOT @Unassigned OR c.assignee IS NULL)
                  AND (CAST(@RuleId AS text) IS NULL OR EXISTS (SELECT 1 FROM findings f WHERE f.case_id = c.case_id AND f.rule_id = @RuleId))
                  AND (CAST(@OpenedBefore AS timestamptz) IS NULL OR c.opened_at < @OpenedBefore)
                  AND (CAST(@Jurisdiction AS text) IS NULL OR EXISTS (
                        SELECT 1 FROM findings f
                        WHERE f.case_id = c.case_id
                          AND (f.profile_id = ANY(@JurisdictionProfiles)
                               OR (f.profile_id = 'common' AND EXISTS (SELECT 1 FROM market_shares s WHERE s.market_id = f.market_id AND s.jurisdiction = @Jurisdiction)))))
                  AND (CAST(@ViewerAuthorityId AS text) IS NULL
                       OR EXISTS (SELECT 1 FROM authorities va WHERE va.authority_id = c.owner_authority_id AND va.path LIKE @ViewerPath)
                       OR EXISTS (SELECT 1 FROM case_access vx JOIN authorities ga ON ga.authority_id = vx.authority_id WHERE vx.case_id = c.case_id AND vx.revoked_at IS NULL AND ga.path LIKE @ViewerPath))
                /*ORDER*/
                LIMIT @Limit OFFSET @Offset
                """,
            SelectCaseFindings = $"SELECT {FindingColumns} FROM findings WHERE case_id = @CaseId ORDER BY rule_id COLLATE \"C\", period_start, finding_id COLLATE \"C\"",
            SelectAllAudit = $"SELECT {SqlColumns.Audit} FROM audit_entries ORDER BY case_id COLLATE \"C\", seq",
            SelectAuditHeads = "SELECT case_id AS CaseId, audit_count AS AuditCount, audit_head AS AuditHead FROM cases",
            SelectPlatformEvidence = """
                SELECT event_id AS EventId, type AS Type, occurred_at AS OccurredAt, source AS Source, submitter AS Submitter, payload::text AS Payload
                FROM events WHERE platform_id = @PlatformId AND type = @Type ORDER BY occurred_at DESC, event_id COLLATE "C" DESC
                """,
            SelectEventsByIds = """
                SELECT event_id AS EventId, type AS Type, occurred_at AS OccurredAt, source AS Source, submitter AS Submitter, payload::text AS Payload
                FROM events WHERE event_id = ANY(@Ids) ORDER BY occurred_at, event_id COLLATE "C"
                """,
            SelectEventSubmitters = "SELECT event_id AS EventId, source AS Source, submitter AS Submitter FROM events WHERE event_id = ANY(@Ids)",
            SelectOverview = SqlColumns.Overview("Open", ""),
            SelectNoticeForUpdate = $"SELECT {SqlColumns.Notice} FROM notices WHERE notice_id = @NoticeId FOR UPDATE",
            SelectNotices = $"""
                SELECT {SqlColumns.Notice}
                FROM notices
                WHERE (CAST(@PlatformId AS text) IS NULL OR platform_id = @PlatformId)
                  AND (CAST(@CaseId AS text) IS NULL OR case_id = @CaseId)
                  AND (CAST(@ViewerAuthorityId AS text) IS NULL
                       OR (notices.case_id IS NULL AND @ViewerHome = 1)
                       OR EXISTS (SELECT 1 FROM cases vc JOIN authorities va ON va.authority_id = vc.owner_authority_id WHERE vc.case_id = notices.case_id AND va.path LIKE @ViewerPath)
                       OR EXISTS (SELECT 1 FROM case_access vx JOIN authorities ga ON ga.authority_id = vx.authority_id WHERE vx.case_id = notices.case_id AND vx.revoked_at IS NULL AND ga.path LIKE @ViewerPath))
                ORDER BY issued_at DESC, notice_id COLLATE "C"
                """,
            SelectNoticeResponses = $"SELECT {SqlColumns.NoticeResponse} FROM notice_responses WHERE notice_id = @NoticeId ORDER BY submitted_at, response_id COLLATE \"C\"",
        },

        Outbox = new(terminator: "")
        {
            InsertOutbox = """
                INSERT INTO outbox (message_id, message_type, body, created_at) VALUES (@MessageId, @MessageType, @Body, @CreatedAt)
                ON CONFLICT (message_id) DO NOTHING
                """,
            // SKIP LOCKED: relays claiming at the same moment take different rows and never wait on each other.
            ClaimOutbox = """
                UPDATE outbox SET claimed_until = @Until, claimed_by = @By, attempts = attempts + 1
                WHERE seq IN (SELECT seq FROM outbox WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < @Now)
                              ORDER BY seq LIMIT @Limit FOR UPDATE SKIP LOCKED)
                RETURNING seq AS Seq, message_id AS MessageId, message_type AS MessageType, body AS Body, created_at AS CreatedAt, attempts AS Attempts
                """,
            SelectOutboxClaimable = "SELECT seq AS Seq, message_id AS MessageId, message_type AS MessageType, body AS Body, created_at AS CreatedAt, attempts AS Attempts FROM outbox WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < @Now) ORDER BY seq LIMIT @Limit",
            MarkOutboxClaimed = "UPDATE outbox SET claimed_until = @Until, claimed_by = @By, attempts = attempts + 1 WHERE seq = ANY(@Seqs)",
            MarkOutboxSent = "UPDATE outbox SET sent_at = @SentAt, claimed_until = NULL, last_error = NULL WHERE seq = ANY(@Seqs)",
            ReleaseOutbox = "UPDATE outbox SET claimed_until = @RetryAt, last_error = @Error WHERE seq = ANY(@Seqs)",
            SelectOutboxBacklog = "SELECT COUNT(*) AS Pending, MIN(created_at) AS Oldest FROM outbox WHERE sent_at IS NULL",
        },

        Keys = new(terminator: "")
        {
            SelectApiKeys = $"SELECT {SqlColumns.ApiKey} FROM api_keys ORDER BY created_at, key_id COLLATE \"C\"",
            SelectApiKeyNames = "SELECT key_id AS KeyId, name AS Name FROM api_keys WHERE key_id = ANY(@KeyIds)",
            InsertDataProtectionKey = "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@FriendlyName, @Xml, @CreatedAt) ON CONFLICT (friendly_name) DO NOTHING",
            SelectDataProtectionKeys = "SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name COLLATE \"C\"",
        },

        Profiles = new(terminator: "")
        {
            SelectProfileActivations = """
                SELECT activation_id AS ActivationId, set_hash AS SetHash, profile_id AS ProfileId, content_hash AS ContentHash, reason AS Reason, activated_by AS ActivatedBy, activated_at AS ActivatedAt FROM profile_activations ORDER BY activated_at DESC, activation_id COLLATE "C" DESC LIMIT @Limit
                """,
        },

        Sources = new(terminator: "")
        {
            SelectSourceChanges = "SELECT change_id AS ChangeId, changed_at AS ChangedAt, changed_by AS ChangedBy, document AS Document, sources AS Sources, added AS Added, removed AS Removed, changed AS Changed FROM source_changes ORDER BY changed_at DESC, change_id COLLATE \"C\" DESC LIMIT @Limit",
        },

        Authorities = new(terminator: "")
        {
            SelectCasesOwnedBy = "SELECT case_id AS CaseId, family AS Family, market_id AS MarketId, platform_id AS PlatformId, routing_subject AS RoutingSubject, owner_authority_id AS OwnerAuthorityId FROM cases WHERE owner_authority_id = ANY(@AuthorityIds) ORDER BY case_id",
            MoveApiKeysAuthority = "UPDATE api_keys SET authority_id = @AuthorityId WHERE authority_id = ANY(@AuthorityIds)",
            SelectApiKeysOutside = $"SELECT {SqlColumns.ApiKey} FROM api_keys WHERE role <> 'platform' AND revoked_at IS NULL AND (authority_id IS NULL OR NOT (authority_id = ANY(@AuthorityIds)))",
            RevokeCaseAccessOutside = "UPDATE case_access SET revoked_at = @RevokedAt, revoked_by = @RevokedBy WHERE revoked_at IS NULL AND NOT (authority_id = ANY(@AuthorityIds))",
            SelectAuthorityChanges = "SELECT change_id AS ChangeId, changed_at AS ChangedAt, changed_by AS ChangedBy, document AS Document, authorities AS Authorities, routes AS Routes, routed_again AS RoutedAgain, keys_moved AS KeysMoved, grants_revoked AS GrantsRevoked FROM authority_changes ORDER BY changed_at DESC, change_id COLLATE \"C\" DESC LIMIT @Limit",
        },

        Decisions = new(terminator: ""),
        Documents = new(terminator: ""),
        Notifications = new(terminator: "")
        {
            // A transaction's advisory lock: released at commit or rollback, never waited for.
            TakeFanOutTurn = "SELECT CASE WHEN pg_try_advisory_xact_lock(7419330212) THEN 1 ELSE 0 END",
            SelectFanOutClaimable = "SELECT seq AS Seq, message_id AS MessageId, message_type AS MessageType, body AS Body, created_at AS CreatedAt, attempts AS Attempts FROM outbox WHERE fanned_out_at IS NULL ORDER BY seq LIMIT @Limit",
            MarkFannedOut = "UPDATE outbox SET fanned_out_at = @At WHERE seq = ANY(@Seqs)",
            InsertDelivery = """
                INSERT INTO notification_deliveries (delivery_id, subscription_id, message_id, kind, payload, status, next_attempt_at, created_at)
                VALUES (@DeliveryId, @SubscriptionId, @MessageId, @Kind, @Payload, 'pending', @NextAttemptAt, @CreatedAt)
                ON CONFLICT (delivery_id) DO NOTHING
                """,
            SelectDeliveriesDue = $"SELECT {SqlColumns.Delivery} FROM notification_deliveries WHERE status = 'pending' AND next_attempt_at <= @Now ORDER BY next_attempt_at LIMIT @Limit FOR UPDATE SKIP LOCKED",
            MarkDeliveriesClaimed = "UPDATE notification_deliveries SET next_attempt_at = @Until, attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, @Now) WHERE delivery_id = ANY(@Ids)",
            SelectSubscriptionDeliveries = $"SELECT {SqlColumns.Delivery} FROM notification_deliveries WHERE subscription_id = @SubscriptionId ORDER BY created_at DESC, delivery_id COLLATE \"C\" DESC LIMIT @Limit",
        },
    };

    // A share replaces the held one of its key when it supersedes it: a later occurredAt, then a greater event id.
    private const string ShareSupersedes = """
        ON CONFLICT (market_id, metric, period_start, period_end, platform_id, source_kind) DO UPDATE SET
                source = excluded.source,
                share = excluded.share,
                value_amount = excluded.value_amount,
                value_currency = excluded.value_currency,
                jurisdiction = excluded.jurisdiction,
                event_id = excluded.event_id,
                occurred_at = excluded.occurred_at
            WHERE excluded.occurred_at > s.occurred_at
               OR (excluded.occurred_at = s.occurred_at AND excluded.event_id > s.event_id COLLATE "C")
        """;

    private const string FindingColumns = """
        finding_id AS FindingId, rule_id AS RuleId, rule_version AS RuleVersion, profile_id AS ProfileId,
        profile_hash AS ProfileHash, family AS Family, platform_id AS PlatformId, market_id AS MarketId,
        period_start AS PeriodStart, period_end AS PeriodEnd, established_from AS EstablishedFrom,
        established_to AS EstablishedTo, severity AS Severity, status AS Status, legal_basis::text AS LegalBasis,
        measured::text AS Measured, threshold::text AS Threshold, evidence::text AS Evidence, subject AS Subject, case_id AS CaseId,
        raised_at AS RaisedAt, updated_at AS UpdatedAt, revision AS Revision
        """;
}
