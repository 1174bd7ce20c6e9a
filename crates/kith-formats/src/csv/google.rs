//! Google Contacts CSV (contacts.google.com → Export → Google CSV), in both layouts Google has used:
//!
//! - current: `First Name,Middle Name,Last Name,…,Nickname,File As,Organization Name,
//!   Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,
//!   E-mail 1 - Value,…,Phone 1 - Value,…,Address 1 - Formatted,…,Website 1 - Value,…`
//! - legacy: `Name,Given Name,Additional Name,Family Name,…,Birthday,…,Notes,Group Membership,
//!   E-mail 1 - Type,E-mail 1 - Value,…,Organization 1 - Name,Organization 1 - Title,…,
//!   Website 1 - Type,Website 1 - Value`
//!
//! Columns are found by name, in any order; both layouts' names are understood in one file.
//! A cell may hold several values separated by ` ::: ` (two e-mails in `E-mail 1 - Value`).
//!
//! - Name: the legacy `Name`, else prefix, first, middle, last name and suffix joined; a contact
//!   without any takes its `File As`, `Nickname`, organization or first e-mail address, as Google
//!   shows it.
//! - Labels (`Group Membership`) become tags. Google's system groups are not tags: `* myContacts`
//!   and `* other` are dropped, `* starred` marks the contact important; the legacy `* Friends`,
//!   `* Family` and `* Coworkers` become the tags `Friends`, `Family`, `Coworkers`.
//! - Websites: a linkedin.com address becomes the LinkedIn profile, the first other one the website.
//! - Location: city, region and country of the first address, else the legacy `Location`.
//! - What kith has no field for but the user typed (nickname, addresses, department, events,
//!   relations, custom fields, more websites) is kept at the end of the notes, one `Column: value`
//!   line each, so that nothing is lost. Photos and phonetic spellings are not kept.

use std::borrow::Cow;

use csv::StringRecord;

use super::{
    draft::{Draft, Field},
    linkedin::{is_linkedin_host, normalize_url},
    reader::{Table, decode, quoted_fields},
    rows::{Header, RowReader, read_rows},
};
use crate::{ContactFile, FormatError};

/// Reads a Google Contacts CSV export (either layout) into contacts.
pub fn read(bytes: &[u8]) -> Result<ContactFile, FormatError> {
    let mut table = Table::new(decode(bytes)?);
    let Some(row) = table.next_row()? else {
        return Err(FormatError::new(0, "file", "the file is empty"));
    };
    let Some(columns) = Columns::find(row.fields) else {
        return Err(FormatError::new(
            row.line,
            "header",
            format!(
                "not a Google Contacts header: expected columns such as First Name, Last Name, \
                 E-mail 1 - Value, Labels (or, in the older layout, Name, Given Name, Family Name, \
                 Group Membership); found {}",
                quoted_fields(row.fields, usize::MAX)
            ),
        ));
    };
    let header = Header::of(&row);
    Ok(read_rows(&mut table, header, &columns)?.file)
}

/// Google's separator of several values in one cell.
const MULTI: &str = ":::";

/// Columns whose values kith neither models nor keeps in the notes.
fn is_noise(header: &str) -> bool {
    let h = header.to_lowercase();
    h.starts_with("phonetic")
        || h.contains("yomi")
        || matches!(
            h.as_str(),
            "photo"
                | "file as"
                | "labels"
                | "group membership"
                | "sensitivity"
                | "priority"
                | "billing information"
                | "directory server"
                | "mileage"
                | "subject"
                | "language"
        )
        || h.ends_with(" - label")
        || h.ends_with(" - type")
}

/// A column kept in the notes: `Event 1 (Anniversary): 1835-07-08`.
#[derive(Debug)]
struct Extra {
    index: usize,
    /// `Event 1` for `Event 1 - Value`; the whole header otherwise.
    label: String,
    /// The `Event 1 - Label` (or `- Type`) column that names what the value is.
    kind: Option<usize>,
}

/// Where Google's columns are in this file.
#[derive(Debug, Default)]
struct Columns {
    names: Vec<String>,
    display: Option<usize>,
    /// Prefix, first, middle, last name and suffix, those present, in that order.
    parts: Vec<usize>,
    /// What names a contact without a name: File As, Nickname, organization.
    fallbacks: Vec<usize>,
    emails: Vec<usize>,
    phones: Vec<usize>,
    websites: Vec<usize>,
    org: Option<usize>,
    title: Option<usize>,
    birthday: Option<usize>,
    notes: Option<usize>,
    groups: Option<usize>,
    /// City, region and country of the first address.
    address: Vec<usize>,
    location: Option<usize>,
    extras: Vec<Extra>,
}

impl Columns {
    fn find(fields: &StringRecord) -> Option<Columns> {
        let names: Vec<String> = fields.iter().map(|f| f.trim().to_string()).collect();
        let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        let at = |wanted: &[&str]| wanted.iter().find_map(|w| lower.iter().position(|l| l == w));
        let numbered = |kind: &str, part: &str| -> Vec<usize> {
            let prefix = format!("{kind} ");
            let suffix = format!(" - {part}");
            (0..lower.len())
                .filter(|&i| {
                    lower[i].strip_prefix(&prefix).and_then(|r| r.strip_suffix(&suffix)).is_some_and(is_number)
                })
                .collect()
        };
        let mut c = Columns {
            display: at(&["name"]),
            parts: [
                "name prefix",
                "first name|given name",
                "middle name|additional name",
                "last name|family name",
                "name suffix",
            ]
            .iter()
            .filter_map(|alts| at(&alts.split('|').collect::<Vec<_>>()))
            .collect(),
            org: at(&["organization name", "organization 1 - name"]),
            title: at(&["organization title", "organization 1 - title"]),
            birthday: at(&["birthday"]),
            notes: at(&["notes"]),
            groups: at(&["labels", "group membership"]),
            emails: numbered("e-mail", "value"),
            phones: numbered("phone", "value"),
            websites: numbered("website", "value"),
            address: ["address 1 - city", "address 1 - region", "address 1 - country"]
                .iter()
                .filter_map(|w| at(&[w]))
                .collect(),
            location: at(&["location"]),
            ..Columns::default()
        };
        c.fallbacks = [at(&["file as"]), at(&["nickname"]), c.org].into_iter().flatten().collect();
        let has_name = c.display.is_some() || !c.parts.is_empty();
        let googly = c.groups.is_some() || !c.emails.is_empty() || !c.phones.is_empty() || at(&["file as"]).is_some();
        if !has_name || !googly {
            return None;
        }
        let used: Vec<usize> = [c.display, c.org, c.title, c.birthday, c.notes, c.groups, c.location]
            .into_iter()
            .flatten()
            .chain(c.parts.iter().copied())
            .chain(c.emails.iter().copied())
            .chain(c.phones.iter().copied())
            .chain(c.websites.iter().copied())
            .collect();
        c.extras = extras(&names, &used);
        c.names = names;
        Some(c)
    }
}

/// The columns kept in the notes: every column not `used` and not noise. A `X 1 - Value` (or
/// `Address 1 - Formatted`) column is labelled `X 1`, with its `X 1 - Label` column naming what it
/// is; the parts of an address that has a formatted form are not kept twice.
fn extras(names: &[String], used: &[usize]) -> Vec<Extra> {
    let split = |name: &str| -> (String, String) {
        let (group, part) = name.rsplit_once(" - ").unwrap_or((name, ""));
        (group.to_lowercase(), part.to_lowercase())
    };
    let groups: Vec<(String, String)> = names.iter().map(|n| split(n)).collect();
    let formatted = |group: &str| groups.iter().any(|(g, p)| g == group && p == "formatted");
    let kind_of = |group: &str| groups.iter().position(|(g, p)| g == group && (p == "label" || p == "type"));
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let (group, part) = &groups[i];
        let is_address_part = group.starts_with("address ") && part != "formatted" && formatted(group);
        if used.contains(&i) || is_noise(name) || is_address_part {
            continue;
        }
        let extra = if part == "value" || part == "formatted" {
            let label = name.rsplit_once(" - ").map_or(name.as_str(), |(g, _)| g).to_string();
            Extra { index: i, label, kind: kind_of(group) }
        } else {
            Extra { index: i, label: name.clone(), kind: None }
        };
        out.push(extra);
    }
    out
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The values of a cell: `a ::: b` is two.
fn values(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(MULTI).map(str::trim).filter(|v| !v.is_empty())
}

fn first_value(cell: &str) -> &str {
    values(cell).next().unwrap_or_default()
}

impl RowReader for Columns {
    fn read<'c, 'r>(&'c self, fields: &'r StringRecord, draft: &mut Draft<'c, 'r>) {
        let get = |i: usize| fields.get(i).unwrap_or_default().trim();
        let col = |i: usize| self.names[i].as_str();
        let name_from = self.read_name(fields, draft);
        for &i in &self.emails {
            values(get(i)).for_each(|v| draft.add(col(i), Field::Email, v));
        }
        for &i in &self.phones {
            values(get(i)).for_each(|v| draft.add(col(i), Field::Phone, v));
        }
        if let Some(i) = self.org {
            draft.add(col(i), Field::Org, get(i));
        }
        if let Some(i) = self.title {
            draft.add(col(i), Field::Title, get(i));
        }
        if let Some(i) = self.birthday {
            draft.add(col(i), Field::Birthday, get(i));
        }
        if let Some(i) = self.groups {
            for label in values(get(i)) {
                match system_group(label) {
                    Some(SystemGroup::Starred) => draft.add(col(i), Field::Important, "true"),
                    Some(SystemGroup::Hidden) => {}
                    Some(SystemGroup::Tag(tag)) => draft.add(col(i), Field::Tag, tag),
                    None => draft.add(col(i), Field::Tag, label),
                }
            }
        }
        let city_region_country: Vec<&str> =
            self.address.iter().map(|&i| first_value(get(i))).filter(|v| !v.is_empty()).collect();
        match (city_region_country.is_empty(), self.address.first(), self.location) {
            (false, Some(&i), _) => draft.add(col(i), Field::Location, city_region_country.join(", ")),
            (_, _, Some(i)) => draft.add(col(i), Field::Location, get(i)),
            _ => {}
        }
        if let Some(i) = self.notes {
            draft.add(col(i), Field::Note, get(i));
        }
        self.read_websites(fields, draft);
        let mut first = true;
        for e in self.extras.iter().filter(|e| Some(e.index) != name_from && !get(e.index).is_empty()) {
            // A blank line between the user's notes and what kith keeps for them.
            let gap = if first && draft.has(Field::Note) { "\n" } else { "" };
            first = false;
            let kind = e.kind.map(|k| get(k).trim_start_matches('*').trim()).filter(|k| !k.is_empty());
            let line = match kind {
                Some(kind) => format!("{gap}{} ({kind}): {}", e.label, get(e.index)),
                None => format!("{gap}{}: {}", e.label, get(e.index)),
            };
            draft.add(col(e.index), Field::Note, line);
        }
    }
}

impl Columns {
    /// Adds the contact's name, and says which fallback column gave it, if one did.
    fn read_name<'c, 'r>(&'c self, fields: &'r StringRecord, draft: &mut Draft<'c, 'r>) -> Option<usize> {
        let get = |i: usize| fields.get(i).unwrap_or_default().trim();
        let col = |i: usize| self.names[i].as_str();
        if let Some(i) = self.display.filter(|&i| !get(i).is_empty()) {
            draft.add(col(i), Field::Name, get(i));
            return None;
        }
        for &i in &self.parts {
            draft.add(col(i), Field::Name, first_value(get(i)));
        }
        if draft.has(Field::Name) {
            return None;
        }
        let fallback = self.fallbacks.iter().chain(&self.emails).copied().find(|&i| !get(i).is_empty());
        match fallback {
            Some(i) => draft.add(col(i), Field::Name, first_value(get(i))),
            None => {
                let blamed = self.display.or(self.parts.first().copied()).map_or("", col);
                draft.problem(blamed, "no name: the contact has no name, organization or e-mail address");
            }
        }
        fallback
    }

    /// A linkedin.com address becomes the LinkedIn profile, the first other one the website, and
    /// any more are kept in the notes.
    fn read_websites<'c, 'r>(&'c self, fields: &'r StringRecord, draft: &mut Draft<'c, 'r>) {
        let col = |i: usize| self.names[i].as_str();
        for &i in &self.websites {
            for url in values(fields.get(i).unwrap_or_default()) {
                if is_linkedin_host(url) && !draft.has(Field::Linkedin) {
                    draft.add(col(i), Field::Linkedin, normalize_url(url));
                } else if !draft.has(Field::Website) {
                    let with_scheme: Cow<str> =
                        if url.contains("://") { url.into() } else { format!("https://{url}").into() };
                    draft.add(col(i), Field::Website, with_scheme);
                } else {
                    draft.add(col(i), Field::Note, format!("Website: {url}"));
                }
            }
        }
    }
}

/// What one of Google's own groups means to kith.
#[derive(Debug, PartialEq, Eq)]
enum SystemGroup<'a> {
    Starred,
    Hidden,
    Tag(&'a str),
}

/// Google's system groups start with `* `; the user's own labels do not.
fn system_group(label: &str) -> Option<SystemGroup<'_>> {
    let name = label.strip_prefix('*')?.trim();
    Some(match name.to_lowercase().as_str() {
        "starred" => SystemGroup::Starred,
        "mycontacts" | "my contacts" | "other" | "other contacts" | "" => SystemGroup::Hidden,
        _ => SystemGroup::Tag(name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_groups_are_not_tags() {
        assert_eq!(system_group("* myContacts"), Some(SystemGroup::Hidden));
        assert_eq!(system_group("* starred"), Some(SystemGroup::Starred));
        assert_eq!(system_group("* Friends"), Some(SystemGroup::Tag("Friends")));
        assert_eq!(system_group("Work"), None);
    }

    #[test]
    fn a_header_must_look_like_google() {
        let header = |s: &str| StringRecord::from(s.split(',').collect::<Vec<_>>());
        assert!(Columns::find(&header("First Name,Last Name,E-mail 1 - Value")).is_some());
        assert!(Columns::find(&header("Name,Given Name,Group Membership")).is_some());
        assert!(Columns::find(&header("First Name,Last Name,Email")).is_none());
        assert!(Columns::find(&header("Labels,E-mail 1 - Value")).is_none());
    }
}
