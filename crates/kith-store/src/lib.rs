//! kith's storage.
//!
//! One async [`Store`] trait, implemented for SQLite (the default, one file, nothing to run) and
//! PostgreSQL (hosted, many users). Both implementations share their SQL, pass the same conformance
//! suite, run their embedded migrations at start-up, and do every user action in one transaction.
//! A store is bound to one owner: every row carries its owner id, so one schema serves one user on
//! SQLite and many on PostgreSQL.
//!
//! # One SQL source, two backends, concrete types
//!
//! The store is a set of section traits (`sections.rs`: contacts, interactions, due, follow-ups,
//! organizations, events, imports, backups, campaigns, goals, career, signals, triage, …);
//! [`Store`] is all of them. The implementation is written once, in `src/shared/`, one file per
//! section, and mounted as a real module of each backend ([`sqlite`], [`postgres`]) with that
//! backend's dialect: the shared code therefore works with concrete pool, connection and
//! transaction types — no generic trait bounds over `sqlx::Database`, and no `Any` driver (which
//! lacks dates and timestamps). Queries use `$1, $2` placeholders, which both SQLite and PostgreSQL
//! accept. What genuinely differs is the `Dialect` trait (`dialect.rs`) each backend implements:
//! how a write transaction begins (SQLite `BEGIN IMMEDIATE`), full-text search (FTS5 vs. a
//! tsvector with GIN), JSON aggregation, id reservation and bulk inserts (JSON arrays vs. `UNNEST` of arrays).
//! The result: one definition of every query and of the warmth upkeep, and one conformance suite
//! (`tests/conformance.rs`) that runs each test against both.
//!
//! # Derived warmth
//!
//! Each contact row carries its folded interaction history (last touch, warmth mass, strength) and
//! what follows from it (due moment, due date, the day it is lost, the strength day, the cadence in
//! force), computed only by kith-core (see `derived.rs`) and refreshed from the contact's own
//! interactions in the same transaction as any change that affects them. "Who is due" is then an
//! index range scan over `(owner_id, due_on)`, and the top of the due list a scan of
//! `(owner_id, cadence_days, …)` that stops once it has enough. A database written under an older
//! warmth model is recomputed once when opened (`shared/warmth_upgrade.rs`).

mod accounts;
mod api_tokens;
mod app_passwords;
mod campaign;
mod cards;
mod derived;
mod dialect;
mod error;
mod import;
mod open;
pub mod postgres;
pub mod reports;
mod search;
mod sections;
mod sources;
pub mod sqlite;
mod sqlite_batch;
mod sqlite_bulk;
mod store;
mod text;
mod upgrade;
mod write_rows;

pub use accounts::*;
pub use api_tokens::*;
pub use app_passwords::*;
pub use campaign::*;
pub use cards::*;
pub use error::{StoreError, StoreResult};
pub use import::*;
pub use open::{Backend, DatabaseUrl, open, open_for};
pub use search::{MatchPlace, SearchMatch, Snippet, TouchPart};
pub use sections::*;
pub use sources::*;
pub use sqlite::Workload;
pub use store::*;
pub use upgrade::{UpgradeProgress, on_upgrade_progress};
