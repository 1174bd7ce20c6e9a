-- What imports need: properties of a vCard that kith does not model (kept so an export gives them
-- back), the keys that make re-importing the same mailbox or calendar a no-op, and the user's own
-- career figures that imports update (the LinkedIn connection count).

CREATE TABLE contact_extras (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

CREATE TABLE interaction_sources (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    source_key TEXT NOT NULL,
    interaction_id INTEGER NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    PRIMARY KEY (owner_id, source_key)
) WITHOUT ROWID;
CREATE INDEX interaction_sources_interaction ON interaction_sources (interaction_id);

CREATE TABLE career (
    owner_id INTEGER PRIMARY KEY REFERENCES owners (id),
    linkedin_connections INTEGER,
    linkedin_connections_on TEXT
);

