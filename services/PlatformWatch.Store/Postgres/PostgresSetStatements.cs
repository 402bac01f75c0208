namespace PlatformWatch.Store.Postgres;

/// <summary>PostgreSQL's set statements: arrays unnested into rows, one statement per table and unit of work.</summary>
internal static class PostgresSetStatements
{
    public static SetStatements All { get; } = new()
    {
        LockCases = $"SELECT {SqlColumns.Case} FROM cases c WHERE c.case_id = ANY(@CaseIds) ORDER BY c.case_id COLLATE \"C\" FOR UPDATE",
        LockOpenCases = $"SELECT {SqlColumns.Case} FROM cases c WHERE c.group_key = ANY(@GroupKeys) AND c.status <> 'closed' ORDER BY c.case_id COLLATE \"C\" FOR UPDATE",
        SelectLatestCases = """
            SELECT DISTINCT ON (group_key) group_key AS GroupKey, case_id AS CaseId, sequence AS Sequence
            FROM cases WHERE group_key = ANY(@GroupKeys)
            ORDER BY group_key, sequence DESC
            """,
        InsertCases = """
            INSERT INTO cases (case_id, group_key, sequence, platform_id, family, market_id, status, severity, opened_at, updated_at, follows_case_id, owner_authority_id, routing_subject)
            SELECT c.case_id, c.group_key, c.sequence, c.platform_id, c.family, c.market_id, 'new', c.severity, c.opened_at, c.opened_at, c.follows_case_id, c.owner_authority_id, c.routing_subject
            FROM unnest(CAST(@CaseIds AS text[]), CAST(@GroupKeys AS text[]), CAST(@Sequences AS integer[]), CAST(@PlatformIds AS text[]), CAST(@Families AS text[]),
                        CAST(@MarketIds AS text[]), CAST(@Severities AS text[]), CAST(@OpenedAts AS timestamptz[]), CAST(@FollowsCaseIds AS text[]),
                        CAST(@OwnerAuthorityIds AS text[]), CAST(@RoutingSubjects AS text[]))
                 AS c (case_id, group_key, sequence, platform_id, family, market_id, severity, opened_at, follows_case_id, owner_authority_id, routing_subject)
            """,
        UpdateCases = """
            UPDATE cases AS c SET severity = u.severity, updated_at = u.updated_at, audit_count = u.audit_count, audit_head = u.audit_head
            FROM unnest(CAST(@CaseIds AS text[]), CAST(@Severities AS text[]), CAST(@UpdatedAts AS timestamptz[]), CAST(@AuditCounts AS bigint[]), CAST(@AuditHeads AS text[]))
                 AS u (case_id, severity, updated_at, audit_count, audit_head)
            WHERE c.case_id = u.case_id
            """,
        InsertAudits = """
            INSERT INTO audit_entries (case_id, seq, at, actor, action, details, prev_hash, hash)
            SELECT * FROM unnest(CAST(@CaseIds AS text[]), CAST(@Seqs AS bigint[]), CAST(@Ats AS timestamptz[]), CAST(@Actors AS text[]), CAST(@Actions AS text[]),
                                 CAST(@Details AS text[]), CAST(@PrevHashes AS text[]), CAST(@Hashes AS text[]))
            """,
        InsertFindings = """
            INSERT INTO findings (finding_id, rule_id, rule_version, profile_id, profile_hash, family, platform_id, market_id,
                                  period_start, period_end, established_from, established_to, severity, status, legal_basis,
                                  measured, threshold, evidence, subject, case_id, raised_at, updated_at, revision)
            SELECT f.finding_id, f.rule_id, f.rule_version, f.profile_id, f.profile_hash, f.family, f.platform_id, f.market_id,
                   f.period_start, f.period_end, f.established_from, f.established_to, f.severity, 'active', CAST(f.legal_basis AS json),
                   CAST(f.measured AS json), CAST(f.threshold AS json), CAST(f.evidence AS json), f.subject, f.case_id, f.raised_at, f.updated_at, 1
            FROM unnest(CAST(@FindingIds AS text[]), CAST(@RuleIds AS text[]), CAST(@RuleVersions AS integer[]), CAST(@ProfileIds AS text[]), CAST(@ProfileHashes AS text[]),
                        CAST(@Families AS text[]), CAST(@PlatformIds AS text[]), CAST(@MarketIds AS text[]), CAST(@PeriodStarts AS date[]), CAST(@PeriodEnds AS date[]),
                        CAST(@EstablishedFroms AS date[]), CAST(@EstablishedTos AS date[]), CAST(@Severities AS text[]), CAST(@LegalBases AS text[]),
                        CAST(@Measureds AS text[]), CAST(@Thresholds AS text[]), CAST(@Evidences AS text[]), CAST(@Subjects AS text[]), CAST(@CaseIds AS text[]),
                        CAST(@RaisedAts AS timestamptz[]), CAST(@UpdatedAts AS timestamptz[]))
                 AS f (finding_id, rule_id, rule_version, profile_id, profile_hash, family, platform_id, market_id, period_start, period_end,
                       established_from, established_to, severity, legal_basis, measured, threshold, evidence, subject, case_id, raised_at, updated_at)
            """,
        UpdateFindings = """
            UPDATE findings AS t SET
                rule_version = f.rule_version, profile_id = f.profile_id, profile_hash = f.profile_hash, family = f.family,
                established_from = f.established_from, established_to = f.established_to, severity = f.severity, status = 'active',
                legal_basis = CAST(f.legal_basis AS json), measured = CAST(f.measured AS json), threshold = CAST(f.threshold AS json),
                evidence = CAST(f.evidence AS json), case_id = f.case_id, raised_at = f.raised_at, updated_at = f.updated_at, revision = t.revision + 1
            FROM unnest(CAST(@FindingIds AS text[]), CAST(@RuleVersions AS integer[]), CAST(@ProfileIds AS text[]), CAST(@ProfileHashes AS text[]),
                        CAST(@Families AS text[]), CAST(@EstablishedFroms AS date[]), CAST(@EstablishedTos AS date[]), CAST(@Severities AS text[]), CAST(@LegalBases AS text[]),
                        CAST(@Measureds AS text[]), CAST(@Thresholds AS text[]), CAST(@Evidences AS text[]), CAST(@CaseIds AS text[]),
                        CAST(@RaisedAts AS timestamptz[]), CAST(@UpdatedAts AS timestamptz[]))
                 AS f (finding_id, rule_version, profile_id, profile_hash, family, established_from, established_to, severity, legal_basis,
                       measured, threshold, evidence, case_id, raised_at, updated_at)
            WHERE t.finding_id = f.finding_id
            """,
        WithdrawFindings = """
            UPDATE findings SET status = 'withdrawn', updated_at = @UpdatedAt, revision = revision + 1
            WHERE finding_id = ANY(@FindingIds) AND status = 'active'
            """,
        InsertOutbox = """
            INSERT INTO outbox (message_id, message_type, body, created_at)
            SELECT m.message_id, m.message_type, m.body, m.created_at
            FROM unnest(CAST(@MessageIds AS text[]), CAST(@MessageTypes AS text[]), CAST(@Bodies AS text[]), CAST(@CreatedAts AS timestamptz[]))
                 WITH ORDINALITY AS m (message_id, message_type, body, created_at, n)
            ORDER BY m.n
            ON CONFLICT (message_id) DO NOTHING
            """,
    };
}
