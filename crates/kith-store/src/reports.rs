//! Answers that take several store reads: the ranked due list, the weekly plan and network health.
//! Shared by the CLI, the web app, the calendar feed and the digest, so they all tell the user the
//! same thing.

use std::collections::HashSet;

use chrono::NaiveDate;
use kith_core::{
    date::week_start,
    due::{DueItem, DueRef, due_list as rank, lines, ranking},
    health::{Health, Tally},
    plan::{Plan, weekly_plan as build_plan},
};

use crate::{Store, StoreResult};

/// The ranked due list on `today`, looking `within` days ahead: follow-ups first, then contacts by
/// how many cadences they are overdue.
pub async fn due_list(store: &dyn Store, today: NaiveDate, within: u32) -> StoreResult<Vec<DueItem>> {
    Ok(due_inputs(store, today, within).await?.rank())
}

/// What the due list is ranked from: the contacts due by the horizon, the follow-ups promised by
/// then, and the contacts of those follow-ups that are not due themselves.
#[derive(Debug)]
pub struct DueInputs {
    candidates: Vec<kith_core::contact::ContactBrief>,
    followups: Vec<kith_core::FollowUp>,
    followup_contacts: Vec<kith_core::contact::ContactBrief>,
    today: NaiveDate,
    within: u32,
}

impl DueInputs {
    /// Ranks them (kith-core's rules; no store access).
    pub fn rank(&self) -> Vec<DueItem> {
        rank(&self.candidates, &self.followups, &self.followup_contacts, self.today, self.within)
    }

    /// The same order as [`DueInputs::rank`], as ids only: what a server keeps between pages.
    pub fn ranking(&self) -> Vec<DueRef> {
        ranking(&self.candidates, &self.followups, &self.followup_contacts, self.today, self.within)
    }

    /// The lines of `refs`, some of [`DueInputs::ranking`], in their order.
    pub fn lines(&self, refs: &[DueRef]) -> Vec<DueItem> {
        lines(refs, &self.candidates, &self.followups, &self.followup_contacts, self.today)
    }

    /// How many of `refs` are promises whose day has come.
    fn promises_due(&self, refs: &[DueRef]) -> usize {
        let due: HashSet<i64> = self.followups.iter().filter(|f| f.due_on <= self.today).map(|f| f.id).collect();
        refs.iter().filter(|r| r.followup_id.is_some_and(|f| due.contains(&f))).count()
    }
}

/// Reads what [`due_list`] ranks, so a caller can time the reads and the ranking apart.
pub async fn due_inputs(store: &dyn Store, today: NaiveDate, within: u32) -> StoreResult<DueInputs> {
    let until = today + chrono::Duration::days(i64::from(within));
    let candidates = store.due_candidates(today, until).await?;
    let followups: Vec<_> = store.followups(false).await?.into_iter().filter(|f| f.due_on <= until).collect();
    // Follow-ups stand even for contacts that are otherwise never due (dormant, snoozed, lost).
    let known: HashSet<i64> = candidates.iter().map(|c| c.id).collect();
    let others: HashSet<i64> = followups.iter().map(|f| f.contact_id).filter(|id| !known.contains(id)).collect();
    let followup_contacts = store.briefs_of(&others.into_iter().collect::<Vec<_>>()).await?;
    Ok(DueInputs { candidates, followups, followup_contacts, today, within })
}

/// The plan for the week holding `today`, with `size` reach-outs.
pub async fn weekly_plan(store: &dyn Store, today: NaiveDate, size: usize) -> StoreResult<Plan> {
    let week_of = week_start(today);
    let sunday = week_of + chrono::Duration::days(6);
    let within = (sunday - today).num_days() as u32;
    // Only the reach-outs' lines are built: the rest of a large due list is counted, not worded.
    let inputs = due_inputs(store, today, within).await?;
    let order = inputs.ranking();
    let list = inputs.lines(&order[..order.len().min(size)]);
    let followups_due = inputs.promises_due(&order);
    drop(inputs);
    let top: Vec<i64> = list.iter().map(|i| i.id).collect();
    let histories = store.histories(&top, 10).await?;
    let pool = store.reconnect_pool(today, 8).await?;
    let week = store.week_so_far(week_of, today).await?;
    let history = |id: i64| histories.get(&id).cloned().unwrap_or_default();
    Ok(build_plan(today, size, &list, &history, &pool, week, followups_due))
}

/// Contacts read per batch for network health: a couple of megabytes at a time.
const HEALTH_BATCH: u32 = 10_000;

/// Network health on `today`: every contact read a batch at a time and counted, so a large network
/// is never held in memory whole, and the touches per day over the last year.
pub async fn health(store: &dyn Store, today: NaiveDate) -> StoreResult<Health> {
    let mut tally = Tally::new(today);
    let mut after = 0;
    loop {
        let batch = store.briefs_after(after, HEALTH_BATCH).await?;
        tally.add(&batch);
        match batch.last() {
            Some(last) if batch.len() == HEALTH_BATCH as usize => after = last.id,
            _ => break,
        }
    }
    let from = week_start(today) - chrono::Duration::weeks(51);
    let touches = store.touches_by_day(from, today).await?;
    Ok(tally.finish(&touches))
}
