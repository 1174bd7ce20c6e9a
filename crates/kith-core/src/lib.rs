//! kith's domain model and the arithmetic of keeping in touch.
//!
//! Pure by design: no I/O, no async, no SQL. Everything here is a function of its inputs (including
//! "today", always passed in), so the CLI, the web app and both storage backends agree by construction.

pub mod brag;
pub mod campaign;
pub mod career;
pub mod circle;
pub mod contact;
pub mod date;
pub mod dates;
pub mod due;
pub mod duplicate;
pub mod error;
pub mod event;
pub mod followup;
pub mod goal;
pub mod graph;
pub mod habit;
pub mod health;
pub mod interaction;
pub mod intro;
pub mod job;
pub mod kind;
pub mod merge;
pub mod network_map;
pub mod org;
pub mod plan;
pub mod reciprocity;
pub mod reconnect;
pub mod relationship;
pub mod replace;
pub mod schedule;
pub mod signal;
pub mod snapshot;
pub mod ties;
pub mod triage;
pub mod warmth;

pub use circle::Circle;
pub use contact::{Contact, ContactId, ContactPatch, ContactSummary, NewContact};
pub use error::ValidationError;
pub use event::{Event, EventId, EventKind, NewEvent};
pub use followup::{FollowUp, FollowUpId};
pub use interaction::{Interaction, InteractionId, NewInteraction};
pub use kind::{InteractionKind, Weights};
pub use org::{OrgId, OrgKind, Organization, Role};
pub use warmth::{Status, Tie, Warmth};
