-- The contact list walks this index in name order and applies its filters (archived, circle,
-- status) from the index alone, reading the table only for the rows it shows: a page of cooling
-- contacts of 20,000 read ~870 table rows to find 51 (2.0 ms), now 51 (0.45 ms).
CREATE INDEX contacts_list_filtered ON contacts (
    owner_id, name, id, archived, circle, last_touch_on, due_at, custom_cadence_days, warmth_mass
);
DROP INDEX contacts_list;
