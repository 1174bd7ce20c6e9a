//! Google Contacts CSV, in its current and its legacy layout.

use kith_core::contact::Birthday;
use kith_formats::csv::google;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn the_current_layout_reads_names_labels_and_multi_values() {
    let file = google::read(&fixture("google_contacts.csv")).unwrap();
    assert!(file.rejected.is_empty(), "{:?}", file.rejected);
    let names: Vec<&str> = file.records.iter().map(|r| r.contact.name.as_str()).collect();
    assert_eq!(names, vec!["Grace Brewster Hopper", "Acme Support", "Ann Lee", "José Núñez"]);

    let grace = &file.records[0].contact;
    assert_eq!(grace.emails, vec!["grace@navy.example", "g.hopper@navy.example", "grace@example.com"]);
    assert_eq!(grace.phones, vec!["+1 555 0199"]);
    assert_eq!(grace.org.as_deref(), Some("US Navy"));
    assert_eq!(grace.title.as_deref(), Some("Rear Admiral"));
    assert_eq!(grace.birthday, Some(Birthday { year: Some(1906), month: 12, day: 9 }));
    assert_eq!(grace.tags, vec!["Navy", "Mentors"], "system groups are not tags");
    assert!(grace.important, "* starred marks the contact important");
    assert_eq!(grace.linkedin.as_deref(), Some("https://www.linkedin.com/in/grace-hopper"));
    assert_eq!(grace.website.as_deref(), Some("https://example.org/grace"));
    assert_eq!(grace.location.as_deref(), Some("Arlington, VA, USA"));
    let notes = grace.notes.as_deref().unwrap();
    assert!(notes.starts_with("Met at the COBOL meetup.\nLoves nanoseconds.\n\n"), "{notes}");
    for kept in [
        "Nickname: Amazing Grace",
        "Organization Department: Computing",
        "Address 1 (Work): 1 Main St\nArlington, VA 22201\nUSA",
        "Event 1 (Anniversary): 1930-06-15",
    ] {
        assert!(notes.contains(kept), "{kept} in {notes}");
    }
    assert!(!notes.contains("googleusercontent"), "photos are not kept: {notes}");
    assert!(!notes.contains("Address 1 - City"), "address parts are in the formatted address: {notes}");

    let acme = &file.records[1].contact;
    assert_eq!(acme.org.as_deref(), Some("Acme Support"), "a contact without a name is named by its organization");
    assert!(acme.tags.is_empty() && !acme.important);

    let ann = &file.records[2].contact;
    assert_eq!(ann.birthday, Some(Birthday { year: None, month: 4, day: 12 }));
    assert_eq!(ann.phones, vec!["+44 20 7946 0100", "020 7946 0999"]);
    assert_eq!(ann.tags, vec!["Friends"]);
    assert_eq!(ann.location.as_deref(), Some("London, United Kingdom"));
    assert_eq!(ann.notes, None);

    let jose = &file.records[3].contact;
    assert_eq!(jose.org.as_deref(), Some("Telefónica, S.A."));
    assert_eq!(jose.tags, vec!["Madrid trip"]);
}

#[test]
fn the_legacy_layout_reads_too() {
    let file = google::read(&fixture("google_contacts_legacy.csv")).unwrap();
    assert!(file.rejected.is_empty(), "{:?}", file.rejected);
    let names: Vec<&str> = file.records.iter().map(|r| r.contact.name.as_str()).collect();
    assert_eq!(names, vec!["Ada King Lovelace", "Charles Babbage", "Mary Somerville"]);

    let ada = &file.records[0].contact;
    assert_eq!(ada.emails, vec!["ada@home.example", "ada@work.example"]);
    assert_eq!(ada.org.as_deref(), Some("Analytical Engines"));
    assert_eq!(ada.title.as_deref(), Some("Engineer"));
    assert_eq!(ada.birthday, Some(Birthday { year: Some(1815), month: 12, day: 10 }));
    assert_eq!(ada.tags, vec!["Family", "Coworkers"]);
    assert!(ada.important);
    assert_eq!(ada.linkedin.as_deref(), Some("https://linkedin.com/in/ada"));
    let notes = ada.notes.as_deref().unwrap();
    assert!(notes.starts_with("Poet of numbers\n\n"), "{notes}");
    assert!(notes.contains("Nickname: Addie") && notes.contains("Organization 1 - Department: Research"), "{notes}");

    let charles = &file.records[1].contact;
    assert_eq!(charles.location.as_deref(), Some("London"));
    assert_eq!(charles.emails, vec!["charles@engines.example"]);
    assert!(charles.tags.is_empty());

    let mary = &file.records[2].contact;
    assert_eq!(mary.website.as_deref(), Some("https://example.org/mary"));
    assert_eq!(mary.tags, vec!["Royal Society"]);
    assert_eq!(file.records[2].line, 4);
}

#[test]
fn bad_values_are_named_by_their_google_column() {
    let text = "First Name,Last Name,Birthday,E-mail 1 - Label,E-mail 1 - Value,Labels\r\n\
                Ann,Lee,1990-13-45,Work,ann@example.org ::: ann-at-example,\"Friends, Family\"\r\n\
                ,,,,,* myContacts\r\n";
    let file = google::read(text.as_bytes()).unwrap();
    assert!(file.records.is_empty());
    let ann = &file.rejected[0];
    let fields: Vec<&str> = ann.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, vec!["Birthday", "E-mail 1 - Value", "Labels"]);
    assert!(ann.problems[1].message.contains("'ann-at-example'"), "{}", ann.problems[1].message);
    assert_eq!(file.rejected[1].problems[0].field, "First Name");

    let again = google::read(file.rejects_file().replace("1990-13-45", "1990-12-05").as_bytes()).unwrap();
    assert_eq!(again.rejected.len(), 2, "still wrong until the other values are fixed too");
}

#[test]
fn a_csv_that_is_not_google_is_refused_naming_its_columns() {
    let err = google::read(b"Full name,Mail\nAnn,ann@example.org\n").unwrap_err();
    assert_eq!(err.line, 1);
    assert!(err.message.contains("'Full name', 'Mail'"), "{}", err.message);
    assert!(err.message.contains("E-mail 1 - Value"), "{}", err.message);
}
