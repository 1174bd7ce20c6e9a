//! The triage of unsorted contacts: dormant ones whose circle nobody chose (imported people), and
//! sorting them into circles.

use std::collections::HashMap;

use async_trait::async_trait;
use kith_core::{Circle, ContactId, ContactPatch, triage::TriageCandidate};
use tracing::instrument;

use crate::{StoreResult, TriageStore, dialect::Dialect};

use super::contacts::edit_contact_in;
use super::rows::{bad_data, briefs_from_json, invalid};
use super::{D, ThisStore};

const BRIEFS_AS_JSON: &str = D::BRIEFS_AS_JSON;
/// The condition for "unsorted", word for word the partial index's (`contacts_unsorted`), so both
/// backends read that index.
const UNSORTED: &str = "c.owner_id = $1 AND c.circle = 'dormant' AND c.circle_chosen = FALSE AND c.archived = FALSE";

#[async_trait]
impl TriageStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn unsorted(&self) -> StoreResult<Vec<TriageCandidate>> {
        // The briefs and each one's touch count, read in one statement through the partial index.
        let sql =
            format!("{BRIEFS_AS_JSON}, {} {} WHERE {UNSORTED}", D::json_rows("c.id, c.touch_count"), from_contacts!());
        let (briefs, counts): (String, String) =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.owner).fetch_one(&self.pool).await?;
        let counts: Vec<(i64, i64)> =
            serde_json::from_str(&counts).map_err(|e| bad_data("touch counts", &e.to_string()))?;
        let counts: HashMap<i64, i64> = counts.into_iter().collect();
        let mut out: Vec<TriageCandidate> = briefs_from_json(&briefs)?
            .into_iter()
            .map(|contact| {
                let touches = counts.get(&contact.id).copied().unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32;
                TriageCandidate { contact, touches }
            })
            .collect();
        out.sort_unstable_by_key(|c| c.contact.id);
        Ok(out)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn count_unsorted(&self) -> StoreResult<u64> {
        let n: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM contacts c WHERE {UNSORTED}")))
                .bind(self.owner)
                .fetch_one(&self.pool)
                .await?;
        Ok(n.max(0) as u64)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn sort_contacts(&self, sorted: &[(ContactId, Circle)]) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        let waiting_sql = format!("SELECT EXISTS (SELECT 1 FROM contacts c WHERE {UNSORTED} AND c.id = $2)");
        for &(id, circle) in sorted {
            // Checked in the writing transaction, so nobody can sort the contact in between.
            let waiting: bool = sqlx::query_scalar(sqlx::AssertSqlSafe(waiting_sql.as_str()))
                .bind(self.owner)
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            if !waiting {
                return Err(invalid(
                    "contact",
                    format!("#{id}"),
                    "is not waiting in the triage (already sorted, archived or not dormant); change its circle \
                     with `kith edit` or on its page instead",
                ));
            }
            let patch = ContactPatch { circle: Some(circle), ..Default::default() };
            // The edit marks the circle as chosen, recomputes the derived warmth columns for the new
            // half-life and logs the change, as `kith edit --circle` does.
            edit_contact_in(&mut tx, self.owner, id, &patch).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
