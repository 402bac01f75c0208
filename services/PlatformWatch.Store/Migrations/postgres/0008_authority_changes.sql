-- Every change of the authorities and routing table: who set it, when, the document put in force
-- and what it did (cases routed again, keys moved, grants revoked). Never updated or deleted.
CREATE TABLE authority_changes (
    change_id       text PRIMARY KEY,
    changed_at      timestamptz NOT NULL,
    changed_by      text NOT NULL,
    document        text NOT NULL,
    authorities     integer NOT NULL,
    routes          integer NOT NULL,
    routed_again    integer NOT NULL,
    keys_moved      integer NOT NULL,
    grants_revoked  integer NOT NULL
);
CREATE INDEX ix_authority_changes_at ON authority_changes (changed_at);
