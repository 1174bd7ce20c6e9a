//! How many wrong access tokens one address may try — with accounts, how many wrong passwords one
//! address, and one account, may get: five in fifteen minutes, then it waits until the oldest of
//! those five is fifteen minutes old. While an address waits, even the right token is
//! refused, so guessing learns nothing. Failures are kept in the database (every server behind a
//! proxy and a restarted server count the same ones); the verdict per address is kept in memory so
//! a signed-in API client costs no query per request.

use std::{collections::HashMap, sync::Mutex};

use chrono::{DateTime, Duration, Utc};

use crate::state::AppState;

/// Wrong tokens an address may send within [`WINDOW_MINUTES`].
pub const MAX_FAILURES: usize = 5;
/// The window failures are counted over, and the longest wait.
pub const WINDOW_MINUTES: i64 = 15;
/// Addresses remembered in memory before the oldest verdicts are forgotten (they are in the database).
const REMEMBERED: usize = 10_000;

/// Until when an address must wait, given its failures (any order) as of `now`; `None` when it may try.
pub fn locked_until(failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let window = Duration::minutes(WINDOW_MINUTES);
    let mut recent: Vec<DateTime<Utc>> =
        failures.iter().copied().filter(|at| *at > now - window && *at <= now).collect();
    if recent.len() < MAX_FAILURES {
        return None;
    }
    recent.sort_unstable();
    // The address may try again once only MAX_FAILURES - 1 failures are left in the window.
    Some(recent[recent.len() - MAX_FAILURES] + window)
}

/// Whole minutes until `until`, at least one: what "try again in N minutes" says.
pub fn minutes_left(until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    ((until - now).num_seconds() + 59).div_euclid(60).max(1)
}

/// An address that must wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locked {
    pub until: DateTime<Utc>,
}

impl Locked {
    pub fn message(&self, now: DateTime<Utc>) -> String {
        self.wait_message(now, "access tokens from your address")
    }

    /// The same, for a sign-in to an account: the account and the address are limited alike.
    pub fn account_message(&self, now: DateTime<Utc>) -> String {
        self.wait_message(now, "passwords for this account or from your address")
    }

    fn wait_message(&self, now: DateTime<Utc>, what: &str) -> String {
        let n = minutes_left(self.until, now);
        let unit = if n == 1 { "minute" } else { "minutes" };
        format!("Too many wrong {what} ({MAX_FAILURES} in {WINDOW_MINUTES} minutes): try again in {n} {unit}.")
    }

    /// The `Retry-After` header's value, in seconds.
    pub fn retry_after(&self, now: DateTime<Utc>) -> i64 {
        (self.until - now).num_seconds().max(1)
    }
}

/// The verdicts per address this server has reached.
#[derive(Debug, Default)]
pub struct SignInLimit {
    locked: Mutex<HashMap<String, DateTime<Utc>>>,
}

impl SignInLimit {
    /// Whether `client` must wait now.
    pub fn check(&self, client: &str, now: DateTime<Utc>) -> Result<(), Locked> {
        let mut locked = self.locked.lock().unwrap_or_else(|e| e.into_inner());
        match locked.get(client) {
            Some(until) if *until > now => Err(Locked { until: *until }),
            Some(_) => {
                locked.remove(client);
                Ok(())
            }
            None => Ok(()),
        }
    }

    fn remember(&self, client: &str, until: DateTime<Utc>, now: DateTime<Utc>) {
        let mut locked = self.locked.lock().unwrap_or_else(|e| e.into_inner());
        if locked.len() >= REMEMBERED {
            locked.retain(|_, u| *u > now);
        }
        if locked.len() < REMEMBERED {
            locked.insert(client.to_owned(), until);
        }
    }
}

/// Records a wrong token from `client`; tells whether the address must now wait.
pub async fn failed(state: &AppState, client: &str, now: DateTime<Utc>) -> Result<(), Locked> {
    let store = state.store();
    let since = now - Duration::minutes(WINDOW_MINUTES);
    // A database that cannot record the failure must not let guessing go on unchecked: the address
    // then waits a full window.
    let failures = match store.record_sign_in_failure(client, now).await {
        Ok(()) => store.sign_in_failures(client, since).await.ok(),
        Err(_) => None,
    };
    let until = match failures {
        Some(f) => locked_until(&f, now),
        None => Some(now + Duration::minutes(WINDOW_MINUTES)),
    };
    match until {
        Some(until) => {
            state.sign_in_limit().remember(client, until, now);
            Err(Locked { until })
        }
        None => Ok(()),
    }
}

/// Whether `client` must wait, asking the database when this server has no verdict (another
/// server, or this one before a restart, may have counted its failures).
pub async fn check(state: &AppState, client: &str, now: DateTime<Utc>) -> Result<(), Locked> {
    state.sign_in_limit().check(client, now)?;
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let failures = state.store().sign_in_failures(client, since).await.unwrap_or_default();
    match locked_until(&failures, now) {
        Some(until) => {
            state.sign_in_limit().remember(client, until, now);
            Err(Locked { until })
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Duration::minutes(minute)
    }

    #[test]
    fn four_failures_are_forgiven_the_fifth_waits_out_the_window() {
        let four = [at(0), at(1), at(2), at(3)];
        assert_eq!(locked_until(&four, at(4)), None);
        let five = [at(0), at(1), at(2), at(3), at(4)];
        assert_eq!(locked_until(&five, at(4)), Some(at(15)));
        assert_eq!(locked_until(&five, at(15)), None, "the oldest has left the window");
    }

    #[test]
    fn old_failures_do_not_count() {
        let spread = [at(0), at(20), at(40), at(60), at(80)];
        assert_eq!(locked_until(&spread, at(80)), None);
    }

    #[test]
    fn a_burst_waits_for_the_window_from_its_fifth_newest() {
        let burst: Vec<_> = (0..50).map(|s| at(0) + Duration::seconds(s)).collect();
        assert_eq!(locked_until(&burst, at(1)), Some(burst[45] + Duration::minutes(15)));
    }

    #[test]
    fn the_message_counts_whole_minutes() {
        let locked = Locked { until: at(15) };
        assert_eq!(minutes_left(at(15), at(0)), 15);
        assert_eq!(minutes_left(at(15), at(15) - Duration::seconds(1)), 1);
        assert!(locked.message(at(1)).contains("try again in 14 minutes"));
        assert!(locked.message(at(14) + Duration::seconds(30)).contains("try again in 1 minute."));
    }

    #[test]
    fn verdicts_expire() {
        let limit = SignInLimit::default();
        limit.remember("10.0.0.1", at(15), at(4));
        assert_eq!(limit.check("10.0.0.1", at(5)), Err(Locked { until: at(15) }));
        assert_eq!(limit.check("10.0.0.2", at(5)), Ok(()));
        assert_eq!(limit.check("10.0.0.1", at(15)), Ok(()));
    }
}
