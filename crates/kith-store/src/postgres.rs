//! The PostgreSQL backend: hosted, many users, several stateless servers on one database.
//!
//! The shared implementation (`src/shared/`) is compiled into `imp` with `PostgresDialect`;
//! this file holds only what differs: connecting and the refusals, tsvector search, id reservation
//! from the identity sequences, and `UNNEST` bulk inserts.

use std::time::Duration;

use sqlx::{
    PgPool,
    migrate::{MigrateError, Migrator},
    postgres::PgPoolOptions,
};

use chrono::{DateTime, Utc};
use kith_core::ContactId;
use sqlx::PgConnection;

use crate::{
    Backend, DatabaseUrl, LOCAL_OWNER, OwnerId, StoreError, StoreResult,
    dialect::Dialect,
    text,
    write_rows::{BulkContactRow, BulkInteractionRow, BulkRows, DerivedRow},
};

static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// A store on a PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
    owner: OwnerId,
}

impl PostgresStore {
    /// Connects to `url` and migrates the database for [`LOCAL_OWNER`]. A database written by a
    /// newer kith is refused untouched; an unreachable server is `StoreError::Unavailable`, named
    /// without its password.
    pub async fn open(url: &DatabaseUrl) -> StoreResult<PostgresStore> {
        let location = url.to_string();
        let DatabaseUrl::Postgres(raw) = url else {
            return Err(StoreError::Unavailable { location, detail: "not a postgres:// URL".into() });
        };
        let unavailable =
            |e: sqlx::Error| StoreError::Unavailable { location: location.clone(), detail: e.to_string() };
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect(raw)
            .await
            .map_err(unavailable)?;
        let has: Option<String> = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations')::text")
            .fetch_one(&pool)
            .await
            .map_err(unavailable)?;
        let known = crate::sqlite::newest(&MIGRATOR);
        if has.is_some() {
            let found: Option<i64> =
                sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(&pool).await?;
            if let Some(found) = found.filter(|&f| f > known) {
                return Err(StoreError::TooNew { location, found, known });
            }
        }
        MIGRATOR.run(&pool).await.map_err(|e| match e {
            MigrateError::VersionMissing(found) => StoreError::TooNew { location: location.clone(), found, known },
            other => {
                StoreError::Unavailable { location: location.clone(), detail: format!("migration failed: {other}") }
            }
        })?;
        imp::fill_pending_reconnections(&pool).await?;
        imp::fill_pending_warmth(&pool).await?;
        imp::fill_pending_search(&pool).await?;
        imp::fill_pending_ties(&pool).await?;
        Ok(PostgresStore { pool, owner: LOCAL_OWNER })
    }

    /// The same database, for another owner (multi-user); the owner row must exist.
    pub fn for_owner(&self, owner: OwnerId) -> PostgresStore {
        PostgresStore { pool: self.pool.clone(), owner }
    }
}

/// Rows per `UNNEST` statement in bulk loads.
const CHUNK: usize = 20_000;

/// The store and dialect `shared/` is compiled with for this backend.
type ThisStore = PostgresStore;
type ThisDialect = PostgresDialect;

/// The shared implementation, compiled for PostgreSQL.
#[path = "shared/mod.rs"]
#[allow(clippy::duplicate_mod)] // compiled once per backend, on purpose: see `shared/mod.rs`
mod imp;

/// How PostgreSQL spells what the two databases do differently.
pub(crate) struct PostgresDialect;

impl Dialect for PostgresDialect {
    type Db = sqlx::Postgres;

    const BACKEND: Backend = Backend::Postgres;

    fn migrator() -> &'static Migrator {
        &MIGRATOR
    }

    /// `SELECT` of every matching contact brief as one JSON array of arrays (`brief_cols!` order);
    /// `float8::text` prints the shortest text that reads back as the same mass.
    const BRIEFS_AS_JSON: &'static str = "SELECT COALESCE(json_agg(json_build_array(c.id, c.name, o.name, c.circle, \
        c.custom_cadence_days, c.important, c.archived, c.added_on, c.snoozed_until, c.last_touch_on, \
        c.warmth_mass::text, c.strength_mass::text)), '[]')::text";

    /// Prefix of `owner_id` in a statement that reads all of an owner's contacts: none, PostgreSQL
    /// chooses between its index and a scan from its statistics.
    const WHOLE_OWNER_SCAN: &'static str = "";

    /// PostgreSQL picks the due list's ranking index (`shared/due.rs`) by itself when it pays.
    const DUE_RANK_INDEX: &'static str = "";

    /// A contact's birthday as `MM-DD`, whatever the year: the expression `contacts_birthday` indexes.
    const BIRTHDAY_MONTH_DAY: &'static str = "right(c.birthday, 5)";

    /// An aggregate turning every row's `cols` into one JSON array of arrays.
    fn json_rows(cols: &str) -> String {
        format!("COALESCE(json_agg(json_build_array({cols})), '[]')::text")
    }

    /// A float8 column as text that reads back as the same f64.
    fn exact_real(col: &str) -> String {
        format!("{col}::text")
    }

    /// A JSON array of the given SQL expressions.
    fn json_tuple(cols: &str) -> String {
        format!("json_build_array({cols})")
    }

    /// An aggregate of `value` over the rows, in `order`, as a JSON array (`[]` for none).
    fn json_agg_by(value: &str, order: &str) -> String {
        format!("COALESCE(json_agg({value} ORDER BY {order}), '[]'::json)")
    }

    /// A subquery's JSON result placed inside another JSON value.
    fn json_embed(subquery: &str) -> String {
        format!("({subquery})")
    }

    /// A JSON value as text to read into a String.
    fn json_text(expr: &str) -> String {
        format!("({expr})::text")
    }

    /// Writes derived warmth columns for many contacts in one statement per chunk.
    async fn update_derived(conn: &mut PgConnection, owner: OwnerId, rows: &[DerivedRow]) -> StoreResult<()> {
        for part in rows.chunks(CHUNK) {
            sqlx::query(
                "UPDATE contacts c SET last_touch_on = d.last_touch_on, warmth_mass = d.warmth_mass, \
                 touch_count = d.touch_count, due_at = d.due_at, due_on = d.due_on, lost_on = d.lost_on, \
                 strength_mass = d.strength_mass, strength_day = d.strength_day, cadence_days = d.cadence_days \
                 FROM UNNEST($2::bigint[], $3::date[], $4::float8[], $5::bigint[], $6::float8[], $7::date[], \
                 $8::date[], $9::float8[], $10::float8[], $11::bigint[]) AS d (id, last_touch_on, warmth_mass, \
                 touch_count, due_at, due_on, lost_on, strength_mass, strength_day, cadence_days) \
                 WHERE c.id = d.id AND c.owner_id = $1",
            )
            .bind(owner)
            .bind(part.iter().map(|r| r.0).collect::<Vec<_>>())
            .bind(part.iter().map(|r| r.1).collect::<Vec<_>>())
            .bind(part.iter().map(|r| r.2).collect::<Vec<_>>())
            .bind(part.iter().map(|r| r.3).collect::<Vec<_>>())
            .bind(part.iter().map(|r| r.4).collect::<Vec<_>>())
            .bind(part.iter().map(|r| r.5).collect::<Vec<_>>())
            .bind(part.iter().map(|r| r.6).collect::<Vec<_>>())
            .bind(part.iter().map(|r| r.7).collect::<Vec<_>>())
            .bind(part.iter().map(|r| r.8).collect::<Vec<_>>())
            .bind(part.iter().map(|r| r.9).collect::<Vec<_>>())
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }

    /// `IN` over the ids of a JSON array bound as `$2`.
    const LOCK_ROWS: &'static str = " FOR UPDATE";
    const ID_IN_JSON_LIST: &'static str = "IN (SELECT jsonb_array_elements_text($2::jsonb)::bigint)";
    const TEXT_IN_JSON_LIST: &'static str = "IN (SELECT jsonb_array_elements_text($2::jsonb))";

    async fn begin_write(pool: &PgPool) -> StoreResult<sqlx::Transaction<'static, sqlx::Postgres>> {
        Ok(pool.begin().await?)
    }

    /// A committed bulk load needs nothing more on PostgreSQL: its server writes back in its own time.
    async fn settle_after_bulk(_pool: &PgPool) -> StoreResult<()> {
        Ok(())
    }

    /// The GIN index over `to_tsvector('simple', search_text)` follows the column by itself.
    /// The search text is a column of the contact: it goes with the row.
    async fn fts_delete(_conn: &mut PgConnection, _id: ContactId) -> StoreResult<()> {
        Ok(())
    }

    /// PostgreSQL reclaims deleted rows with VACUUM; nothing to do per write.
    async fn wipe_freed(_pool: &PgPool) -> StoreResult<()> {
        Ok(())
    }

    async fn fts_set(_conn: &mut PgConnection, _id: ContactId, _text: &str) -> StoreResult<()> {
        Ok(())
    }

    /// Each searched table has a GIN index over `to_tsvector('simple', search_text)`, partial
    /// (`search_text <> ''`) where many rows have no text.
    fn push_matching_ids(qb: &mut sqlx::QueryBuilder<sqlx::Postgres>, table: &'static str, words: &[String]) {
        qb.push(format!(
            "SELECT id FROM {table} WHERE search_text <> '' AND to_tsvector('simple', search_text) @@ \
             to_tsquery('simple', "
        ))
        .push_bind(text::tsquery(words))
        .push(")");
    }

    /// `n` ids from the table's identity sequence, ascending.
    async fn reserve_ids(conn: &mut PgConnection, table: &str, n: usize) -> StoreResult<Vec<i64>> {
        let sql = match table {
            "contacts" => {
                "SELECT nextval(pg_get_serial_sequence('contacts', 'id')) FROM generate_series(1, $1) ORDER BY 1"
            }
            _ => "SELECT nextval(pg_get_serial_sequence('interactions', 'id')) FROM generate_series(1, $1) ORDER BY 1",
        };
        Ok(sqlx::query_scalar(sql).bind(n as i64).fetch_all(&mut *conn).await?)
    }

    /// Writes interactions and their people, one `UNNEST` per chunk.
    async fn write_interactions(
        conn: &mut PgConnection,
        owner: OwnerId,
        now: DateTime<Utc>,
        interactions: &[BulkInteractionRow<'_>],
        links: &[(i64, i64)],
    ) -> StoreResult<()> {
        for part in interactions.chunks(CHUNK) {
            sqlx::query(
                "INSERT INTO interactions (owner_id, created_at, id, kind, on_date, minutes, note, gave, got, \
                 they_initiated, weight, favor_contact_id, people, search_text) SELECT $1, $2, * FROM \
                 UNNEST($3::bigint[], $4::text[], $5::date[], $6::bigint[], $7::text[], $8::text[], $9::text[], \
                 $10::boolean[], $11::float8[], $12::bigint[], $13::bigint[], $14::text[])",
            )
            .bind(owner)
            .bind(now)
            .bind(part.iter().map(|i| i.id).collect::<Vec<_>>())
            .bind(part.iter().map(|i| i.kind).collect::<Vec<_>>())
            .bind(part.iter().map(|i| i.on).collect::<Vec<_>>())
            .bind(part.iter().map(|i| i.minutes).collect::<Vec<_>>())
            .bind(part.iter().map(|i| i.note).collect::<Vec<_>>())
            .bind(part.iter().map(|i| i.gave).collect::<Vec<_>>())
            .bind(part.iter().map(|i| i.got).collect::<Vec<_>>())
            .bind(part.iter().map(|i| i.they_initiated).collect::<Vec<_>>())
            .bind(part.iter().map(|i| i.weight).collect::<Vec<_>>())
            .bind(part.iter().map(|i| i.favor_contact_id).collect::<Vec<_>>())
            .bind(part.iter().map(|i| i.people).collect::<Vec<_>>())
            .bind(part.iter().map(|i| i.search_text.as_str()).collect::<Vec<_>>())
            .execute(&mut *conn)
            .await?;
        }
        for part in links.chunks(CHUNK) {
            sqlx::query(
                "INSERT INTO interaction_contacts (owner_id, interaction_id, contact_id) \
                 SELECT $1, * FROM UNNEST($2::bigint[], $3::bigint[])",
            )
            .bind(owner)
            .bind(part.iter().map(|l| l.0).collect::<Vec<_>>())
            .bind(part.iter().map(|l| l.1).collect::<Vec<_>>())
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }

    /// Records where interactions came from, so the same source is never imported twice.
    async fn write_sources(conn: &mut PgConnection, owner: OwnerId, sources: &[(&str, i64)]) -> StoreResult<()> {
        for part in sources.chunks(CHUNK) {
            sqlx::query(
                "INSERT INTO interaction_sources (owner_id, source_key, interaction_id) \
                 SELECT $1, * FROM UNNEST($2::text[], $3::bigint[])",
            )
            .bind(owner)
            .bind(part.iter().map(|s| s.0).collect::<Vec<_>>())
            .bind(part.iter().map(|s| s.1).collect::<Vec<_>>())
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }

    async fn write_bulk(conn: &mut PgConnection, owner: OwnerId, rows: BulkRows<'_>) -> StoreResult<()> {
        for part in rows.contacts.chunks(CHUNK) {
            let col = |f: fn(&BulkContactRow) -> Option<&str>| part.iter().map(f).collect::<Vec<_>>();
            sqlx::query(
                "INSERT INTO contacts (owner_id, updated_at, id, uid, etag, name, name_key, given_name, \
                 family_name, org_id, title, location, circle, custom_cadence_days, met_at, met_on, linkedin, \
                 website, birthday, notes, important, added_on, search_text, touch_count, last_touch_on, \
                 warmth_mass, due_at, due_on, lost_on, archived, snoozed_until, strength_mass, strength_day, \
                 cadence_days) \
                 SELECT $1, $2, * FROM UNNEST($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], \
                 $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[], $13::text[], $14::bigint[], \
                 $15::text[], $16::date[], $17::text[], $18::text[], $19::text[], $20::text[], $21::boolean[], \
                 $22::date[], $23::text[], $24::bigint[], $25::date[], $26::float8[], $27::float8[], $28::date[], \
                 $29::date[], $30::boolean[], $31::date[], $32::float8[], $33::float8[], $34::bigint[])",
            )
            .bind(owner)
            .bind(rows.now)
            .bind(part.iter().map(|c| c.id).collect::<Vec<_>>())
            .bind(col(|c| Some(&c.uid)))
            .bind(col(|c| Some(&c.etag)))
            .bind(col(|c| Some(&c.name)))
            .bind(col(|c| Some(&c.name_key)))
            .bind(col(|c| Some(&c.given_name)))
            .bind(col(|c| Some(&c.family_name)))
            .bind(part.iter().map(|c| c.org_id).collect::<Vec<_>>())
            .bind(col(|c| c.title.as_deref()))
            .bind(col(|c| c.location.as_deref()))
            .bind(col(|c| Some(c.circle)))
            .bind(part.iter().map(|c| c.custom_cadence_days).collect::<Vec<_>>())
            .bind(col(|c| c.met_at.as_deref()))
            .bind(part.iter().map(|c| c.met_on).collect::<Vec<_>>())
            .bind(col(|c| c.linkedin.as_deref()))
            .bind(col(|c| c.website.as_deref()))
            .bind(col(|c| c.birthday.as_deref()))
            .bind(col(|c| c.notes.as_deref()))
            .bind(part.iter().map(|c| c.important).collect::<Vec<_>>())
            .bind(part.iter().map(|c| c.added_on).collect::<Vec<_>>())
            .bind(col(|c| Some(&c.search_text)))
            .bind(part.iter().map(|c| c.touch_count).collect::<Vec<_>>())
            .bind(part.iter().map(|c| c.derived.last_touch_on).collect::<Vec<_>>())
            .bind(part.iter().map(|c| c.derived.warmth_mass).collect::<Vec<_>>())
            .bind(part.iter().map(|c| c.derived.due_at).collect::<Vec<_>>())
            .bind(part.iter().map(|c| c.derived.due_on).collect::<Vec<_>>())
            .bind(part.iter().map(|c| c.derived.lost_on).collect::<Vec<_>>())
            .bind(part.iter().map(|c| c.archived).collect::<Vec<_>>())
            .bind(part.iter().map(|c| c.snoozed_until).collect::<Vec<_>>())
            .bind(part.iter().map(|c| c.derived.strength_mass).collect::<Vec<_>>())
            .bind(part.iter().map(|c| c.derived.strength_day).collect::<Vec<_>>())
            .bind(part.iter().map(|c| c.derived.cadence_days).collect::<Vec<_>>())
            .execute(&mut *conn)
            .await?;
        }
        for part in rows.emails.chunks(CHUNK) {
            sqlx::query(
                "INSERT INTO contact_emails (owner_id, contact_id, email, email_key, position) \
                 SELECT $1, * FROM UNNEST($2::bigint[], $3::text[], $4::text[], $5::bigint[])",
            )
            .bind(owner)
            .bind(part.iter().map(|e| e.0).collect::<Vec<_>>())
            .bind(part.iter().map(|e| e.1.as_str()).collect::<Vec<_>>())
            .bind(part.iter().map(|e| e.2.as_str()).collect::<Vec<_>>())
            .bind(part.iter().map(|e| e.3).collect::<Vec<_>>())
            .execute(&mut *conn)
            .await?;
        }
        for part in rows.phones.chunks(CHUNK) {
            sqlx::query(
                "INSERT INTO contact_phones (owner_id, contact_id, phone, position) \
                 SELECT $1, * FROM UNNEST($2::bigint[], $3::text[], $4::bigint[]) ON CONFLICT DO NOTHING",
            )
            .bind(owner)
            .bind(part.iter().map(|p| p.0).collect::<Vec<_>>())
            .bind(part.iter().map(|p| p.1.as_str()).collect::<Vec<_>>())
            .bind(part.iter().map(|p| p.2).collect::<Vec<_>>())
            .execute(&mut *conn)
            .await?;
        }
        for part in rows.tags.chunks(CHUNK) {
            sqlx::query(
                "INSERT INTO contact_tags (owner_id, contact_id, tag, tag_key) \
                 SELECT $1, * FROM UNNEST($2::bigint[], $3::text[], $4::text[])",
            )
            .bind(owner)
            .bind(part.iter().map(|t| t.0).collect::<Vec<_>>())
            .bind(part.iter().map(|t| t.1.as_str()).collect::<Vec<_>>())
            .bind(part.iter().map(|t| t.2.as_str()).collect::<Vec<_>>())
            .execute(&mut *conn)
            .await?;
        }
        for part in rows.memberships.chunks(CHUNK) {
            sqlx::query(
                "INSERT INTO memberships (owner_id, contact_id, org_id, role) \
                 SELECT $1, * FROM UNNEST($2::bigint[], $3::bigint[], $4::text[])",
            )
            .bind(owner)
            .bind(part.iter().map(|m| m.0).collect::<Vec<_>>())
            .bind(part.iter().map(|m| m.1).collect::<Vec<_>>())
            .bind(part.iter().map(|m| m.2).collect::<Vec<_>>())
            .execute(&mut *conn)
            .await?;
        }
        Self::write_interactions(conn, owner, rows.now, &rows.interactions, &rows.links).await?;
        Self::write_sources(conn, owner, &rows.sources).await?;
        for part in rows.extras.chunks(CHUNK) {
            sqlx::query(
                "INSERT INTO contact_extras (owner_id, contact_id, position, line) \
                 SELECT $1, * FROM UNNEST($2::bigint[], $3::bigint[], $4::text[])",
            )
            .bind(owner)
            .bind(part.iter().map(|e| e.0).collect::<Vec<_>>())
            .bind(part.iter().map(|e| e.1).collect::<Vec<_>>())
            .bind(part.iter().map(|e| e.2).collect::<Vec<_>>())
            .execute(&mut *conn)
            .await?;
        }
        for part in rows.followups.chunks(CHUNK) {
            sqlx::query(
                "INSERT INTO followups (owner_id, contact_id, due_on, note, created_on, done_on, search_text) \
                 SELECT $1, * FROM UNNEST($2::bigint[], $3::date[], $4::text[], $5::date[], $6::date[], $7::text[])",
            )
            .bind(owner)
            .bind(part.iter().map(|f| f.contact_id).collect::<Vec<_>>())
            .bind(part.iter().map(|f| f.due_on).collect::<Vec<_>>())
            .bind(part.iter().map(|f| f.note).collect::<Vec<_>>())
            .bind(part.iter().map(|f| f.created_on).collect::<Vec<_>>())
            .bind(part.iter().map(|f| f.done_on).collect::<Vec<_>>())
            .bind(part.iter().map(|f| f.search_text.as_str()).collect::<Vec<_>>())
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }
}
