-- PlatformWatch case database, SQL Server dialect: the initial schema.
-- Shares and money are decimal (exact); identifiers nvarchar so that they can be keys.
-- Run with READ_COMMITTED_SNAPSHOT ON (see docs/databases.md).

CREATE TABLE events (
    event_id      nvarchar(100) NOT NULL PRIMARY KEY,
    type          nvarchar(100) NOT NULL,
    occurred_at   datetimeoffset(7) NOT NULL,
    source        nvarchar(500) NOT NULL,
    platform_id   nvarchar(200) NULL,
    market_id     nvarchar(200) NULL,
    payload       nvarchar(max) NOT NULL,
    payload_hash  nvarchar(64) NOT NULL,
    received_at   datetimeoffset(7) NOT NULL
);
CREATE INDEX ix_events_platform ON events (platform_id, occurred_at);
CREATE INDEX ix_events_market ON events (market_id, occurred_at);

CREATE TABLE rejected_events (
    rejection_id  bigint IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    rejection_key nvarchar(64) NOT NULL UNIQUE,
    received_at   datetimeoffset(7) NOT NULL,
    origin        nvarchar(500) NOT NULL,
    event_id      nvarchar(400) NULL,
    type          nvarchar(200) NULL,
    reason        nvarchar(max) NOT NULL,
    payload       nvarchar(max) NOT NULL
);

CREATE TABLE market_shares (
    market_id      nvarchar(200) NOT NULL,
    metric         nvarchar(50) NOT NULL,
    period_start   date NOT NULL,
    period_end     date NOT NULL,
    platform_id    nvarchar(200) NOT NULL,
    share          decimal(38, 28) NOT NULL,
    value_amount   decimal(38, 18) NULL,
    value_currency nvarchar(3) NULL,
    jurisdiction   nvarchar(20) NOT NULL,
    event_id       nvarchar(100) NOT NULL,
    occurred_at    datetimeoffset(7) NOT NULL,
    -- Nonclustered: the key can be wider than the 900 bytes a clustered key may have.
    CONSTRAINT pk_market_shares PRIMARY KEY NONCLUSTERED (market_id, metric, period_start, period_end, platform_id)
);

CREATE TABLE findings (
    finding_id       nvarchar(40) NOT NULL PRIMARY KEY,
    rule_id          nvarchar(100) NOT NULL,
    rule_version     int NOT NULL,
    profile_id       nvarchar(100) NOT NULL,
    profile_hash     nvarchar(80) NOT NULL,
    family           nvarchar(100) NOT NULL,
    platform_id      nvarchar(200) NULL,
    market_id        nvarchar(200) NULL,
    period_start     date NOT NULL,
    period_end       date NOT NULL,
    established_from date NOT NULL,
    established_to   date NOT NULL,
    severity         nvarchar(20) NOT NULL,
    status           nvarchar(20) NOT NULL CONSTRAINT ck_findings_status CHECK (status IN ('active', 'withdrawn')),
    legal_basis      nvarchar(max) NOT NULL,
    measured         nvarchar(max) NOT NULL,
    threshold        nvarchar(max) NOT NULL,
    evidence         nvarchar(max) NOT NULL,
    subject          nvarchar(450) NOT NULL,
    case_id          nvarchar(60) NULL,
    raised_at        datetimeoffset(7) NOT NULL,
    updated_at       datetimeoffset(7) NOT NULL,
    revision         int NOT NULL
);
CREATE INDEX ix_findings_subject ON findings (subject);
CREATE INDEX ix_findings_case ON findings (case_id);
CREATE INDEX ix_findings_platform ON findings (platform_id, rule_id);
CREATE INDEX ix_findings_market ON findings (market_id, period_start);

CREATE TABLE cases (
    case_id      nvarchar(60) NOT NULL PRIMARY KEY,
    group_key    nvarchar(450) NOT NULL,
    sequence     int NOT NULL,
    platform_id  nvarchar(200) NULL,
    family       nvarchar(100) NOT NULL,
    market_id    nvarchar(200) NULL,
    status       nvarchar(30) NOT NULL,
    severity     nvarchar(20) NOT NULL,
    opened_at    datetimeoffset(7) NOT NULL,
    updated_at   datetimeoffset(7) NOT NULL,
    CONSTRAINT uq_cases_group_sequence UNIQUE (group_key, sequence)
);
CREATE INDEX ix_cases_status ON cases (status, severity);
