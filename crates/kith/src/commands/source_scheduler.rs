//! The sources' scheduler inside `kith serve`: every source is synced when it is due (every
//! `sync.every_minutes`, later after failures), and a mailbox whose server offers IDLE is watched
//! so new mail is synced within seconds. Which server syncs a source is settled by its lease in the
//! database, so several servers on one database never read one source at the same time.

use std::{collections::HashMap, path::PathBuf, sync::Arc, time::Duration};

use kith_app::{
    app_settings::FileSettings,
    sources::{self, SyncContext},
};
use kith_core::schedule::Retry;
use kith_store::{Source, SourceId, Store};
use kith_web::Clock;
use tokio::task::JoinHandle;

/// How often the scheduler looks for a due source.
const TICK: Duration = Duration::from_secs(30);
/// How long one IDLE waits before it is renewed (servers drop IDLE after 30 minutes).
const IDLE_FOR: Duration = Duration::from_secs(25 * 60);
/// The wait after a watch failed, when the back-off cannot say.
const WATCH_RETRY: Duration = Duration::from_secs(5 * 60);
/// A wait shorter than this without new mail means the server hung up: counted as a failure.
const MIN_WATCH: Duration = Duration::from_secs(10);

/// What the scheduler and its watchers share.
#[derive(Clone)]
struct Shared {
    store: Arc<dyn Store>,
    file: FileSettings,
    key_file: PathBuf,
    clock: Clock,
    holder: Arc<String>,
}

impl Shared {
    /// What a sync needs, as of now.
    fn context<'a>(&'a self, settings: &'a kith_app::Settings) -> SyncContext<'a> {
        SyncContext {
            store: self.store.as_ref(),
            settings,
            key_file: &self.key_file,
            today: self.clock.today(),
            now: chrono::Utc::now(),
            holder: &self.holder,
        }
    }

    async fn settings(&self) -> kith_app::Settings {
        match crate::context::stored_settings(self.store.as_ref()).await {
            Ok(stored) => self.file.effective(&stored),
            Err(_) => self.file.settings.clone(),
        }
    }
}

/// The running scheduler: stop it with [`SourceScheduler::stop`] when the server stops.
pub struct SourceScheduler {
    task: JoinHandle<()>,
    stop: tokio::sync::oneshot::Sender<()>,
    store: Arc<dyn Store>,
    holder: Arc<String>,
}

impl SourceScheduler {
    /// Stops every sync and watcher where it is (a batch being written is rolled back) and gives
    /// their leases back, so another server, or this one started again, takes over at once.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
        match self.store.release_sources(&self.holder).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(syncs = n, "stopped syncs mid-way; their sources are free for the next sync"),
            Err(e) => {
                tracing::warn!(error = %e, "the stopped syncs' leases could not be given back; they run out in 30 minutes")
            }
        }
    }
}

/// Starts the scheduler; it runs until the server stops.
/// `holder` names the server's syncs in their leases (see [`sources::holder`]).
pub fn spawn(
    store: Arc<dyn Store>,
    file: FileSettings,
    key_file: PathBuf,
    clock: Clock,
    holder: String,
) -> SourceScheduler {
    let holder = Arc::new(holder);
    let shared = Shared { store: store.clone(), file, key_file, clock, holder: holder.clone() };
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let mut watchers: HashMap<SourceId, JoinHandle<()>> = HashMap::new();
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = &mut stopped => break,
                () = round(&shared, &mut interval, &mut watchers) => {}
            }
        }
        // Every watcher stopped (and done) before the leases are given back, so none takes one after.
        for (_, watcher) in watchers.drain() {
            watcher.abort();
            let _ = watcher.await;
        }
    });
    SourceScheduler { task, stop, store, holder }
}

/// One tick: the due sources synced, the watchers brought in line with the sources.
async fn round(
    shared: &Shared,
    interval: &mut tokio::time::Interval,
    watchers: &mut HashMap<SourceId, JoinHandle<()>>,
) {
    interval.tick().await;
    let settings = shared.settings().await;
    let ctx = shared.context(&settings);
    if let Err(e) = sources::sync_sources(ctx, &[], true).await {
        tracing::warn!(error = %e, "the sources could not be read");
        return;
    }
    let Ok(all) = shared.store.sources().await else { return };
    watch(shared, &all, watchers);
}

/// Keeps one IDLE watcher per followed mailbox: new ones started, those of removed or paused
/// sources stopped.
fn watch(shared: &Shared, all: &[Source], watchers: &mut HashMap<SourceId, JoinHandle<()>>) {
    let followed: Vec<&Source> = all.iter().filter(|s| !s.paused && s.kind == "imap").collect();
    watchers.retain(|id, task| {
        let keep = followed.iter().any(|s| s.id == *id) && !task.is_finished();
        if !keep {
            task.abort();
        }
        keep
    });
    for source in followed {
        watchers.entry(source.id).or_insert_with(|| tokio::spawn(watch_one(shared.clone(), source.clone())));
    }
}

/// Waits for mail on one mailbox with IDLE and syncs it when some arrives. A server without IDLE
/// is left to the schedule (the watcher stays, idle, so it is not started again every tick); a
/// failed watch waits as the schedule does after failures (5 minutes, doubling to an hour), and a
/// failing source is not synced on a wake-up before the schedule says so.
async fn watch_one(shared: Shared, source: Source) {
    let mut failures: u32 = 0;
    loop {
        let settings = shared.settings().await;
        let ctx = shared.context(&settings);
        let started = std::time::Instant::now();
        match sources::wait_for_mail(ctx, &source, IDLE_FOR).await {
            Ok(Some(true)) => {
                failures = 0;
                // Fresh from the database: the last sync moved its state on.
                let Ok(Some(current)) = shared.store.source(source.id).await else {
                    return;
                };
                let now = chrono::Utc::now();
                if current.failures > 0 && current.next_at.is_some_and(|at| at > now) {
                    continue;
                }
                // The day after the wait, not before it: IDLE may have waited past midnight.
                let ctx = SyncContext { now, today: shared.clock.today(), ..ctx };
                match sources::sync_one(ctx, &current).await {
                    Ok(report) if report.recorded > 0 => {
                        tracing::info!(source = %current.name, touches = report.recorded, "new mail synced")
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(source = %current.name, error = %e, "sync after new mail failed"),
                }
            }
            // The wait ran its course: watch again. A server that hangs up at once is a failure.
            Ok(Some(false)) if started.elapsed() >= MIN_WATCH => failures = 0,
            Ok(Some(false)) => {
                failures += 1;
                tokio::time::sleep(Retry::delay(failures).to_std().unwrap_or(WATCH_RETRY)).await;
            }
            Ok(None) => return,
            Err(why) if why.contains("does not offer IDLE") => {
                tracing::info!(source = %source.name, "{why}: synced on the schedule only");
                std::future::pending::<()>().await;
            }
            Err(why) => {
                failures += 1;
                tracing::debug!(source = %source.name, %why, "watching for new mail failed; trying again later");
                tokio::time::sleep(Retry::delay(failures).to_std().unwrap_or(WATCH_RETRY)).await;
            }
        }
    }
}
