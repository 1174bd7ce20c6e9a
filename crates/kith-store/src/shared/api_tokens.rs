//! API tokens: hashes kept per owner, listed without them, found by hash server-wide, revoked.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use tracing::instrument;

use crate::{ApiToken, ApiTokenId, ApiTokenStore, OwnerId, StoreError, StoreResult, TokenScope, dialect::Dialect};

use super::{D, ThisStore};

/// How stale `last_used_at` may get: a script sending many requests writes once a minute.
const USE_WRITTEN_EVERY_SECONDS: i64 = 60;

type Row = (ApiTokenId, String, String, DateTime<Utc>, Option<DateTime<Utc>>);

fn of(r: Row) -> StoreResult<ApiToken> {
    let scope = scope_of(&r.2)?;
    Ok(ApiToken { id: r.0, name: r.1, scope, created_at: r.3, last_used_at: r.4 })
}

fn scope_of(text: &str) -> StoreResult<TokenScope> {
    TokenScope::parse(text).ok_or_else(|| StoreError::Corrupt {
        location: "api_tokens.scope".into(),
        detail: format!("'{text}' is neither read nor write"),
    })
}

#[async_trait]
impl ApiTokenStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn add_api_token(
        &self,
        name: &str,
        token_hash: &str,
        scope: TokenScope,
        now: DateTime<Utc>,
    ) -> StoreResult<ApiToken> {
        let mut tx = D::begin_write(&self.pool).await?;
        let name = super::rows::unique_name(
            &mut tx,
            self.owner,
            "api_tokens",
            name,
            "an API token",
            "revoke it first or choose another name",
        )
        .await?;
        let row: Row = sqlx::query_as(
            "INSERT INTO api_tokens (owner_id, name, token_hash, scope, created_at) VALUES ($1, $2, $3, $4, $5) \
             RETURNING id, name, scope, created_at, last_used_at",
        )
        .bind(self.owner)
        .bind(name)
        .bind(token_hash)
        .bind(scope.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        of(row)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn api_tokens(&self) -> StoreResult<Vec<ApiToken>> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, name, scope, created_at, last_used_at FROM api_tokens WHERE owner_id = $1 ORDER BY name",
        )
        .bind(self.owner)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(of).collect()
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn revoke_api_token(&self, name: &str) -> StoreResult<bool> {
        super::rows::delete_named(&self.pool, self.owner, "api_tokens", name).await
    }

    #[instrument(level = "debug", skip_all)]
    async fn api_token_owner(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(OwnerId, TokenScope)>> {
        // Without accounts the local owner's tokens work; with them, only an enabled account's.
        let found: Option<(ApiTokenId, OwnerId, String, Option<DateTime<Utc>>)> = sqlx::query_as(
            "SELECT t.id, t.owner_id, t.scope, t.last_used_at FROM api_tokens t \
             LEFT JOIN accounts a ON a.owner_id = t.owner_id \
             WHERE t.token_hash = $1 AND a.disabled_at IS NULL \
               AND (a.owner_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM accounts))",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some((id, owner, scope, last)) = found else { return Ok(None) };
        if last.is_none_or(|at| now - at >= Duration::seconds(USE_WRITTEN_EVERY_SECONDS)) {
            // A note, not a condition: a busy database must not refuse the request over it. The
            // condition keeps concurrent requests from writing it more than once a minute.
            let noted = sqlx::query(
                "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)",
            )
            .bind(id)
            .bind(now)
            .bind(now - Duration::seconds(USE_WRITTEN_EVERY_SECONDS))
            .execute(&self.pool)
            .await;
            if let Err(e) = noted {
                tracing::warn!(error = %e, "could not note an API token's use");
            }
        }
        Ok(Some((owner, scope_of(&scope)?)))
    }
}
