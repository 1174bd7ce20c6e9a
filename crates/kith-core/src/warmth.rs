//! The warmth model (v2) and the strength of a tie.
//!
//! Warmth of a contact at day `t ≥ a`, with half-life `h` (its cadence), latest touch `a` and
//! interactions of weight `w_i` on days `t_i`:
//!
//! ```text
//! m    = Σ_i w_i · 2^(−(a − t_i)/h)        what the history adds up to on the day of the latest touch
//! W(t) = min(1, m) · 2^(−(t − a)/h)
//! ```
//!
//! Warmth *saturates at the latest touch*: however rich the history, a relationship left alone is due
//! (W ≤ 0.5) at most one cadence after its latest touch, `t_due = a + h · log2(2 · min(1, m))`. Model
//! v1 capped the sum instead (`min(1, Σ …)`), which let years of lunches push the due date years past
//! the latest touch. `m` is a sum of exponentials with one rate, so it folds in O(1) per touch in any
//! order, and stays between the latest weight and the sum of all weights (the spec's absolute
//! `Σ w_i 2^(t_i/h)` overflows an f64 for today's day numbers with short half-lives).
//!
//! The **strength** of the tie is a separate measure: `T(t) = Σ_i w_i · 2^(−(t − t_i)/365)`, uncapped,
//! folded the same way (`strength`, the sum on the day of the latest touch). Warmth says *when* to
//! reach out; strength says how much the relationship holds, and breaks ties of equal warmth.
//!
//! A contact has **lost touch** when its latest touch is more than 8 cadences ago (`t − a > 8h`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::date::{day_number, from_day_number};

/// Warmth at or above this is warm, and reaching it makes a contact due.
pub const WARM: f64 = 0.5;
/// Warmth below this is cold.
pub const COLD: f64 = 0.25;
/// A contact whose latest touch is more than this many cadences ago has lost touch and moves to the
/// reconnect pool.
pub const LOST_AFTER_CADENCES: f64 = 8.0;
/// The half-life of a tie's strength, in days: what a year of silence leaves of it is half.
pub const STRENGTH_HALF_LIFE_DAYS: f64 = 365.0;
/// Strength at or above this is a strong tie (four lunches' worth, this year).
pub const STRONG_TIE: f64 = 4.0;
/// Strength at or above this is a medium tie (one lunch's worth, this year).
pub const MEDIUM_TIE: f64 = 1.0;
/// Tolerance for float noise when turning a real due day into a calendar date.
const EPSILON_DAYS: f64 = 1e-9;

/// How warm a relationship is, as a word.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Warm,
    Cooling,
    Cold,
    New,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Warm, Status::Cooling, Status::Cold, Status::New];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Warm => "warm",
            Status::Cooling => "cooling",
            Status::Cold => "cold",
            Status::New => "new",
        }
    }

    /// The status of a warmth value (for a contact with at least one interaction).
    pub fn of_warmth(w: f64) -> Status {
        if w >= WARM {
            Status::Warm
        } else if w >= COLD {
            Status::Cooling
        } else {
            Status::Cold
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Status {
    type Err = crate::ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(s.trim())).ok_or_else(|| {
            crate::ValidationError::new("status", s, "unknown status; use one of warm, cooling, cold, new")
        })
    }
}

/// How much a relationship holds, as a word: from its [strength](Warmth::strength_on).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tie {
    Strong,
    Medium,
    Weak,
}

impl Tie {
    /// The tie of a strength value: strong from [`STRONG_TIE`], medium from [`MEDIUM_TIE`].
    pub fn of_strength(t: f64) -> Tie {
        if t >= STRONG_TIE {
            Tie::Strong
        } else if t >= MEDIUM_TIE {
            Tie::Medium
        } else {
            Tie::Weak
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Tie::Strong => "strong",
            Tie::Medium => "medium",
            Tie::Weak => "weak",
        }
    }
}

impl std::fmt::Display for Tie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The folded history of a contact: enough to answer every warmth and strength question without the
/// history.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Warmth {
    /// Day of the latest interaction.
    pub last_touch: NaiveDate,
    /// m = Σ w_i · 2^(−(last_touch − t_i)/h): what the history adds up to on the day of the latest
    /// touch, uncapped (warmth itself saturates at 1).
    pub mass: f64,
    /// Σ w_i · 2^(−(last_touch − t_i)/365): the tie's strength on the day of the latest touch.
    pub strength: f64,
}

impl Warmth {
    /// Folds `(date, weight)` touches, in any order, with half-life `h` days. `None` without touches.
    pub fn from_touches(touches: impl IntoIterator<Item = (NaiveDate, f64)>, h: f64) -> Option<Warmth> {
        touches.into_iter().fold(None, |acc, (on, w)| Some(Warmth::add(acc, on, w, h)))
    }

    /// The summary after one more touch of weight `w` on `on`.
    pub fn add(prev: Option<Warmth>, on: NaiveDate, w: f64, h: f64) -> Warmth {
        match prev {
            None => Warmth { last_touch: on, mass: w, strength: w },
            Some(p) if on >= p.last_touch => {
                let gap = (day_number(on) - day_number(p.last_touch)) as f64;
                Warmth {
                    last_touch: on,
                    mass: p.mass * decay(gap, h) + w,
                    strength: p.strength * decay(gap, STRENGTH_HALF_LIFE_DAYS) + w,
                }
            }
            Some(p) => {
                let gap = (day_number(p.last_touch) - day_number(on)) as f64;
                Warmth {
                    last_touch: p.last_touch,
                    mass: p.mass + w * decay(gap, h),
                    strength: p.strength + w * decay(gap, STRENGTH_HALF_LIFE_DAYS),
                }
            }
        }
    }

    /// W(today) = min(1, m) · 2^(−(today − a)/h). Before the latest touch (a `--today` in the past)
    /// the value is that of the latest touch.
    pub fn at(&self, today: NaiveDate, h: f64) -> f64 {
        self.mass.min(1.0) * decay(self.elapsed(today), h)
    }

    /// The status on `today`: warm until the due moment, cooling for one half-life after it (warmth
    /// halves from 0.5 to 0.25), then cold. Decided from the due moment rather than the rounded
    /// warmth, so the store can filter by status with the same arithmetic in SQL on its `due_at`
    /// column (`due_at − today ≥ 0`, `≥ −h`). Before the latest touch nothing has decayed yet and the
    /// mass alone decides.
    pub fn status(&self, today: NaiveDate, h: f64) -> Status {
        let day = day_number(today);
        if day < day_number(self.last_touch) {
            return Status::of_warmth(self.mass.min(1.0));
        }
        let position = self.due_at(h) - day as f64;
        if position >= 0.0 {
            Status::Warm
        } else if position >= -h {
            Status::Cooling
        } else {
            Status::Cold
        }
    }

    /// The real day number at which warmth falls to 0.5: `a + h·log2(2·min(1, m))`, at most one
    /// half-life after the latest touch. May lie before the latest touch when the history was too thin
    /// to make the contact warm. Always finite: touches that weigh nothing (a weight configured to 0)
    /// count as the smallest mass, not as minus infinity.
    pub fn due_at(&self, h: f64) -> f64 {
        day_number(self.last_touch) as f64 + h * (2.0 * self.mass.min(1.0)).max(f64::MIN_POSITIVE).log2()
    }

    /// The first day, on or after the latest touch, on which warmth is at or below 0.5.
    pub fn due_on(&self, h: f64) -> NaiveDate {
        let last = day_number(self.last_touch);
        let day = (self.due_at(h) - EPSILON_DAYS).ceil();
        from_day_number(clamp_day(day).max(last))
    }

    /// The first day on which the contact has lost touch: more than 8 half-lives after the latest
    /// touch, whatever the history before it.
    pub fn lost_on(&self, h: f64) -> NaiveDate {
        let last = day_number(self.last_touch) as f64;
        from_day_number(clamp_day((last + LOST_AFTER_CADENCES * h + EPSILON_DAYS).floor()) + 1)
    }

    /// Whether the contact has lost touch on `today`.
    pub fn is_lost(&self, today: NaiveDate, h: f64) -> bool {
        today >= self.lost_on(h)
    }

    /// The tie's strength on `today`: T = Σ w_i · 2^(−(today − t_i)/365), uncapped. Before the latest
    /// touch the value is that of the latest touch.
    pub fn strength_on(&self, today: NaiveDate) -> f64 {
        self.strength * decay(self.elapsed(today), STRENGTH_HALF_LIFE_DAYS)
    }

    /// The real day number on which the strength is (or was) exactly 1: `a + 365·log2(T_a)`. Every
    /// tie decays at the same rate, so on any given day the stronger tie is the one with the later
    /// strength day: ranking by this number needs neither today nor the history, and the store keeps
    /// it in an index. Finite even for a strength of 0.
    pub fn strength_day(&self) -> f64 {
        day_number(self.last_touch) as f64 + STRENGTH_HALF_LIFE_DAYS * self.strength.max(f64::MIN_POSITIVE).log2()
    }

    /// Days from the latest touch to `today`; 0 before it.
    fn elapsed(&self, today: NaiveDate) -> f64 {
        (day_number(today) - day_number(self.last_touch)).max(0) as f64
    }
}

/// 2^(−days/h): how much of a touch remains after `days`.
fn decay(days: f64, h: f64) -> f64 {
    (-days / h).exp2()
}

fn clamp_day(day: f64) -> i64 {
    // Beyond ±a million years a due date means "never"/"long ago"; keep it representable.
    day.clamp(-365_000_000.0, 365_000_000.0) as i64
}

/// Warmth, status, strength and whether touch was lost, of one contact on `today`, from its folded
/// history.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub warmth: f64,
    pub status: Status,
    /// The tie's strength (≥ 0), rounded to six decimals.
    pub strength: f64,
    pub tie: Tie,
    /// Latest touch more than 8 half-lives ago (whatever the circle: see `Cadenced::is_lost` for
    /// what counts as lost touch).
    pub lost: bool,
}

/// Reads warmth, status and strength; a contact without touches is `new`, with warmth and strength
/// 0, a weak tie, and not lost.
pub fn read(summary: Option<&Warmth>, today: NaiveDate, h: f64) -> Reading {
    match summary {
        None => Reading { warmth: 0.0, status: Status::New, strength: 0.0, tie: Tie::Weak, lost: false },
        Some(s) => {
            let strength = round6(s.strength_on(today));
            Reading {
                warmth: round6(s.at(today, h)),
                status: s.status(today, h),
                strength,
                tie: Tie::of_strength(strength),
                lost: s.is_lost(today, h),
            }
        }
    }
}

/// Warmth sampled every `step` days from `from` to `to` (both included when on the step), from a
/// history of `(date, weight)` touches in any order: each sample counts only the touches on or
/// before its day, as the contact page's warmth history shows it.
pub fn curve(touches: &[(NaiveDate, f64)], h: f64, from: NaiveDate, to: NaiveDate, step: u32) -> Vec<(NaiveDate, f64)> {
    let mut sorted = touches.to_vec();
    sorted.sort_by_key(|(on, _)| *on);
    let step = i64::from(step.max(1));
    let mut out = Vec::new();
    let mut summary: Option<Warmth> = None;
    let mut next = 0;
    let mut day = from;
    while day <= to {
        while next < sorted.len() && sorted[next].0 <= day {
            summary = Some(Warmth::add(summary, sorted[next].0, sorted[next].1, h));
            next += 1;
        }
        out.push((day, summary.map_or(0.0, |s| round6(s.at(day, h)))));
        day += chrono::Duration::days(step);
    }
    out
}

/// Rounds to six decimals: what every front end shows, and what status thresholds apply to, so that
/// float noise never makes 0.5 read as 0.49999999.
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn days(n: i64) -> chrono::Duration {
        chrono::Duration::days(n)
    }

    #[test]
    fn a_lunch_one_half_life_ago_is_exactly_half_warm_and_due_today() {
        let today = d("2026-11-22");
        let w = Warmth::from_touches([(today - days(90), 1.0)], 90.0).unwrap();
        let r = read(Some(&w), today, 90.0);
        assert_eq!(r.warmth, 0.5);
        assert_eq!(r.status, Status::Warm);
        assert_eq!(w.due_on(90.0), today);
    }

    #[test]
    fn a_social_touch_alone_is_due_at_once() {
        let on = d("2026-11-01");
        let w = Warmth::from_touches([(on, 0.15)], 90.0).unwrap();
        assert_eq!(w.due_on(90.0), on);
        assert!(w.due_at(90.0) < day_number(on) as f64);
        assert_eq!(read(Some(&w), on, 90.0).status, Status::Cold);
    }

    #[test]
    fn touches_configured_to_weigh_nothing_leave_a_finite_due_moment() {
        let on = d("2026-11-01");
        let w = Warmth::from_touches([(on, 0.0)], 90.0).unwrap();
        assert!(w.due_at(90.0).is_finite());
        assert!(w.strength_day().is_finite());
        assert_eq!(w.due_on(90.0), on);
        assert!(w.lost_on(90.0) > on);
    }

    #[test]
    fn warmth_saturates_at_the_latest_touch() {
        let on = d("2026-11-01");
        // Three lunches on one day: warmth 1, due one cadence later, not log2(6) cadences later.
        let w = Warmth::from_touches([(on, 1.0), (on, 1.0), (on, 1.0)], 14.0).unwrap();
        assert_eq!(w.at(on, 14.0), 1.0);
        assert_eq!(w.due_on(14.0), on + days(14));
        // Years of monthly lunches, then a year of silence: due a cadence after the latest touch,
        // cold, and a strong tie still.
        let last = d("2025-11-01");
        let history = (0..36).map(|k| (last - days(30 * k), 1.0));
        let w = Warmth::from_touches(history, 90.0).unwrap();
        assert_eq!(w.due_on(90.0), last + days(90));
        let r = read(Some(&w), d("2026-11-01"), 90.0);
        assert_eq!(r.status, Status::Cold);
        assert!(r.warmth < 0.1, "{r:?}");
        assert_eq!(r.tie, Tie::Strong, "{r:?}");
        assert!(!r.lost);
    }

    #[test]
    fn a_thin_history_is_due_before_a_full_cadence() {
        let on = d("2026-11-01");
        // An e-mail and a call the same day (1.1): saturated, due a cadence later.
        assert_eq!(Warmth::from_touches([(on, 0.4), (on, 0.7)], 30.0).unwrap().due_on(30.0), on + days(30));
        // A call alone (0.7): due after 30·log2(1.4) ≈ 14.6 days.
        assert_eq!(Warmth::from_touches([(on, 0.7)], 30.0).unwrap().due_on(30.0), on + days(15));
    }

    #[test]
    fn lost_after_eight_cadences_of_silence() {
        let on = d("2020-01-01");
        let w = Warmth::from_touches([(on, 1.0)], 14.0).unwrap();
        assert_eq!(w.lost_on(14.0), on + days(113));
        assert!(!w.is_lost(on + days(112), 14.0));
        assert!(w.is_lost(on + days(113), 14.0));
        // However strong the history: a silence of 8 cadences is lost.
        let rich = Warmth::from_touches((0..50).map(|k| (on - days(7 * k), 1.0)), 14.0).unwrap();
        assert_eq!(rich.lost_on(14.0), on + days(113));
    }

    #[test]
    fn strength_halves_every_year_and_names_the_tie() {
        let on = d("2025-01-01");
        let w = Warmth::from_touches((0..6).map(|k| (on - days(k), 1.0)), 30.0).unwrap();
        let r = read(Some(&w), on, 30.0);
        assert!((r.strength - 6.0).abs() < 0.1, "{r:?}");
        assert_eq!(r.tie, Tie::Strong);
        let a_year_on = on + days(365);
        assert!((w.strength_on(a_year_on) - w.strength / 2.0).abs() < 1e-12);
        assert_eq!(read(Some(&w), a_year_on, 30.0).tie, Tie::Medium);
        assert_eq!(read(Some(&w), on + days(3 * 365), 30.0).tie, Tie::Weak);
        // The strength day: where T = 1.
        let t1 = from_day_number(w.strength_day().round() as i64);
        assert!((w.strength_on(t1) - 1.0).abs() < 0.01);
    }

    #[test]
    fn the_later_strength_day_is_the_stronger_tie_on_any_day() {
        let old_friend = Warmth::from_touches((0..20).map(|k| (d("2022-01-01") + days(30 * k), 1.0)), 90.0).unwrap();
        let new_face = Warmth::from_touches([(d("2026-10-01"), 1.0)], 90.0).unwrap();
        for today in [d("2026-10-01"), d("2027-06-01"), d("2030-01-01")] {
            let stronger = old_friend.strength_on(today) > new_face.strength_on(today);
            assert_eq!(stronger, old_friend.strength_day() > new_face.strength_day(), "{today}");
        }
    }

    #[test]
    fn the_curve_counts_only_past_touches_and_halves_each_cadence() {
        let lunch = d("2026-01-10");
        let c = curve(&[(lunch, 1.0)], 30.0, d("2026-01-01"), d("2026-03-11"), 30);
        let values: Vec<f64> = c.iter().map(|(_, w)| *w).collect();
        // Jan 1: before the lunch; Jan 31: 21 days after; Mar 2: 51 days after.
        assert_eq!(
            c.iter().map(|(day, _)| *day).collect::<Vec<_>>(),
            vec![d("2026-01-01"), d("2026-01-31"), d("2026-03-02")]
        );
        assert_eq!(values[0], 0.0);
        assert_eq!(values[1], round6((-21.0f64 / 30.0).exp2()));
        assert_eq!(values[2], round6((-51.0f64 / 30.0).exp2()));
    }

    #[test]
    fn no_touches_is_new() {
        let r = read(None, d("2026-01-01"), 90.0);
        assert_eq!((r.warmth, r.status, r.strength, r.tie, r.lost), (0.0, Status::New, 0.0, Tie::Weak, false));
        assert_eq!(Warmth::from_touches([], 90.0), None);
    }
}
