-- The transactional outbox: what the bus must hear of a change (FindingRaised, FindingUpdated,
-- FindingWithdrawn, CaseOpened, CaseStatusChanged, NoticeIssued) is written in the same transaction
-- as the change, then relayed to the bus with publisher confirms by the relays of the workers and
-- the API (claimed with SKIP LOCKED, so several relays never send the same row at once).
-- message_id is stable (derived from what it announces), so a message sent twice is recognised.
CREATE TABLE outbox (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id    text NOT NULL UNIQUE,
    message_type  text NOT NULL,
    body          text NOT NULL,
    created_at    timestamptz NOT NULL,
    claimed_until timestamptz NULL,
    claimed_by    text NULL,
    attempts      integer NOT NULL DEFAULT 0,
    last_error    text NULL,
    sent_at       timestamptz NULL
);
CREATE INDEX ix_outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX ix_outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
