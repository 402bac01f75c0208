-- The public register (issue 18, item 5): a served decision is published, in a redacted form worked
-- out from the decision, its findings and the profiles in force, from the moment it is served (the
-- register reads the served decisions; nothing is copied). An admin of the owning authority may
-- withhold or withdraw a publication with a reason: one row here per decision taken off the register
-- (for good: a served decision is never changed, nor is this row); the step is also an entry of the
-- case's audit trail.
CREATE TABLE register_removals (
    decision_id nvarchar(64) NOT NULL PRIMARY KEY,
    case_id     nvarchar(200) NOT NULL,
    removal     nvarchar(32) NOT NULL CHECK (removal IN (N'withheld', N'withdrawn')),
    reason      nvarchar(max) NOT NULL,
    removed_by  nvarchar(200) NOT NULL,
    removed_at  datetimeoffset(7) NOT NULL
);
