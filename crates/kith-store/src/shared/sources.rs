//! Sources as rows: added, listed, paused, removed, leased for a sync and given back, and the
//! suggestions read from the people seen on them.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use kith_core::ValidationError;
use tracing::instrument;

use crate::{
    NewSource, SeenPerson, Source, SourceBatch, SourceBatchReport, SourceId, SourceStore, StoreError, StoreResult,
    Suggestion, SyncEnd, dialect::Dialect,
};

use super::{D, ThisStore};

/// A source row as read: every column of [`Source`], in its order.
type SourceRow = (
    i64,
    String,
    String,
    String,
    Option<Vec<u8>>,
    bool,
    String,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<DateTime<Utc>>,
    i64,
    Option<DateTime<Utc>>,
    Option<String>,
    DateTime<Utc>,
);

const SOURCE_COLUMNS: &str = "id, name, kind, config, secret, paused, state, last_ok_at, last_error, last_error_at, \
     failures, next_at, last_report, created_at";

fn source_of(r: SourceRow) -> Source {
    Source {
        id: r.0,
        name: r.1,
        kind: r.2,
        config: r.3,
        secret: r.4,
        paused: r.5,
        state: r.6,
        last_ok_at: r.7,
        last_error: r.8,
        last_error_at: r.9,
        failures: u32::try_from(r.10).unwrap_or(u32::MAX),
        next_at: r.11,
        last_report: r.12,
        created_at: r.13,
    }
}

#[async_trait]
impl SourceStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn add_source(&self, source: NewSource, now: DateTime<Utc>) -> StoreResult<Source> {
        let mut tx = D::begin_write(&self.pool).await?;
        let name = super::rows::unique_name(
            &mut tx,
            self.owner,
            "sources",
            &source.name,
            "a source",
            "remove it first or choose another name",
        )
        .await?;
        let sql = format!(
            "INSERT INTO sources (owner_id, name, kind, config, secret, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING {SOURCE_COLUMNS}"
        );
        let row: SourceRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(self.owner)
            .bind(name)
            .bind(&source.kind)
            .bind(&source.config)
            .bind(&source.secret)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(source_of(row))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn sources(&self) -> StoreResult<Vec<Source>> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources WHERE owner_id = $1 ORDER BY name");
        let rows: Vec<SourceRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.owner).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(source_of).collect())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn source(&self, id: SourceId) -> StoreResult<Option<Source>> {
        let sql = format!("SELECT {SOURCE_COLUMNS} FROM sources WHERE owner_id = $1 AND id = $2");
        let row: Option<SourceRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.owner).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.map(source_of))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn remove_source(&self, id: SourceId) -> StoreResult<bool> {
        let mut tx = D::begin_write(&self.pool).await?;
        // The people counted from it go with it (ON DELETE CASCADE).
        let gone = sqlx::query("DELETE FROM sources WHERE owner_id = $1 AND id = $2")
            .bind(self.owner)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        tx.commit().await?;
        Ok(gone)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn set_source_paused(&self, id: SourceId, paused: bool) -> StoreResult<bool> {
        let mut tx = D::begin_write(&self.pool).await?;
        // Resuming makes it due at once and forgets the back-off.
        let sql = if paused {
            "UPDATE sources SET paused = $3 WHERE owner_id = $1 AND id = $2"
        } else {
            "UPDATE sources SET paused = $3, next_at = NULL, failures = 0 WHERE owner_id = $1 AND id = $2"
        };
        let found =
            sqlx::query(sql).bind(self.owner).bind(id).bind(paused).execute(&mut *tx).await?.rows_affected() == 1;
        tx.commit().await?;
        Ok(found)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn claim_source(
        &self,
        id: SourceId,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        only_due: bool,
    ) -> StoreResult<Option<Source>> {
        let mut tx = D::begin_write(&self.pool).await?;
        // One statement decides: the row is taken only if no lease runs (each sync has its own
        // holder, so not even this server's other sync), and, for the schedule, only once due;
        // it comes back as it stands, so the sync starts from the latest state.
        let sql = format!(
            "UPDATE sources SET lease_holder = $3, lease_until = $5 \
             WHERE owner_id = $1 AND id = $2 AND (lease_until IS NULL OR lease_until < $4) \
               AND ($6 = FALSE OR (paused = FALSE AND (next_at IS NULL OR next_at <= $4))) \
             RETURNING {SOURCE_COLUMNS}"
        );
        let row: Option<SourceRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(self.owner)
            .bind(id)
            .bind(holder)
            .bind(now)
            .bind(until)
            .bind(only_due)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(row.map(source_of))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner, touches = batch.touches.len()))]
    async fn record_source_batch(
        &self,
        id: SourceId,
        holder: &str,
        batch: SourceBatch,
    ) -> StoreResult<SourceBatchReport> {
        super::source_batch::record(self, id, holder, batch).await
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn release_sources(&self, process: &str) -> StoreResult<u64> {
        if process.is_empty() {
            return Ok(0); // an empty prefix would free every lease, other servers' too
        }
        let mut tx = D::begin_write(&self.pool).await?;
        // A prefix compared as text, not LIKE: a holder's name may hold `_`.
        let released = sqlx::query(
            "UPDATE sources SET lease_holder = NULL, lease_until = NULL \
             WHERE owner_id = $1 AND substr(lease_holder, 1, length($2)) = $2",
        )
        .bind(self.owner)
        .bind(process)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(released)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn end_source_sync(&self, id: SourceId, holder: &str, end: SyncEnd) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        let before: Option<Option<String>> =
            sqlx::query_scalar("SELECT last_error FROM sources WHERE owner_id = $1 AND id = $2")
                .bind(self.owner)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let sql = match end.error {
            None => {
                "UPDATE sources SET last_ok_at = $3, last_error = $4, last_error_at = NULL, failures = 0, \
                 next_at = $5, last_report = $6, lease_holder = NULL, lease_until = NULL \
                 WHERE owner_id = $1 AND id = $2 AND lease_holder = $7"
            }
            Some(_) => {
                "UPDATE sources SET last_error = $4, last_error_at = $3, failures = failures + 1, \
                 next_at = $5, last_report = $6, lease_holder = NULL, lease_until = NULL \
                 WHERE owner_id = $1 AND id = $2 AND lease_holder = $7"
            }
        };
        let ended = sqlx::query(sql)
            .bind(self.owner)
            .bind(id)
            .bind(end.at)
            .bind(end.error.as_deref())
            .bind(end.next_at)
            .bind(&end.report)
            .bind(holder)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        if !ended {
            // The lease ran out and another sync holds the source: its ending is the one that counts.
            tracing::warn!(source = id, "a sync ended after its lease was taken over; its outcome is not kept");
        }
        // A source that starts or stops failing changes what the dashboard says: its caches go.
        if ended && before.is_some_and(|b| b.is_some() != end.error.is_some()) {
            super::web::bump_version(&mut tx, self.owner).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn suggestions(&self, min_written: u64) -> StoreResult<Vec<Suggestion>> {
        // Per address over every source and folder; contacts (by any address) and dismissed ones
        // are left out. The name is one a row gives (the greatest, when rows disagree).
        let rows: Vec<(String, Option<String>, i64, i64, NaiveDate)> = sqlx::query_as(
            "SELECT p.address, MAX(p.name), CAST(SUM(p.written) AS BIGINT), CAST(SUM(p.met) AS BIGINT), MAX(p.last_on) FROM source_people p \
             WHERE p.owner_id = $1 \
               AND NOT EXISTS (SELECT 1 FROM contact_emails e WHERE e.owner_id = p.owner_id AND e.email_key = p.address) \
               AND NOT EXISTS (SELECT 1 FROM dismissed_people d WHERE d.owner_id = p.owner_id AND d.address = p.address) \
             GROUP BY p.address HAVING SUM(p.written) >= $2 OR SUM(p.met) >= 1",
        )
        .bind(self.owner)
        .bind(i64::try_from(min_written).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(address, name, written, met, last_on)| Suggestion {
                address,
                name,
                written: written.max(0) as u64,
                met: met.max(0) as u64,
                last_on,
            })
            .collect())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn dismiss_suggestion(&self, address: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        let address = address.trim().to_lowercase();
        if address.is_empty() {
            return Err(StoreError::Invalid(ValidationError::new("ADDRESS", address, "an e-mail address is needed")));
        }
        let mut tx = D::begin_write(&self.pool).await?;
        let new = sqlx::query(
            "INSERT INTO dismissed_people (owner_id, address, dismissed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(self.owner)
        .bind(&address)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        tx.commit().await?;
        Ok(new)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn seen_person(&self, address: &str) -> StoreResult<Option<SeenPerson>> {
        let row: Option<(Option<String>, Option<i64>, Option<i64>, Option<NaiveDate>)> = sqlx::query_as(
            "SELECT MAX(name), CAST(SUM(written) AS BIGINT), CAST(SUM(met) AS BIGINT), MAX(last_on) FROM source_people \
             WHERE owner_id = $1 AND address = $2",
        )
        .bind(self.owner)
        .bind(address.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(name, written, met, last_on)| {
            Some(SeenPerson {
                address: address.trim().to_lowercase(),
                name,
                written: written?.max(0) as u64,
                met: met?.max(0) as u64,
                last_on: last_on?,
            })
        }))
    }
}
