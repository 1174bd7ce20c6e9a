//! Web sign-in sessions (stored as hashes, with an expiry) and failed sign-ins per client address.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tracing::instrument;

use crate::{SessionStore, StoreResult, dialect::Dialect};

use super::{D, ThisStore};

/// How long failed sign-ins are kept: longer than any lockout needs.
const FAILURES_KEPT_HOURS: i64 = 24;

#[async_trait]
impl SessionStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn create_session(&self, id_hash: &str, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        // Expired sessions of this owner go on the way: the table holds only live ones.
        sqlx::query("DELETE FROM web_sessions WHERE owner_id = $1 AND expires_at <= $2")
            .bind(self.owner)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO web_sessions (id_hash, owner_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(id_hash)
            .bind(self.owner)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn session_expires(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<DateTime<Utc>>> {
        Ok(sqlx::query_scalar(
            "SELECT expires_at FROM web_sessions WHERE id_hash = $1 AND owner_id = $2 AND expires_at > $3",
        )
        .bind(id_hash)
        .bind(self.owner)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn end_session(&self, id_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1 AND owner_id = $2")
            .bind(id_hash)
            .bind(self.owner)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn record_sign_in_failure(&self, client: &str, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
            .bind(now - chrono::Duration::hours(FAILURES_KEPT_HOURS))
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sign_in_failures (client, at) VALUES ($1, $2)")
            .bind(client)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn sign_in_failures(&self, client: &str, since: DateTime<Utc>) -> StoreResult<Vec<DateTime<Utc>>> {
        Ok(sqlx::query_scalar("SELECT at FROM sign_in_failures WHERE client = $1 AND at >= $2 ORDER BY at")
            .bind(client)
            .bind(since)
            .fetch_all(&self.pool)
            .await?)
    }
}
