//! Reconnections kept by the store: the days on which a touch revived a lost relationship, one row
//! per contact and day in `reconnections`. They are replaced whenever a contact's derived warmth
//! columns are, from the same touches and in the same transaction, with kith-core's one rule
//! (`habit::revival_days`); the goals then count them per day from an index instead of replaying
//! every touch. A database from before the table existed is filled once, when kith opens it.

use std::collections::HashMap;

use chrono::NaiveDate;
use kith_core::{Circle, ContactId, habit::revival_days};
use sqlx::QueryBuilder;

use crate::{OwnerId, StoreResult, dialect::Dialect};

use super::pending::fill_marked;
use super::rows::{bad_data, cadence, parse_circle};
use super::{Conn, D, Db};

const ID_IN_JSON_LIST: &str = D::ID_IN_JSON_LIST;
/// The setting that marks an owner's reconnections as not computed yet (set by the migration that
/// added the table, removed by the fill in its transaction).
const RECONNECTIONS_PENDING: &str = "reconnections_pending";

/// Rows per multi-row insert: three parameters each, well under both backends' limits.
const RECONNECTION_ROWS: usize = 10_000;

/// Contacts per read while filling an existing network: a few megabytes of touches at a time.
const FILL_CONTACTS: usize = 5_000;

/// Appends `(id, day)` for every day `touches` (oldest first) revived contact `id`.
pub(super) fn push_revivals(
    out: &mut Vec<(ContactId, NaiveDate)>,
    id: ContactId,
    circle: Circle,
    custom_cadence_days: Option<u32>,
    touches: &[(NaiveDate, f64)],
) {
    out.extend(revival_days(circle, custom_cadence_days, touches).into_iter().map(|d| (id, d)));
}

pub(super) async fn insert_reconnections(
    conn: &mut Conn,
    owner: OwnerId,
    rows: &[(ContactId, NaiveDate)],
) -> StoreResult<()> {
    for part in rows.chunks(RECONNECTION_ROWS) {
        let mut qb = QueryBuilder::<Db>::new("INSERT INTO reconnections (owner_id, contact_id, on_date) ");
        qb.push_values(part, |mut b, (id, on)| {
            b.push_bind(owner).push_bind(*id).push_bind(*on);
        });
        qb.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Replaces one contact's reconnection days.
pub(super) async fn replace_reconnections(
    conn: &mut Conn,
    owner: OwnerId,
    id: ContactId,
    days: &[NaiveDate],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM reconnections WHERE contact_id = $1 AND owner_id = $2")
        .bind(id)
        .bind(owner)
        .execute(&mut *conn)
        .await?;
    let rows: Vec<(ContactId, NaiveDate)> = days.iter().map(|d| (id, *d)).collect();
    insert_reconnections(conn, owner, &rows).await
}

/// Replaces the reconnection days of the contacts listed in `ids_json` (a JSON array) with `rows`.
pub(super) async fn replace_reconnections_of(
    conn: &mut Conn,
    owner: OwnerId,
    ids_json: &str,
    rows: &[(ContactId, NaiveDate)],
) -> StoreResult<()> {
    // `+` so the id list drives the delete, not the owner index.
    let sql = format!("DELETE FROM reconnections WHERE +owner_id = $1 AND contact_id {ID_IN_JSON_LIST}");
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(owner).bind(ids_json).execute(&mut *conn).await?;
    insert_reconnections(conn, owner, rows).await
}

/// Each listed contact's touches, oldest first (by date, then interaction id: the order
/// `refresh_warmth` folds them in). `ids_json` is a JSON array of contact ids.
pub(super) async fn touches_of(
    conn: &mut Conn,
    owner: OwnerId,
    ids_json: &str,
) -> StoreResult<HashMap<ContactId, Vec<(NaiveDate, f64)>>> {
    let sql = format!(
        "SELECT {} FROM interaction_contacts ic JOIN interactions i ON i.id = ic.interaction_id \
         WHERE ic.owner_id = $1 AND ic.contact_id {ID_IN_JSON_LIST}",
        D::json_rows(&format!("ic.contact_id, i.id, i.on_date, {}", D::exact_real("i.weight")))
    );
    let json: String =
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(owner).bind(ids_json).fetch_one(&mut *conn).await?;
    let mut touches: Vec<(i64, i64, NaiveDate, &str)> =
        serde_json::from_str(&json).map_err(|e| bad_data("interactions", &e.to_string()))?;
    touches.sort_unstable_by_key(|t| (t.0, t.2, t.1));
    let mut by_contact: HashMap<ContactId, Vec<(NaiveDate, f64)>> = HashMap::new();
    for (contact, _, on, weight) in touches {
        let w = weight.parse::<f64>().map_err(|_| bad_data("weight", weight))?;
        by_contact.entry(contact).or_default().push((on, w));
    }
    Ok(by_contact)
}

/// Reconnections per day from `from` to `to`, oldest first: a range of the (owner, day) index.
pub(super) async fn reconnections_per_day(
    conn: &mut Conn,
    owner: OwnerId,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<(NaiveDate, u64)>> {
    let rows: Vec<(NaiveDate, i64)> = sqlx::query_as(
        "SELECT on_date, COUNT(*) FROM reconnections WHERE owner_id = $1 AND on_date >= $2 AND on_date <= $3 \
         GROUP BY on_date ORDER BY on_date",
    )
    .bind(owner)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|(d, n)| (d, n.max(0) as u64)).collect())
}

/// Fills the reconnections of every owner the migration marked, each in one transaction that also
/// removes the mark (`shared/pending.rs`).
pub(crate) async fn fill_pending_reconnections(pool: &sqlx::Pool<Db>) -> StoreResult<()> {
    fill_marked(pool, RECONNECTIONS_PENDING, fill_reconnections).await
}

/// Computes every contact's reconnection days from its touches, a few thousand contacts at a time.
async fn fill_reconnections(conn: &mut Conn, owner: OwnerId) -> StoreResult<()> {
    let contacts: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, circle, custom_cadence_days FROM contacts WHERE owner_id = $1 AND last_touch_on IS NOT NULL \
         ORDER BY id",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM reconnections WHERE owner_id = $1").bind(owner).execute(&mut *conn).await?;
    for chunk in contacts.chunks(FILL_CONTACTS) {
        let ids: Vec<i64> = chunk.iter().map(|c| c.0).collect();
        let ids_json = serde_json::to_string(&ids).map_err(|e| bad_data("contact ids", &e.to_string()))?;
        let touches = touches_of(conn, owner, &ids_json).await?;
        let mut rows = Vec::new();
        for (id, circle, cadence_days) in chunk {
            if let Some(t) = touches.get(id) {
                push_revivals(&mut rows, *id, parse_circle(circle)?, cadence(*cadence_days), t);
            }
        }
        insert_reconnections(conn, owner, &rows).await?;
    }
    Ok(())
}
