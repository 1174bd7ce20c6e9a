//! The readiness check: one query, the newest migration the database holds against the newest
//! this kith knows.

use async_trait::async_trait;
use tracing::instrument;

use crate::{HealthStore, Readiness, StoreResult, dialect::Dialect};

use super::{D, ThisStore};

#[async_trait]
impl HealthStore for ThisStore {
    #[instrument(level = "debug", skip_all)]
    async fn readiness(&self) -> StoreResult<Readiness> {
        let applied: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(&self.pool)
            .await?;
        let (applied, known) = (applied.unwrap_or(0), D::known_migration());
        Ok(match applied.cmp(&known) {
            std::cmp::Ordering::Equal => Readiness::Ready,
            std::cmp::Ordering::Less => Readiness::Behind { applied, known },
            std::cmp::Ordering::Greater => Readiness::Ahead { applied, known },
        })
    }
}
