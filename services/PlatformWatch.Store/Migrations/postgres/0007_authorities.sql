-- Multi-tier supervision: authorities in tiers, the routing table that gives each new case an
-- owner, and the access other authorities have to a case (referral, sharing).

-- An authority: a national regulator, its provincial bureaus, another department, a foreign
-- authority. path lists the ids from the top of its tree down ('/root/zj/hz/'), so "this
-- authority and those below it" is one prefix. The default authority (exactly one, at the top of
-- its tree) owns the cases no route matches.
CREATE TABLE authorities (
    authority_id  text PRIMARY KEY,
    name          text NOT NULL,
    parent_id     text NULL,
    path          text NOT NULL,
    is_default    boolean NOT NULL DEFAULT false,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX ix_authorities_path ON authorities (path);

-- The routing table: an authority's scope, as routes. A route matches a case when every list it
-- sets matches (JSON arrays of exact values or prefixes ending in '*'; an empty list matches
-- anything); the most specific matching route wins.
CREATE TABLE authority_routes (
    route_id       text PRIMARY KEY,
    authority_id   text NOT NULL,
    position       integer NOT NULL,
    jurisdictions  text NOT NULL,
    families       text NOT NULL,
    rules          text NOT NULL,
    markets        text NOT NULL,
    platforms      text NOT NULL
);
CREATE INDEX ix_authority_routes_authority ON authority_routes (authority_id, position);

-- Access to a case beyond its owner's tree: the authority that referred it away keeps reading it;
-- a case shared with a cooperating authority, to read or to comment, with or without the internal
-- comments. A revoked row is kept, with who revoked it and when.
CREATE TABLE case_access (
    access_id          text PRIMARY KEY,
    case_id            text NOT NULL,
    authority_id       text NOT NULL,
    kind               text NOT NULL CHECK (kind IN ('referred-from', 'share')),
    access             text NOT NULL CHECK (access IN ('read', 'comment')),
    withhold_internal  boolean NOT NULL,
    reason             text NOT NULL,
    granted_at         timestamptz NOT NULL,
    granted_by         text NOT NULL,
    revoked_at         timestamptz NULL,
    revoked_by         text NULL
);
CREATE INDEX ix_case_access_authority ON case_access (authority_id, revoked_at);
CREATE INDEX ix_case_access_case ON case_access (case_id);

-- Until authorities are set up, one authority owns everything and every regulator key is its own.
INSERT INTO authorities (authority_id, name, parent_id, path, is_default, updated_at)
VALUES ('root', 'Supervisory authority', NULL, '/root/', true, '2026-01-01T00:00:00Z');

ALTER TABLE cases ADD COLUMN owner_authority_id text NOT NULL DEFAULT 'root';
CREATE INDEX ix_cases_owner ON cases (owner_authority_id, status);
-- What the case was routed by (JSON: jurisdictions, family, rule, market, platform), to route it again.
ALTER TABLE cases ADD COLUMN routing_subject text NULL;

-- The authority of a comment's author (null: before authorities, or the command line), so a
-- cooperating authority sees its own internal comments when the others are withheld from it.
ALTER TABLE case_comments ADD COLUMN author_authority text NULL;
ALTER TABLE api_keys ADD COLUMN authority_id text NULL;
UPDATE api_keys SET authority_id = 'root' WHERE role <> 'platform';
