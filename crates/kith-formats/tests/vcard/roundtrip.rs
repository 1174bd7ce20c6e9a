//! Whatever kith exports, kith imports back as it was: the modelled fields and the kept extras.

use kith_core::{Circle, NewContact, contact::Birthday};
use kith_formats::vcard::{self, VcardContact};
use proptest::prelude::*;

use super::support::{one, stored};

/// Text that starts and ends with a visible character, so trimming leaves it as it is.
fn text(middle: &str, max: usize) -> impl Strategy<Value = String> {
    let pattern = format!("[\\p{{L}}0-9]({middle}{{0,{max}}}[\\p{{L}}0-9.!)])?");
    proptest::string::string_regex(&pattern).expect("a pattern")
}

fn birthday() -> impl Strategy<Value = Birthday> {
    (prop::option::of(1900..2100i32), 1..=12u32, 1..=28u32).prop_map(|(year, month, day)| Birthday { year, month, day })
}

fn contact() -> impl Strategy<Value = NewContact> {
    // A name starts with a letter: one of digits only names a contact by id.
    let names = ("\\p{L}", text("[\\p{L},;.' -]", 30)).prop_map(|(first, rest)| first + &rest);
    let emails = prop::collection::vec("[a-z0-9._+-]{1,10}@[a-z0-9-]{1,10}\\.[a-z]{2,5}", 0..3);
    let phones = prop::collection::vec("\\+?[0-9]{2}[0-9 ()-]{1,12}[0-9]( x[0-9]{1,4})?", 0..3);
    let short = || prop::option::of(text("[\\p{L}0-9,;:\\\\ .&-]", 30));
    // At most 12 characters: a tag is at most 64 bytes, and a letter may take 4.
    let tags = prop::collection::vec(text("[\\p{L}0-9;\\\\ _-]", 10), 0..4);
    let linkedin = prop::option::of("https://www\\.linkedin\\.com/in/[a-z0-9-]{1,20}");
    let website = prop::option::of("https://[a-z]{1,10}\\.example(/[a-z0-9]{1,10})?");
    let notes = prop::option::of(text("[\\p{L}0-9 ,;:\\\\\n\t.!-]", 300));
    // kith's own fields, which go out as X-KITH-* and must come back.
    let kith = (
        prop::sample::select(Circle::ALL.to_vec()),
        prop::option::of(1..=365u32),
        short(),
        prop::option::of((2000..2030i32, 1..=12u32, 1..=28u32)),
        any::<bool>(),
    );
    (
        names,
        emails,
        phones,
        (short(), short(), short()),
        tags,
        linkedin,
        website,
        prop::option::of(birthday()),
        notes,
        kith,
    )
        .prop_map(
            |(name, emails, phones, (org, title, location), tags, linkedin, website, birthday, notes, kith)| {
                let (circle, cadence_days, met_at, met_on, important) = kith;
                NewContact {
                    circle: Some(circle),
                    cadence_days,
                    met_at,
                    met_on: met_on.and_then(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d)),
                    important,
                    name,
                    emails,
                    phones,
                    org,
                    title,
                    location,
                    tags,
                    linkedin,
                    website,
                    birthday,
                    notes,
                }
            },
        )
}

/// Lines another address book might have written, which kith keeps.
const KEPT: &[&str] = &[
    "PHOTO:data:image/png;base64\\,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAAD0lEQVQIHQEEAPv",
    "item1.X-ABLabel:_$!<Work>!$_",
    "NICKNAME:Bobby",
    "X-CUSTOM;TYPE=a,b:value\\, with\\; escapes",
    "IMPP;PREF=1:xmpp:bob@example.org",
    "RELATED;TYPE=friend:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af",
    "X-ABC;LABEL=\"a;b:c\":x",
    "X-LONG:ünïcödé 한국어 テキスト ünïcödé 한국어 テキスト ünïcödé 한국어 テキスト ünïcödé",
    "BDAY;VALUE=text:circa 1800",
];

proptest! {
    #[test]
    fn write_then_read_gives_back_the_contact_and_its_extras(
        new in contact(),
        kept in prop::sample::subsequence(KEPT, 0..=KEPT.len()),
    ) {
        let valid = new.validate().expect("the strategies make valid contacts");
        let contact = stored(9, valid.clone());
        let extra: Vec<String> = kept
            .iter()
            .filter(|l| valid.birthday.is_none() || !l.starts_with("BDAY"))
            .map(|l| l.to_string())
            .collect();
        let written = vcard::write_one(&VcardContact { contact: &contact, extra: &extra, memberships: &[], relations: &[] });
        let again = one(&written);
        prop_assert_eq!(&again.contact, &valid, "{}", written);
        let mut expected = vec![format!("UID:urn:uuid:{}", contact.uid)];
        expected.extend(extra);
        expected.push("REV:20260304T123000Z".to_string());
        prop_assert_eq!(again.extra, expected);
    }
}

/// Pieces of vCards, good and broken, for files no producer would write.
const PIECES: &[&str] = &[
    "BEGIN:VCARD",
    "END:VCARD",
    "VERSION:2.1",
    "FN:Ann",
    "N:Lee;Ann;;;",
    "EMAIL:ann@example.org",
    "EMAIL:broken",
    "TEL;VALUE=uri:tel:+1-555;ext=2",
    "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:a=C3=",
    "=A9",
    " folded",
    "\tfolded",
    "AGENT:",
    "BDAY:--0229",
    "BDAY:1990",
    "X-P;A=\"unclosed:x",
    "ORG:;;",
    "ADR:;;;;;;",
    "no colon here",
    ":",
    ";",
    "é",
    "",
];

proptest! {
    /// Any text is read without a panic, and every card in it is either imported or rejected.
    #[test]
    fn any_text_is_read_and_every_card_accounted_for(
        pieces in prop::collection::vec(prop::sample::select(PIECES), 0..40),
        line_end in prop::sample::select(&["\r\n", "\n", "\r"][..]),
    ) {
        let text = pieces.join(line_end);
        if let Ok(file) = vcard::read(&text) {
            let records = file.records.iter().map(|r| r.record);
            let mut numbers: Vec<usize> = records.chain(file.rejected.iter().map(|r| r.record)).filter(|&n| n > 0).collect();
            numbers.sort_unstable();
            prop_assert_eq!(&numbers, &(1..=numbers.len()).collect::<Vec<_>>());
            prop_assert!(file.rejected.iter().all(|r| !r.problems.is_empty()));
        }
    }
}
