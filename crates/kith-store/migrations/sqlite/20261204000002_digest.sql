-- The weekly digest's sends: one row per owner and ISO week, inserted before the mail goes out.
-- The primary key makes the insert a claim: of two servers (or a restart) ticking in the same week,
-- only the one whose insert lands sends. A failed send deletes its row so a later tick retries.
CREATE TABLE digest_sends (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    iso_year INTEGER NOT NULL,
    iso_week INTEGER NOT NULL,
    claimed_at TEXT NOT NULL,
    PRIMARY KEY (owner_id, iso_year, iso_week)
);
