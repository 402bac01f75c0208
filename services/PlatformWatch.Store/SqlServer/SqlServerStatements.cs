namespace PlatformWatch.Store.SqlServer;

/// <summary>
/// The SQL Server dialect's statements: only those that differ between dialects (those written alike
/// are in <c>SqlStatements.Common.cs</c>, ended here by <c>;</c>), grouped by feature as
/// <see cref="SqlStatements"/> declares them. Upserts take UPDLOCK and SERIALIZABLE (a key-range lock)
/// before deciding between UPDATE and INSERT, so concurrent writers cannot both insert; no bare
/// MERGE. Comparisons that decide between events use the binary collation (code-point order).
/// Every statement, the common ones included, is checked by the T-SQL parser in the test run.
/// </summary>
internal static class SqlServerStatements
{
    /// <summary>The binary collation (code-point order) that orders and compares text between events.</summary>
    public const string Bin = "COLLATE Latin1_General_BIN2";

    // A case's active findings and rules: in lists, in a case read whole and in an action's answer alike.
    private const string CaseSummary = """
        (SELECT COUNT_BIG(*) FROM findings f WHERE f.case_id = c.case_id AND f.status = 'active') AS ActiveFindings,
        (SELECT STRING_AGG(r.rule_id, ',') FROM (SELECT DISTINCT f.rule_id FROM findings f WHERE f.case_id = c.case_id) AS r) AS Rules
        """;

    /// <summary>Raised when sp_getapplock does not grant a lock (timeout, deadlock victim): transient.</summary>
    public const int LockNotGranted = 51000;

    // sp_getapplock reports a lock it could not take in its return value, not as an error.
    private static string AppLock(string mode) => $"""
        DECLARE @granted int;
        EXEC @granted = sp_getapplock @Resource = @Subject, @LockMode = '{mode}', @LockOwner = 'Transaction', @LockTimeout = 60000;
        IF @granted < 0 THROW {LockNotGranted}, 'the subject lock was not granted (timeout or deadlock); the unit of work is retried', 1;
        """;

    public static SqlStatements All { get; } = new()
    {
        Migrations = new(terminator: ";")
        {
            LockMigrations = "EXEC sp_getapplock @Resource = N'platformwatch-migrations', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 120000;",
            UnlockMigrations = "EXEC sp_releaseapplock @Resource = N'platformwatch-migrations', @LockOwner = 'Session';",
            CreateMigrationsTable = """
                IF OBJECT_ID(N'schema_migrations', N'U') IS NULL
                    CREATE TABLE schema_migrations (
                        version    int NOT NULL PRIMARY KEY,
                        name       nvarchar(200) NOT NULL,
                        applied_at datetimeoffset(7) NOT NULL);
                """,
        },

        Ingestion = new(terminator: ";")
        {
            InsertEvent = """
                INSERT INTO events (event_id, type, occurred_at, source, submitter, platform_id, market_id, payload, payload_hash, received_at)
                SELECT @EventId, @Type, @OccurredAt, @Source, @Submitter, @PlatformId, @MarketId, @Payload, @PayloadHash, @ReceivedAt
                WHERE NOT EXISTS (SELECT 1 FROM events WITH (UPDLOCK, HOLDLOCK) WHERE event_id = @EventId);
                """,
            CountEvents = "SELECT COUNT_BIG(*) FROM events;",
            CountRejected = "SELECT COUNT_BIG(*) FROM rejected_events;",
            InsertRejected = """
                INSERT INTO rejected_events (rejection_key, received_at, origin, event_id, type, reason, payload)
                SELECT @RejectionKey, @ReceivedAt, @Origin, @EventId, @Type, @Reason, @Payload
                WHERE NOT EXISTS (SELECT 1 FROM rejected_events WITH (UPDLOCK, HOLDLOCK) WHERE rejection_key = @RejectionKey);
                """,
            LockSubject = AppLock("Exclusive"),
            LockSubjectShared = AppLock("Shared"),
            UpsertShare = $"""
                IF EXISTS (SELECT 1 FROM market_shares WITH (UPDLOCK, SERIALIZABLE)
                           WHERE market_id = @MarketId AND metric = @Metric AND period_start = @PeriodStart AND period_end = @PeriodEnd AND platform_id = @PlatformId AND source_kind = @SourceKind)
                    UPDATE market_shares SET
                        share = @Share, value_amount = @ValueAmount, value_currency = @ValueCurrency,
                        jurisdiction = @Jurisdiction, event_id = @EventId, occurred_at = @OccurredAt, source = @Source
                    WHERE market_id = @MarketId AND metric = @Metric AND period_start = @PeriodStart AND period_end = @PeriodEnd AND platform_id = @PlatformId AND source_kind = @SourceKind
                      AND (@OccurredAt > occurred_at OR (@OccurredAt = occurred_at AND @EventId > event_id {Bin}));
                ELSE
                    INSERT INTO market_shares (market_id, metric, period_start, period_end, platform_id, source_kind, share, value_amount, value_currency, jurisdiction, event_id, occurred_at, source)
                    VALUES (@MarketId, @Metric, @PeriodStart, @PeriodEnd, @PlatformId, @SourceKind, @Share, @ValueAmount, @ValueCurrency, @Jurisdiction, @EventId, @OccurredAt, @Source);
                """,
            SelectMarketShares = $"""
                SELECT {SqlColumns.MarketShare}
                FROM market_shares
                WHERE market_id = @MarketId
                ORDER BY metric {Bin}, period_start, period_end, platform_id {Bin}, source_kind;
                """,
            SelectMarketsShares = $"""
                SELECT {SqlColumns.MarketShare}
                FROM market_shares
                WHERE market_id IN @MarketIds
                ORDER BY market_id {Bin}, metric {Bin}, period_start, period_end, platform_id {Bin}, source_kind;
                """,
            SelectPlatformsEvents = $"SELECT platform_id AS PlatformId, payload AS Payload FROM events WHERE platform_id IN @PlatformIds AND type = @Type ORDER BY event_id {Bin};",
            SelectAcquirersTargeting = "SELECT DISTINCT platform_id FROM events WHERE market_id IN @MarketIds AND type = 'AcquisitionAnnounced';",
            SelectPriceCell = """
                SELECT min_price AS MinPrice, min_event_id AS MinEventId, max_price AS MaxPrice, max_event_id AS MaxEventId, quotes AS Quotes
                FROM price_cells
                WHERE cell_key = @CellKey;
                """,
            UpsertPriceCell = """
                UPDATE price_cells WITH (UPDLOCK, SERIALIZABLE) SET
                    jurisdiction = @Jurisdiction, min_price = @MinPrice, min_event_id = @MinEventId,
                    max_price = @MaxPrice, max_event_id = @MaxEventId, quotes = @Quotes
                WHERE cell_key = @CellKey;
                IF @@ROWCOUNT = 0
                    INSERT INTO price_cells (cell_key, platform_id, market_id, month, product_id, bucket, cohort, justification, currency, jurisdiction,
                                             min_price, min_event_id, max_price, max_event_id, quotes)
                    VALUES (@CellKey, @PlatformId, @MarketId, @Month, @ProductId, @Bucket, @Cohort, @Justification, @Currency, @Jurisdiction,
                            @MinPrice, @MinEventId, @MaxPrice, @MaxEventId, @Quotes);
                """,
            MergePriceCell = $"""
                UPDATE price_cells WITH (UPDLOCK, SERIALIZABLE) SET
                    jurisdiction = @Jurisdiction,
                    min_event_id = CASE WHEN @MinPrice < min_price OR (@MinPrice = min_price AND @MinEventId < min_event_id {Bin}) THEN @MinEventId ELSE min_event_id END,
                    min_price = CASE WHEN @MinPrice < min_price THEN @MinPrice ELSE min_price END,
                    max_event_id = CASE WHEN @MaxPrice > max_price OR (@MaxPrice = max_price AND @MaxEventId < max_event_id {Bin}) THEN @MaxEventId ELSE max_event_id END,
                    max_price = CASE WHEN @MaxPrice > max_price THEN @MaxPrice ELSE max_price END,
                    quotes = quotes + @Quotes
                WHERE cell_key = @CellKey;
                IF @@ROWCOUNT = 0
                    INSERT INTO price_cells (cell_key, platform_id, market_id, month, product_id, bucket, cohort, justification, currency, jurisdiction,
                                             min_price, min_event_id, max_price, max_event_id, quotes)
                    VALUES (@CellKey, @PlatformId, @MarketId, @Month, @ProductId, @Bucket, @Cohort, @Justification, @Currency, @Jurisdiction,
                            @MinPrice, @MinEventId, @MaxPrice, @MaxEventId, @Quotes);
                """,
            SelectPriceCells = $"""
                SELECT product_id AS ProductId, bucket AS Bucket, cohort AS Cohort, justification AS Justification, currency AS Currency,
                       min_price AS MinPrice, min_event_id AS MinEventId, max_price AS MaxPrice, max_event_id AS MaxEventId, quotes AS Quotes
                FROM price_cells
                WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month
                ORDER BY product_id {Bin}, bucket {Bin}, cohort {Bin}, justification {Bin}, currency {Bin};
                """,
            SelectPriceJurisdictions = "SELECT DISTINCT jurisdiction FROM price_cells WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month;",
            SelectPlatformsPriceWindows = "SELECT DISTINCT platform_id AS PlatformId, market_id AS MarketId, month AS Month FROM price_cells WHERE platform_id IN @PlatformIds;",
            InsertRankingPage = """
                INSERT INTO ranking_pages (event_id, platform_id, market_id, month, jurisdiction, first_party_inversions, first_party_pairs, baseline_inversions, baseline_pairs)
                SELECT @EventId, @PlatformId, @MarketId, @Month, @Jurisdiction, @FirstPartyInversions, @FirstPartyPairs, @BaselineInversions, @BaselinePairs
                WHERE NOT EXISTS (SELECT 1 FROM ranking_pages WITH (UPDLOCK, HOLDLOCK) WHERE event_id = @EventId);
                """,
            SelectRankingTotals = """
                SELECT COUNT_BIG(*) AS Pages,
                       COALESCE(SUM(first_party_inversions), 0) AS FirstPartyInversions, COALESCE(SUM(first_party_pairs), 0) AS FirstPartyPairs,
                       COALESCE(SUM(baseline_inversions), 0) AS BaselineInversions, COALESCE(SUM(baseline_pairs), 0) AS BaselinePairs
                FROM ranking_pages
                WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month;
                """,
            SelectRankingEvidence = $"""
                SELECT event_id FROM ranking_pages
                WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month AND first_party_inversions > 0
                ORDER BY event_id {Bin};
                """,
            SelectRankingJurisdictions = "SELECT DISTINCT jurisdiction FROM ranking_pages WHERE platform_id = @PlatformId AND market_id = @MarketId AND month = @Month;",
            SelectPlatformsRankingWindows = "SELECT DISTINCT platform_id AS PlatformId, market_id AS MarketId, month AS Month FROM ranking_pages WHERE platform_id IN @PlatformIds;",
            InsertDueDate = """
                INSERT INTO obligation_due_dates (event_id, platform_id, due_date)
                SELECT @EventId, @PlatformId, @DueDate
                WHERE NOT EXISTS (SELECT 1 FROM obligation_due_dates WITH (UPDLOCK, HOLDLOCK) WHERE event_id = @EventId AND due_date = @DueDate);
                """,
            SelectPlatformsDueBetween = "SELECT DISTINCT platform_id FROM obligation_due_dates WHERE due_date >= @From AND due_date < @To;",
            UpsertClockMark = """
                IF EXISTS (SELECT 1 FROM clock_marks WITH (UPDLOCK, SERIALIZABLE) WHERE name = @Name)
                    UPDATE clock_marks SET value = @Value WHERE name = @Name;
                ELSE
                    INSERT INTO clock_marks (name, value) VALUES (@Name, @Value);
                """,
        },

        Findings = new(terminator: ";")
        {
            SelectSubjectFindings = $"SELECT {SqlColumns.Finding} FROM findings WHERE subject = @Subject;",
            SelectSubjectsFindings = $"SELECT {SqlColumns.Finding} FROM findings WHERE subject IN @Subjects;",
            InsertFinding = """
                INSERT INTO findings (finding_id, rule_id, rule_version, profile_id, profile_hash, family, platform_id, market_id,
                                      period_start, period_end, established_from, established_to, severity, status, legal_basis,
                                      measured, threshold, evidence, subject, case_id, raised_at, updated_at, revision)
                VALUES (@FindingId, @RuleId, @RuleVersion, @ProfileId, @ProfileHash, @Family, @PlatformId, @MarketId,
                        @PeriodStart, @PeriodEnd, @EstablishedFrom, @EstablishedTo, @Severity, 'active', @LegalBasis,
                        @Measured, @Threshold, @Evidence, @Subject, @CaseId, @RaisedAt, @UpdatedAt, 1);
                """,
            UpdateFinding = """
                UPDATE findings SET
                    rule_version = @RuleVersion, profile_id = @ProfileId, profile_hash = @ProfileHash, family = @Family,
                    established_from = @EstablishedFrom, established_to = @EstablishedTo, severity = @Severity, status = 'active',
                    legal_basis = @LegalBasis, measured = @Measured, threshold = @Threshold, evidence = @Evidence,
                    case_id = @CaseId, raised_at = @RaisedAt, updated_at = @UpdatedAt, revision = revision + 1
                WHERE finding_id = @FindingId;
                """,
            SelectFindings = $"""
                SELECT {SqlColumns.Finding}
                FROM findings
                WHERE status = 'active' OR @All = 1
                ORDER BY rule_id {Bin}, platform_id {Bin}, market_id {Bin}, period_start, period_end;
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
                ORDER BY rule_id {Bin}, platform_id {Bin}, market_id {Bin}, period_start, period_end
                OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY;
                """,
            SelectPlatformsFindings = $"""
                SELECT platform_id AS PlatformId, finding_id AS FindingId, rule_id AS RuleId, market_id AS MarketId, period_start AS PeriodStart, period_end AS PeriodEnd,
                       established_from AS EstablishedFrom, established_to AS EstablishedTo, evidence AS Evidence
                FROM findings
                WHERE platform_id IN @PlatformIds AND status = 'active'
                ORDER BY finding_id {Bin};
                """,
        },

        Cases = new(terminator: ";")
        {
            SelectLatestCase = "SELECT TOP (1) case_id AS CaseId, status AS Status FROM cases WHERE group_key = @GroupKey ORDER BY sequence DESC;",
            SelectCaseForUpdate = $"SELECT {SqlColumns.Case} FROM cases c WITH (UPDLOCK, ROWLOCK) WHERE c.case_id = @CaseId;",
            SelectCaseSummary = $"SELECT {SqlColumns.Case}, {CaseSummary} FROM cases c WHERE c.case_id = @CaseId;",
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
                OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY;
                """,
            SelectCaseFindings = $"SELECT {SqlColumns.Finding} FROM findings WHERE case_id = @CaseId ORDER BY rule_id {Bin}, period_start, finding_id {Bin};",
            SelectAllAudit = $"SELECT {SqlColumns.Audit} FROM audit_entries ORDER BY case_id {Bin}, seq;",
            SelectAuditHeads = "SELECT case_id AS CaseId, audit_count AS AuditCount, audit_head AS AuditHead FROM cases;",
            SelectPlatformEvidence = $"""
                SELECT event_id AS EventId, type AS Type, occurred_at AS OccurredAt, source AS Source, submitter AS Submitter, payload AS Payload
                FROM events WHERE platform_id = @PlatformId AND type = @Type ORDER BY occurred_at DESC, event_id {Bin} DESC;
                """,
            SelectEventsByIds = $"""
                SELECT event_id AS EventId, type AS Type, occurred_at AS OccurredAt, source AS Source, submitter AS Submitter, payload AS Payload
                FROM events WHERE event_id IN @Ids ORDER BY occurred_at, event_id {Bin};
                """,
            SelectEventSubmitters = "SELECT event_id AS EventId, source AS Source, submitter AS Submitter FROM events WHERE event_id IN @Ids;",
            SelectOverview = SqlColumns.Overview("[Open]", ";"),
            SelectNoticeForUpdate = $"SELECT {SqlColumns.Notice} FROM notices WITH (UPDLOCK, ROWLOCK) WHERE notice_id = @NoticeId;",
            SelectNotices = $"""
                SELECT {SqlColumns.Notice}
                FROM notices
                WHERE (@PlatformId IS NULL OR platform_id = @PlatformId)
                  AND (@CaseId IS NULL OR case_id = @CaseId)
                  AND (@ViewerAuthorityId IS NULL
                       OR (notices.case_id IS NULL AND @ViewerHome = 1)
                       OR EXISTS (SELECT 1 FROM cases vc JOIN authorities va ON va.authority_id = vc.owner_authority_id WHERE vc.case_id = notices.case_id AND va.path LIKE @ViewerPath)
                       OR EXISTS (SELECT 1 FROM case_access vx JOIN authorities ga ON ga.authority_id = vx.authority_id WHERE vx.case_id = notices.case_id AND vx.revoked_at IS NULL AND ga.path LIKE @ViewerPath))
                ORDER BY issued_at DESC, notice_id {Bin};
                """,
            SelectNoticeResponses = $"SELECT {SqlColumns.NoticeResponse} FROM notice_responses WHERE notice_id = @NoticeId ORDER BY submitted_at, response_id {Bin};",
        },

        Outbox = new(terminator: ";")
        {
            InsertOutbox = """
                INSERT INTO outbox (message_id, message_type, body, created_at)
                SELECT @MessageId, @MessageType, @Body, @CreatedAt
                WHERE NOT EXISTS (SELECT 1 FROM outbox WITH (UPDLOCK, HOLDLOCK) WHERE message_id = @MessageId);
                """,
            // READPAST: relays claiming at the same moment take different rows and never wait on each other.
            ClaimOutbox = """
                WITH next AS (
                    SELECT TOP (@Limit) * FROM outbox WITH (UPDLOCK, READPAST, ROWLOCK)
                    WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < @Now)
                    ORDER BY seq)
                UPDATE next SET claimed_until = @Until, claimed_by = @By, attempts = attempts + 1
                OUTPUT inserted.seq AS Seq, inserted.message_id AS MessageId, inserted.message_type AS MessageType, inserted.body AS Body, inserted.created_at AS CreatedAt, inserted.attempts AS Attempts;
                """,
            SelectOutboxClaimable = "SELECT TOP (@Limit) seq AS Seq, message_id AS MessageId, message_type AS MessageType, body AS Body, created_at AS CreatedAt, attempts AS Attempts FROM outbox WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < @Now) ORDER BY seq;",
            MarkOutboxClaimed = "UPDATE outbox SET claimed_until = @Until, claimed_by = @By, attempts = attempts + 1 WHERE seq IN @Seqs;",
            MarkOutboxSent = "UPDATE outbox SET sent_at = @SentAt, claimed_until = NULL, last_error = NULL WHERE seq IN @Seqs;",
            ReleaseOutbox = "UPDATE outbox SET claimed_until = @RetryAt, last_error = @Error WHERE seq IN @Seqs;",
            SelectOutboxBacklog = "SELECT COUNT_BIG(*) AS Pending, MIN(created_at) AS Oldest FROM outbox WHERE sent_at IS NULL;",
        },

        Keys = new(terminator: ";")
        {
            SelectApiKeys = $"SELECT {SqlColumns.ApiKey} FROM api_keys ORDER BY created_at, key_id {Bin};",
            SelectApiKeyNames = "SELECT key_id AS KeyId, name AS Name FROM api_keys WHERE key_id IN @KeyIds;",
            InsertDataProtectionKey = "INSERT INTO data_protection_keys (friendly_name, xml, created_at) SELECT @FriendlyName, @Xml, @CreatedAt WHERE NOT EXISTS (SELECT 1 FROM data_protection_keys WITH (UPDLOCK, HOLDLOCK) WHERE friendly_name = @FriendlyName);",
            SelectDataProtectionKeys = "SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name;",
        },

        Profiles = new(terminator: ";")
        {
            SelectProfileActivations = """
                SELECT TOP (@Limit) activation_id AS ActivationId, set_hash AS SetHash, profile_id AS ProfileId, content_hash AS ContentHash, reason AS Reason, activated_by AS ActivatedBy, activated_at AS ActivatedAt FROM profile_activations ORDER BY activated_at DESC, activation_id DESC;
                """,
        },

        Sources = new(terminator: ";")
        {
            SelectSourceChanges = "SELECT TOP (@Limit) change_id AS ChangeId, changed_at AS ChangedAt, changed_by AS ChangedBy, document AS Document, sources AS Sources, added AS Added, removed AS Removed, changed AS Changed FROM source_changes ORDER BY changed_at DESC, change_id DESC;",
        },

        Authorities = new(terminator: ";")
        {
            SelectCasesOwnedBy = "SELECT case_id AS CaseId, family AS Family, market_id AS MarketId, platform_id AS PlatformId, routing_subject AS RoutingSubject, owner_authority_id AS OwnerAuthorityId FROM cases WHERE owner_authority_id IN @AuthorityIds ORDER BY case_id;",
            MoveApiKeysAuthority = "UPDATE api_keys SET authority_id = @AuthorityId WHERE authority_id IN @AuthorityIds;",
            SelectApiKeysOutside = $"SELECT {SqlColumns.ApiKey} FROM api_keys WHERE role <> 'platform' AND revoked_at IS NULL AND (authority_id IS NULL OR NOT (authority_id IN @AuthorityIds));",
            RevokeCaseAccessOutside = "UPDATE case_access SET revoked_at = @RevokedAt, revoked_by = @RevokedBy WHERE revoked_at IS NULL AND NOT (authority_id IN @AuthorityIds);",
            SelectAuthorityChanges = "SELECT TOP (@Limit) change_id AS ChangeId, changed_at AS ChangedAt, changed_by AS ChangedBy, document AS Document, authorities AS Authorities, routes AS Routes, routed_again AS RoutedAgain, keys_moved AS KeysMoved, grants_revoked AS GrantsRevoked FROM authority_changes ORDER BY changed_at DESC, change_id DESC;",
        },

        Decisions = new(terminator: ";"),
        Documents = new(terminator: ";"),
        Notifications = new(terminator: ";")
        {
            // An application lock owned by the transaction: released at commit or rollback, never waited for.
            TakeFanOutTurn = """
                DECLARE @turn int;
                EXEC @turn = sp_getapplock @Resource = N'platformwatch-fan-out', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 0;
                SELECT CASE WHEN @turn >= 0 THEN 1 ELSE 0 END;
                """,
            SelectFanOutClaimable = "SELECT TOP (@Limit) seq AS Seq, message_id AS MessageId, message_type AS MessageType, body AS Body, created_at AS CreatedAt, attempts AS Attempts FROM outbox WHERE fanned_out_at IS NULL ORDER BY seq;",
            MarkFannedOut = "UPDATE outbox SET fanned_out_at = @At WHERE seq IN @Seqs;",
            InsertDelivery = """
                INSERT INTO notification_deliveries (delivery_id, subscription_id, message_id, kind, payload, status, next_attempt_at, created_at)
                SELECT @DeliveryId, @SubscriptionId, @MessageId, @Kind, @Payload, N'pending', @NextAttemptAt, @CreatedAt
                WHERE NOT EXISTS (SELECT 1 FROM notification_deliveries WITH (UPDLOCK, HOLDLOCK) WHERE delivery_id = @DeliveryId);
                """,
            SelectDeliveriesDue = $"SELECT TOP (@Limit) {SqlColumns.Delivery} FROM notification_deliveries WITH (UPDLOCK, READPAST, ROWLOCK) WHERE status = N'pending' AND next_attempt_at <= @Now ORDER BY next_attempt_at;",
            MarkDeliveriesClaimed = "UPDATE notification_deliveries SET next_attempt_at = @Until, attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, @Now) WHERE delivery_id IN @Ids;",
            SelectSubscriptionDeliveries = $"SELECT TOP (@Limit) {SqlColumns.Delivery} FROM notification_deliveries WHERE subscription_id = @SubscriptionId ORDER BY created_at DESC, delivery_id {Bin} DESC;",
        },
    };
}
