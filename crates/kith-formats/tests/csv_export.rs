//! The CSV export, and its round trip through the mapped reader with `export::MAPPING`.

use chrono::{DateTime, NaiveDate};
use kith_core::{
    Circle, Contact, NewContact, Warmth,
    contact::{Birthday, Cadenced, split_name},
};
use kith_formats::csv::{
    export::{self, ExportRow},
    mapped,
};
use proptest::prelude::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    day("2026-11-22")
}

/// A contact as the store would hold it after adding `c`.
fn stored(id: i64, c: &NewContact) -> Contact {
    let (given_name, family_name) = split_name(&c.name);
    Contact {
        id,
        uid: format!("uid-{id}"),
        etag: "1".to_string(),
        name: c.name.clone(),
        given_name,
        family_name,
        emails: c.emails.clone(),
        phones: c.phones.clone(),
        org: c.org.clone(),
        title: c.title.clone(),
        location: c.location.clone(),
        circle: c.circle.unwrap_or(Circle::Active),
        custom_cadence_days: c.cadence_days,
        tags: c.tags.clone(),
        met_at: c.met_at.clone(),
        met_on: c.met_on,
        linkedin: c.linkedin.clone(),
        website: c.website.clone(),
        birthday: c.birthday,
        notes: c.notes.clone(),
        important: c.important,
        archived: false,
        added_on: day("2026-01-05"),
        snoozed_until: None,
        warmth: None,
        updated_at: DateTime::from_timestamp(0, 0).unwrap(),
    }
}

fn export(contacts: &[Contact]) -> String {
    let rows: Vec<ExportRow> = contacts.iter().map(|c| ExportRow { contact: c, summary: c.summary(today()) }).collect();
    export::write(&rows)
}

/// What importing the export should give back: the contact as added, its circle now explicit.
/// In a CSV cell, empty text and no text are the same thing.
fn expected(c: &Contact, added: &NewContact) -> NewContact {
    let none_if_empty = |v: &Option<String>| v.clone().filter(|t| !t.is_empty());
    NewContact {
        circle: Some(c.circle),
        title: none_if_empty(&added.title),
        location: none_if_empty(&added.location),
        met_at: none_if_empty(&added.met_at),
        notes: none_if_empty(&added.notes),
        ..added.clone()
    }
}

fn ann() -> NewContact {
    NewContact {
        name: "Ann \"Annie\" Lee, PhD".to_string(),
        emails: vec!["ann@example.org".to_string(), "a.lee@acme.example".to_string()],
        phones: vec!["+44 20 7946 0100".to_string()],
        org: Some("Acme, Inc.".to_string()),
        title: Some("CTO".to_string()),
        location: Some("Zürich".to_string()),
        circle: Some(Circle::Close),
        cadence_days: Some(21),
        tags: vec!["rust".to_string(), "climbing;bouldering".to_string()],
        met_at: Some("RustConf".to_string()),
        met_on: Some(day("2023-09-12")),
        linkedin: Some("https://www.linkedin.com/in/ann-lee".to_string()),
        website: Some("https://ann.example.org".to_string()),
        birthday: Some(Birthday { year: None, month: 2, day: 29 }),
        notes: Some("Owes me a coffee.\n\"Great\" at intros, really".to_string()),
        important: true,
    }
    .validate()
    .unwrap()
}

#[test]
fn the_export_has_stable_columns_and_readable_values() {
    let mut ann = stored(7, &ann());
    ann.warmth = Some(Warmth { last_touch: day("2026-11-01"), mass: 1.0, strength: 1.0 });
    let csv = export(&[ann]);
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "id,name,given_name,family_name,emails,phones,org,title,location,circle,cadence_days,\
         custom_cadence_days,tags,met_at,met_on,linkedin,website,birthday,notes,important,archived,\
         added_on,warmth,status,due_on,last_touch"
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with(r#"7,"Ann ""Annie"" Lee, PhD","Ann ""Annie""",Lee,"ann@example.org, a.lee@acme.example","#),
        "{row}"
    );
    assert!(
        row.contains(",\"Acme, Inc.\",CTO,Zürich,close,21,21,\"rust, climbing;bouldering\",RustConf,2023-09-12,"),
        "{row}"
    );
    // A spreadsheet would compute `--02-29` (to -27) and run `+44 …`: both are written as text.
    assert!(row.contains(",'--02-29,\"Owes me a coffee."), "{row}");
    assert!(row.contains(",'+44 20 7946 0100,"), "{row}");
    assert!(csv.ends_with(",true,false,2026-01-05,0.500,warm,2026-11-22,2026-11-01\r\n"), "{csv}");
}

#[test]
fn an_export_imports_back_with_its_mapping() {
    let added = ann();
    let contact = stored(1, &added);
    let file = mapped::read(export(std::slice::from_ref(&contact)).as_bytes(), export::MAPPING).unwrap();
    assert!(file.rejected.is_empty(), "{:?}", file.rejected);
    assert_eq!(file.records[0].contact, expected(&contact, &added));
}

fn text(pattern: &'static str) -> impl Strategy<Value = Option<String>> {
    proptest::option::of(pattern)
}

prop_compose! {
    fn new_contact()(
        name in "[A-Za-zÀ-ÿ张伟🚀 ,\"'.-]{1,40}",
        emails in proptest::collection::vec("[a-z0-9._;+-]{1,8}@[a-z]{1,8}\\.(org|com|de)", 0..3),
        phones in proptest::collection::vec("\\+?[0-9]{3,6}( [0-9]{2,4}){0,2}", 0..3),
        org in text("[A-Za-zé&,\"\n .-]{0,30}"),
        title in text("[A-Za-z, \"]{0,20}"),
        location in text("[A-Za-zü, ]{0,20}"),
        circle in proptest::option::of(proptest::sample::select(Circle::ALL.to_vec())),
        cadence_days in proptest::option::of(1u32..=3650),
        tags in proptest::collection::vec("[a-zA-Zé;: -]{1,12}", 0..4),
        met_at in text("[A-Za-z, \"\n]{0,20}"),
        met_on in proptest::option::of(0i64..20_000),
        linkedin in text("https://www\\.linkedin\\.com/in/[a-z0-9-]{1,20}"),
        website in text("https?://[a-z]{1,10}\\.org(/[a-z]{0,5})?"),
        birthday in proptest::option::of((proptest::option::of(1900i32..2020), 1u32..=12, 1u32..=28)),
        notes in text("[A-Za-z0-9é张🚀,;:\"'\n\t .-]{0,80}"),
        important in any::<bool>(),
    ) -> NewContact {
        NewContact {
            name, emails, phones, org, title, location, circle, cadence_days, tags, met_at,
            met_on: met_on.map(|d| day("1990-01-01") + chrono::Duration::days(d)),
            linkedin, website,
            birthday: birthday.map(|(year, month, day)| Birthday { year, month, day }),
            notes, important,
        }
    }
}

proptest! {
    #[test]
    fn every_field_survives_export_and_import(
        added in proptest::collection::vec(new_contact().prop_filter_map("valid", |c| c.validate().ok()), 1..6)
    ) {
        let contacts: Vec<Contact> = added.iter().enumerate().map(|(i, c)| stored(i as i64 + 1, c)).collect();
        let csv = export(&contacts);
        let file = mapped::read(csv.as_bytes(), export::MAPPING).unwrap();
        prop_assert!(file.rejected.is_empty(), "{:?}\n{}", file.rejected, csv);
        prop_assert_eq!(file.records.len(), contacts.len());
        for ((record, contact), added) in file.records.iter().zip(&contacts).zip(&added) {
            prop_assert_eq!(&record.contact, &expected(contact, added), "{}", csv);
        }
    }
}
