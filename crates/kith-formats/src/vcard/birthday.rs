//! BDAY values: the date forms of vCard 2.1, 3.0 and 4.0, with and without a year.

use kith_core::contact::Birthday;

use super::content_line::ContentLine;

/// Years that address books write when they do not know the year: Apple and Thunderbird use 1604
/// (with `X-APPLE-OMIT-YEAR=1604`), some phones 0000.
const NO_YEAR_MARKERS: [i32; 2] = [1604, 0];

/// Reads a BDAY line; `None` when it is free text (`VALUE=text:circa 1800`) or no date kith knows,
/// in which case the caller keeps the line as it is.
pub(crate) fn parse(line: &ContentLine<'_>) -> Option<Birthday> {
    if line.param_values("VALUE").iter().any(|v| v == "text") {
        return None;
    }
    let text = line.text_value();
    // 3.0 allows a time after the date (1990-03-12T00:00:00Z); the birthday is the date.
    let date = text.trim().split('T').next().unwrap_or("");
    let mut birthday = Birthday::parse("BDAY", &with_dashes(date)).ok()?;
    let omitted: Option<i32> = line.param("X-APPLE-OMIT-YEAR").and_then(|y| y.trim().parse().ok());
    if birthday.year.is_some_and(|y| NO_YEAR_MARKERS.contains(&y) || Some(y) == omitted) {
        birthday.year = None;
    }
    Some(birthday)
}

/// `19900312` → `1990-03-12`, `--0312` → `--03-12`; other forms unchanged.
fn with_dashes(date: &str) -> String {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(md) = date.strip_prefix("--")
        && md.len() == 4
        && all_digits(md)
    {
        return format!("--{}-{}", &md[..2], &md[2..]);
    }
    if date.len() == 8 && all_digits(date) {
        return format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..]);
    }
    date.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bday(line: &str) -> Option<String> {
        parse(&ContentLine::parse(line).unwrap()).map(|b| b.to_string())
    }

    #[test]
    fn every_date_form() {
        assert_eq!(bday("BDAY:1990-03-12").as_deref(), Some("1990-03-12"));
        assert_eq!(bday("BDAY:19900312").as_deref(), Some("1990-03-12"));
        assert_eq!(bday("BDAY:--0312").as_deref(), Some("--03-12"));
        assert_eq!(bday("BDAY:--03-12").as_deref(), Some("--03-12"));
        assert_eq!(bday("BDAY;VALUE=date:1990-03-12T00:00:00Z").as_deref(), Some("1990-03-12"));
        assert_eq!(bday("BDAY:19900312T120000").as_deref(), Some("1990-03-12"));
    }

    #[test]
    fn unknown_years() {
        assert_eq!(bday("BDAY:16040101").as_deref(), Some("--01-01"));
        assert_eq!(bday("BDAY;X-APPLE-OMIT-YEAR=1900:1900-05-06").as_deref(), Some("--05-06"));
        assert_eq!(bday("BDAY:0000-05-06").as_deref(), Some("--05-06"));
    }

    #[test]
    fn text_and_nonsense_are_not_dates() {
        assert_eq!(bday("BDAY;VALUE=text:circa 1800"), None);
        assert_eq!(bday("BDAY:1990-02-30"), None);
        assert_eq!(bday("BDAY:1990"), None);
        assert_eq!(bday("BDAY:--03"), None);
    }
}
