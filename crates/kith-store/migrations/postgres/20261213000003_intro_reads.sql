-- The introduction finder reads the ties of thousands of people at a big organization from their
-- `b` side too: the index carries the tie itself, so the read can be index-only.
DROP INDEX ties_b;
CREATE INDEX ties_b ON ties (b, a) INCLUDE (owner_id, touches, mails, events, last_on, strength);
