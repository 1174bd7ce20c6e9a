//! A database written before touches, events and follow-ups were searchable gets their text folded
//! once, when kith opens it: the migration added the empty `search_text` columns and marked every
//! owner (`shared/pending.rs`); folding is kith's own (`text::fold`), so it is done here, one owner
//! per transaction, the index following each row by itself.

use crate::{OwnerId, StoreResult, text};

use super::pending::fill_marked;
use super::{Conn, Db};

/// The setting that marks an owner whose typed text is not folded yet.
const TYPED_SEARCH_PENDING: &str = "typed_search_pending";

/// Rows folded between two progress reports.
const REPORT_EVERY: usize = 10_000;

/// A touch's id, note and favors.
type TouchTexts = (i64, Option<String>, Option<String>, Option<String>);

/// Folds the typed text of every owner the migration marked, each in one transaction.
pub(crate) async fn fill_pending_search(pool: &sqlx::Pool<Db>) -> StoreResult<()> {
    fill_marked(pool, TYPED_SEARCH_PENDING, fold_all).await
}

/// Writes the search text of each of `owner`'s touches, events and follow-ups that has any text.
async fn fold_all(conn: &mut Conn, owner: OwnerId) -> StoreResult<()> {
    let mut texts: Vec<(&'static str, i64, String)> = Vec::new();
    let touches: Vec<TouchTexts> = sqlx::query_as(
        "SELECT id, note, gave, got FROM interactions WHERE owner_id = $1 \
         AND (note IS NOT NULL OR gave IS NOT NULL OR got IS NOT NULL)",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    for (id, note, gave, got) in touches {
        texts.push(("interactions", id, text::typed_text([note.as_deref(), gave.as_deref(), got.as_deref()])));
    }
    let events: Vec<(i64, String, Option<String>)> =
        sqlx::query_as("SELECT id, title, note FROM events WHERE owner_id = $1")
            .bind(owner)
            .fetch_all(&mut *conn)
            .await?;
    for (id, title, note) in events {
        texts.push(("events", id, text::typed_text([Some(title.as_str()), note.as_deref()])));
    }
    let followups: Vec<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, note FROM followups WHERE owner_id = $1 AND note IS NOT NULL")
            .bind(owner)
            .fetch_all(&mut *conn)
            .await?;
    for (id, note) in followups {
        texts.push(("followups", id, text::typed_text([note.as_deref()])));
    }
    texts.retain(|(_, _, t)| !t.is_empty());
    let total = texts.len() as u64;
    crate::upgrade::report("indexing notes for search", 0, total);
    for (n, (table, id, search)) in texts.iter().enumerate() {
        // The table is one of the three names above, never input.
        let sql = format!("UPDATE {table} SET search_text = $1 WHERE id = $2");
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(search).bind(id).execute(&mut *conn).await?;
        if (n + 1) % REPORT_EVERY == 0 {
            crate::upgrade::report("indexing notes for search", n as u64 + 1, total);
        }
    }
    crate::upgrade::report("indexing notes for search", total, total);
    Ok(())
}
