//! Dates as exports write them: `2024-03-12`, `12 Mar 2024`, `12-Mar-24`, `Mar 12, 2024`,
//! `12.03.2024`, with month names in English, German, French, Spanish, Portuguese, Italian and Dutch.
//!
//! Deliberately conservative: a date whose day and month could be read either way round
//! (`3/12/24`, `03-12-2024`) is refused rather than guessed, because a wrong date is worse than a
//! problem the user fixes once.

use chrono::NaiveDate;

use super::text::folded_eq;

const NOT_A_DATE: &str = "not a date; write it as YYYY-MM-DD, e.g. 2024-03-12, or like 12 Mar 2024";
const AMBIGUOUS: &str = "the day and the month could be either way round; write it as YYYY-MM-DD, e.g. 2024-03-12";
const NO_SUCH_DAY: &str = "no such day; write it as YYYY-MM-DD, e.g. 2024-03-12";
const SHORT_YEAR: &str = "a two-digit year; write the year in full, e.g. 1985-04-12";

/// Month names and abbreviations, accents folded, in the languages LinkedIn and Google export in.
/// No spelling means different months in two languages, so one table serves them all.
#[rustfmt::skip]
const MONTHS: &[(&str, u32)] = &[
    // English
    ("jan", 1), ("january", 1), ("feb", 2), ("february", 2), ("mar", 3), ("march", 3), ("apr", 4),
    ("april", 4), ("may", 5), ("jun", 6), ("june", 6), ("jul", 7), ("july", 7), ("aug", 8),
    ("august", 8), ("sep", 9), ("sept", 9), ("september", 9), ("oct", 10), ("october", 10),
    ("nov", 11), ("november", 11), ("dec", 12), ("december", 12),
    // German (März, Jänner in Austria)
    ("januar", 1), ("janner", 1), ("februar", 2), ("marz", 3), ("mrz", 3), ("mai", 5), ("juni", 6),
    ("juli", 7), ("okt", 10), ("oktober", 10), ("dez", 12), ("dezember", 12),
    // French (févr., août, déc.)
    ("janv", 1), ("janvier", 1), ("fevr", 2), ("fevrier", 2), ("mars", 3), ("avr", 4), ("avril", 4),
    ("juin", 6), ("juil", 7), ("juillet", 7), ("aout", 8), ("septembre", 9), ("octobre", 10),
    ("novembre", 11), ("decembre", 12),
    // Spanish
    ("ene", 1), ("enero", 1), ("febrero", 2), ("marzo", 3), ("abr", 4), ("abril", 4), ("mayo", 5),
    ("junio", 6), ("julio", 7), ("ago", 8), ("agosto", 8), ("septiembre", 9), ("setiembre", 9),
    ("octubre", 10), ("noviembre", 11), ("dic", 12), ("diciembre", 12),
    // Portuguese (março)
    ("janeiro", 1), ("fev", 2), ("fevereiro", 2), ("marco", 3), ("maio", 5), ("junho", 6),
    ("julho", 7), ("set", 9), ("setembro", 9), ("out", 10), ("outubro", 10), ("novembro", 11),
    ("dezembro", 12),
    // Italian
    ("gen", 1), ("gennaio", 1), ("febbraio", 2), ("aprile", 4), ("mag", 5), ("maggio", 5),
    ("giu", 6), ("giugno", 6), ("lug", 7), ("luglio", 7), ("settembre", 9), ("ott", 10),
    ("ottobre", 10), ("dicembre", 12),
    // Dutch
    ("januari", 1), ("februari", 2), ("maart", 3), ("mrt", 3), ("mei", 5), ("augustus", 8),
];

/// Words some languages put between the parts of a date: `12 de marzo de 2024`.
const FILLERS: &[&str] = &["de", "del", "di"];

/// The month a word names, if it names one.
fn month(word: &str) -> Option<u32> {
    // Most words of a date are numbers: don't walk the table for them.
    if !word.starts_with(char::is_alphabetic) || word.len() > 12 {
        return None;
    }
    MONTHS.iter().find(|(name, _)| folded_eq(word, name)).map(|&(_, m)| m)
}

fn is_filler(word: &str) -> bool {
    word.len() <= 3 && FILLERS.iter().any(|f| folded_eq(word, f))
}

/// How a two-digit year is read: as 20yy where dates are recent (when a connection was made), or
/// not at all where they may be a century apart (birthdays).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShortYears {
    ThisCentury,
    Refuse,
}

/// Reads a date in one of the forms in the module documentation; the error says what to write.
pub(crate) fn parse_date(value: &str, short_years: ShortYears) -> Result<NaiveDate, &'static str> {
    let v = value.trim();
    if v.len() == 10
        && v.as_bytes()[4] == b'-'
        && let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d")
    {
        return Ok(d);
    }
    let mut parts = ["", "", ""];
    let mut n = 0;
    let words = v
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '.' | ','))
        .filter(|w| !w.is_empty() && !is_filler(w));
    for w in words {
        *parts.get_mut(n).ok_or(NOT_A_DATE)? = w;
        n += 1;
    }
    if n != 3 {
        return Err(NOT_A_DATE);
    }
    let is_year = |w: &str| w.len() == 4;
    let (year, month, day) = match parts.map(month) {
        // 12 Mar 2024, or 2024 Mar 12
        [None, Some(m), None] if is_year(parts[0]) => (parts[0], m, parts[2]),
        [None, Some(m), None] => (parts[2], m, parts[0]),
        // Mar 12, 2024
        [Some(m), None, None] => (parts[2], m, parts[1]),
        [None, None, None] if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) => return Err(NOT_A_DATE),
        // 2024/03/12
        [None, None, None] if is_year(parts[0]) => (parts[0], number(parts[1])?, parts[2]),
        // 12.03.2024: dots are only ever written day first
        [None, None, None] if v.contains('.') && !v.contains(['/', '-']) => (parts[2], number(parts[1])?, parts[0]),
        [None, None, None] => return Err(AMBIGUOUS),
        _ => return Err(NOT_A_DATE),
    };
    let year = match (year.len(), short_years) {
        (4, _) => number(year)? as i32,
        (2, ShortYears::ThisCentury) => 2000 + number(year)? as i32,
        (2, ShortYears::Refuse) => return Err(SHORT_YEAR),
        _ => return Err(NOT_A_DATE),
    };
    let day = if day.len() <= 2 { number(day)? } else { return Err(NOT_A_DATE) };
    NaiveDate::from_ymd_opt(year, month, day).ok_or(NO_SUCH_DAY)
}

fn number(digits: &str) -> Result<u32, &'static str> {
    if digits.bytes().all(|b| b.is_ascii_digit()) { digits.parse().map_err(|_| NOT_A_DATE) } else { Err(NOT_A_DATE) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn read(s: &str) -> Result<NaiveDate, &'static str> {
        parse_date(s, ShortYears::ThisCentury)
    }

    #[test]
    fn linkedin_style_dates_in_seven_languages() {
        for s in [
            "12 Mar 2024",
            "12-Mar-24",
            "2024-03-12",
            "Mar 12, 2024",
            "12 März 2024",
            "12. Mrz. 2024",
            "12 mars 2024",
            "12 de marzo de 2024",
            "12 mar. 2024",
            "12 de mar. de 2024",
            "12 março 2024",
            "12 mrt 2024",
            "12 maart 2024",
            "12.03.2024",
            "2024/03/12",
            " 12 MAR 2024 ",
        ] {
            assert_eq!(read(s), Ok(d("2024-03-12")), "{s}");
        }
        assert_eq!(read("01 févr. 2023"), Ok(d("2023-02-01")));
        assert_eq!(read("3 août 2021"), Ok(d("2021-08-03")));
        assert_eq!(read("9 dic 2020"), Ok(d("2020-12-09")));
        assert_eq!(read("9 out 2020"), Ok(d("2020-10-09")));
        assert_eq!(read("9 gen 2020"), Ok(d("2020-01-09")));
        assert_eq!(read("9 mei 2020"), Ok(d("2020-05-09")));
    }

    #[test]
    fn ambiguous_and_unknown_dates_are_refused() {
        assert_eq!(read("3/12/24"), Err(AMBIGUOUS));
        assert_eq!(read("03-12-2024"), Err(AMBIGUOUS));
        assert_eq!(read("12 Foo 2024"), Err(NOT_A_DATE));
        assert_eq!(read("yesterday"), Err(NOT_A_DATE));
        assert_eq!(read("12 Mar"), Err(NOT_A_DATE));
        assert_eq!(read("30 Feb 2024"), Err(NO_SUCH_DAY));
        assert_eq!(read("12 Mar 2024 10:00"), Err(NOT_A_DATE));
        assert_eq!(parse_date("12-Mar-85", ShortYears::Refuse), Err(SHORT_YEAR));
        assert_eq!(read("123 Mar 2024"), Err(NOT_A_DATE));
    }
}
