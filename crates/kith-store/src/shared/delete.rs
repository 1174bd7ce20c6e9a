//! Deleting contacts for good: the contacts and everything that is only theirs, in one transaction.
//! Touches with nobody else go; touches shared with others lose only the deleted people (and a
//! favor that was theirs); follow-ups, memberships, kept vCard properties, campaign entries,
//! reconnection days and offers go with the contact rows (foreign keys, ON DELETE CASCADE); the
//! change log keeps one `delete` per contact (sync clients must hear of it) and forgets the rest.
//! On SQLite the freed bytes are overwritten (`secure_delete`, and FTS5's own secure-delete).

use async_trait::async_trait;
use kith_core::ContactId;
use tracing::instrument;

use crate::{DeleteReport, DeleteStore, OwnerId, StoreError, StoreResult, dialect::Dialect, text};

use super::rows::{bad_data, log_change};
use super::{Conn, D, ThisStore};

const ID_IN_JSON_LIST: &str = D::ID_IN_JSON_LIST;
#[async_trait]
impl DeleteStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn delete_contacts(&self, ids: &[ContactId]) -> StoreResult<DeleteReport> {
        let mut tx = D::begin_write(&self.pool).await?;
        let report = delete_contacts_in(&mut tx, self.owner, ids).await?;
        tx.commit().await?;
        D::wipe_freed(&self.pool).await?;
        Ok(report)
    }
}

/// Deletes contacts inside the caller's transaction; the caller wipes the freed pages
/// (`D::wipe_freed`) once it commits.
pub(super) async fn delete_contacts_in(tx: &mut Conn, owner: OwnerId, ids: &[ContactId]) -> StoreResult<DeleteReport> {
    let mut ids: Vec<ContactId> = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut uids = Vec::with_capacity(ids.len());
    for &id in &ids {
        let uid: Option<String> = sqlx::query_scalar("SELECT uid FROM contacts WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner)
            .fetch_optional(&mut *tx)
            .await?;
        uids.push(uid.ok_or_else(|| StoreError::not_found("contact", id))?);
    }
    let list = serde_json::to_string(&ids).map_err(|e| bad_data("contact ids", &e.to_string()))?;
    // Touches with nobody but the deleted: gone, with their sources (cascade).
    let only_theirs = format!(
        "DELETE FROM interactions WHERE owner_id = $1 AND id IN (SELECT ic.interaction_id FROM \
         interaction_contacts ic WHERE ic.contact_id {ID_IN_JSON_LIST}) AND NOT EXISTS (SELECT 1 FROM \
         interaction_contacts o WHERE o.interaction_id = interactions.id AND o.contact_id NOT {ID_IN_JSON_LIST})"
    );
    let touches_deleted =
        sqlx::query(sqlx::AssertSqlSafe(only_theirs)).bind(owner).bind(&list).execute(&mut *tx).await?.rows_affected();
    // Touches shared with others: a favor that was the deleted person's goes with them (from the
    // search index too), and the number of people the touch had drops.
    let favors =
        format!("SELECT id, note FROM interactions WHERE owner_id = $1 AND favor_contact_id {ID_IN_JSON_LIST}");
    let favors: Vec<(i64, Option<String>)> =
        sqlx::query_as(sqlx::AssertSqlSafe(favors)).bind(owner).bind(&list).fetch_all(&mut *tx).await?;
    for (touch, note) in favors {
        sqlx::query(
            "UPDATE interactions SET gave = NULL, got = NULL, favor_contact_id = NULL, search_text = $1 \
             WHERE id = $2",
        )
        .bind(text::typed_text([note.as_deref()]))
        .bind(touch)
        .execute(&mut *tx)
        .await?;
    }
    let shared = format!(
        "UPDATE interactions SET people = people - (SELECT COUNT(*) FROM interaction_contacts ic \
         WHERE ic.interaction_id = interactions.id AND ic.contact_id {ID_IN_JSON_LIST}) \
         WHERE owner_id = $1 AND id IN (SELECT ic.interaction_id FROM interaction_contacts ic \
         WHERE ic.contact_id {ID_IN_JSON_LIST})"
    );
    let touches_kept =
        sqlx::query(sqlx::AssertSqlSafe(shared)).bind(owner).bind(&list).execute(&mut *tx).await?.rows_affected();
    for &id in &ids {
        D::fts_delete(&mut *tx, id).await?;
    }
    let forget =
        format!("DELETE FROM changes WHERE owner_id = $1 AND entity = 'contact' AND entity_id {ID_IN_JSON_LIST}");
    sqlx::query(sqlx::AssertSqlSafe(forget)).bind(owner).bind(&list).execute(&mut *tx).await?;
    // What the mail sync counted of them goes too: deleted for good is not "suggested again".
    let seen = format!(
        "DELETE FROM source_people WHERE owner_id = $1 AND address IN \
         (SELECT e.email_key FROM contact_emails e WHERE e.owner_id = $1 AND e.contact_id {ID_IN_JSON_LIST})"
    );
    sqlx::query(sqlx::AssertSqlSafe(seen)).bind(owner).bind(&list).execute(&mut *tx).await?;
    super::relationships::touch_related(&mut *tx, owner, &ids).await?;
    let rows = format!("DELETE FROM contacts WHERE owner_id = $1 AND id {ID_IN_JSON_LIST}");
    sqlx::query(sqlx::AssertSqlSafe(rows)).bind(owner).bind(&list).execute(&mut *tx).await?;
    for (&id, uid) in ids.iter().zip(&uids) {
        log_change(&mut *tx, owner, "contact", id, Some(uid), "delete").await?;
    }
    Ok(DeleteReport { contacts: ids.len() as u64, touches_deleted, touches_kept })
}
