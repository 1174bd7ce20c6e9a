//! Answers that take several store reads: the ranked due list and the weekly plan. Shared by the
//! CLI, the web app, the calendar feed and the digest, so they all tell the user the same thing.

use std::collections::HashSet;

use chrono::NaiveDate;
use kith_core::{
    date::week_start,
    due::{DueItem, due_list as rank},
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
    let list = due_list(store, today, within).await?;
    let top: Vec<i64> = list.iter().take(size).map(|i| i.id).collect();
    let histories = store.histories(&top, 10).await?;
    let pool = store.reconnect_pool(today, 8).await?;
    let week = store.week_so_far(week_of, today).await?;
    let followups_due = list.iter().filter(|i| i.followup_id.is_some() && i.due_on <= today).count();
    let history = |id: i64| histories.get(&id).cloned().unwrap_or_default();
    Ok(build_plan(today, size, &list, &history, &pool, week, followups_due))
}
