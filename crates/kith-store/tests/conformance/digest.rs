//! The weekly digest's claims: one sender per ISO week, whichever server or process asks, and a
//! released claim (a failed send) can be taken again.

use chrono::{TimeZone, Utc};
use kith_core::schedule::IsoWeek;
use kith_store::Workload;

use crate::support::Env;

const W50: IsoWeek = IsoWeek { year: 2026, week: 50 };

async fn a_digest_week_is_claimed_once(env: &Env) {
    let s = &env.store;
    let now = Utc.with_ymd_and_hms(2026, 12, 7, 8, 0, 0).unwrap();
    assert_eq!(s.last_digest_week().await.unwrap(), None);
    assert!(s.claim_digest_week(W50, now).await.unwrap(), "the first claim lands");
    assert!(!s.claim_digest_week(W50, now).await.unwrap(), "a second claim of the same week fails");
    // Another server on the same database sees the claim too.
    let other = kith_store::open_for(&env.url, Workload::Server).await.unwrap();
    assert!(!other.claim_digest_week(W50, now).await.unwrap());
    assert_eq!(other.last_digest_week().await.unwrap(), Some(W50));
    // Claims are bookkeeping, not the user's data: caches keyed by the data version stay valid.
    let version = s.data_version().await.unwrap();
    assert!(s.claim_digest_week(IsoWeek { year: 2026, week: 51 }, now).await.unwrap());
    assert_eq!(s.data_version().await.unwrap(), version);
}

async fn a_released_digest_week_can_be_claimed_again(env: &Env) {
    let s = &env.store;
    let now = Utc.with_ymd_and_hms(2026, 12, 7, 8, 0, 0).unwrap();
    assert!(s.claim_digest_week(W50, now).await.unwrap());
    s.release_digest_week(W50).await.unwrap();
    assert_eq!(s.last_digest_week().await.unwrap(), None);
    assert!(s.claim_digest_week(W50, now).await.unwrap(), "retried after a failed send");
    // The latest week is by ISO year first: 2027-W01 comes after 2026-W53.
    assert!(s.claim_digest_week(IsoWeek { year: 2027, week: 1 }, now).await.unwrap());
    assert!(s.claim_digest_week(IsoWeek { year: 2026, week: 53 }, now).await.unwrap());
    assert_eq!(s.last_digest_week().await.unwrap(), Some(IsoWeek { year: 2027, week: 1 }));
}

conformance!(a_digest_week_is_claimed_once, a_released_digest_week_can_be_claimed_again,);
