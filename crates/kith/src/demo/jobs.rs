//! The demo's employment history: about a third of the people with an employer worked somewhere
//! else before (a few at two places), and a handful moved lately, so the plan has someone to
//! congratulate and the dashboard has network news.

use chrono::{Duration, NaiveDate};
use kith_core::{
    Circle,
    job::{SnapshotJobChange, SnapshotPastJob},
};
use kith_store::{BulkContact, BulkJobs};
use rand::{Rng, SeedableRng, seq::IndexedRandom};
use rand_chacha::ChaCha8Rng;

use super::names::TITLES;

/// The employment history of `contacts`, the same for the same seed and day.
pub fn jobs(contacts: &[BulkContact], seed: u64, today: NaiveDate) -> Vec<BulkJobs> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x6a6f_6273);
    let mut orgs: Vec<&str> = contacts.iter().filter_map(|c| c.contact.org.as_deref()).collect();
    orgs.sort_unstable();
    orgs.dedup();
    if orgs.len() < 2 {
        return Vec::new();
    }
    // A few recent moves whatever the size, among people the user keeps up with.
    let moves_wanted = (contacts.len() / 250).clamp(3, 12);
    let mut moves = 0;
    let mut out = Vec::new();
    for (index, c) in contacts.iter().enumerate() {
        let Some(now_at) = c.contact.org.as_deref() else { continue };
        if !rng.random_bool(0.35) {
            continue;
        }
        let kept_up = matches!(c.contact.circle, Some(Circle::Inner | Circle::Close | Circle::Active));
        let moved_lately = kept_up && moves < moves_wanted && index % 7 == 3;
        // The job before the current one ended on a day in the last ten years (lately, for a move).
        let ended = if moved_lately {
            today - Duration::days(rng.random_range(2..20))
        } else {
            today - Duration::days(rng.random_range(200..3650))
        };
        let mut past = Vec::new();
        let mut until = ended;
        for _ in 0..if rng.random_bool(0.15) { 2 } else { 1 } {
            let org = loop {
                let o = *orgs.choose(&mut rng).expect("two or more employers");
                if o != now_at && past.iter().all(|p: &SnapshotPastJob| p.org != o) {
                    break o;
                }
            };
            let since = until - Duration::days(rng.random_range(365..2200));
            past.push(SnapshotPastJob {
                org: org.to_string(),
                title: Some(TITLES.choose(&mut rng).copied().unwrap_or("Engineer").to_string()),
                since: Some(since),
                until,
            });
            until = since - Duration::days(rng.random_range(10..120));
        }
        let mut job_changes = Vec::new();
        if moved_lately {
            moves += 1;
            job_changes.push(SnapshotJobChange {
                from_org: past[0].org.clone(),
                to_org: now_at.to_string(),
                title: c.contact.title.clone(),
                noticed_on: ended,
            });
        }
        out.push(BulkJobs { contact: index, past_jobs: past, job_changes });
    }
    out
}
