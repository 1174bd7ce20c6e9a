//! Any CSV with a column mapping (`kith import csv FILE --map …`).

use chrono::NaiveDate;
use kith_core::{Circle, contact::Birthday};
use kith_formats::csv::mapped;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

const PEOPLE_MAP: &str = "Full name=name, Mail=email, work mail=email, Employer=org, Role=title, Tags=tag, \
                          Met at=met-at, Met on=met_on, Birthday=birthday, Circle=circle, Every=every, Comment=note";

#[test]
fn a_spreadsheet_reads_through_its_mapping() {
    let file = mapped::read(&fixture("mapped_people.csv"), PEOPLE_MAP).unwrap();
    assert!(file.rejected.is_empty(), "{:?}", file.rejected);
    let ann = &file.records[0].contact;
    assert_eq!(ann.name, "Ann Lee");
    assert_eq!(ann.emails, vec!["ann@example.org", "ann.lee@acme.example"], "two columns map to email");
    assert_eq!(ann.org.as_deref(), Some("Acme"));
    assert_eq!(ann.title.as_deref(), Some("CTO"));
    assert_eq!(ann.tags, vec!["rust", "climbing"]);
    assert_eq!(ann.met_at.as_deref(), Some("RustConf"));
    assert_eq!(ann.met_on, NaiveDate::from_ymd_opt(2023, 9, 12));
    assert_eq!(ann.birthday, Some(Birthday { year: Some(1990), month: 3, day: 12 }));
    assert_eq!(ann.circle, Some(Circle::Close));
    assert_eq!(ann.cadence_days, Some(21));
    assert_eq!(ann.notes.as_deref(), Some("Introduced me to Bob, owes me nothing"));

    let bob = &file.records[1].contact;
    assert_eq!(
        (bob.name.as_str(), bob.org.as_deref(), bob.circle),
        ("Bob Stone", Some("Stone & Sons"), Some(Circle::Wide))
    );
    assert!(bob.emails.is_empty() && bob.tags.is_empty() && bob.cadence_days.is_none());

    let chloe = &file.records[2].contact;
    assert_eq!(chloe.emails, vec!["chloe@example.fr", "c.martin@example.fr"]);
    assert_eq!(chloe.org.as_deref(), Some("\"Le Lab\""));
    assert_eq!(chloe.tags, vec!["design", "paris"]);
    assert_eq!(chloe.met_on, NaiveDate::from_ymd_opt(2022, 10, 12));
    assert_eq!(chloe.birthday, Some(Birthday { year: None, month: 7, day: 14 }));
    assert_eq!(chloe.notes.as_deref(), Some("Speaks at \"Paris Web\"\nevery year"));
    assert_eq!(file.records[2].line, 4);
}

#[test]
fn first_and_last_names_are_joined_unless_a_full_name_is_given() {
    let text = "Surname,Given,Full\nLee,Ann,\nStone,Bob,Robert Stone\n,,\n";
    let file = mapped::read(text.as_bytes(), "Surname=last_name,Given=first_name,Full=name").unwrap();
    let names: Vec<&str> = file.records.iter().map(|r| r.contact.name.as_str()).collect();
    assert_eq!(names, vec!["Ann Lee", "Robert Stone"]);
    assert!(file.rejected.is_empty(), "a blank row is skipped: {:?}", file.rejected);

    let file = mapped::read(b"Given,Surname,Mail\n,,x@example.org\n", "Given=first_name,Surname=last_name,Mail=email")
        .unwrap();
    assert_eq!(file.rejected[0].problems[0].field, "Given");
    assert!(file.rejected[0].problems[0].message.contains("Given and Surname are empty"));
}

#[test]
fn every_bad_value_is_named_by_its_column_and_line() {
    let text = "Name,Mail,Since,Circle,Every\r\n\
                Ann Lee,ann@example.org,2023-01-02,close,30\r\n\
                \"Bob\nStone\",bob-at-example,yesterday,bestie,0\r\n";
    let file = mapped::read(text.as_bytes(), "Name=name,Mail=email,Since=met_on,Circle=circle,Every=every").unwrap();
    assert_eq!(file.records.len(), 1);
    let bob = &file.rejected[0];
    assert_eq!((bob.line, bob.record), (3, 2));
    let fields: Vec<&str> = bob.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, vec!["Name", "Mail", "Since", "Circle", "Every"], "in the order of the columns");
    assert!(bob.problems.iter().all(|p| p.line == 3));
    assert!(bob.problems[1].message.contains("'bob-at-example'"));
}

#[test]
fn a_mapping_that_does_not_fit_lists_the_columns_and_the_targets() {
    let text = b"Full name,Mail,Employer\nAnn,ann@example.org,Acme\n";
    let err = mapped::read(text, "Name=name,Mial=email").unwrap_err();
    assert!(err.message.contains("'Mial'") && !err.message.contains("'Name' not"), "{}", err.message);
    assert!(err.message.contains("'Full name', 'Mail', 'Employer'"), "{}", err.message);
    assert!(err.message.contains("first_name") && err.message.contains("met_on"), "{}", err.message);
    assert_eq!(err.line, 1);

    let err = mapped::read(text, "Full name=name,Mail=emial").unwrap_err();
    assert!(err.message.contains("unknown target 'emial'"), "{}", err.message);
    assert!(err.message.contains("'Full name', 'Mail', 'Employer'"), "{}", err.message);

    let err = mapped::read(text, "Mail=email,Employer=org").unwrap_err();
    assert!(err.message.contains("no name"), "{}", err.message);
    assert!(err.message.contains("'Employer'"), "{}", err.message);

    let err = mapped::read(text, "Full name=name,Mail=org,Employer=org").unwrap_err();
    assert!(err.message.contains("org is given 2 columns"), "{}", err.message);

    let err = mapped::read(text, "Full name=name,Mail").unwrap_err();
    assert!(err.message.contains("'Mail' in the mapping has no target"), "{}", err.message);
}

#[test]
fn columns_match_whatever_their_case_and_spaces() {
    let file =
        mapped::read(b" FULL NAME ,E-Mail\nAnn Lee,ann@example.org\n", "full name=name, e-mail = email").unwrap();
    assert_eq!(file.records[0].contact.emails, vec!["ann@example.org"]);
    let file = mapped::read(b"Name,Mail\nAnn,x\n", "name=name,mail=email").unwrap();
    assert_eq!(file.rejected[0].problems[0].field, "Mail", "the column as the file spells it");
}
