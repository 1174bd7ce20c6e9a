//! DATE, DATE-TIME and DURATION values (RFC 5545 §3.3).
//!
//! A start keeps the zone it was written in, and its calendar date is the date *as written in that
//! zone*: a 09:00 meeting in Tokyo on 3 March counts for 3 March, although it was 2 March in UTC.
//! That is the day the user lived it, and it needs no time-zone database.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// How a DATE-TIME is anchored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Zone {
    /// No zone: the same wall-clock time wherever the user is.
    Floating,
    /// `Z`.
    Utc,
    /// `TZID=…`, as named in the file.
    Named(String),
}

/// A DATE (all day) or a DATE-TIME in its zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Moment {
    pub date: NaiveDate,
    /// `None` for a DATE.
    pub time: Option<NaiveTime>,
    pub zone: Zone,
}

impl Moment {
    /// Parses `20260302` or `20260302T100000[Z]`; `tzid` is the property's TZID parameter.
    pub fn parse(value: &str, tzid: Option<&str>) -> Option<Moment> {
        let value = value.trim();
        let date = NaiveDate::parse_from_str(value.get(..8)?, "%Y%m%d").ok()?;
        let rest = &value[8..];
        if rest.is_empty() {
            return Some(Moment { date, time: None, zone: Zone::Floating });
        }
        let clock = rest.strip_prefix(['T', 't'])?;
        let (clock, utc) = match clock.strip_suffix(['Z', 'z']) {
            Some(c) => (c, true),
            None => (clock, false),
        };
        let time = NaiveTime::parse_from_str(clock, "%H%M%S").ok()?;
        let zone = match (utc, tzid) {
            (true, _) => Zone::Utc,
            (false, Some(tz)) => Zone::Named(tz.to_string()),
            (false, None) => Zone::Floating,
        };
        Some(Moment { date, time: Some(time), zone })
    }

    pub fn naive(&self) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or(NaiveTime::MIN))
    }

    /// The same wall-clock time and zone on another day (one occurrence of a recurring event).
    pub fn on(&self, date: NaiveDate) -> Moment {
        Moment { date, ..self.clone() }
    }

    /// As iCalendar writes it, without the zone name: `20260302` or `20260302T100000[Z]`.
    pub fn key(&self) -> String {
        match self.time {
            None => self.date.format("%Y%m%d").to_string(),
            Some(t) => {
                let z = if self.zone == Zone::Utc { "Z" } else { "" };
                format!("{}{}{z}", self.date.format("%Y%m%d"), t.format("T%H%M%S"))
            }
        }
    }
}

/// A DURATION (`P1W`, `PT1H30M`, `-P1DT2H`) in seconds.
pub(crate) fn parse_duration(value: &str) -> Option<i64> {
    let value = value.trim();
    let (sign, rest) = match value.as_bytes().first()? {
        b'-' => (-1, &value[1..]),
        b'+' => (1, &value[1..]),
        _ => (1, value),
    };
    let mut rest = rest.strip_prefix(['P', 'p'])?;
    let mut total = 0i64;
    let mut in_time = false;
    let mut any = false;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix(['T', 't']) {
            in_time = true;
            rest = after;
            continue;
        }
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        let n: i64 = rest[..digits].parse().ok()?;
        let unit = match (rest.as_bytes()[digits].to_ascii_uppercase(), in_time) {
            (b'W', false) => 7 * 86_400,
            (b'D', false) => 86_400,
            (b'H', true) => 3_600,
            (b'M', true) => 60,
            (b'S', true) => 1,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(unit)?)?;
        any = true;
        rest = &rest[digits + 1..];
    }
    any.then_some(sign * total)
}

/// The minutes between two starts written in the same way (both UTC, both floating, or the same
/// TZID); `None` otherwise, since comparing different zones needs their offsets.
pub(crate) fn minutes_between(start: &Moment, end: &Moment) -> Option<i64> {
    (start.time.is_some() && end.time.is_some() && start.zone == end.zone)
        .then(|| (end.naive() - start.naive()).num_minutes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_date_times_keep_their_zone() {
        let m = Moment::parse("20260302T090000", Some("Asia/Tokyo")).unwrap();
        assert_eq!(m.date.to_string(), "2026-03-02");
        assert_eq!(m.zone, Zone::Named("Asia/Tokyo".into()));
        assert_eq!(m.key(), "20260302T090000");
        assert_eq!(Moment::parse("20260302T090000Z", Some("Ignored/Zone")).unwrap().key(), "20260302T090000Z");
        assert_eq!(Moment::parse("20260302", None).unwrap().time, None);
        for bad in ["2026-03-02", "20261302", "20260302T25", "20260302T090000+01", ""] {
            assert_eq!(Moment::parse(bad, None), None, "{bad}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("PT1H30M"), Some(5400));
        assert_eq!(parse_duration("P1W"), Some(604_800));
        assert_eq!(parse_duration("-P1DT2H"), Some(-93_600));
        assert_eq!(parse_duration("P"), None);
        assert_eq!(parse_duration("PT1D"), None);
        assert_eq!(parse_duration("1H"), None);
    }
}
