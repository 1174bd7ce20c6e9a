-- The days on which a touch revived a lost relationship (kith-core's `habit::revival_days`), kept
-- per contact and replaced with its derived warmth columns, so the habit goals count reconnections
-- per day with one indexed aggregate instead of replaying every touch.
CREATE TABLE reconnections (
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    on_date DATE NOT NULL,
    PRIMARY KEY (contact_id, on_date)
);
CREATE INDEX reconnections_on ON reconnections (owner_id, on_date);

-- The rule is kith-core's, in Rust: existing networks are filled the next time kith opens them.
-- This marks every owner's days as not computed yet; the fill removes the mark in its transaction.
INSERT INTO owner_settings (owner_id, name, value) SELECT id, 'reconnections_pending', 'yes' FROM owners;
