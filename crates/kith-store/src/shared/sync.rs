//! The change log that sync clients follow.

use async_trait::async_trait;
use tracing::instrument;

use crate::{Change, ChangeStore, StoreResult};

use super::ThisStore;
use super::rows::{change_of, limit_sql};

#[async_trait]
impl ChangeStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn sync_token(&self) -> StoreResult<i64> {
        let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM changes WHERE owner_id = $1")
            .bind(self.owner)
            .fetch_one(&self.pool)
            .await?;
        Ok(seq.unwrap_or(0))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn changes_since(&self, token: i64, limit: u32) -> StoreResult<Vec<Change>> {
        let sql = format!(
            "SELECT seq, entity, entity_id, uid, op FROM changes WHERE owner_id = $1 AND seq > $2 ORDER BY seq{}",
            limit_sql(i64::from(limit))
        );
        let rows: Vec<(i64, String, i64, Option<String>, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.owner).bind(token).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(change_of).collect())
    }
}
