//! The warmth model.
//!
//! Warmth of a contact at day `t`, with half-life `h` and interactions of weight `w_i` on days `t_i`:
//!
//! ```text
//! W(t) = min(1, Σ_i w_i · 2^(−(t − t_i)/h))
//! ```
//!
//! Because every term decays at the same rate, the whole history folds into two numbers: the day of
//! the latest touch `a` and the *mass* `m = Σ w_i · 2^(−(a − t_i)/h)` at that day. Then
//! `W(t) = min(1, m · 2^(−(t − a)/h))` and warmth reaches 0.5 at `t_due = a + h · log2(2m)`.
//! This is the spec's `h · log2(2S)` with `S = Σ w_i 2^(t_i/h)`, rewritten relative to the latest
//! touch: `S` itself overflows an f64 for day numbers of today's dates with short half-lives
//! (2^(20000/14)), while `m` stays between the smallest weight and the number of touches.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::date::{day_number, from_day_number};

/// Warmth at or above this is warm, and reaching it makes a contact due.
pub const WARM: f64 = 0.5;
/// Warmth below this is cold.
pub const COLD: f64 = 0.25;
/// A contact cold for more than this many cadences has lost touch and moves to the reconnect pool.
pub const LOST_AFTER_CADENCES: f64 = 8.0;
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

/// The folded history of a contact: enough to answer every warmth question without the history.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Warmth {
    /// Day of the latest interaction.
    pub last_touch: NaiveDate,
    /// Σ w_i · 2^(−(last_touch − t_i)/h): the warmth (uncapped) on the day of the latest touch.
    pub mass: f64,
}

impl Warmth {
    /// Folds `(date, weight)` touches, in any order, with half-life `h` days. `None` without touches.
    pub fn from_touches(touches: impl IntoIterator<Item = (NaiveDate, f64)>, h: f64) -> Option<Warmth> {
        touches.into_iter().fold(None, |acc, (on, w)| Some(Warmth::add(acc, on, w, h)))
    }

    /// The summary after one more touch of weight `w` on `on`.
    pub fn add(prev: Option<Warmth>, on: NaiveDate, w: f64, h: f64) -> Warmth {
        match prev {
            None => Warmth { last_touch: on, mass: w },
            Some(p) if on >= p.last_touch => {
                let gap = (day_number(on) - day_number(p.last_touch)) as f64;
                Warmth { last_touch: on, mass: p.mass * decay(gap, h) + w }
            }
            Some(p) => {
                let gap = (day_number(p.last_touch) - day_number(on)) as f64;
                Warmth { last_touch: p.last_touch, mass: p.mass + w * decay(gap, h) }
            }
        }
    }

    /// W(today), capped at 1. Before the latest touch the value is that of the latest touch.
    pub fn at(&self, today: NaiveDate, h: f64) -> f64 {
        let elapsed = (day_number(today) - day_number(self.last_touch)).max(0) as f64;
        (self.mass * decay(elapsed, h)).min(1.0)
    }

    /// The status on `today`: warm until the due moment, cooling for one half-life after it (warmth
    /// halves from 0.5 to 0.25), then cold. Decided from the due moment rather than the rounded
    /// warmth, so the store can filter by status with the same arithmetic in SQL on its `due_at`
    /// column (`due_at − today ≥ 0`, `≥ −h`). Before the latest touch (a `--today` in the past)
    /// nothing has decayed yet and the mass alone decides.
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

    /// The real day number at which warmth falls to 0.5: `a + h·log2(2m)`. May lie before the latest
    /// touch when that touch was too weak to make the contact warm. Always finite: touches that weigh
    /// nothing (a weight configured to 0) count as the smallest mass, not as minus infinity.
    pub fn due_at(&self, h: f64) -> f64 {
        day_number(self.last_touch) as f64 + h * (2.0 * self.mass).max(f64::MIN_POSITIVE).log2()
    }

    /// The first day, on or after the latest touch, on which warmth is at or below 0.5.
    pub fn due_on(&self, h: f64) -> NaiveDate {
        let last = day_number(self.last_touch);
        let day = (self.due_at(h) - EPSILON_DAYS).ceil();
        from_day_number(clamp_day(day).max(last))
    }

    /// The first day on which the contact counts as lost: cold for more than 8 cadences.
    pub fn lost_on(&self, h: f64) -> NaiveDate {
        let last = day_number(self.last_touch) as f64;
        let cold_from = (self.due_at(h) + h).max(last);
        from_day_number(clamp_day((cold_from + LOST_AFTER_CADENCES * h + EPSILON_DAYS).floor()) + 1)
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

/// Warmth, status and due date of one contact on `today`, from its folded history.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub warmth: f64,
    pub status: Status,
}

/// Reads warmth and status; a contact without touches is `new` with warmth 0.
pub fn read(summary: Option<&Warmth>, today: NaiveDate, h: f64) -> Reading {
    match summary {
        None => Reading { warmth: 0.0, status: Status::New },
        Some(s) => {
            let warmth = round6(s.at(today, h));
            Reading { warmth, status: s.status(today, h) }
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

    #[test]
    fn a_lunch_one_half_life_ago_is_exactly_half_warm_and_due_today() {
        let today = d("2026-11-22");
        let lunch = today - chrono::Duration::days(90);
        let w = Warmth::from_touches([(lunch, 1.0)], 90.0).unwrap();
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
        assert_eq!(w.due_on(90.0), on);
        assert!(w.lost_on(90.0) > on);
    }

    #[test]
    fn warmth_is_capped_at_one() {
        let on = d("2026-11-01");
        let w = Warmth::from_touches([(on, 1.0), (on, 1.0), (on, 1.0)], 14.0).unwrap();
        assert_eq!(w.at(on, 14.0), 1.0);
        // Three lunches keep someone warm for log2(6) half-lives.
        assert_eq!(w.due_on(14.0), on + chrono::Duration::days((14.0 * 6f64.log2()).ceil() as i64));
    }

    #[test]
    fn lost_after_eight_cadences_of_cold() {
        let on = d("2020-01-01");
        let w = Warmth::from_touches([(on, 1.0)], 14.0).unwrap();
        // Warm until day 14, cooling until day 28, cold from then; lost after 28 + 8·14 = 140 days.
        assert_eq!(w.lost_on(14.0), on + chrono::Duration::days(141));
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
        assert_eq!(read(None, d("2026-01-01"), 90.0), Reading { warmth: 0.0, status: Status::New });
        assert_eq!(Warmth::from_touches([], 90.0), None);
    }
}
