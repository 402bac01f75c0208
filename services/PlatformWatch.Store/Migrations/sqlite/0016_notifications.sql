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
    subscription_id TEXT PRIMARY KEY,
    owner_kind      TEXT NOT NULL CHECK (owner_kind IN ('platform', 'regulator', 'authority')),
    owner_id        TEXT NOT NULL,
    authority_id    TEXT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('webhook', 'email')),
    target          TEXT NOT NULL,
    secret          TEXT NULL,
    previous_secret TEXT NULL,
    previous_until  TEXT NULL,
    kinds           TEXT NOT NULL,
    min_severity    TEXT NOT NULL,
    lead_days       TEXT NOT NULL,
    language        TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    disabled_at     TEXT NULL
);
CREATE INDEX ix_subscriptions_owner ON subscriptions (owner_kind, owner_id);
ALTER TABLE outbox ADD COLUMN fanned_out_at TEXT NULL;
UPDATE outbox SET fanned_out_at = created_at;
CREATE INDEX ix_outbox_fan_out ON outbox (fanned_out_at, seq);
CREATE TABLE notification_deliveries (
    delivery_id      TEXT PRIMARY KEY,
    subscription_id  TEXT NOT NULL,
    message_id       TEXT NOT NULL,
    kind             TEXT NOT NULL,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'parked')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    first_attempt_at TEXT NULL,
    last_status      INTEGER NULL,
    last_error       TEXT NULL,
    created_at       TEXT NOT NULL,
    sent_at          TEXT NULL,
    parked_at        TEXT NULL
);
CREATE INDEX ix_deliveries_due ON notification_deliveries (status, next_attempt_at);
CREATE INDEX ix_deliveries_subscription ON notification_deliveries (subscription_id, created_at);
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NULL,
    held_until TEXT NULL
);
INSERT INTO leases (name) VALUES ('reminders');
