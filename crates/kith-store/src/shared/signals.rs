//! Market signals: news about an organization or a field.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    ContactId, OrgKind, ValidationError,
    contact::name_key,
    signal::{NewSignal, Signal, SignalFilter, SignalId, SignalKind},
    snapshot::SnapshotSignal,
};
use sqlx::QueryBuilder;
use tracing::instrument;

use crate::{OwnerId, SignalStore, StoreError, StoreResult, dialect::Dialect};

use super::career::at_path;
use super::rows::{bad_data, find_or_create_org, limit_sql, log_change, org_id_by_key, require_contact};
use super::{Conn, D, Db, ThisStore};

/// A signal as a backup holds it: organization, field, kind, date, who told (uid), note.
type SnapshotSignalRow = (Option<String>, Option<String>, String, NaiveDate, Option<String>, Option<String>);

type SignalRow =
    (i64, Option<i64>, Option<String>, Option<String>, String, NaiveDate, Option<i64>, Option<String>, Option<String>);

macro_rules! signal_select {
    () => {
        "SELECT s.id, s.org_id, o.name, s.field, s.kind, s.on_date, s.from_contact_id, c.name, s.note FROM signals s \
         LEFT JOIN organizations o ON o.id = s.org_id LEFT JOIN contacts c ON c.id = s.from_contact_id "
    };
}

fn signal_of((id, org_id, org, field, kind, on, from_id, from, note): SignalRow) -> StoreResult<Signal> {
    let kind = kind.parse().map_err(|_| bad_data("signal kind", &kind))?;
    Ok(Signal { id, org_id, org, field, kind, on, from_id, from, note })
}

/// Stores a validated signal; an organization not known yet is created (as an employer).
pub(super) async fn insert_signal(conn: &mut Conn, owner: OwnerId, s: &NewSignal) -> StoreResult<SignalId> {
    let org_id = match &s.org {
        Some(name) => Some(find_or_create_org(conn, owner, name, OrgKind::Employer).await?),
        None => None,
    };
    if let Some(from) = s.from {
        require_contact(conn, owner, from).await?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO signals (owner_id, org_id, field, kind, on_date, from_contact_id, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(owner)
    .bind(org_id)
    .bind(&s.field)
    .bind(s.kind.as_str())
    .bind(s.on)
    .bind(s.from)
    .bind(&s.note)
    .fetch_one(&mut *conn)
    .await?;
    log_change(conn, owner, "signal", id, None, "create").await?;
    Ok(id)
}

/// Every signal for a backup, oldest first, who told the user named by contact uid.
pub(super) async fn snapshot_signals(conn: &mut Conn, owner: OwnerId) -> StoreResult<Vec<SnapshotSignal>> {
    let rows: Vec<SnapshotSignalRow> = sqlx::query_as(
        "SELECT o.name, s.field, s.kind, s.on_date, c.uid, s.note FROM signals s \
             LEFT JOIN organizations o ON o.id = s.org_id LEFT JOIN contacts c ON c.id = s.from_contact_id \
             WHERE s.owner_id = $1 ORDER BY s.on_date, s.id",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(org, field, kind, on, from, note)| {
            let kind = kind.parse().map_err(|_| bad_data("signal kind", &kind))?;
            Ok(SnapshotSignal { org, field, kind, on, from, note })
        })
        .collect()
}

/// Checks a backup's signals: each valid, and who told the user is a contact of the backup.
pub(super) fn check_signals(signals: &[SnapshotSignal], uids: &HashSet<&str>) -> StoreResult<()> {
    for (k, s) in signals.iter().enumerate() {
        signal_from_snapshot(s, None).validate(NaiveDate::MAX).map_err(|e| at_path("signals", Some(k), e))?;
        if let Some(u) = &s.from
            && !uids.contains(u.as_str())
        {
            let e = ValidationError::new("from", u, "no contact of the backup has this uid");
            return Err(at_path("signals", Some(k), e));
        }
    }
    Ok(())
}

fn signal_from_snapshot(s: &SnapshotSignal, from: Option<ContactId>) -> NewSignal {
    NewSignal { org: s.org.clone(), field: s.field.clone(), kind: s.kind, on: s.on, from, note: s.note.clone() }
}

/// Brings a backup's signals back, skipping one already stored (same subject, kind, day and note).
pub(super) async fn restore_signals(
    conn: &mut Conn,
    owner: OwnerId,
    signals: &[SnapshotSignal],
    uid_ids: &HashMap<String, ContactId>,
) -> StoreResult<()> {
    for s in signals {
        let from = s.from.as_ref().and_then(|u| uid_ids.get(u).copied());
        let new = signal_from_snapshot(s, from).validate(NaiveDate::MAX)?;
        let exists: Option<i64> = sqlx::query_scalar(
            "SELECT s.id FROM signals s LEFT JOIN organizations o ON o.id = s.org_id WHERE s.owner_id = $1 \
             AND s.kind = $2 AND s.on_date = $3 AND COALESCE(o.name_key, '') = $4 AND COALESCE(s.field, '') = $5 \
             AND COALESCE(s.note, '') = $6",
        )
        .bind(owner)
        .bind(new.kind.as_str())
        .bind(new.on)
        .bind(new.org.as_deref().map(name_key).unwrap_or_default())
        .bind(new.field.clone().unwrap_or_default())
        .bind(new.note.clone().unwrap_or_default())
        .fetch_optional(&mut *conn)
        .await?;
        if exists.is_none() {
            insert_signal(conn, owner, &new).await?;
        }
    }
    Ok(())
}

#[async_trait]
impl SignalStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn add_signal(&self, signal: NewSignal, today: NaiveDate) -> StoreResult<SignalId> {
        let signal = signal.validate(today)?;
        let mut tx = D::begin_write(&self.pool).await?;
        let id = insert_signal(&mut tx, self.owner, &signal).await?;
        tx.commit().await?;
        Ok(id)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn signals(&self, filter: &SignalFilter) -> StoreResult<Vec<Signal>> {
        let mut conn = self.pool.acquire().await?;
        let named = match &filter.org_name {
            Some(name) => Some(
                org_id_by_key(&mut conn, self.owner, &name_key(name))
                    .await?
                    .ok_or_else(|| StoreError::not_found("organization", name.trim()))?,
            ),
            None => None,
        };
        let mut qb = QueryBuilder::<Db>::new(concat!(signal_select!(), "WHERE s.owner_id = "));
        qb.push_bind(self.owner);
        for org in [filter.org, named].into_iter().flatten() {
            qb.push(" AND s.org_id = ").push_bind(org);
        }
        if let Some(kind) = filter.kind {
            qb.push(" AND s.kind = ").push_bind(kind.as_str());
        }
        if let Some(since) = filter.since {
            qb.push(" AND s.on_date >= ").push_bind(since);
        }
        qb.push(" ORDER BY s.on_date DESC, s.id DESC");
        if let Some(limit) = filter.limit {
            qb.push(limit_sql(i64::from(limit)));
        }
        let rows: Vec<SignalRow> = qb.build_query_as().fetch_all(&mut *conn).await?;
        rows.into_iter().map(signal_of).collect()
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn remove_signal(&self, id: SignalId) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        let done = sqlx::query("DELETE FROM signals WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(self.owner)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("signal", id));
        }
        log_change(&mut tx, self.owner, "signal", id, None, "delete").await?;
        tx.commit().await?;
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn hiring_orgs(&self, since: NaiveDate) -> StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT o.name FROM signals s JOIN organizations o ON o.id = s.org_id \
             WHERE s.owner_id = $1 AND s.kind = $2 AND s.on_date >= $3 AND s.org_id IS NOT NULL",
        )
        .bind(self.owner)
        .bind(SignalKind::Hiring.as_str())
        .bind(since)
        .fetch_all(&self.pool)
        .await?)
    }
}
