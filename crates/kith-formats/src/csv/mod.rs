//! CSV formats: LinkedIn Connections.csv, Google Contacts, any CSV with a column mapping, and the CSV export.
//!
//! Every reader takes the file's bytes (UTF-8, with or without a BOM, CRLF or LF line endings,
//! RFC 4180 quoting) and returns a [`ContactFile`](crate::ContactFile): the rows that make valid
//! contacts, and the rows that do not, each with every problem found in it (named by the column as
//! it is spelled in the file) and its original text, so that
//! [`ContactFile::rejects_file`](crate::ContactFile::rejects_file) gives a file in the same format
//! that the user can fix and import again. A file that cannot be read at all (not text, empty, no
//! recognisable header) is a [`FormatError`](crate::FormatError) naming the line.
//!
//! - [`linkedin`]: LinkedIn's `Connections.csv`, in English and six other languages.
//! - [`google`]: Google Contacts CSV, the current and the legacy layout.
//! - [`mapped`]: any CSV, with a `--map` string naming which column holds what.
//! - [`export`]: kith's CSV export, with the mapping that imports it back.

pub mod export;
pub mod google;
pub mod linkedin;
pub mod mapped;

mod dates;
mod draft;
mod lists;
mod reader;
mod rows;
mod text;
