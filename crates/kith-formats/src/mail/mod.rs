//! Touches found in mail: mbox files and Maildir folders (or a folder of `.eml` files).
//!
//! Every message is one `email` touch from its sender to everyone else on To, Cc and Bcc. Only the
//! header section is read (From, To, Cc, Bcc, Date, Subject, Message-ID, In-Reply-To, References),
//! never the body, so a mailbox of hundreds of thousands of messages reads in seconds.
//!
//! A message's day is its Date as written in its own offset: a mail sent at 23:30 -0800 on 2 March
//! counts for 2 March, the day the sender lived it. Its key is its Message-ID, or a fingerprint of
//! From, Date and Subject when it has none (see [`read_message`]).

pub mod address;
mod date;
mod encoded_word;
pub(crate) mod fingerprint;
mod header;
mod maildir;
mod mbox;
mod message;
mod rules;

pub use address::Mailbox;
pub use maildir::read_maildir;
pub use mbox::read_mbox;
pub use message::read_message;
pub use rules::{Automated, SkipReason, skip_reason};
