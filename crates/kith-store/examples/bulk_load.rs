//! Times `bulk_load` of a synthetic network and the due query after it.
//!
//! ```text
//! cargo run --release -p kith-store --example bulk_load -- [CONTACTS] [INTERACTIONS] [DATABASE_URL]
//! ```
//!
//! Defaults: 100,000 contacts, 2,000,000 interactions, a temporary SQLite file.

use std::time::Instant;

use chrono::NaiveDate;
use kith_core::{Circle, InteractionKind, NewContact, NewInteraction, OrgKind, Role, Weights};
use kith_store::{Bulk, BulkContact, BulkInteraction, DatabaseUrl};

/// A small deterministic generator (no dependencies): xorshift64*.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const FIRST: [&str; 10] = ["Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivan", "Jo"];
const LAST: [&str; 10] = ["Lee", "Khan", "Berg", "Okafor", "Silva", "Novak", "Moreau", "Tanaka", "Smith", "Rossi"];

fn network(contacts: usize, interactions: usize, today: NaiveDate) -> Bulk {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let weights = Weights::default();
    let circles = [Circle::Inner, Circle::Close, Circle::Active, Circle::Wide, Circle::Dormant];
    let mut bulk = Bulk::default();
    for i in 0..contacts {
        let name = format!("{} {} {i}", FIRST[i % 10], LAST[(i / 10) % 10]);
        bulk.contacts.push(BulkContact {
            contact: NewContact {
                name,
                emails: vec![format!("person{i}@example.org")],
                org: Some(format!("Company {}", i % 2000)),
                title: Some("Engineer".into()),
                circle: Some(circles[rng.below(5) as usize]),
                tags: if i % 7 == 0 { vec!["rust".into()] } else { Vec::new() },
                ..Default::default()
            },
            memberships: if i % 5 == 0 {
                vec![(format!("Association {}", i % 40), OrgKind::Association, Role::Member)]
            } else {
                Vec::new()
            },
            ..BulkContact::new(NewContact::default(), today - chrono::Duration::days(1100))
        });
    }
    for k in 0..interactions {
        let kind = InteractionKind::ALL[rng.below(9) as usize];
        let mut who = vec![rng.below(contacts as u64) as i64];
        if k % 10 == 0 {
            who.push(rng.below(contacts as u64) as i64);
        }
        bulk.interactions.push(BulkInteraction {
            interaction: NewInteraction {
                contacts: who,
                kind,
                on: today - chrono::Duration::days(rng.below(1095) as i64),
                minutes: Some(30),
                note: (k % 4 == 0).then(|| "caught up".to_string()),
                gave: None,
                got: None,
                they_initiated: k % 3 == 0,
                favor_with: None,
                fulfills: Vec::new(),
            },
            weight: weights.of(kind),
            source_key: None,
        });
    }
    bulk
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let contacts = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let interactions = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2_000_000);
    let dir = tempfile::tempdir().unwrap();
    let url = match args.get(2) {
        Some(u) => DatabaseUrl::parse(u),
        None => DatabaseUrl::Sqlite(dir.path().join("bench.db")),
    };
    let today: NaiveDate = "2026-11-22".parse().unwrap();
    let t = Instant::now();
    let bulk = network(contacts, interactions, today);
    println!("generated {contacts} contacts, {interactions} interactions in {:.2?}", t.elapsed());
    let store = kith_store::open(&url).await.unwrap();
    let t = Instant::now();
    store.bulk_load(&bulk).await.unwrap();
    println!("bulk_load ({url}): {:.2?}", t.elapsed());
    let t = Instant::now();
    let due = store.due_candidates(today, today + chrono::Duration::days(7), None).await.unwrap();
    println!("due_candidates: {} contacts in {:.2?}", due.len(), t.elapsed());
    let t = Instant::now();
    let f = kith_store::ContactFilter { search: Some("ada lee".into()), limit: Some(20), ..Default::default() };
    let found = store.list_contacts(&f, today).await.unwrap();
    println!("search: {} contacts in {:.2?}", found.len(), t.elapsed());
}
