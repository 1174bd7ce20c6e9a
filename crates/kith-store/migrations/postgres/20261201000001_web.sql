-- What the web app needs beside the network itself.

-- Bumped by every write, in the same transaction: a report cached for one version is stale as soon
-- as anything changes, whichever process (CLI or server) made the change. The row lock also orders
-- the versions of concurrent writers by commit.
ALTER TABLE owners ADD COLUMN data_version BIGINT NOT NULL DEFAULT 0;

-- Small per-owner values: the calendar feed's secret, and later the digest's last sent week.
CREATE TABLE owner_settings (
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (owner_id, name)
);

-- An uploaded import file waiting for the user to confirm it after the dry-run preview. Kept in the
-- database, not in a server's memory, so any server behind a load balancer can finish the import.
CREATE TABLE import_drafts (
    id BIGSERIAL PRIMARY KEY,
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    token TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    options TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX import_drafts_owner ON import_drafts (owner_id, created_at);
