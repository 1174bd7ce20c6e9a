//! One VEVENT read into what makes a touch: when, how long, who, what, and how it recurs.

use super::{
    calendar::RawEvent,
    content_line::ContentLine,
    rrule::Rule,
    text,
    value::{Moment, minutes_between, parse_duration},
};
use crate::{Problem, mail::fingerprint::fingerprint};

/// The longest meeting kith records minutes for: a day. Longer spans are trips or all-day blocks.
const MAX_MINUTES: i64 = 1440;

#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub line: usize,
    /// The UID, or for an event without one a fingerprint of its start, summary and organizer.
    pub uid: String,
    pub recurrence_id: Option<Moment>,
    pub start: Moment,
    pub minutes: Option<u32>,
    pub summary: Option<String>,
    pub cancelled: bool,
    /// The organizer's address, lower-cased.
    pub organizer: Option<String>,
    /// Attendees who did not decline, lower-cased, without rooms and other resources.
    pub attendees: Vec<String>,
    /// The CN (common name) of the organizer and attendees that give one, by address.
    pub names: Vec<(String, String)>,
    /// A usable RRULE; an unusable one has become a problem and leaves just the first occurrence.
    pub rule: Option<Rule>,
    pub rdates: Vec<Moment>,
    pub exdates: Vec<Moment>,
}

/// Reads a VEVENT; problems that still leave a usable event (an RRULE kith cannot follow, a bad
/// EXDATE) come back beside it, a missing or unreadable DTSTART is the error.
pub(crate) fn read(raw: &RawEvent) -> Result<(Event, Vec<Problem>), Problem> {
    let problem = |line: usize, field: &str, message: String| Problem::new(line, Some(raw.index), field, message);
    let mut warnings = Vec::new();
    let first = |name: &str| raw.properties.iter().find(|p| p.name == name);

    let start_line = first("DTSTART")
        .ok_or_else(|| problem(raw.line, "DTSTART", "the event has no DTSTART, so it has no date".into()))?;
    let start = moment(start_line).ok_or_else(|| {
        problem(start_line.line, "DTSTART", format!("'{}' is not a date or date-time", start_line.value))
    })?;

    // One line, like a mail subject: a SUMMARY with line breaks reads as one sentence.
    let summary = first("SUMMARY").map(|p| one_line(&text::unescape(&p.value))).filter(|s| !s.is_empty());
    let organizer = first("ORGANIZER").and_then(address);
    let mut names: Vec<(String, String)> = Vec::new();
    let mut name = |p: &ContentLine, address: &str| {
        let cn = p.param("CN").map(|cn| one_line(cn.trim_matches('"'))).filter(|cn| !cn.is_empty());
        if let Some(cn) = cn.filter(|_| !names.iter().any(|(a, _)| a == address)) {
            names.push((address.to_string(), cn));
        }
    };
    if let (Some(p), Some(a)) = (first("ORGANIZER"), &organizer) {
        name(p, a);
    }
    let mut attendees: Vec<String> = Vec::new();
    for p in raw.properties.iter().filter(|p| p.name == "ATTENDEE" && takes_part(p)) {
        if let Some(a) = address(p).filter(|a| !attendees.contains(a)) {
            name(p, &a);
            attendees.push(a);
        }
    }

    let uid = match first("UID").map(|p| p.value.trim()).filter(|u| !u.is_empty()) {
        Some(uid) => uid.to_string(),
        None => {
            let parts = [start.key(), summary.clone().unwrap_or_default(), organizer.clone().unwrap_or_default()];
            format!("no-uid-{}", fingerprint(&parts.each_ref().map(String::as_str)))
        }
    };

    let rule = match first("RRULE") {
        None => None,
        Some(p) => match Rule::parse(&p.value) {
            Ok(rule) => Some(rule),
            Err(e) => {
                let message = format!("{}; only the first occurrence ({}) is counted", e.message, start.date);
                warnings.push(problem(p.line, &format!("RRULE {}", e.part), message));
                None
            }
        },
    };

    let mut list = |name: &str| -> Vec<Moment> {
        let mut out = Vec::new();
        for p in raw.properties.iter().filter(|p| p.name == name) {
            for value in p.value.split(',') {
                // A PERIOD (`start/end`) recurs at its start.
                let value = value.split('/').next().unwrap_or(value);
                match Moment::parse(value, p.param("TZID")) {
                    Some(m) => out.push(m),
                    None => warnings.push(problem(p.line, name, format!("'{value}' is not a date or date-time"))),
                }
            }
        }
        out
    };
    let (rdates, exdates) = (list("RDATE"), list("EXDATE"));

    let event = Event {
        line: raw.line,
        uid,
        recurrence_id: first("RECURRENCE-ID").and_then(moment),
        minutes: minutes(&start, first("DTEND"), first("DURATION")),
        start,
        summary,
        cancelled: first("STATUS").is_some_and(|p| p.value.trim().eq_ignore_ascii_case("CANCELLED")),
        organizer,
        attendees,
        names,
        rule,
        rdates,
        exdates,
    };
    Ok((event, warnings))
}

fn moment(p: &ContentLine) -> Option<Moment> {
    Moment::parse(&p.value, p.param("TZID"))
}

/// Minutes of a timed event, from DTEND or DURATION; none for all-day events or beyond a day.
fn minutes(start: &Moment, end: Option<&ContentLine>, duration: Option<&ContentLine>) -> Option<u32> {
    start.time?;
    let from_end = end.and_then(moment).and_then(|end| minutes_between(start, &end));
    let minutes = from_end.or_else(|| duration.and_then(|d| parse_duration(&d.value)).map(|s| s / 60))?;
    (1..=MAX_MINUTES).contains(&minutes).then_some(minutes as u32)
}

/// Whether an ATTENDEE took part: not one who declined, not a room or other resource.
fn takes_part(p: &ContentLine) -> bool {
    let is = |param: &str, value: &str| p.param(param).is_some_and(|v| v.eq_ignore_ascii_case(value));
    !(is("PARTSTAT", "DECLINED") || is("CUTYPE", "RESOURCE") || is("CUTYPE", "ROOM"))
}

/// The e-mail address of an ORGANIZER or ATTENDEE: its `mailto:` value, else its EMAIL parameter.
fn address(p: &ContentLine) -> Option<String> {
    let value = p.value.trim();
    let mailto = value.get(..7).filter(|s| s.eq_ignore_ascii_case("mailto:")).map(|_| value[7..].trim());
    let address = mailto.or_else(|| p.param("EMAIL"))?.to_lowercase();
    let valid = address.split_once('@').is_some_and(|(l, d)| !l.is_empty() && !d.is_empty());
    valid.then_some(address)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
