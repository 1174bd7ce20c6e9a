//! The calendar feed: follow-ups, this week's plan and birthdays, as an iCalendar file any calendar
//! app can subscribe to.
//!
//! Choices, and why:
//! - Everything is an all-day VEVENT, marked free (TRANSP:TRANSPARENT): calendar apps show events
//!   far better than VTODOs (many ignore those), and a reminder must not block the user's time.
//! - UIDs are built from kith's ids, never from names (`followup-12@kith`, `birthday-7@kith`,
//!   `plan-2026-11-16-7@kith`, `reconnect-2026-11-16-9@kith`), so a regenerated feed updates the
//!   events a calendar already shows instead of duplicating them.
//! - Follow-ups that are done are left out; the rest sit on their due date. The summary carries
//!   the note's first line, the description the whole note when it is longer than that.
//! - The plan's reach-outs and its reconnect sit on the plan's Monday, the reason in the
//!   description. Habit nudges are not calendar items and stay out.
//! - Birthdays recur yearly from the birth date; without a year (or with a placeholder year before
//!   1900, as some address books write), from the most recent leap year, so February 29 exists.
//!   A February 29 birthday recurs on the last day of February, so it shows every year.
//! - Everything the user typed is escaped as TEXT, and the output depends only on the [`Feed`]
//!   (`now` is the DTSTAMP), so the same data always gives the same bytes.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use kith_core::{ContactId, FollowUp, contact::Birthday, plan::Plan, plan::ReachOut};

use super::{content_line::fold, text::escape};

/// What the feed shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    /// The calendar's name in calendar apps.
    pub name: String,
    /// When the feed is generated: every event's DTSTAMP.
    pub now: DateTime<Utc>,
    pub followups: Vec<FollowUp>,
    pub plan: Option<Plan>,
    pub birthdays: Vec<FeedBirthday>,
}

/// A contact's birthday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedBirthday {
    pub contact_id: ContactId,
    pub name: String,
    pub birthday: Birthday,
}

/// The feed as an iCalendar file (VERSION 2.0, CRLF line ends, lines folded at 75 octets).
pub fn write_feed(feed: &Feed) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kith//kith//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        // How often subscribers should refresh (RFC 7986, and the older name Outlook reads).
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ] {
        fold(line, &mut out);
    }
    fold(&format!("X-WR-CALNAME:{}", escape(&feed.name)), &mut out);
    let stamp = feed.now.format("%Y%m%dT%H%M%SZ").to_string();

    for f in feed.followups.iter().filter(|f| f.done_on.is_none()) {
        let note = f.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let first_line = note.and_then(|n| n.lines().next()).map(str::trim);
        let summary = match first_line {
            Some(first) => format!("Follow up with {}: {first}", f.contact_name),
            None => format!("Follow up with {}", f.contact_name),
        };
        // The whole note goes in the description when the summary cannot hold it.
        let description = note.filter(|n| Some(*n) != first_line).map(str::to_string);
        let event = AllDay::new(format!("followup-{}@kith", f.id), f.due_on, summary);
        event.description(description).write(&stamp, &mut out);
    }

    if let Some(plan) = &feed.plan {
        let week = plan.week_of;
        // A promise in the plan is already in the calendar as its follow-up: once is enough.
        for r in plan.reach_out.iter().filter(|r| r.followup_id.is_none()) {
            let summary = format!("Reach out to {}{}", r.name, suggestion(r));
            reach_out_event(format!("plan-{week}-{}@kith", r.id), week, summary, r).write(&stamp, &mut out);
        }
        for r in &plan.reconnect {
            let summary = format!("Reconnect with {}{}", r.name, suggestion(r));
            reach_out_event(format!("reconnect-{week}-{}@kith", r.id), week, summary, r).write(&stamp, &mut out);
        }
        for r in &plan.congratulate {
            let summary = format!("Congratulate {} on the new role{}", r.name, suggestion(r));
            reach_out_event(format!("congratulate-{week}-{}@kith", r.id), week, summary, r).write(&stamp, &mut out);
        }
    }

    for b in &feed.birthdays {
        birthday_event(b, feed.now.date_naive()).write(&stamp, &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

/// " (suggest: call)", or nothing when no channel is on file.
fn suggestion(r: &ReachOut) -> String {
    r.channel.map(|c| format!(" (suggest: {c})")).unwrap_or_default()
}

fn reach_out_event(uid: String, week: NaiveDate, summary: String, r: &ReachOut) -> AllDay {
    AllDay::new(uid, week, summary).description(Some(r.reason.clone()))
}

fn birthday_event(b: &FeedBirthday, today: NaiveDate) -> AllDay {
    let Birthday { year, month, day } = b.birthday;
    let leap_day = (month, day) == (2, 29);
    let born = year.filter(|&y| y >= 1900).and_then(|y| NaiveDate::from_ymd_opt(y, month, day));
    let start = born.or_else(|| {
        let recent_leap_year =
            (0..8).map(|back| today.year() - back).find(|&y| NaiveDate::from_ymd_opt(y, 2, 29).is_some());
        NaiveDate::from_ymd_opt(recent_leap_year.unwrap_or(2024), month, day)
    });
    // Birthday::parse accepts only real dates, so this fallback is for hand-built values.
    let start = start.unwrap_or_else(|| NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default());
    let mut notes = Vec::new();
    if let Some(born) = born {
        notes.push(format!("Born in {}.", born.year()));
    }
    let rule = if leap_day {
        notes.push("Born on 29 February: shown on the last day of February in other years.".to_string());
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
    } else {
        "FREQ=YEARLY"
    };
    let description = (!notes.is_empty()).then(|| notes.join(" "));
    let event = AllDay::new(format!("birthday-{}@kith", b.contact_id), start, format!("{}'s birthday", b.name));
    AllDay { rule: Some(rule), ..event.description(description) }
}

/// An all-day, free VEVENT.
struct AllDay {
    uid: String,
    date: NaiveDate,
    summary: String,
    description: Option<String>,
    rule: Option<&'static str>,
}

impl AllDay {
    fn new(uid: String, date: NaiveDate, summary: String) -> AllDay {
        AllDay { uid, date, summary, description: None, rule: None }
    }

    fn description(self, description: Option<String>) -> AllDay {
        AllDay { description, ..self }
    }

    fn write(&self, stamp: &str, out: &mut String) {
        let day = |d: NaiveDate| d.format("%Y%m%d").to_string();
        let end = self.date.checked_add_days(Days::new(1)).unwrap_or(self.date);
        fold("BEGIN:VEVENT", out);
        fold(&format!("UID:{}", self.uid), out);
        fold(&format!("DTSTAMP:{stamp}"), out);
        fold(&format!("DTSTART;VALUE=DATE:{}", day(self.date)), out);
        fold(&format!("DTEND;VALUE=DATE:{}", day(end)), out);
        if let Some(rule) = self.rule {
            fold(&format!("RRULE:{rule}"), out);
        }
        fold(&format!("SUMMARY:{}", escape(&self.summary)), out);
        if let Some(description) = &self.description {
            fold(&format!("DESCRIPTION:{}", escape(description)), out);
        }
        fold("TRANSP:TRANSPARENT", out);
        fold("END:VEVENT", out);
    }
}
