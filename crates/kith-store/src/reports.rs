//! Answers that take several store reads: the ranked due list, the weekly plan and network health.
//! Shared by the CLI, the web app, the calendar feed and the digest, so they all tell the user the
//! same thing.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use kith_core::{
    contact::ContactBrief,
    date::week_start,
    dates::{birthdays_this_week, month_days_of_week},
    due::{DueItem, DueRef, LastTouch, due_list as rank, lines_with, ranking},
    health::{Health, Tally},
    job::{CONGRATULATE_WITHIN_DAYS, JobChange},
    plan::{Plan, PlanParts, congratulation, weekly_plan as build_plan},
    reconnect::{PAUSE_WEEKS, Pick, pick},
};

use crate::{Store, StoreResult};

/// The ranked due list on `today`, looking `within` days ahead: follow-ups first, then contacts in
/// the due list's order (kith-core's `due`).
pub async fn due_list(store: &dyn Store, today: NaiveDate, within: u32) -> StoreResult<Vec<DueItem>> {
    Ok(due_inputs(store, today, within).await?.rank())
}

/// What the due list is ranked from: the contacts due by the horizon (all of them, or enough for the
/// top of the list), the follow-ups promised by then, and the contacts of those follow-ups that are
/// not due themselves.
#[derive(Debug)]
pub struct DueInputs {
    candidates: Vec<ContactBrief>,
    followups: Vec<kith_core::FollowUp>,
    followup_contacts: Vec<ContactBrief>,
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
        self.lines_with(refs, &|_| None)
    }

    /// [`DueInputs::lines`], each reason naming the contact's latest touch when `last` knows it.
    pub fn lines_with(&self, refs: &[DueRef], last: &dyn Fn(i64) -> Option<LastTouch>) -> Vec<DueItem> {
        lines_with(refs, &self.candidates, &self.followups, &self.followup_contacts, self.today, last)
    }

    /// How many of `refs` are promises whose day has come.
    fn promises_due(&self, refs: &[DueRef]) -> usize {
        let due: HashSet<i64> = self.followups.iter().filter(|f| f.due_on <= self.today).map(|f| f.id).collect();
        refs.iter().filter(|r| r.followup_id.is_some_and(|f| due.contains(&f))).count()
    }
}

/// Reads what [`due_list`] ranks, so a caller can time the reads and the ranking apart. With a
/// `limit`, only enough contacts for the first `limit` lines are read: the database stops at the top
/// of the ranking instead of handing over every due contact.
pub async fn due_inputs(store: &dyn Store, today: NaiveDate, within: u32) -> StoreResult<DueInputs> {
    due_inputs_limited(store, today, within, None).await
}

/// [`due_inputs`] for the first `limit` lines at most (`None`: all of them).
pub async fn due_inputs_limited(
    store: &dyn Store,
    today: NaiveDate,
    within: u32,
    limit: Option<usize>,
) -> StoreResult<DueInputs> {
    let until = today + chrono::Duration::days(i64::from(within));
    let followups = store.followups_due_by(until).await?;
    // A contact with a promise due is listed as the promise: the top `limit` contact lines may need
    // as many more candidates as there are such contacts.
    let promised: HashSet<i64> = followups.iter().map(|f| f.contact_id).collect();
    let want = limit.map(|n| u32::try_from(n.saturating_add(promised.len())).unwrap_or(u32::MAX));
    let candidates = store.due_candidates(today, until, want).await?;
    // Follow-ups stand even for contacts that are otherwise never due (dormant, snoozed, lost).
    let known: HashSet<i64> = candidates.iter().map(|c| c.id).collect();
    let others: Vec<i64> = promised.into_iter().filter(|id| !known.contains(id)).collect();
    let followup_contacts = store.briefs_of(&others).await?;
    Ok(DueInputs { candidates, followups, followup_contacts, today, within })
}

/// How many people from the reconnect pool are read for the week's pick: the pick itself, and as
/// many again as may be resting after an offer in the last weeks or be elsewhere in the plan.
fn pool_read(offers: usize, plan_size: usize) -> u32 {
    u32::try_from(1 + offers + plan_size).unwrap_or(u32::MAX)
}

/// The plan for the week holding `today`, with `size` reach-outs: the top of the due list up to
/// Sunday, the week's reconnect (remembered, so it holds all week and changes the next), this week's
/// birthdays and the nudges.
pub async fn weekly_plan(store: &dyn Store, today: NaiveDate, size: usize) -> StoreResult<Plan> {
    let week_of = week_start(today);
    let sunday = week_of + chrono::Duration::days(6);
    let within = (sunday - today).num_days() as u32;
    let moves = moves_to_congratulate(store, today).await?;
    let moved: HashSet<i64> = moves.iter().map(|(_, c)| c.id).collect();
    // Only the reach-outs' lines are built: the rest of the due list is never read.
    let inputs = due_inputs_limited(store, today, within, Some(size + moved.len())).await?;
    let order = inputs.ranking();
    // Someone to congratulate is listed there, not again here (a promise to them still is).
    let order: Vec<_> = order.into_iter().filter(|r| r.followup_id.is_some() || !moved.contains(&r.id)).collect();
    let top = &order[..order.len().min(size)];
    let followups_due = inputs.promises_due(&order);

    let offers = store.reconnect_offers(week_of - chrono::Duration::weeks(PAUSE_WEEKS), week_of).await?;
    // This week's offer is read whatever its strength, so the pick holds all week.
    let offered: Vec<i64> = offers.iter().filter(|o| o.week_of == week_of).map(|o| o.contact).collect();
    let pool = store.reconnect_pool(today, pool_read(offers.len(), size), &offered).await?;
    let in_plan: HashSet<i64> = top.iter().map(|r| r.id).chain(moved.iter().copied()).collect();
    let pick = match pick(&pool, &offers, week_of, &in_plan) {
        Pick::Offer { contact, new } => {
            if new {
                store.record_reconnect_offer(week_of, contact).await?;
            }
            pool.into_iter().find(|c| c.contact.id == contact)
        }
        Pick::Taken | Pick::Nobody => None,
    };

    let mut ids: Vec<i64> = top.iter().map(|r| r.id).collect();
    ids.extend(pick.as_ref().map(|c| c.contact.id));
    ids.extend(moved.iter().copied());
    let histories: HashMap<i64, _> = store.histories(&ids, 10).await?;
    let history = |id: i64| histories.get(&id).cloned().unwrap_or_default();
    let list = inputs.lines_with(top, &|id| histories.get(&id).and_then(|h| h.last));
    let reconnect_history = pick.as_ref().map(|c| history(c.contact.id));
    let reconnect = pick.as_ref().zip(reconnect_history.as_ref());

    let dates = birthdays_this_week(&store.birthdays_on(&month_days_of_week(week_of)).await?, today);
    let week = store.week_so_far(week_of, today).await?;
    let congratulate = moves.iter().map(|(change, c)| congratulation(change, c, &history(c.id), today)).collect();
    let parts = PlanParts {
        due: &list,
        history: &history,
        reconnect,
        dates,
        week,
        open_followups_due: followups_due,
        congratulate,
    };
    Ok(build_plan(today, size, parts))
}

/// At most this many moves are in one plan, the latest first.
const MOST_MOVES: usize = 5;

/// The moves of the last [`CONGRATULATE_WITHIN_DAYS`] to congratulate on: the latest one of each
/// person, unless the user was in touch with them since it was noticed.
async fn moves_to_congratulate(store: &dyn Store, today: NaiveDate) -> StoreResult<Vec<(JobChange, ContactBrief)>> {
    let changes = store.job_changes(today - chrono::Duration::days(CONGRATULATE_WITHIN_DAYS)).await?;
    let mut seen = HashSet::new();
    let latest: Vec<JobChange> = changes.into_iter().filter(|c| seen.insert(c.contact_id)).take(MOST_MOVES).collect();
    if latest.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = latest.iter().map(|c| c.contact_id).collect();
    let briefs: HashMap<i64, ContactBrief> = store.briefs_of(&ids).await?.into_iter().map(|b| (b.id, b)).collect();
    Ok(latest
        .into_iter()
        .filter_map(|change| {
            let brief = briefs.get(&change.contact_id)?;
            let touched_since = brief.warmth.is_some_and(|w| w.last_touch >= change.noticed_on);
            (!touched_since && change.noticed_on <= today).then(|| (change, brief.clone()))
        })
        .collect())
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
