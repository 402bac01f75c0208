-- The public register (issue 18, item 5): a served decision is published, in a redacted form worked
-- out from the decision, its findings and the profiles in force, from the moment it is served (the
-- register reads the served decisions; nothing is copied). An admin of the owning authority may
-- withhold or withdraw a publication with a reason: one row here per decision taken off the register
-- (for good: a served decision is never changed, nor is this row); the step is also an entry of the
-- case's audit trail.
CREATE TABLE register_removals (
    decision_id text PRIMARY KEY,
    case_id     text NOT NULL,
    removal     text NOT NULL CHECK (removal IN ('withheld', 'withdrawn')),
    reason      text NOT NULL,
    removed_by  text NOT NULL,
    removed_at  timestamptz NOT NULL
);
