//! kith's file formats, pure and synchronous: bytes in, typed records and per-line problems out;
//! typed records in, bytes out. Nothing here touches the database or the clock: "today" and "now"
//! are arguments, so every parser and writer is reproducible and testable on its own.
//!
//! Readers return a [`ContactFile`] (contacts with the line they started on, and the records that
//! could not be used, each with its problems and its original text so the user can fix and
//! re-import them) or a [`TouchFile`] (interactions found in mail or a calendar, each with a key
//! that makes importing the same file twice a no-op). A file that cannot be read at all is a
//! [`FormatError`] naming the line and what is wrong.

pub mod backup;
pub mod csv;
pub mod ics;
pub mod mail;
pub mod record;
pub mod vcard;

pub use record::{ContactFile, ContactRecord, FormatError, Problem, Rejected, TouchFile, TouchRecord};
