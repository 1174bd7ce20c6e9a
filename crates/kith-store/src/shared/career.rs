//! The user's career record and accomplishments. The record is one row per owner in `career`,
//! shared with LinkedIn imports: they write the connection count there too, so a count set by hand
//! and a later import overwrite each other and the newest write wins.

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    ValidationError,
    career::{
        Accomplishment, AccomplishmentId, CareerPatch, CareerRecord, DEFAULT_CONNECTIONS_TARGET, NewAccomplishment,
    },
    snapshot::SnapshotCareer,
};
use tracing::instrument;

use crate::{CareerStore, OwnerId, StoreError, StoreResult, dialect::Dialect};

use super::import::set_linkedin_connections;
use super::rows::{bad_data, log_change};
use super::{Conn, D, ThisStore};

type CareerRow = (Option<i64>, Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>, Option<i64>);
type AccomplishmentRow = (i64, String, NaiveDate, Option<String>, Option<String>);

async fn career_record(conn: &mut Conn, owner: OwnerId) -> StoreResult<CareerRecord> {
    let row: Option<CareerRow> = sqlx::query_as(
        "SELECT linkedin_connections, linkedin_connections_on, resume_updated_on, linkedin_updated_on, \
         connections_target FROM career WHERE owner_id = $1",
    )
    .bind(owner)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((connections, connections_on, resume, linkedin, target)) = row else {
        return Ok(CareerRecord::default());
    };
    let count = |what: &str, n: i64| u32::try_from(n).map_err(|_| bad_data(what, &n.to_string()));
    Ok(CareerRecord {
        resume_updated_on: resume,
        linkedin_updated_on: linkedin,
        connections: connections.map(|n| count("connection count", n)).transpose()?,
        connections_on,
        connections_target: target
            .map(|n| count("connection target", n))
            .transpose()?
            .unwrap_or(DEFAULT_CONNECTIONS_TARGET),
    })
}

/// Writes the fields of `patch` that are given; a connection count is dated `today`.
async fn patch_career(conn: &mut Conn, owner: OwnerId, patch: &CareerPatch, today: NaiveDate) -> StoreResult<()> {
    sqlx::query("INSERT INTO career (owner_id) VALUES ($1) ON CONFLICT (owner_id) DO NOTHING")
        .bind(owner)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE career SET resume_updated_on = COALESCE($2, resume_updated_on), \
         linkedin_updated_on = COALESCE($3, linkedin_updated_on), \
         linkedin_connections = COALESCE($4, linkedin_connections), \
         linkedin_connections_on = CASE WHEN $4 IS NULL THEN linkedin_connections_on ELSE $5 END, \
         connections_target = COALESCE($6, connections_target) WHERE owner_id = $1",
    )
    .bind(owner)
    .bind(patch.resume_updated_on)
    .bind(patch.linkedin_updated_on)
    .bind(patch.connections.map(i64::from))
    .bind(today)
    .bind(patch.connections_target.map(i64::from))
    .execute(&mut *conn)
    .await?;
    log_change(conn, owner, "career", owner, None, "update").await
}

async fn insert_accomplishment(conn: &mut Conn, owner: OwnerId, a: &NewAccomplishment) -> StoreResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO accomplishments (owner_id, title, on_date, outcome, link) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(owner)
    .bind(&a.title)
    .bind(a.on)
    .bind(&a.outcome)
    .bind(&a.link)
    .fetch_one(&mut *conn)
    .await?;
    log_change(conn, owner, "accomplishment", id, None, "create").await?;
    Ok(id)
}

async fn stored_accomplishments(
    conn: &mut Conn,
    owner: OwnerId,
    since: Option<NaiveDate>,
) -> StoreResult<Vec<Accomplishment>> {
    let rows: Vec<AccomplishmentRow> = sqlx::query_as(
        "SELECT id, title, on_date, outcome, link FROM accomplishments WHERE owner_id = $1 \
         AND ($2 IS NULL OR on_date >= $2) ORDER BY on_date DESC, id DESC",
    )
    .bind(owner)
    .bind(since)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|(id, title, on, outcome, link)| Accomplishment { id, title, on, outcome, link }).collect())
}

/// The career part of a backup: the record and every accomplishment, oldest first.
pub(super) async fn snapshot_career(conn: &mut Conn, owner: OwnerId) -> StoreResult<SnapshotCareer> {
    let r = career_record(conn, owner).await?;
    let mut accomplishments: Vec<NewAccomplishment> = stored_accomplishments(conn, owner, None)
        .await?
        .into_iter()
        .map(|a| NewAccomplishment { title: a.title, on: a.on, outcome: a.outcome, link: a.link })
        .collect();
    accomplishments.reverse();
    Ok(SnapshotCareer {
        linkedin_connections: r.connections,
        linkedin_connections_on: r.connections.and(r.connections_on),
        resume_updated_on: r.resume_updated_on,
        linkedin_updated_on: r.linkedin_updated_on,
        connections_target: (r.connections_target != DEFAULT_CONNECTIONS_TARGET).then_some(r.connections_target),
        accomplishments,
    })
}

/// Brings a backup's career back: its dates and target where given, and the accomplishments not
/// already stored (same day and title).
pub(super) async fn restore_career(conn: &mut Conn, owner: OwnerId, c: &SnapshotCareer) -> StoreResult<()> {
    if let (Some(n), Some(on)) = (c.linkedin_connections, c.linkedin_connections_on) {
        set_linkedin_connections(conn, owner, n, on).await?;
    }
    let patch = CareerPatch {
        resume_updated_on: c.resume_updated_on,
        linkedin_updated_on: c.linkedin_updated_on,
        connections: None,
        connections_target: c.connections_target,
    };
    if patch != CareerPatch::default() {
        // No connection count in this patch, so the day it would be dated with is never used.
        patch_career(conn, owner, &patch, NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()).await?;
    }
    for a in &c.accomplishments {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM accomplishments WHERE owner_id = $1 AND on_date = $2 AND title = $3")
                .bind(owner)
                .bind(a.on)
                .bind(&a.title)
                .fetch_optional(&mut *conn)
                .await?;
        if exists.is_none() {
            insert_accomplishment(conn, owner, a).await?;
        }
    }
    Ok(())
}

/// Checks a backup's career part, naming the accomplishment at fault.
pub(super) fn check_career(c: &SnapshotCareer) -> StoreResult<()> {
    let patch = CareerPatch {
        resume_updated_on: c.resume_updated_on,
        linkedin_updated_on: c.linkedin_updated_on,
        connections: c.linkedin_connections,
        connections_target: c.connections_target,
    };
    if patch != CareerPatch::default() {
        patch.validate(NaiveDate::MAX).map_err(|e| at_path("career", None, e))?;
    }
    for (k, a) in c.accomplishments.iter().enumerate() {
        a.clone().validate(NaiveDate::MAX).map_err(|e| at_path("career.accomplishments", Some(k), e))?;
    }
    Ok(())
}

/// A validation error located in a backup: `career.accomplishments[2].title`.
pub(super) fn at_path(what: &str, k: Option<usize>, e: ValidationError) -> StoreError {
    let place = k.map_or(what.to_string(), |k| format!("{what}[{k}]"));
    StoreError::Invalid(ValidationError::new(format!("{place}.{}", e.field), e.value, e.message))
}

#[async_trait]
impl CareerStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn career(&self) -> StoreResult<CareerRecord> {
        let mut conn = self.pool.acquire().await?;
        career_record(&mut conn, self.owner).await
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn set_career(&self, patch: CareerPatch, today: NaiveDate) -> StoreResult<()> {
        let patch = patch.validate(today)?;
        let mut tx = D::begin_write(&self.pool).await?;
        patch_career(&mut tx, self.owner, &patch, today).await?;
        tx.commit().await?;
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn add_accomplishment(&self, a: NewAccomplishment, today: NaiveDate) -> StoreResult<AccomplishmentId> {
        let a = a.validate(today)?;
        let mut tx = D::begin_write(&self.pool).await?;
        let id = insert_accomplishment(&mut tx, self.owner, &a).await?;
        tx.commit().await?;
        Ok(id)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn accomplishments(&self, since: Option<NaiveDate>) -> StoreResult<Vec<Accomplishment>> {
        let mut conn = self.pool.acquire().await?;
        stored_accomplishments(&mut conn, self.owner, since).await
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn remove_accomplishment(&self, id: AccomplishmentId) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        let done = sqlx::query("DELETE FROM accomplishments WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(self.owner)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("accomplishment", id));
        }
        log_change(&mut tx, self.owner, "accomplishment", id, None, "delete").await?;
        tx.commit().await?;
        Ok(())
    }
}
