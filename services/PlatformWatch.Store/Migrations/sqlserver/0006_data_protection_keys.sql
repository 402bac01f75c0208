-- The key ring that protects the web UI's session cookies and anti-forgery tokens, shared by every
-- API instance so a session opened on one is honoured by all (no sticky sessions). One row per
-- key, its XML as ASP.NET Core Data Protection writes it; keys are added, never changed.
CREATE TABLE data_protection_keys (
    friendly_name  nvarchar(200) NOT NULL PRIMARY KEY,
    xml            nvarchar(max) NOT NULL,
    created_at     datetimeoffset(7) NOT NULL
);
