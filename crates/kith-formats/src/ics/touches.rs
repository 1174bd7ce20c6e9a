//! Touches found in a calendar export: every meeting with people in it, once per occurrence.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use kith_core::InteractionKind;

use super::{
    calendar,
    event::{self, Event},
    value::Moment,
    zones::Zones,
};
use crate::{FormatError, Problem, TouchFile, TouchRecord};

/// How far back a calendar's touches reach: recurring events are expanded from the later of their
/// start and this many years before today. Warmth forgets older touches anyway (a year-long
/// half-life for the strength of a tie), and a rule from the year 1 costs only these years.
pub const HISTORY_YEARS: u32 = 10;

/// The most occurrences one recurring event gives: the latest are kept, with a warning. A daily
/// meeting of four years; a rule that makes more is more likely junk than a relationship.
pub const MAX_OCCURRENCES: usize = 1_000;

/// Reads an iCalendar export (RFC 5545) into `meeting` touches, one per occurrence up to `today`.
///
/// - An event is a touch when it has an ORGANIZER or ATTENDEEs with `mailto:` addresses: `from` is
///   the organizer, `to` the attendees but the organizer, without those who declined and without
///   rooms. Its day is DTSTART's date as written in its own zone (see [`super::value`]); minutes
///   come from DTEND or DURATION for timed events of up to a day.
/// - The key is `ics:<UID>/<start>`, the start written as iCalendar does (`20260302T100000`, with
///   `Z` for UTC, or `20260302`), or the RECURRENCE-ID of an overridden occurrence: importing the
///   file again, or a newer export of the same calendar, adds nothing twice.
/// - Recurring events (RRULE, RDATE, EXDATE) are expanded up to `today` and no further, from the
///   later of their start and [`HISTORY_YEARS`] before today, at most [`MAX_OCCURRENCES`] each (the
///   latest; a warning says so). An
///   occurrence overridden by an event with the same UID and a RECURRENCE-ID takes the override's
///   date, people and summary. Cancelled events and occurrences, and anything after today, are
///   skipped.
/// - A rule kith cannot follow is a warning naming its line and part; the first occurrence still
///   counts. An event without a readable DTSTART is a problem; a file that is not iCalendar is
///   an error at line 1.
pub fn read_touches(bytes: &[u8], today: NaiveDate) -> Result<TouchFile, FormatError> {
    let calendar = calendar::parse(bytes)?;
    let mut file = TouchFile { touches: Vec::new(), problems: calendar.problems, warnings: Vec::new() };
    let mut events = Vec::new();
    for raw in &calendar.events {
        match event::read(raw) {
            Ok((event, warnings)) => {
                file.warnings.extend(warnings);
                events.push(event);
            }
            Err(problem) => file.problems.push(problem),
        }
    }
    file.problems.sort_by_key(|p| p.line);
    file.warnings.sort_by_key(|p| p.line);

    // Overridden occurrences by UID: the series must not count them a second time.
    let mut overridden: HashMap<&str, Vec<&Moment>> = HashMap::new();
    for e in &events {
        if let Some(id) = &e.recurrence_id {
            overridden.entry(e.uid.as_str()).or_default().push(id);
        }
    }

    let mut seen = HashSet::new();
    let mut keep = |touch: Option<TouchRecord>| {
        if let Some(t) = touch.filter(|t| seen.insert(t.key.clone())) {
            file.touches.push(t);
        }
    };
    for e in &events {
        if e.cancelled || e.start.date > today {
            continue;
        }
        if let Some(id) = &e.recurrence_id {
            keep(touch(e, e.start.date, &id.key()));
            continue;
        }
        let mut overrides = MomentSet::default();
        overridden.get(e.uid.as_str()).into_iter().flatten().for_each(|o| overrides.insert(o));
        let (starts, warning) = occurrences(e, today, &calendar.zones);
        file.warnings.extend(warning);
        for occurrence in starts {
            if !overrides.has_same(&calendar.zones, &occurrence) {
                keep(touch(e, occurrence.date, &occurrence.key()));
            }
        }
    }
    Ok(file)
}

/// The starts of an event within [`HISTORY_YEARS`] up to `today`: DTSTART, the RRULE's and RDATE's,
/// less the EXDATEs, at most [`MAX_OCCURRENCES`] (the latest); and a warning when some were left out.
fn occurrences(e: &Event, today: NaiveDate, zones: &Zones) -> (Vec<Moment>, Option<Problem>) {
    let from =
        today.checked_sub_months(chrono::Months::new(12 * HISTORY_YEARS)).unwrap_or(NaiveDate::MIN).max(e.start.date);
    let mut warning = None;
    let mut starts: Vec<Moment> = match &e.rule {
        None => vec![e.start.clone()],
        Some(rule) => {
            // Expanding past UNTIL is wasted work: stop a day after it (zones can shift it by hours).
            let through = rule.until.as_ref().and_then(|u| u.date.succ_opt()).map_or(today, |u| u.min(today));
            match rule.dates_in(e.start.date, from, through) {
                Ok(dates) => {
                    let dates = dates.into_iter().map(|d| e.start.on(d));
                    dates.take_while(|m| rule.until.as_ref().is_none_or(|u| zones.not_after(m, u))).collect()
                }
                Err(far) => {
                    warning = Some(Problem::new(
                        e.line,
                        None,
                        "RRULE",
                        format!(
                            "a counted recurrence that began {} periods before {from}: too far back to \
                             count, so only its first occurrence is read, and only if it is after {from}",
                            far.periods
                        ),
                    ));
                    [e.start.clone()].into_iter().filter(|s| s.date >= from).collect()
                }
            }
        }
    };
    let mut known = MomentSet::default();
    starts.iter().for_each(|s| known.insert(s));
    for rdate in e.rdates.iter().filter(|r| r.date <= today && r.date >= from) {
        if !known.has_same(zones, rdate) {
            known.insert(rdate);
            starts.push(rdate.clone());
        }
    }
    let mut excluded = MomentSet::default();
    e.exdates.iter().for_each(|x| excluded.insert(x));
    starts.retain(|s| s.date <= today && !excluded.has_same(zones, s));
    starts.sort_by_key(Moment::naive);
    if starts.len() > MAX_OCCURRENCES {
        let left_out = starts.len() - MAX_OCCURRENCES;
        starts.drain(..left_out);
        warning = Some(Problem::new(
            e.line,
            None,
            "RRULE",
            format!(
                "a recurring event with {} occurrences since {from}: only the latest {MAX_OCCURRENCES} are \
                 counted as touches",
                left_out + MAX_OCCURRENCES
            ),
        ));
    }
    (starts, warning)
}

/// Moments by date, to ask whether one names the same start as any of them without comparing it
/// with each: a file with 100,000 EXDATEs against a daily series costs a few lookups per
/// occurrence, not 100,000. Offsets are under a day (see `zones::parse_offset`), so two moments
/// that name the same instant are at most two calendar dates apart.
#[derive(Debug, Default)]
struct MomentSet {
    by_date: std::collections::BTreeMap<NaiveDate, Vec<Moment>>,
}

impl MomentSet {
    fn insert(&mut self, m: &Moment) {
        self.by_date.entry(m.date).or_default().push(m.clone());
    }

    fn has_same(&self, zones: &Zones, m: &Moment) -> bool {
        let from = m.date.checked_sub_days(chrono::Days::new(2)).unwrap_or(NaiveDate::MIN);
        let through = m.date.checked_add_days(chrono::Days::new(2)).unwrap_or(NaiveDate::MAX);
        self.by_date.range(from..=through).flat_map(|(_, ms)| ms).any(|x| zones.same_start(x, m))
    }
}

/// The touch of one occurrence, or `None` if nobody but a declined attendee was on it.
fn touch(e: &Event, on: NaiveDate, occurrence_key: &str) -> Option<TouchRecord> {
    let to: Vec<String> = e.attendees.iter().filter(|a| Some(*a) != e.organizer.as_ref()).cloned().collect();
    if e.organizer.is_none() && to.is_empty() {
        return None;
    }
    Some(TouchRecord {
        line: e.line,
        key: format!("ics:{}/{occurrence_key}", e.uid),
        kind: InteractionKind::Meeting,
        on,
        minutes: e.minutes,
        from: e.organizer.clone(),
        to,
        subject: e.summary.clone(),
        replies_to: Vec::new(),
        names: e.names.clone(),
        automated: None,
    })
}
