-- On SQLite this migration sets the full-text index's secure-delete option. PostgreSQL keeps the
-- search text in the contact's row, and reclaims deleted rows with VACUUM (autovacuum by default).
SELECT 1;
