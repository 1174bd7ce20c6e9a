-- Where people worked before. An organization change made by the user, an import or the phone
-- moves the old employer here with the day kith learned of the move (until); the current employer
-- stays the contact's org and its `employee` membership.
CREATE TABLE past_jobs (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organizations (id),
    title TEXT,
    since TEXT,
    until TEXT NOT NULL
);
CREATE INDEX past_jobs_contact ON past_jobs (contact_id);
CREATE INDEX past_jobs_org ON past_jobs (org_id, contact_id);

-- Moves kith noticed ("Ada moved from Initech to Globex as Staff Engineer"): network news, and a
-- reason to congratulate in the plan. Names, not ids: the news reads as it happened.
CREATE TABLE job_changes (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    from_org TEXT NOT NULL,
    to_org TEXT NOT NULL,
    title TEXT,
    noticed_on TEXT NOT NULL
);
CREATE INDEX job_changes_contact ON job_changes (contact_id);
CREATE INDEX job_changes_noticed ON job_changes (owner_id, noticed_on);
