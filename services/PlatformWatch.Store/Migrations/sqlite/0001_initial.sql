-- PlatformWatch case database, SQLite dialect: the initial schema.
-- Decimals (shares, money) are TEXT holding the exact decimal: SQLite's REAL is binary floating point.
-- Timestamps are TEXT in UTC; dates are TEXT YYYY-MM-DD, so text order is time order.

-- Every accepted event, kept as evidence. Its primary key is the inbox: an event id is processed
-- once, in the same transaction as the state it changes and the findings it raises.
CREATE TABLE events (
    event_id      TEXT NOT NULL PRIMARY KEY,
    type          TEXT NOT NULL,
    occurred_at   TEXT NOT NULL,
    source        TEXT NOT NULL,
    platform_id   TEXT NULL,
    market_id     TEXT NULL,
    payload       TEXT NOT NULL,
    payload_hash  TEXT NOT NULL,
    received_at   TEXT NOT NULL
);
CREATE INDEX ix_events_platform ON events (platform_id, occurred_at);
CREATE INDEX ix_events_market ON events (market_id, occurred_at);

-- Input that was refused, with the reason naming the field: kept for inspection and replay.
-- rejection_key (a hash of origin and payload) keeps a second run over the same file from adding rows.
CREATE TABLE rejected_events (
    rejection_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    rejection_key TEXT NOT NULL UNIQUE,
    received_at   TEXT NOT NULL,
    origin        TEXT NOT NULL,
    event_id      TEXT NULL,
    type          TEXT NULL,
    reason        TEXT NOT NULL,
    payload       TEXT NOT NULL
);

-- A market's picture: the latest share per market, metric, period and platform.
CREATE TABLE market_shares (
    market_id      TEXT NOT NULL,
    metric         TEXT NOT NULL,
    period_start   TEXT NOT NULL,
    period_end     TEXT NOT NULL,
    platform_id    TEXT NOT NULL,
    share          TEXT NOT NULL,
    value_amount   TEXT NULL,
    value_currency TEXT NULL,
    jurisdiction   TEXT NOT NULL,
    event_id       TEXT NOT NULL,
    occurred_at    TEXT NOT NULL,
    PRIMARY KEY (market_id, metric, period_start, period_end, platform_id)
);

-- One finding per (rule, platform, market, period); finding_id is derived from that key.
CREATE TABLE findings (
    finding_id       TEXT NOT NULL PRIMARY KEY,
    rule_id          TEXT NOT NULL,
    rule_version     INTEGER NOT NULL,
    profile_id       TEXT NOT NULL,
    profile_hash     TEXT NOT NULL,
    family           TEXT NOT NULL,
    platform_id      TEXT NULL,
    market_id        TEXT NULL,
    period_start     TEXT NOT NULL,
    period_end       TEXT NOT NULL,
    established_from TEXT NOT NULL,
    established_to   TEXT NOT NULL,
    severity         TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
    legal_basis      TEXT NOT NULL,
    measured         TEXT NOT NULL,
    threshold        TEXT NOT NULL,
    evidence         TEXT NOT NULL,
    subject          TEXT NOT NULL,
    case_id          TEXT NULL,
    raised_at        TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    revision         INTEGER NOT NULL
);
CREATE INDEX ix_findings_subject ON findings (subject);
CREATE INDEX ix_findings_case ON findings (case_id);
CREATE INDEX ix_findings_platform ON findings (platform_id, rule_id);
CREATE INDEX ix_findings_market ON findings (market_id, period_start);

-- A case groups the findings of one platform, rule family and market.
CREATE TABLE cases (
    case_id      TEXT NOT NULL PRIMARY KEY,
    group_key    TEXT NOT NULL,
    sequence     INTEGER NOT NULL,
    platform_id  TEXT NULL,
    family       TEXT NOT NULL,
    market_id    TEXT NULL,
    status       TEXT NOT NULL,
    severity     TEXT NOT NULL,
    opened_at    TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (group_key, sequence)
);
CREATE INDEX ix_cases_status ON cases (status, severity);
