//! The implementation both backends share, written once and compiled once for each: `sqlite.rs`
//! and `postgres.rs` each mount this directory as their `imp` module with `ThisDialect` and
//! `ThisStore` in scope, so every query here works with that backend's concrete sqlx types. What
//! the two databases spell differently comes from the dialect (`D`, see `dialect.rs`).
//!
//! Each file implements one section of the store (`sections.rs`) for `ThisStore`.

use super::{ThisDialect as D, ThisStore};
use crate::{
    Backend, OwnerId, StoreBase,
    dialect::{ConnOf, Dialect},
};

/// The sqlx database of this backend.
type Db = <D as Dialect>::Db;
/// A connection to it.
type Conn = ConnOf<D>;

#[macro_use]
mod rows;
mod accounts;
mod api_tokens;
mod app_passwords;
mod bulk;
mod bulk_practice;
mod campaign_backup;
mod campaign_mail;
mod campaigns;
mod cards;
mod career;
mod contact_list;
mod contacts;
mod delete;
mod digest;
mod due;
mod event_backup;
mod events;
mod followups;
mod goals;
mod health;
mod import;
mod interactions;
mod intros;
mod jobs;
mod merge;
mod merge_rows;
mod merge_undo;
mod orgs;
mod pending;
mod profile;
mod reconnections;
mod relationships;
mod search;
mod search_upgrade;
mod sessions;
mod signals;
mod snapshot;
mod source_batch;
mod sources;
mod sync;
mod ties;
mod triage;
mod warmth_upgrade;
mod web;

pub(super) use reconnections::fill_pending_reconnections;
pub(super) use search_upgrade::fill_pending_search;
pub(super) use ties::fill_pending_ties;
pub(super) use warmth_upgrade::fill_pending_warmth;

impl StoreBase for ThisStore {
    fn backend(&self) -> Backend {
        D::BACKEND
    }

    fn owner(&self) -> OwnerId {
        self.owner
    }

    fn as_owner(&self, owner: OwnerId) -> std::sync::Arc<dyn crate::Store> {
        std::sync::Arc::new(self.for_owner(owner))
    }
}
