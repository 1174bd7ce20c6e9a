//! The multi-row writes of bulk loads and imports on SQLite (the dialect's `write_*`).
//!
//! Every table's rows go in as one statement per chunk, the rows as a JSON array read by
//! `jsonb_each`, the values all rows share bound once (see `sqlite_batch`). Tens of thousands of
//! rows thus cost one statement, not a statement per row or a parameter per field — binding 29
//! parameters per contact cost more than SQLite's own inserts into the table and its indexes.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection as Conn;

use crate::{
    OwnerId, StoreResult,
    sqlite_batch::{Cell, batch, encode_error},
    write_rows::{BulkContactRow, BulkInteractionRow, BulkRows, while_freeing},
};

/// Rows per JSON array in bulk loads.
pub(crate) const JSON_CHUNK: usize = 100_000;

pub(crate) fn to_json<T: serde::Serialize + ?Sized>(rows: &T) -> StoreResult<String> {
    serde_json::to_string(rows).map_err(encode_error)
}

/// Inserts `rows` into `table`'s `columns` (after `owner_id`), each row's values given by `cells`
/// in the order of `columns`.
async fn insert_rows<'a, T, const N: usize>(
    conn: &mut Conn,
    owner: OwnerId,
    table: &str,
    columns: [&str; N],
    rows: &'a [T],
    cells: impl Fn(&'a T) -> [Cell<'a>; N],
) -> StoreResult<()> {
    for part in rows.chunks(JSON_CHUNK) {
        let Some(batch) = batch(table, columns, part, &cells)? else {
            continue;
        };
        // The statement names only the table and columns given here in code, never user input.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(batch.sql)).bind(owner).bind(batch.rows_json);
        for cell in batch.shared {
            query = match cell {
                Cell::Null => query.bind(None::<i64>),
                Cell::Int(v) => query.bind(v),
                Cell::Real(v) => query.bind(v),
                Cell::Text(v) => query.bind(v),
                Cell::Date(v) => query.bind(v),
            };
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

async fn write_contacts(conn: &mut Conn, owner: OwnerId, now: &str, contacts: &[BulkContactRow]) -> StoreResult<()> {
    let columns = [
        "updated_at",
        "id",
        "uid",
        "etag",
        "name",
        "name_key",
        "given_name",
        "family_name",
        "org_id",
        "title",
        "location",
        "circle",
        "custom_cadence_days",
        "met_at",
        "met_on",
        "linkedin",
        "website",
        "birthday",
        "notes",
        "important",
        "archived",
        "added_on",
        "snoozed_until",
        "search_text",
        "touch_count",
        "last_touch_on",
        "warmth_mass",
        "due_at",
        "due_on",
        "lost_on",
        "strength_mass",
        "strength_day",
        "cadence_days",
    ];
    insert_rows(conn, owner, "contacts", columns, contacts, |c| {
        let d = &c.derived;
        [
            now.into(),
            c.id.into(),
            (&c.uid).into(),
            (&c.etag).into(),
            (&c.name).into(),
            (&c.name_key).into(),
            (&c.given_name).into(),
            (&c.family_name).into(),
            c.org_id.into(),
            c.title.as_ref().into(),
            c.location.as_ref().into(),
            c.circle.into(),
            c.custom_cadence_days.into(),
            c.met_at.as_ref().into(),
            c.met_on.into(),
            c.linkedin.as_ref().into(),
            c.website.as_ref().into(),
            c.birthday.as_ref().into(),
            c.notes.as_ref().into(),
            c.important.into(),
            c.archived.into(),
            c.added_on.into(),
            c.snoozed_until.into(),
            (&c.search_text).into(),
            c.touch_count.into(),
            d.last_touch_on.into(),
            d.warmth_mass.into(),
            d.due_at.into(),
            d.due_on.into(),
            d.lost_on.into(),
            d.strength_mass.into(),
            d.strength_day.into(),
            d.cadence_days.into(),
        ]
    })
    .await
}

/// Writes interactions and their people.
pub(crate) async fn write_interactions(
    conn: &mut Conn,
    owner: OwnerId,
    now: DateTime<Utc>,
    interactions: &[BulkInteractionRow<'_>],
    links: &[(i64, i64)],
) -> StoreResult<()> {
    // As sqlx writes a timestamp, so rows written one by one and in bulk read back alike.
    let now = now.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false);
    let columns = [
        "created_at",
        "id",
        "kind",
        "on_date",
        "minutes",
        "note",
        "gave",
        "got",
        "they_initiated",
        "weight",
        "favor_contact_id",
        "people",
        "search_text",
    ];
    insert_rows(conn, owner, "interactions", columns, interactions, |i| {
        [
            now.as_str().into(),
            i.id.into(),
            i.kind.into(),
            i.on.into(),
            i.minutes.into(),
            i.note.into(),
            i.gave.into(),
            i.got.into(),
            i.they_initiated.into(),
            i.weight.into(),
            i.favor_contact_id.into(),
            i.people.into(),
            (&i.search_text).into(),
        ]
    })
    .await?;
    insert_rows(conn, owner, "interaction_contacts", ["interaction_id", "contact_id"], links, |l| {
        [l.0.into(), l.1.into()]
    })
    .await
}

/// Records where interactions came from, so the same source is never imported twice.
pub(crate) async fn write_sources(conn: &mut Conn, owner: OwnerId, sources: &[(&str, i64)]) -> StoreResult<()> {
    insert_rows(conn, owner, "interaction_sources", ["source_key", "interaction_id"], sources, |s| {
        [s.0.into(), s.1.into()]
    })
    .await
}

pub(crate) async fn write_bulk(conn: &mut Conn, owner: OwnerId, rows: BulkRows<'_>) -> StoreResult<()> {
    let cache_before: i64 = sqlx::query_scalar("PRAGMA cache_size").fetch_one(&mut *conn).await?;
    sqlx::query("PRAGMA cache_size = -262144").execute(&mut *conn).await?;
    let now = rows.now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    write_contacts(conn, owner, &now, &rows.contacts).await?;
    insert_rows(conn, owner, "contact_emails", ["contact_id", "email", "email_key", "position"], &rows.emails, |e| {
        [e.0.into(), (&e.1).into(), (&e.2).into(), e.3.into()]
    })
    .await?;
    insert_rows(conn, owner, "contact_phones", ["contact_id", "phone", "position"], &rows.phones, |p| {
        [p.0.into(), (&p.1).into(), p.2.into()]
    })
    .await?;
    insert_rows(conn, owner, "contact_tags", ["contact_id", "tag", "tag_key"], &rows.tags, |t| {
        [t.0.into(), (&t.1).into(), (&t.2).into()]
    })
    .await?;
    insert_rows(conn, owner, "memberships", ["contact_id", "org_id", "role"], &rows.memberships, |m| {
        [m.0.into(), m.1.into(), m.2.into()]
    })
    .await?;
    // The two secondary indexes of interactions are built once at the end when the load
    // starts from an empty table: cheaper than keeping them sorted row by row. They are built again
    // from their own definitions as the migrations left them, so the schema stays in one place.
    let empty: bool =
        sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM interaction_contacts)").fetch_one(&mut *conn).await?;
    let rebuilt: Vec<(String, String)> = if empty && !rows.links.is_empty() {
        sqlx::query_as(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' \
             AND name IN ('interactions_on', 'interaction_contacts_contact') ORDER BY name",
        )
        .fetch_all(&mut *conn)
        .await?
    } else {
        Vec::new()
    };
    for (name, _) in &rebuilt {
        // Names read from the schema just above, from a fixed list.
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP INDEX {name}"))).execute(&mut *conn).await?;
    }
    write_interactions(conn, owner, rows.now, &rows.interactions, &rows.links).await?;
    for (_, sql) in &rebuilt {
        sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).execute(&mut *conn).await?;
    }
    write_sources(conn, owner, &rows.sources).await?;
    insert_rows(conn, owner, "contact_extras", ["contact_id", "position", "line"], &rows.extras, |x| {
        [x.0.into(), x.1.into(), x.2.into()]
    })
    .await?;
    let columns = ["contact_id", "due_on", "note", "created_on", "done_on", "search_text"];
    insert_rows(conn, owner, "followups", columns, &rows.followups, |f| {
        [
            f.contact_id.into(),
            f.due_on.into(),
            f.note.into(),
            f.created_on.into(),
            f.done_on.into(),
            (&f.search_text).into(),
        ]
    })
    .await?;
    // The full-text index of the new contacts, the longest statement of a load after the
    // contacts themselves: the rows are freed meanwhile.
    let ids = rows.contacts.first().zip(rows.contacts.last()).map(|(first, last)| (first.id, last.id));
    if let Some((first, last)) = ids {
        let index = sqlx::query(
            "INSERT INTO contacts_fts (rowid, search_text) SELECT id, search_text FROM contacts \
             WHERE id >= $1 AND id <= $2",
        )
        .bind(first)
        .bind(last)
        .execute(&mut *conn);
        while_freeing(index, rows).await?;
    }
    // The connection goes back to the pool: a server must not keep a bulk load's cache.
    // An integer read back from SQLite itself: nothing a user typed.
    sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA cache_size = {cache_before}"))).execute(&mut *conn).await?;
    sqlx::query("PRAGMA shrink_memory").execute(&mut *conn).await?;
    Ok(())
}
