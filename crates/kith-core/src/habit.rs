//! What the goals measure, read from history: the dated amounts of each [`Measure`], the days a
//! touch revived a lost relationship (reconnections), and a goal's progress this period with its streaks.
//!
//! The store hands over day-level aggregates ([`Activity`]); everything that decides what counts is
//! here, so the CLI, the web app and both backends agree.

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::{
    Circle, InteractionKind, Warmth,
    circle::half_life_days,
    goal::{Goal, Measure, Period, PeriodTotal, Streaks, streaks, totals_with},
};

/// How far back streaks are counted: the best streak is the best within this many days.
pub const HISTORY_DAYS: i64 = 3 * 366;

/// Interactions of one kind on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindDay {
    pub on: NaiveDate,
    pub kind: InteractionKind,
    /// Interactions logged.
    pub interactions: u64,
    /// Touches: each person in each interaction.
    pub touches: u64,
    /// Minutes recorded on them.
    pub minutes: u64,
}

/// Recorded events (`kith event add`) on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDay {
    pub on: NaiveDate,
    /// Events attended.
    pub events: u64,
    /// Touches: each person met or seen at them.
    pub touches: u64,
    /// Minutes spent at them, each event once whoever was there.
    pub minutes: u64,
}

/// Everything the goals count, per day, over a span of history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// Interactions logged on their own; an event's interaction is counted with its event.
    pub interactions: Vec<KindDay>,
    /// Recorded events, which count as `event` interactions, their people as touches and their
    /// time once.
    #[serde(default)]
    pub events: Vec<EventDay>,
    /// Contacts met on each day (their met-on date).
    pub new_people: Vec<(NaiveDate, u64)>,
    /// Touches that revived a lost relationship, per day (see [`reconnections`]).
    pub reconnections: Vec<(NaiveDate, u64)>,
}

impl Activity {
    /// The dated amounts a measure counts.
    pub fn amounts(&self, measure: &Measure) -> Vec<(NaiveDate, u64)> {
        let events = |f: fn(&EventDay) -> u64| self.events.iter().map(move |e| (e.on, f(e)));
        match measure {
            Measure::Interactions(kinds) => {
                let logged =
                    self.interactions.iter().filter(|d| kinds.contains(&d.kind)).map(|d| (d.on, d.interactions));
                if kinds.contains(&InteractionKind::Event) {
                    logged.chain(events(|e| e.events)).collect()
                } else {
                    logged.collect()
                }
            }
            Measure::Touches => {
                self.interactions.iter().map(|d| (d.on, d.touches)).chain(events(|e| e.touches)).collect()
            }
            Measure::NewPeople => self.new_people.clone(),
            Measure::Reconnections => self.reconnections.clone(),
            // Events attended: recorded events, and `event` interactions logged without an event
            // (before events were recorded, or with `kith log --kind event`).
            Measure::Events => self
                .interactions
                .iter()
                .filter(|d| d.kind == InteractionKind::Event)
                .map(|d| (d.on, d.interactions))
                .chain(events(|e| e.events))
                .collect(),
            Measure::Minutes => {
                self.interactions.iter().map(|d| (d.on, d.minutes)).chain(events(|e| e.minutes)).collect()
            }
        }
    }
}

/// One contact's touches, oldest first, with what sets its cadence.
#[derive(Debug, Clone, PartialEq)]
pub struct TouchHistory {
    pub circle: Circle,
    pub custom_cadence_days: Option<u32>,
    /// (day, weight), oldest first.
    pub touches: Vec<(NaiveDate, f64)>,
}

/// The days on which a touch revived one contact: the warmth of their earlier touches said they
/// were lost (cold for more than eight cadences) on that day. `touches` are (day, weight), oldest
/// first; several touches on one day count once. This is the one definition of a reconnection: the
/// store keeps these days per contact, recomputed with its warmth, so the goals never replay
/// history, and [`reconnections`] counts them over many histories.
pub fn revival_days(circle: Circle, custom_cadence_days: Option<u32>, touches: &[(NaiveDate, f64)]) -> Vec<NaiveDate> {
    let half_life = half_life_days(circle, custom_cadence_days);
    let mut days: Vec<NaiveDate> = Vec::new();
    let mut warmth: Option<Warmth> = None;
    for &(on, weight) in touches {
        // An earlier touch on the same day leaves the contact warm (lost only after its latest
        // touch), so a day is decided by the days before it, whatever the order within the day.
        if let Some(w) = warmth
            && on >= w.lost_on(half_life)
            && days.last() != Some(&on)
        {
            days.push(on);
        }
        warmth = Some(Warmth::add(warmth, on, weight, half_life));
    }
    days
}

/// Reconnections per day, oldest first, from the days on which each contact was revived.
pub fn per_day(days: impl IntoIterator<Item = NaiveDate>) -> Vec<(NaiveDate, u64)> {
    let mut days: Vec<NaiveDate> = days.into_iter().collect();
    days.sort_unstable();
    let mut out: Vec<(NaiveDate, u64)> = Vec::new();
    for d in days {
        match out.last_mut() {
            Some((day, n)) if *day == d => *n += 1,
            _ => out.push((d, 1)),
        }
    }
    out
}

/// The days from `from` to `to` on which a touch reached someone who had lost touch (see
/// [`revival_days`]), with how many people each day.
pub fn reconnections(histories: &[TouchHistory], from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, u64)> {
    per_day(histories.iter().flat_map(|h| {
        revival_days(h.circle, h.custom_cadence_days, &h.touches).into_iter().filter(|d| *d >= from && *d <= to)
    }))
}

/// A goal measured against history on `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The first day of the period holding today.
    pub period_start: NaiveDate,
    /// The last day of that period.
    pub period_end: NaiveDate,
    /// How much happened in it so far.
    pub done: u64,
    pub met: bool,
    pub streaks: Streaks,
    /// The totals of the latest periods, oldest first, today's last (at most `recent`).
    pub recent: Vec<PeriodTotal>,
}

/// The first day of history streaks look at on `today`.
pub fn history_start(today: NaiveDate) -> NaiveDate {
    today - chrono::Duration::days(HISTORY_DAYS)
}

/// `goal`'s progress on `today` from `activity` (which covers [`history_start`] to `today`),
/// with the totals of the `recent` latest periods; weeks start on `first` (Monday: ISO weeks).
pub fn progress(goal: &Goal, activity: &Activity, today: NaiveDate, recent: usize, first: Weekday) -> Progress {
    let amounts = activity.amounts(&goal.measure);
    // Streaks begin with the first period that has anything in it: empty years before the user
    // started do not count against them, and a period cut by the history window is left out.
    let period = goal.period;
    let begin = amounts.iter().map(|a| a.0).filter(|d| *d >= history_start(today)).min().unwrap_or(today);
    let begin = begin.max(period.next(period.start_with(history_start(today), first)));
    let all = totals_with(period, first, &amounts, begin, today);
    let target = u64::from(goal.target);
    let current = all.last().copied().unwrap_or(PeriodTotal { start: period.start_with(today, first), total: 0 });
    let period_end = goal.period.next(current.start) - chrono::Duration::days(1);
    Progress {
        period_start: current.start,
        period_end,
        done: current.total,
        met: current.total >= target,
        streaks: streaks(&all, target),
        recent: all[all.len().saturating_sub(recent)..].to_vec(),
    }
}

/// The period of `goal` that holds `today`, as text: "week of 2026-11-23", "November 2026".
pub fn period_label(period: Period, start: NaiveDate) -> String {
    match period {
        Period::Week => format!("week of {start}"),
        Period::Month => start.format("%B %Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn day(on: &str, kind: InteractionKind, n: u64, people: u64, minutes: u64) -> KindDay {
        KindDay { on: d(on), kind, interactions: n, touches: people, minutes }
    }

    #[test]
    fn measures_pick_their_amounts() {
        use InteractionKind::*;
        let a = Activity {
            interactions: vec![
                day("2026-11-02", Lunch, 1, 3, 60),
                day("2026-11-03", Email, 2, 2, 0),
                day("2026-11-04", Event, 1, 2, 90),
            ],
            new_people: vec![(d("2026-11-04"), 2)],
            reconnections: vec![],
            events: vec![],
        };
        let sum = |m: Measure| a.amounts(&m).iter().map(|x| x.1).sum::<u64>();
        assert_eq!(sum(Measure::Interactions(vec![Lunch, Coffee])), 1);
        assert_eq!(sum(Measure::Touches), 7);
        assert_eq!(sum(Measure::Minutes), 150);
        assert_eq!(sum(Measure::Events), 1);
        assert_eq!(sum(Measure::NewPeople), 2);
    }

    #[test]
    fn recorded_events_count_once_with_their_people_and_time() {
        use InteractionKind::*;
        let a = Activity {
            interactions: vec![day("2026-11-02", Lunch, 1, 1, 60), day("2026-11-03", Event, 1, 2, 30)],
            events: vec![
                EventDay { on: d("2026-11-05"), events: 2, touches: 5, minutes: 120 },
                EventDay { on: d("2026-11-06"), events: 1, touches: 0, minutes: 0 },
            ],
            ..Activity::default()
        };
        let sum = |m: Measure| a.amounts(&m).iter().map(|x| x.1).sum::<u64>();
        assert_eq!(sum(Measure::Events), 4, "a plain event interaction and three recorded events");
        assert_eq!(sum(Measure::Minutes), 210, "each event's time once, not once per person");
        assert_eq!(sum(Measure::Touches), 8);
        assert_eq!(sum(Measure::Interactions(vec![Event])), 4);
        assert_eq!(sum(Measure::Interactions(vec![Lunch])), 1);
    }

    #[test]
    fn a_touch_after_losing_touch_is_a_reconnection() {
        // Inner circle: lost after 141 days with one touch (see warmth.rs).
        let h = TouchHistory {
            circle: Circle::Inner,
            custom_cadence_days: None,
            touches: vec![
                (d("2026-01-01"), 1.0),
                (d("2026-02-01"), 1.0),
                (d("2026-11-01"), 1.0),
                (d("2026-11-01"), 1.0),
                (d("2026-11-05"), 1.0),
            ],
        };
        assert_eq!(
            reconnections(std::slice::from_ref(&h), d("2026-01-01"), d("2026-12-31")),
            vec![(d("2026-11-01"), 1)]
        );
        // Outside the span: not counted.
        assert!(reconnections(&[h], d("2026-11-02"), d("2026-12-31")).is_empty());
    }

    #[test]
    fn revival_days_follow_the_circle_and_ignore_order_within_a_day() {
        let touches = [(d("2025-01-01"), 1.0), (d("2025-09-01"), 0.5), (d("2025-09-01"), 1.0), (d("2026-06-01"), 1.0)];
        // Inner circle (lost after 141 days with one touch): revived twice.
        assert_eq!(revival_days(Circle::Inner, None, &touches), vec![d("2025-09-01"), d("2026-06-01")]);
        // The same day's touches in the other order: the same days.
        let swapped = [touches[0], touches[2], touches[1], touches[3]];
        assert_eq!(revival_days(Circle::Inner, None, &swapped), revival_days(Circle::Inner, None, &touches));
        // Active circle (a 90-day cadence): never lost within these eighteen months.
        assert!(revival_days(Circle::Active, None, &touches).is_empty());
        // A custom cadence overrides the circle's.
        assert_eq!(revival_days(Circle::Active, Some(14), &touches).len(), 2);
        assert!(revival_days(Circle::Inner, None, &[]).is_empty());
        assert_eq!(
            per_day([d("2026-06-01"), d("2025-09-01"), d("2026-06-01")]),
            vec![(d("2025-09-01"), 1), (d("2026-06-01"), 2)]
        );
    }

    #[test]
    fn progress_counts_this_period_and_back_dated_history() {
        use InteractionKind::*;
        let goal = Goal { measure: Measure::Interactions(vec![Lunch, Coffee]), period: Period::Week, target: 1 };
        let a = Activity {
            interactions: vec![
                day("2026-11-03", Coffee, 1, 1, 0),
                day("2026-11-10", Lunch, 1, 1, 0),
                day("2026-11-17", Lunch, 1, 1, 0),
            ],
            ..Activity::default()
        };
        // Monday 2026-11-23: nothing yet this week, the run of three still stands.
        let p = progress(&goal, &a, d("2026-11-23"), 4, Weekday::Mon);
        assert_eq!((p.period_start, p.period_end, p.done, p.met), (d("2026-11-23"), d("2026-11-29"), 0, false));
        assert_eq!(p.streaks, Streaks { current: 3, best: 3 });
        assert_eq!(p.recent.len(), 4);
        let month = Goal { measure: Measure::Touches, period: Period::Month, target: 2 };
        let p = progress(&month, &a, d("2026-11-23"), 12, Weekday::Mon);
        assert_eq!((p.done, p.met, p.streaks.current), (3, true, 1));
        assert_eq!(period_label(Period::Month, p.period_start), "November 2026");
    }

    #[test]
    fn no_history_means_no_streak() {
        let goal = Goal { measure: Measure::Minutes, period: Period::Week, target: 60 };
        let p = progress(&goal, &Activity::default(), d("2026-11-25"), 8, Weekday::Mon);
        assert_eq!((p.done, p.met, p.streaks), (0, false, Streaks::default()));
        assert_eq!(p.recent.len(), 1);
    }

    #[test]
    fn weeks_can_start_on_sunday() {
        let goal = Goal { measure: Measure::Touches, period: Period::Week, target: 1 };
        // A touch on Sunday 2026-11-22: the end of an ISO week, the start of a Sunday week.
        let a =
            Activity { interactions: vec![day("2026-11-22", InteractionKind::Call, 1, 1, 0)], ..Activity::default() };
        let iso = progress(&goal, &a, d("2026-11-24"), 4, Weekday::Mon);
        assert_eq!((iso.period_start, iso.period_end, iso.done), (d("2026-11-23"), d("2026-11-29"), 0));
        let sunday = progress(&goal, &a, d("2026-11-24"), 4, Weekday::Sun);
        assert_eq!((sunday.period_start, sunday.period_end, sunday.done), (d("2026-11-22"), d("2026-11-28"), 1));
        assert_eq!(sunday.streaks, Streaks { current: 1, best: 1 });
    }
}
