-- Ties kith infers between two contacts (a < b) from what they shared: touches the user had with
-- both, mail threads both were on, events both attended. Kept up to date in the transaction that
-- writes the evidence, so the introduction finder reads them and never the history.
CREATE TABLE ties (
    owner_id BIGINT NOT NULL REFERENCES owners (id),
    a BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    b BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    touches BIGINT NOT NULL,
    mails BIGINT NOT NULL,
    events BIGINT NOT NULL,
    last_on DATE NOT NULL,
    strength DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX ties_b ON ties (b, a);

-- Every database already written is inferred once, when kith next opens it.
INSERT INTO owner_settings (owner_id, name, value) SELECT id, 'ties_pending', 'yes' FROM owners;
