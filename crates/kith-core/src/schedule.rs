//! When the weekly digest is due: a weekday and a time of day (the server's local time), and the
//! one decision a scheduler makes each tick — which ISO week, if any, to send now.
//!
//! A slot missed while no server ran is caught up as soon as one runs again, but only within the
//! same ISO week (Monday to Sunday): a digest is about its week, so one that was never sent while
//! its week lasted is skipped, not sent late.
//!
//! A send that failed (the mail server down, a password changed) is retried with a back-off
//! ([`Retry`]): five minutes, then ten, twenty, forty, then every hour, so a server left running
//! with a broken mail setting does not knock on the mail server every minute all week.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// An ISO 8601 week: the year it belongs to (which differs from the calendar year around New
/// Year) and its number, 1 to 53. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

impl IsoWeek {
    /// The ISO week holding a day.
    pub fn of(day: NaiveDate) -> IsoWeek {
        let w = day.iso_week();
        IsoWeek { year: w.year(), week: w.week() }
    }

    /// A day of this week.
    pub fn day(self, weekday: Weekday) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, weekday).expect("an IsoWeek is always a real week")
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

/// The weekly moment the digest goes out, in the server's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeeklySlot {
    pub weekday: Weekday,
    pub time: NaiveTime,
}

impl WeeklySlot {
    /// Reads `weekday` ("monday", "mon", any case) and `time` ("08:00", 24-hour) as the settings
    /// name them; errors name the setting and the value.
    pub fn parse(
        weekday_field: &str,
        weekday: &str,
        time_field: &str,
        time: &str,
    ) -> Result<WeeklySlot, ValidationError> {
        let day = weekday.trim().parse::<Weekday>().map_err(|_| {
            ValidationError::new(weekday_field, weekday, "not a weekday; write monday, tuesday, … or sunday")
        })?;
        let at = NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| {
            ValidationError::new(time_field, time, "not a time of day; write HH:MM, 24-hour, e.g. 08:00")
        })?;
        Ok(WeeklySlot { weekday: day, time: at })
    }

    /// This slot in the ISO week holding `day`.
    pub fn in_week_of(self, day: NaiveDate) -> NaiveDateTime {
        IsoWeek::of(day).day(self.weekday).and_time(self.time)
    }
}

/// The week to send a digest for at `now`, if any: the current ISO week once its slot has passed,
/// unless that week (or a later one, after a clock change) was already sent. Past weeks are never
/// returned.
pub fn week_to_send(now: NaiveDateTime, slot: WeeklySlot, last_sent: Option<IsoWeek>) -> Option<IsoWeek> {
    let week = IsoWeek::of(now.date());
    let passed = now >= slot.in_week_of(now.date());
    let sent = last_sent.is_some_and(|last| last >= week);
    (passed && !sent).then_some(week)
}

/// The wait after the first failed send of a week.
pub const FIRST_RETRY_MINUTES: i64 = 5;
/// The longest wait between two tries.
pub const MAX_RETRY_MINUTES: i64 = 60;

/// A week whose digest failed to go out, and when to try it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    pub week: IsoWeek,
    /// Failed sends of this week in a row.
    pub failures: u32,
    /// The earliest moment of the next try.
    pub at: NaiveDateTime,
}

impl Retry {
    /// The wait after `failures` failed sends in a row (at least one): five minutes, doubling,
    /// at most an hour.
    pub fn delay(failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(8);
        Duration::minutes((FIRST_RETRY_MINUTES << doublings).min(MAX_RETRY_MINUTES))
    }

    /// The back-off after a send of `week` failed at `now`. Failures count up while they are
    /// about the same week; a new week starts again from five minutes.
    pub fn after_failure(before: Option<Retry>, week: IsoWeek, now: NaiveDateTime) -> Retry {
        let failures = match before {
            Some(r) if r.week == week => r.failures.saturating_add(1),
            _ => 1,
        };
        Retry { week, failures, at: now + Retry::delay(failures) }
    }

    /// Whether this back-off holds back a try of `week` at `now`: only for its own week, and only
    /// until its moment.
    pub fn holds(&self, week: IsoWeek, now: NaiveDateTime) -> bool {
        self.week == week && now < self.at
    }
}

/// The week to try sending at `now`: [`week_to_send`], unless a back-off after failed sends of
/// that week is still running. A success forgets the back-off (the caller drops it); a new week
/// is never held back by the last one's failures.
pub fn week_to_try(
    now: NaiveDateTime,
    slot: WeeklySlot,
    last_sent: Option<IsoWeek>,
    retry: Option<&Retry>,
) -> Option<IsoWeek> {
    week_to_send(now, slot, last_sent).filter(|&week| !retry.is_some_and(|r| r.holds(week, now)))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn monday_eight() -> WeeklySlot {
        WeeklySlot::parse("weekday", "monday", "time", "08:00").unwrap()
    }

    #[test]
    fn sends_this_week_once_its_slot_has_passed() {
        // 2026-12-07 is a Monday, in ISO week 2026-W50.
        let w50 = IsoWeek { year: 2026, week: 50 };
        assert_eq!(week_to_send(at("2026-12-07 07:59"), monday_eight(), None), None);
        assert_eq!(week_to_send(at("2026-12-07 08:00"), monday_eight(), None), Some(w50));
        assert_eq!(week_to_send(at("2026-12-07 08:00"), monday_eight(), Some(w50)), None);
        let w49 = IsoWeek { year: 2026, week: 49 };
        assert_eq!(
            week_to_send(at("2026-12-09 13:00"), monday_eight(), Some(w49)),
            Some(w50),
            "caught up on Wednesday"
        );
        assert_eq!(week_to_send(at("2026-12-13 23:59"), monday_eight(), Some(w49)), Some(w50), "still on Sunday night");
    }

    #[test]
    fn a_missed_week_is_not_sent_after_it_ended() {
        // Down from Sunday of W49 to Monday of W50 before 08:00: W49 is not sent late, W50 waits.
        let w48 = IsoWeek { year: 2026, week: 48 };
        assert_eq!(week_to_send(at("2026-12-07 07:00"), monday_eight(), Some(w48)), None);
    }

    #[test]
    fn iso_weeks_cross_new_year() {
        // 2026-12-31 is a Thursday in 2026-W53; 2027-01-01 (Friday) belongs to it too.
        let slot = WeeklySlot::parse("weekday", "fri", "time", "09:30").unwrap();
        let w53 = IsoWeek { year: 2026, week: 53 };
        assert_eq!(week_to_send(at("2027-01-01 09:30"), slot, None), Some(w53));
        assert_eq!(week_to_send(at("2027-01-01 09:30"), slot, Some(w53)), None);
        // And 2027-01-04, a Monday, opens 2027-W01 whose Friday slot is still ahead.
        assert_eq!(week_to_send(at("2027-01-04 10:00"), slot, Some(w53)), None);
        assert_eq!(week_to_send(at("2027-01-08 10:00"), slot, Some(w53)), Some(IsoWeek { year: 2027, week: 1 }));
        assert_eq!(w53.to_string(), "2026-W53");
    }

    #[test]
    fn settings_errors_name_the_setting_and_value() {
        let e = WeeklySlot::parse("digest.weekday", "mondy", "digest.time", "08:00").unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("digest.weekday", "mondy"));
        let e = WeeklySlot::parse("digest.weekday", "Monday", "digest.time", "8am").unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("digest.time", "8am"));
        assert!(e.message.contains("HH:MM"));
    }

    fn any_slot() -> impl Strategy<Value = WeeklySlot> {
        (0u8..7, 0u32..24, 0u32..60).prop_map(|(d, h, m)| WeeklySlot {
            weekday: Weekday::try_from(d).unwrap(),
            time: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
        })
    }

    fn any_time() -> impl Strategy<Value = NaiveDateTime> {
        // Ten years of minutes from 2024, across many year ends with 52- and 53-week years.
        (0i64..10 * 366 * 24 * 60).prop_map(|m| at("2024-01-01 00:00") + Duration::minutes(m))
    }

    proptest! {
        /// Ticking every minute through a stretch of weeks sends each week exactly once, at its slot.
        #[test]
        fn ticking_sends_each_week_once_at_its_slot(slot in any_slot(), start in any_time(), weeks in 1i64..4) {
            let mut last = None;
            let mut sent = Vec::new();
            let mut now = start;
            while now < start + Duration::weeks(weeks) {
                if let Some(w) = week_to_send(now, slot, last) {
                    prop_assert_eq!(now, slot.in_week_of(now.date()).max(start), "sent at its slot, or at start-up");
                    sent.push(w);
                    last = Some(w);
                }
                now += Duration::minutes(1);
            }
            let mut distinct = sent.clone();
            distinct.dedup();
            prop_assert_eq!(&distinct, &sent);
            prop_assert!(sent.len() as i64 <= weeks + 1);
        }

        /// Whatever was sent before, the answer is the current week or nothing: never a past week.
        #[test]
        fn only_the_current_week_is_ever_sent(slot in any_slot(), now in any_time(), back in 0i64..200) {
            let last = Some(IsoWeek::of(now.date() - Duration::weeks(back)));
            if let Some(w) = week_to_send(now, slot, last) {
                prop_assert_eq!(w, IsoWeek::of(now.date()));
                prop_assert!(back > 0);
                prop_assert!(now >= slot.in_week_of(now.date()));
            }
        }

        #[test]
        fn the_slot_lies_in_the_same_iso_week(slot in any_slot(), now in any_time()) {
            let s = slot.in_week_of(now.date());
            prop_assert_eq!(IsoWeek::of(s.date()), IsoWeek::of(now.date()));
            prop_assert_eq!(s.weekday(), slot.weekday);
        }
    }

    #[test]
    fn a_failed_send_waits_five_minutes_doubling_up_to_an_hour() {
        let minutes: Vec<i64> = (1..=8).map(|n| Retry::delay(n).num_minutes()).collect();
        assert_eq!(minutes, [5, 10, 20, 40, 60, 60, 60, 60]);
        assert_eq!(Retry::delay(u32::MAX).num_minutes(), 60);
        let w50 = IsoWeek { year: 2026, week: 50 };
        let first = Retry::after_failure(None, w50, at("2026-12-07 08:00"));
        assert_eq!((first.failures, first.at), (1, at("2026-12-07 08:05")));
        let second = Retry::after_failure(Some(first), w50, at("2026-12-07 08:05"));
        assert_eq!((second.failures, second.at), (2, at("2026-12-07 08:15")));
        // Held back until its moment, then tried again.
        let slot = monday_eight();
        assert_eq!(week_to_try(at("2026-12-07 08:14"), slot, None, Some(&second)), None);
        assert_eq!(week_to_try(at("2026-12-07 08:15"), slot, None, Some(&second)), Some(w50));
        // A new week starts afresh: the last week's back-off neither holds it nor counts.
        let w51 = IsoWeek { year: 2026, week: 51 };
        let late = Retry { week: w50, failures: 9, at: at("2026-12-14 08:30") };
        assert_eq!(week_to_try(at("2026-12-14 08:00"), slot, Some(w50), Some(&late)), Some(w51));
        assert_eq!(Retry::after_failure(Some(late), w51, at("2026-12-14 08:00")).failures, 1);
    }

    proptest! {
        /// A scheduler ticking every minute against a mail server that fails at random: each week
        /// is sent at most once, every try after a failure waits its back-off exactly (5, 10, 20,
        /// 40, then 60 minutes), and a week whose sends keep failing is tried at most a few
        /// dozen times, not every minute.
        #[test]
        fn retries_back_off_and_never_send_twice(
            slot in any_slot(),
            start in any_time(),
            outcomes in proptest::collection::vec(any::<bool>(), 1..200),
        ) {
            let mut last_sent = None;
            let mut retry: Option<Retry> = None;
            let mut sent = Vec::new();
            let mut tries: Vec<(IsoWeek, NaiveDateTime)> = Vec::new();
            let mut outcome = outcomes.iter().cycle();
            let mut now = start;
            while now < start + Duration::weeks(2) {
                if let Some(week) = week_to_try(now, slot, last_sent, retry.as_ref()) {
                    if let Some(r) = retry.filter(|r| r.week == week) {
                        prop_assert_eq!(now, r.at, "tried exactly when its back-off ends");
                        let (_, before) = tries.last().copied().unwrap();
                        prop_assert_eq!(now - before, Retry::delay(r.failures));
                    }
                    tries.push((week, now));
                    if *outcome.next().unwrap() {
                        sent.push(week);
                        last_sent = Some(week);
                        retry = None;
                    } else {
                        retry = Some(Retry::after_failure(retry, week, now));
                    }
                }
                now += Duration::minutes(1);
            }
            let mut distinct = sent.clone();
            distinct.dedup();
            prop_assert_eq!(&distinct, &sent, "never sent twice for a week");
            for week in tries.iter().map(|t| t.0) {
                // A week holds at most 7 * 24 hourly tries after the first few.
                prop_assert!(tries.iter().filter(|t| t.0 == week).count() <= 7 * 24 + 5);
            }
        }
    }
}
