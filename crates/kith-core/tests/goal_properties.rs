//! Properties of habit streaks: they follow history (back-dated logs count), they never shrink when
//! something more is logged, and totals do not depend on the order things were logged.

use chrono::NaiveDate;
use kith_core::goal::{Period, PeriodTotal, Streaks, streaks, totals};
use proptest::prelude::*;

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(n)
}

fn period() -> impl Strategy<Value = Period> {
    prop_oneof![Just(Period::Week), Just(Period::Month)]
}

/// Dated amounts over about two years.
fn amounts() -> impl Strategy<Value = Vec<(i64, u64)>> {
    prop::collection::vec((0i64..730, 0u64..4), 0..80)
}

/// The definition, by brute force: the longest run of met periods, and the run ending at the last
/// period (or, while the last is not met, at the one before).
fn brute(totals: &[PeriodTotal], target: u64) -> Streaks {
    let met: Vec<bool> = totals.iter().map(|p| p.total >= target).collect();
    let mut best = 0;
    for i in 0..met.len() {
        for j in i..met.len() {
            if met[i..=j].iter().all(|m| *m) {
                best = best.max(j - i + 1);
            }
        }
    }
    let end = match met.last() {
        Some(false) => met.len() - 1,
        _ => met.len(),
    };
    let current = met[..end].iter().rev().take_while(|m| **m).count();
    Streaks { current: current as u32, best: best as u32 }
}

proptest! {
    #[test]
    fn streaks_match_their_definition(p in period(), a in amounts(), target in 1u64..4, today in 0i64..730) {
        let dated: Vec<(NaiveDate, u64)> = a.iter().map(|&(d, n)| (day(d), n)).collect();
        let t = totals(p, &dated, day(0), day(today));
        prop_assert_eq!(streaks(&t, target), brute(&t, target));
    }

    #[test]
    fn logging_more_never_shortens_a_streak(p in period(), a in amounts(), extra in (0i64..730, 1u64..3), target in 1u64..4) {
        let today = day(729);
        let dated: Vec<(NaiveDate, u64)> = a.iter().map(|&(d, n)| (day(d), n)).collect();
        let before = streaks(&totals(p, &dated, day(0), today), target);
        let mut more = dated.clone();
        more.push((day(extra.0), extra.1));
        let after = streaks(&totals(p, &more, day(0), today), target);
        prop_assert!(after.best >= before.best);
        prop_assert!(after.current >= before.current);
    }

    #[test]
    fn totals_ignore_order_and_keep_every_amount(p in period(), a in amounts(), seed in any::<u64>()) {
        let dated: Vec<(NaiveDate, u64)> = a.iter().map(|&(d, n)| (day(d), n)).collect();
        let mut shuffled = dated.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let t1 = totals(p, &dated, day(0), day(729));
        let t2 = totals(p, &shuffled, day(0), day(729));
        prop_assert_eq!(&t1, &t2);
        prop_assert_eq!(t1.iter().map(|t| t.total).sum::<u64>(), dated.iter().map(|(_, n)| n).sum::<u64>());
        prop_assert!(t1.windows(2).all(|w| p.next(w[0].start) == w[1].start));
    }
}
