-- Relationships between contacts, read "from is kind to" and, from the other side, "to is
-- inverse from". One row per relationship; a merge may leave one between a contact and itself,
-- which is kept (an undone merge gives it back) and never shown.
CREATE TABLE relationships (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    from_contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    to_contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    inverse TEXT NOT NULL,
    note TEXT,
    since TEXT,
    until TEXT
);
CREATE INDEX relationships_from ON relationships (from_contact_id, kind);
CREATE INDEX relationships_to ON relationships (to_contact_id, kind);
