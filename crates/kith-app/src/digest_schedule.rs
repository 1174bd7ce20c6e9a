//! The weekly digest's scheduler step, run by `kith serve` every minute (and by `kith digest
//! --scheduled` once): decide whether this week's digest is due, claim the week in the database so
//! no other server or restart sends it too, send it, and give the claim back if the send failed so
//! a later tick retries — after a back-off that [`Schedule`] keeps between ticks.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use kith_core::schedule::{IsoWeek, Retry, week_to_send, week_to_try};
use kith_store::{Store, StoreResult};

use crate::{Settings, digest, mail::Mailer};

/// What one tick did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tick {
    /// This week's slot has not come yet, or this week was already sent.
    NotDue,
    /// Another server (or an earlier run) claimed the week between the check and the claim.
    ClaimedElsewhere(IsoWeek),
    Sent(IsoWeek),
    /// The send failed; the claim was given back, so a tick from `retry.at` on tries again.
    Failed {
        why: String,
        retry: Retry,
    },
    /// An earlier send of this week failed and its back-off has not ended.
    Waiting(Retry),
}

/// The scheduler's memory between ticks: the back-off after failed sends, forgotten on success
/// and when a new week begins. Each server keeps its own; the claim in the database, not this,
/// is what keeps a week from being sent twice.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    retry: Option<Retry>,
}

impl Schedule {
    /// Sends the digest for `now` (the server's local time) if its weekly slot has passed,
    /// nobody sent this week's yet and no back-off holds it. `claimed_at` is the wall-clock time
    /// written with the claim.
    pub async fn tick(
        &mut self,
        store: &dyn Store,
        settings: &Settings,
        mailer: &Mailer,
        now: NaiveDateTime,
        claimed_at: DateTime<Utc>,
    ) -> StoreResult<Tick> {
        let slot = settings.digest.slot()?;
        let last = store.last_digest_week().await?;
        let Some(week) = week_to_try(now, slot, last, self.retry.as_ref()) else {
            // Due but held back, or not due at all.
            return Ok(match (week_to_send(now, slot, last), self.retry) {
                (Some(_), Some(r)) => Tick::Waiting(r),
                _ => Tick::NotDue,
            });
        };
        if !store.claim_digest_week(week, claimed_at).await? {
            return Ok(Tick::ClaimedElsewhere(week));
        }
        match send(store, settings, mailer, now.date()).await {
            Ok(()) => {
                self.retry = None;
                Ok(Tick::Sent(week))
            }
            Err(why) => {
                store.release_digest_week(week).await?;
                let retry = Retry::after_failure(self.retry, week, now);
                self.retry = Some(retry);
                Ok(Tick::Failed { why, retry })
            }
        }
    }
}

/// Builds the digest for `today` and sends it to `[digest] to` (else the first `me`). The error
/// says what failed: the recipient, reading the network, or the mail server and its answer.
pub async fn send(store: &dyn Store, settings: &Settings, mailer: &Mailer, today: NaiveDate) -> Result<(), String> {
    let to = digest::recipient(settings.digest.to.as_deref(), &settings.me).map_err(|e| e.to_string())?;
    let d =
        digest::build(store, today, settings.plan_size, settings.week_start_day()).await.map_err(|e| e.to_string())?;
    let message = digest::email(&d, mailer.from(), to.clone()).map_err(|e| e.to_string())?;
    mailer.send(message).await.map_err(|why| format!("the digest to {to}: {why}"))
}
