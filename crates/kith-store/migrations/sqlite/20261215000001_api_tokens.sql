-- Tokens for scripts and the command line against a server (`Authorization: Bearer …`): made by
-- kith, shown once, kept as SHA-256 hashes (a token is 256 random bits: a slow hash would add
-- nothing but time to every request). `scope` is `read` (GET only) or `write`. Revoking one deletes
-- it; `last_used_at` is written at most once a minute.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    UNIQUE (owner_id, name)
);
