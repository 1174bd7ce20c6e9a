-- Career readiness and market signals. The career row (one per owner) gains the dates the resume
-- and the LinkedIn profile were last updated and the connection target (NULL: the default, 500);
-- its connection count stays where LinkedIn imports already write it, so a count set by hand and a
-- later import share one column and the newest write wins.
ALTER TABLE career ADD COLUMN resume_updated_on DATE;
ALTER TABLE career ADD COLUMN linkedin_updated_on DATE;
ALTER TABLE career ADD COLUMN connections_target BIGINT;

CREATE TABLE accomplishments (
    id BIGSERIAL PRIMARY KEY,
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    title TEXT NOT NULL,
    on_date DATE NOT NULL,
    outcome TEXT,
    link TEXT
);
CREATE INDEX accomplishments_on ON accomplishments (owner_id, on_date);

-- News heard from the network about an organization or a field, never both.
CREATE TABLE signals (
    id BIGSERIAL PRIMARY KEY,
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    org_id BIGINT REFERENCES organizations (id),
    field TEXT,
    kind TEXT COLLATE "C" NOT NULL,
    on_date DATE NOT NULL,
    from_contact_id BIGINT REFERENCES contacts (id) ON DELETE SET NULL,
    note TEXT,
    CHECK ((org_id IS NULL) <> (field IS NULL))
);
CREATE INDEX signals_on ON signals (owner_id, on_date);
-- An organization's page and the campaign ranking's "hiring lately" read these.
CREATE INDEX signals_org ON signals (org_id, on_date);
CREATE INDEX signals_kind ON signals (owner_id, kind, on_date);
CREATE INDEX signals_from ON signals (from_contact_id);
