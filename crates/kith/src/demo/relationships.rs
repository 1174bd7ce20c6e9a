//! The demo's relationships: who manages whom at each company, colleagues, mentors, who
//! introduced whom and a few friends — enough that contact pages show them and the network has
//! paths through people, few enough to look like what a user enters by hand.

use std::collections::HashMap;

use kith_core::relationship::RelationKind;
use kith_store::{BulkContact, BulkRelationship};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Relationships among `contacts`, the same for the same seed.
pub fn relationships(contacts: &[BulkContact], seed: u64) -> Vec<BulkRelationship> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7265_6c61);
    let kind = |word: &str| RelationKind::parse(word, None).expect("kith's own type").0;
    let mut out = Vec::new();
    let mut push = |from: usize, word: &str, to: usize, note: Option<&str>| {
        if from != to {
            out.push(BulkRelationship { from, kind: kind(word), to, note: note.map(str::to_string) });
        }
    };
    // People by employer, in the order they were generated.
    let mut by_org: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in contacts.iter().enumerate() {
        if let Some(org) = c.contact.org.as_deref() {
            by_org.entry(org).or_default().push(i);
        }
    }
    let mut orgs: Vec<(&str, Vec<usize>)> = by_org.into_iter().filter(|(_, p)| p.len() >= 3).collect();
    orgs.sort();
    for (_, people) in &orgs {
        // The first one generated leads a small team; two others worked side by side.
        for &report in people.iter().skip(1).take(3) {
            push(people[0], "manager of", report, None);
        }
        if people.len() >= 5 && rng.random_bool(0.5) {
            push(people[3], "colleague of", people[4], Some("same team"));
        }
    }
    let n = contacts.len();
    for i in (7..n).step_by(23) {
        let introducer = rng.random_range(0..i);
        push(introducer, "introduced", i, Some("an introduction over e-mail"));
    }
    for i in (5..n).step_by(41) {
        let mentee = rng.random_range(0..n);
        push(i, "mentor of", mentee, None);
    }
    for i in (2..n).step_by(37) {
        let friend = rng.random_range(0..n);
        push(i, "friend of", friend, None);
    }
    out
}
