namespace PlatformWatch.Store.Sqlite;

/// <summary>The SQLite dialect's statements.</summary>
internal static class SqliteStatements
{
    public static SqlStatements All { get; } = new()
    {
        CreateMigrationsTable = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER NOT NULL PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL)
            """,
        SelectAppliedMigrations = "SELECT version FROM schema_migrations ORDER BY version",
        InsertMigration = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",

        InsertEvent = """
            INSERT INTO events (event_id, type, occurred_at, source, platform_id, market_id, payload, payload_hash, received_at)
            VALUES (@EventId, @Type, @OccurredAt, @Source, @PlatformId, @MarketId, @Payload, @PayloadHash, @ReceivedAt)
            ON CONFLICT (event_id) DO NOTHING
            """,
        SelectEventHash = "SELECT payload_hash FROM events WHERE event_id = @EventId",
        CountEvents = "SELECT COUNT(*) FROM events",
        CountRejected = "SELECT COUNT(*) FROM rejected_events",
        InsertRejected = """
            INSERT INTO rejected_events (rejection_key, received_at, origin, event_id, type, reason, payload)
            VALUES (@RejectionKey, @ReceivedAt, @Origin, @EventId, @Type, @Reason, @Payload)
            ON CONFLICT (rejection_key) DO NOTHING
            """,

        UpsertShare = """
            INSERT INTO market_shares (market_id, metric, period_start, period_end, platform_id, share, value_amount, value_currency, jurisdiction, event_id, occurred_at)
            VALUES (@MarketId, @Metric, @PeriodStart, @PeriodEnd, @PlatformId, @Share, @ValueAmount, @ValueCurrency, @Jurisdiction, @EventId, @OccurredAt)
            ON CONFLICT (market_id, metric, period_start, period_end, platform_id) DO UPDATE SET
                share = excluded.share,
                value_amount = excluded.value_amount,
                value_currency = excluded.value_currency,
                jurisdiction = excluded.jurisdiction,
                event_id = excluded.event_id,
                occurred_at = excluded.occurred_at
            WHERE excluded.occurred_at > market_shares.occurred_at
               OR (excluded.occurred_at = market_shares.occurred_at AND excluded.event_id > market_shares.event_id)
            """,
        SelectMarketShares = """
            SELECT market_id AS MarketId, metric AS Metric, period_start AS PeriodStart, period_end AS PeriodEnd,
                   platform_id AS PlatformId, share AS Share, jurisdiction AS Jurisdiction, event_id AS EventId, occurred_at AS OccurredAt
            FROM market_shares
            WHERE market_id = @MarketId
            """,

        SelectSubjectFindings = $"""
            SELECT {FindingColumns}
            FROM findings
            WHERE subject = @Subject
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
        WithdrawFinding = """
            UPDATE findings SET status = 'withdrawn', updated_at = @UpdatedAt, revision = revision + 1
            WHERE finding_id = @FindingId AND status = 'active'
            """,
        SelectFindings = $"""
            SELECT {FindingColumns}
            FROM findings
            WHERE status = 'active' OR @All = 1
            ORDER BY rule_id, platform_id, market_id, period_start, period_end
            """,

        SelectOpenCase = """
            SELECT case_id AS CaseId, severity AS Severity
            FROM cases
            WHERE group_key = @GroupKey AND status <> 'closed'
            """,
        SelectLastCaseSequence = "SELECT COALESCE(MAX(sequence), 0) FROM cases WHERE group_key = @GroupKey",
        InsertCase = """
            INSERT INTO cases (case_id, group_key, sequence, platform_id, family, market_id, status, severity, opened_at, updated_at)
            VALUES (@CaseId, @GroupKey, @Sequence, @PlatformId, @Family, @MarketId, 'new', @Severity, @OpenedAt, @OpenedAt)
            """,
        UpdateCaseSeverity = "UPDATE cases SET severity = @Severity, updated_at = @UpdatedAt WHERE case_id = @CaseId",
    };

    private const string FindingColumns = """
        finding_id AS FindingId, rule_id AS RuleId, rule_version AS RuleVersion, profile_id AS ProfileId,
        profile_hash AS ProfileHash, family AS Family, platform_id AS PlatformId, market_id AS MarketId,
        period_start AS PeriodStart, period_end AS PeriodEnd, established_from AS EstablishedFrom,
        established_to AS EstablishedTo, severity AS Severity, status AS Status, legal_basis AS LegalBasis,
        measured AS Measured, threshold AS Threshold, evidence AS Evidence, subject AS Subject, case_id AS CaseId,
        raised_at AS RaisedAt, updated_at AS UpdatedAt, revision AS Revision
        """;
}
