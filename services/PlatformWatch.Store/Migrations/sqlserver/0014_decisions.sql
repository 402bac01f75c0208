-- Decisions (issue 18, item 2): a supervisor drafts the decision a case ends in, submits it, and a
-- second supervisor of the owning authority (never its author) returns it to draft or approves it;
-- approval serves it on the platform and closes the case with its outcome. content is the decision
-- as JSON text (findings it rests on, facts, legal basis, fine, confiscation, orders, reasons; money
-- as exact decimals). A case has at most one decision in work (draft or submitted) at a time; a
-- served decision is never changed; one discarded before it was served is kept, not deleted.
CREATE TABLE decisions (
    decision_id     nvarchar(64) NOT NULL PRIMARY KEY,
    case_id         nvarchar(200) NOT NULL,
    platform_id     nvarchar(200) NOT NULL,
    status          nvarchar(32) NOT NULL CHECK (status IN ('draft', 'submitted', 'served', 'discarded')),
    outcome         nvarchar(32) NOT NULL,
    content         nvarchar(max) NOT NULL,
    author          nvarchar(200) NOT NULL,
    created_at      datetimeoffset(7) NOT NULL,
    updated_at      datetimeoffset(7) NOT NULL,
    submitted_at    datetimeoffset(7) NULL,
    returned_reason nvarchar(max) NULL,
    approved_by     nvarchar(200) NULL,
    served_at       datetimeoffset(7) NULL
);
CREATE UNIQUE INDEX ux_decisions_in_work ON decisions (case_id) WHERE status IN (N'draft', N'submitted');
CREATE INDEX ix_decisions_case ON decisions (case_id, created_at);
CREATE INDEX ix_decisions_platform ON decisions (platform_id, status, served_at);
