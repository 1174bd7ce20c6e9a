//! How numbers and dates read on a page.

use chrono::NaiveDate;
use kith_core::Status;

/// Warmth as a whole percentage: `0.704` → `70%`.
pub fn percent(w: f64) -> String {
    format!("{:.0}%", (w * 100.0).clamp(0.0, 100.0))
}

/// A day relative to today: `today`, `tomorrow`, `in 5 days`, `3 weeks ago`.
pub fn relative(day: NaiveDate, today: NaiveDate) -> String {
    let n = (day - today).num_days();
    let span = |d: i64| match d {
        0..=13 => format!("{d} day{}", if d == 1 { "" } else { "s" }),
        14..=59 => format!("{} weeks", d / 7),
        60..=729 => format!("{} months", d / 30),
        _ => format!("{} years", d / 365),
    };
    match n {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        n if n > 0 => format!("in {}", span(n)),
        n => format!("{} ago", span(-n)),
    }
}

/// When a contact is due, in words.
pub fn due_phrase(due_on: Option<NaiveDate>, archived: bool, today: NaiveDate) -> String {
    match due_on {
        _ if archived => "archived, never due".into(),
        None => "never due (dormant)".into(),
        Some(d) if d <= today => format!("due since {d} ({})", relative(d, today)),
        Some(d) => format!("due {d} ({})", relative(d, today)),
    }
}

/// The CSS class and word of a status.
pub fn status_class(s: Status) -> &'static str {
    s.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn relative_days_read_naturally() {
        let today = d("2026-11-22");
        assert_eq!(relative(today, today), "today");
        assert_eq!(relative(d("2026-11-23"), today), "tomorrow");
        assert_eq!(relative(d("2026-11-19"), today), "3 days ago");
        assert_eq!(relative(d("2026-12-13"), today), "in 3 weeks");
        assert_eq!(relative(d("2025-11-22"), today), "12 months ago");
        assert_eq!(percent(0.704), "70%");
        assert_eq!(percent(1.0), "100%");
    }
}
