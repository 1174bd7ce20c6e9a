//! The weekly digest's scheduler step, run by `kith serve` every minute (and by `kith digest
//! --scheduled` once): decide whether this week's digest is due, claim the week in the database so
//! no other server or restart sends it too, send it, and give the claim back if the send failed so
//! the next tick retries.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use kith_core::schedule::{IsoWeek, week_to_send};
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
    /// The send failed; the claim was given back, so the next tick tries again.
    Failed(IsoWeek, String),
}

/// Sends the digest for `now` (the server's local time) if its weekly slot has passed and nobody
/// sent this week's yet. `claimed_at` is the wall-clock time written with the claim.
pub async fn tick(
    store: &dyn Store,
    settings: &Settings,
    mailer: &Mailer,
    now: NaiveDateTime,
    claimed_at: DateTime<Utc>,
) -> StoreResult<Tick> {
    let slot = settings.digest.slot()?;
    let Some(week) = week_to_send(now, slot, store.last_digest_week().await?) else {
        return Ok(Tick::NotDue);
    };
    if !store.claim_digest_week(week, claimed_at).await? {
        return Ok(Tick::ClaimedElsewhere(week));
    }
    match send(store, settings, mailer, now.date()).await {
        Ok(()) => Ok(Tick::Sent(week)),
        Err(why) => {
            store.release_digest_week(week).await?;
            Ok(Tick::Failed(week, why))
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
