//! The SQLite backend: one file, nothing to run.
//!
//! The shared implementation (`src/shared/*.rs`) is `include!`d into [`imp`] with `Db = Sqlite`;
//! this file holds only what differs: opening and the refusals, `BEGIN IMMEDIATE` writes, FTS5
//! search, id reservation and the multi-row inserts of bulk loads.

use std::{path::Path, str::FromStr as _, time::Duration};

use sqlx::{
    ConnectOptions as _, Connection as _, SqlitePool,
    migrate::Migrator,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

use crate::{LOCAL_OWNER, OwnerId, StoreError, StoreResult};

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// A store on one SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    owner: OwnerId,
}

/// The first 16 bytes of every SQLite database file.
const HEADER: &[u8; 16] = b"SQLite format 3\0";

impl SqliteStore {
    /// Opens (creating if needed) and migrates the file at `path` for [`LOCAL_OWNER`]. A file that
    /// is not a SQLite database, is damaged, or was written by a newer kith is refused untouched.
    pub async fn open(path: &Path) -> StoreResult<SqliteStore> {
        let location = path.display().to_string();
        let base = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|e| unavailable(&location, e))?
            .filename(path)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        if path.exists() {
            check_header(path, &location)?;
            preflight(&base, &location).await?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            std::fs::create_dir_all(dir).map_err(|e| unavailable(&location, e))?;
        }
        let options =
            base.create_if_missing(true).journal_mode(SqliteJournalMode::Wal).synchronous(SqliteSynchronous::Normal);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| classify(&location, e))?;
        MIGRATOR.run(&pool).await.map_err(|e| migrate_error(&location, e))?;
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
/// newer kith are refused before the journal mode is set or a migration runs.
async fn preflight(base: &SqliteConnectOptions, location: &str) -> StoreResult<()> {
    let mut conn = base.connect().await.map_err(|e| classify(location, e))?;
    let has: Option<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
            .fetch_optional(&mut conn)
            .await
            .map_err(|e| classify(location, e))?;
    if has.is_some() {
        let found: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| classify(location, e))?;
        let known = newest(&MIGRATOR);
        if let Some(found) = found.filter(|&f| f > known) {
            return Err(StoreError::TooNew { location: location.to_string(), found, known });
        }
    }
    conn.close().await.map_err(|e| classify(location, e))?;
    Ok(())
}

mod imp {
    type Db = sqlx::Sqlite;
    type Conn = sqlx::SqliteConnection;
    type ThisStore = super::SqliteStore;
    const BACKEND: crate::Backend = crate::Backend::Sqlite;

    /// The most parameters one SQLite statement takes.
    const MAX_BINDS: usize = 32_766;

    include!("shared/rows.rs");
    include!("shared/contacts.rs");
    include!("shared/interactions.rs");
    include!("shared/due.rs");
    include!("shared/followups.rs");
    include!("shared/orgs.rs");
    include!("shared/sync.rs");
    include!("shared/bulk.rs");
    include!("shared/store_impl.rs");

    use sqlx::query_builder::Separated;

    /// Writes take the lock at once, so two writers wait for each other (busy_timeout) instead of
    /// failing on a lock upgrade.
    async fn begin_write(pool: &sqlx::Pool<Db>) -> StoreResult<sqlx::Transaction<'static, Db>> {
        Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    async fn fts_set(conn: &mut Conn, id: ContactId, text: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM contacts_fts WHERE rowid = $1").bind(id).execute(&mut *conn).await?;
        sqlx::query("INSERT INTO contacts_fts (rowid, search_text) VALUES ($1, $2)")
            .bind(id)
            .bind(text)
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    fn push_search(qb: &mut QueryBuilder<Db>, words: &[String]) {
        qb.push(" AND c.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ")
            .push_bind(text::fts5_query(words))
            .push(")");
    }

    /// Ids for `n` new rows of `table`: the writer holds the database lock, so the next ones are free.
    async fn reserve_ids(conn: &mut Conn, table: &str, n: usize) -> StoreResult<Vec<i64>> {
        let sql = match table {
            "contacts" => "SELECT COALESCE(MAX(id), 0) FROM contacts",
            _ => "SELECT COALESCE(MAX(id), 0) FROM interactions",
        };
        let max: i64 = sqlx::query_scalar(sql).fetch_one(&mut *conn).await?;
        Ok((max + 1..=max + n as i64).collect())
    }

    /// Rows per JSON array in bulk loads.
    const JSON_CHUNK: usize = 100_000;

    fn to_json<T: serde::Serialize + ?Sized>(rows: &T) -> StoreResult<String> {
        serde_json::to_string(rows).map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))
    }

    async fn insert_rows<T>(
        conn: &mut Conn,
        head: &str,
        rows: &[T],
        per_row: usize,
        mut push: impl FnMut(&mut Separated<'_, Db, &'static str>, &T),
    ) -> StoreResult<()> {
        for part in rows.chunks(MAX_BINDS / per_row) {
            let mut qb = QueryBuilder::<Db>::new(head);
            qb.push_values(part, |mut b, row| push(&mut b, row));
            qb.build().execute(&mut *conn).await?;
        }
        Ok(())
    }

    async fn write_bulk(conn: &mut Conn, owner: OwnerId, rows: &BulkRows<'_>) -> StoreResult<()> {
        sqlx::query("PRAGMA cache_size = -262144").execute(&mut *conn).await?;
        // The owner and the timestamp are the same for every row: written as literals, they save
        // two parameters a row.
        let now = rows.now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let lit_owner = owner.to_string();
        let lit_now = format!("'{now}'");
        insert_rows(
            conn,
            "INSERT INTO contacts (owner_id, updated_at, archived, id, uid, etag, name, name_key, given_name, \
             family_name, org_id, title, location, circle, custom_cadence_days, met_at, met_on, linkedin, website, \
             birthday, notes, important, added_on, search_text, touch_count, last_touch_on, warmth_mass, due_at, \
             due_on, lost_on) ",
            &rows.contacts,
            27,
            |b, c| {
                b.push(&lit_owner).push(&lit_now).push("0");
                b.push_bind(c.id).push_bind(c.uid.as_str()).push_bind(c.etag.as_str()).push_bind(c.name.as_str());
                b.push_bind(c.name_key.as_str()).push_bind(c.given_name.as_str()).push_bind(c.family_name.as_str());
                b.push_bind(c.org_id).push_bind(c.title.as_deref()).push_bind(c.location.as_deref());
                b.push_bind(c.circle).push_bind(c.custom_cadence_days).push_bind(c.met_at.as_deref());
                b.push_bind(c.met_on).push_bind(c.linkedin.as_deref()).push_bind(c.website.as_deref());
                b.push_bind(c.birthday.as_deref()).push_bind(c.notes.as_deref()).push_bind(c.important);
                b.push_bind(c.added_on).push_bind(c.search_text.as_str()).push_bind(c.touch_count);
                let d = &c.derived;
                b.push_bind(d.last_touch_on).push_bind(d.warmth_mass).push_bind(d.due_at);
                b.push_bind(d.due_on).push_bind(d.lost_on);
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO contact_emails (owner_id, contact_id, email, email_key, position) ",
            &rows.emails,
            4,
            |b, (id, e, k, pos)| {
                b.push(&lit_owner).push_bind(*id).push_bind(e.as_str()).push_bind(k.as_str()).push_bind(*pos);
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO contact_phones (owner_id, contact_id, phone, position) ",
            &rows.phones,
            3,
            |b, (id, p, pos)| {
                b.push(&lit_owner).push_bind(*id).push_bind(p.as_str()).push_bind(*pos);
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO contact_tags (owner_id, contact_id, tag, tag_key) ",
            &rows.tags,
            3,
            |b, (id, t, k)| {
                b.push(&lit_owner).push_bind(*id).push_bind(t.as_str()).push_bind(k.as_str());
            },
        )
        .await?;
        insert_rows(
            conn,
            "INSERT INTO memberships (owner_id, contact_id, org_id, role) ",
            &rows.memberships,
            3,
            |b, (id, org, role)| {
                b.push(&lit_owner).push_bind(*id).push_bind(*org).push_bind(*role);
            },
        )
        .await?;
        // Interactions and their people are most of a load: passed as one JSON array per chunk
        // and unpacked by SQLite's json_each, they skip millions of separate parameters. The two
        // secondary indexes are built once at the end when the load starts from an empty table.
        let empty: bool =
            sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM interaction_contacts)").fetch_one(&mut *conn).await?;
        if empty {
            sqlx::query("DROP INDEX interactions_on").execute(&mut *conn).await?;
            sqlx::query("DROP INDEX interaction_contacts_contact").execute(&mut *conn).await?;
        }
        for part in rows.interactions.chunks(JSON_CHUNK) {
            let json: Vec<_> = part
                .iter()
                .map(|i| (i.id, i.kind, i.on, i.minutes, i.note, i.gave, i.got, i.they_initiated, i.weight))
                .collect();
            sqlx::query(
                "INSERT INTO interactions (owner_id, created_at, id, kind, on_date, minutes, note, gave, got, \
                 they_initiated, weight) SELECT $1, $2, value ->> 0, value ->> 1, value ->> 2, value ->> 3, \
                 value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8 FROM json_each($3)",
            )
            .bind(owner)
            .bind(rows.now)
            .bind(to_json(&json)?)
            .execute(&mut *conn)
            .await?;
        }
        for part in rows.links.chunks(JSON_CHUNK) {
            sqlx::query(
                "INSERT INTO interaction_contacts (owner_id, interaction_id, contact_id) \
                 SELECT $1, value ->> 0, value ->> 1 FROM json_each($2)",
            )
            .bind(owner)
            .bind(to_json(part)?)
            .execute(&mut *conn)
            .await?;
        }
        if empty {
            sqlx::query("CREATE INDEX interactions_on ON interactions (owner_id, on_date)").execute(&mut *conn).await?;
            sqlx::query(
                "CREATE INDEX interaction_contacts_contact ON interaction_contacts (contact_id, interaction_id)",
            )
            .execute(&mut *conn)
            .await?;
        }
        insert_rows(
            conn,
            "INSERT INTO followups (owner_id, contact_id, due_on, note, created_on) ",
            &rows.followups,
            4,
            |b, f| {
                b.push(&lit_owner)
                    .push_bind(f.contact_id)
                    .push_bind(f.due_on)
                    .push_bind(f.note)
                    .push_bind(f.created_on);
            },
        )
        .await?;
        if let (Some(first), Some(last)) = (rows.contacts.first(), rows.contacts.last()) {
            sqlx::query(
                "INSERT INTO contacts_fts (rowid, search_text) SELECT id, search_text FROM contacts \
                 WHERE id >= $1 AND id <= $2",
            )
            .bind(first.id)
            .bind(last.id)
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }
}
