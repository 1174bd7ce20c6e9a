//! The readiness check: the migrations the database holds against the ones this kith knows, by
//! the rule opening a database uses (`sqlite::is_current`).

use std::collections::HashSet;

use async_trait::async_trait;
use tracing::instrument;

use crate::{HealthStore, Readiness, StoreResult, dialect::Dialect, sqlite::is_current};

use super::{D, ThisStore};

#[async_trait]
impl HealthStore for ThisStore {
    #[instrument(level = "debug", skip_all)]
    async fn readiness(&self) -> StoreResult<Readiness> {
        let applied: Vec<(i64, bool, Vec<u8>)> =
            sqlx::query_as("SELECT version, success, checksum FROM _sqlx_migrations ORDER BY version")
                .fetch_all(&self.pool)
                .await?;
        let known = D::migrator();
        if is_current(known, &applied) {
            return Ok(Readiness::Ready);
        }
        let versions: HashSet<i64> = known.iter().map(|m| m.version).collect();
        let unknown: Vec<i64> = applied.iter().map(|a| a.0).filter(|v| !versions.contains(v)).collect();
        if !unknown.is_empty() {
            return Ok(Readiness::Ahead { unknown });
        }
        let missing = known
            .iter()
            .filter(|m| !m.migration_type.is_down_migration())
            .filter(|m| {
                !applied.iter().any(|(v, ok, sum)| *v == m.version && *ok && sum.as_slice() == m.checksum.as_ref())
            })
            .map(|m| m.version)
            .collect();
        Ok(Readiness::Behind { missing })
    }
}
