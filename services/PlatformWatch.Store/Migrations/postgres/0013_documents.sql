-- Documents with their content (issue 18, item 3): the files a platform attaches to its answers and
-- reports and a regulator to its notices. The owner is generic (owner_kind: notice, response,
-- report; later decision) so that any record can own documents. case_id is the case the owner
-- belongs to (null for a report, which reaches cases as their evidence); platform_id the platform
-- that may read it. The type is the one detected from the content; sha256 is recorded at upload and
-- checked on every download. content holds the bytes when stored in the database (stored_in
-- 'database'), null when they are in the configured folder (stored_in 'folder', file named by the id).
CREATE TABLE documents (
    document_id     text PRIMARY KEY,
    owner_kind      text NOT NULL,
    owner_id        text NOT NULL,
    case_id         text NULL,
    platform_id     text NOT NULL,
    name            text NOT NULL,
    media_type      text NOT NULL,
    size_bytes      bigint NOT NULL,
    sha256          text NOT NULL,
    business_secret boolean NOT NULL DEFAULT false,
    stored_in       text NOT NULL,
    content         bytea NULL,
    uploaded_at     timestamptz NOT NULL,
    uploaded_by     text NOT NULL
);
CREATE INDEX ix_documents_owner ON documents (owner_kind, owner_id);
CREATE INDEX ix_documents_case ON documents (case_id);
