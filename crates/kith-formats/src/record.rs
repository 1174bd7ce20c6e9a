//! What every reader produces: records, the line each came from, and the problems found.

use chrono::NaiveDate;
use kith_core::{InteractionKind, NewContact, ValidationError};
use serde::{Deserialize, Serialize};

/// One problem with one record (or the whole file), located so the user can find and fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// 1-based line in the file where the record (or the offending line) starts; 0 for the file.
    pub line: usize,
    /// 1-based index of the record in the file (the card of a vCard file, the row of a CSV file).
    pub record: Option<usize>,
    /// The field, column or property at fault, e.g. `email`, `Connected On`, `BDAY`.
    pub field: String,
    /// What is wrong, naming the bad value, and what would be accepted.
    pub message: String,
}

impl Problem {
    pub fn new(line: usize, record: Option<usize>, field: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem { line, record, field: field.into(), message: message.into() }
    }

    /// A validation error of kith-core, located at a record.
    pub fn invalid(line: usize, record: Option<usize>, e: &ValidationError) -> Problem {
        Problem::new(line, record, e.field.clone(), format!("'{}': {}", e.value, e.message))
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.record {
            Some(r) => write!(f, "line {} (record {r}), {}: {}", self.line, self.field, self.message),
            None => write!(f, "line {}, {}: {}", self.line, self.field, self.message),
        }
    }
}

/// A file that cannot be read at all: not this format, binary, truncated beyond use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, {field}: {message}")]
pub struct FormatError {
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl FormatError {
    pub fn new(line: usize, field: impl Into<String>, message: impl Into<String>) -> FormatError {
        FormatError { line, field: field.into(), message: message.into() }
    }
}

/// A contact read from a file, valid by kith-core's rules (`NewContact::validate` has passed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactRecord {
    /// 1-based line where the record starts.
    pub line: usize,
    /// 1-based index of the record in the file.
    pub record: usize,
    pub contact: NewContact,
    /// vCard properties kith does not model (PHOTO, ADR, X-…), one unfolded content line each,
    /// exactly as read (group prefix and parameters included), so export writes them back.
    pub extra: Vec<String>,
    /// LinkedIn's "Connected On": becomes a weak `social` touch on that day.
    pub connected_on: Option<NaiveDate>,
    /// The record's text as it stood in the file (a CSV row, a whole card).
    pub raw: String,
}

/// A record that could not be used, with every problem found in it and its original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub line: usize,
    pub record: usize,
    pub problems: Vec<Problem>,
    pub raw: String,
}

/// The most people (read and rejected together) one contact file may hold. LinkedIn exports
/// stop at 30,000 connections and Google's at 25,000 contacts: ten times that leaves room for any
/// real address book, while 50 MB of junk no longer becomes gigabytes of parsed rows in memory.
pub const MAX_RECORDS: usize = 300_000;

/// The error for the record starting at `line`, one past [`MAX_RECORDS`].
pub(crate) fn too_many_records(line: usize) -> FormatError {
    FormatError::new(
        line,
        "file",
        format!(
            "more than {MAX_RECORDS} people in one file, which is more than any address book holds: \
             is this the right file? Split it into files of {MAX_RECORDS} or fewer to import it"
        ),
    )
}

/// What a contact reader found in a file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactFile {
    pub records: Vec<ContactRecord>,
    pub rejected: Vec<Rejected>,
    /// Text that must precede rejected records in a file of their own so it can be re-imported
    /// (a CSV header row, with its line ending); empty for formats without one (vCard).
    pub preamble: String,
}

impl ContactFile {
    /// Refuses the record starting at `line` when the file already holds [`MAX_RECORDS`].
    pub(crate) fn check_room(&self, line: usize) -> Result<(), FormatError> {
        if self.records.len() + self.rejected.len() < MAX_RECORDS {
            return Ok(());
        }
        Err(too_many_records(line))
    }

    /// Every problem, in file order.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.rejected.iter().flat_map(|r| r.problems.iter())
    }

    /// The rejected records as a file in the same format, to fix and import again.
    pub fn rejects_file(&self) -> String {
        let mut out = self.preamble.clone();
        for r in &self.rejected {
            out.push_str(&r.raw);
            if !r.raw.ends_with('\n') {
                out.push_str("\r\n");
            }
        }
        out
    }
}

/// An interaction found in mail or a calendar, not yet matched to contacts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TouchRecord {
    /// 1-based line where the message or event starts.
    pub line: usize,
    /// Makes a re-import a no-op: `mid:<Message-ID>` for mail, `ics:<UID>/<RECURRENCE-ID or date>`
    /// for calendar occurrences.
    pub key: String,
    pub kind: InteractionKind,
    pub on: NaiveDate,
    pub minutes: Option<u32>,
    /// Lower-cased address of the sender or organizer, if known.
    pub from: Option<String>,
    /// Lower-cased addresses of everyone else on it (To, Cc, attendees), without duplicates.
    pub to: Vec<String>,
    /// A short description: the subject or the event summary.
    pub subject: Option<String>,
    /// Message-IDs this message replies to (In-Reply-To and References), without angle brackets.
    pub replies_to: Vec<String>,
    /// Display names written beside addresses (`Ann Lee <ann@x.org>`, an attendee's CN), by
    /// lower-cased address, each address once: what a suggested contact is called.
    #[serde(default)]
    pub names: Vec<(String, String)>,
    /// What the message says of itself when no person wrote it to people: a mailing list's post,
    /// an automatic reply. Calendar events are never automated.
    #[serde(default)]
    pub automated: Option<crate::mail::Automated>,
}

/// What a mail or calendar reader found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TouchFile {
    pub touches: Vec<TouchRecord>,
    /// Messages or events that could not be read (no date, unparsable headers), each located.
    pub problems: Vec<Problem>,
    /// Things read only in part (a recurrence rule kith cannot follow, so only its first
    /// occurrence counts): worth telling the user, not a reason to stop.
    #[serde(default)]
    pub warnings: Vec<Problem>,
}
