//! Which kept extras an export writes back.
//!
//! Extras come back as they were kept, except:
//! - lines the writer owns: VERSION, BEGIN, END, PRODID, UID, REV, and N (written from the name;
//!   vCard allows one N, so ALTID variants of it are not written);
//! - EMAIL, TEL, CATEGORIES and NOTE: kith models every one of them, so its fields are the truth
//!   and such a line (from before kith modelled it) is stale: writing it could bring back an
//!   address the user deleted;
//! - a BDAY when the contact has a birthday (a free-text BDAY goes back when it has none);
//! - lines that say what a modelled field already says (the same FN, TITLE, URL or LinkedIn
//!   profile): they would be duplicates; a second TITLE or another URL goes back;
//! - an ORG whose first component is the contact's organization replaces the plain ORG line, so
//!   its units survive; an ADR whose locality, region and country make the contact's location
//!   stands for the location;
//! - lines that are not content lines (a line break inside, no colon), which would break the file;
//! - exact repeats.

use std::collections::HashSet;

use kith_core::Contact;

use super::{content_line::ContentLine, map::location_from_adr};

const WRITER_OWNED: [&str; 7] = ["VERSION", "BEGIN", "END", "PRODID", "UID", "REV", "N"];
const MODELLED_WHOLLY: [&str; 4] = ["EMAIL", "TEL", "CATEGORIES", "NOTE"];

/// The extras to write and what they stand in for.
#[derive(Debug, Default)]
pub(crate) struct Selected<'a> {
    /// An ORG line to write instead of the plain one.
    pub org_line: Option<&'a str>,
    /// An ADR among the lines gives the contact's location, so none is made for it.
    pub location_covered: bool,
    pub lines: Vec<&'a str>,
}

pub(crate) fn select<'a>(extra: &'a [String], contact: &Contact) -> Selected<'a> {
    let mut selected = Selected::default();
    let mut seen = HashSet::new();
    for text in extra {
        if text.contains(['\r', '\n']) {
            continue;
        }
        let Ok(line) = ContentLine::parse(text) else { continue };
        let name = line.name.as_str();
        let replaced = WRITER_OWNED.contains(&name) || MODELLED_WHOLLY.contains(&name);
        if replaced || (name == "BDAY" && contact.birthday.is_some()) || !seen.insert(text) {
            continue;
        }
        if name == "ORG" && selected.org_line.is_none() && first_component_is_org(&line, contact) {
            if line.components().iter().skip(1).any(|unit| !unit.trim().is_empty()) {
                selected.org_line = Some(text);
            }
            continue;
        }
        if said_by_model(&line, contact) {
            continue;
        }
        if name == "ADR" && contact.location.is_some() && location_from_adr(&line.components()) == contact.location {
            selected.location_covered = true;
        }
        selected.lines.push(text);
    }
    selected
}

fn first_component_is_org(line: &ContentLine<'_>, contact: &Contact) -> bool {
    let parts = line.components();
    contact.org.as_deref().is_some_and(|org| parts.first().is_some_and(|first| first.trim() == org))
}

/// Whether a modelled field already says everything the line says.
fn said_by_model(line: &ContentLine<'_>, c: &Contact) -> bool {
    let text = line.text_value();
    let text = text.trim();
    let is = |field: &Option<String>| field.as_deref() == Some(text);
    match line.name.as_str() {
        "FN" => text == c.name,
        "TITLE" => is(&c.title),
        "URL" => is(&c.website) || is(&c.linkedin),
        "X-SOCIALPROFILE" => is(&c.linkedin),
        _ => false,
    }
}
