-- The state behind the whole rule catalogue (RULES.md): price cells, ranking pages, due dates.
-- Conduct, acquisitions, platform profiles, designations, obligations and reports are read from
-- the events table itself (by platform and type); the later announcement of the same thing wins.

CREATE INDEX ix_events_platform_type ON events (platform_id, type);
CREATE INDEX ix_events_market_type ON events (market_id, type);

-- Price quotes reduced to what the price-discrimination rule needs: per month, product, bucket,
-- cohort, justification and currency, the lowest and highest price and the quotes that showed
-- them. Minimum and maximum do not depend on arrival order.
CREATE TABLE price_cells (
    platform_id    TEXT NOT NULL,
    market_id      TEXT NOT NULL,
    month          TEXT NOT NULL,
    product_id     TEXT NOT NULL,
    bucket         TEXT NOT NULL,
    cohort         TEXT NOT NULL,
    justification  TEXT NOT NULL,
    currency       TEXT NOT NULL,
    jurisdiction   TEXT NOT NULL,
    min_price      TEXT NOT NULL,
    min_event_id   TEXT NOT NULL,
    max_price      TEXT NOT NULL,
    max_event_id   TEXT NOT NULL,
    quotes         INTEGER NOT NULL,
    PRIMARY KEY (platform_id, market_id, month, product_id, bucket, cohort, justification, currency)
);

-- One row per results page: its pair counts (RULES.md, "Self-preferencing"); months sum them.
CREATE TABLE ranking_pages (
    event_id              TEXT NOT NULL PRIMARY KEY,
    platform_id           TEXT NOT NULL,
    market_id             TEXT NOT NULL,
    month                 TEXT NOT NULL,
    jurisdiction          TEXT NOT NULL,
    first_party_inversions INTEGER NOT NULL,
    first_party_pairs     INTEGER NOT NULL,
    baseline_inversions   INTEGER NOT NULL,
    baseline_pairs        INTEGER NOT NULL
);
CREATE INDEX ix_ranking_pages_window ON ranking_pages (platform_id, market_id, month);

-- Due dates of reporting obligations, so the scheduler finds the platforms whose dates passed.
CREATE TABLE obligation_due_dates (
    event_id     TEXT NOT NULL,
    platform_id  TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    PRIMARY KEY (event_id, due_date)
);
CREATE INDEX ix_obligation_due_dates_date ON obligation_due_dates (due_date, platform_id);

-- Marks of time-based work (the last date the due-date check covered).
CREATE TABLE clock_marks (
    name   TEXT NOT NULL PRIMARY KEY,
    value  TEXT NOT NULL
);
