//! Calendar dates as kith uses them: plain dates the user typed, day arithmetic for the warmth model,
//! and the short durations of the CLI (`3d`, `2w`, `6m`, `1y`).

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::ValidationError;

/// The day number of a date: days since 1970-01-01. Warmth arithmetic is done on these.
pub fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - 719_163
}

/// The date of a day number (inverse of [`day_number`]); saturates at chrono's range.
pub fn from_day_number(day: i64) -> NaiveDate {
    let ce = (day + 719_163).clamp(1, i64::from(NaiveDate::MAX.num_days_from_ce()));
    NaiveDate::from_num_days_from_ce_opt(ce as i32).unwrap_or(NaiveDate::MAX)
}

/// Parses a `YYYY-MM-DD` date typed for `field`.
pub fn parse_date(field: &str, value: &str) -> Result<NaiveDate, ValidationError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| ValidationError::new(field, value, "not a date; write it as YYYY-MM-DD, e.g. 2026-03-04"))
}

/// A span of time written as a count and a unit: `3d`, `2w`, `6m`, `1y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Days(u32),
    Weeks(u32),
    Months(u32),
    Years(u32),
}

impl Span {
    /// Parses a span typed for `field`.
    pub fn parse(field: &str, value: &str) -> Result<Span, ValidationError> {
        let bad = || ValidationError::new(field, value, "not a duration; write a count and a unit: 3d, 2w, 6m or 1y");
        let v = value.trim();
        let unit = v.chars().last().ok_or_else(bad)?;
        let count: u32 = v[..v.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
        if count == 0 || count > 100 * 366 {
            return Err(ValidationError::new(field, value, "a duration must be at least 1 and at most 100 years"));
        }
        match unit.to_ascii_lowercase() {
            'd' => Ok(Span::Days(count)),
            'w' => Ok(Span::Weeks(count)),
            'm' => Ok(Span::Months(count)),
            'y' => Ok(Span::Years(count)),
            _ => Err(bad()),
        }
    }

    /// The date this span after `from` (months and years are calendar months, clamped to month end).
    pub fn after(self, from: NaiveDate) -> NaiveDate {
        let out = match self {
            Span::Days(n) => from.checked_add_days(Days::new(n.into())),
            Span::Weeks(n) => from.checked_add_days(Days::new(u64::from(n) * 7)),
            Span::Months(n) => from.checked_add_months(Months::new(n)),
            Span::Years(n) => n.checked_mul(12).and_then(|m| from.checked_add_months(Months::new(m))),
        };
        out.unwrap_or(NaiveDate::MAX)
    }
}

/// The Monday that starts the ISO week holding `date`.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn day_numbers_start_at_the_unix_epoch() {
        assert_eq!(day_number(d("1970-01-01")), 0);
        assert_eq!(day_number(d("1970-01-02")), 1);
        assert_eq!(from_day_number(day_number(d("2026-11-22"))), d("2026-11-22"));
    }

    #[test]
    fn spans_parse_and_apply() {
        let from = d("2026-01-31");
        assert_eq!(Span::parse("in", "3d").unwrap().after(from), d("2026-02-03"));
        assert_eq!(Span::parse("in", "2w").unwrap().after(from), d("2026-02-14"));
        assert_eq!(Span::parse("in", "1m").unwrap().after(from), d("2026-02-28"));
        assert_eq!(Span::parse("in", "6m").unwrap().after(from), d("2026-07-31"));
        assert_eq!(Span::parse("in", "1y").unwrap().after(from), d("2027-01-31"));
        for bad in ["", "d", "3", "3x", "-3d", "0d", "3.5d"] {
            let err = Span::parse("in", bad).unwrap_err();
            assert_eq!(err.field, "in");
            assert_eq!(err.value, bad);
        }
    }

    #[test]
    fn bad_dates_name_the_field() {
        let err = parse_date("on", "2026-02-30").unwrap_err();
        assert_eq!((err.field.as_str(), err.value.as_str()), ("on", "2026-02-30"));
        assert_eq!(week_start(d("2026-11-22")), d("2026-11-16"));
    }
}
