-- The supervisors' case workflow and its audit trail.

ALTER TABLE cases ADD COLUMN assignee TEXT NULL;
ALTER TABLE cases ADD COLUMN due_at TEXT NULL;
ALTER TABLE cases ADD COLUMN outcome TEXT NULL;
ALTER TABLE cases ADD COLUMN closed_at TEXT NULL;
ALTER TABLE cases ADD COLUMN follows_case_id TEXT NULL;
ALTER TABLE cases ADD COLUMN audit_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN audit_head TEXT NOT NULL DEFAULT '';

-- At most one open case per platform, rule family and market.
CREATE UNIQUE INDEX ux_cases_open_group ON cases (group_key) WHERE status <> 'closed';
CREATE INDEX ix_cases_platform ON cases (platform_id, status);
CREATE INDEX ix_cases_market ON cases (market_id, status);
CREATE INDEX ix_cases_assignee ON cases (assignee, status);
CREATE INDEX ix_cases_family ON cases (family, status);
CREATE INDEX ix_cases_opened ON cases (opened_at);
CREATE INDEX ix_findings_rule ON findings (rule_id, case_id);

-- Comments: internal (regulators only) or shared with the platform.
CREATE TABLE case_comments (
    comment_id  TEXT NOT NULL PRIMARY KEY,
    case_id     TEXT NOT NULL,
    author      TEXT NOT NULL,
    visibility  TEXT NOT NULL CHECK (visibility IN ('internal', 'shared')),
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX ix_case_comments_case ON case_comments (case_id, created_at);

-- Every change to a case, append-only: each entry's hash is an HMAC over its own content and the
-- previous entry's hash, so an edited or deleted row breaks the chain ('platformwatch audit verify').
CREATE TABLE audit_entries (
    case_id    TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    details    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

-- The database refuses to change or remove entries (the hash chain catches it even when the
-- triggers are dropped by someone with the rights to do so).
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
