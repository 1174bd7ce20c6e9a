-- What imports need: properties of a vCard that kith does not model (kept so an export gives them
-- back), the keys that make re-importing the same mailbox or calendar a no-op, and the user's own
-- career figures that imports update (the LinkedIn connection count).

CREATE TABLE contact_extras (
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
);

CREATE TABLE interaction_sources (
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    source_key TEXT COLLATE "C" NOT NULL,
    interaction_id BIGINT NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    PRIMARY KEY (owner_id, source_key)
);
CREATE INDEX interaction_sources_interaction ON interaction_sources (interaction_id);

CREATE TABLE career (
    owner_id BIGINT PRIMARY KEY REFERENCES owners (id),
    linkedin_connections BIGINT,
    linkedin_connections_on DATE
);

