-- Sources and submitters (CONTRACTS.md "Sources and submitters"), and which figure counts
-- (RULES.md "Which figure counts").

-- Who submitted each event under which credential: api-key:ID, token:SUBJECT, amqp:USER, cli:ACTOR.
-- Events recorded before this migration have none (NULL: not known).
ALTER TABLE events ADD COLUMN submitter text NULL;

-- A market's picture keeps the latest figure of each source kind; the profile's sourcePrecedence
-- decides which one counts. Existing figures were recorded without a registry: unclassified.
ALTER TABLE market_shares ADD COLUMN source_kind text NOT NULL DEFAULT 'unclassified';
ALTER TABLE market_shares ADD COLUMN source text NOT NULL DEFAULT '';
UPDATE market_shares s SET source = e.source FROM events e WHERE e.event_id = s.event_id;
ALTER TABLE market_shares ALTER COLUMN source_kind DROP DEFAULT;
ALTER TABLE market_shares ALTER COLUMN source DROP DEFAULT;
ALTER TABLE market_shares DROP CONSTRAINT market_shares_pkey;
ALTER TABLE market_shares ADD PRIMARY KEY (market_id, metric, period_start, period_end, platform_id, source_kind);

-- The source registry in force (empty and never set: every source accepted, as unclassified).
CREATE TABLE sources (
    source_id     text PRIMARY KEY,
    position      integer NOT NULL,
    name          text NOT NULL,
    kind          text NOT NULL,
    platform_id   text NULL,
    jurisdictions text NOT NULL,
    submitters    text NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- Every change of the registry: who set it, when, the document put in force. Never updated or
-- deleted; the registry is in force once a change exists.
CREATE TABLE source_changes (
    change_id   text PRIMARY KEY,
    changed_at  timestamptz NOT NULL,
    changed_by  text NOT NULL,
    document    text NOT NULL,
    sources     integer NOT NULL,
    added       integer NOT NULL,
    removed     integer NOT NULL,
    changed     integer NOT NULL
);
CREATE INDEX ix_source_changes_at ON source_changes (changed_at);
