namespace PlatformWatch.Store.SqlServer;

/// <summary>
/// SQL Server's set statements. The column arrays of a call travel as one JSON parameter, @Rows: an
/// array of row objects keyed by the arrays' names (<see cref="JsonRows"/>), read with OPENJSON; a
/// scalar (@UpdatedAt) stays a parameter of its own. No table types, so no migration. The columns
/// OPENJSON reads have the types of the table columns they fill; dates and timestamps travel as
/// ISO 8601 text and are converted with explicit styles (23: yyyy-mm-dd, 127: ISO 8601 with its
/// offset), whatever the session's language and date format. Paths are strict: a property missing
/// from the rows is an error, not a NULL (a JSON null is a NULL).
/// </summary>
internal static class SqlServerSetStatements
{
    private const string Bin = SqlServerStatements.Bin;

    // The rows' finding content that an update sets; an insert reads its key columns besides.
    private const string FindingContent = """
        finding_id       nvarchar(40)  'strict $.FindingIds',
        rule_version     int           'strict $.RuleVersions',
        profile_id       nvarchar(100) 'strict $.ProfileIds',
        profile_hash     nvarchar(80)  'strict $.ProfileHashes',
        family           nvarchar(100) 'strict $.Families',
        established_from nvarchar(10)  'strict $.EstablishedFroms',
        established_to   nvarchar(10)  'strict $.EstablishedTos',
        severity         nvarchar(20)  'strict $.Severities',
        legal_basis      nvarchar(max) 'strict $.LegalBases',
        measured         nvarchar(max) 'strict $.Measureds',
        threshold        nvarchar(max) 'strict $.Thresholds',
        evidence         nvarchar(max) 'strict $.Evidences',
        case_id          nvarchar(60)  'strict $.CaseIds',
        raised_at        nvarchar(33)  'strict $.RaisedAts',
        updated_at       nvarchar(33)  'strict $.UpdatedAts'
        """;

    public static SetStatements All { get; } = new()
    {
        Parameters = JsonRows.Of,
        LockCases = LockInIdOrder(
            "SELECT r.case_id FROM OPENJSON(@Rows) WITH (case_id nvarchar(60) 'strict $.CaseIds') AS r",
            ""),
        LockOpenCases = LockInIdOrder(
            """
            SELECT c.case_id FROM cases c
            WHERE c.group_key IN (SELECT r.group_key FROM OPENJSON(@Rows) WITH (group_key nvarchar(450) 'strict $.GroupKeys') AS r) AND c.status <> 'closed'
            """,
            " AND c.status <> 'closed'"),
        SelectLatestCases = $"""
            SELECT l.group_key AS GroupKey, l.case_id AS CaseId, l.sequence AS Sequence
            FROM (SELECT c.group_key, c.case_id, c.sequence, ROW_NUMBER() OVER (PARTITION BY c.group_key {Bin} ORDER BY c.sequence DESC) AS n
                  FROM cases c
                  WHERE c.group_key IN (SELECT r.group_key FROM OPENJSON(@Rows) WITH (group_key nvarchar(450) 'strict $.GroupKeys') AS r)) AS l
            WHERE l.n = 1;
            """,
        InsertCases = """
            INSERT INTO cases (case_id, group_key, sequence, platform_id, family, market_id, status, severity, opened_at, updated_at, follows_case_id, owner_authority_id, routing_subject)
            SELECT c.case_id, c.group_key, c.sequence, c.platform_id, c.family, c.market_id, 'new', c.severity,
                   CONVERT(datetimeoffset(7), c.opened_at, 127), CONVERT(datetimeoffset(7), c.opened_at, 127), c.follows_case_id, c.owner_authority_id, c.routing_subject
            FROM OPENJSON(@Rows) WITH (
                case_id            nvarchar(60)  'strict $.CaseIds',
                group_key          nvarchar(450) 'strict $.GroupKeys',
                sequence           int           'strict $.Sequences',
                platform_id        nvarchar(200) 'strict $.PlatformIds',
                family             nvarchar(100) 'strict $.Families',
                market_id          nvarchar(200) 'strict $.MarketIds',
                severity           nvarchar(20)  'strict $.Severities',
                opened_at          nvarchar(33)  'strict $.OpenedAts',
                follows_case_id    nvarchar(60)  'strict $.FollowsCaseIds',
                owner_authority_id nvarchar(64)  'strict $.OwnerAuthorityIds',
                routing_subject    nvarchar(max) 'strict $.RoutingSubjects') AS c;
            """,
        UpdateCases = """
            UPDATE c SET severity = u.severity, updated_at = CONVERT(datetimeoffset(7), u.updated_at, 127), audit_count = u.audit_count, audit_head = u.audit_head
            FROM cases AS c
            JOIN OPENJSON(@Rows) WITH (
                case_id     nvarchar(60) 'strict $.CaseIds',
                severity    nvarchar(20) 'strict $.Severities',
                updated_at  nvarchar(33) 'strict $.UpdatedAts',
                audit_count bigint       'strict $.AuditCounts',
                audit_head  nvarchar(64) 'strict $.AuditHeads') AS u ON c.case_id = u.case_id;
            """,
        InsertAudits = """
            INSERT INTO audit_entries (case_id, seq, at, actor, action, details, prev_hash, hash)
            SELECT a.case_id, a.seq, CONVERT(datetimeoffset(7), a.at, 127), a.actor, a.action, a.details, a.prev_hash, a.hash
            FROM OPENJSON(@Rows) WITH (
                case_id   nvarchar(60)  'strict $.CaseIds',
                seq       bigint        'strict $.Seqs',
                at        nvarchar(33)  'strict $.Ats',
                actor     nvarchar(200) 'strict $.Actors',
                action    nvarchar(100) 'strict $.Actions',
                details   nvarchar(max) 'strict $.Details',
                prev_hash nvarchar(64)  'strict $.PrevHashes',
                hash      nvarchar(64)  'strict $.Hashes') AS a;
            """,
        InsertFindings = $"""
            INSERT INTO findings (finding_id, rule_id, rule_version, profile_id, profile_hash, family, platform_id, market_id,
                                  period_start, period_end, established_from, established_to, severity, status, legal_basis,
                                  measured, threshold, evidence, subject, case_id, raised_at, updated_at, revision)
            SELECT f.finding_id, f.rule_id, f.rule_version, f.profile_id, f.profile_hash, f.family, f.platform_id, f.market_id,
                   CONVERT(date, f.period_start, 23), CONVERT(date, f.period_end, 23), CONVERT(date, f.established_from, 23), CONVERT(date, f.established_to, 23),
                   f.severity, 'active', f.legal_basis, f.measured, f.threshold, f.evidence, f.subject, f.case_id,
                   CONVERT(datetimeoffset(7), f.raised_at, 127), CONVERT(datetimeoffset(7), f.updated_at, 127), 1
            FROM OPENJSON(@Rows) WITH (
                {FindingContent},
                rule_id          nvarchar(100) 'strict $.RuleIds',
                platform_id      nvarchar(200) 'strict $.PlatformIds',
                market_id        nvarchar(200) 'strict $.MarketIds',
                period_start     nvarchar(10)  'strict $.PeriodStarts',
                period_end       nvarchar(10)  'strict $.PeriodEnds',
                subject          nvarchar(450) 'strict $.Subjects') AS f;
            """,
        UpdateFindings = $"""
            UPDATE t SET
                rule_version = f.rule_version, profile_id = f.profile_id, profile_hash = f.profile_hash, family = f.family,
                established_from = CONVERT(date, f.established_from, 23), established_to = CONVERT(date, f.established_to, 23), severity = f.severity, status = 'active',
                legal_basis = f.legal_basis, measured = f.measured, threshold = f.threshold, evidence = f.evidence, case_id = f.case_id,
                raised_at = CONVERT(datetimeoffset(7), f.raised_at, 127), updated_at = CONVERT(datetimeoffset(7), f.updated_at, 127), revision = t.revision + 1
            FROM findings AS t
            JOIN OPENJSON(@Rows) WITH (
                {FindingContent}) AS f ON t.finding_id = f.finding_id;
            """,
        WithdrawFindings = """
            UPDATE findings SET status = 'withdrawn', updated_at = @UpdatedAt, revision = revision + 1
            WHERE finding_id IN (SELECT r.finding_id FROM OPENJSON(@Rows) WITH (finding_id nvarchar(40) 'strict $.FindingIds') AS r) AND status = 'active';
            """,

        // The rows go in the order given, so the identity column numbers them as the relay must send
        // them (INSERT … SELECT … ORDER BY assigns identity values in that order); OPENJSON without a
        // schema gives each row's position in the array as [key]. A message id held already, by the
        // table (locked as the one-row statement locks it) or earlier in the rows, is skipped.
        InsertOutbox = """
            INSERT INTO outbox (message_id, message_type, body, created_at)
            SELECT m.message_id, m.message_type, m.body, CONVERT(datetimeoffset(7), m.created_at, 127)
            FROM (SELECT r.message_id, r.message_type, r.body, r.created_at, CONVERT(int, j.[key]) AS n,
                         ROW_NUMBER() OVER (PARTITION BY r.message_id ORDER BY CONVERT(int, j.[key])) AS copy
                  FROM OPENJSON(@Rows) AS j
                  CROSS APPLY OPENJSON(j.value) WITH (
                      message_id   nvarchar(36)  'strict $.MessageIds',
                      message_type nvarchar(100) 'strict $.MessageTypes',
                      body         nvarchar(max) 'strict $.Bodies',
                      created_at   nvarchar(33)  'strict $.CreatedAts') AS r) AS m
            WHERE m.copy = 1 AND NOT EXISTS (SELECT 1 FROM outbox o WITH (UPDLOCK, HOLDLOCK) WHERE o.message_id = m.message_id)
            ORDER BY m.n;
            """,
    };

    // Locks the cases that the query (of case_id) selects one at a time in binary id order, as the
    // one-row statements do, then reads those that still pass the filter once locked. A single
    // locking SELECT would take its rows in whatever order its plan reads them, and two units of
    // work wanting the same cases in different orders deadlock. INSERT … SELECT … ORDER BY numbers
    // the identity column in that order.
    private static string LockInIdOrder(string ids, string filter) => $"""
        DECLARE @ids TABLE (n int IDENTITY(1, 1) PRIMARY KEY, case_id nvarchar(60) NOT NULL);
        INSERT INTO @ids (case_id) SELECT w.case_id FROM ({ids}) AS w ORDER BY w.case_id {Bin};
        DECLARE @n int = 1, @count int = (SELECT COUNT(*) FROM @ids), @id nvarchar(60), @held nvarchar(60);
        WHILE @n <= @count
        BEGIN
            SELECT @id = i.case_id FROM @ids i WHERE i.n = @n;
            SELECT @held = c.case_id FROM cases c WITH (UPDLOCK, ROWLOCK) WHERE c.case_id = @id;
            SET @n += 1;
        END;
        SELECT {SqlColumns.Case} FROM cases c WHERE c.case_id IN (SELECT i.case_id FROM @ids i){filter} ORDER BY c.case_id {Bin};
        """;
}
