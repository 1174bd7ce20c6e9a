//! Helpers shared by the vCard tests: building stored contacts and reading files.

use chrono::{NaiveDate, TimeZone, Utc};
use kith_core::{Circle, Contact, NewContact};
use kith_formats::{ContactFile, ContactRecord, vcard};

/// A stored contact as the store would hand it to an export, from what a user typed.
pub fn stored(id: i64, new: NewContact) -> Contact {
    let new = new.validate().expect("a valid contact");
    let (given_name, family_name) = kith_core::contact::split_name(&new.name);
    Contact {
        id,
        uid: format!("6f1c2a3b-4d5e-4f60-8a9b-{id:012x}"),
        etag: "etag".into(),
        name: new.name,
        given_name,
        family_name,
        emails: new.emails,
        phones: new.phones,
        org: new.org,
        title: new.title,
        location: new.location,
        circle: new.circle.unwrap_or(Circle::Active),
        custom_cadence_days: new.cadence_days,
        tags: new.tags,
        met_at: new.met_at,
        met_on: new.met_on,
        linkedin: new.linkedin,
        website: new.website,
        birthday: new.birthday,
        notes: new.notes,
        important: new.important,
        archived: false,
        added_on: NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date"),
        snoozed_until: None,
        warmth: None,
        updated_at: Utc.with_ymd_and_hms(2026, 3, 4, 12, 30, 0).single().expect("a time"),
    }
}

/// Reads text that must be a vCard file.
pub fn read(text: &str) -> ContactFile {
    vcard::read(text).unwrap_or_else(|e| panic!("not read: {e}\n{text}"))
}

/// Reads a file holding one card that must import.
pub fn one(text: &str) -> ContactRecord {
    let file = read(text);
    assert!(file.rejected.is_empty(), "rejected: {:#?}", file.rejected);
    assert_eq!(file.records.len(), 1, "{text}");
    file.records.into_iter().next().expect("one record")
}

/// A card from its content lines, with CRLF line ends.
pub fn card(lines: &[&str]) -> String {
    let mut text = String::from("BEGIN:VCARD\r\n");
    for line in lines {
        text.push_str(line);
        text.push_str("\r\n");
    }
    text.push_str("END:VCARD\r\n");
    text
}
