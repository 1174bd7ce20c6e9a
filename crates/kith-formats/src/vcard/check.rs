//! Checking what a card says against kith-core's rules, reporting every bad value with the line and
//! the vCard property it came from, not only the first one.
//!
//! `NewContact::validate` stops at the first error, so each value is first checked on its own in an
//! otherwise empty contact; the whole contact is validated last, so the rules stay kith-core's.

use kith_core::{Circle, NewContact, ValidationError, contact::Birthday};

use crate::Problem;

/// A value and where in the card it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sourced {
    /// The vCard property, e.g. `EMAIL`.
    pub property: &'static str,
    pub line: usize,
    pub value: String,
}

impl Sourced {
    pub(crate) fn new(property: &'static str, line: usize, value: impl Into<String>) -> Sourced {
        Sourced { property, line, value: value.into() }
    }
}

/// The contact a card describes, before validation.
#[derive(Debug, Clone, Default)]
pub(crate) struct Draft {
    pub name: Option<Sourced>,
    pub emails: Vec<Sourced>,
    pub phones: Vec<Sourced>,
    pub org: Option<Sourced>,
    pub title: Option<Sourced>,
    pub location: Option<Sourced>,
    pub tags: Vec<Sourced>,
    pub linkedin: Option<Sourced>,
    pub website: Option<Sourced>,
    pub birthday: Option<Birthday>,
    pub notes: Vec<Sourced>,
    /// kith's own fields, from the `X-KITH-*` properties kith writes (see `kith_fields`).
    pub kith: KithFields,
}

/// What kith writes of a contact that no other address book models, so that a card that went
/// through a phone comes back with its circle, cadence and where the user met the person.
#[derive(Debug, Clone, Default)]
pub(crate) struct KithFields {
    pub circle: Option<Sourced>,
    pub cadence_days: Option<Sourced>,
    pub met_at: Option<Sourced>,
    pub met_on: Option<Sourced>,
    pub important: Option<Sourced>,
}

/// Where a card is, for its problems.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CardAt {
    pub line: usize,
    pub record: usize,
}

impl CardAt {
    pub(crate) fn problem(self, line: usize, field: &str, message: impl Into<String>) -> Problem {
        Problem::new(line, Some(self.record), field, message)
    }
}

/// The validated contact, or every problem found in it.
pub(crate) fn finish(draft: Draft, at: CardAt) -> Result<NewContact, Vec<Problem>> {
    let mut problems = Vec::new();
    let check = |source: &Sourced, alone: NewContact| {
        alone.validate().err().map(|e| at.problem(source.line, source.property, describe(&e)))
    };
    // A contact with a valid name and nothing else but the value under test.
    let probe = || NewContact { name: "probe".into(), ..NewContact::default() };
    match &draft.name {
        Some(name) => problems.extend(check(name, NewContact { name: name.value.clone(), ..NewContact::default() })),
        None => problems.push(at.problem(at.line, "FN", "no FN or N: a card needs a name")),
    }
    for email in &draft.emails {
        problems.extend(check(email, NewContact { emails: vec![email.value.clone()], ..probe() }));
    }
    for phone in &draft.phones {
        problems.extend(check(phone, NewContact { phones: vec![phone.value.clone()], ..probe() }));
    }
    for tag in &draft.tags {
        problems.extend(check(tag, NewContact { tags: vec![tag.value.clone()], ..probe() }));
    }
    let notes = joined(&draft.notes);
    let singles = [
        (&draft.org, NewContact { org: value(&draft.org), ..probe() }),
        (&draft.title, NewContact { title: value(&draft.title), ..probe() }),
        (&draft.location, NewContact { location: value(&draft.location), ..probe() }),
        (&draft.linkedin, NewContact { linkedin: value(&draft.linkedin), ..probe() }),
        (&draft.website, NewContact { website: value(&draft.website), ..probe() }),
        (&notes, NewContact { notes: value(&notes), ..probe() }),
    ];
    for (source, alone) in singles {
        if let Some(source) = source {
            problems.extend(check(source, alone));
        }
    }
    let kith = kith_fields(&draft.kith, at, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let contact = NewContact {
        name: draft.name.map(|n| n.value).unwrap_or_default(),
        emails: values(draft.emails),
        phones: values(draft.phones),
        org: draft.org.map(|s| s.value),
        title: draft.title.map(|s| s.value),
        location: draft.location.map(|s| s.value),
        tags: values(draft.tags),
        linkedin: draft.linkedin.map(|s| s.value),
        website: draft.website.map(|s| s.value),
        birthday: draft.birthday,
        notes: notes.map(|s| s.value),
        ..kith
    };
    // Every value passed on its own; anything the whole contact still trips on is reported at the card.
    contact.validate().map_err(|e| vec![at.problem(at.line, &e.field.to_uppercase(), describe(&e))])
}

/// kith's own fields as a contact holding nothing else; a value kith cannot read is a problem at
/// its line (a card naming a circle kith does not have was not written by kith, and guessing would
/// put the person in the wrong circle).
fn kith_fields(kith: &KithFields, at: CardAt, problems: &mut Vec<Problem>) -> NewContact {
    let mut out = NewContact::default();
    let mut bad = |source: &Sourced, message: &str| {
        problems.push(at.problem(source.line, source.property, format!("'{}': {message}", source.value)));
    };
    if let Some(s) = &kith.circle {
        match s.value.parse::<Circle>() {
            Ok(circle) => out.circle = Some(circle),
            Err(e) => bad(s, &e.message),
        }
    }
    if let Some(s) = &kith.cadence_days {
        match s.value.trim().parse::<u32>() {
            Ok(days) => out.cadence_days = Some(days),
            Err(_) => bad(s, "a cadence is a whole number of days, e.g. 21"),
        }
    }
    if let Some(s) = &kith.met_on {
        match chrono::NaiveDate::parse_from_str(s.value.trim(), "%Y-%m-%d") {
            Ok(on) => out.met_on = Some(on),
            Err(_) => bad(s, "a date is written YYYY-MM-DD"),
        }
    }
    if let Some(s) = &kith.important {
        match s.value.trim().to_ascii_uppercase().as_str() {
            "TRUE" => out.important = true,
            "FALSE" => {}
            _ => bad(s, "write TRUE or FALSE"),
        }
    }
    out.met_at = kith.met_at.as_ref().map(|s| s.value.clone());
    if let Err(e) = (NewContact { name: "probe".into(), ..out.clone() }).validate() {
        problems.push(at.problem(at.line, &format!("X-KITH-{}", e.field.to_uppercase()), describe(&e)));
    }
    out
}

/// Several NOTE lines become one note, a blank line apart; problems point at the first.
fn joined(notes: &[Sourced]) -> Option<Sourced> {
    let first = notes.first()?;
    let text = notes.iter().map(|n| n.value.as_str()).collect::<Vec<_>>().join("\n\n");
    Some(Sourced::new(first.property, first.line, text))
}

fn value(source: &Option<Sourced>) -> Option<String> {
    source.as_ref().map(|s| s.value.clone())
}

fn values(sources: Vec<Sourced>) -> Vec<String> {
    sources.into_iter().map(|s| s.value).collect()
}

/// The bad value (shortened: it may be megabytes) and what is wrong with it.
fn describe(e: &ValidationError) -> String {
    const SHOWN: usize = 80;
    let value = if e.value.chars().count() > SHOWN {
        format!("{}…", e.value.chars().take(SHOWN).collect::<String>())
    } else {
        e.value.clone()
    };
    format!("'{value}': {}", e.message)
}
