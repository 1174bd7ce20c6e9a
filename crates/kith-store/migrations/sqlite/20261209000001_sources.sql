-- Mailboxes (IMAP) and calendars (iCalendar addresses) kith follows for touches. `config` is the
-- source's settings as JSON (no secret in it); `secret` its password encrypted with a key kept
-- outside the database (absent when the password comes from an environment variable); `state`
-- where the last sync stopped (per folder: UIDVALIDITY and last UID; for a calendar: ETag and
-- Last-Modified), written in the transaction of the touches it covers. `lease_*` lets one server
-- at a time sync a source; `next_at` is when the next sync is due (later after failures).
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    config TEXT NOT NULL,
    secret BLOB,
    paused INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT '{}',
    last_ok_at TEXT,
    last_error TEXT,
    last_error_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_at TEXT,
    last_report TEXT,
    lease_holder TEXT,
    lease_until TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (owner_id, name)
);

-- People on a source's messages or events who are not (yet) contacts: how often the user wrote
-- to them and met them, per folder, so a folder read again from the start counts them afresh.
CREATE TABLE source_people (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    folder TEXT NOT NULL,
    address TEXT NOT NULL,
    name TEXT,
    written INTEGER NOT NULL DEFAULT 0,
    met INTEGER NOT NULL DEFAULT 0,
    last_on TEXT NOT NULL,
    PRIMARY KEY (owner_id, source_id, folder, address)
) WITHOUT ROWID;
CREATE INDEX source_people_address ON source_people (owner_id, address);

-- Suggestions the user turned down: never suggested again.
CREATE TABLE dismissed_people (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    address TEXT NOT NULL,
    dismissed_at TEXT NOT NULL,
    PRIMARY KEY (owner_id, address)
) WITHOUT ROWID;
