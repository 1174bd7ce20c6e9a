// The triage of unsorted contacts: dormant ones whose circle nobody chose (imported people), and
// sorting them into circles. `include!`d by each backend (see rows.rs).

use kith_core::triage::TriageCandidate;

/// The condition for "unsorted", word for word the partial index's (`contacts_unsorted`), so both
/// backends read that index.
const UNSORTED: &str = "c.owner_id = $1 AND c.circle = 'dormant' AND c.circle_chosen = FALSE AND c.archived = FALSE";

impl ThisStore {
    async fn do_unsorted(&self) -> StoreResult<Vec<TriageCandidate>> {
        let mut conn = self.pool.acquire().await?;
        let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(briefs_json_sql(UNSORTED)))
            .bind(self.owner)
            .fetch_one(&mut *conn)
            .await?;
        let briefs = briefs_from_json(&json)?;
        let counts: Vec<(i64, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT c.id, c.touch_count FROM contacts c WHERE {UNSORTED}")))
                .bind(self.owner)
                .fetch_all(&mut *conn)
                .await?;
        let counts: HashMap<i64, i64> = counts.into_iter().collect();
        let mut out: Vec<TriageCandidate> = briefs
            .into_iter()
            .map(|contact| {
                let touches = counts.get(&contact.id).copied().unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32;
                TriageCandidate { contact, touches }
            })
            .collect();
        out.sort_unstable_by_key(|c| c.contact.id);
        Ok(out)
    }

    async fn do_count_unsorted(&self) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM contacts c WHERE {UNSORTED}")))
            .bind(self.owner)
            .fetch_one(&self.pool)
            .await?;
        Ok(n.max(0) as u64)
    }

    async fn do_sort_contacts(&self, sorted: &[(ContactId, Circle)]) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        for &(id, circle) in sorted {
            let patch = ContactPatch { circle: Some(circle), ..Default::default() };
            // The edit marks the circle as chosen, recomputes the derived warmth columns for the new
            // half-life and logs the change, as `kith edit --circle` does.
            edit_contact_in(&mut tx, self.owner, id, &patch).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
