-- The names address-book apps gave the cards they created, when not `{uid}.vcf` (iOS and others
-- name new cards themselves). Keyed by uid with no foreign key to contacts: once a contact is
-- deleted, sync-collection still answers its card's name as gone.
CREATE TABLE card_names (
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    uid TEXT NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (owner_id, uid),
    UNIQUE (owner_id, name)
);
