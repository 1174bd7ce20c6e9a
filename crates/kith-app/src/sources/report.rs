//! What one sync of one source did, for `kith sync`, the sources page and the API.

use kith_store::{CampaignMail, SourceBatchReport};
use serde::{Deserialize, Serialize};

/// The most skipped messages a report names one by one (the rest are counted).
pub const NAMED_SKIPS: usize = 20;

/// One sync of one source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SyncReport {
    pub source: String,
    /// `imap` or `ics`.
    pub kind: String,
    /// Messages or events read.
    pub seen: u64,
    /// Touches recorded.
    pub recorded: u64,
    /// Already recorded by an earlier sync or import.
    pub duplicates: u64,
    /// Mailing lists, automatic replies, no-reply senders, announcements, your own addresses.
    pub skipped_by_rule: u64,
    /// With nobody kith knows on them.
    pub unmatched: u64,
    /// Messages or events that could not be read (each named in `skipped`, up to 20).
    pub unreadable: u64,
    /// Dated after today and not recorded (mail dated later counts today; this stays 0 for it).
    pub future: u64,
    /// Addresses on the messages that belong to no contact.
    pub unknown_correspondents: u64,
    /// Campaign messages found sent and replied to.
    pub campaign: CampaignMail,
    pub folders: Vec<FolderReport>,
    /// Messages left out, with why.
    pub skipped: Vec<Skipped>,
    /// The calendar had not changed since the last sync.
    pub unchanged: bool,
    /// Why the sync stopped, in the server's own words and what to do; what was recorded before
    /// it stays recorded.
    pub error: Option<String>,
}

/// One folder's part of a sync.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FolderReport {
    pub folder: String,
    pub seen: u64,
    pub recorded: u64,
    /// The server renumbered the folder (a new UIDVALIDITY): it was read again from its start,
    /// without doubling anything.
    pub restarted: bool,
}

/// A message or event left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Skipped {
    /// `INBOX UID 42`, `line 120` of a calendar.
    pub place: String,
    pub reason: String,
}

impl SyncReport {
    pub fn new(source: &str, kind: &str) -> SyncReport {
        SyncReport { source: source.into(), kind: kind.into(), ..SyncReport::default() }
    }

    /// Adds what the store did with one batch.
    pub(crate) fn add_batch(&mut self, folder: &mut FolderReport, r: &SourceBatchReport) {
        self.recorded += r.recorded;
        folder.recorded += r.recorded;
        self.duplicates += r.duplicates;
        self.unmatched += r.unmatched;
        self.future += r.future;
        self.unknown_correspondents += r.strangers;
        self.campaign.sent += r.campaign.sent;
        self.campaign.replied += r.campaign.replied;
    }

    pub(crate) fn skip(&mut self, place: String, reason: String) {
        self.unreadable += 1;
        if self.skipped.len() < NAMED_SKIPS {
            self.skipped.push(Skipped { place, reason });
        }
    }
}
