-- Rule profile activations: each time a service (worker or API) puts a set of rule profiles in
-- force, at start or when the profile files changed, one row per profile of the set, with the
-- content hash of the profile and of the whole set, who activated it (the service's user and host)
-- and why. A set that failed validation is never activated and leaves no row.
CREATE TABLE profile_activations (
    activation_id  TEXT NOT NULL PRIMARY KEY,
    set_hash       TEXT NOT NULL,
    profile_id     TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    reason         TEXT NOT NULL,
    activated_by   TEXT NOT NULL,
    activated_at   TEXT NOT NULL
);
CREATE INDEX ix_profile_activations_at ON profile_activations (activated_at);
