-- Multi-tier supervision: authorities in tiers, the routing table that gives each new case an
-- owner, and the access other authorities have to a case (referral, sharing).

-- An authority: a national regulator, its provincial bureaus, another department, a foreign
-- authority. path lists the ids from the top of its tree down ('/root/zj/hz/'), so "this
-- authority and those below it" is one prefix. The default authority (exactly one, at the top of
-- its tree) owns the cases no route matches.
CREATE TABLE authorities (
    authority_id  TEXT NOT NULL PRIMARY KEY,
    name          TEXT NOT NULL,
    parent_id     TEXT NULL,
    path          TEXT NOT NULL,
    is_default    INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL
);
CREATE INDEX ix_authorities_path ON authorities (path);

-- The routing table: an authority's scope, as routes. A route matches a case when every list it
-- sets matches (JSON arrays of exact values or prefixes ending in '*'; an empty list matches
-- anything); the most specific matching route wins.
CREATE TABLE authority_routes (
    route_id       TEXT NOT NULL PRIMARY KEY,
    authority_id   TEXT NOT NULL,
    position       INTEGER NOT NULL,
    jurisdictions  TEXT NOT NULL,
    families       TEXT NOT NULL,
    rules          TEXT NOT NULL,
    markets        TEXT NOT NULL,
    platforms      TEXT NOT NULL
);
CREATE INDEX ix_authority_routes_authority ON authority_routes (authority_id, position);

-- Access to a case beyond its owner's tree: the authority that referred it away keeps reading it;
-- a case shared with a cooperating authority, to read or to comment, with or without the internal
-- comments. A revoked row is kept, with who revoked it and when.
CREATE TABLE case_access (
    access_id          TEXT NOT NULL PRIMARY KEY,
    case_id            TEXT NOT NULL,
    authority_id       TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('referred-from', 'share')),
    access             TEXT NOT NULL CHECK (access IN ('read', 'comment')),
    withhold_internal  INTEGER NOT NULL,
    reason             TEXT NOT NULL,
    granted_at         TEXT NOT NULL,
    granted_by         TEXT NOT NULL,
    revoked_at         TEXT NULL,
    revoked_by         TEXT NULL
);
CREATE INDEX ix_case_access_authority ON case_access (authority_id, revoked_at);
CREATE INDEX ix_case_access_case ON case_access (case_id);

-- Until authorities are set up, one authority owns everything and every regulator key is its own.
INSERT INTO authorities (authority_id, name, parent_id, path, is_default, updated_at)
VALUES ('root', 'Supervisory authority', NULL, '/root/', 1, '2026-01-01T00:00:00.0000000+00:00');

ALTER TABLE cases ADD COLUMN owner_authority_id TEXT NOT NULL DEFAULT 'root';
CREATE INDEX ix_cases_owner ON cases (owner_authority_id, status);
-- What the case was routed by (JSON: jurisdictions, family, rule, market, platform), to route it again.
ALTER TABLE cases ADD COLUMN routing_subject TEXT NULL;

-- The authority of a comment's author (null: before authorities, or the command line), so a
-- cooperating authority sees its own internal comments when the others are withheld from it.
ALTER TABLE case_comments ADD COLUMN author_authority TEXT NULL;
ALTER TABLE api_keys ADD COLUMN authority_id TEXT NULL;
UPDATE api_keys SET authority_id = 'root' WHERE role <> 'platform';
