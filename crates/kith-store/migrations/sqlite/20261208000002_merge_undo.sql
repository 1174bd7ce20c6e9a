-- The last merge of each owner, kept so it can be undone: what the kept contact was, the contact
-- merged away, and which rows moved. Replaced by the next merge, removed by the undo; an undo is
-- refused once the kept contact has changed (its etag after the merge is kept here).
CREATE TABLE merge_undo (
    owner_id BIGINT PRIMARY KEY REFERENCES owners (id),
    kept_id BIGINT NOT NULL,
    kept_etag TEXT NOT NULL,
    record TEXT NOT NULL,
    merged_at TEXT NOT NULL
);
