-- The API: keys for regulators and platforms, notices to platforms and their answers.

-- An API key. Its token (pw_<key_id>_<secret>) is shown once when the key is created and never
-- stored: secret_hash is the hex SHA-256 of the whole token. A revoked key is kept, with who
-- revoked it and when.
CREATE TABLE api_keys (
    key_id       TEXT NOT NULL PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('regulator-viewer', 'regulator-analyst', 'regulator-supervisor', 'regulator-admin', 'platform')),
    platform_id  TEXT NULL,
    secret_hash  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    revoked_at   TEXT NULL,
    revoked_by   TEXT NULL
);
CREATE INDEX ix_api_keys_platform ON api_keys (platform_id);

-- A notice to the platform of a case. finding_ids (a JSON array) holds the case's active findings
-- when it was issued: what the platform was told about.
CREATE TABLE notices (
    notice_id        TEXT NOT NULL PRIMARY KEY,
    case_id          TEXT NOT NULL,
    platform_id      TEXT NOT NULL,
    text             TEXT NOT NULL,
    finding_ids      TEXT NOT NULL,
    issued_at        TEXT NOT NULL,
    issued_by        TEXT NOT NULL,
    response_due_at  TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('awaiting-response', 'answered')),
    answered_at      TEXT NULL
);
CREATE INDEX ix_notices_platform ON notices (platform_id, issued_at);
CREATE INDEX ix_notices_case ON notices (case_id);

-- A platform's answer to a notice; documents is a JSON array of their metadata (name, media type,
-- size, SHA-256), not their content.
CREATE TABLE notice_responses (
    response_id   TEXT NOT NULL PRIMARY KEY,
    notice_id     TEXT NOT NULL,
    platform_id   TEXT NOT NULL,
    text          TEXT NOT NULL,
    documents     TEXT NOT NULL,
    submitted_at  TEXT NOT NULL,
    submitted_by  TEXT NOT NULL
);
CREATE INDEX ix_notice_responses_notice ON notice_responses (notice_id);
