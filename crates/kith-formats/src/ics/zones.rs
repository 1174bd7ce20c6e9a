//! Time zones, as far as kith needs them: the VTIMEZONE definitions of the file itself.
//!
//! Starts keep their own zone (see [`super::value`]), so offsets matter only when two values
//! written in different zones must be compared: a UTC `UNTIL` against starts in `Europe/Berlin`, or
//! an `EXDATE` in UTC against a zoned series. Each VTIMEZONE's STANDARD and DAYLIGHT onsets are
//! expanded once (with the same recurrence rules as events) into a list of UTC transitions. A zone
//! the file does not define is compared by calendar date, which is right for the daily-or-slower
//! rules meetings use. Floating times are the same wall-clock time in any zone.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::{
    content_line::ContentLine,
    rrule::Rule,
    value::{Moment, Zone},
};

#[derive(Debug, Default)]
pub(crate) struct Zones {
    zones: HashMap<String, Transitions>,
}

/// A zone's offsets over time (seconds east of UTC).
#[derive(Debug)]
struct Transitions {
    /// The offset before the first transition.
    before: i64,
    /// From each UTC instant on, the offset; sorted.
    changes: Vec<(NaiveDateTime, i64)>,
}

impl Zones {
    /// Adds a VTIMEZONE from its STANDARD and DAYLIGHT parts (their properties each).
    pub fn add(&mut self, tzid: &str, observances: &[Vec<ContentLine>]) {
        let horizon = NaiveDate::from_ymd_opt(2200, 1, 1).unwrap_or(NaiveDate::MAX);
        let mut changes = Vec::new();
        for props in observances {
            let get = |name: &str| props.iter().find(|p| p.name == name).map(|p| p.value.as_str());
            let (Some(onset), Some(from), Some(to)) = (
                get("DTSTART").and_then(|v| Moment::parse(v, None)),
                get("TZOFFSETFROM").and_then(parse_offset),
                get("TZOFFSETTO").and_then(parse_offset),
            ) else {
                continue;
            };
            let mut onsets = vec![onset.naive()];
            // Clock changes recur yearly; any other rule here is not a real zone, and is not expanded.
            if let Some(rule) = get("RRULE").and_then(|r| Rule::parse(r).ok()).filter(Rule::is_yearly) {
                let until = rule.until.as_ref().map(Moment::naive);
                let dates = rule.dates(onset.date, horizon).into_iter().map(|d| onset.on(d).naive());
                // UNTIL in a VTIMEZONE is UTC; the onset is local time at the `from` offset.
                onsets = dates.filter(|t| until.is_none_or(|u| *t - Duration::seconds(from) <= u)).collect();
            }
            let rdates = props.iter().filter(|p| p.name == "RDATE").flat_map(|p| p.value.split(','));
            onsets.extend(rdates.filter_map(|v| Moment::parse(v, None)).map(|m| m.naive()));
            changes.extend(onsets.into_iter().map(|t| (t - Duration::seconds(from), to, from)));
        }
        changes.sort();
        let Some(&(_, _, before)) = changes.first() else { return };
        let changes = changes.into_iter().map(|(at, to, _)| (at, to)).collect();
        self.zones.insert(tzid.to_string(), Transitions { before, changes });
    }

    /// Whether `a` and `b` name the same occurrence start.
    pub fn same_start(&self, a: &Moment, b: &Moment) -> bool {
        match self.comparable(a, b) {
            Some((ta, tb)) => ta == tb,
            None => a.date == b.date,
        }
    }

    /// Whether `at` is not after `until` (an UNTIL includes its own instant).
    pub fn not_after(&self, at: &Moment, until: &Moment) -> bool {
        match self.comparable(at, until) {
            Some((ta, tu)) => ta <= tu,
            None => at.date <= until.date,
        }
    }

    /// Both moments on one clock, or `None` when only their dates can be compared (one of them is
    /// all-day, or in a zone the file does not define).
    fn comparable(&self, a: &Moment, b: &Moment) -> Option<(NaiveDateTime, NaiveDateTime)> {
        a.time?;
        b.time?;
        if a.zone == b.zone || a.zone == Zone::Floating || b.zone == Zone::Floating {
            return Some((a.naive(), b.naive()));
        }
        Some((self.to_utc(a)?, self.to_utc(b)?))
    }

    fn to_utc(&self, m: &Moment) -> Option<NaiveDateTime> {
        match &m.zone {
            Zone::Utc | Zone::Floating => Some(m.naive()),
            Zone::Named(tzid) => {
                let zone = self.zones.get(tzid)?;
                // The offset in force at a local time: guess with the offset at that clock reading
                // taken as UTC, then correct once (exact except in the hour a clock change skips).
                let local = m.naive();
                let guess = local - Duration::seconds(zone.offset_at(local));
                Some(local - Duration::seconds(zone.offset_at(guess)))
            }
        }
    }
}

impl Transitions {
    fn offset_at(&self, utc: NaiveDateTime) -> i64 {
        match self.changes.partition_point(|(at, _)| *at <= utc) {
            0 => self.before,
            n => self.changes[n - 1].1,
        }
    }
}

/// A UTC offset as VTIMEZONE writes it: `+0100`, `-0530`, `+013045`.
fn parse_offset(value: &str) -> Option<i64> {
    let value = value.trim();
    let (sign, digits) = match value.as_bytes().first()? {
        b'+' => (1, &value[1..]),
        b'-' => (-1, &value[1..]),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r).map_or(0, |s| s.parse::<i64>().unwrap_or(0));
    // RFC 5545 offsets are under a day (hours 00-23, minutes and seconds 00-59): occurrence
    // matching relies on it (see `touches::MomentSet`).
    if n(0..2) > 23 || n(2..4) > 59 || n(4..6) > 59 {
        return None;
    }
    Some(sign * (n(0..2) * 3600 + n(2..4) * 60 + n(4..6)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ics::content_line;

    fn m(value: &str, tzid: Option<&str>) -> Moment {
        Moment::parse(value, tzid).unwrap()
    }

    fn berlin() -> Zones {
        let part = |lines: &[&str]| -> Vec<ContentLine> {
            lines.iter().enumerate().filter_map(|(i, l)| content_line::parse(i + 1, l)).collect()
        };
        let mut zones = Zones::default();
        zones.add(
            "Europe/Berlin",
            &[
                part(&[
                    "DTSTART:19700329T020000",
                    "TZOFFSETFROM:+0100",
                    "TZOFFSETTO:+0200",
                    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                ]),
                part(&[
                    "DTSTART:19701025T030000",
                    "TZOFFSETFROM:+0200",
                    "TZOFFSETTO:+0100",
                    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                ]),
            ],
        );
        zones
    }

    #[test]
    fn utc_values_meet_zoned_starts_at_the_offset_in_force() {
        let zones = berlin();
        let winter = m("20260302T100000", Some("Europe/Berlin"));
        assert!(zones.same_start(&winter, &m("20260302T090000Z", None)));
        assert!(!zones.same_start(&winter, &m("20260302T080000Z", None)));
        let summer = m("20260601T100000", Some("Europe/Berlin"));
        assert!(zones.same_start(&summer, &m("20260601T080000Z", None)));
        // An UNTIL one second before an occurrence ends the series before it, one at it keeps it.
        assert!(!zones.not_after(&winter, &m("20260302T085959Z", None)));
        assert!(zones.not_after(&winter, &m("20260302T090000Z", None)));
        // The clocks changed on 2026-03-29 at 01:00 UTC.
        assert!(zones.same_start(&m("20260329T030000", Some("Europe/Berlin")), &m("20260329T010000Z", None)));
        assert!(zones.same_start(&m("20260329T013000", Some("Europe/Berlin")), &m("20260329T003000Z", None)));
    }

    #[test]
    fn undefined_zones_and_all_day_values_compare_by_date() {
        let zones = Zones::default();
        assert!(zones.same_start(&m("20260302T100000", Some("Mars/Olympus")), &m("20260302T230000Z", None)));
        assert!(zones.same_start(&m("20260302", None), &m("20260302T100000", Some("Europe/Berlin"))));
        assert!(!zones.not_after(&m("20260302T100000", None), &m("20260302T090000", None)));
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+0100"), Some(3600));
        assert_eq!(parse_offset("-0530"), Some(-19_800));
        assert_eq!(parse_offset("+013045"), Some(5445));
        assert_eq!(parse_offset("0100"), None);
    }
}
