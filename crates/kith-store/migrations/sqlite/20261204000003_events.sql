-- Events: association meetings, seminars, classes, conferences. An event's people are touched by
-- one `event` interaction (`interaction_id`); the goals count the event in its place, so its
-- minutes count once however many people were there.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    on_date TEXT NOT NULL,
    org_id INTEGER REFERENCES organizations (id),
    minutes INTEGER,
    note TEXT,
    interaction_id INTEGER REFERENCES interactions (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX events_on ON events (owner_id, on_date);
CREATE INDEX events_org ON events (org_id, on_date);
CREATE INDEX events_interaction ON events (interaction_id) WHERE interaction_id IS NOT NULL;

-- Who was there; `met_here` marks the people met for the first time (created with the event).
CREATE TABLE event_people (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    met_here INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX event_people_contact ON event_people (contact_id, event_id);

-- The user's own roles at organizations (member, board, volunteer, …) with their dates.
CREATE TABLE own_memberships (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    org_id INTEGER NOT NULL REFERENCES organizations (id),
    role TEXT NOT NULL,
    since TEXT,
    until TEXT,
    PRIMARY KEY (owner_id, org_id, role)
) WITHOUT ROWID;
