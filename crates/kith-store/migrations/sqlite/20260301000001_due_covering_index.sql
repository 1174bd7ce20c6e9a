-- The due list reads every contact due by a date. With only (owner_id, due_on) in the index, each of
-- those rows cost a lookup in the wide contacts table (names, notes, search text); carrying the
-- columns the due list needs in the index makes "who is due" one range scan of the index alone.
DROP INDEX contacts_due;
CREATE INDEX contacts_due ON contacts (
    owner_id, due_on, lost_on, snoozed_until, name, org_id, circle, custom_cadence_days, important, archived,
    added_on, last_touch_on, warmth_mass
) WHERE due_on IS NOT NULL;
