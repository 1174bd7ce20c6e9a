//! The weekly digest's scheduler inside `kith serve`: no cron and no queue worker, just a tick
//! every minute. The first tick comes at start-up, so a slot missed while the server was down is
//! caught up at once (within the same ISO week; see `kith_core::schedule`). Which server sends is
//! settled by the claim in the database, so several servers, or a restart, never send twice. A
//! failed send is retried after a back-off (5 minutes, doubling up to an hour; see
//! `kith_core::schedule::Retry`), each failure logged with when the next try comes.

use std::{sync::Arc, time::Duration};

use chrono::NaiveDateTime;
use kith_app::{
    Settings, digest,
    digest_schedule::{Schedule, Tick},
    mail::Mailer,
};
use kith_store::Store;
use tokio::{task::JoinHandle, time::MissedTickBehavior};

use crate::error::CliResult;

/// How often the scheduler looks at the clock.
const TICK: Duration = Duration::from_secs(60);

/// The digest's scheduler, checked and ready to run.
pub struct Scheduler {
    settings: Settings,
    mailer: Mailer,
    /// The recipient, as shown in the server's messages.
    to: String,
}

impl Scheduler {
    /// The scheduler when `[digest] enabled = true`. The mail settings and the recipient are
    /// checked here, so a mistake stops `kith serve` at start-up rather than failing silently on
    /// the day.
    pub fn prepare(settings: &Settings) -> CliResult<Option<Scheduler>> {
        if !settings.digest.enabled {
            return Ok(None);
        }
        let mailer = Mailer::new(settings.smtp.as_ref(), &settings.me)?;
        let to = digest::recipient(settings.digest.to.as_deref(), &settings.me)?.to_string();
        settings.digest.slot()?;
        Ok(Some(Scheduler { settings: settings.clone(), mailer, to }))
    }

    /// Starts ticking, once the server listens. `fixed_now` (`--now`) sets the clock at start-up
    /// (it runs on from there), for tests and demonstrations.
    pub fn spawn(self, store: Arc<dyn Store>, fixed_now: Option<NaiveDateTime>) -> JoinHandle<()> {
        let Scheduler { settings, mailer, to } = self;
        tracing::info!(
            "the weekly digest goes to {to} on {} at {} (this machine's local time), through {}",
            settings.digest.weekday,
            settings.digest.time,
            mailer.server()
        );
        let started = std::time::Instant::now();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(TICK);
            interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
            let mut schedule = Schedule::default();
            loop {
                // The first tick is immediate: a slot missed while the server was down is caught up.
                interval.tick().await;
                let now = match fixed_now {
                    Some(at) => at + chrono::Duration::from_std(started.elapsed()).unwrap_or_default(),
                    None => chrono::Local::now().naive_local(),
                };
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
