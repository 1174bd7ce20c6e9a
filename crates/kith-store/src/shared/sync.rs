//! The change log that sync clients follow.

use async_trait::async_trait;
use tracing::instrument;

use crate::{Card, Change, ChangeStore, ContactStore, StoreResult, dialect::Dialect};

use super::rows::{bad_data, change_of, limit_sql};
use super::{D, ThisStore};

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

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn card_etags(&self) -> StoreResult<Vec<(String, String)>> {
        Ok(sqlx::query_as("SELECT uid, etag FROM contacts WHERE owner_id = $1 AND archived = FALSE ORDER BY uid")
            .bind(self.owner)
            .fetch_all(&self.pool)
            .await?)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner, uids = uids.len()))]
    async fn cards(&self, uids: &[String]) -> StoreResult<Vec<Card>> {
        if uids.is_empty() {
            return Ok(Vec::new());
        }
        let list = serde_json::to_string(uids).map_err(|e| bad_data("uids", &e.to_string()))?;
        let sql = format!(
            "SELECT id FROM contacts WHERE owner_id = $1 AND archived = FALSE AND uid {}",
            D::TEXT_IN_JSON_LIST
        );
        let ids: Vec<i64> =
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(self.owner).bind(list).fetch_all(&self.pool).await?;
        let mut cards = Vec::with_capacity(ids.len());
        for id in ids {
            let contact = self.contact(id).await?;
            let memberships = self.memberships(id).await?;
            let extras = crate::ImportStore::extras(self, id).await?;
            cards.push(Card { contact, memberships, extras });
        }
        Ok(cards)
    }
}
