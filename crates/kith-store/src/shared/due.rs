//! Due candidates (all of them, or the top of the ranking), the reconnect pool and its weekly
//! offers, this week's birthdays, weekly counts and snoozing.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    Circle, ContactId,
    contact::{Birthday, ContactBrief},
    dates::BirthdayOf,
    due::today_day,
    plan::WeekSoFar,
    reconnect::{MIN_UNSORTED_TOUCHES, Offer, ReconnectCandidate},
};
use sqlx::QueryBuilder;
use tracing::instrument;

use crate::{ContactStore, DueStore, StoreError, StoreResult, dialect::Dialect};

use super::rows::{bad_data, briefs_from_json, briefs_json_sql, limit_sql, parse_circle, touch_contact};
use super::{D, Db, ThisStore};

const DUE_RANK_INDEX: &str = D::DUE_RANK_INDEX;
const BIRTHDAY_MONTH_DAY: &str = D::BIRTHDAY_MONTH_DAY;
const ID_IN_JSON_LIST: &str = D::ID_IN_JSON_LIST;
/// Contacts that may be due by `$2` on `$3`: nagged (`due_on` set only for them), due by then, not
/// lost, not snoozed past today.
const DUE_FILTER: &str = "c.owner_id = $1 AND c.due_on IS NOT NULL AND c.due_on <= $2 \
     AND (c.lost_on IS NULL OR c.lost_on > $3) AND (c.snoozed_until IS NULL OR c.snoozed_until <= $3)";

/// The due list's order within one cadence (kith-core's `due::DueRank`, whose first key is the
/// cadence) on the stored derived columns, `$3` being today and `$4` its day number: the band
/// (`due::band`: cooling or due today 0, new 1, cold 2, due later 3; the status decided as
/// `Warmth::status` decides it, from the due moment, or from the mass before the latest touch),
/// important first, the later strength day (the stronger tie) first, the earlier due moment first, id.
/// The conformance suite checks that it agrees with kith-core.
const DUE_RANK_ORDER: &str = "CASE WHEN c.last_touch_on IS NULL THEN 1 \
          WHEN c.last_touch_on > $3 THEN \
               CASE WHEN c.warmth_mass >= 0.5 THEN 3 WHEN c.warmth_mass >= 0.25 THEN 0 ELSE 2 END \
          WHEN c.due_at - $4 >= 0 THEN CASE WHEN c.due_on <= $3 THEN 0 ELSE 3 END \
          WHEN c.due_at - $4 >= -c.cadence_days THEN 0 \
          ELSE 2 END, \
     c.important DESC, c.strength_day DESC, c.due_at, c.id";

/// The touches of a contact `c` that are not the day of a LinkedIn connection.
const CONVERSATIONS: &str = "(SELECT COUNT(*) FROM interaction_contacts ic WHERE ic.contact_id = c.id \
     AND NOT EXISTS (SELECT 1 FROM interaction_sources s WHERE s.interaction_id = ic.interaction_id \
     AND s.source_key LIKE 'linkedin-connected:%'))";

#[async_trait]
impl DueStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn due_candidates(
        &self,
        today: NaiveDate,
        until: NaiveDate,
        limit: Option<u32>,
    ) -> StoreResult<Vec<ContactBrief>> {
        let Some(limit) = limit else {
            // A large network can have tens of thousands of due contacts. Fetched as rows, each one
            // costs a hand-over between the driver's thread and ours; aggregated into one JSON text
            // by the database, they arrive in a single value (see `BRIEFS_AS_JSON` in each backend).
            let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(briefs_json_sql(DUE_FILTER)))
                .bind(self.owner)
                .bind(until)
                .bind(today)
                .fetch_one(&self.pool)
                .await?;
            return briefs_from_json(&json);
        };
        // Only the top: cadence is the ranking's first key, so the database walks the index
        // `contacts_due_rank (owner, cadence, …)` in cadence order, sorts each cadence's due contacts
        // by the rest of the ranking, and stops once it has enough; the rest of a large due list is
        // never read. (SQLite's planner, left to itself, prefers the due-date index and sorts every
        // due contact: `DUE_RANK_INDEX` names the index there.)
        let sql = briefs_json_sql(&format!(
            "c.id IN (SELECT c.id FROM contacts c {DUE_RANK_INDEX} WHERE {DUE_FILTER} \
             ORDER BY c.cadence_days, {DUE_RANK_ORDER}{})",
            limit_sql(i64::from(limit))
        ));
        let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(self.owner)
            .bind(until)
            .bind(today)
            .bind(today_day(today))
            .fetch_one(&self.pool)
            .await?;
        briefs_from_json(&json)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn reconnect_pool(
        &self,
        today: NaiveDate,
        limit: u32,
        also: &[ContactId],
    ) -> StoreResult<Vec<ReconnectCandidate>> {
        let mut conn = self.pool.acquire().await?;
        let not_snoozed = "(c.snoozed_until IS NULL OR c.snoozed_until <= $2)";
        // Lost ties among the contacts that can be due, strongest first (an index walked backwards).
        let lost = format!(
            "SELECT c.id, c.touch_count FROM contacts c WHERE c.owner_id = $1 AND c.due_on IS NOT NULL \
             AND c.lost_on <= $2 AND {not_snoozed} ORDER BY c.strength_day DESC, c.id{}",
            limit_sql(i64::from(limit))
        );
        let lost: Vec<(i64, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(lost)).bind(self.owner).bind(today).fetch_all(&mut *conn).await?;
        // Imports nobody sorted, with at least three touches besides the LinkedIn connection (the
        // literal `touch_count >= 3` lets the partial index `contacts_unsorted_pool` serve it).
        let unsorted = format!(
            "SELECT c.id, c.touch_count FROM contacts c WHERE c.owner_id = $1 AND c.circle = 'dormant' \
             AND c.circle_chosen = FALSE AND c.archived = FALSE AND c.touch_count >= 3 AND {not_snoozed} \
             AND {CONVERSATIONS} >= {MIN_UNSORTED_TOUCHES} ORDER BY c.strength_day DESC, c.id{}",
            limit_sql(i64::from(limit))
        );
        let unsorted: Vec<(i64, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(unsorted)).bind(self.owner).bind(today).fetch_all(&mut *conn).await?;
        let mut found: Vec<(i64, i64, bool)> = lost
            .into_iter()
            .map(|(id, n)| (id, n, false))
            .chain(unsorted.into_iter().map(|(id, n)| (id, n, true)))
            .collect();
        // The contacts asked for by name are checked one by one with kith-core's rule, wherever
        // they stand in strength.
        let asked: Vec<i64> = also.iter().copied().filter(|id| !found.iter().any(|f| f.0 == *id)).collect();
        if !asked.is_empty() {
            let asked_json = serde_json::to_string(&asked).map_err(|e| bad_data("contact ids", &e.to_string()))?;
            let sql = format!(
                "SELECT c.id, c.touch_count, c.circle_chosen, {CONVERSATIONS} FROM contacts c \
                 WHERE +c.owner_id = $1 AND c.id {ID_IN_JSON_LIST}"
            );
            let rows: Vec<(i64, i64, bool, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.owner)
                .bind(&asked_json)
                .fetch_all(&mut *conn)
                .await?;
            let briefs = self.briefs_of(&asked).await?;
            for (id, touches, chosen, conversations) in rows {
                let Some(b) = briefs.iter().find(|b| b.id == id) else { continue };
                let conversations = u32::try_from(conversations).unwrap_or(0);
                if kith_core::reconnect::in_pool(b, today, chosen, conversations) {
                    found.push((id, touches, b.circle == Circle::Dormant));
                }
            }
        }
        let ids: Vec<i64> = found.iter().map(|f| f.0).collect();
        let ids_json = serde_json::to_string(&ids).map_err(|e| bad_data("contact ids", &e.to_string()))?;
        let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(briefs_json_sql(&format!(
            "+c.owner_id = $1 AND c.id {ID_IN_JSON_LIST}"
        ))))
        .bind(self.owner)
        .bind(&ids_json)
        .fetch_one(&mut *conn)
        .await?;
        let mut briefs: HashMap<i64, ContactBrief> = briefs_from_json(&json)?.into_iter().map(|b| (b.id, b)).collect();
        let mut pool: Vec<ReconnectCandidate> = found
            .into_iter()
            .filter_map(|(id, touches, unsorted)| {
                let contact = briefs.remove(&id)?;
                Some(ReconnectCandidate { contact, touches: touches.max(0) as u32, unsorted })
            })
            .collect();
        kith_core::reconnect::rank(&mut pool);
        // The `limit` strongest, and the contacts asked for wherever they stand.
        let mut place = 0;
        pool.retain(|c| {
            place += 1;
            place <= limit as usize || asked.contains(&c.contact.id)
        });
        Ok(pool)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn reconnect_offers(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<Offer>> {
        let rows: Vec<(NaiveDate, i64, Option<NaiveDate>)> = sqlx::query_as(
            "SELECT r.week_of, r.contact_id, c.last_touch_on FROM reconnect_offers r JOIN contacts c \
             ON c.id = r.contact_id WHERE r.owner_id = $1 AND r.week_of >= $2 AND r.week_of <= $3 \
             ORDER BY r.week_of, r.contact_id",
        )
        .bind(self.owner)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(week_of, contact, last_touch_on)| Offer { week_of, contact, last_touch_on })
            .collect())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn record_reconnect_offer(&self, week_of: NaiveDate, contact: ContactId) -> StoreResult<()> {
        // Not the user's data: nothing to log, and whole-network reports stay valid.
        sqlx::query(
            "INSERT INTO reconnect_offers (owner_id, week_of, contact_id) SELECT $1, $2, id FROM contacts \
             WHERE id = $3 AND owner_id = $1 ON CONFLICT DO NOTHING",
        )
        .bind(self.owner)
        .bind(week_of)
        .bind(contact)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn birthdays_on(&self, month_days: &[String]) -> StoreResult<Vec<BirthdayOf>> {
        if month_days.is_empty() {
            return Ok(Vec::new());
        }
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT c.id, c.name, c.circle, c.important, c.archived, c.birthday FROM contacts c WHERE c.owner_id = ",
        );
        qb.push_bind(self.owner).push(" AND c.birthday IS NOT NULL AND c.archived = FALSE AND ");
        qb.push(BIRTHDAY_MONTH_DAY).push(" IN (");
        let mut list = qb.separated(", ");
        for md in month_days {
            list.push_bind(md.as_str());
        }
        qb.push(") ORDER BY c.id");
        let rows: Vec<(i64, String, String, bool, bool, String)> = qb.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter()
            .map(|(id, name, circle, important, archived, birthday)| {
                Ok(BirthdayOf {
                    id,
                    name,
                    circle: parse_circle(&circle)?,
                    important,
                    archived,
                    birthday: Birthday::parse("birthday", &birthday).map_err(|_| bad_data("birthday", &birthday))?,
                })
            })
            .collect()
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn week_so_far(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<WeekSoFar> {
        // One touch per person in each interaction, from the date index alone (`people`).
        let (touches, f2f): (i64, i64) = sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(i.people), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN i.kind IN ('lunch', 'coffee', 'meeting', 'event') THEN i.people END), 0) \
             AS BIGINT) FROM interactions i WHERE i.owner_id = $1 AND i.on_date >= $2 AND i.on_date <= $3",
        )
        .bind(self.owner)
        .bind(from)
        .bind(to)
        .fetch_one(&self.pool)
        .await?;
        Ok(WeekSoFar { touches: touches as u32, face_to_face: f2f as u32 })
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn touches_by_day(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<(NaiveDate, u64)>> {
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

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn snooze(&self, contact: ContactId, until: Option<NaiveDate>) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
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
