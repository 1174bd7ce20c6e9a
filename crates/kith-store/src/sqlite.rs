//! The SQLite backend: one file, nothing to run.
//!
//! The shared implementation (`src/shared/`) is compiled into `imp` with `SqliteDialect`;
//! this file holds only what differs: opening and the refusals, `BEGIN IMMEDIATE` writes, FTS5
//! search, id reservation and the multi-row inserts of bulk loads (`sqlite_bulk.rs`).

use std::{path::Path, str::FromStr as _, time::Duration};

use sqlx::{
    ConnectOptions as _, Connection as _, SqlitePool,
    migrate::Migrator,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use chrono::{DateTime, Utc};
use kith_core::ContactId;
use sqlx::SqliteConnection;

use crate::{
    Backend, LOCAL_OWNER, OwnerId, StoreError, StoreResult,
    dialect::Dialect,
    sqlite_bulk, text,
    write_rows::{BulkInteractionRow, BulkRows, DerivedRow},
};

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// A store on one SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    owner: OwnerId,
}

/// How the process opening the file will use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// One command: reads a lot once, then exits.
    Command,
    /// A long-running server: many small reads, memory kept small.
    Server,
}

/// The first 16 bytes of every SQLite database file.
const HEADER: &[u8; 16] = b"SQLite format 3\0";

impl SqliteStore {
    /// Opens (creating if needed) and migrates the file at `path` for [`LOCAL_OWNER`], tuned for
    /// one command. A file that is not a SQLite database, is damaged, or was written by a newer kith
    /// is refused untouched.
    pub async fn open(path: &Path) -> StoreResult<SqliteStore> {
        SqliteStore::open_for(path, Workload::Command).await
    }

    /// [`SqliteStore::open`] tuned for `workload`.
    pub async fn open_for(path: &Path, workload: Workload) -> StoreResult<SqliteStore> {
        let location = path.display().to_string();
        let base = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|e| unavailable(&location, e))?
            .filename(path)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let mut current = false;
        if path.exists() {
            check_header(path, &location)?;
            current = preflight(&base, &location).await?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            std::fs::create_dir_all(dir).map_err(|e| unavailable(&location, e))?;
        }
        // 16 KiB pages for a new file (an existing one keeps its own): an import writes a quarter
        // of the pages, each once to the log and once more at the checkpoint, one system call
        // each; reads of a 100,000-contact network and the server's memory measured the same.
        let options = base
            .create_if_missing(true)
            .page_size(16384)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            // Deleted contacts, touches and overwritten notes must not stay readable in the file.
            .pragma("secure_delete", "ON");
        let options = match workload {
            // Reads through a memory map skip a system call and a copy per page: the due list of
            // a large network touches thousands of pages, once.
            Workload::Command => options.pragma("mmap_size", "268435456"),
            // A server stays up: every mapped page it ever read would count as its memory, for
            // each pooled connection. The kernel's page cache keeps the file warm anyway; each
            // connection keeps a small cache of its own.
            Workload::Server => options.pragma("mmap_size", "0").pragma("cache_size", "-4096"),
        };
        // A file cannot drop a connection the way a server can, so there is nothing to test before
        // lending one out: the test would be one more round trip to SQLite's thread per statement.
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(|e| classify(&location, e))?;
        // A file whose every migration is recorded, applied and unchanged needs no migration run: the
        // run takes a lock and reads the schema, which costs a command more than its own query.
        if !current {
            MIGRATOR.run(&pool).await.map_err(|e| migrate_error(&location, e))?;
        }
        // Checked on every open, not only after a migration: a fill cut short is finished next time.
        imp::fill_pending_reconnections(&pool).await?;
        imp::fill_pending_warmth(&pool).await?;
        imp::fill_pending_search(&pool).await?;
        imp::fill_pending_ties(&pool).await?;
        Ok(SqliteStore { pool, owner: LOCAL_OWNER })
    }

    /// The same database, for another owner (multi-user); the owner row must exist.
    pub fn for_owner(&self, owner: OwnerId) -> SqliteStore {
        SqliteStore { pool: self.pool.clone(), owner }
    }
}

fn unavailable(location: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable { location: location.to_string(), detail: e.to_string() }
}

/// "not a database" and "malformed" are refusals; anything else means the file could not be used.
fn classify(location: &str, e: sqlx::Error) -> StoreError {
    let code = e.as_database_error().and_then(|d| d.code()).and_then(|c| c.parse::<i32>().ok());
    match code.map(|c| c & 0xff) {
        Some(11 | 26) => StoreError::Corrupt { location: location.to_string(), detail: e.to_string() },
        _ => unavailable(location, e),
    }
}

pub(crate) fn migrate_error(location: &str, e: sqlx::migrate::MigrateError) -> StoreError {
    use sqlx::migrate::MigrateError as M;
    match e {
        M::VersionMissing(found) => {
            StoreError::TooNew { location: location.to_string(), found, known: newest(&MIGRATOR) }
        }
        M::Execute(e) | M::ExecuteMigration(e, _) => {
            StoreError::Unavailable { location: location.to_string(), detail: format!("migration failed: {e}") }
        }
        other => StoreError::Corrupt { location: location.to_string(), detail: other.to_string() },
    }
}

pub(crate) fn newest(m: &Migrator) -> i64 {
    m.iter().map(|m| m.version).max().unwrap_or(0)
}

fn check_header(path: &Path, location: &str) -> StoreResult<()> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| unavailable(location, e))?;
    let mut head = Vec::with_capacity(16);
    file.by_ref().take(16).read_to_end(&mut head).map_err(|e| unavailable(location, e))?;
    if head.is_empty() || head.as_slice() == HEADER {
        Ok(())
    } else {
        Err(StoreError::Corrupt { location: location.to_string(), detail: "the file is not a SQLite database".into() })
    }
}

/// Reads an existing file's schema without changing anything: damaged files and databases from a
/// newer kith are refused before the journal mode is set or a migration runs. Returns whether the
/// schema is current: every known migration applied, successfully, with the checksum kith has.
async fn preflight(base: &SqliteConnectOptions, location: &str) -> StoreResult<bool> {
    let mut conn = base.connect().await.map_err(|e| classify(location, e))?;
    let has: Option<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
            .fetch_optional(&mut conn)
            .await
            .map_err(|e| classify(location, e))?;
    let mut current = false;
    if has.is_some() {
        let applied: Vec<(i64, bool, Vec<u8>)> =
            sqlx::query_as("SELECT version, success, checksum FROM _sqlx_migrations ORDER BY version")
                .fetch_all(&mut conn)
                .await
                .map_err(|e| classify(location, e))?;
        let known = newest(&MIGRATOR);
        if let Some(found) = applied.iter().map(|(v, _, _)| *v).max().filter(|&f| f > known) {
            return Err(StoreError::TooNew { location: location.to_string(), found, known });
        }
        current = is_current(&MIGRATOR, &applied);
    }
    conn.close().await.map_err(|e| classify(location, e))?;
    Ok(current)
}

/// Whether `applied` (version, success, checksum; by version) is exactly the migrations of `m`.
pub(crate) fn is_current(m: &Migrator, applied: &[(i64, bool, Vec<u8>)]) -> bool {
    let mut known: Vec<_> = m.iter().filter(|m| !m.migration_type.is_down_migration()).collect();
    known.sort_by_key(|m| m.version);
    known.len() == applied.len()
        && known.iter().zip(applied).all(|(k, (version, success, checksum))| {
            k.version == *version && *success && k.checksum.as_ref() == checksum.as_slice()
        })
}

/// The store and dialect `shared/` is compiled with for this backend.
type ThisStore = SqliteStore;
type ThisDialect = SqliteDialect;

/// The shared implementation, compiled for SQLite.
#[path = "shared/mod.rs"]
#[allow(clippy::duplicate_mod)] // compiled once per backend, on purpose: see `shared/mod.rs`
mod imp;

/// How SQLite spells what the two databases do differently.
pub(crate) struct SqliteDialect;

impl Dialect for SqliteDialect {
    type Db = sqlx::Sqlite;

    const BACKEND: Backend = Backend::Sqlite;

    fn migrator() -> &'static Migrator {
        &MIGRATOR
    }

    /// `SELECT` of every matching contact brief as one JSON array of arrays (`brief_cols!` order),
    /// the mass printed with 17 significant digits so it reads back exactly.
    const BRIEFS_AS_JSON: &'static str = "SELECT json_group_array(json_array(c.id, c.name, o.name, c.circle, \
        c.custom_cadence_days, c.important, c.archived, c.added_on, c.snoozed_until, c.last_touch_on, \
        CASE WHEN c.warmth_mass IS NULL THEN NULL ELSE printf('%!.17g', c.warmth_mass) END, \
        CASE WHEN c.strength_mass IS NULL THEN NULL ELSE printf('%!.17g', c.strength_mass) END))";

    /// Prefix of `owner_id` in a statement that reads all of an owner's contacts: without
    /// statistics SQLite would walk an owner index and look up each row (45 ms for 20,000 contacts)
    /// where a scan of the table takes 2 ms.
    const WHOLE_OWNER_SCAN: &'static str = "+";

    /// Walks the due list's ranking index (`shared/due.rs`): SQLite's planner would otherwise take
    /// the due-date index and sort every due contact to find the first twenty.
    const DUE_RANK_INDEX: &'static str = "INDEXED BY contacts_due_rank";

    /// A contact's birthday as `MM-DD`, whatever the year: the expression `contacts_birthday` indexes.
    const BIRTHDAY_MONTH_DAY: &'static str = "substr(c.birthday, -5)";

    /// An aggregate turning every row's `cols` into one JSON array of arrays.
    fn json_rows(cols: &str) -> String {
        format!("json_group_array(json_array({cols}))")
    }

    /// A REAL column as text that reads back as the same f64 (JSON numbers keep only 15 digits).
    fn exact_real(col: &str) -> String {
        format!("CASE WHEN {col} IS NULL THEN NULL ELSE printf('%!.17g', {col}) END")
    }

    /// A JSON array of the given SQL expressions.
    fn json_tuple(cols: &str) -> String {
        format!("json_array({cols})")
    }

    /// An aggregate of `value` over the rows, in `order`, as a JSON array (`[]` for none).
    fn json_agg_by(value: &str, order: &str) -> String {
        format!("json_group_array({value} ORDER BY {order})")
    }

    /// A subquery's JSON result placed inside another JSON value (SQLite would quote it as text).
    fn json_embed(subquery: &str) -> String {
        format!("json(({subquery}))")
    }

    /// A JSON value as text to read into a String.
    fn json_text(expr: &str) -> String {
        expr.to_string()
    }

    /// Writes derived warmth columns for many contacts in one statement. The unary `+` keeps SQLite
    /// from driving the join by the owner index (a scan of every contact per listed row): the list
    /// drives, and each row is a primary-key lookup.
    async fn update_derived(conn: &mut SqliteConnection, owner: OwnerId, rows: &[DerivedRow]) -> StoreResult<()> {
        for part in rows.chunks(sqlite_bulk::JSON_CHUNK) {
            sqlx::query(
                "UPDATE contacts SET last_touch_on = d.value ->> 1, warmth_mass = d.value ->> 2, \
                 touch_count = d.value ->> 3, due_at = d.value ->> 4, due_on = d.value ->> 5, lost_on = d.value ->> 6, \
                 strength_mass = d.value ->> 7, strength_day = d.value ->> 8, cadence_days = d.value ->> 9 \
                 FROM jsonb_each(jsonb($2)) AS d WHERE contacts.id = d.value ->> 0 AND +contacts.owner_id = $1",
            )
            .bind(owner)
            .bind(sqlite_bulk::to_json(part)?)
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }

    /// `IN` over the ids of a JSON array bound as `$2`.
    const LOCK_ROWS: &'static str = "";
    const ID_IN_JSON_LIST: &'static str = "IN (SELECT value FROM json_each($2))";
    const TEXT_IN_JSON_LIST: &'static str = "IN (SELECT value FROM json_each($2))";

    /// Writes take the lock at once, so two writers wait for each other (busy_timeout) instead of
    /// failing on a lock upgrade.
    async fn begin_write(pool: &SqlitePool) -> StoreResult<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Copies a bulk load from the write-ahead log into the database file and empties the log.
    /// Left in the log, hundreds of megabytes would be read (to index them) by the next command that
    /// opens the file, which would then pay for the load's checkpoint instead of the load itself.
    async fn settle_after_bulk(pool: &SqlitePool) -> StoreResult<()> {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await?;
        Ok(())
    }

    /// Takes a contact out of the full-text index (its terms are overwritten: the table is set to
    /// FTS5's secure-delete).
    async fn fts_delete(conn: &mut SqliteConnection, id: ContactId) -> StoreResult<()> {
        sqlx::query("DELETE FROM contacts_fts WHERE rowid = $1").bind(id).execute(&mut *conn).await?;
        Ok(())
    }

    /// After a delete or an overwritten note: copies the log's pages (where `secure_delete` zeroed
    /// the old bytes) into the database file and empties the log. Until then the file keeps the
    /// old page and the log both versions. Best effort: a reader holding an old snapshot may keep
    /// part of the log until the next checkpoint.
    async fn wipe_freed(pool: &SqlitePool) -> StoreResult<()> {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await?;
        Ok(())
    }

    async fn fts_set(conn: &mut SqliteConnection, id: ContactId, text: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM contacts_fts WHERE rowid = $1").bind(id).execute(&mut *conn).await?;
        sqlx::query("INSERT INTO contacts_fts (rowid, search_text) VALUES ($1, $2)")
            .bind(id)
            .bind(text)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    /// Each searched table has its FTS5 index, `<table>_fts`, keyed by the row's id.
    fn push_matching_ids(qb: &mut sqlx::QueryBuilder<sqlx::Sqlite>, table: &'static str, words: &[String]) {
        qb.push(format!("SELECT rowid AS id FROM {table}_fts WHERE {table}_fts MATCH "))
            .push_bind(text::fts5_query(words));
    }

    /// Ids for `n` new rows of `table`: the writer holds the database lock, so the next ones are free.
    async fn reserve_ids(conn: &mut SqliteConnection, table: &str, n: usize) -> StoreResult<Vec<i64>> {
        let sql = match table {
            "contacts" => "SELECT COALESCE(MAX(id), 0) FROM contacts",
            _ => "SELECT COALESCE(MAX(id), 0) FROM interactions",
        };
        let max: i64 = sqlx::query_scalar(sql).fetch_one(&mut *conn).await?;
        Ok((max + 1..=max + n as i64).collect())
    }

    async fn write_interactions(
        conn: &mut SqliteConnection,
        owner: OwnerId,
        now: DateTime<Utc>,
        interactions: &[BulkInteractionRow<'_>],
        links: &[(i64, i64)],
    ) -> StoreResult<()> {
        sqlite_bulk::write_interactions(conn, owner, now, interactions, links).await
    }

    async fn write_sources(conn: &mut SqliteConnection, owner: OwnerId, sources: &[(&str, i64)]) -> StoreResult<()> {
        sqlite_bulk::write_sources(conn, owner, sources).await
    }

    async fn write_bulk(conn: &mut SqliteConnection, owner: OwnerId, rows: BulkRows<'_>) -> StoreResult<()> {
        sqlite_bulk::write_bulk(conn, owner, rows).await
    }
}
