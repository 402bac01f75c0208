-- Every change of the authorities and routing table: who set it, when, the document put in force
-- and what it did (cases routed again, keys moved, grants revoked). Never updated or deleted.
CREATE TABLE authority_changes (
    change_id       TEXT NOT NULL PRIMARY KEY,
    changed_at      TEXT NOT NULL,
    changed_by      TEXT NOT NULL,
    document        TEXT NOT NULL,
    authorities     INTEGER NOT NULL,
    routes          INTEGER NOT NULL,
    routed_again    INTEGER NOT NULL,
    keys_moved      INTEGER NOT NULL,
    grants_revoked  INTEGER NOT NULL
);
CREATE INDEX ix_authority_changes_at ON authority_changes (changed_at);
