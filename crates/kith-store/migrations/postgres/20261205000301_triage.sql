-- Imported contacts start in the dormant circle until the user sorts them. `circle_chosen` says the
-- user picked a contact's circle (by hand, on an edit, or in the triage); dormant contacts nobody
-- chose for are the ones the triage offers. Contacts already stored count as not chosen, so every
-- dormant contact is offered once; keeping one dormant takes it off the list.
ALTER TABLE contacts ADD COLUMN circle_chosen BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX contacts_unsorted ON contacts (owner_id) WHERE circle = 'dormant' AND circle_chosen = FALSE AND archived = FALSE;
