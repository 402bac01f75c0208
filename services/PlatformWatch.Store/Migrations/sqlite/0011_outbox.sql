-- The transactional outbox: what the bus must hear of a change (FindingRaised, FindingUpdated,
-- FindingWithdrawn, CaseOpened, CaseStatusChanged, NoticeIssued) is written in the same transaction
-- as the change, then relayed to the bus with publisher confirms by the relays of the workers and
-- the API. message_id is stable (derived from what it announces: finding id and revision, case,
-- notice), so a message sent twice is recognised by subscribers. Sent rows are purged after a while.
CREATE TABLE outbox (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id    TEXT NOT NULL UNIQUE,
    message_type  TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    claimed_until TEXT NULL,
    claimed_by    TEXT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NULL,
    sent_at       TEXT NULL
);
CREATE INDEX ix_outbox_unsent ON outbox (sent_at, seq);
