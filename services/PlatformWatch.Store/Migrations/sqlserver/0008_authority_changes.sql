-- Every change of the authorities and routing table: who set it, when, the document put in force
-- and what it did (cases routed again, keys moved, grants revoked). Never updated or deleted.
CREATE TABLE authority_changes (
    change_id       nvarchar(40) NOT NULL PRIMARY KEY,
    changed_at      datetimeoffset(7) NOT NULL,
    changed_by      nvarchar(200) NOT NULL,
    document        nvarchar(max) NOT NULL,
    authorities     int NOT NULL,
    routes          int NOT NULL,
    routed_again    int NOT NULL,
    keys_moved      int NOT NULL,
    grants_revoked  int NOT NULL
);
CREATE INDEX ix_authority_changes_at ON authority_changes (changed_at);
