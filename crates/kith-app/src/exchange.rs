//! Imports and exports end to end: a file's bytes through kith-formats into the store in one
//! transaction, and the store back out as bytes. The CLI reads files and prints; the web app takes
//! uploads and serves downloads; both call these.

mod export;
pub(crate) mod import;

pub use export::{ExportFormat, cards, export, feed_contents, vcard_cards};
pub use import::{
    ImportFailure, ImportFormat, ImportOutcome, ImportRequest, Parsed, apply, drop_automated, import_bytes, read_bytes,
    read_maildir,
};
