//! One-time work a migration leaves for kith to do in Rust (kith-core's rules are not SQL): the
//! migration marks every owner in `owner_settings`, and the next open claims each owner's mark
//! inside the transaction that does the work, so a second process opening the database at the same
//! time finds nothing to do, and work cut short keeps its mark and runs again.

use crate::{OwnerId, StoreResult};

use super::{Conn, Db};

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
