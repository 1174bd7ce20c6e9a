//! Mailboxes and calendars kith follows, as the store keeps them: what each is (its settings as
//! JSON, read by kith-app), where its last sync stopped, how it went, and the people seen on it who
//! are not contacts. The store knows nothing of IMAP or iCalendar.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{CampaignMail, ImportTouch};

/// A source's id.
pub type SourceId = i64;

/// A source as the user adds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSource {
    /// Unique per owner: how the user names it on the command line.
    pub name: String,
    /// `imap` or `ics`.
    pub kind: String,
    /// Its settings as JSON (never a secret).
    pub config: String,
    /// Its password, encrypted with a key kept outside the database.
    pub secret: Option<Vec<u8>>,
}

/// A source as stored, with how its syncs went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: SourceId,
    pub name: String,
    pub kind: String,
    pub config: String,
    pub secret: Option<Vec<u8>>,
    pub paused: bool,
    /// Where the last sync stopped, as JSON (kith-app's to read).
    pub state: String,
    pub last_ok_at: Option<DateTime<Utc>>,
    /// The last failure in the server's own words, kept until a sync succeeds.
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    /// Failures in a row since the last good sync.
    pub failures: u32,
    /// When the next sync is due; `None`: at once.
    pub next_at: Option<DateTime<Utc>>,
    /// The last sync's report, as JSON.
    pub last_report: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// How a sync ended, written when its lease is given back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncEnd {
    pub at: DateTime<Utc>,
    /// `None`: it went well; else the error in the server's words.
    pub error: Option<String>,
    pub next_at: DateTime<Utc>,
    /// The report, as JSON.
    pub report: String,
}

/// Someone on a source's messages or events, counted for the suggestions: a batch's count, added
/// to what earlier batches counted.
pub type SeenPerson = Suggestion;

/// One transaction of a sync: the touches of one folder's next messages (or of a calendar), the
/// people seen on them, and where the sync stands after them.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceBatch {
    /// The folder (`""` for a calendar): people are counted per folder.
    pub folder: String,
    pub touches: Vec<ImportTouch>,
    pub people: Vec<SeenPerson>,
    /// The folder is being read from its start again: its people are counted afresh.
    pub restart_folder: bool,
    /// The source's state once this batch is in.
    pub state: String,
    /// The lease runs on to this moment: a long first sync keeps its source while it works.
    pub lease_until: DateTime<Utc>,
    pub today: NaiveDate,
    /// The user's own addresses.
    pub me: Vec<String>,
    pub weights: kith_core::Weights,
}

/// What one batch recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceBatchReport {
    /// Touches recorded.
    pub recorded: u64,
    /// Already recorded before (the same Message-ID or event occurrence).
    pub duplicates: u64,
    /// With nobody kith knows on them.
    pub unmatched: u64,
    /// Dated after today.
    pub future: u64,
    /// Addresses on the batch's messages that belong to no contact (and are not the user's).
    pub strangers: u64,
    pub campaign: CampaignMail,
}

/// Someone the user writes to or meets who is not a contact: a suggestion to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    /// Lower-cased.
    pub address: String,
    pub name: Option<String>,
    /// Messages the user sent them.
    pub written: u64,
    /// Calendar events the user had with them.
    pub met: u64,
    /// The day they were last seen on a message or event.
    pub last_on: NaiveDate,
}
