//! Employment history: past jobs and the moves kith noticed.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    ContactId, OrgId, OrgKind, Role, ValidationError,
    contact::MAX_NAME,
    job::{JobChange, PastJob, SnapshotJobChange, SnapshotPastJob},
    org::{Tenure, validate_org_name},
};
use tracing::instrument;

use crate::{JobStore, OwnerId, StoreResult};

use super::rows::find_or_create_org;
use super::{Conn, ThisStore};

/// The job a contact is leaving: its employer's id and name, and the title held there.
pub(super) struct Leaving<'a> {
    pub(super) org_id: OrgId,
    pub(super) org: &'a str,
    pub(super) title: Option<&'a str>,
}

/// Keeps the job a contact left as a past one ending `as_of`, and, when they went somewhere
/// (`to`, with the new title when known), records the move. The employee membership of the old
/// organization is the caller's to remove.
pub(super) async fn record_move(
    tx: &mut Conn,
    owner: OwnerId,
    contact: ContactId,
    left: Leaving<'_>,
    to: Option<(&str, Option<&str>)>,
    as_of: NaiveDate,
) -> StoreResult<()> {
    let since: Option<NaiveDate> = sqlx::query_scalar(
        "SELECT since FROM memberships WHERE contact_id = $1 AND org_id = $2 AND role = $3 AND owner_id = $4",
    )
    .bind(contact)
    .bind(left.org_id)
    .bind(Role::Employee.as_str())
    .bind(owner)
    .fetch_optional(&mut *tx)
    .await?
    .flatten();
    // A start after the day kith learned of the end is a date kith cannot trust.
    let since = since.filter(|s| *s <= as_of);
    insert_past_job(tx, owner, contact, left.org_id, left.title, since, as_of).await?;
    if let Some((org, title)) = to {
        sqlx::query(
            "INSERT INTO job_changes (owner_id, contact_id, from_org, to_org, title, noticed_on) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(owner)
        .bind(contact)
        .bind(left.org)
        .bind(org)
        .bind(title)
        .bind(as_of)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn insert_past_job(
    tx: &mut Conn,
    owner: OwnerId,
    contact: ContactId,
    org: OrgId,
    title: Option<&str>,
    since: Option<NaiveDate>,
    until: NaiveDate,
) -> StoreResult<()> {
    // The same job ended the same day is one past job, however often it is written.
    sqlx::query(
        "INSERT INTO past_jobs (owner_id, contact_id, org_id, title, since, until) SELECT $1, $2, $3, $4, $5, $6 \
         WHERE NOT EXISTS (SELECT 1 FROM past_jobs WHERE contact_id = $2 AND org_id = $3 AND until = $6)",
    )
    .bind(owner)
    .bind(contact)
    .bind(org)
    .bind(title)
    .bind(since)
    .bind(until)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

type PastJobRow = (i64, OrgId, String, Option<String>, Option<NaiveDate>, NaiveDate);

fn past_job_of((_, org_id, org, title, since, until): PastJobRow) -> PastJob {
    PastJob { org_id, org, title, since, until }
}

/// A contact's past jobs, the latest first.
pub(super) async fn past_jobs_of(conn: &mut Conn, owner: OwnerId, contact: ContactId) -> StoreResult<Vec<PastJob>> {
    let rows: Vec<PastJobRow> = sqlx::query_as(
        "SELECT p.contact_id, p.org_id, o.name, p.title, p.since, p.until FROM past_jobs p \
         JOIN organizations o ON o.id = p.org_id WHERE p.owner_id = $1 AND p.contact_id = $2 \
         ORDER BY p.until DESC, p.id DESC",
    )
    .bind(owner)
    .bind(contact)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(past_job_of).collect())
}

/// Every contact's past jobs and noticed moves, for a backup.
pub(super) async fn snapshot_jobs(
    conn: &mut Conn,
    owner: OwnerId,
) -> StoreResult<(HashMap<ContactId, Vec<SnapshotPastJob>>, HashMap<ContactId, Vec<SnapshotJobChange>>)> {
    let rows: Vec<PastJobRow> = sqlx::query_as(
        "SELECT p.contact_id, p.org_id, o.name, p.title, p.since, p.until FROM past_jobs p \
         JOIN organizations o ON o.id = p.org_id WHERE p.owner_id = $1 ORDER BY p.contact_id, p.until, p.id",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    let mut jobs: HashMap<ContactId, Vec<SnapshotPastJob>> = HashMap::new();
    for (contact, _, org, title, since, until) in rows {
        jobs.entry(contact).or_default().push(SnapshotPastJob { org, title, since, until });
    }
    let rows: Vec<(ContactId, String, String, Option<String>, NaiveDate)> = sqlx::query_as(
        "SELECT contact_id, from_org, to_org, title, noticed_on FROM job_changes WHERE owner_id = $1 \
         ORDER BY contact_id, noticed_on, id",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    let mut changes: HashMap<ContactId, Vec<SnapshotJobChange>> = HashMap::new();
    for (contact, from_org, to_org, title, noticed_on) in rows {
        changes.entry(contact).or_default().push(SnapshotJobChange { from_org, to_org, title, noticed_on });
    }
    Ok((jobs, changes))
}

/// Writes a backed-up contact's past jobs and noticed moves (the organizations created as
/// employers when new); ones already there are kept once.
pub(super) async fn restore_jobs(
    tx: &mut Conn,
    owner: OwnerId,
    contact: ContactId,
    jobs: &[SnapshotPastJob],
    changes: &[SnapshotJobChange],
) -> StoreResult<()> {
    for j in jobs {
        let org = find_or_create_org(&mut *tx, owner, &j.org, OrgKind::Employer).await?;
        insert_past_job(tx, owner, contact, org, j.title.as_deref(), j.since, j.until).await?;
    }
    for c in changes {
        sqlx::query(
            "INSERT INTO job_changes (owner_id, contact_id, from_org, to_org, title, noticed_on) \
             SELECT $1, $2, $3, $4, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM job_changes WHERE contact_id = $2 \
             AND from_org = $3 AND to_org = $4 AND noticed_on = $6)",
        )
        .bind(owner)
        .bind(contact)
        .bind(&c.from_org)
        .bind(&c.to_org)
        .bind(&c.title)
        .bind(c.noticed_on)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl JobStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn job_changes(&self, since: NaiveDate) -> StoreResult<Vec<JobChange>> {
        let rows: Vec<(i64, ContactId, String, String, String, Option<String>, NaiveDate)> = sqlx::query_as(
            "SELECT j.id, j.contact_id, c.name, j.from_org, j.to_org, j.title, j.noticed_on FROM job_changes j \
             JOIN contacts c ON c.id = j.contact_id WHERE j.owner_id = $1 AND j.noticed_on >= $2 \
             AND c.archived = FALSE ORDER BY j.noticed_on DESC, j.id DESC",
        )
        .bind(self.owner)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, contact_id, name, from_org, to_org, title, noticed_on)| JobChange {
                id,
                contact_id,
                name,
                from_org,
                to_org,
                title,
                noticed_on,
            })
            .collect())
    }
}

/// Checks a contact's backed-up past jobs and moves: organizations named as kith names them,
/// titles as long as a contact's, no job ending before it began.
pub(super) fn check_jobs(jobs: &[SnapshotPastJob], changes: &[SnapshotJobChange]) -> Result<(), ValidationError> {
    let title = |t: &Option<String>, field: &str| match t {
        Some(t) if t.chars().count() > MAX_NAME || t.chars().any(char::is_control) => {
            Err(ValidationError::new(field, t, format!("a title is one line of at most {MAX_NAME} characters")))
        }
        _ => Ok(()),
    };
    for (k, j) in jobs.iter().enumerate() {
        let at = |e: ValidationError| ValidationError::new(format!("past_jobs[{k}].{}", e.field), e.value, e.message);
        validate_org_name(&j.org).map_err(at)?;
        title(&j.title, "title").map_err(at)?;
        Tenure { since: j.since, until: Some(j.until) }.validate().map_err(at)?;
    }
    for (k, m) in changes.iter().enumerate() {
        let at = |e: ValidationError| ValidationError::new(format!("job_changes[{k}].{}", e.field), e.value, e.message);
        validate_org_name(&m.from_org).map_err(at)?;
        validate_org_name(&m.to_org).map_err(at)?;
        title(&m.title, "title").map_err(at)?;
    }
    Ok(())
}
