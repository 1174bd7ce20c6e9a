-- A sync token is a change's seq, so a seq must never be handed out twice. As a plain INTEGER
-- PRIMARY KEY, SQLite reuses the largest seq once that row is gone: deleting a contact forgets its
-- changes and logs one `delete`, which could then take a seq at or below a token a client already
-- holds, and that client would never hear of the deletion. AUTOINCREMENT never reuses one.
CREATE TABLE changes_new (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    uid TEXT,
    op TEXT NOT NULL,
    at TEXT NOT NULL
);
INSERT INTO changes_new (seq, owner_id, entity, entity_id, uid, op, at)
    SELECT seq, owner_id, entity, entity_id, uid, op, at FROM changes;
DROP TABLE changes;
ALTER TABLE changes_new RENAME TO changes;
CREATE INDEX changes_owner ON changes (owner_id, seq);
-- A client may hold a token above today's largest seq (given out before its row was deleted):
-- the next seq starts far above any token handed out so far, so no client misses a change.
-- (An empty log gave out no token: a new database starts at 1.)
UPDATE sqlite_sequence SET seq = seq + 1000000000 WHERE name = 'changes' AND EXISTS (SELECT 1 FROM changes);
