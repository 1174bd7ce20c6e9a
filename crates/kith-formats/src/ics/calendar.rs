//! An iCalendar file walked into what the touch reader needs: each VEVENT's properties, and the
//! rules of each VTIMEZONE. Properties of nested components (a VALARM's ATTENDEE, a
//! VTIMEZONE's RRULE) never leak into the event around them.

use super::{
    content_line::{self, ContentLine},
    zones::Zones,
};
use crate::{FormatError, Problem};

/// One VEVENT: where it starts, its 1-based index among the file's events, its own properties.
#[derive(Debug)]
pub(crate) struct RawEvent {
    pub line: usize,
    pub index: usize,
    pub properties: Vec<ContentLine>,
}

#[derive(Debug, Default)]
pub(crate) struct Calendar {
    pub events: Vec<RawEvent>,
    pub zones: Zones,
    pub problems: Vec<Problem>,
}

/// Reads the components of an iCalendar file; anything that does not start with BEGIN:VCALENDAR
/// is not iCalendar.
pub(crate) fn parse(bytes: &[u8]) -> Result<Calendar, FormatError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let lines = content_line::unfold(&text);
    match lines.first() {
        Some((_, first)) if first.trim().eq_ignore_ascii_case("BEGIN:VCALENDAR") => {}
        Some((_, first)) => {
            let preview: String = first.chars().take(40).collect();
            let message =
                format!("not an iCalendar file: it should start with BEGIN:VCALENDAR, but starts with {preview:?}");
            return Err(FormatError::new(1, "BEGIN", message));
        }
        None => {
            return Err(FormatError::new(
                1,
                "BEGIN",
                "the file is empty; an iCalendar file starts with BEGIN:VCALENDAR",
            ));
        }
    }

    let mut walk = Walk::default();
    for (line, text) in &lines {
        match content_line::parse(*line, text) {
            Some(property) => walk.property(property),
            None => walk.calendar.problems.push(Problem::new(
                *line,
                walk.event.as_ref().map(|e| e.index),
                "line",
                format!("not an iCalendar content line (NAME:value): {:?}", text.chars().take(60).collect::<String>()),
            )),
        }
    }
    if let Some(event) = walk.event.take() {
        let message = "the event is not closed by END:VEVENT; the file seems cut short, so it was left out";
        walk.calendar.problems.push(Problem::new(event.line, Some(event.index), "VEVENT", message));
    }
    Ok(walk.calendar)
}

#[derive(Default)]
struct Walk {
    calendar: Calendar,
    /// Names of the open components, outermost first.
    stack: Vec<String>,
    event: Option<RawEvent>,
    events_seen: usize,
    tzid: Option<String>,
    /// The STANDARD and DAYLIGHT parts of the VTIMEZONE being read, each as its properties.
    observances: Vec<Vec<ContentLine>>,
}

impl Walk {
    fn property(&mut self, p: ContentLine) {
        match p.name.as_str() {
            "BEGIN" => {
                let name = p.value.trim().to_ascii_uppercase();
                if name == "VEVENT" && self.event.is_none() {
                    self.events_seen += 1;
                    self.event = Some(RawEvent { line: p.line, index: self.events_seen, properties: Vec::new() });
                } else if name == "VTIMEZONE" {
                    self.tzid = None;
                    self.observances.clear();
                } else if matches!(name.as_str(), "STANDARD" | "DAYLIGHT") {
                    self.observances.push(Vec::new());
                }
                self.stack.push(name);
            }
            "END" => {
                let name = p.value.trim().to_ascii_uppercase();
                // Close up to the matching BEGIN; a stray END is ignored.
                let Some(depth) = self.stack.iter().rposition(|n| *n == name) else { return };
                self.stack.truncate(depth);
                if name == "VEVENT" {
                    self.calendar.events.extend(self.event.take());
                } else if name == "VTIMEZONE"
                    && let Some(tzid) = self.tzid.take()
                {
                    self.calendar.zones.add(&tzid, &std::mem::take(&mut self.observances));
                }
            }
            _ => match self.stack.last().map(String::as_str) {
                Some("VEVENT") => {
                    if let Some(event) = self.event.as_mut() {
                        event.properties.push(p);
                    }
                }
                Some("VTIMEZONE") if p.name == "TZID" => self.tzid = Some(p.value.trim().to_string()),
                Some("STANDARD" | "DAYLIGHT") => {
                    if let Some(observance) = self.observances.last_mut() {
                        observance.push(p);
                    }
                }
                _ => {}
            },
        }
    }
}
