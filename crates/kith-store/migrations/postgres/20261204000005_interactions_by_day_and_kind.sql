-- Habit goals count interactions and minutes per day and kind over years of history. With kind and
-- minutes in the (owner, day) index that count reads the index alone, already in group order,
-- instead of every interaction row.
DROP INDEX interactions_on;
CREATE INDEX interactions_on ON interactions (owner_id, on_date, kind, minutes);
