-- On SQLite this migration makes the change log's seq AUTOINCREMENT, so a seq (a sync token) is
-- never handed out twice. PostgreSQL's identity column never reuses a value.
SELECT 1;
