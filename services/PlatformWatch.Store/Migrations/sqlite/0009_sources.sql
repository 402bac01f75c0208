-- Sources and submitters (CONTRACTS.md "Sources and submitters"), and which figure counts
-- (RULES.md "Which figure counts").

-- Who submitted each event under which credential: api-key:ID, token:SUBJECT, amqp:USER, cli:ACTOR.
-- Events recorded before this migration have none (NULL: not known).
ALTER TABLE events ADD COLUMN submitter TEXT NULL;

-- A market's picture keeps the latest figure of each source kind; the profile's sourcePrecedence
-- decides which one counts. Existing figures were recorded without a registry: unclassified.
CREATE TABLE market_shares_by_kind (
    market_id      TEXT NOT NULL,
    metric         TEXT NOT NULL,
    period_start   TEXT NOT NULL,
    period_end     TEXT NOT NULL,
    platform_id    TEXT NOT NULL,
    source_kind    TEXT NOT NULL,
    share          TEXT NOT NULL,
    value_amount   TEXT NULL,
    value_currency TEXT NULL,
    jurisdiction   TEXT NOT NULL,
    event_id       TEXT NOT NULL,
    occurred_at    TEXT NOT NULL,
    source         TEXT NOT NULL,
    PRIMARY KEY (market_id, metric, period_start, period_end, platform_id, source_kind)
);
INSERT INTO market_shares_by_kind (market_id, metric, period_start, period_end, platform_id, source_kind, share, value_amount,
                                   value_currency, jurisdiction, event_id, occurred_at, source)
SELECT s.market_id, s.metric, s.period_start, s.period_end, s.platform_id, 'unclassified', s.share, s.value_amount,
       s.value_currency, s.jurisdiction, s.event_id, s.occurred_at, COALESCE((SELECT e.source FROM events e WHERE e.event_id = s.event_id), '')
FROM market_shares s;
DROP TABLE market_shares;
ALTER TABLE market_shares_by_kind RENAME TO market_shares;

-- The source registry in force (empty and never set: every source accepted, as unclassified).
CREATE TABLE sources (
    source_id     TEXT NOT NULL PRIMARY KEY,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    platform_id   TEXT NULL,
    jurisdictions TEXT NOT NULL,
    submitters    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- Every change of the registry: who set it, when, the document put in force. Never updated or
-- deleted; the registry is in force once a change exists.
CREATE TABLE source_changes (
    change_id   TEXT NOT NULL PRIMARY KEY,
    changed_at  TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    document    TEXT NOT NULL,
    sources     INTEGER NOT NULL,
    added       INTEGER NOT NULL,
    removed     INTEGER NOT NULL,
    changed     INTEGER NOT NULL
);
CREATE INDEX ix_source_changes_at ON source_changes (changed_at);
