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
    subscription_id text PRIMARY KEY,
    owner_kind      text NOT NULL CHECK (owner_kind IN ('platform', 'regulator', 'authority')),
    owner_id        text NOT NULL,
    authority_id    text NULL,
    channel         text NOT NULL CHECK (channel IN ('webhook', 'email')),
    target          text NOT NULL,
    secret          text NULL,
    previous_secret text NULL,
    previous_until  timestamptz NULL,
    kinds           text NOT NULL,
    min_severity    text NOT NULL,
    lead_days       text NOT NULL,
    language        text NOT NULL,
    created_at      timestamptz NOT NULL,
    created_by      text NOT NULL,
    disabled_at     timestamptz NULL
);
CREATE INDEX ix_subscriptions_owner ON subscriptions (owner_kind, owner_id);
ALTER TABLE outbox ADD COLUMN fanned_out_at timestamptz NULL;
UPDATE outbox SET fanned_out_at = created_at;
CREATE INDEX ix_outbox_fan_out ON outbox (seq) WHERE fanned_out_at IS NULL;
CREATE TABLE notification_deliveries (
    delivery_id      text PRIMARY KEY,
    subscription_id  text NOT NULL,
    message_id       text NOT NULL,
    kind             text NOT NULL,
    payload          text NOT NULL,
    status           text NOT NULL CHECK (status IN ('pending', 'sent', 'parked')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    first_attempt_at timestamptz NULL,
    last_status      integer NULL,
    last_error       text NULL,
    created_at       timestamptz NOT NULL,
    sent_at          timestamptz NULL,
    parked_at        timestamptz NULL
);
CREATE INDEX ix_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX ix_deliveries_subscription ON notification_deliveries (subscription_id, created_at);
CREATE TABLE leases (
    name       text PRIMARY KEY,
    holder     text NULL,
    held_until timestamptz NULL
);
INSERT INTO leases (name) VALUES ('reminders');
