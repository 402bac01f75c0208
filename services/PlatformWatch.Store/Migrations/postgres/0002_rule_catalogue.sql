-- The state behind the whole rule catalogue (RULES.md): price cells, ranking pages, due dates.

CREATE INDEX ix_events_platform_type ON events (platform_id, type);
CREATE INDEX ix_events_market_type ON events (market_id, type);

-- Price quotes reduced to the lowest and highest price per month, product, bucket, cohort,
-- justification and currency, and the quotes that showed them.
CREATE TABLE price_cells (
    platform_id    text NOT NULL,
    market_id      text NOT NULL,
    month          date NOT NULL,
    product_id     text NOT NULL,
    bucket         text NOT NULL,
    cohort         text NOT NULL,
    justification  text NOT NULL,
    currency       text NOT NULL,
    jurisdiction   text NOT NULL,
    min_price      numeric NOT NULL,
    min_event_id   text NOT NULL,
    max_price      numeric NOT NULL,
    max_event_id   text NOT NULL,
    quotes         bigint NOT NULL,
    PRIMARY KEY (platform_id, market_id, month, product_id, bucket, cohort, justification, currency)
);

-- One row per results page: its pair counts; months sum them.
CREATE TABLE ranking_pages (
    event_id               text PRIMARY KEY,
    platform_id            text NOT NULL,
    market_id              text NOT NULL,
    month                  date NOT NULL,
    jurisdiction           text NOT NULL,
    first_party_inversions bigint NOT NULL,
    first_party_pairs      bigint NOT NULL,
    baseline_inversions    bigint NOT NULL,
    baseline_pairs         bigint NOT NULL
);
CREATE INDEX ix_ranking_pages_window ON ranking_pages (platform_id, market_id, month);

-- Due dates of reporting obligations, so the scheduler finds the platforms whose dates passed.
CREATE TABLE obligation_due_dates (
    event_id     text NOT NULL,
    platform_id  text NOT NULL,
    due_date     date NOT NULL,
    PRIMARY KEY (event_id, due_date)
);
CREATE INDEX ix_obligation_due_dates_date ON obligation_due_dates (due_date, platform_id);

-- Marks of time-based work (the last date the due-date check covered).
CREATE TABLE clock_marks (
    name   text PRIMARY KEY,
    value  text NOT NULL
);
