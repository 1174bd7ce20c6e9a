-- Habit goals: "lunch or coffee at least once a week". The measure is kith-core's key
-- (`lunch+coffee`, `touches`, `new-people`, `reconnections`, `events`, `minutes`). A new owner's
-- defaults are stored on the first read of the goals; `owner_settings.goals_seeded` records that,
-- so goals the user removed stay removed.
CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    measure TEXT NOT NULL,
    period TEXT NOT NULL,
    target INTEGER NOT NULL,
    UNIQUE (owner_id, measure, period)
);

-- Goals count new people by their met-on date.
CREATE INDEX contacts_met_on ON contacts (owner_id, met_on) WHERE met_on IS NOT NULL;
