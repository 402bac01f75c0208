-- Documents with their content (issue 18, item 3): the files a platform attaches to its answers and
-- reports and a regulator to its notices. The owner is generic (owner_kind: notice, response,
-- report; later decision) so that any record can own documents. case_id is the case the owner
-- belongs to (null for a report, which reaches cases as their evidence); platform_id the platform
-- that may read it. The type is the one detected from the content; sha256 is recorded at upload and
-- checked on every download. content holds the bytes when stored in the database (stored_in
-- 'database'), null when they are in the configured folder (stored_in 'folder', file named by the id).
CREATE TABLE documents (
    document_id     nvarchar(40) NOT NULL PRIMARY KEY,
    owner_kind      nvarchar(40) NOT NULL,
    owner_id        nvarchar(400) NOT NULL,
    case_id         nvarchar(60) NULL,
    platform_id     nvarchar(200) NOT NULL,
    name            nvarchar(300) NOT NULL,
    media_type      nvarchar(200) NOT NULL,
    size_bytes      bigint NOT NULL,
    sha256          nvarchar(64) NOT NULL,
    business_secret bit NOT NULL CONSTRAINT df_documents_business_secret DEFAULT 0,
    stored_in       nvarchar(20) NOT NULL,
    content         varbinary(max) NULL,
    uploaded_at     datetimeoffset(7) NOT NULL,
    uploaded_by     nvarchar(200) NOT NULL
);
CREATE INDEX ix_documents_owner ON documents (owner_kind, owner_id);
CREATE INDEX ix_documents_case ON documents (case_id);
