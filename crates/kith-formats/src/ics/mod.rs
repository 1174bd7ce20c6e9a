//! iCalendar (RFC 5545): touches found in a calendar export, and the feed kith writes (follow-ups,
//! the weekly plan, birthdays).

mod calendar;
mod content_line;
mod event;
pub mod feed;
mod rrule;
mod text;
mod touches;
mod value;
mod zones;

pub use feed::{Feed, FeedBirthday, write_feed};
pub use touches::read_touches;
