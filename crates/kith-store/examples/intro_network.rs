//! Writes a network for the introduction finder's figures and times inferring its ties.
//!
//! ```text
//! cargo run --release -p kith-store --example intro_network -- DATABASE_URL [CONTACTS] [TOUCHES] [SHAPE]
//! ```
//!
//! SHAPE is how the touches are spread over the people: `even` (the default: anyone as likely as
//! anyone else, so a third of the network is warm and strong — the hardest case for a search
//! that reads the people the user knows best first) or `long-tail` (a few hundred people get
//! most of the touches and most people one or two, as in a real history).
//!
//! Defaults: 30,000 contacts, 200,000 touches. Shaped like a real network, not a tuned one:
//! employers of every size (a few hundred people at the biggest, most with one or two: one
//! employer per person is common in a LinkedIn export), non-ASCII names, a past job for two in
//! five, touches with one person mostly and with two to four colleagues (now or before) or
//! strangers for a quarter of them, e-mail threads the most common, and meetings of 10 to 40
//! people. Prints the counts, the bulk load's time, and the time to infer every tie again from
//! all history (what a database from before ties existed pays once).

use std::time::Instant;

use chrono::NaiveDate;
use kith_core::{Circle, InteractionKind, NewContact, NewInteraction, OrgKind, Role, Weights, job::SnapshotPastJob};
use kith_store::{Bulk, BulkContact, BulkInteraction, BulkJobs, DatabaseUrl};

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
        self.next() % n.max(1)
    }
}

const FIRST: [&str; 12] = ["Ada", "Björn", "Chloé", "Dev", "Eli", "Fátima", "Gus", "Hana", "Иван", "Jo", "Kofi", "李"];
const LAST: [&str; 12] =
    ["Lee", "Khan", "Berg", "Okafor", "Silva", "Novák", "Moreau", "Tanaka", "Smith", "Rossi", "Øster", "王"];

/// An employer for person `i`: organization `k` holds about `1/k` of the people (Zipf), so the
/// biggest has hundreds and most have one or two.
fn employer(rng: &mut Rng, orgs: u64) -> u64 {
    // Inverse of a harmonic CDF, approximately: e^(u · ln orgs).
    let u = rng.below(1_000_000) as f64 / 1_000_000.0;
    ((orgs as f64).powf(u) as u64).clamp(1, orgs) - 1
}

/// How the touches are spread over the people.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Even,
    LongTail,
}

impl Shape {
    /// Someone to touch, of `n` people.
    fn pick(self, rng: &mut Rng, n: usize) -> usize {
        match self {
            Shape::Even => rng.below(n as u64) as usize,
            // u⁵ of a shuffled order: the first 1% of the people get 40% of the touches, the first
            // 10% get 63%, the last half 13%.
            Shape::LongTail => {
                let u = rng.below(1_000_000) as f64 / 1_000_000.0;
                let rank = ((n as f64) * u.powi(5)) as usize;
                // Scatter the ranks over the ids, so the closest people work anywhere.
                (rank.wrapping_mul(7_919) + 13) % n
            }
        }
    }
}

fn network(contacts: usize, touches: usize, shape: Shape, today: NaiveDate) -> (Bulk, Vec<Vec<usize>>) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let weights = Weights::default();
    let circles = [Circle::Inner, Circle::Close, Circle::Active, Circle::Wide, Circle::Dormant];
    let orgs = (contacts / 2) as u64;
    let mut bulk = Bulk::default();
    let mut at: Vec<Vec<usize>> = vec![Vec::new(); orgs as usize];
    for i in 0..contacts {
        let org = employer(&mut rng, orgs);
        let employed = i % 13 != 0;
        if employed {
            at[org as usize].push(i);
        }
        let name = format!("{} {} {i}", FIRST[i % 12], LAST[(i / 12) % 12]);
        bulk.contacts.push(BulkContact {
            contact: NewContact {
                name,
                emails: if i % 9 == 0 { Vec::new() } else { vec![format!("person{i}@example.org")] },
                org: employed.then(|| format!("Organisation {org} Ltd")),
                title: (i % 3 != 0).then(|| "Engineer".to_string()),
                circle: Some(circles[rng.below(5) as usize]),
                ..Default::default()
            },
            memberships: if i % 6 == 0 {
                vec![(format!("Guild {}", i % 50), OrgKind::Association, Role::Member)]
            } else {
                Vec::new()
            },
            ..BulkContact::new(NewContact::default(), today - chrono::Duration::days(1500))
        });
    }
    // Two in five worked somewhere else before, ending in the last eight years.
    let mut past_at: Vec<Vec<usize>> = vec![Vec::new(); orgs as usize];
    for i in (0..contacts).filter(|i| i % 5 < 2) {
        let org = employer(&mut rng, orgs);
        let until = today - chrono::Duration::days(30 + rng.below(2900) as i64);
        let since = until - chrono::Duration::days(365 + rng.below(1800) as i64);
        past_at[org as usize].push(i);
        bulk.jobs.push(BulkJobs {
            contact: i,
            current_since: Some(until + chrono::Duration::days(20)),
            past_jobs: vec![SnapshotPastJob {
                org: format!("Organisation {org} Ltd"),
                title: Some("Analyst".into()),
                since: Some(since),
                until,
            }],
            job_changes: Vec::new(),
        });
    }
    let colleagues: Vec<Vec<usize>> =
        at.iter().zip(&past_at).map(|(now, before)| now.iter().chain(before).copied().collect()).collect();
    let busy: Vec<&Vec<usize>> = colleagues.iter().filter(|c| c.len() >= 2).collect();
    for k in 0..touches {
        let kind = match rng.below(10) {
            0..=4 => InteractionKind::Email,
            5 => InteractionKind::Lunch,
            6 => InteractionKind::Coffee,
            7 => InteractionKind::Call,
            8 => InteractionKind::Message,
            _ => InteractionKind::Meeting,
        };
        let mut who = vec![shape.pick(&mut rng, contacts) as i64];
        if k % 4 == 0 {
            // Two to four people: colleagues now or before, or anyone.
            let n = 2 + rng.below(3) as usize;
            who = if rng.below(3) < 2 && !busy.is_empty() {
                let group = busy[rng.below(busy.len() as u64) as usize];
                (0..n).map(|_| group[rng.below(group.len() as u64) as usize] as i64).collect()
            } else {
                (0..n).map(|_| shape.pick(&mut rng, contacts) as i64).collect()
            };
            who.sort_unstable();
            who.dedup();
        }
        bulk.interactions.push(BulkInteraction {
            interaction: NewInteraction {
                contacts: who,
                kind,
                on: today - chrono::Duration::days(rng.below(1460) as i64),
                minutes: None,
                note: None,
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
    // Meetings of 10 to 40 people, a guild's or anyone's.
    for k in 0..(touches / 400) {
        let n = 10 + rng.below(31) as usize;
        let mut who: Vec<i64> = (0..n).map(|_| rng.below(contacts as u64) as i64).collect();
        who.sort_unstable();
        who.dedup();
        bulk.interactions.push(BulkInteraction {
            interaction: NewInteraction {
                contacts: who,
                kind: InteractionKind::Event,
                on: today - chrono::Duration::days(rng.below(1460) as i64),
                minutes: Some(90),
                note: Some(format!("meetup {k}")),
                gave: None,
                got: None,
                they_initiated: false,
                favor_with: None,
                fulfills: Vec::new(),
            },
            weight: weights.of(InteractionKind::Event),
            source_key: None,
        });
    }
    (bulk, at)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let url = DatabaseUrl::parse(args.first().expect("a database URL"));
    let contacts = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(30_000);
    let touches = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let shape = match args.get(3).map(String::as_str) {
        None | Some("even") => Shape::Even,
        Some("long-tail") => Shape::LongTail,
        Some(other) => panic!("unknown shape {other}: use even or long-tail"),
    };
    let today: NaiveDate = "2026-11-22".parse().unwrap();
    let (bulk, at) = network(contacts, touches, shape, today);
    let store = kith_store::open(&url).await.unwrap();
    let t = Instant::now();
    store.bulk_load(&bulk).await.unwrap();
    let load = t.elapsed();
    let t = Instant::now();
    let ties = store.infer_all_ties().await.unwrap();
    let infer = t.elapsed();
    let mut sizes: Vec<(usize, usize)> = at.iter().enumerate().map(|(k, p)| (p.len(), k)).collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    let median = sizes.iter().find(|(n, _)| *n <= 5).unwrap_or(&sizes[sizes.len() / 2]);
    let mid = sizes.iter().find(|(n, _)| *n <= 200).unwrap_or(&sizes[0]);
    let fifty = sizes.iter().find(|(n, _)| *n <= 60).unwrap_or(&sizes[0]);
    println!("contacts {contacts}");
    println!("touches {}", bulk.interactions.len());
    println!("past_jobs {}", bulk.jobs.len());
    println!("ties {ties}");
    println!("load_ms {}", load.as_millis());
    println!("infer_all_ms {}", infer.as_millis());
    println!("biggest_org Organisation {} Ltd ({} people)", sizes[0].1, sizes[0].0);
    println!("mid_org Organisation {} Ltd ({} people)", mid.1, mid.0);
    println!("fifty_org Organisation {} Ltd ({} people)", fifty.1, fifty.0);
    println!("small_org Organisation {} Ltd ({} people)", median.1, median.0);
}
