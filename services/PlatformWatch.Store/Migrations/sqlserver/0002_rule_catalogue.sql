-- The state behind the whole rule catalogue (RULES.md): price cells, ranking pages, due dates.

CREATE INDEX ix_events_platform_type ON events (platform_id, type);
CREATE INDEX ix_events_market_type ON events (market_id, type);

-- cell_key is a SHA-256 of the natural key (platform, market, month, product, bucket, cohort,
-- justification, currency), which is wider than an index key may be here.
CREATE TABLE price_cells (
    cell_key       nvarchar(64) NOT NULL CONSTRAINT pk_price_cells PRIMARY KEY NONCLUSTERED,
    platform_id    nvarchar(200) NOT NULL,
    market_id      nvarchar(200) NOT NULL,
    month          date NOT NULL,
    product_id     nvarchar(200) NOT NULL,
    bucket         nvarchar(200) NOT NULL,
    cohort         nvarchar(200) NOT NULL,
    justification  nvarchar(200) NOT NULL,
    currency       nvarchar(3) NOT NULL,
    jurisdiction   nvarchar(20) NOT NULL,
    min_price      decimal(38, 18) NOT NULL,
    min_event_id   nvarchar(100) NOT NULL,
    max_price      decimal(38, 18) NOT NULL,
    max_event_id   nvarchar(100) NOT NULL,
    quotes         bigint NOT NULL
);
CREATE INDEX ix_price_cells_window ON price_cells (platform_id, market_id, month);

CREATE TABLE ranking_pages (
    event_id               nvarchar(100) NOT NULL PRIMARY KEY,
    platform_id            nvarchar(200) NOT NULL,
    market_id              nvarchar(200) NOT NULL,
    month                  date NOT NULL,
    jurisdiction           nvarchar(20) NOT NULL,
    first_party_inversions bigint NOT NULL,
    first_party_pairs      bigint NOT NULL,
    baseline_inversions    bigint NOT NULL,
    baseline_pairs         bigint NOT NULL
);
CREATE INDEX ix_ranking_pages_window ON ranking_pages (platform_id, market_id, month);

CREATE TABLE obligation_due_dates (
    event_id     nvarchar(100) NOT NULL,
    platform_id  nvarchar(200) NOT NULL,
    due_date     date NOT NULL,
    CONSTRAINT pk_obligation_due_dates PRIMARY KEY (event_id, due_date)
);
CREATE INDEX ix_obligation_due_dates_date ON obligation_due_dates (due_date, platform_id);

CREATE TABLE clock_marks (
    name   nvarchar(100) NOT NULL PRIMARY KEY,
    value  nvarchar(100) NOT NULL
);
