-- Decisions (issue 18, item 2): a supervisor drafts the decision a case ends in, submits it, and a
-- second supervisor of the owning authority (never its author) returns it to draft or approves it;
-- approval serves it on the platform and closes the case with its outcome. content is the decision
-- as JSON text (findings it rests on, facts, legal basis, fine, confiscation, orders, reasons; money
-- as exact decimals). A case has at most one decision in work (draft or submitted) at a time; a
-- served decision is never changed; one discarded before it was served is kept, not deleted.
CREATE TABLE decisions (
    decision_id     text PRIMARY KEY,
    case_id         text NOT NULL,
    platform_id     text NOT NULL,
    status          text NOT NULL CHECK (status IN ('draft', 'submitted', 'served', 'discarded')),
    outcome         text NOT NULL,
    content         text NOT NULL,
    author          text NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    submitted_at    timestamptz NULL,
    returned_reason text NULL,
    approved_by     text NULL,
    served_at       timestamptz NULL
);
CREATE UNIQUE INDEX ux_decisions_in_work ON decisions (case_id) WHERE status IN ('draft', 'submitted');
CREATE INDEX ix_decisions_case ON decisions (case_id, created_at);
CREATE INDEX ix_decisions_platform ON decisions (platform_id, status, served_at);
