//! What the web app keeps beside the network: the data version that keys its caches, the calendar
//! feed's secret, and uploaded imports awaiting confirmation.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tracing::instrument;

use crate::{ImportDraft, NewImportDraft, OwnerId, StoreError, StoreResult, WebStore, dialect::Dialect};

use super::{Conn, D, ThisStore};

/// An import draft as stored: format, options, file name, content, created at.
type DraftRow = (String, String, String, Vec<u8>, DateTime<Utc>);

/// The feed token's name in `owner_settings`.
const FEED_TOKEN: &str = "feed_token";
/// The settings changed in the app, as one JSON value (kith-app's `AppSettings`).
const APP_SETTINGS: &str = "app_settings";

/// Drafts older than this are deleted when a new one is saved: a preview nobody confirmed.
const DRAFT_LIFETIME_HOURS: i64 = 24;

/// Writes one of the owner's small values, replacing the one before.
async fn put_setting(conn: &mut Conn, owner: OwnerId, name: &str, value: &str) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO owner_settings (owner_id, name, value) VALUES ($1, $2, $3) \
         ON CONFLICT (owner_id, name) DO UPDATE SET value = excluded.value",
    )
    .bind(owner)
    .bind(name)
    .bind(value)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Bumps the owner's data version; called by every change in its transaction.
pub(super) async fn bump_version(conn: &mut Conn, owner: OwnerId) -> StoreResult<()> {
    sqlx::query("UPDATE owners SET data_version = data_version + 1 WHERE id = $1")
        .bind(owner)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// 32 random bytes as 64 hex digits: a secret nobody guesses.
fn new_secret() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}

#[async_trait]
impl WebStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn data_version(&self) -> StoreResult<i64> {
        let v: Option<i64> = sqlx::query_scalar("SELECT data_version FROM owners WHERE id = $1")
            .bind(self.owner)
            .fetch_optional(&self.pool)
            .await?;
        Ok(v.unwrap_or(0))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn app_settings(&self) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM owner_settings WHERE owner_id = $1 AND name = $2")
            .bind(self.owner)
            .bind(APP_SETTINGS)
            .fetch_optional(&self.pool)
            .await?)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn set_app_settings(&self, json: &str) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        put_setting(&mut tx, self.owner, APP_SETTINGS, json).await?;
        bump_version(&mut tx, self.owner).await?;
        tx.commit().await?;
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn feed_token(&self) -> StoreResult<String> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT value FROM owner_settings WHERE owner_id = $1 AND name = $2")
                .bind(self.owner)
                .bind(FEED_TOKEN)
                .fetch_optional(&self.pool)
                .await?;
        if let Some(token) = found {
            return Ok(token);
        }
        // Two first readers race: the insert that loses keeps the winner's token.
        let mut tx = D::begin_write(&self.pool).await?;
        sqlx::query("INSERT INTO owner_settings (owner_id, name, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(self.owner)
            .bind(FEED_TOKEN)
            .bind(new_secret())
            .execute(&mut *tx)
            .await?;
        let token: String = sqlx::query_scalar("SELECT value FROM owner_settings WHERE owner_id = $1 AND name = $2")
            .bind(self.owner)
            .bind(FEED_TOKEN)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(token)
    }

    #[instrument(level = "debug", skip_all)]
    async fn feed_owner(&self, token: &str) -> StoreResult<Option<OwnerId>> {
        Ok(sqlx::query_scalar(
            "SELECT s.owner_id FROM owner_settings s LEFT JOIN accounts a ON a.owner_id = s.owner_id \
             WHERE s.name = $1 AND s.value = $2 AND a.disabled_at IS NULL \
               AND (a.owner_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM accounts))",
        )
        .bind(FEED_TOKEN)
        .bind(token)
        .fetch_optional(&self.pool)
        .await?)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn rotate_feed_token(&self) -> StoreResult<String> {
        let token = new_secret();
        let mut tx = D::begin_write(&self.pool).await?;
        put_setting(&mut tx, self.owner, FEED_TOKEN, &token).await?;
        tx.commit().await?;
        Ok(token)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn save_import_draft(&self, draft: NewImportDraft, now: DateTime<Utc>) -> StoreResult<String> {
        let token = new_secret();
        let mut tx = D::begin_write(&self.pool).await?;
        sqlx::query("DELETE FROM import_drafts WHERE owner_id = $1 AND created_at < $2")
            .bind(self.owner)
            .bind(now - chrono::Duration::hours(DRAFT_LIFETIME_HOURS))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO import_drafts (owner_id, token, format, options, file_name, content, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(self.owner)
        .bind(&token)
        .bind(&draft.format)
        .bind(&draft.options)
        .bind(&draft.file_name)
        .bind(&draft.content)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn import_draft(&self, token: &str) -> StoreResult<ImportDraft> {
        let row: Option<DraftRow> = sqlx::query_as(
            "SELECT format, options, file_name, content, created_at FROM import_drafts WHERE owner_id = $1 AND token = $2",
        )
        .bind(self.owner)
        .bind(token)
        .fetch_optional(&self.pool)
        .await?;
        let (format, options, file_name, content, created_at) =
            row.ok_or_else(|| StoreError::not_found("import draft", token))?;
        Ok(ImportDraft {
            token: token.to_string(),
            draft: NewImportDraft { format, options, file_name, content },
            created_at,
        })
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn delete_import_draft(&self, token: &str) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        sqlx::query("DELETE FROM import_drafts WHERE owner_id = $1 AND token = $2")
            .bind(self.owner)
            .bind(token)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
