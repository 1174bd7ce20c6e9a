//! App passwords: hashes kept per owner, listed without them, used and revoked.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use tracing::instrument;

use crate::{AppPassword, AppPasswordId, AppPasswordStore, StoreResult, dialect::Dialect};

use super::{D, ThisStore};

/// How stale `last_used_at` may get: a client syncing every few seconds writes once a minute.
const USE_WRITTEN_EVERY_SECONDS: i64 = 60;

type Row = (AppPasswordId, String, DateTime<Utc>, Option<DateTime<Utc>>);

fn of(r: Row) -> AppPassword {
    AppPassword { id: r.0, name: r.1, created_at: r.2, last_used_at: r.3 }
}

#[async_trait]
impl AppPasswordStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn add_app_password(&self, name: &str, hash: &str, now: DateTime<Utc>) -> StoreResult<AppPassword> {
        let mut tx = D::begin_write(&self.pool).await?;
        let name = super::rows::unique_name(
            &mut tx,
            self.owner,
            "app_passwords",
            name,
            "an app password",
            "revoke it first or choose another name",
        )
        .await?;
        let row: Row = sqlx::query_as(
            "INSERT INTO app_passwords (owner_id, name, hash, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id, name, created_at, last_used_at",
        )
        .bind(self.owner)
        .bind(name)
        .bind(hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(of(row))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn app_passwords(&self) -> StoreResult<Vec<AppPassword>> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, name, created_at, last_used_at FROM app_passwords WHERE owner_id = $1 ORDER BY name",
        )
        .bind(self.owner)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(of).collect())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn app_password_hashes(&self) -> StoreResult<Vec<(AppPasswordId, String)>> {
        Ok(sqlx::query_as("SELECT id, hash FROM app_passwords WHERE owner_id = $1 ORDER BY id")
            .bind(self.owner)
            .fetch_all(&self.pool)
            .await?)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn app_password_used(&self, id: AppPasswordId, now: DateTime<Utc>) -> StoreResult<bool> {
        let found: Option<Option<DateTime<Utc>>> =
            sqlx::query_scalar("SELECT last_used_at FROM app_passwords WHERE owner_id = $1 AND id = $2")
                .bind(self.owner)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let Some(last) = found else { return Ok(false) };
        if last.is_none_or(|at| now - at >= Duration::seconds(USE_WRITTEN_EVERY_SECONDS)) {
            let mut tx = D::begin_write(&self.pool).await?;
            sqlx::query("UPDATE app_passwords SET last_used_at = $3 WHERE owner_id = $1 AND id = $2")
                .bind(self.owner)
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(true)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn revoke_app_password(&self, name: &str) -> StoreResult<bool> {
        super::rows::delete_named(&self.pool, self.owner, "app_passwords", name).await
    }
}
