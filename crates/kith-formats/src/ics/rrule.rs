//! Recurrence rules (RFC 5545 §3.3.10): the subset calendar apps write for meetings.
//!
//! Supported: FREQ=DAILY, WEEKLY, MONTHLY or YEARLY; INTERVAL; COUNT; UNTIL; BYDAY (numbered, like
//! `2TU` or `-1FR`, in MONTHLY and YEARLY rules); BYMONTHDAY (negative counts from the month's end);
//! BYMONTH; BYSETPOS; WKST. Anything else (BYHOUR, BYWEEKNO, FREQ=HOURLY, …) is refused with the
//! part named, and the caller counts only the event's first occurrence.
//!
//! Expansion works on dates (an event keeps its time of day) and only up to a given day, so an
//! endless daily rule from 2015 costs a few thousand steps and never yields a future date.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::value::Moment;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// A parsed rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    freq: Freq,
    interval: u32,
    count: Option<u32>,
    pub until: Option<Moment>,
    /// Weekdays with their ordinal (0: every one of them in the period).
    by_day: Vec<(i32, Weekday)>,
    by_month_day: Vec<i32>,
    by_month: Vec<u32>,
    by_set_pos: Vec<i32>,
    week_start: Weekday,
}

/// Periods a rule with COUNT may be walked through before the window it is expanded in: a weekly
/// meeting of twenty years, a daily one of forty; a hostile rule from the year 1 is refused.
pub(crate) const MAX_PERIODS_BEFORE: u32 = 20_000;

/// A rule with COUNT that began too long before the window to count its spent occurrences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooFarBack {
    pub periods: u32,
}

/// Why a rule cannot be used: the rule part at fault and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RuleError {
    pub part: String,
    pub message: String,
}

impl Rule {
    pub fn is_yearly(&self) -> bool {
        self.freq == Freq::Yearly
    }

    pub fn parse(value: &str) -> Result<Rule, RuleError> {
        let mut freq = None;
        let mut rule = Rule {
            freq: Freq::Daily,
            interval: 1,
            count: None,
            until: None,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_month: Vec::new(),
            by_set_pos: Vec::new(),
            week_start: Weekday::Mon,
        };
        for part in value.trim().split(';').filter(|p| !p.is_empty()) {
            let (name, v) = part.split_once('=').unwrap_or((part, ""));
            let name = name.trim().to_ascii_uppercase();
            let bad = |what: &str| RuleError { part: part.to_string(), message: format!("{what} in {name}") };
            match name.as_str() {
                "FREQ" => {
                    freq = Some(match v.to_ascii_uppercase().as_str() {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        "YEARLY" => Freq::Yearly,
                        "HOURLY" | "MINUTELY" | "SECONDLY" => return Err(unsupported(part)),
                        _ => return Err(bad("an unknown frequency")),
                    })
                }
                "INTERVAL" => rule.interval = v.parse().ok().filter(|&n| n > 0).ok_or_else(|| bad("not a count"))?,
                "COUNT" => rule.count = Some(v.parse().map_err(|_| bad("not a count"))?),
                "UNTIL" => rule.until = Some(Moment::parse(v, None).ok_or_else(|| bad("not a date"))?),
                "BYDAY" => rule.by_day = list(v, parse_by_day).ok_or_else(|| bad("not a weekday list"))?,
                "BYMONTHDAY" => rule.by_month_day = list(v, |d| int_in(d, 31)).ok_or_else(|| bad("not a day list"))?,
                "BYMONTH" => {
                    rule.by_month = list(v, |m| m.parse().ok().filter(|m| (1..=12).contains(m)))
                        .ok_or_else(|| bad("not a month list"))?
                }
                "BYSETPOS" => {
                    rule.by_set_pos = list(v, |p| int_in(p, 366)).ok_or_else(|| bad("not a position list"))?
                }
                "WKST" => rule.week_start = weekday(v).ok_or_else(|| bad("not a weekday"))?,
                _ => return Err(unsupported(part)),
            }
        }
        rule.freq = freq.ok_or_else(|| RuleError { part: "FREQ".into(), message: "the rule has no FREQ".into() })?;
        let numbered = rule.by_day.iter().any(|&(n, _)| n != 0);
        if numbered && matches!(rule.freq, Freq::Daily | Freq::Weekly) {
            return Err(RuleError {
                part: "BYDAY".into(),
                message: "a numbered BYDAY needs FREQ=MONTHLY or YEARLY".into(),
            });
        }
        if rule.freq == Freq::Weekly && !rule.by_month_day.is_empty() {
            return Err(unsupported("BYMONTHDAY with FREQ=WEEKLY"));
        }
        Ok(rule)
    }

    /// The occurrence dates from `start` (always the first, as RFC 5545 counts it) through
    /// `through`, in order, at most COUNT of them. UNTIL is left to the caller, who knows zones.
    pub fn dates(&self, start: NaiveDate, through: NaiveDate) -> Vec<NaiveDate> {
        self.dates_in(start, start, through).unwrap_or_default()
    }

    /// The occurrence dates from `from` through `through` of a rule starting on `start`, in order.
    ///
    /// Without COUNT, the periods before `from` are skipped by arithmetic: a daily rule from the
    /// year 1 costs what ten years of it cost. With COUNT they must be walked to count the
    /// occurrences already spent; a walk of more than [`MAX_PERIODS_BEFORE`] periods is refused
    /// ([`TooFarBack`]) rather than done.
    pub fn dates_in(
        &self,
        start: NaiveDate,
        from: NaiveDate,
        through: NaiveDate,
    ) -> Result<Vec<NaiveDate>, TooFarBack> {
        let limit = self.count.map_or(usize::MAX, |c| c as usize);
        let mut out = Vec::new();
        if start > through || limit == 0 {
            return Ok(out);
        }
        let mut spent = 1;
        if start >= from {
            out.push(start);
        }
        let first = match self.count {
            None => self.periods_before(start, from).saturating_sub(1),
            Some(_) => 0,
        };
        for k in first.. {
            let Some(period) = self.period_start(start, k) else { break };
            if period > through {
                break;
            }
            if self.count.is_some() && period < from && k > MAX_PERIODS_BEFORE {
                return Err(TooFarBack { periods: k });
            }
            for date in self.select_positions(self.candidates(start, period)) {
                if date <= start {
                    continue;
                }
                if date > through || spent >= limit {
                    return Ok(out);
                }
                spent += 1;
                if date >= from {
                    out.push(date);
                }
            }
        }
        Ok(out)
    }

    /// How many whole periods (of the rule's interval) lie between the one holding `start` and the
    /// one holding `from`: where an expansion from `from` can begin.
    fn periods_before(&self, start: NaiveDate, from: NaiveDate) -> u32 {
        if from <= start {
            return 0;
        }
        let units = match self.freq {
            Freq::Daily => (from - start).num_days(),
            Freq::Weekly => (from - start).num_days() / 7,
            Freq::Monthly => {
                i64::from(from.year() - start.year()) * 12 + i64::from(from.month()) - i64::from(start.month())
            }
            Freq::Yearly => i64::from(from.year() - start.year()),
        };
        u32::try_from(units.max(0) / i64::from(self.interval)).unwrap_or(u32::MAX)
    }

    /// The first day of the `k`-th period (day, week, month or year) after the one holding `start`.
    fn period_start(&self, start: NaiveDate, k: u32) -> Option<NaiveDate> {
        let steps = k.checked_mul(self.interval)?;
        match self.freq {
            Freq::Daily => start.checked_add_days(Days::new(steps.into())),
            Freq::Weekly => {
                let back = (7 + start.weekday().num_days_from_monday() - self.week_start.num_days_from_monday()) % 7;
                let week = start.checked_sub_days(Days::new(back.into()))?;
                week.checked_add_days(Days::new(u64::from(steps) * 7))
            }
            Freq::Monthly => start.with_day(1)?.checked_add_months(Months::new(steps)),
            Freq::Yearly => NaiveDate::from_ymd_opt(start.year().checked_add(i32::try_from(steps).ok()?)?, 1, 1),
        }
    }

    /// The dates the rule picks in the period starting at `period`, sorted, before BYSETPOS.
    fn candidates(&self, start: NaiveDate, period: NaiveDate) -> Vec<NaiveDate> {
        let in_months = |d: &NaiveDate| self.by_month.is_empty() || self.by_month.contains(&d.month());
        let mut dates: Vec<NaiveDate> = match self.freq {
            Freq::Daily => {
                let day_ok = self.by_month_day.is_empty()
                    || self.month_days_listed(period.year(), period.month()).contains(&period.day());
                let weekday_ok = self.by_day.is_empty() || self.by_day.iter().any(|&(_, w)| w == period.weekday());
                if day_ok && weekday_ok { vec![period] } else { vec![] }
            }
            Freq::Weekly => {
                let wanted = |w: Weekday| match self.by_day.is_empty() {
                    true => w == start.weekday(),
                    false => self.by_day.iter().any(|&(_, d)| d == w),
                };
                period.iter_days().take(7).filter(|d| wanted(d.weekday())).collect()
            }
            Freq::Monthly => self.month_days(period.year(), period.month(), start),
            Freq::Yearly => self.year_days(period.year(), start),
        };
        dates.retain(in_months);
        dates.sort();
        dates.dedup();
        dates
    }

    /// MONTHLY (and YEARLY with BYMONTH): BYMONTHDAY and BYDAY intersect; without either, the
    /// start's day of the month, skipped in months too short for it.
    fn month_days(&self, year: i32, month: u32, start: NaiveDate) -> Vec<NaiveDate> {
        let by_month_day = (!self.by_month_day.is_empty()).then(|| self.month_days_listed(year, month));
        let by_day = (!self.by_day.is_empty()).then(|| {
            let days = month_dates(year, month);
            self.by_day.iter().flat_map(|&(n, w)| nth_weekday(&days, n, w)).map(|d| d.day()).collect::<Vec<_>>()
        });
        let days = match (by_month_day, by_day) {
            (Some(a), Some(b)) => a.into_iter().filter(|d| b.contains(d)).collect(),
            (Some(days), None) | (None, Some(days)) => days,
            (None, None) => vec![start.day()],
        };
        days.into_iter().filter_map(|d| NaiveDate::from_ymd_opt(year, month, d)).collect()
    }

    fn year_days(&self, year: i32, start: NaiveDate) -> Vec<NaiveDate> {
        let plain = self.by_day.is_empty() && self.by_month_day.is_empty();
        if !self.by_month.is_empty() || plain {
            let months = if self.by_month.is_empty() { vec![start.month()] } else { self.by_month.clone() };
            return months.into_iter().flat_map(|m| self.month_days(year, m, start)).collect();
        }
        if self.by_day.is_empty() {
            return (1..=12).flat_map(|m| self.month_days(year, m, start)).collect();
        }
        // BYDAY counted through the year (`20MO`: the 20th Monday), then BYMONTHDAY as a filter.
        let days: Vec<NaiveDate> = (1..=12).flat_map(|m| month_dates(year, m)).collect();
        let picked = self.by_day.iter().flat_map(|&(n, w)| nth_weekday(&days, n, w));
        picked
            .filter(|d| self.by_month_day.is_empty() || self.month_days_listed(year, d.month()).contains(&d.day()))
            .collect()
    }

    /// BYMONTHDAY resolved in one month (`-1` is its last day).
    fn month_days_listed(&self, year: i32, month: u32) -> Vec<u32> {
        let len = month_dates(year, month).len() as i32;
        let resolve = |d: i32| if d > 0 { d } else { len + 1 + d };
        self.by_month_day.iter().map(|&d| resolve(d)).filter(|&d| (1..=len).contains(&d)).map(|d| d as u32).collect()
    }

    fn select_positions(&self, dates: Vec<NaiveDate>) -> Vec<NaiveDate> {
        if self.by_set_pos.is_empty() {
            return dates;
        }
        let len = dates.len() as i32;
        let mut picked: Vec<NaiveDate> = self
            .by_set_pos
            .iter()
            .map(|&p| if p > 0 { p - 1 } else { len + p })
            .filter(|&i| (0..len).contains(&i))
            .map(|i| dates[i as usize])
            .collect();
        picked.sort();
        picked.dedup();
        picked
    }
}

fn unsupported(part: &str) -> RuleError {
    RuleError { part: part.to_string(), message: format!("{part} is not supported") }
}

fn list<T>(value: &str, item: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    value.split(',').map(|v| item(v.trim())).collect()
}

/// A non-zero integer from -max to max.
fn int_in(value: &str, max: i32) -> Option<i32> {
    value.parse::<i32>().ok().filter(|n| *n != 0 && n.abs() <= max)
}

/// `MO`, `2TU`, `-1FR`, `+3WE`.
fn parse_by_day(value: &str) -> Option<(i32, Weekday)> {
    let split = value.len().checked_sub(2)?;
    let (n, day) = value.split_at_checked(split)?;
    let n = match n {
        "" => 0,
        n => int_in(n.strip_prefix('+').unwrap_or(n), 53)?,
    };
    Some((n, weekday(day)?))
}

fn weekday(value: &str) -> Option<Weekday> {
    Some(match value.trim().to_ascii_uppercase().as_str() {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

fn month_dates(year: i32, month: u32) -> Vec<NaiveDate> {
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else { return Vec::new() };
    first.iter_days().take_while(|d| d.month() == month).collect()
}

/// The `n`-th `weekday` among `days` (0: all of them; negative: from the end).
fn nth_weekday(days: &[NaiveDate], n: i32, weekday: Weekday) -> Vec<NaiveDate> {
    let matching: Vec<NaiveDate> = days.iter().copied().filter(|d| d.weekday() == weekday).collect();
    let index = match n {
        0 => return matching,
        n if n > 0 => n - 1,
        n => matching.len() as i32 + n,
    };
    usize::try_from(index).ok().and_then(|i| matching.get(i)).copied().into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn dates(rule: &str, start: &str, through: &str) -> Vec<String> {
        Rule::parse(rule).unwrap().dates(d(start), d(through)).iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn daily_and_weekly() {
        assert_eq!(dates("FREQ=DAILY;COUNT=3", "2026-03-30", "2030-01-01"), ["2026-03-30", "2026-03-31", "2026-04-01"]);
        assert_eq!(
            dates("FREQ=DAILY;INTERVAL=10", "2026-03-01", "2026-03-25"),
            ["2026-03-01", "2026-03-11", "2026-03-21"]
        );
        assert_eq!(
            dates("FREQ=WEEKLY;BYDAY=TU,TH", "2026-03-03", "2026-03-13"),
            ["2026-03-03", "2026-03-05", "2026-03-10", "2026-03-12"]
        );
        // Every other week, weeks starting on Sunday: the Sunday and Monday of 2026-03-08 belong together.
        assert_eq!(
            dates("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU;WKST=SU", "2026-03-02", "2026-03-24"),
            ["2026-03-02", "2026-03-15", "2026-03-16"]
        );
        assert_eq!(
            dates("FREQ=DAILY;BYDAY=MO,FR", "2026-03-02", "2026-03-09"),
            ["2026-03-02", "2026-03-06", "2026-03-09"]
        );
    }

    #[test]
    fn monthly_by_numbered_weekday_and_month_day() {
        assert_eq!(
            dates("FREQ=MONTHLY;BYDAY=2TU", "2026-01-13", "2026-04-30"),
            ["2026-01-13", "2026-02-10", "2026-03-10", "2026-04-14"]
        );
        assert_eq!(dates("FREQ=MONTHLY;BYDAY=-1FR;COUNT=2", "2026-01-30", "2027-01-01"), ["2026-01-30", "2026-02-27"]);
        assert_eq!(
            dates("FREQ=MONTHLY;BYMONTHDAY=-1", "2026-01-31", "2026-03-31"),
            ["2026-01-31", "2026-02-28", "2026-03-31"]
        );
        // The 31st is skipped in shorter months, as RFC 5545 says.
        assert_eq!(dates("FREQ=MONTHLY", "2026-01-31", "2026-05-31"), ["2026-01-31", "2026-03-31", "2026-05-31"]);
        // Outlook's "last weekday of the month".
        assert_eq!(
            dates("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2026-01-30", "2026-05-31")[1..],
            ["2026-02-27", "2026-03-31", "2026-04-30", "2026-05-29"]
        );
    }

    #[test]
    fn yearly() {
        assert_eq!(
            dates("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", "2024-11-28", "2026-12-31"),
            ["2024-11-28", "2025-11-27", "2026-11-26"]
        );
        assert_eq!(dates("FREQ=YEARLY", "2024-02-29", "2029-01-01"), ["2024-02-29", "2028-02-29"]);
        assert_eq!(
            dates("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", "2024-02-29", "2026-03-01"),
            ["2024-02-29", "2025-02-28", "2026-02-28"]
        );
        assert_eq!(dates("FREQ=YEARLY;BYDAY=1MO", "2026-01-05", "2027-12-31"), ["2026-01-05", "2027-01-04"]);
    }

    #[test]
    fn an_endless_daily_rule_stops_at_the_limit() {
        let all = Rule::parse("FREQ=DAILY").unwrap().dates(d("2015-01-01"), d("2026-11-22"));
        assert_eq!(all.len(), 4344);
        assert_eq!(all.last(), Some(&d("2026-11-22")));
        assert!(dates("FREQ=DAILY", "2027-01-01", "2026-11-22").is_empty());
    }

    #[test]
    fn a_window_skips_what_comes_before_it_and_agrees_with_the_whole_expansion() {
        for rule in [
            "FREQ=DAILY",
            "FREQ=WEEKLY;BYDAY=MO,TH",
            "FREQ=MONTHLY;BYDAY=-1FR",
            "FREQ=YEARLY;INTERVAL=2",
            "FREQ=DAILY;INTERVAL=3",
            "FREQ=WEEKLY;INTERVAL=2;WKST=SU",
            "FREQ=MONTHLY;BYMONTHDAY=31",
        ] {
            let r = Rule::parse(rule).unwrap();
            let whole = r.dates(d("2001-03-15"), d("2026-11-22"));
            let from = d("2016-11-22");
            let window: Vec<NaiveDate> = whole.iter().copied().filter(|x| *x >= from).collect();
            assert_eq!(r.dates_in(d("2001-03-15"), from, d("2026-11-22")).unwrap(), window, "{rule}");
        }
        // COUNT is counted from the start, even for the part before the window.
        let r = Rule::parse("FREQ=WEEKLY;COUNT=600").unwrap();
        let whole = r.dates(d("2010-01-04"), d("2026-11-22"));
        let window: Vec<NaiveDate> = whole.iter().copied().filter(|x| *x >= d("2016-11-22")).collect();
        assert_eq!(r.dates_in(d("2010-01-04"), d("2016-11-22"), d("2026-11-22")).unwrap(), window);
    }

    #[test]
    fn a_rule_from_the_year_one_costs_only_its_window() {
        let r = Rule::parse("FREQ=DAILY").unwrap();
        let start = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        let dates = r.dates_in(start, d("2016-11-22"), d("2026-11-22")).unwrap();
        assert_eq!(dates.len(), 3653);
        let counted = Rule::parse("FREQ=DAILY;COUNT=1000000").unwrap();
        assert!(counted.dates_in(start, d("2016-11-22"), d("2026-11-22")).is_err(), "too far back to count");
    }

    #[test]
    fn unsupported_and_broken_parts_are_named() {
        for (rule, part) in [
            ("FREQ=DAILY;BYHOUR=9,17", "BYHOUR=9,17"),
            ("FREQ=HOURLY", "FREQ=HOURLY"),
            ("FREQ=YEARLY;BYWEEKNO=20", "BYWEEKNO=20"),
            ("FREQ=FORTNIGHTLY", "FREQ=FORTNIGHTLY"),
            ("FREQ=WEEKLY;BYDAY=2TU", "BYDAY"),
            ("FREQ=MONTHLY;BYDAY=XX", "BYDAY=XX"),
            ("INTERVAL=2", "FREQ"),
            ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0"),
        ] {
            assert_eq!(Rule::parse(rule).unwrap_err().part, part, "{rule}");
        }
    }
}
