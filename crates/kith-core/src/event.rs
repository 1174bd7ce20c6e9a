//! Events: an association meeting, a seminar, a class, a conference — a date, maybe an
//! organization, the people there (some met for the first time) and the time spent; and the
//! user's own memberships with their roles and dates.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{
    ContactId, OrgId, ValidationError,
    contact::validate_email,
    interaction::MAX_MINUTES,
    org::{validate_org_name, word_enum},
};

pub type EventId = i64;

word_enum!(
    /// What sort of event.
    EventKind, "kind", {
        Meeting => "meeting",
        Seminar => "seminar",
        Class => "class",
        Conference => "conference",
    }
);

/// Someone met for the first time at an event: a contact created on the spot ("business cards").
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetPerson {
    pub name: String,
    pub email: Option<String>,
}

impl MetPerson {
    /// Reads `Full Name` or `Full Name <email>`, as typed after `--met` (field `met`).
    pub fn parse(field: &str, text: &str) -> Result<MetPerson, ValidationError> {
        let t = text.trim();
        let (name, email) = match t.find('<') {
            Some(open) => {
                let rest = &t[open + 1..];
                let Some(close) = rest.find('>') else {
                    return Err(ValidationError::new(
                        field,
                        text,
                        "write a person as Full Name <email> (the > is missing)",
                    ));
                };
                if !rest[close + 1..].trim().is_empty() {
                    return Err(ValidationError::new(field, text, "nothing may follow the e-mail's closing >"));
                }
                let email = validate_email(field, rest[..close].trim()).map_err(|e| {
                    ValidationError::new(field, text, format!("{}; write Full Name <email>", e.message))
                })?;
                (t[..open].trim(), Some(email))
            }
            None => (t, None),
        };
        if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
            return Err(ValidationError::new(
                field,
                text,
                "give the person's full name (1 to 200 characters), optionally followed by <email>",
            ));
        }
        Ok(MetPerson { name: name.to_string(), email })
    }
}

/// An event to record. Validate with [`NewEvent::validate`] before storing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEvent {
    pub title: String,
    pub kind: EventKind,
    pub on: NaiveDate,
    /// The organization holding it, by name; it must exist.
    pub org: Option<String>,
    pub minutes: Option<u32>,
    pub note: Option<String>,
    /// Contacts already known who were there.
    pub with: Vec<ContactId>,
    /// People met there for the first time, created as contacts with the event.
    pub met: Vec<MetPerson>,
}

impl NewEvent {
    /// Checks the event against `today`: a one-line title, not in the future (it is recorded
    /// once attended), a sane length, each known person once, each new e-mail once.
    pub fn validate(mut self, today: NaiveDate) -> Result<NewEvent, ValidationError> {
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 300 || title.chars().any(char::is_control) {
            return Err(ValidationError::new(
                "title",
                &self.title,
                "an event title is one line of 1 to 300 characters",
            ));
        }
        self.title = title.to_string();
        if self.on > today {
            return Err(ValidationError::new(
                "on",
                self.on.to_string(),
                format!("is after today ({today}); record an event once you attended it"),
            ));
        }
        if let Some(m) = self.minutes
            && (m == 0 || m > MAX_MINUTES)
        {
            return Err(ValidationError::new("minutes", m.to_string(), "must be from 1 to 1440"));
        }
        self.org = self.org.as_deref().map(str::trim).filter(|o| !o.is_empty()).map(validate_org_name).transpose()?;
        if let Some(n) = &self.note {
            let n = n.trim();
            if n.chars().count() > 10_000 {
                return Err(ValidationError::new("note", "…", "too long; at most 10000 characters"));
            }
            self.note = (!n.is_empty()).then(|| n.to_string());
        }
        let mut seen = std::collections::HashSet::new();
        self.with.retain(|c| seen.insert(*c));
        let mut emails = std::collections::HashSet::new();
        for p in &self.met {
            if let Some(e) = &p.email
                && !emails.insert(e.to_lowercase())
            {
                return Err(ValidationError::new("met", e, "two people met share this e-mail; give each their own"));
            }
        }
        Ok(self)
    }

    /// Where the people met here were met, as their contact's "met at": the title and the
    /// organization, e.g. `Spring mixer (Product Guild)`.
    pub fn met_at(&self) -> String {
        match &self.org {
            Some(org) => format!("{} ({org})", self.title),
            None => self.title.clone(),
        }
    }
}

/// The note on the `event` interaction that touches an event's people, so their timelines say
/// which event it was: the title, then the event's note.
pub fn touch_note(title: &str, note: Option<&str>) -> String {
    match note {
        Some(n) => format!("{title}: {n}"),
        None => title.to_string(),
    }
}

/// A change to a recorded event: `None` leaves a field as it is. Who was there is changed on the
/// event's touch, as any touch is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPatch {
    pub title: Option<String>,
    pub kind: Option<EventKind>,
    pub on: Option<NaiveDate>,
    /// The organization holding it, by name (it must exist); `Some(None)` removes it.
    pub org: Option<Option<String>>,
    pub minutes: Option<Option<u32>>,
    pub note: Option<Option<String>>,
}

impl EventPatch {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == EventPatch::default()
    }

    /// The event `current` becomes with this change, checked as a new one is against `today`.
    pub fn apply(self, current: &Event, today: NaiveDate) -> Result<NewEvent, ValidationError> {
        NewEvent {
            title: self.title.unwrap_or_else(|| current.title.clone()),
            kind: self.kind.unwrap_or(current.kind),
            on: self.on.unwrap_or(current.on),
            org: self.org.unwrap_or_else(|| current.org.clone()),
            minutes: self.minutes.unwrap_or(current.minutes),
            note: self.note.unwrap_or_else(|| current.note.clone()),
            with: Vec::new(),
            met: Vec::new(),
        }
        .validate(today)
    }
}

/// Someone who was at an event.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub contact_id: ContactId,
    pub name: String,
    /// Met for the first time there (created with the event).
    pub new: bool,
}

/// A stored event with the people who were there.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub title: String,
    pub kind: EventKind,
    pub on: NaiveDate,
    pub org_id: Option<OrgId>,
    pub org: Option<String>,
    pub minutes: Option<u32>,
    pub note: Option<String>,
    /// Known contacts first, then the people met there, each by name.
    pub people: Vec<Attendee>,
}

/// Events in one calendar month.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    /// The first day of the month.
    pub month: NaiveDate,
    pub events: u32,
}

/// The first day of the month eleven months before `today`'s: the start of "the last year" of
/// [`per_month`].
pub fn year_start(today: NaiveDate) -> NaiveDate {
    let first = today.with_day(1).unwrap_or(today);
    first.checked_sub_months(Months::new(11)).unwrap_or(first)
}

/// How many of `days` fall in each of the twelve months up to `today`'s, oldest first; every month
/// is listed, empty ones with 0. Days outside the span are ignored.
pub fn per_month(days: &[NaiveDate], today: NaiveDate) -> Vec<MonthCount> {
    let start = year_start(today);
    let mut out: Vec<MonthCount> = (0..12)
        .map(|i| MonthCount { month: start.checked_add_months(Months::new(i)).unwrap_or(start), events: 0 })
        .collect();
    for d in days {
        if *d < start || *d > today {
            continue;
        }
        let idx = (d.year() - start.year()) * 12 + d.month() as i32 - start.month() as i32;
        if let Some(m) = usize::try_from(idx).ok().and_then(|i| out.get_mut(i)) {
            m.events += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn event() -> NewEvent {
        NewEvent {
            title: " Spring mixer ".into(),
            kind: EventKind::Meeting,
            on: d("2026-03-04"),
            org: Some("Product Guild".into()),
            minutes: Some(90),
            note: Some("  ".into()),
            with: vec![3, 1, 3],
            met: vec![],
        }
    }

    #[test]
    fn kinds_read_case_blind_and_name_the_choices_when_unknown() {
        assert_eq!("Seminar".parse::<EventKind>().unwrap(), EventKind::Seminar);
        let e = "party".parse::<EventKind>().unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("kind", "party"));
        assert!(e.message.contains("meeting, seminar, class, conference"), "{}", e.message);
    }

    #[test]
    fn met_people_read_with_or_without_an_email() {
        assert_eq!(
            MetPerson::parse("met", " Ada Lovelace ").unwrap(),
            MetPerson { name: "Ada Lovelace".into(), email: None }
        );
        let p = MetPerson::parse("met", "Ada Lovelace <Ada@Example.com>").unwrap();
        assert_eq!(p.name, "Ada Lovelace");
        assert!(p.email.unwrap().eq_ignore_ascii_case("ada@example.com"));
        for bad in ["", "<ada@example.com>", "Ada <ada@example.com", "Ada <not-an-email>", "Ada <a@b.co> x"] {
            let e = MetPerson::parse("met", bad).unwrap_err();
            assert_eq!((e.field.as_str(), e.value.as_str()), ("met", bad));
        }
    }

    #[test]
    fn validation_trims_dedups_and_refuses_the_future() {
        let e = event().validate(d("2026-03-04")).unwrap();
        assert_eq!(e.title, "Spring mixer");
        assert_eq!(e.with, vec![3, 1]);
        assert_eq!(e.note, None);
        assert_eq!(e.met_at(), "Spring mixer (Product Guild)");
        let err = event().validate(d("2026-03-03")).unwrap_err();
        assert_eq!(err.field, "on");
        let err = NewEvent { minutes: Some(0), ..event() }.validate(d("2026-03-04")).unwrap_err();
        assert_eq!(err.field, "minutes");
        let err = NewEvent { title: " ".into(), ..event() }.validate(d("2026-03-04")).unwrap_err();
        assert_eq!(err.field, "title");
        let twice = MetPerson { name: "A".into(), email: Some("a@example.com".into()) };
        let err = NewEvent { met: vec![twice.clone(), twice], ..event() }.validate(d("2026-03-04")).unwrap_err();
        assert_eq!(err.field, "met");
    }

    #[test]
    fn per_month_lists_twelve_months_oldest_first_including_empty_ones() {
        let today = d("2026-03-15");
        let days =
            [d("2025-04-01"), d("2025-03-31"), d("2026-03-01"), d("2026-03-15"), d("2026-03-16"), d("2025-10-09")];
        let months = per_month(&days, today);
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], MonthCount { month: d("2025-04-01"), events: 1 });
        assert_eq!(months[6], MonthCount { month: d("2025-10-01"), events: 1 });
        assert_eq!(months[11], MonthCount { month: d("2026-03-01"), events: 2 });
        assert_eq!(months.iter().map(|m| m.events).sum::<u32>(), 4);
    }
}
