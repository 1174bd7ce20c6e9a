//! Benchmarks of the warmth model, the due list and the weekly plan.
//!
//! Run with `cargo bench -p kith-core` (add `-- due_list` to run one group). Inputs are generated
//! from a fixed seed with a small xorshift, so every run measures the same data.

use chrono::NaiveDate;
use divan::{Bencher, black_box};
use kith_core::{
    Circle, FollowUp, InteractionKind, Warmth,
    contact::ContactBrief,
    due::{DueItem, due_list},
    plan::{History, PlanParts, Reach, WeekSoFar, weekly_plan},
    reciprocity::Reciprocity,
    reconnect::{Offer, ReconnectCandidate, pick, rank},
};

fn main() {
    divan::main();
}

/// xorshift64*: enough randomness for benchmark inputs, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// Day number of `today()` minus up to `span` days.
fn day_before_today(rng: &mut Rng, span: u64) -> NaiveDate {
    today() - chrono::Duration::days(rng.below(span) as i64)
}

const WEIGHTS: [f64; 5] = [1.0, 0.7, 0.4, 0.15, 1.0];

/// 1,000 touches over six years, in random order.
fn touches(n: usize) -> Vec<(NaiveDate, f64)> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n).map(|_| (day_before_today(&mut rng, 6 * 365), WEIGHTS[rng.below(5) as usize])).collect()
}

/// `n` contacts over all circles (a tenth dormant, some archived, snoozed or custom), 90% with history.
fn contacts(n: usize) -> Vec<ContactBrief> {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03 ^ n as u64);
    (0..n)
        .map(|i| {
            let circle = Circle::ALL[rng.below(5) as usize];
            ContactBrief {
                id: i as i64 + 1,
                name: format!("Person {i}"),
                org: (rng.below(2) == 0).then(|| format!("Org {}", rng.below(500))),
                circle,
                custom_cadence_days: (rng.below(10) == 0).then(|| 1 + rng.below(365) as u32),
                important: rng.below(8) == 0,
                archived: rng.below(20) == 0,
                added_on: day_before_today(&mut rng, 8 * 365),
                snoozed_until: (rng.below(20) == 0)
                    .then(|| today() + chrono::Duration::days(rng.below(30) as i64 - 10)),
                warmth: (rng.below(10) != 0).then(|| Warmth {
                    last_touch: day_before_today(&mut rng, 3 * 365),
                    mass: 0.15 + 3.0 * rng.unit(),
                    strength: 0.15 + 12.0 * rng.unit(),
                }),
            }
        })
        .collect()
}

/// 20 open follow-ups on random contacts of `contacts`.
fn followups(contacts: &[ContactBrief]) -> Vec<FollowUp> {
    let mut rng = Rng(42);
    (0..20)
        .map(|i| {
            let c = &contacts[rng.below(contacts.len() as u64) as usize];
            FollowUp {
                id: i + 1,
                contact_id: c.id,
                contact_name: c.name.clone(),
                due_on: today() + chrono::Duration::days(rng.below(30) as i64 - 20),
                note: Some("send the article".into()),
                created_on: today() - chrono::Duration::days(60),
                done_on: None,
            }
        })
        .collect()
}

#[divan::bench]
fn fold_1000_touches(bencher: Bencher) {
    let touches = touches(1000);
    bencher.bench(|| Warmth::from_touches(black_box(&touches).iter().copied(), black_box(30.0)));
}

#[divan::bench]
fn due_on(bencher: Bencher) {
    let w = Warmth::from_touches(touches(1000), 30.0).unwrap();
    bencher.bench(|| black_box(w).due_on(black_box(30.0)));
}

#[divan::bench]
fn at(bencher: Bencher) {
    let w = Warmth::from_touches(touches(1000), 30.0).unwrap();
    bencher.bench(|| black_box(w).at(black_box(today()), black_box(30.0)));
}

/// The whole due list over `n` contacts, 7 days ahead, with 20 open follow-ups.
#[divan::bench(args = [10_000, 100_000], sample_count = 20)]
fn due_list_of(bencher: Bencher, n: usize) {
    let contacts = contacts(n);
    let followups = followups(&contacts);
    bencher.bench(|| due_list(black_box(&contacts), black_box(&followups), &[], today(), 7));
}

/// The weekly plan from a 5,000-item due list and a 50-contact reconnect pool.
#[divan::bench]
fn weekly_plan_5000(bencher: Bencher) {
    let mut rng = Rng(7);
    let due: Vec<DueItem> = (0..5000)
        .map(|i| DueItem {
            id: i + 1,
            name: format!("Person {i}"),
            org: None,
            status: kith_core::Status::Cooling,
            warmth: 0.3,
            due_on: today() - chrono::Duration::days(rng.below(100) as i64),
            overdue_days: 10,
            circle: Circle::ALL[rng.below(4) as usize],
            important: false,
            strength: 1.5,
            tie: kith_core::Tie::Medium,
            reason: "cooling: last touch 40 days ago; close circle, every 30 days".into(),
            followup_id: None,
        })
        .collect();
    let pool: Vec<ReconnectCandidate> =
        contacts(50).into_iter().map(|contact| ReconnectCandidate { contact, touches: 12, unsorted: false }).collect();
    let kinds = [InteractionKind::Coffee, InteractionKind::Call, InteractionKind::Email, InteractionKind::Coffee];
    let history = |id: i64| History {
        recent_kinds: kinds[..(id % 4) as usize + 1].to_vec(),
        reciprocity: Reciprocity { gave: 0, got: u32::from(id % 3 == 0) },
        last: None,
        reach: Reach { email: id % 2 == 0, phone: id % 3 == 0, linkedin: true },
    };
    let reconnect = (&pool[0], &history(pool[0].contact.id));
    bencher.bench(|| {
        let parts = PlanParts {
            due: black_box(&due),
            history: &history,
            reconnect: Some(reconnect),
            dates: vec![],
            week: WeekSoFar::default(),
            open_followups_due: 2,
            congratulate: Vec::new(),
        };
        weekly_plan(today(), 5, parts)
    });
}

/// Ranking a 10,000-contact reconnect pool and picking the week's reconnect past 8 weeks of offers.
#[divan::bench]
fn reconnect_pick_10000(bencher: Bencher) {
    let pool: Vec<ReconnectCandidate> = contacts(10_000)
        .into_iter()
        .map(|contact| ReconnectCandidate { contact, touches: 12, unsorted: false })
        .collect();
    let week = kith_core::date::week_start(today());
    let offers: Vec<Offer> = (0..8)
        .map(|k| Offer { week_of: week - chrono::Duration::weeks(k + 1), contact: k + 1, last_touch_on: None })
        .collect();
    let skip = std::collections::HashSet::new();
    bencher.bench(|| {
        let mut ranked = black_box(&pool).clone();
        rank(&mut ranked);
        pick(&ranked, black_box(&offers), week, &skip)
    });
}
