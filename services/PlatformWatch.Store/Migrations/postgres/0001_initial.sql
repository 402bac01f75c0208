-- PlatformWatch case database, PostgreSQL dialect: the initial schema.
-- Shares and money are numeric (exact); finding content is json, which keeps the text as written.

-- Every accepted event, kept as evidence. Its primary key is the inbox: an event id is processed
-- once, in the same transaction as the state it changes and the findings it raises.
CREATE TABLE events (
    event_id      text PRIMARY KEY,
    type          text NOT NULL,
    occurred_at   timestamptz NOT NULL,
    source        text NOT NULL,
    platform_id   text NULL,
    market_id     text NULL,
    payload       jsonb NOT NULL,
    payload_hash  text NOT NULL,
    received_at   timestamptz NOT NULL
);
CREATE INDEX ix_events_platform ON events (platform_id, occurred_at);
CREATE INDEX ix_events_market ON events (market_id, occurred_at);

-- Input that was refused, with the reason naming the field: kept for inspection and replay.
CREATE TABLE rejected_events (
    rejection_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rejection_key text NOT NULL UNIQUE,
    received_at   timestamptz NOT NULL,
    origin        text NOT NULL,
    event_id      text NULL,
    type          text NULL,
    reason        text NOT NULL,
    payload       text NOT NULL
);

-- A market's picture: the latest share per market, metric, period and platform.
CREATE TABLE market_shares (
    market_id      text NOT NULL,
    metric         text NOT NULL,
    period_start   date NOT NULL,
    period_end     date NOT NULL,
    platform_id    text NOT NULL,
    share          numeric NOT NULL,
    value_amount   numeric NULL,
    value_currency text NULL,
    jurisdiction   text NOT NULL,
    event_id       text NOT NULL,
    occurred_at    timestamptz NOT NULL,
    PRIMARY KEY (market_id, metric, period_start, period_end, platform_id)
);

-- One finding per (rule, platform, market, period); finding_id is derived from that key.
CREATE TABLE findings (
    finding_id       text PRIMARY KEY,
    rule_id          text NOT NULL,
    rule_version     integer NOT NULL,
    profile_id       text NOT NULL,
    profile_hash     text NOT NULL,
    family           text NOT NULL,
    platform_id      text NULL,
    market_id        text NULL,
    period_start     date NOT NULL,
    period_end       date NOT NULL,
    established_from date NOT NULL,
    established_to   date NOT NULL,
    severity         text NOT NULL,
    status           text NOT NULL CHECK (status IN ('active', 'withdrawn')),
    legal_basis      json NOT NULL,
    measured         json NOT NULL,
    threshold        json NOT NULL,
    evidence         json NOT NULL,
    subject          text NOT NULL,
    case_id          text NULL,
    raised_at        timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    revision         integer NOT NULL
);
CREATE INDEX ix_findings_subject ON findings (subject);
CREATE INDEX ix_findings_case ON findings (case_id);
CREATE INDEX ix_findings_platform ON findings (platform_id, rule_id);
CREATE INDEX ix_findings_market ON findings (market_id, period_start);

-- A case groups the findings of one platform, rule family and market.
CREATE TABLE cases (
    case_id      text PRIMARY KEY,
    group_key    text NOT NULL,
    sequence     integer NOT NULL,
    platform_id  text NULL,
    family       text NOT NULL,
    market_id    text NULL,
    status       text NOT NULL,
    severity     text NOT NULL,
    opened_at    timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    UNIQUE (group_key, sequence)
);
CREATE INDEX ix_cases_status ON cases (status, severity);
