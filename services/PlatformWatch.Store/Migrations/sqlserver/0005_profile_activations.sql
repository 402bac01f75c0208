-- Rule profile activations: each time a service (worker or API) puts a set of rule profiles in
-- force, at start or when the profile files changed, one row per profile of the set, with the
-- content hash of the profile and of the whole set, who activated it (the service's user and host)
-- and why. A set that failed validation is never activated and leaves no row.
CREATE TABLE profile_activations (
    activation_id  nvarchar(40) NOT NULL PRIMARY KEY,
    set_hash       nvarchar(400) NOT NULL,
    profile_id     nvarchar(400) NOT NULL,
    content_hash   nvarchar(400) NOT NULL,
    reason         nvarchar(400) NOT NULL,
    activated_by   nvarchar(400) NOT NULL,
    activated_at   datetimeoffset(7) NOT NULL
);
CREATE INDEX ix_profile_activations_at ON profile_activations (activated_at);
