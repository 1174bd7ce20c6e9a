// Due candidates, the reconnect pool, weekly counts and snoozing. `include!`d by each backend.

use kith_core::{
    Status,
    contact::Cadenced,
    due::is_lost,
    plan::{ReconnectCandidate, WeekSoFar},
};

impl ThisStore {
    async fn do_due_candidates(&self, today: NaiveDate, until: NaiveDate) -> StoreResult<Vec<ContactBrief>> {
        // A large network can have tens of thousands of due contacts. Fetched as rows, each one
        // costs a hand-over between the driver's thread and ours; aggregated into one JSON text by
        // the database, they arrive in a single value (see `BRIEFS_AS_JSON` in each backend).
        let sql = briefs_json_sql(
            "c.owner_id = $1 AND c.due_on IS NOT NULL AND c.due_on <= $2 \
             AND (c.lost_on IS NULL OR c.lost_on > $3) AND (c.snoozed_until IS NULL OR c.snoozed_until <= $3)",
        );
        let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(self.owner)
            .bind(until)
            .bind(today)
            .fetch_one(&self.pool)
            .await?;
        briefs_from_json(&json)
    }

    async fn do_reconnect_pool(&self, today: NaiveDate, limit: u32) -> StoreResult<Vec<ReconnectCandidate>> {
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::new();
        let page = 200i64;
        let mut offset = 0i64;
        while out.len() < limit as usize {
            let rows: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT c.id, c.touch_count FROM contacts c WHERE c.owner_id = $1 AND c.archived = FALSE \
                 AND c.last_touch_on IS NOT NULL AND (c.lost_on <= $2 OR c.circle = $3) \
                 ORDER BY c.touch_count DESC, c.id LIMIT $4 OFFSET $5",
            )
            .bind(self.owner)
            .bind(today)
            .bind(Circle::Dormant.as_str())
            .bind(page)
            .bind(offset)
            .fetch_all(&mut *conn)
            .await?;
            let n = rows.len() as i64;
            for (id, touches) in rows {
                let brief: BriefRow = sqlx::query_as(concat!("SELECT ", brief_cols!(), from_contacts!(), "WHERE c.id = $1"))
                    .bind(id)
                    .fetch_one(&mut *conn)
                    .await?;
                let brief = brief.into_brief()?;
                let cold = brief.circle == Circle::Dormant && brief.reading(today).status == Status::Cold;
                if (cold || is_lost(&brief, today)) && out.len() < limit as usize {
                    let history = history_of(&mut conn, self.owner, id, 10).await?;
                    out.push(ReconnectCandidate { contact: brief, touches: touches as u32, history });
                }
            }
            if n < page {
                break;
            }
            offset += page;
        }
        Ok(out)
    }

    async fn do_week_so_far(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<WeekSoFar> {
        let (touches, f2f): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COUNT(CASE WHEN i.kind IN ('lunch', 'coffee', 'meeting', 'event') THEN 1 END) \
             FROM interactions i JOIN interaction_contacts ic ON ic.interaction_id = i.id \
             WHERE i.owner_id = $1 AND i.on_date >= $2 AND i.on_date <= $3",
        )
        .bind(self.owner)
        .bind(from)
        .bind(to)
        .fetch_one(&self.pool)
        .await?;
        Ok(WeekSoFar { touches: touches as u32, face_to_face: f2f as u32 })
    }

    async fn do_touches_by_day(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<(NaiveDate, u64)>> {
        let rows: Vec<(NaiveDate, i64)> = sqlx::query_as(
            "SELECT on_date, COUNT(*) FROM interactions WHERE owner_id = $1 AND on_date >= $2 AND on_date <= $3 \
             GROUP BY on_date ORDER BY on_date",
        )
        .bind(self.owner)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(d, n)| (d, n as u64)).collect())
    }

    async fn do_snooze(&self, contact: ContactId, until: Option<NaiveDate>) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        let done = sqlx::query("UPDATE contacts SET snoozed_until = $1 WHERE id = $2 AND owner_id = $3")
            .bind(until)
            .bind(contact)
            .bind(self.owner)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("contact", contact));
        }
        touch_contact(&mut tx, self.owner, contact, "update").await?;
        tx.commit().await?;
        Ok(())
    }
}
