//! The Date header (RFC 5322 §3.3) as real mailers write it.
//!
//! A message's date is the calendar day *as written in the message's own offset*: a mail sent at
//! 23:30 -0800 on 2 March counts for 2 March, the day the sender lived it, even though it was
//! already 3 March in UTC. That matches how a user remembers "the mail I sent on Monday", and it
//! needs no time-zone arithmetic, so the zone is read only to be skipped.
//!
//! Accepted sloppiness: a missing or comma-less weekday, one-digit days, two- and three-digit years
//! (RFC 5322's obsolete rules: `99` is 1999, `24` is 2024), missing seconds, obsolete zones (`EST`,
//! `GMT`, military letters) or none at all, comments like `(UTC)`, full month names, the asctime
//! order of `From ` lines (`Mon Mar  2 10:00:00 2026`), and ISO 8601 (`2026-03-02T10:00:00Z`).

use std::borrow::Cow;

use chrono::NaiveDate;

/// The calendar day of a Date header value, or `None` if it names no valid day.
pub fn parse(value: &str) -> Option<NaiveDate> {
    // Comments are rare: only a value with one is copied to take them out.
    let cleaned = if value.contains('(') { Cow::Owned(without_comments(value)) } else { Cow::Borrowed(value) };
    if let Some(date) = iso_8601(cleaned.trim()) {
        return Some(date);
    }
    let (mut day, mut month, mut year) = (None, None, None);
    for token in cleaned.split(|c: char| c.is_whitespace() || c == ',').filter(|t| !t.is_empty()) {
        if token.starts_with(['+', '-']) || token.contains(':') {
            continue; // zone offset or time of day
        }
        if token.bytes().all(|b| b.is_ascii_digit()) {
            let n: i32 = token.parse().ok()?;
            match token.len() {
                4 if year.is_none() => year = Some(n),
                1 | 2 if day.is_none() => day = Some(n),
                2 | 3 if year.is_none() => year = Some(obsolete_year(n, token.len())),
                _ => return None,
            }
        } else if month.is_none() {
            month = month_number(token);
        }
    }
    let (day, month, year) = (day?, month?, year?);
    if !(1900..=2999).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, u32::try_from(day).ok()?)
}

/// RFC 5322 §4.3: a two-digit year below 50 is 20xx, otherwise 19xx; a three-digit one adds 1900.
fn obsolete_year(n: i32, digits: usize) -> i32 {
    match (digits, n) {
        (2, 0..=49) => 2000 + n,
        _ => 1900 + n,
    }
}

fn month_number(token: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let token = token.trim_end_matches('.');
    if token.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.get(..token.len()).is_some_and(|prefix| prefix.eq_ignore_ascii_case(token)))
        .map(|i| i as u32 + 1)
}

fn iso_8601(text: &str) -> Option<NaiveDate> {
    let head = text.get(..10)?;
    let rest = &text[10..];
    let separated = rest.is_empty() || rest.starts_with(['T', 't', ' ']);
    if separated { NaiveDate::parse_from_str(head, "%Y-%m-%d").ok() } else { None }
}

/// `value` with every (possibly nested) parenthesised comment replaced by a space.
fn without_comments(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut depth = 0usize;
    for c in value.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => {
                depth -= 1;
                out.push(' ');
            }
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn rfc_5322_dates_as_written_in_their_own_offset() {
        assert_eq!(parse("Mon, 02 Mar 2026 10:00:00 +0100"), d("2026-03-02"));
        assert_eq!(parse("Mon, 2 Mar 2026 23:30:00 -0800"), d("2026-03-02"), "not moved to UTC");
        assert_eq!(parse("Tue, 3 Mar 2026 00:15:00 +1300"), d("2026-03-03"));
    }

    #[test]
    fn real_world_sloppiness() {
        for (value, want) in [
            ("2 Mar 2026 10:00:00 +0100", "2026-03-02"),
            ("Mon 2 Mar 2026 10:00 EST", "2026-03-02"),
            ("Mon, 2 Mar 2026 10:00:00 +0000 (UTC)", "2026-03-02"),
            ("Mon, 2 Mar 2026 10:00:00 GMT", "2026-03-02"),
            ("Mon, 2 Mar 2026 10:00:00 Z", "2026-03-02"),
            ("Mon,2 Mar 2026 10:00:00", "2026-03-02"),
            ("Monday, 2 March 2026 10:00:00 +01:00", "2026-03-02"),
            ("2 Mar 26 10:00 PST", "2026-03-02"),
            ("Fri, 31 Dec 99 23:59:59 -0500", "1999-12-31"),
            ("Fri, 31 Dec 099 23:59:59 -0500", "1999-12-31"),
            ("Mon Mar  2 10:00:00 2026", "2026-03-02"),
            ("2026-03-02T10:00:00Z", "2026-03-02"),
            ("  Mon, 2 Mar 2026 10:00:00 +0100 (CET) (extra (nested))", "2026-03-02"),
        ] {
            assert_eq!(parse(value), d(want), "{value}");
        }
    }

    #[test]
    fn nonsense_is_not_a_date() {
        for value in [
            "",
            "yesterday",
            "Mon, 30 Feb 2026 10:00:00 +0000",
            "32 Jan 2026",
            "2 Foo 2026",
            "2 Mar 12345",
            "2 Mar 0001",
        ] {
            assert_eq!(parse(value), None, "{value}");
        }
    }
}
