//! How kith words numbers, dates and a contact's standing, the same in the terminal and on a page.

use chrono::NaiveDate;
use kith_core::Circle;

/// Warmth as a whole percentage: `0.704` → `70%`.
pub fn percent(w: f64) -> String {
    Percent(w).to_string()
}

/// [`percent`] written where it is displayed, without a `String` of its own (long tables).
#[derive(Debug, Clone, Copy)]
pub struct Percent(pub f64);

impl std::fmt::Display for Percent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.0}%", (self.0 * 100.0).clamp(0.0, 100.0))
    }
}

/// A count and its noun: `1 contact`, `3 contacts`, `0 contacts`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A day relative to today: `today`, `tomorrow`, `in 5 days`, `3 weeks ago`, `4 months ago`.
pub fn relative(day: NaiveDate, today: NaiveDate) -> String {
    relative_days((day - today).num_days())
}

/// [`relative`] for a number of days from today (negative: in the past).
pub fn relative_days(days_from_today: i64) -> String {
    let span = |d: i64| match d {
        0..=13 => format!("{d} day{}", if d == 1 { "" } else { "s" }),
        14..=59 => format!("{} weeks", d / 7),
        60..=729 => format!("{} months", d / 30),
        _ => format!("{} years", d / 365),
    };
    match days_from_today {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        n if n > 0 => format!("in {}", span(n)),
        n => format!("{} ago", span(-n)),
    }
}

/// When a contact is due, in words: `due since 2026-11-01 (5 weeks ago)`, `due 2026-12-20 (in 2
/// weeks)`, `never due (dormant)`, `archived, never due`.
pub fn due_phrase(due_on: Option<NaiveDate>, archived: bool, today: NaiveDate) -> String {
    match due_on {
        _ if archived => "archived, never due".into(),
        None => "never due (dormant)".into(),
        Some(d) if d <= today => format!("due since {d} ({})", relative(d, today)),
        Some(d) => format!("due {d} ({})", relative(d, today)),
    }
}

/// A contact's job in one line: `Staff Engineer at Globex`, or whichever of the two is known.
pub fn job_line(title: Option<&str>, org: Option<&str>) -> Option<String> {
    match (title, org) {
        (Some(t), Some(o)) => Some(format!("{t} at {o}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    }
}

/// A contact's circle and the cadence in force: `close circle, every 14 days`, `… (custom)` when
/// the user set it, `dormant circle, never nagged`.
pub fn cadence_phrase(circle: Circle, cadence_days: Option<u32>, custom: bool) -> String {
    match cadence_days {
        Some(d) if custom => format!("{circle} circle, every {d} days (custom)"),
        Some(d) => format!("{circle} circle, every {d} days"),
        None => format!("{circle} circle, never nagged"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn days_read_naturally_near_and_far() {
        let today = d("2026-11-22");
        assert_eq!(relative(today, today), "today");
        assert_eq!(relative(d("2026-11-23"), today), "tomorrow");
        assert_eq!(relative(d("2026-11-21"), today), "yesterday");
        assert_eq!(relative(d("2026-11-19"), today), "3 days ago");
        assert_eq!(relative(d("2026-12-05"), today), "in 13 days");
        assert_eq!(relative(d("2026-12-13"), today), "in 3 weeks");
        assert_eq!(relative(d("2025-11-22"), today), "12 months ago");
        assert_eq!(relative(d("2023-11-22"), today), "3 years ago");
        assert_eq!(relative_days(-1), "yesterday");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(1, "past touch", "past touches"), "1 past touch");
        assert_eq!(count(0, "contact", "contacts"), "0 contacts");
        assert_eq!(count(12, "follow-up", "follow-ups"), "12 follow-ups");
    }

    #[test]
    fn warmth_is_a_whole_percentage_within_bounds() {
        assert_eq!(percent(0.704), "70%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(1.2), "100%");
    }

    #[test]
    fn due_phrases_say_when_or_why_not() {
        let today = d("2026-11-22");
        assert_eq!(due_phrase(Some(d("2026-11-22")), false, today), "due since 2026-11-22 (today)");
        assert_eq!(due_phrase(Some(d("2026-11-29")), false, today), "due 2026-11-29 (in 7 days)");
        assert_eq!(due_phrase(None, false, today), "never due (dormant)");
        assert_eq!(due_phrase(Some(d("2026-11-29")), true, today), "archived, never due");
    }

    #[test]
    fn a_job_reads_title_at_org() {
        assert_eq!(job_line(Some("Staff Engineer"), Some("Globex")).as_deref(), Some("Staff Engineer at Globex"));
        assert_eq!(job_line(None, Some("Globex")).as_deref(), Some("Globex"));
        assert_eq!(job_line(Some("Consultant"), None).as_deref(), Some("Consultant"));
        assert_eq!(job_line(None, None), None);
    }

    #[test]
    fn the_cadence_says_whose_it_is() {
        assert_eq!(cadence_phrase(Circle::Close, Some(14), false), "close circle, every 14 days");
        assert_eq!(cadence_phrase(Circle::Close, Some(10), true), "close circle, every 10 days (custom)");
        assert_eq!(cadence_phrase(Circle::Dormant, None, false), "dormant circle, never nagged");
    }
}
