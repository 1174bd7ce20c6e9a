//! Accounts: server-wide (whatever owner the store works for), since signing in is how an owner is
//! found. Deleting one removes every row its owner has, in one transaction.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kith_core::ValidationError;
use tracing::instrument;

use crate::{
    Account, AccountStore, DeletedAccount, LOCAL_OWNER, NewAccount, OWNED_TABLES, OwnerId, StoreError, StoreResult,
    dialect::Dialect,
};

use super::{Conn, D, ThisStore};

type Row = (OwnerId, String, bool, Option<DateTime<Utc>>, DateTime<Utc>, Option<String>);

const COLUMNS: &str = "owner_id, email, admin, disabled_at, created_at, password_hash";

fn of(r: Row) -> Account {
    Account { owner: r.0, email: r.1, admin: r.2, disabled_at: r.3, created_at: r.4, password_hash: r.5 }
}

async fn find(conn: &mut Conn, email: &str) -> StoreResult<Option<Account>> {
    let sql = format!("SELECT {COLUMNS} FROM accounts WHERE email = $1");
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(email).fetch_optional(&mut *conn).await?;
    Ok(row.map(of))
}

/// Locks an owner's row until the transaction ends (on SQLite the write transaction already does).
async fn lock_owner(conn: &mut Conn, owner: OwnerId) -> StoreResult<()> {
    let sql = format!("SELECT id FROM owners WHERE id = $1{}", D::LOCK_ROWS);
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(owner).fetch_optional(&mut *conn).await?;
    Ok(())
}

fn no_account(email: &str) -> StoreError {
    StoreError::Invalid(ValidationError::new(
        "EMAIL",
        email,
        "no account has this address; `kith user list` shows them",
    ))
}

#[async_trait]
impl AccountStore for ThisStore {
    #[instrument(level = "debug", skip_all)]
    async fn add_account(&self, new: NewAccount<'_>, now: DateTime<Utc>) -> StoreResult<Account> {
        let mut tx = D::begin_write(&self.pool).await?;
        // Two accounts made at once wait here for each other: both cannot take the local owner.
        lock_owner(&mut tx, LOCAL_OWNER).await?;
        if find(&mut tx, new.email).await?.is_some() {
            return Err(StoreError::Invalid(ValidationError::new(
                "EMAIL",
                new.email,
                "an account with this address exists already; `kith user list` shows them",
            )));
        }
        // The first account takes the data kith held before accounts (unless that account was
        // deleted once); the others start empty, under an id no owner ever had.
        let takes_local: bool = sqlx::query_scalar(
            "SELECT NOT EXISTS (SELECT 1 FROM accounts) AND NOT EXISTS (SELECT 1 FROM deleted_owners WHERE id = $1)",
        )
        .bind(LOCAL_OWNER)
        .fetch_one(&mut *tx)
        .await?;
        let owner: OwnerId = if takes_local {
            LOCAL_OWNER
        } else {
            let next: OwnerId = sqlx::query_scalar(
                "SELECT MAX(id) + 1 FROM (SELECT id FROM owners UNION ALL SELECT id FROM deleted_owners) AS ids",
            )
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO owners (id, name, created_at) VALUES ($1, $2, $3)")
                .bind(next)
                .bind(new.email)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            next
        };
        let sql = format!(
            "INSERT INTO accounts (owner_id, email, password_hash, admin, created_at) VALUES ($1, $2, $3, $4, $5) \
             RETURNING {COLUMNS}"
        );
        let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(owner)
            .bind(new.email)
            .bind(new.password_hash)
            .bind(new.admin)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(of(row))
    }

    #[instrument(level = "debug", skip_all)]
    async fn accounts(&self) -> StoreResult<Vec<Account>> {
        let sql = format!("SELECT {COLUMNS} FROM accounts ORDER BY email");
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(of).collect())
    }

    #[instrument(level = "debug", skip_all)]
    async fn account(&self, email: &str) -> StoreResult<Option<Account>> {
        let mut conn = self.pool.acquire().await?;
        find(&mut conn, email).await
    }

    #[instrument(level = "debug", skip_all)]
    async fn account_of(&self, owner: OwnerId) -> StoreResult<Option<Account>> {
        let sql = format!("SELECT {COLUMNS} FROM accounts WHERE owner_id = $1");
        let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(owner).fetch_optional(&self.pool).await?;
        Ok(row.map(of))
    }

    #[instrument(level = "debug", skip_all)]
    async fn set_account_disabled(&self, email: &str, at: Option<DateTime<Utc>>) -> StoreResult<Account> {
        let mut tx = D::begin_write(&self.pool).await?;
        let account = find(&mut tx, email).await?.ok_or_else(|| no_account(email))?;
        sqlx::query("UPDATE accounts SET disabled_at = $1 WHERE owner_id = $2")
            .bind(at)
            .bind(account.owner)
            .execute(&mut *tx)
            .await?;
        if at.is_some() {
            // Signed-in browsers are signed out at their next request.
            sqlx::query("DELETE FROM web_sessions WHERE owner_id = $1").bind(account.owner).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(Account { disabled_at: at, ..account })
    }

    #[instrument(level = "debug", skip_all)]
    async fn set_password_hash(&self, owner: OwnerId, hash: &str) -> StoreResult<()> {
        let changed = sqlx::query("UPDATE accounts SET password_hash = $1 WHERE owner_id = $2")
            .bind(hash)
            .bind(owner)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::not_found("account of owner", owner));
        }
        Ok(())
    }

    #[instrument(level = "debug", skip_all)]
    async fn delete_account(&self, email: &str, now: DateTime<Utc>) -> StoreResult<DeletedAccount> {
        let mut tx = D::begin_write(&self.pool).await?;
        let account = find(&mut tx, email).await?.ok_or_else(|| no_account(email))?;
        let owner = account.owner;
        // Writes of that owner still under way (a session a server remembers for a minute) finish
        // first or find the owner gone.
        lock_owner(&mut tx, owner).await?;
        // The contacts' full-text index has no owner column (SQLite keeps it apart).
        let contacts: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM contacts WHERE owner_id = $1").bind(owner).fetch_all(&mut *tx).await?;
        for id in contacts {
            D::fts_delete(&mut tx, id).await?;
        }
        let mut rows = 0;
        for table in OWNED_TABLES {
            let sql = format!("DELETE FROM {table} WHERE owner_id = $1");
            rows += sqlx::query(sqlx::AssertSqlSafe(sql)).bind(owner).execute(&mut *tx).await?.rows_affected();
        }
        // The local owner is the one the command line works for without accounts: it stays, empty.
        if owner != LOCAL_OWNER {
            rows +=
                sqlx::query("DELETE FROM owners WHERE id = $1").bind(owner).execute(&mut *tx).await?.rows_affected();
        }
        sqlx::query("INSERT INTO deleted_owners (id, deleted_at) VALUES ($1, $2)")
            .bind(owner)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        D::wipe_freed(&self.pool).await?;
        Ok(DeletedAccount { email: account.email, rows })
    }

    #[instrument(level = "debug", skip_all)]
    async fn session_owner(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(OwnerId, DateTime<Utc>)>> {
        Ok(sqlx::query_as(
            "SELECT s.owner_id, s.expires_at FROM web_sessions s JOIN accounts a ON a.owner_id = s.owner_id \
             WHERE s.id_hash = $1 AND s.expires_at > $2 AND a.disabled_at IS NULL",
        )
        .bind(id_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }
}
