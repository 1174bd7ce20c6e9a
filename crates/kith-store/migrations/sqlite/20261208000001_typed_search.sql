-- Search reaches everything the user typed: the notes and favors of touches, the titles and notes
-- of events, the notes of follow-ups. Each row keeps its text folded by kith (`text::fold`, the
-- same words on both backends), and a full-text index over that column follows it by triggers,
-- so every writer (a single touch, an import, a restore) keeps the index true by writing the row.
-- Rows written before this migration are folded once when kith opens the database
-- (`typed_search_pending`, filled in Rust: SQL cannot fold as kith does).
ALTER TABLE interactions ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE followups ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

CREATE VIRTUAL TABLE interactions_fts USING fts5 (
    search_text, content = 'interactions', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE events_fts USING fts5 (
    search_text, content = 'events', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE followups_fts USING fts5 (
    search_text, content = 'followups', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
-- A deleted or rewritten note leaves no terms behind in the index's pages.
INSERT INTO interactions_fts (interactions_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO events_fts (events_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO followups_fts (followups_fts, rank) VALUES ('secure-delete', 1);

-- Rows without text (most imported mail has only a subject, many touches nothing) stay out of the
-- index: the triggers skip them, and removal skips what was never added.
CREATE TRIGGER interactions_fts_insert AFTER INSERT ON interactions WHEN new.search_text <> '' BEGIN
    INSERT INTO interactions_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER interactions_fts_delete AFTER DELETE ON interactions WHEN old.search_text <> '' BEGIN
    INSERT INTO interactions_fts (interactions_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER interactions_fts_update AFTER UPDATE OF search_text ON interactions
WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT INTO interactions_fts (interactions_fts, rowid, search_text)
        SELECT 'delete', old.id, old.search_text WHERE old.search_text <> '';
    INSERT INTO interactions_fts (rowid, search_text) SELECT new.id, new.search_text WHERE new.search_text <> '';
END;

CREATE TRIGGER events_fts_insert AFTER INSERT ON events WHEN new.search_text <> '' BEGIN
    INSERT INTO events_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events WHEN old.search_text <> '' BEGIN
    INSERT INTO events_fts (events_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF search_text ON events
WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT INTO events_fts (events_fts, rowid, search_text)
        SELECT 'delete', old.id, old.search_text WHERE old.search_text <> '';
    INSERT INTO events_fts (rowid, search_text) SELECT new.id, new.search_text WHERE new.search_text <> '';
END;

CREATE TRIGGER followups_fts_insert AFTER INSERT ON followups WHEN new.search_text <> '' BEGIN
    INSERT INTO followups_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER followups_fts_delete AFTER DELETE ON followups WHEN old.search_text <> '' BEGIN
    INSERT INTO followups_fts (followups_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER followups_fts_update AFTER UPDATE OF search_text ON followups
WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT INTO followups_fts (followups_fts, rowid, search_text)
        SELECT 'delete', old.id, old.search_text WHERE old.search_text <> '';
    INSERT INTO followups_fts (rowid, search_text) SELECT new.id, new.search_text WHERE new.search_text <> '';
END;

INSERT INTO owner_settings (owner_id, name, value) SELECT id, 'typed_search_pending', 'yes' FROM owners;
