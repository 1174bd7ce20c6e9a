//! Whole-network reports (the ranked due list, the weekly plan, network health, open follow-ups),
//! computed once per day and data version and shared by every request until something changes.
//!
//! Health reads every contact, and the due list every due one: on a large network that is far too
//! slow to do per page view, yet the answers only change when the data or the day does. The store's
//! data version moves with every write by any process (the CLI included), so a cached report is
//! never stale: requests ask for the version (one indexed read, at most every 200 ms unless this
//! server wrote something) and recompute when it moved.

use std::{
    sync::{
        Arc, Mutex, OnceLock,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use axum::{
    extract::{Request, State},
    http::Method,
    middleware::Next,
    response::Response,
};

use chrono::NaiveDate;
use kith_app::Settings;
use kith_core::{FollowUp, due::DueRef, health::Health, plan::Plan};
use kith_store::{Store, StoreResult, reports};

use crate::state::AppState;

/// The reports of one day and data version.
#[derive(Debug)]
pub struct Reports {
    pub today: NaiveDate,
    /// The due list (due today or earlier) in its order, as ids: a few bytes a line however large
    /// the network; each page builds the words of its own lines (see [`crate::html::due`]).
    pub due: Vec<DueRef>,
    pub plan: Plan,
    pub health: Health,
    /// Open follow-ups, soonest first.
    pub followups: Vec<FollowUp>,
    /// The habit goals with this period's progress.
    pub goals: Vec<kith_app::goals::GoalProgressView>,
    /// Career readiness today.
    pub career: kith_app::career::CareerView,
    /// Market signals of the last 90 days, newest first, at most [`DASHBOARD_SIGNALS`].
    pub signals: Vec<kith_core::signal::Signal>,
    /// Imported contacts waiting to be sorted into circles.
    pub unsorted: u64,
    /// The dashboard rendered from these reports (without a one-time message), once asked for.
    pub dashboard: OnceLock<Arc<str>>,
}

type Key = (NaiveDate, i64, usize);

/// How many recent market signals the dashboard shows.
pub const DASHBOARD_SIGNALS: u32 = 5;

/// How long a data version read from the database is trusted for changes made by other processes
/// (the CLI, another server). Writes through this server are seen at once (see [`ReportCache::written`]).
const VERSION_TTL: Duration = Duration::from_millis(200);

#[derive(Debug, Default)]
pub struct ReportCache {
    latest: Mutex<Option<(Key, Arc<Reports>)>>,
    probe: Mutex<Option<Probe>>,
    /// Writes made through this server; a probe taken before the latest one is not trusted.
    local_writes: AtomicU64,
    /// Held while computing, so a burst of requests after a change computes once.
    computing: tokio::sync::Mutex<()>,
}

/// The data version as last read, when, and how many local writes had happened by then.
#[derive(Debug, Clone, Copy)]
struct Probe {
    version: i64,
    read_at: Instant,
    local_writes: u64,
}

impl ReportCache {
    /// The reports for `today`, from the cache when nothing changed since they were computed.
    pub async fn get(&self, store: &dyn Store, today: NaiveDate, settings: &Settings) -> StoreResult<Arc<Reports>> {
        let plan_size = settings.plan_size;
        let key = (today, self.version(store).await?, plan_size);
        if let Some(hit) = self.lookup(key) {
            return Ok(hit);
        }
        let _computing = self.computing.lock().await;
        // The first read of the goals stores the default ones, a write that moves the data version:
        // done before the version is read, so the reports are not stale the moment they are made.
        store.goals().await?;
        // Another request may have computed them while this one waited.
        let key = (today, store.data_version().await?, plan_size);
        if let Some(hit) = self.lookup(key) {
            return Ok(hit);
        }
        let fresh = Arc::new(compute(store, today, settings).await?);
        *self.latest.lock().unwrap_or_else(|e| e.into_inner()) = Some((key, fresh.clone()));
        Ok(fresh)
    }

    /// Something was written through this server: the next request reads the version again.
    pub fn written(&self) {
        self.local_writes.fetch_add(1, Ordering::SeqCst);
    }

    /// The data version: read from the database unless read moments ago with no local write since.
    pub async fn version(&self, store: &dyn Store) -> StoreResult<i64> {
        let writes = self.local_writes.load(Ordering::SeqCst);
        let recent = *self.probe.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = recent.filter(|p| p.local_writes == writes && p.read_at.elapsed() < VERSION_TTL) {
            return Ok(p.version);
        }
        let version = store.data_version().await?;
        *self.probe.lock().unwrap_or_else(|e| e.into_inner()) =
            Some(Probe { version, read_at: Instant::now(), local_writes: writes });
        Ok(version)
    }

    fn lookup(&self, key: Key) -> Option<Arc<Reports>> {
        let latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        latest.as_ref().filter(|(k, _)| *k == key).map(|(_, r)| r.clone())
    }
}

/// Marks the caches stale after every request that may have written (anything but GET and HEAD).
pub async fn track_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let response = next.run(request).await;
    if writes {
        state.reports().written();
    }
    response
}

async fn compute(store: &dyn Store, today: NaiveDate, settings: &Settings) -> StoreResult<Reports> {
    let due = reports::due_inputs(store, today, 0).await?.ranking();
    let plan = reports::weekly_plan(store, today, settings.plan_size).await?;
    let health = reports::health(store, today).await?;
    let followups = store.followups(false).await?;
    let goals = kith_app::goals::progress(store, today, settings.week_start_day()).await?;
    let career = kith_app::career::status(store, today).await?;
    let signals = kith_app::career::recent_signals(store, today, DASHBOARD_SIGNALS).await?;
    let unsorted = store.count_unsorted().await?;
    Ok(Reports { today, due, plan, health, followups, goals, career, signals, unsorted, dashboard: OnceLock::new() })
}
