//! The weekly digest's scheduler inside `kith serve`: no cron and no queue worker, just a tick
//! every minute. The first tick comes at start-up, so a slot missed while the server was down is
//! caught up at once (within the same ISO week; see `kith_core::schedule`). Which server sends is
//! settled by the claim in the database, so several servers, or a restart, never send twice. A
//! failed send is retried after a back-off (5 minutes, doubling up to an hour; see
//! `kith_core::schedule::Retry`), each failure logged with when the next try comes.

use std::{sync::Arc, time::Duration};

use chrono::NaiveDateTime;
use kith_app::{
    Settings,
    app_settings::FileSettings,
    digest,
    digest_schedule::{Schedule, Tick},
    mail::Mailer,
};
use kith_store::Store;
use tokio::{task::JoinHandle, time::MissedTickBehavior};

use crate::error::{CliError, CliResult};

/// How often the scheduler looks at the clock.
const TICK: Duration = Duration::from_secs(60);

/// The digest's scheduler, checked and ready to run.
pub struct Scheduler {
    file: FileSettings,
}

/// The digest's settings in force now: the file's over the ones changed in the app.
async fn current(store: &dyn Store, file: &FileSettings) -> Result<Settings, String> {
    let stored = crate::context::stored_settings(store).await.map_err(|e| e.to_string())?;
    Ok(file.effective(&stored))
}

/// The mail server and recipient of a digest that is on; the error says what is missing.
fn ready(settings: &Settings) -> Result<(Mailer, String), String> {
    let mailer = Mailer::new(settings.smtp.as_ref(), &settings.me).map_err(|e| e.to_string())?;
    let to = digest::recipient(settings.digest.to.as_deref(), &settings.me).map_err(|e| e.to_string())?.to_string();
    settings.digest.slot().map_err(|e| e.to_string())?;
    Ok((mailer, to))
}

impl Scheduler {
    /// The scheduler of `kith serve` on the user's own database. When the digest is on, the mail
    /// settings and the recipient are checked here, so a mistake stops `kith serve` at start-up
    /// rather than failing silently on the day. The settings are read again at every tick: a
    /// digest turned on, off or moved in the app needs no restart.
    /// A digest turned on in the app that cannot be sent is only warned about: the settings page
    /// must stay reachable to fix it.
    pub fn prepare(settings: &Settings, file: &FileSettings) -> CliResult<Scheduler> {
        if settings.digest.enabled
            && let Err(why) = ready(settings)
        {
            if file.locks("digest") {
                return Err(CliError::user(why));
            }
            tracing::warn!("the weekly digest is on but cannot be sent: {why}; see the settings page");
        }
        Ok(Scheduler { file: file.clone() })
    }

    /// Starts ticking, once the server listens. `fixed_now` (`--now`) sets the clock at start-up
    /// (it runs on from there), for tests and demonstrations.
    pub fn spawn(self, store: Arc<dyn Store>, fixed_now: Option<NaiveDateTime>) -> JoinHandle<()> {
        let Scheduler { file } = self;
        let started = std::time::Instant::now();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(TICK);
            interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
            let mut schedule = Schedule::default();
            // What was last said about the settings, so a change is logged once, not every minute.
            let mut said = String::new();
            loop {
                // The first tick is immediate: a slot missed while the server was down is caught up.
                interval.tick().await;
                let now = match fixed_now {
                    Some(at) => at + chrono::Duration::from_std(started.elapsed()).unwrap_or_default(),
                    None => chrono::Local::now().naive_local(),
                };
                let settings = match current(store.as_ref(), &file).await {
                    Ok(s) => s,
                    Err(e) => {
                        tracing::warn!("the weekly digest: {e}; trying again in a minute");
                        continue;
                    }
                };
                if !settings.digest.enabled {
                    said.clear();
                    continue;
                }
                let (mailer, to) = match ready(&settings) {
                    Ok(r) => r,
                    Err(why) => {
                        if said != why {
                            tracing::warn!("the weekly digest is on but cannot be sent: {why}");
                            said = why;
                        }
                        continue;
                    }
                };
                let plan = format!(
                    "the weekly digest goes to {to} on {} at {} (this machine's local time), through {}",
                    settings.digest.weekday,
                    settings.digest.time,
                    mailer.server()
                );
                if said != plan {
                    tracing::info!("{plan}");
                    said = plan;
                }
                match schedule.tick(store.as_ref(), &settings, &mailer, now, chrono::Utc::now()).await {
                    Ok(Tick::Sent(week)) => tracing::info!("the weekly digest for {week} was sent to {to}"),
                    Ok(Tick::Failed { why, retry }) => tracing::warn!(
                        "the weekly digest for {} was not sent (failure {} in a row): {why}; trying again at {}",
                        retry.week,
                        retry.failures,
                        retry.at.format("%Y-%m-%d %H:%M")
                    ),
                    Ok(Tick::NotDue | Tick::ClaimedElsewhere(_) | Tick::Waiting(_)) => {}
                    Err(e) => tracing::warn!("the weekly digest: {e}; trying again in a minute"),
                }
            }
        })
    }
}
