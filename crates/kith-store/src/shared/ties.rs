//! Inferred ties between contacts, kept in `ties` by the transactions that write their evidence.
//!
//! Every write that adds, changes or removes a touch or an event with two people or more calls
//! [`refresh_ties`] for its people: their ties are folded again from their own history (a few
//! hundred rows for the busiest contact), so edits, deletions and merges are as right as additions.
//! A whole database is inferred once ([`infer_all`]): when it is first opened after the migration,
//! after a demo load and after a restore.

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    ContactId, InteractionKind, Weights,
    ties::{Evidence, InferredTie, MAX_GROUP, fold},
};
use sqlx::QueryBuilder;
use tracing::instrument;

use crate::{OwnerId, StoreResult, TieStore, dialect::Dialect};

use super::pending::fill_marked;
use super::rows::{id_list, parse_kind, push_ids};
use super::{Conn, D, Db, ThisStore};

/// The setting the migration marks owners with until their ties are inferred.
const TIES_PENDING: &str = "ties_pending";

/// Contacts per statement: well under every backend's limit on bound values.
const CHUNK: usize = 500;

/// One row of evidence: the two people, its source (an interaction's id, an event's id negated),
/// its kind, day and weight.
type EvidenceRow = (ContactId, ContactId, i64, String, NaiveDate, f64);

/// Infers the ties of every owner the migration marked, each in one transaction.
pub(crate) async fn fill_pending_ties(pool: &sqlx::Pool<Db>) -> StoreResult<()> {
    fill_marked(pool, TIES_PENDING, infer_all).await
}

/// The shared touches (not an event's own touch) and events of the people the `filter` names.
fn evidence_sql(touch_filter: &str, event_filter: &str) -> String {
    format!(
        "SELECT ic1.contact_id, ic2.contact_id, i.id, i.kind, i.on_date, i.weight FROM interaction_contacts ic1 \
         JOIN interaction_contacts ic2 ON ic2.interaction_id = ic1.interaction_id AND ic2.contact_id <> ic1.contact_id \
         JOIN interactions i ON i.id = ic1.interaction_id WHERE ic1.owner_id = $1 AND {touch_filter} \
         AND (SELECT COUNT(*) FROM interaction_contacts n WHERE n.interaction_id = ic1.interaction_id) <= {MAX_GROUP} \
         AND NOT EXISTS (SELECT 1 FROM events e WHERE e.interaction_id = ic1.interaction_id) \
         UNION ALL SELECT ep1.contact_id, ep2.contact_id, -e.id, 'event', e.on_date, COALESCE(w.weight, $2) \
         FROM event_people ep1 JOIN event_people ep2 ON ep2.event_id = ep1.event_id AND ep2.contact_id <> ep1.contact_id \
         JOIN events e ON e.id = ep1.event_id LEFT JOIN interactions w ON w.id = e.interaction_id \
         WHERE ep1.owner_id = $1 AND {event_filter} \
         AND (SELECT COUNT(*) FROM event_people n WHERE n.event_id = ep1.event_id) <= {MAX_GROUP}"
    )
}

fn folded(rows: Vec<EvidenceRow>) -> StoreResult<Vec<InferredTie>> {
    let mut evidence = Vec::with_capacity(rows.len());
    for (x, y, source, kind, on, weight) in rows {
        evidence.push((x, y, source, Evidence::of_kind(parse_kind(&kind)?), on, weight));
    }
    Ok(fold(evidence))
}

fn event_weight() -> f64 {
    Weights::default().of(InteractionKind::Event)
}

/// Folds again every tie of `people` from their history, in the caller's transaction.
pub(super) async fn refresh_ties(conn: &mut Conn, owner: OwnerId, people: &[ContactId]) -> StoreResult<()> {
    let mut people = people.to_vec();
    people.sort_unstable();
    people.dedup();
    let mut rows: Vec<EvidenceRow> = Vec::new();
    for chunk in people.chunks(CHUNK) {
        let mut qb = QueryBuilder::<Db>::new("DELETE FROM ties WHERE owner_id = ");
        qb.push_bind(owner).push(" AND (a IN ");
        push_ids(&mut qb, chunk);
        qb.push(" OR b IN ");
        push_ids(&mut qb, chunk);
        qb.push(")");
        qb.build().execute(&mut *conn).await?;
        // Numbers, written into the statement: the same list in both halves.
        let list = id_list(chunk);
        let sql = evidence_sql(&format!("ic1.contact_id IN {list}"), &format!("ep1.contact_id IN {list}"));
        let found: Vec<EvidenceRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(owner).bind(event_weight()).fetch_all(&mut *conn).await?;
        rows.extend(found);
    }
    // A tie between two of `people` was deleted twice and is written once.
    insert_ties(conn, owner, &folded(rows)?).await
}

/// Infers every tie of `owner` from all the history, replacing what was there.
pub(super) async fn infer_all(conn: &mut Conn, owner: OwnerId) -> StoreResult<()> {
    sqlx::query("DELETE FROM ties WHERE owner_id = $1").bind(owner).execute(&mut *conn).await?;
    let sql = evidence_sql("ic2.contact_id > ic1.contact_id", "ep2.contact_id > ep1.contact_id");
    let rows: Vec<EvidenceRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(owner).bind(event_weight()).fetch_all(&mut *conn).await?;
    insert_ties(conn, owner, &folded(rows)?).await
}

async fn insert_ties(conn: &mut Conn, owner: OwnerId, ties: &[InferredTie]) -> StoreResult<()> {
    // Eight values a row: a few thousand rows a statement.
    for chunk in ties.chunks(2_000) {
        let mut qb =
            QueryBuilder::<Db>::new("INSERT INTO ties (owner_id, a, b, touches, mails, events, last_on, strength) ");
        qb.push_values(chunk, |mut row, t| {
            row.push_bind(owner)
                .push_bind(t.a)
                .push_bind(t.b)
                .push_bind(i64::from(t.touches))
                .push_bind(i64::from(t.mails))
                .push_bind(i64::from(t.events))
                .push_bind(t.last_on)
                .push_bind(t.strength);
        });
        qb.build().execute(&mut *conn).await?;
    }
    Ok(())
}

pub(super) type TieRow = (ContactId, ContactId, i64, i64, i64, NaiveDate, f64);

pub(super) fn tie_of((a, b, touches, mails, events, last_on, strength): TieRow) -> InferredTie {
    InferredTie { a, b, touches: touches as u32, mails: mails as u32, events: events as u32, last_on, strength }
}

#[async_trait]
impl TieStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner, people = people.len()))]
    async fn ties_of(&self, people: &[ContactId]) -> StoreResult<Vec<InferredTie>> {
        let mut out = Vec::new();
        let mut conn = self.pool.acquire().await?;
        for chunk in people.chunks(CHUNK) {
            let mut qb = QueryBuilder::<Db>::new(
                "SELECT a, b, touches, mails, events, last_on, strength FROM ties WHERE owner_id = ",
            );
            qb.push_bind(self.owner).push(" AND a IN ");
            push_ids(&mut qb, chunk);
            qb.push(" UNION SELECT a, b, touches, mails, events, last_on, strength FROM ties WHERE owner_id = ");
            qb.push_bind(self.owner).push(" AND b IN ");
            push_ids(&mut qb, chunk);
            let rows: Vec<TieRow> = qb.build_query_as().fetch_all(&mut *conn).await?;
            out.extend(rows.into_iter().map(tie_of));
        }
        out.sort_by_key(|t| (t.a, t.b));
        out.dedup_by_key(|t| (t.a, t.b));
        Ok(out)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn infer_all_ties(&self) -> StoreResult<u64> {
        let mut tx = D::begin_write(&self.pool).await?;
        infer_all(&mut tx, self.owner).await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ties WHERE owner_id = $1")
            .bind(self.owner)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(n as u64)
    }
}
