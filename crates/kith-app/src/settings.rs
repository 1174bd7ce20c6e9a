//! What the user can set, shared by the command line and the web app. The binary loads it from a
//! TOML file and `KITH_*` variables; everything here has a default so a first run needs no file.
//!
//! ```toml
//! plan_size = 5
//! me = ["me@example.org"]
//! week_starts = "monday"     # the first day of a goal's week (monday: ISO weeks)
//! phone_deletions = "archive"  # a card deleted in a phone's address book: "archive" or "delete"
//! [weights]
//! lunch = 1.0
//! social = 0.15
//! [smtp]                     # outgoing mail (see `mail`); the password best in KITH_SMTP_PASSWORD
//! host = "smtp.example.org"
//! username = "me@example.org"
//! [digest]                   # the weekly digest `kith serve` sends
//! enabled = true
//! weekday = "monday"
//! time = "08:00"
//! [sync]                     # the mailboxes and calendars `kith serve` follows (`kith source`)
//! every_minutes = 5
//! max_recipients = 20        # a message to more people is an announcement, not a touch
//! key_file = "/etc/kith/secret.key"   # encrypts their passwords; never inside the database
//! ```

use chrono::Weekday;
use kith_core::{ValidationError, Weights, plan::DEFAULT_PLAN_SIZE, schedule::WeeklySlot};
use serde::{Deserialize, Serialize};

use crate::mail::SmtpSettings;

/// The largest weekly plan kith builds.
pub const MAX_PLAN_SIZE: usize = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// How many people the weekly plan suggests.
    pub plan_size: usize,
    /// Weight of each interaction kind in the warmth sum.
    pub weights: Weights,
    /// Your own e-mail addresses: mail from them is yours, and they are never a contact.
    pub me: Vec<String>,
    /// The mail server kith sends through; none until `[smtp]` is configured.
    pub smtp: Option<SmtpSettings>,
    /// The weekly digest's schedule and recipient.
    pub digest: DigestSettings,
    /// The day habit goals' weeks start on: "monday" (ISO weeks, the default) … "sunday".
    pub week_starts: String,
    /// How the mailboxes and calendars kith follows are synced.
    pub sync: SyncSettings,
    /// What a card deleted in an address-book app (CardDAV) does to its contact.
    pub phone_deletions: PhoneDeletions,
}

/// What a card deleted in an address-book app does to its contact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PhoneDeletions {
    /// Archived: out of the address book, still in kith with its history (the default).
    #[default]
    Archive,
    /// Deleted for good, history and all.
    Delete,
}

impl PhoneDeletions {
    pub fn as_str(self) -> &'static str {
        match self {
            PhoneDeletions::Archive => "archive",
            PhoneDeletions::Delete => "delete",
        }
    }

    /// The value as typed; the error names the setting and says what it takes.
    pub fn parse(value: &str) -> Result<PhoneDeletions, ValidationError> {
        match value.trim().to_lowercase().as_str() {
            "archive" => Ok(PhoneDeletions::Archive),
            "delete" => Ok(PhoneDeletions::Delete),
            _ => Err(ValidationError::new(
                "phone_deletions",
                value,
                "must be archive (a card deleted on the phone archives its contact) or delete (deletes it for good)",
            )),
        }
    }
}

/// `[sync]`: how often `kith serve` syncs each source, what is an announcement, and where the key
/// that encrypts the sources' passwords lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SyncSettings {
    /// Minutes between two syncs of a source (IMAP IDLE brings new mail sooner).
    pub every_minutes: u32,
    /// A message to more people than this is not a touch.
    pub max_recipients: usize,
    /// The key file; `kith` picks one beside its configuration file when absent.
    pub key_file: Option<String>,
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings { every_minutes: 5, max_recipients: 20, key_file: None }
    }
}

impl SyncSettings {
    /// Checks the values; the error names the setting and the value.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if !(1..=1440).contains(&self.every_minutes) {
            return Err(ValidationError::new(
                "sync.every_minutes",
                self.every_minutes.to_string(),
                "must be from 1 to 1440 (a day)",
            ));
        }
        if self.max_recipients == 0 {
            return Err(ValidationError::new("sync.max_recipients", "0", "must be at least 1"));
        }
        Ok(())
    }
}

/// `[digest]`: whether `kith serve` sends the weekly digest, when (the server's local time) and to
/// whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DigestSettings {
    pub enabled: bool,
    /// "monday" … "sunday".
    pub weekday: String,
    /// "HH:MM", 24-hour, in the server's local time.
    pub time: String,
    /// The recipient; the first `me` address when absent.
    pub to: Option<String>,
}

impl Default for DigestSettings {
    fn default() -> Self {
        DigestSettings { enabled: false, weekday: "monday".into(), time: "08:00".into(), to: None }
    }
}

impl DigestSettings {
    /// The weekly slot; the error names `digest.weekday` or `digest.time` and the value.
    pub fn slot(&self) -> Result<WeeklySlot, ValidationError> {
        WeeklySlot::parse("digest.weekday", &self.weekday, "digest.time", &self.time)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            plan_size: DEFAULT_PLAN_SIZE,
            weights: Weights::default(),
            me: Vec::new(),
            smtp: None,
            digest: DigestSettings::default(),
            week_starts: "monday".into(),
            sync: SyncSettings::default(),
            phone_deletions: PhoneDeletions::Archive,
        }
    }
}

impl Settings {
    /// Checks every value; the error names the setting and the value.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.weights.validate()?;
        check_plan_size("plan_size", self.plan_size)?;
        if let Some(smtp) = &self.smtp {
            smtp.validate()?;
        }
        self.digest.slot()?;
        self.first_weekday()?;
        self.sync.validate()?;
        Ok(())
    }

    /// The day goals' weeks start on; the error names `week_starts` and the value.
    pub fn first_weekday(&self) -> Result<Weekday, ValidationError> {
        self.week_starts.trim().parse::<Weekday>().map_err(|_| {
            ValidationError::new("week_starts", &self.week_starts, "not a weekday; write monday, tuesday, … or sunday")
        })
    }

    /// [`Settings::first_weekday`] of settings already validated (Monday otherwise).
    pub fn week_start_day(&self) -> Weekday {
        self.first_weekday().unwrap_or(Weekday::Mon)
    }
}

/// A plan size from 1 to [`MAX_PLAN_SIZE`].
pub fn check_plan_size(field: &str, size: usize) -> Result<usize, ValidationError> {
    if size == 0 || size > MAX_PLAN_SIZE {
        return Err(ValidationError::new(field, size.to_string(), format!("must be from 1 to {MAX_PLAN_SIZE}")));
    }
    Ok(size)
}
