-- Sources and submitters (CONTRACTS.md "Sources and submitters"), and which figure counts
-- (RULES.md "Which figure counts").

-- Who submitted each event under which credential: api-key:ID, token:SUBJECT, amqp:USER, cli:ACTOR.
-- Events recorded before this migration have none (NULL: not known).
ALTER TABLE events ADD submitter nvarchar(300) NULL;

-- A market's picture keeps the latest figure of each source kind; the profile's sourcePrecedence
-- decides which one counts. Existing figures were recorded without a registry: unclassified.
ALTER TABLE market_shares ADD source_kind nvarchar(20) NOT NULL CONSTRAINT df_market_shares_kind DEFAULT 'unclassified';
ALTER TABLE market_shares ADD source nvarchar(500) NOT NULL CONSTRAINT df_market_shares_source DEFAULT '';
GO
UPDATE s SET source = e.source FROM market_shares s JOIN events e ON e.event_id = s.event_id;
ALTER TABLE market_shares DROP CONSTRAINT df_market_shares_kind;
ALTER TABLE market_shares DROP CONSTRAINT df_market_shares_source;
ALTER TABLE market_shares DROP CONSTRAINT pk_market_shares;
ALTER TABLE market_shares ADD CONSTRAINT pk_market_shares PRIMARY KEY NONCLUSTERED (market_id, metric, period_start, period_end, platform_id, source_kind);

-- The source registry in force (empty and never set: every source accepted, as unclassified).
CREATE TABLE sources (
    source_id     nvarchar(200) NOT NULL PRIMARY KEY,
    position      int NOT NULL,
    name          nvarchar(400) NOT NULL,
    kind          nvarchar(20) NOT NULL,
    platform_id   nvarchar(200) NULL,
    jurisdictions nvarchar(max) NOT NULL,
    submitters    nvarchar(max) NOT NULL,
    updated_at    datetimeoffset(7) NOT NULL
);

-- Every change of the registry: who set it, when, the document put in force. Never updated or
-- deleted; the registry is in force once a change exists.
CREATE TABLE source_changes (
    change_id   nvarchar(40) NOT NULL PRIMARY KEY,
    changed_at  datetimeoffset(7) NOT NULL,
    changed_by  nvarchar(200) NOT NULL,
    document    nvarchar(max) NOT NULL,
    sources     int NOT NULL,
    added       int NOT NULL,
    removed     int NOT NULL,
    changed     int NOT NULL
);
CREATE INDEX ix_source_changes_at ON source_changes (changed_at);
