-- The API: keys for regulators and platforms, notices to platforms and their answers.

-- An API key. Its token (pw_<key_id>_<secret>) is shown once when the key is created and never
-- stored: secret_hash is the hex SHA-256 of the whole token.
CREATE TABLE api_keys (
    key_id       text PRIMARY KEY,
    name         text NOT NULL,
    role         text NOT NULL CHECK (role IN ('regulator-viewer', 'regulator-analyst', 'regulator-supervisor', 'regulator-admin', 'platform')),
    platform_id  text NULL,
    secret_hash  text NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   text NOT NULL,
    revoked_at   timestamptz NULL,
    revoked_by   text NULL
);
CREATE INDEX ix_api_keys_platform ON api_keys (platform_id);

-- A notice to the platform of a case; finding_ids (JSON array text) holds the case's active
-- findings when it was issued.
CREATE TABLE notices (
    notice_id        text PRIMARY KEY,
    case_id          text NOT NULL,
    platform_id      text NOT NULL,
    text             text NOT NULL,
    finding_ids      text NOT NULL,
    issued_at        timestamptz NOT NULL,
    issued_by        text NOT NULL,
    response_due_at  timestamptz NOT NULL,
    status           text NOT NULL CHECK (status IN ('awaiting-response', 'answered')),
    answered_at      timestamptz NULL
);
CREATE INDEX ix_notices_platform ON notices (platform_id, issued_at);
CREATE INDEX ix_notices_case ON notices (case_id);

-- A platform's answer to a notice; documents is JSON array text of their metadata.
CREATE TABLE notice_responses (
    response_id   text PRIMARY KEY,
    notice_id     text NOT NULL,
    platform_id   text NOT NULL,
    text          text NOT NULL,
    documents     text NOT NULL,
    submitted_at  timestamptz NOT NULL,
    submitted_by  text NOT NULL
);
CREATE INDEX ix_notice_responses_notice ON notice_responses (notice_id);
