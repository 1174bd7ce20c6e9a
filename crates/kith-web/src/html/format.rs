//! How numbers and dates read on a page.

use kith_core::Status;

pub use kith_app::wording::{due_phrase, percent, relative};

/// The CSS class and word of a status.
pub fn status_class(s: Status) -> &'static str {
    s.as_str()
}
