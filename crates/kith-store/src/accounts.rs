//! Accounts on a shared server, as the store keeps them: an e-mail address, the owner whose rows
//! are theirs, an argon2id hash (made and checked in kith-app; the store never sees a password),
//! whether they administer the server, and whether they are disabled.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::OwnerId;

/// Every table that holds an owner's rows, children before the tables they refer to, so one
/// `DELETE … WHERE owner_id = $1` each removes an owner without breaking a foreign key. The
/// conformance suite compares this list with the tables the database holds: a new table that is not
/// here fails it.
pub const OWNED_TABLES: &[&str] = &[
    "campaign_contacts",
    "event_people",
    "interaction_contacts",
    "interaction_sources",
    "contact_emails",
    "contact_extras",
    "contact_phones",
    "contact_tags",
    "memberships",
    "past_jobs",
    "job_changes",
    "reconnect_offers",
    "reconnections",
    "relationships",
    "ties",
    "followups",
    "signals",
    "source_people",
    "events",
    "campaigns",
    "interactions",
    "contacts",
    "own_memberships",
    "organizations",
    "accomplishments",
    "api_tokens",
    "app_passwords",
    "card_names",
    "career",
    "digest_sends",
    "dismissed_people",
    "goals",
    "import_drafts",
    "merge_undo",
    "owner_settings",
    "sources",
    "web_sessions",
    "changes",
    "accounts",
];

/// An account. Its password hash is never serialized nor printed.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub owner: OwnerId,
    /// Lower case, unique on the server.
    pub email: String,
    pub admin: bool,
    /// When an admin disabled it; a disabled account cannot sign in and its sessions end.
    pub disabled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The argon2id PHC string; `None` until the invitation is taken up.
    #[serde(skip)]
    pub password_hash: Option<String>,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("owner", &self.owner)
            .field("email", &self.email)
            .field("admin", &self.admin)
            .field("disabled_at", &self.disabled_at)
            .field("created_at", &self.created_at)
            .field("password_hash", &self.password_hash.as_ref().map(|_| "(set)"))
            .finish()
    }
}

/// An account to make. Printed without its password hash.
#[derive(Clone, Copy)]
pub struct NewAccount<'a> {
    /// Checked and lower-cased by the caller (kith-app).
    pub email: &'a str,
    pub password_hash: Option<&'a str>,
    pub admin: bool,
}

impl std::fmt::Debug for NewAccount<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccount").field("email", &self.email).field("admin", &self.admin).finish_non_exhaustive()
    }
}

/// What deleting an account removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeletedAccount {
    pub email: String,
    /// Rows removed, the account's and its owner's included.
    pub rows: u64,
}
