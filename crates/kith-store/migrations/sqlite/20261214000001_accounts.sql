-- Accounts on a shared server (`kith user add`): each signs in with an e-mail address and a
-- password and owns one owner's rows. The first account takes the owner kith had so far (the data
-- of single-user mode); each later one gets an owner of its own. The password is an argon2id PHC
-- string, made in kith-app; none until an invitation is taken up.
CREATE TABLE accounts (
    owner_id INTEGER PRIMARY KEY REFERENCES owners (id),
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    admin INTEGER NOT NULL DEFAULT 0,
    disabled_at TEXT,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

-- Owners whose account was deleted. Their rows are gone; their ids are never given again (a server
-- may still hold a report or a session of that id for a moment), and the local owner, once its
-- account is deleted, is not taken by the next account.
CREATE TABLE deleted_owners (
    id INTEGER PRIMARY KEY,
    deleted_at TEXT NOT NULL
);
