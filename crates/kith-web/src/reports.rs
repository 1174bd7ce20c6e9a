//! Whole-network reports (the ranked due list, the weekly plan, network health, open follow-ups),
//! computed once per day and data version and shared by every request until something changes.
//!
//! Health reads every contact, and the due list every due one: on a large network that is far too
//! slow to do per page view, yet the answers only change when the data or the day does. The store's
//! data version moves with every write by any process (the CLI included), so a cached report is
//! never stale: each request asks for the version (one indexed read) and recomputes when it moved.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use kith_core::{FollowUp, due::DueItem, health::Health, plan::Plan};
use kith_store::{Store, StoreResult, reports};

/// The reports of one day and data version.
#[derive(Debug)]
pub struct Reports {
    pub today: NaiveDate,
    /// Ranked, due today or earlier.
    pub due: Vec<DueItem>,
    pub plan: Plan,
    pub health: Health,
    /// Open follow-ups, soonest first.
    pub followups: Vec<FollowUp>,
}

type Key = (NaiveDate, i64, usize);

#[derive(Debug, Default)]
pub struct ReportCache {
    latest: Mutex<Option<(Key, Arc<Reports>)>>,
    /// Held while computing, so a burst of requests after a change computes once.
    computing: tokio::sync::Mutex<()>,
}

impl ReportCache {
    /// The reports for `today`, from the cache when nothing changed since they were computed.
    pub async fn get(&self, store: &dyn Store, today: NaiveDate, plan_size: usize) -> StoreResult<Arc<Reports>> {
        let key = (today, store.data_version().await?, plan_size);
        if let Some(hit) = self.lookup(key) {
            return Ok(hit);
        }
        let _computing = self.computing.lock().await;
        // Another request may have computed them while this one waited.
        let key = (today, store.data_version().await?, plan_size);
        if let Some(hit) = self.lookup(key) {
            return Ok(hit);
        }
        let fresh = Arc::new(compute(store, today, plan_size).await?);
        *self.latest.lock().unwrap_or_else(|e| e.into_inner()) = Some((key, fresh.clone()));
        Ok(fresh)
    }

    fn lookup(&self, key: Key) -> Option<Arc<Reports>> {
        let latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        latest.as_ref().filter(|(k, _)| *k == key).map(|(_, r)| r.clone())
    }
}

async fn compute(store: &dyn Store, today: NaiveDate, plan_size: usize) -> StoreResult<Reports> {
    let due = reports::due_list(store, today, 0).await?;
    let plan = reports::weekly_plan(store, today, plan_size).await?;
    let briefs = store.briefs().await?;
    let from = kith_core::date::week_start(today) - chrono::Duration::weeks(51);
    let touches = store.touches_by_day(from, today).await?;
    let health = kith_core::health::health(&briefs, &touches, today);
    let followups = store.followups(false).await?;
    Ok(Reports { today, due, plan, health, followups })
}
