-- Multi-tier supervision: authorities in tiers, the routing table that gives each new case an
-- owner, and the access other authorities have to a case (referral, sharing).

-- An authority: a national regulator, its provincial bureaus, another department, a foreign
-- authority. path lists the ids from the top of its tree down ('/root/zj/hz/'), so "this
-- authority and those below it" is one prefix. The default authority (exactly one, at the top of
-- its tree) owns the cases no route matches.
CREATE TABLE authorities (
    authority_id  nvarchar(64) NOT NULL PRIMARY KEY,
    name          nvarchar(200) NOT NULL,
    parent_id     nvarchar(64) NULL,
    path          nvarchar(900) NOT NULL,
    is_default    bit NOT NULL DEFAULT 0,
    updated_at    datetimeoffset(7) NOT NULL
);
CREATE INDEX ix_authorities_path ON authorities (path);

-- The routing table: an authority's scope, as routes. A route matches a case when every list it
-- sets matches (JSON arrays of exact values or prefixes ending in '*'; an empty list matches
-- anything); the most specific matching route wins.
CREATE TABLE authority_routes (
    route_id       nvarchar(80) NOT NULL PRIMARY KEY,
    authority_id   nvarchar(64) NOT NULL,
    position       int NOT NULL,
    jurisdictions  nvarchar(max) NOT NULL,
    families       nvarchar(max) NOT NULL,
    rules          nvarchar(max) NOT NULL,
    markets        nvarchar(max) NOT NULL,
    platforms      nvarchar(max) NOT NULL
);
CREATE INDEX ix_authority_routes_authority ON authority_routes (authority_id, position);

-- Access to a case beyond its owner's tree: the authority that referred it away keeps reading it;
-- a case shared with a cooperating authority, to read or to comment, with or without the internal
-- comments. A revoked row is kept, with who revoked it and when.
CREATE TABLE case_access (
    access_id          nvarchar(40) NOT NULL PRIMARY KEY,
    case_id            nvarchar(60) NOT NULL,
    authority_id       nvarchar(64) NOT NULL,
    kind               nvarchar(20) NOT NULL CONSTRAINT ck_case_access_kind CHECK (kind IN ('referred-from', 'share')),
    access             nvarchar(20) NOT NULL CONSTRAINT ck_case_access_access CHECK (access IN ('read', 'comment')),
    withhold_internal  bit NOT NULL,
    reason             nvarchar(2000) NOT NULL,
    granted_at         datetimeoffset(7) NOT NULL,
    granted_by         nvarchar(200) NOT NULL,
    revoked_at         datetimeoffset(7) NULL,
    revoked_by         nvarchar(200) NULL
);
CREATE INDEX ix_case_access_authority ON case_access (authority_id, revoked_at);
CREATE INDEX ix_case_access_case ON case_access (case_id);

-- Until authorities are set up, one authority owns everything and every regulator key is its own.
INSERT INTO authorities (authority_id, name, parent_id, path, is_default, updated_at)
VALUES ('root', 'Supervisory authority', NULL, '/root/', 1, '2026-01-01T00:00:00+00:00');

ALTER TABLE cases ADD owner_authority_id nvarchar(64) NOT NULL CONSTRAINT df_cases_owner DEFAULT 'root';
ALTER TABLE cases ADD routing_subject nvarchar(max) NULL;
-- The authority of a comment's author (null: before authorities, or the command line), so a
-- cooperating authority sees its own internal comments when the others are withheld from it.
ALTER TABLE case_comments ADD author_authority nvarchar(64) NULL;
ALTER TABLE api_keys ADD authority_id nvarchar(64) NULL;
GO
CREATE INDEX ix_cases_owner ON cases (owner_authority_id, status);
UPDATE api_keys SET authority_id = 'root' WHERE role <> 'platform';
