-- Deleting a contact deletes it: the full-text index removes a deleted row's terms from its own
-- pages instead of leaving them until a merge (FTS5's secure-delete option, kept in the table's
-- configuration). The database itself runs with PRAGMA secure_delete, set on every connection.
INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('secure-delete', 1);
