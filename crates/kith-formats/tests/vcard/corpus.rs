//! The shared corpus of real vCards from other address-book projects (khard, Radicale): every
//! well-formed card imports with what kith models intact; every broken one is reported.

use std::path::{Path, PathBuf};

use kith_core::contact::Birthday;
use kith_formats::{ContactFile, ContactRecord, vcard};

/// Created and rejected cards per corpus file. A change here is a change users would notice.
const EXPECTED: &[(&str, usize, usize)] = &[
    ("khard/vcards__altid.vcf", 1, 0),
    ("khard/vcards__category.vcf", 1, 0),
    ("khard/vcards__contact1.vcf", 1, 0),
    ("khard/vcards__contact2.vcf", 1, 0),
    ("khard/vcards__individual.vcf", 1, 0),
    ("khard/vcards__issue249.vcf", 1, 0),
    ("khard/vcards__joe.vcf", 1, 0),
    ("khard/vcards__korean-c.vcf", 1, 0),
    ("khard/vcards__korean-j.vcf", 1, 0),
    ("khard/vcards__labels.vcf", 1, 0),
    ("khard/vcards__minimal.vcf", 1, 0),
    ("khard/vcards__nickname.vcf", 1, 0),
    ("khard/vcards__no-nickname.vcf", 1, 0),
    ("khard/vcards__org.vcf", 1, 0),
    ("khard/vcards__photov3.vcf", 1, 0),
    ("khard/vcards__photov4.vcf", 1, 0),
    ("khard/vcards__post.vcf", 1, 0),
    ("khard/vcards__tel-value-uri.vcf", 1, 0),
    ("khard/vcards__text-bday.vcf", 1, 0),
    // Truncated: END:VCARD is missing.
    ("khard/vcards__unparsable.vcf", 0, 1),
    // Cards with neither FN nor N: nothing to call the person.
    ("radicale/broken-vcard.vcf", 0, 1),
    ("radicale/broken-vcards.vcf", 0, 2),
    // The second card lacks a UID, which is fine, but also FN and N, which is not.
    ("radicale/broken-vcards2-no_uid.vcf", 1, 1),
    ("radicale/broken-vcards2.vcf", 1, 1),
    ("radicale/contact1.vcf", 1, 0),
    ("radicale/contact1_v4.vcf", 1, 0),
    ("radicale/contact2-with-bday.vcf", 1, 0),
    ("radicale/contact3-with-bday.vcf", 1, 0),
    ("radicale/contact4-with-bday-no-year.vcf", 1, 0),
    ("radicale/contact_multiple.vcf", 2, 0),
    ("radicale/contact_multiple_v4.vcf", 2, 0),
    ("radicale/contact_photo_with_data_uri.vcf", 1, 0),
    ("radicale/contact_photo_with_data_uri_v4.vcf", 1, 0),
];

/// The corpus directory, or `None` (after saying so) where it is not checked out. Under CI it must be.
fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("KITH_CORPUS").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/vcard")),
        PathBuf::from,
    );
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "the vCard corpus is missing at {} (set KITH_CORPUS)", dir.display());
    println!("skipped: no vCard corpus at {} (set KITH_CORPUS)", dir.display());
    None
}

fn read(dir: &Path, file: &str) -> ContactFile {
    let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    vcard::read_bytes(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The only card of a corpus file, which must import.
fn only(dir: &Path, file: &str) -> ContactRecord {
    let found = read(dir, file);
    assert!(found.rejected.is_empty(), "{file}: {:?}", found.rejected);
    assert_eq!(found.records.len(), 1, "{file}");
    found.records.into_iter().next().expect("a record")
}

#[test]
fn every_corpus_file_imports_with_the_counts_on_record() {
    let Some(dir) = corpus() else { return };
    let mut on_disk = Vec::new();
    for sub in ["khard", "radicale"] {
        for entry in std::fs::read_dir(dir.join(sub)).expect("a corpus folder") {
            let name = entry.expect("an entry").file_name().to_string_lossy().into_owned();
            if name.ends_with(".vcf") {
                on_disk.push(format!("{sub}/{name}"));
            }
        }
    }
    on_disk.sort();
    let listed: Vec<String> = EXPECTED.iter().map(|(f, _, _)| f.to_string()).collect();
    assert_eq!(on_disk, listed, "corpus files changed: update EXPECTED");

    let got: Vec<(&str, usize, usize)> = EXPECTED
        .iter()
        .map(|(file, _, _)| {
            let found = read(&dir, file);
            (*file, found.records.len(), found.rejected.len())
        })
        .collect();
    let table: String = got.iter().map(|(f, c, r)| format!("{f}: created {c}, rejected {r}\n")).collect();
    assert_eq!(got, EXPECTED, "created/rejected per file:\n{table}");
}

#[test]
fn broken_cards_are_reported_with_card_and_reason() {
    let Some(dir) = corpus() else { return };
    let reasons = |file: &str| -> Vec<String> { read(&dir, file).problems().map(|p| format!("{file}: {p}")).collect() };
    assert_eq!(
        reasons("khard/vcards__unparsable.vcf"),
        [
            "khard/vcards__unparsable.vcf: line 1 (record 1), END: card is not closed: END:VCARD missing (truncated file?)"
        ]
    );
    assert_eq!(
        reasons("radicale/broken-vcards.vcf"),
        [
            "radicale/broken-vcards.vcf: line 1 (record 1), FN: no FN or N: a card needs a name",
            "radicale/broken-vcards.vcf: line 9 (record 2), FN: no FN or N: a card needs a name",
        ]
    );
    assert_eq!(
        reasons("radicale/broken-vcard.vcf"),
        ["radicale/broken-vcard.vcf: line 1 (record 1), FN: no FN or N: a card needs a name"]
    );
    for file in ["radicale/broken-vcards2.vcf", "radicale/broken-vcards2-no_uid.vcf"] {
        let found = read(&dir, file);
        assert_eq!(found.records[0].contact.name, "Test Example");
        assert_eq!(found.records[0].contact.emails, ["test-misses-N-or-FN@example.com"]);
        assert_eq!(reasons(file), [format!("{file}: line 10 (record 2), FN: no FN or N: a card needs a name")]);
        // The rejects file holds the broken card as it was, ready to fix and import again.
        let rejects = found.rejects_file();
        assert!(rejects.starts_with("BEGIN:VCARD\n") && rejects.contains("test-misses-N-or-FN@example1.com"));
        assert_eq!(vcard::read(&rejects).expect("a vCard").rejected.len(), 1);
    }
}

#[test]
fn names_emails_and_organizations() {
    let Some(dir) = corpus() else { return };
    assert_eq!(only(&dir, "khard/vcards__korean-c.vcf").contact.name, "최유림");
    assert_eq!(only(&dir, "khard/vcards__korean-j.vcf").contact.name, "전도훈");
    // No FN: the name is assembled from N, given name first.
    let smith = only(&dir, "khard/vcards__nickname.vcf");
    assert_eq!(
        (smith.contact.name.as_str(), smith.contact.emails.as_slice()),
        ("Michael Smith", &["ms@example.org".to_string()][..])
    );
    assert!(smith.extra.contains(&"NICKNAME:Mike".to_string()));
    assert_eq!(only(&dir, "khard/vcards__no-nickname.vcf").contact.name, "Mike Jones");
    let coyote = only(&dir, "khard/vcards__individual.vcf").contact;
    assert_eq!((coyote.name.as_str(), coyote.org.as_deref()), ("Wile E. Coyote", Some("ACME Inc.")));
    let joe = only(&dir, "khard/vcards__joe.vcf");
    assert_eq!(joe.contact.emails, ["jcitizen@foo.com"]);
    assert_eq!(
        joe.extra,
        [
            "UID:6exhjr32bt783wwlr9u0sr8lfqse5x7zqc8y",
            "NICKNAME:horrible_human_being",
            // Kept for its label, written back while the address is the contact's.
            "EMAIL;TYPE=pref:jcitizen@foo.com",
            "REV:20200411T072429Z"
        ]
    );
    let labeled = only(&dir, "khard/vcards__labels.vcf");
    assert_eq!(labeled.contact.org.as_deref(), Some("Test Inc"));
    assert!(labeled.extra.contains(&"item1.X-ABLabel:Work".to_string()));
    let org = only(&dir, "khard/vcards__org.vcf");
    assert_eq!((org.contact.name.as_str(), org.contact.org.as_deref()), ("ACME Inc.", Some("ACME Inc.")));
    assert!(org.extra.contains(&"KIND:org".to_string()));
    let altid = only(&dir, "khard/vcards__altid.vcf");
    assert_eq!(altid.contact.name, "altid");
    assert_eq!(altid.extra, ["UID:altid", "N;ALTID=1:representation;one;;;", "N;ALTID=1:representation;two;;;"]);
    let two = read(&dir, "radicale/contact_multiple_v4.vcf");
    let names: Vec<&str> = two.records.iter().map(|r| r.contact.name.as_str()).collect();
    assert_eq!(names, ["Contact1", "Contact2"]);
    assert_eq!((two.records[1].line, two.records[1].record), (7, 2));
}

#[test]
fn phones_tags_locations_and_notes() {
    let Some(dir) = corpus() else { return };
    let first = only(&dir, "khard/vcards__contact1.vcf").contact;
    assert_eq!(
        (first.emails.as_slice(), first.phones.as_slice()),
        (&["user@example.com".to_string()][..], &["0123456789".to_string()][..])
    );
    assert_eq!(only(&dir, "khard/vcards__tel-value-uri.vcf").contact.phones, ["67545678"]);
    let tagged = only(&dir, "khard/vcards__category.vcf").contact;
    assert_eq!(
        (tagged.tags.as_slice(), tagged.emails.as_slice()),
        (&["bar".to_string()][..], &["foo@example.org".to_string()][..])
    );
    let post = only(&dir, "khard/vcards__post.vcf");
    assert_eq!(post.contact.location.as_deref(), Some("The City, SomeState, HomeCountry"));
    assert!(
        post.extra
            .contains(&"ADR;TYPE=home:PostBox;Ext;Main Street 1;The City;SomeState;00000;HomeCountry".to_string())
    );
    // Folded NOTE lines come back whole, escaped commas as commas.
    let notes = only(&dir, "khard/vcards__photov3.vcf").contact.notes.expect("a note");
    assert!(notes.starts_with("From the RFC: ENCODING must be \"b\""), "{notes}");
    assert!(notes.contains("data), TYPE may be present, but") && notes.ends_with("or an uri."), "{notes}");
}

#[test]
fn birthdays_with_and_without_year() {
    let Some(dir) = corpus() else { return };
    let day = |file: &str| only(&dir, file).contact.birthday;
    assert_eq!(day("khard/vcards__contact1.vcf"), Some(Birthday { year: Some(2018), month: 1, day: 20 }));
    assert_eq!(day("radicale/contact2-with-bday.vcf"), Some(Birthday { year: Some(1970), month: 1, day: 1 }));
    assert_eq!(day("radicale/contact3-with-bday.vcf"), Some(Birthday { year: Some(1990), month: 1, day: 1 }));
    // Thunderbird's 1604 means "year unknown".
    assert_eq!(day("radicale/contact4-with-bday-no-year.vcf"), Some(Birthday { year: None, month: 1, day: 1 }));
    // Free text is no date, but the card imports and keeps it.
    let text = only(&dir, "khard/vcards__text-bday.vcf");
    assert_eq!(text.contact.birthday, None);
    assert!(text.extra.contains(&"BDAY;VALUE=text:circa 1800".to_string()));
}

#[test]
fn photos_are_kept_as_they_were() {
    let Some(dir) = corpus() else { return };
    let v3 = only(&dir, "khard/vcards__photov3.vcf").extra;
    let photo = v3.iter().find(|l| l.starts_with("PHOTO;ENCODING=b;TYPE=PNG:iVBORw0KGgo")).expect("the photo");
    assert!(photo.ends_with("ElFTkSuQmCC") && !photo.contains(' '), "unfolded whole: {photo}");
    let v4 = only(&dir, "khard/vcards__photov4.vcf").extra;
    assert!(v4.iter().any(|l| l.starts_with("PHOTO:data:image/png;base64\\,iVBOR") && l.ends_with("ElFTkSuQmCC")));
    for file in ["radicale/contact_photo_with_data_uri.vcf", "radicale/contact_photo_with_data_uri_v4.vcf"] {
        let extra = only(&dir, file).extra;
        assert!(extra.iter().any(|l| l.starts_with("PHOTO") && l.contains("data:image/png;base64,iVBOR")), "{file}");
        assert!(!extra.iter().any(|l| l.starts_with("PRODID") || l.starts_with("VERSION")), "{file}");
    }
}

#[test]
fn every_imported_corpus_card_survives_an_export() {
    let Some(dir) = corpus() else { return };
    for (file, _, _) in EXPECTED {
        for record in read(&dir, file).records {
            let contact = super::support::stored(1, record.contact.clone());
            let written = vcard::write_one(&vcard::VcardContact {
                contact: &contact,
                extra: &record.extra,
                memberships: &[],
                relations: &[],
            });
            let again = super::support::one(&written);
            // The stored contact's circle comes back from X-KITH-CIRCLE.
            let expected = kith_core::NewContact { circle: Some(contact.circle), ..record.contact.clone() };
            assert_eq!(again.contact, expected.validate().expect("valid"), "{file}");
            // A labelled e-mail or phone comes back with its label but its value written afresh.
            let labelled = |l: &&String| {
                let name = l.split([';', ':']).next().unwrap_or("").rsplit('.').next().unwrap_or("");
                name.eq_ignore_ascii_case("EMAIL") || name.eq_ignore_ascii_case("TEL")
            };
            let count = |extra: &[String]| extra.iter().filter(labelled).count();
            assert_eq!(count(&again.extra), count(&record.extra), "{file}: labels lost in\n{written}");
            // A kept N goes back while its names are part of the contact's (kith's name is the truth:
            // a test card whose N says something else than its FN is written with kith's split).
            let stale_n = |l: &&String| {
                l.strip_prefix("N:").is_some_and(|n| {
                    n.split(';').take(3).filter(|p| !p.is_empty()).any(|p| !record.contact.name.contains(p))
                })
            };
            let kept = |l: &&String| {
                !l.starts_with("UID:") && !l.starts_with("REV:") && !l.starts_with("N;") && !labelled(l) && !stale_n(l)
            };
            for line in record.extra.iter().filter(kept) {
                assert!(again.extra.contains(line), "{file}: {line} lost in\n{written}");
            }
        }
    }
}
