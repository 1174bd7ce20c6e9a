-- kith's schema for SQLite. Every table carries the owner, so one schema serves one user here and
-- many on PostgreSQL. Dates the user typed are ISO text (YYYY-MM-DD); timestamps are UTC.

CREATE TABLE owners (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
INSERT INTO owners (id, name, created_at) VALUES (1, 'local', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    UNIQUE (owner_id, name_key)
);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    uid TEXT NOT NULL,
    etag TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    org_id INTEGER REFERENCES organizations (id),
    title TEXT,
    location TEXT,
    circle TEXT NOT NULL,
    custom_cadence_days INTEGER,
    met_at TEXT,
    met_on TEXT,
    linkedin TEXT,
    website TEXT,
    birthday TEXT,
    notes TEXT,
    important INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    added_on TEXT NOT NULL,
    snoozed_until TEXT,
    search_text TEXT NOT NULL DEFAULT '',
    -- Derived from the contact's interactions by kith-core's warmth model; kept up to date by the
    -- store in the same transaction as every change that affects them.
    last_touch_on TEXT,
    warmth_mass REAL,
    touch_count INTEGER NOT NULL DEFAULT 0,
    due_at REAL NOT NULL,
    due_on TEXT,
    lost_on TEXT,
    UNIQUE (owner_id, uid)
);
CREATE INDEX contacts_name ON contacts (owner_id, name_key);
CREATE INDEX contacts_list ON contacts (owner_id, name, id);
CREATE INDEX contacts_due ON contacts (owner_id, due_on) WHERE due_on IS NOT NULL;
CREATE INDEX contacts_org ON contacts (org_id);

CREATE VIRTUAL TABLE contacts_fts USING fts5 (search_text, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE contact_emails (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (contact_id, email_key)
) WITHOUT ROWID;
CREATE UNIQUE INDEX contact_emails_key ON contact_emails (owner_id, email_key);

CREATE TABLE contact_phones (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    phone TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (contact_id, phone)
) WITHOUT ROWID;

CREATE TABLE contact_tags (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    tag_key TEXT NOT NULL,
    PRIMARY KEY (contact_id, tag_key)
) WITHOUT ROWID;
CREATE INDEX contact_tags_key ON contact_tags (owner_id, tag_key, contact_id);

CREATE TABLE memberships (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organizations (id),
    role TEXT NOT NULL,
    since TEXT,
    until TEXT,
    PRIMARY KEY (contact_id, org_id, role)
) WITHOUT ROWID;
CREATE INDEX memberships_org ON memberships (org_id, contact_id);

CREATE TABLE interactions (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    kind TEXT NOT NULL,
    on_date TEXT NOT NULL,
    minutes INTEGER,
    note TEXT,
    gave TEXT,
    got TEXT,
    they_initiated INTEGER NOT NULL DEFAULT 0,
    weight REAL NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX interactions_on ON interactions (owner_id, on_date);

CREATE TABLE interaction_contacts (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    interaction_id INTEGER NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX interaction_contacts_contact ON interaction_contacts (contact_id, interaction_id);

CREATE TABLE followups (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    due_on TEXT NOT NULL,
    note TEXT,
    created_on TEXT NOT NULL,
    done_on TEXT
);
CREATE INDEX followups_due ON followups (owner_id, due_on);
CREATE INDEX followups_contact ON followups (contact_id);

CREATE TABLE changes (
    seq INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    uid TEXT,
    op TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX changes_owner ON changes (owner_id, seq);
