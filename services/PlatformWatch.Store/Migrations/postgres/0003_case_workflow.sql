-- The supervisors' case workflow and its audit trail.

ALTER TABLE cases ADD COLUMN assignee text NULL;
ALTER TABLE cases ADD COLUMN due_at date NULL;
ALTER TABLE cases ADD COLUMN outcome text NULL;
ALTER TABLE cases ADD COLUMN closed_at timestamptz NULL;
ALTER TABLE cases ADD COLUMN follows_case_id text NULL;
ALTER TABLE cases ADD COLUMN audit_count bigint NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN audit_head text NOT NULL DEFAULT '';

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
    comment_id  text PRIMARY KEY,
    case_id     text NOT NULL,
    author      text NOT NULL,
    visibility  text NOT NULL CHECK (visibility IN ('internal', 'shared')),
    body        text NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX ix_case_comments_case ON case_comments (case_id, created_at);

-- Every change to a case, append-only and hash-chained (HMAC over content and previous hash).
CREATE TABLE audit_entries (
    case_id    text NOT NULL,
    seq        bigint NOT NULL,
    at         timestamptz NOT NULL,
    actor      text NOT NULL,
    action     text NOT NULL,
    details    text NOT NULL,
    prev_hash  text NOT NULL,
    hash       text NOT NULL,
    PRIMARY KEY (case_id, seq)
);

-- The database refuses to change or remove entries; the hash chain catches it if someone with
-- the rights drops this trigger first.
CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END
$$;
CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
