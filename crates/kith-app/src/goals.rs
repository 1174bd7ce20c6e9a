//! Habit goals as both front ends show them: each goal's progress this period and its streaks,
//! measured from history (back-dated logs count for the day they happened).

use chrono::{NaiveDate, Weekday};
use kith_core::{
    goal::{Goal, Period, PeriodTotal},
    habit::{self, history_start},
};
use kith_store::{Store, StoreResult, StoredGoal};
use serde::Serialize;
use utoipa::ToSchema;

/// How many of the latest periods a progress view carries (for a small bar chart).
pub const RECENT_PERIODS: usize = 8;

/// One goal with where it stands on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct GoalProgressView {
    pub id: i64,
    /// What the goal counts, as `kith goal add --kind` takes it: `lunch+coffee`, `touches`,
    /// `new-people`, `reconnections`, `events`, `minutes`.
    pub measure: String,
    pub period: Period,
    pub target: u32,
    /// "lunch or coffee ≥ 1 / week".
    pub description: String,
    /// The period holding today: its first and last day, and a label ("week of 2026-11-23").
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub period_label: String,
    /// How much of it happened so far this period.
    pub done: u64,
    /// Whether this period's target is reached.
    pub met: bool,
    /// Periods met in a row up to now (this period counts once met; until then the run up to the
    /// one before stands).
    pub current_streak: u32,
    /// The longest run within the last three years.
    pub best_streak: u32,
    /// The totals of the latest periods, oldest first, this one last.
    pub recent: Vec<PeriodTotal>,
}

impl GoalProgressView {
    pub fn new(stored: &StoredGoal, progress: &habit::Progress) -> GoalProgressView {
        let g: &Goal = &stored.goal;
        GoalProgressView {
            id: stored.id,
            measure: g.measure.key(),
            period: g.period,
            target: g.target,
            description: g.describe(),
            period_start: progress.period_start,
            period_end: progress.period_end,
            period_label: habit::period_label(g.period, progress.period_start),
            done: progress.done,
            met: progress.met,
            current_streak: progress.streaks.current,
            best_streak: progress.streaks.best,
            recent: progress.recent.clone(),
        }
    }
}

/// Every goal of the store's owner with its progress on `today`, weeks starting on `first` (the
/// first read stores the default goals). Two reads: the goals, and the history of the last three
/// years in day-level totals.
pub async fn progress(store: &dyn Store, today: NaiveDate, first: Weekday) -> StoreResult<Vec<GoalProgressView>> {
    let goals = store.goals().await?;
    if goals.is_empty() {
        return Ok(Vec::new());
    }
    let activity = store.goal_activity(history_start(today), today).await?;
    Ok(goals
        .iter()
        .map(|g| GoalProgressView::new(g, &habit::progress(&g.goal, &activity, today, RECENT_PERIODS, first)))
        .collect())
}

/// One goal's progress on `today`.
pub async fn progress_of(
    store: &dyn Store,
    id: i64,
    today: NaiveDate,
    first: Weekday,
) -> StoreResult<GoalProgressView> {
    progress(store, today, first)
        .await?
        .into_iter()
        .find(|g| g.id == id)
        .ok_or_else(|| kith_store::StoreError::not_found("goal", id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kith_core::{InteractionKind, NewContact, NewInteraction};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[tokio::test]
    async fn defaults_show_progress_and_streaks_from_back_dated_logs() {
        let dir = tempfile::tempdir().unwrap();
        let store = kith_store::open(&kith_store::DatabaseUrl::Sqlite(dir.path().join("k.db"))).await.unwrap();
        let today = d("2026-11-25");
        let ann = store.add_contact(NewContact { name: "Ann".into(), ..Default::default() }, today).await.unwrap();
        // Coffee in each of the last three weeks, logged today.
        for on in ["2026-11-04", "2026-11-11", "2026-11-18", "2026-11-24"] {
            let i = NewInteraction {
                contacts: vec![ann],
                kind: InteractionKind::Coffee,
                on: d(on),
                minutes: Some(30),
                note: None,
                gave: None,
                got: None,
                they_initiated: false,
                favor_with: None,
                fulfills: Vec::new(),
            };
            store.log_interaction(i, 1.0).await.unwrap();
        }
        let all = progress(store.as_ref(), today, Weekday::Mon).await.unwrap();
        assert_eq!(all.len(), kith_core::goal::default_goals().len());
        let coffee = &all[0];
        assert_eq!((coffee.measure.as_str(), coffee.done, coffee.met), ("lunch+coffee", 1, true));
        assert_eq!((coffee.current_streak, coffee.best_streak), (4, 4));
        assert_eq!((coffee.period_start, coffee.period_end), (d("2026-11-23"), d("2026-11-29")));
        let minutes = all.iter().find(|g| g.measure == "minutes").unwrap();
        assert_eq!((minutes.done, minutes.met, minutes.current_streak), (30, false, 0));
        assert_eq!(progress_of(store.as_ref(), coffee.id, today, Weekday::Mon).await.unwrap(), *coffee);
    }
}
