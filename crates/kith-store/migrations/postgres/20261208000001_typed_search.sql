-- Search reaches everything the user typed: the notes and favors of touches, the titles and notes
-- of events, the notes of follow-ups. Each row keeps its text folded by kith (`text::fold`, the
-- same words on both backends) and a GIN index over it, partial: rows without text (most imported
-- mail, many touches) are not indexed. Rows written before this migration are folded once when
-- kith opens the database (`typed_search_pending`, filled in Rust: SQL cannot fold as kith does).
ALTER TABLE interactions ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE followups ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

CREATE INDEX interactions_search ON interactions USING GIN (to_tsvector('simple', search_text)) WHERE search_text <> '';
CREATE INDEX events_search ON events USING GIN (to_tsvector('simple', search_text)) WHERE search_text <> '';
CREATE INDEX followups_search ON followups USING GIN (to_tsvector('simple', search_text)) WHERE search_text <> '';

INSERT INTO owner_settings (owner_id, name, value) SELECT id, 'typed_search_pending', 'yes' FROM owners;
