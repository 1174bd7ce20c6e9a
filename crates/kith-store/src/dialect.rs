//! What a backend provides to the shared implementation: the contract between `shared/` and
//! each of `sqlite.rs` and `postgres.rs`.
//!
//! `shared/` is compiled once per backend (see `shared/mod.rs`) with `D` naming that backend's
//! dialect, so every query is written once against concrete sqlx types. Everything the two
//! databases spell differently — how a write begins, full-text search, JSON aggregation, bulk
//! inserts, id reservation — is a member of this trait: a backend that misses one, or gives it
//! the wrong shape, does not compile.

use std::future::Future;

use chrono::{DateTime, Utc};
use kith_core::ContactId;
use sqlx::{Database, Pool, QueryBuilder, Transaction};

use crate::{
    Backend, OwnerId, StoreResult,
    write_rows::{BulkInteractionRow, BulkRows, DerivedRow},
};

/// A connection of the dialect's database.
pub(crate) type ConnOf<D> = <<D as Dialect>::Db as Database>::Connection;

/// One backend's SQL and writes where the two databases differ.
pub(crate) trait Dialect {
    /// The sqlx database.
    type Db: Database;

    const BACKEND: Backend;

    /// The migrations this kith knows for the backend, embedded at build time.
    fn migrator() -> &'static sqlx::migrate::Migrator;

    /// `SELECT` of every matching contact brief as one JSON array of arrays (`brief_cols!` order),
    /// the masses as exact text; the caller appends `FROM` and the condition.
    const BRIEFS_AS_JSON: &'static str;

    /// Prefix of `owner_id` in a statement that reads all of an owner's contacts, when the planner
    /// needs telling to scan rather than walk an owner index.
    const WHOLE_OWNER_SCAN: &'static str;

    /// Hint naming the due list's ranking index, when the planner needs one (`shared/due.rs`).
    const DUE_RANK_INDEX: &'static str;

    /// A contact's birthday as `MM-DD`, whatever the year: the expression `contacts_birthday` indexes.
    const BIRTHDAY_MONTH_DAY: &'static str;

    /// `IN` over the ids of a JSON array bound as `$2`.
    const ID_IN_JSON_LIST: &'static str;
    /// Appended to a SELECT to lock the rows it read until the transaction ends (PostgreSQL's
    /// `FOR UPDATE`); empty on SQLite, whose write transactions already exclude each other.
    const LOCK_ROWS: &'static str;

    /// `IN` over the strings of a JSON array bound as `$2`.
    const TEXT_IN_JSON_LIST: &'static str;

    /// An aggregate turning every row's `cols` into one JSON array of arrays, as text (`[]` for none).
    fn json_rows(cols: &str) -> String;

    /// A floating-point column as text that reads back as the same f64.
    fn exact_real(col: &str) -> String;

    /// A JSON array of the given SQL expressions.
    fn json_tuple(cols: &str) -> String;

    /// An aggregate of `value` over the rows, in `order`, as a JSON array (`[]` for none).
    fn json_agg_by(value: &str, order: &str) -> String;

    /// A subquery's JSON result placed inside another JSON value.
    fn json_embed(subquery: &str) -> String;

    /// A JSON value as text to read into a String.
    fn json_text(expr: &str) -> String;

    /// Appends a subquery of the ids of the rows of `table` (contacts, interactions, events or
    /// followups) whose `search_text` holds every word (words are prefixes).
    fn push_matching_ids(qb: &mut QueryBuilder<Self::Db>, table: &'static str, words: &[String]);

    /// Begins a transaction that will write.
    fn begin_write(pool: &Pool<Self::Db>) -> impl Future<Output = StoreResult<Transaction<'static, Self::Db>>> + Send;

    /// Whatever a committed bulk load still needs before the next command reads the database.
    fn settle_after_bulk(pool: &Pool<Self::Db>) -> impl Future<Output = StoreResult<()>> + Send;

    /// After a delete or an overwritten note: makes the old bytes leave the database's files.
    fn wipe_freed(pool: &Pool<Self::Db>) -> impl Future<Output = StoreResult<()>> + Send;

    /// Sets a contact's entry in the full-text index.
    fn fts_set(conn: &mut ConnOf<Self>, id: ContactId, text: &str) -> impl Future<Output = StoreResult<()>> + Send;

    /// Takes a contact out of the full-text index.
    fn fts_delete(conn: &mut ConnOf<Self>, id: ContactId) -> impl Future<Output = StoreResult<()>> + Send;

    /// Ids for `n` new rows of `table` (`contacts` or `interactions`), ascending.
    fn reserve_ids(
        conn: &mut ConnOf<Self>,
        table: &str,
        n: usize,
    ) -> impl Future<Output = StoreResult<Vec<i64>>> + Send;

    /// Writes the derived warmth columns of many contacts.
    fn update_derived(
        conn: &mut ConnOf<Self>,
        owner: OwnerId,
        rows: &[DerivedRow],
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Writes interactions (ids assigned) and their people.
    fn write_interactions(
        conn: &mut ConnOf<Self>,
        owner: OwnerId,
        now: DateTime<Utc>,
        interactions: &[BulkInteractionRow<'_>],
        links: &[(i64, i64)],
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Records where interactions came from (source key, interaction).
    fn write_sources(
        conn: &mut ConnOf<Self>,
        owner: OwnerId,
        sources: &[(&str, i64)],
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Writes everything a bulk load holds.
    fn write_bulk(
        conn: &mut ConnOf<Self>,
        owner: OwnerId,
        rows: BulkRows<'_>,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}
