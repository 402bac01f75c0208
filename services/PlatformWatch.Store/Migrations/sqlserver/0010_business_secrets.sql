-- A platform may mark its answer to a notice as a business secret: the owning authority's
-- regulators see it with the mark, an authority reading the case through a grant does not see it.
-- (Report sections carry their mark in the report itself: businessSecretSections.)
ALTER TABLE notice_responses ADD business_secret bit NOT NULL CONSTRAINT df_notice_responses_business_secret DEFAULT 0;
