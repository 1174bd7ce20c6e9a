//! Which kept extras an export writes back.
//!
//! Extras come back as they were kept, except:
//! - lines the writer owns: VERSION, BEGIN, END, PRODID, UID, REV, and N (vCard allows one N, so
//!   ALTID variants of it are not written): a kept N (one that says more than kith's split of the
//!   name) is written instead of the split while each of its family, given and middle names is
//!   still part of the contact's name;
//! - EMAIL and TEL lines (kept for their labels): one whose value is still one of the contact's is
//!   written in place of the plain line, with its TYPE or Apple `itemN.` group; one whose value the
//!   contact no longer has is stale (writing it could bring back an address the user deleted), and
//!   so are the other lines of its group (the X-ABLabel that named it);
//! - CATEGORIES, NOTE and kith's `X-KITH-*` fields: kith models them, so its fields are the truth;
//! - a BDAY when the contact has a birthday (a free-text BDAY goes back when it has none);
//! - lines that say what a modelled field already says (the same FN, TITLE, URL or LinkedIn
//!   profile): they would be duplicates; a second TITLE or another URL goes back;
//! - an ORG whose first component is the contact's organization replaces the plain ORG line, so
//!   its units survive; an ADR whose locality, region and country make the contact's location
//!   stands for the location;
//! - lines that are not content lines (a line break inside, no colon), which would break the file;
//! - exact repeats.

use std::collections::{HashMap, HashSet};

use kith_core::Contact;

use super::{
    content_line::ContentLine,
    extra::label_head,
    map::{location_from_adr, tel_number},
};

const WRITER_OWNED: [&str; 7] = ["VERSION", "BEGIN", "END", "PRODID", "UID", "REV", "N"];
const MODELLED_WHOLLY: [&str; 7] =
    ["CATEGORIES", "NOTE", "X-KITH-CIRCLE", "X-KITH-CADENCE", "X-KITH-MET-AT", "X-KITH-MET-ON", "X-KITH-IMPORTANT"];

/// The extras to write and what they stand in for.
#[derive(Debug, Default)]
pub(crate) struct Selected<'a> {
    /// An ORG line to write instead of the plain one.
    pub org_line: Option<&'a str>,
    /// An N line to write instead of kith's split of the name.
    pub n_line: Option<&'a str>,
    /// An ADR among the lines gives the contact's location, so none is made for it.
    pub location_covered: bool,
    pub lines: Vec<&'a str>,
    /// The labels (group, name, parameters: `item1.EMAIL;TYPE=INTERNET`) of kept EMAIL and TEL
    /// lines whose value is current, by [`label_key`]: the value is written after its label.
    pub labelled: HashMap<String, String>,
}

/// The key of an e-mail address (any case) or a phone number among the labelled lines.
pub(crate) fn label_key(property: &str, value: &str) -> String {
    match property {
        "EMAIL" => format!("EMAIL:{}", value.trim().to_lowercase()),
        _ => format!("{property}:{}", value.trim()),
    }
}

/// The key of a kept EMAIL or TEL line when its value is still one of the contact's.
fn current_label(line: &ContentLine<'_>, contact: &Contact) -> Option<String> {
    let key = match line.name.as_str() {
        "EMAIL" => label_key("EMAIL", &line.text_value()),
        "TEL" => label_key("TEL", &tel_number(&line.text_value())),
        _ => return None,
    };
    let values = if line.name == "EMAIL" { &contact.emails } else { &contact.phones };
    values.iter().any(|v| label_key(&line.name, v) == key).then_some(key)
}

pub(crate) fn select<'a>(extra: &'a [String], contact: &Contact) -> Selected<'a> {
    let mut selected = Selected::default();
    let parsed: Vec<(&'a String, ContentLine<'a>)> = extra
        .iter()
        .filter(|text| !text.contains(['\r', '\n']))
        .filter_map(|text| ContentLine::parse(text).ok().map(|line| (text, line)))
        .collect();
    // Labels first: which EMAIL and TEL lines are current, and which groups lost theirs.
    let mut live_groups = HashSet::new();
    let mut stale_groups = HashSet::new();
    for (_, line) in parsed.iter().filter(|(_, l)| l.name == "EMAIL" || l.name == "TEL") {
        let group = line.group.map(str::to_ascii_lowercase);
        match current_label(line, contact) {
            Some(key) => {
                selected.labelled.entry(key).or_insert_with(|| label_head(line));
                live_groups.extend(group);
            }
            None => stale_groups.extend(group),
        }
    }
    stale_groups.retain(|g| !live_groups.contains(g));
    let mut seen = HashSet::new();
    for (text, line) in parsed {
        let name = line.name.as_str();
        let replaced =
            WRITER_OWNED.contains(&name) || MODELLED_WHOLLY.contains(&name) || name == "EMAIL" || name == "TEL";
        if name == "N"
            && selected.n_line.is_none()
            && line.params.iter().all(|p| p.name != "ALTID")
            && n_fits(&line, contact)
        {
            selected.n_line = Some(text);
            continue;
        }
        let orphaned = line.group.is_some_and(|g| stale_groups.contains(&g.to_ascii_lowercase()));
        if replaced || orphaned || (name == "BDAY" && contact.birthday.is_some()) || !seen.insert(text) {
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

/// Whether every family, given and middle name of an N line is part of the contact's name.
fn n_fits(line: &ContentLine<'_>, contact: &Contact) -> bool {
    let parts = line.components();
    let names: Vec<&str> = parts.iter().take(3).map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    !names.is_empty() && names.iter().all(|n| contact.name.contains(n))
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
