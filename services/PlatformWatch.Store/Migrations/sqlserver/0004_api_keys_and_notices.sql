-- The API: keys for regulators and platforms, notices to platforms and their answers.

-- An API key. Its token (pw_<key_id>_<secret>) is shown once when the key is created and never
-- stored: secret_hash is the hex SHA-256 of the whole token.
CREATE TABLE api_keys (
    key_id       nvarchar(40) NOT NULL PRIMARY KEY,
    name         nvarchar(200) NOT NULL,
    role         nvarchar(40) NOT NULL CONSTRAINT ck_api_keys_role CHECK (role IN ('regulator-viewer', 'regulator-analyst', 'regulator-supervisor', 'regulator-admin', 'platform')),
    platform_id  nvarchar(200) NULL,
    secret_hash  nvarchar(64) NOT NULL,
    created_at   datetimeoffset(7) NOT NULL,
    created_by   nvarchar(200) NOT NULL,
    revoked_at   datetimeoffset(7) NULL,
    revoked_by   nvarchar(200) NULL
);
CREATE INDEX ix_api_keys_platform ON api_keys (platform_id);

-- A notice to the platform of a case; finding_ids (JSON array text) holds the case's active
-- findings when it was issued.
CREATE TABLE notices (
    notice_id        nvarchar(40) NOT NULL PRIMARY KEY,
    case_id          nvarchar(60) NOT NULL,
    platform_id      nvarchar(200) NOT NULL,
    text             nvarchar(max) NOT NULL,
    finding_ids      nvarchar(max) NOT NULL,
    issued_at        datetimeoffset(7) NOT NULL,
    issued_by        nvarchar(200) NOT NULL,
    response_due_at  datetimeoffset(7) NOT NULL,
    status           nvarchar(30) NOT NULL CONSTRAINT ck_notices_status CHECK (status IN ('awaiting-response', 'answered')),
    answered_at      datetimeoffset(7) NULL
);
CREATE INDEX ix_notices_platform ON notices (platform_id, issued_at);
CREATE INDEX ix_notices_case ON notices (case_id);

-- A platform's answer to a notice; documents is JSON array text of their metadata.
CREATE TABLE notice_responses (
    response_id   nvarchar(40) NOT NULL PRIMARY KEY,
    notice_id     nvarchar(40) NOT NULL,
    platform_id   nvarchar(200) NOT NULL,
    text          nvarchar(max) NOT NULL,
    documents     nvarchar(max) NOT NULL,
    submitted_at  datetimeoffset(7) NOT NULL,
    submitted_by  nvarchar(200) NOT NULL
);
CREATE INDEX ix_notice_responses_notice ON notice_responses (notice_id);
