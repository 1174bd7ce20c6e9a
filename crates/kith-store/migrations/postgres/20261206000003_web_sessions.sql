-- Signed-in browsers: each session is a random secret the browser keeps in a cookie; only its
-- SHA-256 is stored, so a copy of the database signs nobody in. Sessions expire and can be ended.
CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX web_sessions_owner ON web_sessions (owner_id, expires_at);

-- Failed sign-ins per client address, kept in the database so every server behind a load balancer
-- counts the same ones; a day's worth at most.
CREATE TABLE sign_in_failures (
    client TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_failures_client ON sign_in_failures (client, at);
