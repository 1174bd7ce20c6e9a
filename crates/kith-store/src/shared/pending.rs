//! One-time work a migration leaves for kith to do in Rust (kith-core's rules are not SQL): the
//! migration marks every owner in `owner_settings`, and the next open claims each owner's mark
//! inside the transaction that does the work, so a second process opening the database at the same
//! time finds nothing to do, and work cut short keeps its mark and runs again.

use crate::{OwnerId, StoreResult};

use crate::dialect::Dialect;

use super::{Conn, D, Db};

/// The owners marked with `mark`, by id.
pub(super) async fn owners_marked(pool: &sqlx::Pool<Db>, mark: &str) -> StoreResult<Vec<OwnerId>> {
    Ok(sqlx::query_scalar("SELECT owner_id FROM owner_settings WHERE name = $1 ORDER BY owner_id")
        .bind(mark)
        .fetch_all(pool)
        .await?)
}

/// Removes `owner`'s `mark` in the caller's transaction: true for the one transaction that claimed it.
pub(super) async fn claim_mark(conn: &mut Conn, owner: OwnerId, mark: &str) -> StoreResult<bool> {
    let claimed = sqlx::query("DELETE FROM owner_settings WHERE owner_id = $1 AND name = $2")
        .bind(owner)
        .bind(mark)
        .execute(&mut *conn)
        .await?;
    Ok(claimed.rows_affected() > 0)
}

/// Does `work` for every owner marked with `mark`, each in one write transaction that claims the
/// mark: the work of a migration that cannot be done in SQL.
pub(super) async fn fill_marked(
    pool: &sqlx::Pool<Db>,
    mark: &str,
    work: impl AsyncFn(&mut Conn, OwnerId) -> StoreResult<()>,
) -> StoreResult<()> {
    for owner in owners_marked(pool, mark).await? {
        let mut tx = D::begin_write(pool).await?;
        if claim_mark(&mut tx, owner, mark).await? {
            work(&mut tx, owner).await?;
            tx.commit().await?;
        }
    }
    Ok(())
}
