//! Calendars built from the fuzzer's bytes, every part of them one the recurrence expander reads:
//! starts from the year 1 to 9999 in UTC, floating or zoned time, rules with every supported part
//! (and some it refuses) at extreme values, EXDATEs, RDATEs, overridden and cancelled occurrences,
//! and time zones of their own. Raw bytes rarely get past the parser to the expander; these always do.
//!
//! Whatever the calendar, the expansion ends (no time-out, no memory blow-up), no touch is after
//! today, and no event gives more than its share of touches.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};

/// The most touches one event gives (`ics::touches::MAX_OCCURRENCES`).
const MAX_OCCURRENCES: usize = 1_000;

fn year(u: &mut Unstructured) -> Result<i32> {
    Ok(match u.int_in_range(0..=5)? {
        0 => 1,
        1 => 9999,
        2 => u.int_in_range(1..=9999)?,
        _ => u.int_in_range(2000..=2030)?,
    })
}

fn date(u: &mut Unstructured) -> Result<String> {
    let (y, m, d) = (year(u)?, u.int_in_range(0..=13)?, u.int_in_range(0..=32)?);
    Ok(format!("{y:04}{m:02}{d:02}"))
}

/// A DATE or DATE-TIME value, with the TZID parameter it needs (`;TZID=…` or nothing).
fn moment(u: &mut Unstructured) -> Result<(String, String)> {
    let day = date(u)?;
    Ok(match u.int_in_range(0..=3)? {
        0 => (String::new(), day),
        1 => (String::new(), format!("{day}T{:02}{:02}00Z", u.int_in_range(0..=24)?, u.int_in_range(0..=59)?)),
        2 => (String::new(), format!("{day}T{:02}3000", u.int_in_range(0..=23)?)),
        _ => (format!(";TZID={}", u.choose(&["Zone", "Missing", "Europe/Berlin"])?), format!("{day}T090000")),
    })
}

fn rule(u: &mut Unstructured) -> Result<String> {
    let freq = u.choose(&["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "SECONDLY", ""])?;
    let mut parts = vec![format!("FREQ={freq}")];
    let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU", "XX"];
    for _ in 0..u.int_in_range(0..=5)? {
        parts.push(match u.int_in_range(0..=8)? {
            0 => format!("INTERVAL={}", u.choose(&[0u32, 1, 2, 7, 400, u32::MAX])?),
            1 => format!("COUNT={}", u.choose(&[0u32, 1, 3, 1000, 1001, 999_999_999, u32::MAX])?),
            2 => format!("UNTIL={}", moment(u)?.1),
            3 => {
                let n: i32 = u.int_in_range(-60..=60)?;
                let ordinal = if n == 0 { String::new() } else { n.to_string() };
                format!("BYDAY={ordinal}{}", u.choose(&days)?)
            }
            4 => format!("BYMONTHDAY={}", u.int_in_range(-40..=40)?),
            5 => format!("BYMONTH={}", u.int_in_range(0..=13)?),
            6 => format!("BYSETPOS={}", u.int_in_range(-400..=400)?),
            7 => format!("WKST={}", u.choose(&days)?),
            _ => "BYHOUR=9".to_string(),
        });
    }
    Ok(parts.join(";"))
}

fn dates_list(u: &mut Unstructured, name: &str) -> Result<String> {
    let n = u.int_in_range(1..=50)?;
    let (param, first) = moment(u)?;
    let mut values = vec![first];
    for _ in 1..n {
        values.push(if u.ratio(1, 2)? { moment(u)?.1 } else { values[values.len() - 1].clone() });
    }
    Ok(format!("{name}{param}:{}\r\n", values.join(",")))
}

fn event(u: &mut Unstructured) -> Result<String> {
    let mut e = String::from("BEGIN:VEVENT\r\n");
    e += &format!("UID:{}\r\n", u.choose(&["a", "b", "c"])?);
    let (param, start) = moment(u)?;
    e += &format!("DTSTART{param}:{start}\r\n");
    if u.ratio(1, 3)? {
        let (param, end) = moment(u)?;
        e += &format!("DTEND{param}:{end}\r\n");
    }
    if u.ratio(1, 4)? {
        let (param, id) = moment(u)?;
        e += &format!("RECURRENCE-ID{param}:{id}\r\n");
    }
    for _ in 0..u.int_in_range(0..=2)? {
        e += &format!("RRULE:{}\r\n", rule(u)?);
    }
    if u.ratio(1, 3)? {
        e += &dates_list(u, "EXDATE")?;
    }
    if u.ratio(1, 3)? {
        e += &dates_list(u, "RDATE")?;
    }
    if u.ratio(1, 8)? {
        e += "STATUS:CANCELLED\r\n";
    }
    if u.ratio(3, 4)? {
        e += "ORGANIZER:mailto:me@example.org\r\n";
    }
    for _ in 0..u.int_in_range(0..=3)? {
        let status = u.choose(&["ACCEPTED", "DECLINED", "NEEDS-ACTION"])?;
        e += &format!("ATTENDEE;PARTSTAT={status}:mailto:p{}@example.org\r\n", u.int_in_range(0..=9)?);
    }
    e += "END:VEVENT\r\n";
    Ok(e)
}

fn zone(u: &mut Unstructured) -> Result<String> {
    let offset = |u: &mut Unstructured| -> Result<String> {
        let sign = if u.ratio(1, 2)? { '+' } else { '-' };
        Ok(format!("{sign}{:02}{:02}", u.int_in_range(0..=30)?, u.int_in_range(0..=60)?))
    };
    let mut z = String::from("BEGIN:VTIMEZONE\r\nTZID:Zone\r\n");
    for part in ["STANDARD", "DAYLIGHT"] {
        if u.ratio(3, 4)? {
            z += &format!(
                "BEGIN:{part}\r\nDTSTART:{}T020000\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n",
                date(u)?,
                offset(u)?,
                offset(u)?
            );
            if u.ratio(1, 2)? {
                z += &format!("RRULE:{}\r\n", rule(u)?);
            }
            z += &format!("END:{part}\r\n");
        }
    }
    z += "END:VTIMEZONE\r\n";
    Ok(z)
}

fn calendar(u: &mut Unstructured) -> Result<(String, usize)> {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    if u.ratio(1, 2)? {
        text += &zone(u)?;
    }
    let events = u.int_in_range(1..=6)?;
    for _ in 0..events {
        text += &event(u)?;
    }
    text += "END:VCALENDAR\r\n";
    Ok((text, events))
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok((text, events)) = calendar(&mut Unstructured::new(data)) else { return };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let Ok(file) = kith_formats::ics::read_touches(text.as_bytes(), today) else { return };
    assert!(file.touches.iter().all(|t| t.on <= today), "a touch after today");
    assert!(file.touches.len() <= events * MAX_OCCURRENCES, "{} touches from {events} events", file.touches.len());
});
