//! Whole-network reports (the ranked due list, the weekly plan, network health, open follow-ups),
//! computed once per day and data version and shared by every request until something changes.
//!
//! Health reads every contact, and the due list every due one: on a large network that is far too
//! slow to do per page view, yet the answers only change when the data or the day does. The store's
//! data version moves with every write by any process (the CLI included), so a cached report is
//! never stale: requests ask for the version (one indexed read, at most every 200 ms unless this
//! server wrote something) and recompute when it moved.
//!
//! Recomputing a large network takes a while, and it happens after every write. Readers do not
//! wait for it: while one recomputation runs (never more than one), a reader gets the previous
//! reports of the same day — unless that reader made a change through this server the previous
//! reports do not include yet (a browser, by its session; an API client, by its address): then it
//! waits for the current ones, so everyone sees their own changes at once. After every write
//! through this server a recomputation starts, so the next reader usually finds it done; under a
//! stream of writes, background computations are paced to leave the readers most of the machine.

use crate::state::AsOwner;
use std::{
    collections::HashMap,
    convert::Infallible,
    hash::{BuildHasher as _, RandomState},
    net::SocketAddr,
    sync::{
        Arc, Mutex, OnceLock,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use axum::{
    extract::{ConnectInfo, FromRequestParts, Request},
    http::{Method, request::Parts},
    middleware::Next,
    response::Response,
};

use chrono::NaiveDate;
use kith_app::Settings;
use kith_core::{FollowUp, due::DueRef, health::Health, plan::Plan};
use kith_store::{Store, StoreResult, reports};

use crate::{
    security::{client_address, cookie},
    sessions::SESSION_COOKIE,
    state::AppState,
};

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
    /// Moves noticed in the last 90 days, latest first, at most [`DASHBOARD_MOVES`].
    pub moves: Vec<kith_core::job::JobChange>,
    /// Imported contacts waiting to be sorted into circles.
    pub unsorted: u64,
    /// Mailboxes and calendars whose last sync failed.
    pub failing_sources: Vec<kith_app::sources::SourceView>,
    /// The dashboard rendered from these reports (without a one-time message), once asked for.
    pub dashboard: OnceLock<Arc<str>>,
    /// How many writes this server had taken when these reports were begun: they include them all.
    pub writes_seen: u64,
}

type Key = (NaiveDate, i64, usize);

/// How many recent market signals the dashboard shows.
pub const DASHBOARD_SIGNALS: u32 = 5;

/// How many moves the dashboard's network news lists.
pub const DASHBOARD_MOVES: usize = 8;

/// How long a data version read from the database is trusted for changes made by other processes
/// (the CLI, another server). Writes through this server are seen at once (see [`ReportCache::written`]).
const VERSION_TTL: Duration = Duration::from_millis(200);

/// How long background recomputation idles for each moment it computed: under a stream of writes
/// it takes at most a third of one core, and readers get reports at most three computations old.
/// (At 1, the pages' p99 at 32 connections with 200 CLI writes was 48–52 ms on two cores; at 2,
/// 49.9–50.4 ms; with no writes, 42–43 ms: the rest is the machine saturated by 32 connections.)
const IDLE_PER_BUSY: u32 = 2;

/// Writers remembered for read-your-writes before the memory is cleared.
const WRITERS_REMEMBERED: usize = 10_000;

/// The writers remembered, and the number of the latest write forgotten when the memory was
/// cleared: a reader it no longer knows may have made any write up to that one.
#[derive(Debug, Default)]
struct Writers {
    latest: HashMap<u64, u64>,
    forgotten_up_to: u64,
}

#[derive(Debug, Default)]
pub struct ReportCache {
    latest: Mutex<Option<(Key, Arc<Reports>)>>,
    probe: Mutex<Option<Probe>>,
    /// Writes made through this server; a probe taken before the latest one is not trusted.
    local_writes: AtomicU64,
    /// Held while computing, so a burst of requests after a change computes once.
    computing: tokio::sync::Mutex<()>,
    /// Whether a recomputation runs in the background.
    refreshing: AtomicBool,
    /// Each writer's latest write through this server (its number in `local_writes`), by a
    /// digest of who they are (never a session's secret itself).
    writers: Mutex<Writers>,
    /// When the latest computation ended and how long it took, to pace background ones.
    last_run: Mutex<Option<(Instant, Duration)>>,
}

/// Who is reading, as far as their own writes go. Reports that include the reader's latest write
/// through this server may be served while newer ones compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    /// The digest of who they are (see `writer_of`); `None` when no request tells.
    writer: Option<u64>,
}

impl Reader {
    /// A reader who must see every write made so far (no request at hand to tell whose they were).
    pub const STRICT: Reader = Reader { writer: None };
}

impl<S: Send + Sync> FromRequestParts<S> for Reader {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Reader, Infallible> {
        Ok(parts.extensions.get::<Reader>().copied().unwrap_or(Reader::STRICT))
    }
}

/// The data version as last read, when, and how many local writes had happened by then.
#[derive(Debug, Clone, Copy)]
struct Probe {
    version: i64,
    read_at: Instant,
    local_writes: u64,
}

/// The reports for `reader` on the state's day: current ones, or — while a recomputation runs — the
/// previous ones when they include every change the reader made.
pub async fn for_reader(state: &AppState, reader: Reader) -> StoreResult<Arc<Reports>> {
    let (store, today, settings) = (state.store(), state.today(), state.settings());
    let cache = state.reports();
    let key = (today, cache.version(store).await?, settings.plan_size);
    if let Some(hit) = cache.lookup(key) {
        return Ok(hit);
    }
    // Whose writes a reader must see is looked up only here, when the reports are stale: a page
    // served from current reports takes no lock for it.
    if let Some(previous) = cache.previous(today, settings.plan_size).filter(|r| r.writes_seen >= cache.wrote(reader)) {
        refresh(state);
        return Ok(previous);
    }
    cache.current(store, today, &settings).await
}

/// Starts recomputing the reports in the background unless that is under way; it goes on while
/// writes through this server keep coming.
pub fn refresh(state: &AppState) {
    let cache = state.reports();
    if cache.refreshing.swap(true, Ordering::SeqCst) {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        /// Lets the next refresh start however this one ends.
        struct Done(AppState);
        impl Drop for Done {
            fn drop(&mut self) {
                self.0.reports().refreshing.store(false, Ordering::SeqCst);
            }
        }
        let done = Done(state);
        let state = &done.0;
        let cache = state.reports();
        let mut first = true;
        let writes = loop {
            // A computation keeps a core busy; under a stream of writes, one after another would
            // leave the readers one core less. Idle a while for each moment the last one took (and
            // a moment between rounds that computed nothing; see IDLE_PER_BUSY).
            match cache.pause() {
                Some(wait) => tokio::time::sleep(wait).await,
                None if !first => tokio::time::sleep(Duration::from_millis(20)).await,
                None => {}
            }
            first = false;
            let writes = cache.local_writes.load(Ordering::SeqCst);
            if let Err(e) = cache.current(state.store(), state.today(), &state.settings()).await {
                eprintln!("kith serve: recomputing the reports failed: {e}");
                // Readers are not served old reports in its stead: they compute and meet the error.
                *cache.latest.lock().unwrap_or_else(|e| e.into_inner()) = None;
                return;
            }
            if cache.local_writes.load(Ordering::SeqCst) == writes {
                break writes;
            }
        };
        // A write that landed after the last look found this round still running and started
        // none of its own: start one for it.
        let state = done.0.clone();
        drop(done);
        if state.reports().local_writes.load(Ordering::SeqCst) != writes {
            refresh(&state);
        }
    });
}

impl ReportCache {
    /// The current reports for `today`, from the cache when nothing changed since they were computed.
    pub async fn current(&self, store: &dyn Store, today: NaiveDate, settings: &Settings) -> StoreResult<Arc<Reports>> {
        let plan_size = settings.plan_size;
        let key = (today, self.version(store).await?, plan_size);
        if let Some(hit) = self.lookup(key) {
            return Ok(hit);
        }
        let _computing = self.computing.lock().await;
        // Read before the version: every write counted here is in the data read below.
        let writes_seen = self.local_writes.load(Ordering::SeqCst);
        // The first read of the goals stores the default ones, a write that moves the data version:
        // done before the version is read, so the reports are not stale the moment they are made.
        store.goals().await?;
        // Another request may have computed them while this one waited.
        let key = (today, store.data_version().await?, plan_size);
        if let Some(hit) = self.lookup(key) {
            return Ok(hit);
        }
        let started = Instant::now();
        let fresh = Arc::new(compute(store, today, settings, writes_seen).await?);
        *self.last_run.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), started.elapsed()));
        *self.latest.lock().unwrap_or_else(|e| e.into_inner()) = Some((key, fresh.clone()));
        Ok(fresh)
    }

    /// How long a background computation waits before it starts: until [`IDLE_PER_BUSY`] times
    /// as long as the last one took has passed since it ended.
    fn pause(&self) -> Option<Duration> {
        let (ended, took) = (*self.last_run.lock().unwrap_or_else(|e| e.into_inner()))?;
        (took * IDLE_PER_BUSY).checked_sub(ended.elapsed()).filter(|wait| !wait.is_zero())
    }

    /// `writer` wrote something through this server: the next request reads the version again, and
    /// that writer's next reads wait for reports that include it.
    pub fn written(&self, writer: u64) {
        let number = self.local_writes.fetch_add(1, Ordering::SeqCst) + 1;
        let mut writers = self.writers.lock().unwrap_or_else(|e| e.into_inner());
        if writers.latest.len() >= WRITERS_REMEMBERED {
            writers.latest.clear();
            writers.forgotten_up_to = number - 1;
        }
        writers.latest.insert(writer, number);
    }

    /// The number of a reader's latest write through this server (every write for `STRICT`).
    fn wrote(&self, reader: Reader) -> u64 {
        let Some(writer) = reader.writer else { return u64::MAX };
        let writers = self.writers.lock().unwrap_or_else(|e| e.into_inner());
        writers.latest.get(&writer).copied().unwrap_or(writers.forgotten_up_to)
    }

    /// The latest reports computed, if they are for `today` and `plan_size` (of any data version).
    fn previous(&self, today: NaiveDate, plan_size: usize) -> Option<Arc<Reports>> {
        let latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        latest.as_ref().filter(|((day, _, size), _)| *day == today && *size == plan_size).map(|(_, r)| r.clone())
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

/// Marks the caches stale after every request that may have written (anything but GET and HEAD)
/// and starts recomputing; tells readers' handlers which of their own writes they must see.
pub async fn track_writes(AsOwner(state): AsOwner, mut request: Request, next: Next) -> Response {
    // Signing in on a server with accounts writes for nobody's network (see NO_OWNER).
    if state.owner() == kith_store::NO_OWNER {
        return next.run(request).await;
    }
    // PROPFIND and REPORT are how an address-book app reads (a sync is hundreds of them).
    let method = request.method();
    let writes = !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
        && !matches!(method.as_str(), "PROPFIND" | "REPORT");
    let writer = writer_of(&request);
    if writes {
        let response = next.run(request).await;
        // A refused request (signed out, forged, invalid) wrote nothing.
        if response.status().as_u16() < 400 {
            state.reports().written(writer);
            refresh(&state);
        }
        return response;
    }
    request.extensions_mut().insert(Reader { writer: Some(writer) });
    next.run(request).await
}

/// Who a request comes from, for read-your-writes (the browser's session, else the address), as a
/// digest: a fixed size whatever the cookie, and no session secret kept in memory.
fn writer_of(request: &Request) -> u64 {
    static KEYS: OnceLock<RandomState> = OnceLock::new();
    let keys = KEYS.get_or_init(RandomState::new);
    if let Some(session) = cookie(request.headers(), SESSION_COOKIE) {
        return keys.hash_one(("session", session));
    }
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    keys.hash_one(("address", client_address(request.headers(), peer)))
}

async fn compute(store: &dyn Store, today: NaiveDate, settings: &Settings, writes_seen: u64) -> StoreResult<Reports> {
    let due = reports::due_inputs(store, today, 0).await?.ranking();
    let plan = reports::weekly_plan(store, today, settings.plan_size).await?;
    let health = reports::health(store, today).await?;
    let followups = store.followups(false).await?;
    let goals = kith_app::goals::progress(store, today, settings.week_start_day()).await?;
    let career = kith_app::career::status(store, today).await?;
    let signals = kith_app::career::recent_signals(store, today, DASHBOARD_SIGNALS).await?;
    let mut moves = store.job_changes(today - chrono::Duration::days(kith_core::job::NEWS_WITHIN_DAYS)).await?;
    moves.truncate(DASHBOARD_MOVES);
    let unsorted = store.count_unsorted().await?;
    let failing_sources = kith_app::sources::view::failing(store).await?;
    Ok(Reports {
        today,
        due,
        plan,
        health,
        followups,
        goals,
        career,
        signals,
        moves,
        unsorted,
        failing_sources,
        dashboard: OnceLock::new(),
        writes_seen,
    })
}
