-- The supervisors' case workflow and its audit trail.

ALTER TABLE cases ADD
    assignee        nvarchar(200) NULL,
    due_at          date NULL,
    outcome         nvarchar(50) NULL,
    closed_at       datetimeoffset(7) NULL,
    follows_case_id nvarchar(60) NULL,
    audit_count     bigint NOT NULL CONSTRAINT df_cases_audit_count DEFAULT 0,
    audit_head      nvarchar(64) NOT NULL CONSTRAINT df_cases_audit_head DEFAULT '';
GO

-- At most one open case per platform, rule family and market.
CREATE UNIQUE INDEX ux_cases_open_group ON cases (group_key) WHERE status <> 'closed';
CREATE INDEX ix_cases_platform ON cases (platform_id, status);
CREATE INDEX ix_cases_market ON cases (market_id, status);
CREATE INDEX ix_cases_assignee ON cases (assignee, status);
CREATE INDEX ix_cases_family ON cases (family, status);
CREATE INDEX ix_cases_opened ON cases (opened_at);
CREATE INDEX ix_findings_rule ON findings (rule_id, case_id);

CREATE TABLE case_comments (
    comment_id  nvarchar(40) NOT NULL PRIMARY KEY,
    case_id     nvarchar(60) NOT NULL,
    author      nvarchar(200) NOT NULL,
    visibility  nvarchar(20) NOT NULL CONSTRAINT ck_case_comments_visibility CHECK (visibility IN ('internal', 'shared')),
    body        nvarchar(max) NOT NULL,
    created_at  datetimeoffset(7) NOT NULL
);
CREATE INDEX ix_case_comments_case ON case_comments (case_id, created_at);

-- Every change to a case, append-only and hash-chained (HMAC over content and previous hash).
CREATE TABLE audit_entries (
    case_id    nvarchar(60) NOT NULL,
    seq        bigint NOT NULL,
    at         datetimeoffset(7) NOT NULL,
    actor      nvarchar(200) NOT NULL,
    action     nvarchar(100) NOT NULL,
    details    nvarchar(max) NOT NULL,
    prev_hash  nvarchar(64) NOT NULL,
    hash       nvarchar(64) NOT NULL,
    CONSTRAINT pk_audit_entries PRIMARY KEY (case_id, seq)
);
GO

-- The database refuses to change or remove entries; the hash chain catches it if someone with
-- the rights drops this trigger first.
CREATE TRIGGER audit_entries_append_only ON audit_entries INSTEAD OF UPDATE, DELETE
AS
BEGIN
    THROW 51000, 'audit entries are append-only', 1;
END;
