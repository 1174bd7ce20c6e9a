-- Job-search campaigns: the outreach template and the contacts it goes to, each with its stage on
-- the board and, once sent, the Message-ID that replies will point back to.
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_on TEXT NOT NULL
);
CREATE INDEX campaigns_owner ON campaigns (owner_id, id);

CREATE TABLE campaign_contacts (
    owner_id INTEGER NOT NULL REFERENCES owners (id),
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    custom TEXT,
    stage TEXT NOT NULL DEFAULT 'drafted',
    message_id TEXT,
    interaction_id INTEGER REFERENCES interactions (id) ON DELETE SET NULL,
    PRIMARY KEY (campaign_id, contact_id)
);
-- Replies name the message they answer: found by its Message-ID.
CREATE UNIQUE INDEX campaign_contacts_message ON campaign_contacts (owner_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX campaign_contacts_contact ON campaign_contacts (contact_id);
