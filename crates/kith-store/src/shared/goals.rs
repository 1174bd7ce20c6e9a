//! Habit goals and the day-level history they are measured against.

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    goal::{Goal, Measure, Period, default_goals},
    habit::{Activity, EventDay, KindDay},
};
use tracing::instrument;

use crate::{GoalStore, OwnerId, StoreError, StoreResult, StoredGoal, dialect::Dialect};

use super::reconnections::reconnections_per_day;
use super::rows::{bad_data, invalid, log_change, parse_kind};
use super::{Conn, D, ThisStore};

/// The setting that records that an owner's default goals were stored once.
const GOALS_SEEDED: &str = "goals_seeded";

type GoalRow = (i64, String, String, i64);

fn goal_of((id, measure, period, target): GoalRow) -> StoreResult<StoredGoal> {
    let measure = Measure::parse("measure", &measure).map_err(|_| bad_data("goal measure", &measure))?;
    let period: Period = period.parse().map_err(|_| bad_data("goal period", &period))?;
    let target = u32::try_from(target).map_err(|_| bad_data("goal target", &target.to_string()))?;
    Ok(StoredGoal { id, goal: Goal { measure, period, target } })
}

async fn goals_seeded(conn: &mut Conn, owner: OwnerId) -> StoreResult<bool> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT value FROM owner_settings WHERE owner_id = $1 AND name = $2")
            .bind(owner)
            .bind(GOALS_SEEDED)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}

/// Marks the owner's goals as set up (idempotent): defaults are never stored again.
async fn mark_goals_seeded(conn: &mut Conn, owner: OwnerId) -> StoreResult<()> {
    sqlx::query("INSERT INTO owner_settings (owner_id, name, value) VALUES ($1, $2, 'yes') ON CONFLICT DO NOTHING")
        .bind(owner)
        .bind(GOALS_SEEDED)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Stores the defaults unless this owner's goals were set up before (in this transaction).
async fn seed_goals(conn: &mut Conn, owner: OwnerId) -> StoreResult<()> {
    if goals_seeded(conn, owner).await? {
        return Ok(());
    }
    for g in default_goals() {
        insert_goal(conn, owner, &g).await?;
    }
    mark_goals_seeded(conn, owner).await
}

/// The id of this owner's goal for the same measure and period, if any.
async fn goal_id_for(conn: &mut Conn, owner: OwnerId, goal: &Goal) -> StoreResult<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM goals WHERE owner_id = $1 AND measure = $2 AND period = $3")
        .bind(owner)
        .bind(goal.measure.key())
        .bind(goal.period.as_str())
        .fetch_optional(&mut *conn)
        .await?)
}

async fn insert_goal(conn: &mut Conn, owner: OwnerId, goal: &Goal) -> StoreResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO goals (owner_id, measure, period, target) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(owner)
    .bind(goal.measure.key())
    .bind(goal.period.as_str())
    .bind(i64::from(goal.target))
    .fetch_one(&mut *conn)
    .await?;
    log_change(conn, owner, "goal", id, None, "create").await?;
    Ok(id)
}

async fn stored_goals(conn: &mut Conn, owner: OwnerId) -> StoreResult<Vec<StoredGoal>> {
    let rows: Vec<GoalRow> =
        sqlx::query_as("SELECT id, measure, period, target FROM goals WHERE owner_id = $1 ORDER BY id")
            .bind(owner)
            .fetch_all(&mut *conn)
            .await?;
    rows.into_iter().map(goal_of).collect()
}

/// Restores a backup's goals: the ones missing are added, a goal for the same measure and period
/// takes the backup's target. A backup without goals (an older kith) leaves them as they are.
pub(super) async fn restore_goals(conn: &mut Conn, owner: OwnerId, goals: Option<&[Goal]>) -> StoreResult<()> {
    let Some(goals) = goals else { return Ok(()) };
    for g in goals {
        let g = g.clone().validate()?;
        match goal_id_for(conn, owner, &g).await? {
            Some(id) => {
                sqlx::query("UPDATE goals SET target = $1 WHERE id = $2")
                    .bind(i64::from(g.target))
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
            None => {
                insert_goal(conn, owner, &g).await?;
            }
        }
    }
    mark_goals_seeded(conn, owner).await
}

/// The goals of a backup: `None` while the owner never had any set up.
pub(super) async fn snapshot_goals(conn: &mut Conn, owner: OwnerId) -> StoreResult<Option<Vec<Goal>>> {
    if !goals_seeded(conn, owner).await? {
        return Ok(None);
    }
    Ok(Some(stored_goals(conn, owner).await?.into_iter().map(|g| g.goal).collect()))
}

#[async_trait]
impl GoalStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn goals(&self) -> StoreResult<Vec<StoredGoal>> {
        let mut conn = self.pool.acquire().await?;
        if goals_seeded(&mut conn, self.owner).await? {
            return stored_goals(&mut conn, self.owner).await;
        }
        drop(conn);
        // First read: store the defaults (two first readers race; the second finds them seeded).
        let mut tx = D::begin_write(&self.pool).await?;
        seed_goals(&mut tx, self.owner).await?;
        let goals = stored_goals(&mut tx, self.owner).await?;
        tx.commit().await?;
        Ok(goals)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn add_goal(&self, goal: Goal) -> StoreResult<i64> {
        let goal = goal.validate()?;
        let mut tx = D::begin_write(&self.pool).await?;
        seed_goals(&mut tx, self.owner).await?;
        if let Some(id) = goal_id_for(&mut tx, self.owner, &goal).await? {
            return Err(invalid(
                "kind",
                goal.measure.key(),
                format!(
                    "goal #{id} already counts {} per {}; change its target with: kith goal edit {id} --at-least N",
                    goal.measure.describe(),
                    goal.period
                ),
            ));
        }
        let id = insert_goal(&mut tx, self.owner, &goal).await?;
        tx.commit().await?;
        Ok(id)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn set_goal_target(&self, id: i64, target: u32) -> StoreResult<()> {
        if target == 0 || target > kith_core::goal::MAX_TARGET {
            return Err(invalid(
                "at-least",
                target.to_string(),
                format!("a goal needs a target from 1 to {}", kith_core::goal::MAX_TARGET),
            ));
        }
        let mut tx = D::begin_write(&self.pool).await?;
        let done = sqlx::query("UPDATE goals SET target = $1 WHERE id = $2 AND owner_id = $3")
            .bind(i64::from(target))
            .bind(id)
            .bind(self.owner)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("goal", id));
        }
        log_change(&mut tx, self.owner, "goal", id, None, "update").await?;
        tx.commit().await?;
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn remove_goal(&self, id: i64) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        let done = sqlx::query("DELETE FROM goals WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(self.owner)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("goal", id));
        }
        // Removing a default before ever listing goals must not bring the defaults back.
        mark_goals_seeded(&mut tx, self.owner).await?;
        log_change(&mut tx, self.owner, "goal", id, None, "delete").await?;
        tx.commit().await?;
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn goal_activity(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Activity> {
        let mut conn = self.pool.acquire().await?;
        // Interactions, minutes and touches (each interaction keeps how many people it touched) per
        // day and kind: a range of the covering (owner, day, kind, minutes, people) index, already in
        // group order, with no join to the people.
        let rows: Vec<(NaiveDate, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT on_date, kind, COUNT(*), CAST(COALESCE(SUM(minutes), 0) AS BIGINT), \
             CAST(COALESCE(SUM(people), 0) AS BIGINT) FROM interactions \
             WHERE owner_id = $1 AND on_date >= $2 AND on_date <= $3 GROUP BY on_date, kind",
        )
        .bind(self.owner)
        .bind(from)
        .bind(to)
        .fetch_all(&mut *conn)
        .await?;
        let mut interactions = rows
            .into_iter()
            .map(|(on, kind, n, minutes, people)| {
                Ok(KindDay {
                    on,
                    kind: parse_kind(&kind)?,
                    interactions: n.max(0) as u64,
                    touches: people.max(0) as u64,
                    minutes: minutes.max(0) as u64,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        interactions.sort_unstable_by_key(|d| (d.on, d.kind));
        // The interaction that touched a recorded event's people counts as that event (below), not
        // as an interaction of its own. Events are few: take theirs off the counts.
        let recorded: Vec<(NaiveDate, String, Option<i64>, i64)> = sqlx::query_as(
            "SELECT i.on_date, i.kind, i.minutes, i.people \
             FROM events e JOIN interactions i ON i.id = e.interaction_id \
             WHERE e.owner_id = $1 AND i.on_date >= $2 AND i.on_date <= $3",
        )
        .bind(self.owner)
        .bind(from)
        .bind(to)
        .fetch_all(&mut *conn)
        .await?;
        for (on, kind, minutes, people) in recorded {
            let key = (on, parse_kind(&kind)?);
            if let Ok(i) = interactions.binary_search_by_key(&key, |d| (d.on, d.kind)) {
                let day = &mut interactions[i];
                day.interactions = day.interactions.saturating_sub(1);
                day.minutes = day.minutes.saturating_sub(minutes.unwrap_or(0).max(0) as u64);
                day.touches = day.touches.saturating_sub(people.max(0) as u64);
            }
        }
        interactions.retain(|d| d.interactions > 0);
        // A recorded event counts in place of the interaction that touched its people.
        let event_rows: Vec<(NaiveDate, i64, i64, i64)> = sqlx::query_as(
            "SELECT on_date, COUNT(*), CAST(COALESCE(SUM(people), 0) AS BIGINT), \
             CAST(COALESCE(SUM(minutes), 0) AS BIGINT) FROM (SELECT e.on_date, e.minutes, \
             (SELECT COUNT(*) FROM event_people ep WHERE ep.event_id = e.id) AS people \
             FROM events e WHERE e.owner_id = $1 AND e.on_date >= $2 AND e.on_date <= $3) t \
             GROUP BY on_date ORDER BY on_date",
        )
        .bind(self.owner)
        .bind(from)
        .bind(to)
        .fetch_all(&mut *conn)
        .await?;
        let events = event_rows
            .into_iter()
            .map(|(on, n, people, minutes)| EventDay {
                on,
                events: n.max(0) as u64,
                touches: people.max(0) as u64,
                minutes: minutes.max(0) as u64,
            })
            .collect();
        let met: Vec<(NaiveDate, i64)> = sqlx::query_as(
            "SELECT met_on, COUNT(*) FROM contacts WHERE owner_id = $1 AND met_on IS NOT NULL AND met_on >= $2 \
             AND met_on <= $3 GROUP BY met_on ORDER BY met_on",
        )
        .bind(self.owner)
        .bind(from)
        .bind(to)
        .fetch_all(&mut *conn)
        .await?;
        let new_people = met.into_iter().map(|(d, n)| (d, n.max(0) as u64)).collect();
        let reconnections = reconnections_per_day(&mut conn, self.owner, from, to).await?;
        Ok(Activity { interactions, events, new_people, reconnections })
    }
}
