//! One row on its way to becoming a contact: the values found in it, each remembering the column it
//! came from, so that a row kith cannot use is reported with every problem in it, each named by the
//! column as the file spells it.
//!
//! The rules themselves are kith-core's (`NewContact::validate`). A valid row is validated once; only
//! a row that fails is checked again value by value, to find every problem and not only the first.

use std::borrow::Cow;

use chrono::NaiveDate;
use kith_core::{
    Circle, NewContact,
    contact::{Birthday, validate_cadence},
};

use super::{
    dates::{ShortYears, parse_date},
    text::shorten,
};

/// What a value of a row is, in kith's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Name,
    Email,
    Phone,
    Org,
    Title,
    Location,
    Circle,
    Every,
    Tag,
    MetAt,
    MetOn,
    Linkedin,
    Website,
    Birthday,
    Note,
    Important,
    /// LinkedIn's "Connected On": not part of the contact, a touch on that day.
    ConnectedOn,
}

impl Field {
    /// The field name kith-core's validation errors carry for values of this kind.
    fn core_name(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Org => "org",
            Field::Title => "title",
            Field::Location => "location",
            Field::Circle => "circle",
            Field::Every => "every",
            Field::Tag => "tag",
            Field::MetAt => "met-at",
            Field::MetOn => "met-on",
            Field::Linkedin => "linkedin",
            Field::Website => "website",
            Field::Birthday => "birthday",
            Field::Note => "note",
            Field::Important => "important",
            Field::ConnectedOn => "connected-on",
        }
    }
}

/// One value of a row and the column it came from.
#[derive(Debug)]
struct Cell<'c, 'r> {
    column: &'c str,
    field: Field,
    text: Cow<'r, str>,
}

/// A problem with a row, named by the column at fault: (column, message).
pub(crate) type ColumnProblem<'c> = (&'c str, String);

/// A row read into kith's terms.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub contact: NewContact,
    pub connected_on: Option<NaiveDate>,
}

/// The values of one row, borrowed from the row (`'r`) and named by columns of the header (`'c`).
#[derive(Debug, Default)]
pub(crate) struct Draft<'c, 'r> {
    cells: Vec<Cell<'c, 'r>>,
    problems: Vec<ColumnProblem<'c>>,
}

/// `'value': what is wrong`, the value cut short enough to read.
pub(crate) fn about(value: &str, message: &str) -> String {
    format!("'{}': {message}", shorten(value.trim(), 60))
}

impl<'c, 'r> Draft<'c, 'r> {
    /// A draft for a row of about `values` values, allocated once.
    pub fn with_capacity(values: usize) -> Draft<'c, 'r> {
        Draft { cells: Vec::with_capacity(values), problems: Vec::new() }
    }

    /// Adds a value found in `column`; a blank value is no value. Line breaks inside a quoted value
    /// are the file's line endings, not the user's text, so `\r\n` reads as `\n`.
    pub fn add(&mut self, column: &'c str, field: Field, text: impl Into<Cow<'r, str>>) {
        let mut text = text.into();
        if text.contains('\r') {
            text = Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"));
        }
        if !text.trim().is_empty() {
            self.cells.push(Cell { column, field, text });
        }
    }

    /// Records a problem the reader found itself (a row without a name, a row too wide).
    pub fn problem(&mut self, column: &'c str, message: impl Into<String>) {
        self.problems.push((column, message.into()));
    }

    /// Whether a value of this kind was added.
    pub fn has(&self, field: Field) -> bool {
        self.cells.iter().any(|c| c.field == field)
    }

    /// The validated contact, or every problem of the row.
    pub fn finish(self) -> Result<Parsed, Vec<ColumnProblem<'c>>> {
        let Draft { cells, mut problems } = self;
        let mut contact = NewContact::default();
        let mut connected_on = None;
        for cell in &cells {
            if let Err(message) = put(&mut contact, &mut connected_on, cell) {
                problems.push((cell.column, about(&cell.text, &message)));
            }
        }
        if problems.is_empty() {
            match contact.validate() {
                Ok(contact) => return Ok(Parsed { contact, connected_on }),
                Err(first) => {
                    problems.extend(cells.iter().filter_map(|c| check(c).map(|m| (c.column, m))));
                    // A rule about the contact as a whole, that no single value breaks (notes
                    // from two columns that are too long together): blame the first column.
                    if problems.is_empty() {
                        let column = cells.iter().find(|c| c.field.core_name() == first.field).map_or("", |c| c.column);
                        problems.push((column, about(&first.value, &first.message)));
                    }
                }
            }
        } else {
            problems.extend(cells.iter().filter_map(|c| check(c).map(|m| (c.column, m))));
        }
        Err(problems)
    }
}

/// Puts one value into the contact; typed values (dates, circle, cadence) are parsed here and a
/// value that does not parse is the error.
fn put(contact: &mut NewContact, connected_on: &mut Option<NaiveDate>, cell: &Cell) -> Result<(), String> {
    let text = cell.text.as_ref();
    let set = |slot: &mut Option<String>| {
        if slot.is_none() {
            *slot = Some(text.to_string());
        }
    };
    match cell.field {
        Field::Name if contact.name.is_empty() => contact.name = text.trim().to_string(),
        Field::Name => {
            contact.name.push(' ');
            contact.name.push_str(text.trim());
        }
        Field::Email => contact.emails.push(text.to_string()),
        Field::Phone => contact.phones.push(text.to_string()),
        Field::Tag => contact.tags.push(text.to_string()),
        Field::Org => set(&mut contact.org),
        Field::Title => set(&mut contact.title),
        Field::Location => set(&mut contact.location),
        Field::MetAt => set(&mut contact.met_at),
        Field::Linkedin => set(&mut contact.linkedin),
        Field::Website => set(&mut contact.website),
        Field::Note => match &mut contact.notes {
            Some(notes) => {
                notes.push('\n');
                notes.push_str(text);
            }
            None => contact.notes = Some(text.to_string()),
        },
        Field::Circle => contact.circle = Some(text.parse::<Circle>().map_err(|e| e.message)?),
        Field::Every => contact.cadence_days = Some(parse_every(text)?),
        Field::MetOn => contact.met_on = Some(parse_date(text, ShortYears::ThisCentury)?),
        Field::ConnectedOn => *connected_on = Some(parse_date(text, ShortYears::ThisCentury)?),
        Field::Birthday => contact.birthday = Some(parse_birthday(text)?),
        Field::Important => contact.important = parse_flag(text)?,
    }
    Ok(())
}

/// Checks one value alone against kith-core's rules, beside a name that is known to be valid.
fn check(cell: &Cell) -> Option<String> {
    let mut probe = NewContact { name: "Probe".to_string(), ..NewContact::default() };
    let text = cell.text.to_string();
    match cell.field {
        Field::Name => probe.name = text,
        Field::Email => probe.emails.push(text),
        Field::Phone => probe.phones.push(text),
        Field::Tag => probe.tags.push(text),
        Field::Org => probe.org = Some(text),
        Field::Title => probe.title = Some(text),
        Field::Location => probe.location = Some(text),
        Field::MetAt => probe.met_at = Some(text),
        Field::Linkedin => probe.linkedin = Some(text),
        Field::Website => probe.website = Some(text),
        Field::Note => probe.notes = Some(text),
        // Parsed (and so checked) by `put`.
        Field::Circle | Field::Every | Field::MetOn | Field::ConnectedOn | Field::Birthday | Field::Important => {
            return None;
        }
    }
    // The value as the user typed it, not as kith-core quotes it (it cuts long values short).
    probe.validate().err().map(|e| about(&cell.text, &e.message))
}

fn parse_every(text: &str) -> Result<u32, String> {
    let days = text.trim().parse::<u32>().map_err(|_| "not a number of days, e.g. 30".to_string())?;
    validate_cadence(days).map_err(|e| e.message)
}

fn parse_birthday(text: &str) -> Result<Birthday, String> {
    Birthday::parse("birthday", text).or_else(|not_iso| {
        use chrono::Datelike;
        match parse_date(text, ShortYears::Refuse) {
            Ok(d) => Ok(Birthday { year: Some(d.year()), month: d.month(), day: d.day() }),
            Err(message) if message.contains("two-digit") => Err(message.to_string()),
            Err(_) => Err(not_iso.message),
        }
    })
}

/// Yes or no, as people write it in a spreadsheet.
fn parse_flag(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "x" | "important" => Ok(true),
        "false" | "no" | "n" | "0" | "-" => Ok(false),
        _ => Err("not yes or no (write true, false, yes, no, 1 or 0)".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_row_is_validated_once_and_kept_as_typed() {
        let mut d = Draft::default();
        d.add("First", Field::Name, "  Ada");
        d.add("Last", Field::Name, "Lovelace ");
        d.add("Mail", Field::Email, "ada@example.org");
        d.add("Mail 2", Field::Email, "  ");
        d.add("Since", Field::ConnectedOn, "12 Mar 2024");
        d.add("Birthday", Field::Birthday, "10 Dec 1815");
        let p = d.finish().unwrap();
        assert_eq!(p.contact.name, "Ada Lovelace");
        assert_eq!(p.contact.emails, vec!["ada@example.org"]);
        assert_eq!(p.connected_on, NaiveDate::from_ymd_opt(2024, 3, 12));
        assert_eq!(p.contact.birthday, Some(Birthday { year: Some(1815), month: 12, day: 10 }));
    }

    #[test]
    fn every_problem_of_a_row_is_named_by_its_column() {
        let mut d = Draft::default();
        d.add("Full name", Field::Name, "Ann Lee");
        d.add("Mail", Field::Email, "ann-at-example");
        d.add("Work mail", Field::Email, "ann@example.org");
        d.add("Private", Field::Email, "ann@@x");
        d.add("Met", Field::MetOn, "3/12/24");
        d.add("Circle", Field::Circle, "bestie");
        d.add("Web", Field::Website, "example.org");
        let problems = d.finish().unwrap_err();
        let columns: Vec<&str> = problems.iter().map(|p| p.0).collect();
        assert_eq!(columns, vec!["Met", "Circle", "Mail", "Private", "Web"]);
        assert!(problems[0].1.starts_with("'3/12/24': "), "{}", problems[0].1);
        assert!(problems[2].1.starts_with("'ann-at-example': not an e-mail"), "{}", problems[2].1);
    }

    #[test]
    fn huge_values_are_named_short() {
        let mut d = Draft::default();
        d.add("Name", Field::Name, "x".repeat(400));
        let problems = d.finish().unwrap_err();
        assert_eq!(problems[0].0, "Name");
        assert!(problems[0].1.contains("too long") && problems[0].1.len() < 200, "{}", problems[0].1);
    }

    #[test]
    fn flags_and_cadences() {
        assert_eq!(parse_flag(" Yes "), Ok(true));
        assert_eq!(parse_flag("0"), Ok(false));
        assert!(parse_flag("maybe").is_err());
        assert_eq!(parse_every("30"), Ok(30));
        assert!(parse_every("0").is_err());
        assert!(parse_every("monthly").is_err());
        assert!(parse_birthday("12-Apr-85").unwrap_err().contains("two-digit"));
        assert_eq!(parse_birthday("--04-12"), Ok(Birthday { year: None, month: 4, day: 12 }));
    }
}
