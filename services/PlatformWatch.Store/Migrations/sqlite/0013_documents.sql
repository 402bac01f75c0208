-- Documents with their content (issue 18, item 3): the files a platform attaches to its answers and
-- reports and a regulator to its notices. The owner is generic (owner_kind: notice, response,
-- report; later decision) so that any record can own documents. case_id is the case the owner
-- belongs to (null for a report, which reaches cases as their evidence); platform_id the platform
-- that may read it. The type is the one detected from the content; sha256 is recorded at upload and
-- checked on every download. content holds the bytes when stored in the database (stored_in
-- 'database'), null when they are in the configured folder (stored_in 'folder', file named by the id).
CREATE TABLE documents (
    document_id     TEXT PRIMARY KEY,
    owner_kind      TEXT NOT NULL,
    owner_id        TEXT NOT NULL,
    case_id         TEXT NULL,
    platform_id     TEXT NOT NULL,
    name            TEXT NOT NULL,
    media_type      TEXT NOT NULL,
    size_bytes      INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    business_secret INTEGER NOT NULL DEFAULT 0,
    stored_in       TEXT NOT NULL,
    content         BLOB NULL,
    uploaded_at     TEXT NOT NULL,
    uploaded_by     TEXT NOT NULL
);
CREATE INDEX ix_documents_owner ON documents (owner_kind, owner_id);
CREATE INDEX ix_documents_case ON documents (case_id);
