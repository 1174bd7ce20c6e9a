-- Warmth model v2 and the plan built on it (see kith-core's `warmth`, `due`, `reconnect`, `dates`).
--
-- Derived per contact, by kith-core, in the transaction of every change (like last_touch_on, mass,
-- due_at): the tie's strength on the day of the latest touch, the day on which that strength is 1
-- (ranking by it needs neither today nor the history), and the cadence in force for contacts that
-- can be due (NULL for the others), which ranks the due list first.
ALTER TABLE contacts ADD COLUMN strength_mass DOUBLE PRECISION;
ALTER TABLE contacts ADD COLUMN strength_day DOUBLE PRECISION;
ALTER TABLE contacts ADD COLUMN cadence_days BIGINT;

-- The whole due list reads every due contact's brief from one index, strength included.
DROP INDEX contacts_due;
CREATE INDEX contacts_due ON contacts (owner_id, due_on) INCLUDE (
    lost_on, snoozed_until, name, org_id, circle, custom_cadence_days, important, archived, added_on,
    last_touch_on, warmth_mass, strength_mass
) WHERE due_on IS NOT NULL;

-- The top of the due list: cadence first, then each cadence's contacts sorted by the rest of the
-- ranking, so `due --limit 20` and the plan stop after the first cadences instead of ranking everyone.
CREATE INDEX contacts_due_rank ON contacts (
    owner_id, cadence_days, due_on, lost_on, snoozed_until, due_at, important, strength_day, last_touch_on,
    warmth_mass
) WHERE due_on IS NOT NULL;

-- The reconnect pool, strongest tie first: the lost among contacts that can be due.
CREATE INDEX contacts_strength ON contacts (owner_id, strength_day, lost_on, snoozed_until) WHERE due_on IS NOT NULL;
-- … and the imports nobody sorted yet with some history (the rest of the pool's rule is checked per row).
CREATE INDEX contacts_unsorted_pool ON contacts (owner_id, strength_day)
    WHERE circle = 'dormant' AND circle_chosen = FALSE AND archived = FALSE AND touch_count >= 3;

-- This week's birthdays: by month and day, whatever the year (`YYYY-MM-DD` or `--MM-DD`).
CREATE INDEX contacts_birthday ON contacts (owner_id, right(birthday, 5)) WHERE birthday IS NOT NULL AND archived = FALSE;

-- Whom the plan offered to reconnect with, per week: someone offered and not contacted is not
-- offered again for eight weeks.
CREATE TABLE reconnect_offers (
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    week_of DATE NOT NULL,
    contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (owner_id, week_of, contact_id)
);
CREATE INDEX reconnect_offers_contact ON reconnect_offers (contact_id);

-- A favor (something given or received) belongs to one person of a touch, never to all of them.
-- Favors logged before this column existed belong to the person on the touch added to kith first.
ALTER TABLE interactions ADD COLUMN favor_contact_id BIGINT REFERENCES contacts (id) ON DELETE SET NULL;
UPDATE interactions SET favor_contact_id = (
    SELECT MIN(ic.contact_id) FROM interaction_contacts ic WHERE ic.interaction_id = interactions.id
) WHERE gave IS NOT NULL OR got IS NOT NULL;
CREATE INDEX interactions_favor ON interactions (favor_contact_id) WHERE favor_contact_id IS NOT NULL;

-- How many people each interaction touched (one touch per person), kept when it is written (its
-- people never change): the week's touches and the goals' touches per day are then counted from the
-- date index alone, without joining every interaction of the period to its people.
ALTER TABLE interactions ADD COLUMN people BIGINT NOT NULL DEFAULT 1;
UPDATE interactions SET people = t.n FROM (
    SELECT interaction_id, COUNT(*) AS n FROM interaction_contacts GROUP BY interaction_id HAVING COUNT(*) <> 1
) AS t WHERE interactions.id = t.interaction_id;
DROP INDEX interactions_on;
CREATE INDEX interactions_on ON interactions (owner_id, on_date, kind, minutes, people);

-- The derived columns are kith-core's arithmetic, in Rust: every owner's contacts are recomputed the
-- next time kith opens the database, once, in one transaction that removes this mark.
INSERT INTO owner_settings (owner_id, name, value) SELECT id, 'warmth_v2_pending', 'yes' FROM owners;
