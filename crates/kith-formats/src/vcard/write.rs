//! Writing contacts as vCard 4.0 (RFC 6350): escaped, folded at 75 octets, CRLF line ends, and the
//! same bytes for the same contacts every time.

use std::collections::HashSet;

use kith_core::{
    Contact,
    contact::{Birthday, split_name},
    org::{Membership, Role},
    relationship::Relation,
};

use super::{fold::push_folded, value::escape, write_extra, write_extra::label_key};

/// A contact to export, with what kith keeps beside it.
#[derive(Debug, Clone, Copy)]
pub struct VcardContact<'a> {
    pub contact: &'a Contact,
    /// Properties kept from an import ([`crate::ContactRecord::extra`]), written back.
    pub extra: &'a [String],
    /// The contact's organizations. The employer is the contact's ORG already; every other one
    /// (an association, a school, a board seat) is written as `X-KITH-ORG;X-KITH-ROLE=member:Name`,
    /// which other address books keep and ignore, and which a kith import keeps as an extra.
    pub memberships: &'a [Membership],
    /// The contact's relationships with other contacts, written as RELATED (4.0) or Apple's
    /// X-ABRELATEDNAMES (3.0).
    pub relations: &'a [Relation],
}

const PRODID: &str = "PRODID:-//kith//kith vCard export//EN";

/// Every contact, one card after the other.
pub fn write(contacts: &[VcardContact<'_>]) -> String {
    contacts.iter().map(write_one).collect()
}

/// The vCard version a card is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VcardVersion {
    /// vCard 3.0 (RFC 2426), which Apple's address books and most phones read.
    V3,
    /// vCard 4.0 (RFC 6350).
    #[default]
    V4,
}

/// One card in vCard 4.0: VERSION, PRODID, UID, FN, N, EMAIL, TEL (each with its kept label), ORG,
/// TITLE, ADR (for the location), BDAY, URL, X-SOCIALPROFILE, CATEGORIES, NOTE, kith's own
/// `X-KITH-*` fields, X-KITH-ORG, the kept extras, REV.
pub fn write_one(card: &VcardContact<'_>) -> String {
    write_one_as(card, VcardVersion::V4)
}

/// One card in the given version. vCard 3.0 differs in what 4.0 added: the UID is plain text, not
/// a `urn:uuid:`, phone numbers are text, not `tel:` URIs, and a birthday without a year is written as Apple's address books write it
/// (`BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-12`), which they and kith read back as such.
pub fn write_one_as(card: &VcardContact<'_>, version: VcardVersion) -> String {
    let c = card.contact;
    let extra = write_extra::select(card.extra, c);
    let version_line = match version {
        VcardVersion::V3 => "VERSION:3.0",
        VcardVersion::V4 => "VERSION:4.0",
    };
    // Apple's address books write (and compare) a plain UID in 3.0; 4.0 recommends `urn:uuid:`.
    let uid = match version {
        VcardVersion::V3 => escape(&c.uid),
        VcardVersion::V4 => uid_value(&c.uid),
    };
    let mut lines = vec![version_line.to_string(), PRODID.to_string(), format!("UID:{uid}")];
    lines.push(format!("FN:{}", escape(&c.name)));
    let (given, family) = if c.given_name.is_empty() && c.family_name.is_empty() {
        split_name(&c.name)
    } else {
        (c.given_name.clone(), c.family_name.clone())
    };
    // The card's own N while it still fits the name (a middle name, a prefix, a family name of
    // two words, a name written without spaces); else kith's split of the name.
    lines.push(extra.n_line.map_or_else(|| format!("N:{};{};;;", escape(&family), escape(&given)), str::to_string));
    let label = |property: &str, value: &str| extra.labelled.get(&label_key(property, value)).map(String::as_str);
    lines.extend(c.emails.iter().map(|e| format!("{}:{}", label("EMAIL", e).unwrap_or("EMAIL"), escape(e))));
    lines.extend(c.phones.iter().map(|p| {
        let head = label("TEL", p).unwrap_or("TEL");
        match version {
            VcardVersion::V3 => format!("{head}:{}", escape(p)),
            VcardVersion::V4 => tel_line(head, p),
        }
    }));
    if let Some(org) = &c.org {
        lines.push(extra.org_line.map_or_else(|| format!("ORG:{}", escape(org)), str::to_string));
    }
    if let Some(title) = &c.title {
        lines.push(format!("TITLE:{}", escape(title)));
    }
    if let Some(location) = c.location.as_ref().filter(|_| !extra.location_covered) {
        // The location is a place name; the locality is where an address book shows it.
        lines.push(format!("ADR:;;;{};;;", escape(location)));
    }
    if let Some(birthday) = &c.birthday {
        lines.push(match version {
            VcardVersion::V3 => bday_line_v3(birthday),
            VcardVersion::V4 => format!("BDAY:{}", bday_value(birthday)),
        });
    }
    if let Some(website) = &c.website {
        lines.push(format!("URL:{website}"));
    }
    if let Some(linkedin) = &c.linkedin {
        lines.push(format!("X-SOCIALPROFILE;TYPE=linkedin:{linkedin}"));
    }
    if !c.tags.is_empty() {
        lines.push(format!("CATEGORIES:{}", c.tags.iter().map(|t| escape(t)).collect::<Vec<_>>().join(",")));
    }
    if let Some(notes) = &c.notes {
        lines.push(format!("NOTE:{}", escape(notes)));
    }
    lines.extend(kith_lines(c));
    lines.extend(card.memberships.iter().filter(|m| !is_employer(m, c)).map(membership_line));
    lines.extend(super::related::lines(card.relations, version));
    let written: HashSet<String> = lines.iter().cloned().collect();
    lines.extend(extra.lines.into_iter().filter(|l| !written.contains(*l)).map(str::to_string));
    lines.push(format!("REV:{}", c.updated_at.format("%Y%m%dT%H%M%SZ")));

    let mut out = String::from("BEGIN:VCARD\r\n");
    for line in &lines {
        push_folded(&mut out, line);
    }
    out.push_str("END:VCARD\r\n");
    out
}

/// `urn:uuid:…` for a UUID (RFC 6350 6.7.6 recommends it), the uid as text otherwise.
fn uid_value(uid: &str) -> String {
    let is_uuid = uid.len() == 36
        && uid.char_indices().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() });
    // As stored: a client compares the UID it made with the one it reads back, case included.
    if is_uuid { format!("urn:uuid:{uid}") } else { escape(uid) }
}

/// A `tel:` URI when the number is one as it stands (digits and `+ - . ( ) * #`); otherwise text,
/// since spaces or an extension would have to be rewritten and the number would not come back as
/// the user typed it.
fn tel_line(head: &str, phone: &str) -> String {
    let uri_safe = phone.chars().all(|c| c.is_ascii_digit() || "+-.()*#".contains(c));
    if uri_safe && phone.chars().any(|c| c.is_ascii_digit()) {
        format!("{head};VALUE=uri:tel:{phone}")
    } else {
        format!("{head};VALUE=text:{}", escape(phone))
    }
}

/// `19900312`, or `--0312` without the year.
fn bday_value(b: &Birthday) -> String {
    match b.year.filter(|y| (1..=9999).contains(y)) {
        Some(year) => format!("{year:04}{:02}{:02}", b.month, b.day),
        None => format!("--{:02}{:02}", b.month, b.day),
    }
}

/// `BDAY:1990-03-12`, or Apple's year 1604 marked as no year.
fn bday_line_v3(b: &Birthday) -> String {
    match b.year.filter(|y| (1..=9999).contains(y)) {
        Some(year) => format!("BDAY:{year:04}-{:02}-{:02}", b.month, b.day),
        None => format!("BDAY;X-APPLE-OMIT-YEAR=1604:1604-{:02}-{:02}", b.month, b.day),
    }
}

/// kith's own fields, which other address books keep and ignore and kith reads back: the circle
/// always, the rest when set.
fn kith_lines(c: &Contact) -> Vec<String> {
    let mut lines = vec![format!("X-KITH-CIRCLE:{}", c.circle)];
    lines.extend(c.custom_cadence_days.map(|days| format!("X-KITH-CADENCE:{days}")));
    lines.extend(c.met_at.as_ref().map(|at| format!("X-KITH-MET-AT:{}", escape(at))));
    lines.extend(c.met_on.map(|on| format!("X-KITH-MET-ON:{}", on.format("%Y-%m-%d"))));
    if c.important {
        lines.push("X-KITH-IMPORTANT:TRUE".to_string());
    }
    lines
}

fn is_employer(m: &Membership, c: &Contact) -> bool {
    m.role == Role::Employee && c.org.as_deref().is_some_and(|org| org.eq_ignore_ascii_case(&m.org))
}

fn membership_line(m: &Membership) -> String {
    format!("X-KITH-ORG;X-KITH-ROLE={}:{}", m.role, escape(&m.org))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_phones_and_birthdays() {
        assert_eq!(uid_value("0B9C4A52-1F0E-4C7B-9D35-1A2B3C4D5E6F"), "urn:uuid:0B9C4A52-1F0E-4C7B-9D35-1A2B3C4D5E6F");
        assert_eq!(uid_value("abc;1"), "abc\\;1");
        assert_eq!(tel_line("TEL", "+1-555-0100"), "TEL;VALUE=uri:tel:+1-555-0100");
        assert_eq!(tel_line("TEL", "+49 30 1234"), "TEL;VALUE=text:+49 30 1234");
        assert_eq!(bday_value(&Birthday { year: None, month: 3, day: 12 }), "--0312");
        assert_eq!(bday_value(&Birthday { year: Some(1990), month: 3, day: 12 }), "19900312");
        assert_eq!(bday_line_v3(&Birthday { year: None, month: 3, day: 12 }), "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-12");
        assert_eq!(bday_line_v3(&Birthday { year: Some(1990), month: 3, day: 12 }), "BDAY:1990-03-12");
    }
}
