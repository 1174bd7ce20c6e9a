-- Ties kith infers between two contacts (a < b) from what they shared: touches the user had with
-- both, mail threads both were on, events both attended. Kept up to date in the transaction that
-- writes the evidence, so the introduction finder reads them and never the history.
CREATE TABLE ties (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    a INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    touches INTEGER NOT NULL,
    mails INTEGER NOT NULL,
    events INTEGER NOT NULL,
    last_on TEXT NOT NULL,
    strength REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX ties_b ON ties (b, a);

-- Every database already written is inferred once, when kith next opens it.
INSERT INTO owner_settings (owner_id, name, value) SELECT id, 'ties_pending', 'yes' FROM owners;
