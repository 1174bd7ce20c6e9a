//! What an import hands the store, and what the store reports back.
//!
//! Readers in kith-formats turn files into records; the binary turns those into an [`ImportBatch`];
//! [`crate::Store::import`] matches every contact against the network (e-mail, LinkedIn profile,
//! phone, exact name), merges duplicates instead of doubling them, records touches once however often
//! the same mailbox or calendar is imported, and does all of it in one transaction.

use chrono::NaiveDate;
use kith_core::{Circle, InteractionKind, NewContact, merge::Conflict, merge::MatchedBy};
use serde::{Deserialize, Serialize};

/// A contact read from a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportContact {
    /// Where the record starts in the file (reported with merges).
    pub line: usize,
    pub contact: NewContact,
    /// vCard properties kith does not model, kept to be written back on export.
    pub extra: Vec<String>,
    /// LinkedIn's connected-on date: a weak `social` touch that day, recorded once.
    pub connected_on: Option<NaiveDate>,
}

/// A touch found in mail or a calendar, matched to contacts by address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportTouch {
    pub line: usize,
    /// Recorded with the interaction: the same key is never imported twice.
    pub key: String,
    pub kind: InteractionKind,
    pub on: NaiveDate,
    pub minutes: Option<u32>,
    pub note: Option<String>,
    /// The sender or organizer (lower-case address).
    pub from: Option<String>,
    /// Everyone else on it (lower-case addresses).
    pub to: Vec<String>,
    /// Message-IDs a message answers (In-Reply-To, References): a reply to a campaign message moves
    /// its contact to `replied`.
    #[serde(default)]
    pub replies_to: Vec<String>,
}

/// Everything one import brings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportBatch {
    pub contacts: Vec<ImportContact>,
    pub touches: Vec<ImportTouch>,
    /// The number of LinkedIn connections the file lists, for career readiness.
    pub linkedin_connections: Option<u32>,
    /// The file says where each person works now (a LinkedIn export): a company that differs
    /// from kith's is a move (the old job kept as past, the move recorded), not a conflict.
    pub current_jobs: bool,
}

/// How to import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    pub today: NaiveDate,
    /// Run everything, report, and write nothing.
    pub dry_run: bool,
    /// The circle of contacts created by the import (the spec: dormant until the user sorts them).
    pub circle: Circle,
    /// The user's own addresses: never matched to a contact, and a message from one of them was
    /// initiated by the user.
    pub me: Vec<String>,
    /// Weight of the `social` touch a LinkedIn connection date gives, and of each touch kind.
    pub weights: kith_core::Weights,
}

/// A record that matched a contact kith already had (or an earlier record of the same file).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeNote {
    pub line: usize,
    /// The contact merged into; `None` when it is created by this import (a file listing someone twice).
    pub id: Option<i64>,
    pub name: String,
    pub matched_by: MatchedBy,
    /// Fields added to the contact.
    pub added: Vec<String>,
    /// Fields where the file disagreed: kith's value was kept.
    pub kept: Vec<Conflict>,
}

/// Someone the user corresponds with who is not a contact.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correspondent {
    pub address: String,
    pub messages: u64,
    pub last_on: NaiveDate,
}

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub created: u64,
    pub merged: u64,
    /// Interactions recorded (connection dates, messages, meetings).
    pub interactions: u64,
    /// Messages or events already imported before.
    pub duplicates: u64,
    /// Messages or events with no known contact on them.
    pub unmatched: u64,
    /// Messages or events dated after today, not recorded.
    pub future: u64,
    /// Ids of the contacts created, in file order.
    pub created_ids: Vec<i64>,
    pub merges: Vec<MergeNote>,
    /// People mailed or met most often who are not contacts, most frequent first (this import).
    pub unknown_correspondents: Vec<Correspondent>,
    /// Campaign messages found sent and replied to.
    pub campaign: crate::CampaignMail,
    /// Moves the file showed ("Ada Lovelace moved from Initech to Globex as Staff Engineer").
    #[serde(default)]
    pub job_changes: Vec<String>,
}
