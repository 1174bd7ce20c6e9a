//! Property tests of the warmth model v2 (`kith_core::warmth`), tie strength and the due list
//! (`kith_core::due`).
//!
//! The closed forms in `Warmth` (folded summary, `due_on`, `lost_on`, strength) are checked against
//! brute force computed straight from the raw list of touches, as the spec defines them:
//!
//! ```text
//! m    = Σ_i w_i · 2^(−(a − t_i)/h)          a = the latest touch
//! W(d) = min(1, m) · 2^(−(d − a)/h)           for a day d on or after a
//! T(d) = Σ_i w_i · 2^(−(d − t_i)/365)
//! ```
//!
//! After the latest touch W only decreases, so "the first day on which …" is found by stepping one day
//! at a time from the latest touch.
//!
//! Boundaries. The spec fixes "at or below 0.5" ("a lunch exactly one half-life ago has warmth 0.5 and
//! is due today"). Float rounding can put a computed W a few ulps either side of an exact boundary, so
//! brute force brackets the answer: the *loose* day is the first with W ≤ 0.5 + 1e-9, the *strict*
//! day the first with W ≤ 0.5 − 1e-9, and the closed form must lie between them. Whenever no day has
//! W within 1e-9 of the threshold the two coincide, so this is equality everywhere except on a knife
//! edge. `due_on` subtracts `EPSILON_DAYS` before rounding up, i.e. it also leans towards "due" at an
//! exact boundary: the same direction as the loose side of the bracket.

use chrono::NaiveDate;
use kith_core::{
    Circle, FollowUp, Status, Warmth, Weights,
    contact::{Cadenced, ContactBrief},
    date::{day_number, from_day_number},
    due::{band, due_list},
};
use proptest::prelude::*;

const TOL: f64 = 1e-9;

/// 2020-01-01 as a day number: histories fall within about six years after it.
fn base() -> i64 {
    day_number(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap())
}

/// A weight: one of the kinds' default weights, or any weight in (0, 3].
fn weight() -> impl Strategy<Value = f64> {
    let w = Weights::default();
    let kinds = vec![w.lunch, w.coffee, w.meeting, w.event, w.call, w.video, w.email, w.message, w.social];
    prop_oneof![proptest::sample::select(kinds), (0.0..=3.0f64).prop_filter("positive", |w| *w > 0.0)]
}

/// A history: 1–40 touches `(day number, weight)` within about six years.
fn history() -> impl Strategy<Value = Vec<(i64, f64)>> {
    proptest::collection::vec((0..2190i64, weight()), 1..=40)
        .prop_map(|v| v.into_iter().map(|(d, w)| (base() + d, w)).collect())
}

/// A half-life: one of the circles' cadences, or any custom cadence of 1 to 3650 days.
fn half_life() -> impl Strategy<Value = f64> {
    prop_oneof![Just(14u32), Just(30), Just(90), Just(180), 1..=3650u32].prop_map(f64::from)
}

fn fold(touches: &[(i64, f64)], h: f64) -> Warmth {
    Warmth::from_touches(touches.iter().map(|&(d, w)| (from_day_number(d), w)), h).unwrap()
}

fn latest(touches: &[(i64, f64)]) -> i64 {
    touches.iter().map(|t| t.0).max().unwrap()
}

/// W(d) for a day d on or after the latest touch, straight from the raw list as the spec defines it:
/// the history's sum on the day of the latest touch, saturated at 1, decayed from there.
fn brute_w(touches: &[(i64, f64)], d: i64, h: f64) -> f64 {
    let a = latest(touches);
    let m: f64 = touches.iter().map(|&(t, w)| w * (-((a - t) as f64) / h).exp2()).sum();
    m.min(1.0) * (-((d - a) as f64) / h).exp2()
}

/// T(d) straight from the raw list: every touch decayed with a one-year half-life, uncapped.
fn brute_t(touches: &[(i64, f64)], d: i64) -> f64 {
    touches.iter().map(|&(t, w)| w * (-((d - t) as f64) / 365.0).exp2()).sum()
}

/// The first day in `from..=to` satisfying `pred`.
fn first_day(from: i64, to: i64, pred: impl Fn(i64) -> bool) -> Option<i64> {
    (from..=to).find(|&d| pred(d))
}

proptest! {
    // 256 cases each by default; set PROPTEST_CASES for a longer run.
    /// `due_on` is the first day, on or after the latest touch, with W at or below 0.5 — and never
    /// more than one cadence after the latest touch, however rich the history.
    #[test]
    fn due_on_matches_brute_force(touches in history(), h in half_life()) {
        let last = latest(&touches);
        let due = day_number(fold(&touches, h).due_on(h));
        prop_assert!(due >= last, "due {due} before the latest touch {last}");
        prop_assert!(due <= last + h.ceil() as i64, "due {due} more than a cadence after {last}");
        // W decreases after `last`, so a few days past the claimed due date bound the search.
        let bound = due + 3;
        let loose = first_day(last, bound, |d| brute_w(&touches, d, h) <= 0.5 + TOL);
        let strict = first_day(last, bound, |d| brute_w(&touches, d, h) <= 0.5 - TOL);
        prop_assert!(loose.is_some_and(|l| l <= due), "due {due}, but brute force says {loose:?}");
        prop_assert!(strict.is_some_and(|s| due <= s), "due {due}, but W > 0.5 until {strict:?}");
    }

    /// Warmth and status (decided from the due moment, as the store's SQL filters decide it) are those
    /// of the brute-force warmth on every day, except on a knife edge of a threshold.
    #[test]
    fn warmth_and_status_match_brute_force(touches in history(), h in half_life(), ahead in -30i64..3000) {
        let day = latest(&touches) + ahead;
        let known: Vec<(i64, f64)> = touches.iter().copied().filter(|&(t, _)| t <= day).collect();
        prop_assume!(!known.is_empty());
        let w = brute_w(&known, day, h);
        let folded = fold(&known, h);
        prop_assert!((folded.at(from_day_number(day), h) - w).abs() <= 1e-9, "W = {} on day +{}", w, ahead);
        prop_assume!((w - 0.5).abs() > TOL && (w - 0.25).abs() > TOL);
        prop_assert_eq!(folded.status(from_day_number(day), h), Status::of_warmth(w), "W = {} on day +{}", w, ahead);
    }

    /// Lost: the first day more than 8 half-lives after the latest touch, whatever came before it.
    #[test]
    fn lost_on_matches_brute_force(touches in history(), h in half_life()) {
        let last = latest(&touches);
        let w = fold(&touches, h);
        let lost = day_number(w.lost_on(h));
        let brute = first_day(last, last + 8 * h as i64 + 2, |d| (d - last) as f64 > 8.0 * h);
        prop_assert_eq!(Some(lost), brute);
        prop_assert!(!w.is_lost(from_day_number(lost - 1), h) && w.is_lost(from_day_number(lost), h));
    }

    /// Strength is the one-year sum of the raw list, and the strength day orders ties as strength
    /// does on any day.
    #[test]
    fn strength_matches_brute_force(a in history(), b in history(), ahead in 0i64..3000) {
        let day = latest(&a).max(latest(&b)) + ahead;
        let (fa, fb) = (fold(&a, 30.0), fold(&b, 30.0));
        let (ta, tb) = (brute_t(&a, day), brute_t(&b, day));
        let on = from_day_number(day);
        prop_assert!((fa.strength_on(on) - ta).abs() <= 1e-9 * ta.max(1.0), "{} vs {}", fa.strength_on(on), ta);
        if (ta - tb).abs() > 1e-9 * ta.max(tb) {
            prop_assert_eq!(ta > tb, fa.strength_day() > fb.strength_day());
        }
    }

    /// One more touch, of any weight on any day, never cools a contact nor brings its due date forward,
    /// and never weakens the tie.
    #[test]
    fn a_touch_never_cools(
        touches in history(),
        h in half_life(),
        extra in (0..2190i64, prop_oneof![Just(0.0), 0.0..=3.0f64]),
        later in 0..4000i64,
    ) {
        let extra = (base() + extra.0, extra.1);
        let before = fold(&touches, h);
        let after = Warmth::add(Some(before), from_day_number(extra.0), extra.1, h);
        let today = from_day_number(latest(&touches).max(extra.0) + later);
        let (wb, wa) = (before.at(today, h), after.at(today, h));
        // Folding in a touch multiplies by decay factors in another order; allow float noise of a
        // few ulps (a touch of weight 0 on a later day must leave W unchanged, not exactly equal).
        prop_assert!(wa >= wb * (1.0 - 1e-12), "warmth fell from {wb} to {wa}");
        prop_assert!(after.due_on(h) >= before.due_on(h));
        prop_assert!(after.strength_on(today) >= before.strength_on(today) * (1.0 - 1e-12));
    }

    /// The order in which touches are folded does not matter.
    #[test]
    fn order_does_not_matter(
        (touches, shuffled) in history().prop_flat_map(|t| (Just(t.clone()), Just(t).prop_shuffle())),
        h in half_life(),
    ) {
        let (a, b) = (fold(&touches, h), fold(&shuffled, h));
        prop_assert_eq!(a.last_touch, b.last_touch);
        prop_assert!((a.mass - b.mass).abs() <= 1e-9 * a.mass.abs().max(b.mass.abs()), "{} vs {}", a.mass, b.mass);
        prop_assert!((a.strength - b.strength).abs() <= 1e-9 * a.strength.max(b.strength), "{} vs {}", a.strength, b.strength);
        prop_assert_eq!(a.due_on(h), b.due_on(h));
        prop_assert_eq!(a.lost_on(h), b.lost_on(h));
    }

    /// The due list: follow-ups first (one per contact), then contacts in the spec's order — cadence,
    /// cooling before cold (not yet due last), important, stronger tie, due longest — each pair checked against the
    /// readings of its two contacts; no archived, dormant, snoozed or lost contact lines; nothing due
    /// after the horizon.
    #[test]
    fn due_list_is_ranked_and_filtered(
        contacts in proptest::collection::vec(brief(), 0..60),
        promises in proptest::collection::vec((0..60i64, -60..60i64, any::<bool>()), 0..8),
        today in 1800..2400i64,
        within in 0..60u32,
    ) {
        let today = from_day_number(base() + today);
        let contacts: Vec<ContactBrief> =
            contacts.into_iter().enumerate().map(|(i, c)| ContactBrief { id: i as i64 + 1, ..c }).collect();
        let followups: Vec<FollowUp> = promises
            .iter()
            .enumerate()
            .filter(|(_, p)| (p.0 as usize) < contacts.len())
            .map(|(i, &(who, offset, done))| FollowUp {
                id: 1000 + i as i64,
                contact_id: who + 1,
                contact_name: format!("P{}", who + 1),
                due_on: today + chrono::Duration::days(offset),
                note: None,
                created_on: today,
                done_on: done.then_some(today),
            })
            .collect();
        let list = due_list(&contacts, &followups, &contacts, today, within);
        let horizon = today + chrono::Duration::days(i64::from(within));

        let first_contact_line = list.iter().position(|i| i.followup_id.is_none()).unwrap_or(list.len());
        prop_assert!(list[first_contact_line..].iter().all(|i| i.followup_id.is_none()), "follow-ups first");
        let mut seen = std::collections::HashSet::new();
        prop_assert!(list.iter().all(|i| seen.insert(i.id)), "a contact appears once");
        let by_id = |id: i64| contacts.iter().find(|c| c.id == id).unwrap();
        for pair in list[first_contact_line..].windows(2) {
            let (a, b) = (by_id(pair[0].id), by_id(pair[1].id));
            let key = |c: &ContactBrief, item: &kith_core::due::DueItem| {
                (c.cadence_days().unwrap(), band(item.status, item.due_on <= today), !c.important)
            };
            let (ka, kb) = (key(a, &pair[0]), key(b, &pair[1]));
            prop_assert!(ka <= kb, "{pair:?} out of order");
            // Strength on a day before a contact's latest touch (a `--today` in the past) is not
            // decayed, so only pairs touched by `today` are compared by it.
            let past = |c: &ContactBrief| c.warmth.is_none_or(|w| w.last_touch <= today);
            if ka == kb && past(a) && past(b) {
                let strength = |c: &ContactBrief| c.warmth.map_or(0.0, |w| w.strength_on(today));
                let (sa, sb) = (strength(a), strength(b));
                prop_assert!(sa >= sb * (1.0 - 1e-9), "weaker tie first: {pair:?}");
                if (sa - sb).abs() <= 1e-12 * sa.max(sb) && a.warmth.is_some() && b.warmth.is_some() {
                    prop_assert!(a.due_at() <= b.due_at() + 1e-9, "due later first: {pair:?}");
                }
            }
        }
        for item in &list {
            prop_assert!(item.due_on <= horizon, "{item:?} due after {horizon}");
            if item.followup_id.is_some() {
                continue; // A promise is shown whatever the contact's circle: the user made it.
            }
            let c = by_id(item.id);
            prop_assert!(!c.archived, "archived contact {c:?} listed");
            prop_assert!(c.circle != Circle::Dormant, "dormant contact {c:?} listed");
            prop_assert!(c.snoozed_until.is_none_or(|s| s <= today), "snoozed contact {c:?} listed");
            prop_assert!(!c.is_lost(today), "lost contact {c:?} listed");
        }
    }
}

/// A random contact (its id is set by the caller), with or without history, over all circles and
/// custom cadences, archived, snoozed or not.
fn brief() -> impl Strategy<Value = ContactBrief> {
    let circle = proptest::sample::select(Circle::ALL.to_vec());
    let warmth = proptest::option::weighted(0.9, (0..2400i64, 0.01..5.0f64, 0.01..20.0f64));
    (
        circle,
        proptest::option::weighted(0.2, 1..=3650u32),
        any::<bool>(),
        proptest::bool::weighted(0.1),
        0..2400i64,
        proptest::option::weighted(0.15, 1700..2500i64),
        warmth,
    )
        .prop_map(|(circle, custom, important, archived, added, snoozed, warmth)| ContactBrief {
            id: 0,
            name: "someone".into(),
            org: None,
            circle,
            custom_cadence_days: custom,
            important,
            archived,
            added_on: from_day_number(base() + added),
            snoozed_until: snoozed.map(|s| from_day_number(base() + s)),
            warmth: warmth.map(|(d, m, t)| Warmth { last_touch: from_day_number(base() + d), mass: m, strength: t }),
        })
}
