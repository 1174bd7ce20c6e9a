//! The weekly digest's claims on ISO weeks.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kith_core::schedule::IsoWeek;
use tracing::instrument;

use crate::{DigestStore, StoreResult, dialect::Dialect};

use super::rows::bad_data;
use super::{D, ThisStore};

/// The week's number as the column holds it (1 to 53 always fits).
pub(super) fn week_number(week: IsoWeek) -> i32 {
    i32::try_from(week.week).unwrap_or(i32::MAX)
}

#[async_trait]
impl DigestStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn claim_digest_week(&self, week: IsoWeek, now: DateTime<Utc>) -> StoreResult<bool> {
        let mut tx = D::begin_write(&self.pool).await?;
        // Insert-if-absent: the primary key (owner, year, week) lets exactly one claimant in.
        let claimed = sqlx::query(
            "INSERT INTO digest_sends (owner_id, iso_year, iso_week, claimed_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(self.owner)
        .bind(week.year)
        .bind(week_number(week))
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        tx.commit().await?;
        Ok(claimed)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn release_digest_week(&self, week: IsoWeek) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        sqlx::query("DELETE FROM digest_sends WHERE owner_id = $1 AND iso_year = $2 AND iso_week = $3")
            .bind(self.owner)
            .bind(week.year)
            .bind(week_number(week))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn last_digest_week(&self) -> StoreResult<Option<IsoWeek>> {
        // The primary key's index serves this as one backward step.
        let row: Option<(i32, i32)> = sqlx::query_as(
            "SELECT iso_year, iso_week FROM digest_sends WHERE owner_id = $1 \
             ORDER BY iso_year DESC, iso_week DESC LIMIT 1",
        )
        .bind(self.owner)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(year, week)| {
            let week = u32::try_from(week).map_err(|_| bad_data("digest week", &week.to_string()))?;
            Ok(IsoWeek { year, week })
        })
        .transpose()
    }
}
