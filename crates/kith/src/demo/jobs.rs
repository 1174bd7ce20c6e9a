//! The demo's employment history: about a third of the people with an employer worked somewhere
//! else before (a few at two places), and a handful moved lately, so the plan has someone to
//! congratulate and the dashboard has network news.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use kith_core::{
    Circle, InteractionKind, NewInteraction, Weights,
    job::{SnapshotJobChange, SnapshotPastJob},
};
use kith_store::{BulkContact, BulkInteraction, BulkJobs};
use rand::{Rng, SeedableRng, seq::IndexedRandom};
use rand_chacha::ChaCha8Rng;

use super::names::TITLES;

/// Touches the user had with two or three people at once, a few a year over the last three
/// years: e-mail threads among colleagues at one company (and among former ones), lunches for
/// three now and then. They make the inferred ties the introduction finder explains.
pub fn shared_touches(
    contacts: &[BulkContact],
    jobs: &[BulkJobs],
    seed: u64,
    today: NaiveDate,
    weights: &Weights,
) -> Vec<BulkInteraction> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7368_6172);
    let mut at: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in contacts.iter().enumerate() {
        if let Some(org) = c.contact.org.as_deref() {
            at.entry(org).or_default().push(i);
        }
    }
    // Former colleagues: everyone who worked at a place, now or before.
    for j in jobs {
        for p in &j.past_jobs {
            at.entry(p.org.as_str()).or_default().push(j.contact);
        }
    }
    let mut groups: Vec<(&str, Vec<usize>)> = at.into_iter().filter(|(_, p)| p.len() >= 3).collect();
    groups.sort();
    let mut out = Vec::new();
    for (_, people) in &groups {
        let threads = (people.len() / 3).min(12);
        for _ in 0..threads {
            let size = if rng.random_bool(0.3) { 3 } else { 2 };
            let mut who: Vec<i64> = people.choose_multiple(&mut rng, size).map(|&i| i as i64).collect();
            who.sort_unstable();
            who.dedup();
            if who.len() < 2 {
                continue;
            }
            let lunch = rng.random_bool(0.15);
            let kind = if lunch { InteractionKind::Lunch } else { InteractionKind::Email };
            let on = today - Duration::days(rng.random_range(20..1100));
            out.push(BulkInteraction {
                interaction: NewInteraction {
                    contacts: who,
                    kind,
                    on,
                    minutes: lunch.then_some(75),
                    note: Some(if lunch { "lunch, the three of us" } else { "a thread with both of them" }.to_string()),
                    gave: None,
                    got: None,
                    they_initiated: rng.random_bool(0.5),
                    favor_with: None,
                    fulfills: Vec::new(),
                },
                weight: weights.of(kind),
                source_key: None,
            });
        }
    }
    out
}

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
        // The current job began a little after the last one ended (the day of a move is when
        // kith learned of it: the start is not known then).
        let current_since = (!moved_lately).then(|| (ended + Duration::days(rng.random_range(10..90))).min(today));
        out.push(BulkJobs { contact: index, current_since, past_jobs: past, job_changes });
    }
    out
}
