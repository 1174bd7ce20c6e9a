//! A database written under warmth model v1 is brought to model v2 once, when kith opens it: every
//! contact's derived columns (and reconnection days, whose "lost" rule changed with the model) are
//! recomputed by kith-core from the contact's touches, all in one transaction that also removes the
//! mark the migration set (`shared/pending.rs`).

use crate::{OwnerId, StoreResult};

use super::pending::fill_marked;
use super::rows::refresh_warmth_many;
use super::web::bump_version;
use super::{Conn, Db};

/// The setting that marks an owner's derived columns as computed by an older model (set by the
/// migration that added the v2 columns, removed by the recomputation in its transaction).
const WARMTH_V2_PENDING: &str = "warmth_v2_pending";

/// Contacts recomputed per step: a few megabytes of touches at a time, and a progress report each.
const RECOMPUTE_CONTACTS: usize = 5_000;

/// Recomputes the derived columns of every owner the migration marked, each in one transaction.
pub(crate) async fn fill_pending_warmth(pool: &sqlx::Pool<Db>) -> StoreResult<()> {
    fill_marked(pool, WARMTH_V2_PENDING, recompute_all).await
}

/// Recomputes every contact of `owner`, a few thousand at a time, reporting the progress.
async fn recompute_all(conn: &mut Conn, owner: OwnerId) -> StoreResult<()> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM contacts WHERE owner_id = $1 ORDER BY id")
        .bind(owner)
        .fetch_all(&mut *conn)
        .await?;
    let total = ids.len() as u64;
    let mut done = 0;
    crate::upgrade::report("recomputing warmth", done, total);
    for chunk in ids.chunks(RECOMPUTE_CONTACTS) {
        refresh_warmth_many(conn, owner, chunk).await?;
        done += chunk.len() as u64;
        crate::upgrade::report("recomputing warmth", done, total);
    }
    // Whole-network reports cached by data version must not survive the change of model.
    bump_version(conn, owner).await
}
