-- Notifications (issue 20, docs/notifications.md). subscriptions: who wants which events, by which
-- channel: a platform (owner_kind 'platform', set by the platform itself), a regulator's credential
-- ('regulator', owner_id the actor's name: key:ID or oidc:SUBJECT) or an authority ('authority', set by
-- its administrators); authority_id: whose cases a regulator's or an authority's subscription hears of
-- (that authority's subtree and what is shared with it). kinds and lead_days are JSON arrays; secret signs a webhook's bodies (shown
-- once when made or rotated); after a rotation previous_secret signs beside it until previous_until.
-- notification_deliveries: one per subscription and outbox message, made by the fan-out in the
-- transaction that marks the message fanned out; delivery_id is derived from both (stable: every
-- attempt carries it), so a repeated fan-out adds nothing. next_attempt_at is both the back-off and
-- a sender's claim. Messages written before this migration are not fanned out. leases: work one
-- process at a time does (the reminder check), held by whoever took it until held_until.
CREATE TABLE subscriptions (
    subscription_id nvarchar(40) NOT NULL PRIMARY KEY,
    owner_kind      nvarchar(20) NOT NULL CHECK (owner_kind IN (N'platform', N'regulator', N'authority')),
    owner_id        nvarchar(200) NOT NULL,
    authority_id    nvarchar(200) NULL,
    channel         nvarchar(20) NOT NULL CHECK (channel IN (N'webhook', N'email')),
    target          nvarchar(2000) NOT NULL,
    secret          nvarchar(100) NULL,
    previous_secret nvarchar(100) NULL,
    previous_until  datetimeoffset(7) NULL,
    kinds           nvarchar(2000) NOT NULL,
    min_severity    nvarchar(20) NOT NULL,
    lead_days       nvarchar(200) NOT NULL,
    language        nvarchar(20) NOT NULL,
    created_at      datetimeoffset(7) NOT NULL,
    created_by      nvarchar(200) NOT NULL,
    disabled_at     datetimeoffset(7) NULL
);
CREATE INDEX ix_subscriptions_owner ON subscriptions (owner_kind, owner_id);
ALTER TABLE outbox ADD fanned_out_at datetimeoffset(7) NULL;
GO
UPDATE outbox SET fanned_out_at = created_at;
CREATE INDEX ix_outbox_fan_out ON outbox (fanned_out_at, seq);
CREATE TABLE notification_deliveries (
    delivery_id      nvarchar(36) NOT NULL PRIMARY KEY,
    subscription_id  nvarchar(40) NOT NULL,
    message_id       nvarchar(36) NOT NULL,
    kind             nvarchar(40) NOT NULL,
    payload          nvarchar(max) NOT NULL,
    status           nvarchar(20) NOT NULL CHECK (status IN (N'pending', N'sent', N'parked')),
    attempts         int NOT NULL CONSTRAINT df_deliveries_attempts DEFAULT 0,
    next_attempt_at  datetimeoffset(7) NOT NULL,
    first_attempt_at datetimeoffset(7) NULL,
    last_status      int NULL,
    last_error       nvarchar(2000) NULL,
    created_at       datetimeoffset(7) NOT NULL,
    sent_at          datetimeoffset(7) NULL,
    parked_at        datetimeoffset(7) NULL
);
CREATE INDEX ix_deliveries_due ON notification_deliveries (status, next_attempt_at);
CREATE INDEX ix_deliveries_subscription ON notification_deliveries (subscription_id, created_at);
CREATE TABLE leases (
    name       nvarchar(100) NOT NULL PRIMARY KEY,
    holder     nvarchar(200) NULL,
    held_until datetimeoffset(7) NULL
);
INSERT INTO leases (name) VALUES (N'reminders');
