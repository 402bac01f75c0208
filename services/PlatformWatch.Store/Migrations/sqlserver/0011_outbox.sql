-- The transactional outbox: what the bus must hear of a change (FindingRaised, FindingUpdated,
-- FindingWithdrawn, CaseOpened, CaseStatusChanged, NoticeIssued) is written in the same transaction
-- as the change, then relayed to the bus with publisher confirms by the relays of the workers and
-- the API (claimed with READPAST, so several relays never send the same row at once).
-- message_id is stable (derived from what it announces), so a message sent twice is recognised.
CREATE TABLE outbox (
    seq           bigint IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    message_id    nvarchar(36) NOT NULL CONSTRAINT uq_outbox_message UNIQUE,
    message_type  nvarchar(100) NOT NULL,
    body          nvarchar(max) NOT NULL,
    created_at    datetimeoffset(7) NOT NULL,
    claimed_until datetimeoffset(7) NULL,
    claimed_by    nvarchar(200) NULL,
    attempts      int NOT NULL CONSTRAINT df_outbox_attempts DEFAULT 0,
    last_error    nvarchar(2000) NULL,
    sent_at       datetimeoffset(7) NULL
);
CREATE INDEX ix_outbox_unsent ON outbox (sent_at, seq);
