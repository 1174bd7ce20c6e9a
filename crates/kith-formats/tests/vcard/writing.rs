//! Writing vCard 4.0: what an address book receives.

use kith_core::{
    NewContact,
    contact::Birthday,
    org::{Membership, Role},
};
use kith_formats::vcard::{self, VcardContact};

use super::support::{one, stored};

fn ada() -> NewContact {
    NewContact {
        name: "Ada Lovelace".into(),
        emails: vec!["ada@example.org".into(), "ada@home.example".into()],
        phones: vec!["+44-20-7946-0018".into(), "+44 20 7946 0019 x2".into()],
        org: Some("Analytical Engines; Ltd".into()),
        title: Some("Mathematician, poet".into()),
        location: Some("London, UK".into()),
        tags: vec!["math".into(), "history".into()],
        linkedin: Some("https://www.linkedin.com/in/ada".into()),
        website: Some("https://ada.example".into()),
        birthday: Some(Birthday { year: None, month: 12, day: 10 }),
        notes: Some("Met at the Babbage salon.\nLikes \\ and ;".into()),
        ..NewContact::default()
    }
}

#[test]
fn a_contact_as_vcard_40() {
    let contact = stored(7, ada());
    let extra = ["PHOTO:data:image/png;base64\\,iVBORw0KGgo".to_string(), "item1.X-ABLabel:Work".to_string()];
    let written = vcard::write_one(&VcardContact { contact: &contact, extra: &extra, memberships: &[] });
    let expected = "BEGIN:VCARD\r\n\
        VERSION:4.0\r\n\
        PRODID:-//kith//kith vCard export//EN\r\n\
        UID:urn:uuid:6f1c2a3b-4d5e-4f60-8a9b-000000000007\r\n\
        FN:Ada Lovelace\r\n\
        N:Lovelace;Ada;;;\r\n\
        EMAIL:ada@example.org\r\n\
        EMAIL:ada@home.example\r\n\
        TEL;VALUE=uri:tel:+44-20-7946-0018\r\n\
        TEL;VALUE=text:+44 20 7946 0019 x2\r\n\
        ORG:Analytical Engines\\; Ltd\r\n\
        TITLE:Mathematician\\, poet\r\n\
        ADR:;;;London\\, UK;;;\r\n\
        BDAY:--1210\r\n\
        URL:https://ada.example\r\n\
        X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/ada\r\n\
        CATEGORIES:math,history\r\n\
        NOTE:Met at the Babbage salon.\\nLikes \\\\ and \\;\r\n\
        PHOTO:data:image/png;base64\\,iVBORw0KGgo\r\n\
        item1.X-ABLabel:Work\r\n\
        REV:20260304T123000Z\r\n\
        END:VCARD\r\n";
    assert_eq!(written, expected);
    // And it reads back to the same contact.
    let again = one(&written);
    assert_eq!(again.contact, ada().validate().unwrap());
    let uid = "UID:urn:uuid:6f1c2a3b-4d5e-4f60-8a9b-000000000007".to_string();
    assert_eq!(again.extra, [uid, extra[0].clone(), extra[1].clone(), "REV:20260304T123000Z".to_string()]);
}

#[test]
fn birthdays_with_a_year_and_several_cards() {
    let mut with_year = ada();
    with_year.birthday = Some(Birthday { year: Some(1815), month: 12, day: 10 });
    let (a, b) = (stored(1, with_year), stored(2, NewContact { name: "Cher".into(), ..NewContact::default() }));
    let both = vcard::write(&[
        VcardContact { contact: &a, extra: &[], memberships: &[] },
        VcardContact { contact: &b, extra: &[], memberships: &[] },
    ]);
    assert!(both.contains("\r\nBDAY:18151210\r\n"));
    assert!(both.contains("\r\nFN:Cher\r\nN:;Cher;;;\r\n"));
    assert_eq!(both.matches("BEGIN:VCARD\r\n").count(), 2);
    assert_eq!(vcard::read(&both).unwrap().records.len(), 2);
}

#[test]
fn long_lines_fold_at_75_octets_without_splitting_characters() {
    let contact = stored(
        3,
        NewContact { name: "Ünal Çelik".into(), notes: Some("çok güzel ".repeat(40)), ..NewContact::default() },
    );
    let written = vcard::write_one(&VcardContact { contact: &contact, extra: &[], memberships: &[] });
    for line in written.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    assert!(!written.replace("\r\n", "").contains('\n'), "only CRLF line ends");
    assert_eq!(one(&written).contact.notes, contact.notes);
}

/// kith's fields are the truth for what it models: a stale EMAIL kept from an older export (an
/// address since deleted) is not brought back, and nothing is written twice.
#[test]
fn extras_kith_now_models_are_not_written_twice() {
    let contact = stored(4, ada());
    let extra: Vec<String> = [
        "EMAIL;TYPE=work:ADA@example.org",
        "EMAIL:old@example.org",
        "UID:old-uid",
        "REV:20200101T000000Z",
        "N;ALTID=1:Lovelace;Augusta Ada;;;",
        "BDAY;VALUE=text:circa 1815",
        "CATEGORIES:math",
        "ORG:Analytical Engines\\; Ltd;Difference Dept",
        "ADR;TYPE=home:;;12 St James's Sq;London;;;UK",
        "X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/ada",
        "TEL:+44-20-7946-0018",
        "X-BROKEN\r\nINJECTED:1",
        "X-KEPT:twice",
        "X-KEPT:twice",
    ]
    .map(String::from)
    .into();
    let written = vcard::write_one(&VcardContact { contact: &contact, extra: &extra, memberships: &[] });
    let absent = [
        "ADA@example.org",
        "old@example.org",
        "old-uid",
        "20200101",
        "ALTID",
        "circa",
        "INJECTED",
        "CATEGORIES:math\r\n",
    ];
    for absent in absent {
        assert!(!written.contains(absent), "{absent} in\n{written}");
    }
    assert_eq!(written.matches("ada@example.org").count(), 1);
    assert_eq!(written.matches("\r\nUID:").count(), 1);
    assert_eq!(written.matches("X-SOCIALPROFILE").count(), 1);
    assert_eq!(written.matches("tel:+44-20-7946-0018").count(), 1);
    assert_eq!(written.matches("X-KEPT:twice").count(), 1);
    // The ORG with its unit replaces the plain one.
    assert!(written.contains("\r\nORG:Analytical Engines\\; Ltd;Difference Dept\r\n"));
    assert_eq!(written.matches("\r\nORG:").count(), 1);
    // The address gives the location, so no second ADR is made up for it.
    assert_eq!(written.matches("\r\nADR").count(), 1);
    let again = one(&written);
    assert_eq!(again.contact.org.as_deref(), Some("Analytical Engines; Ltd"));
    assert_eq!(again.contact.location.as_deref(), Some("London, UK"));
}

#[test]
fn a_text_birthday_goes_back_when_kith_has_none() {
    let contact = stored(5, NewContact { name: "Old Timer".into(), ..NewContact::default() });
    let extra = ["BDAY;VALUE=text:circa 1800".to_string()];
    let written = vcard::write_one(&VcardContact { contact: &contact, extra: &extra, memberships: &[] });
    assert!(written.contains("\r\nBDAY;VALUE=text:circa 1800\r\n"));
}

#[test]
fn memberships_other_than_the_employer() {
    let contact = stored(6, ada());
    let memberships = [
        Membership { org_id: 1, org: "Analytical Engines; Ltd".into(), role: Role::Employee },
        Membership { org_id: 2, org: "Royal Society".into(), role: Role::Member },
        Membership { org_id: 3, org: "Women in Tech, London".into(), role: Role::Board },
    ];
    let written = vcard::write_one(&VcardContact { contact: &contact, extra: &[], memberships: &memberships });
    assert!(!written.contains("X-KITH-ORG;X-KITH-ROLE=employee"));
    assert!(written.contains("\r\nX-KITH-ORG;X-KITH-ROLE=member:Royal Society\r\n"));
    assert!(written.contains("\r\nX-KITH-ORG;X-KITH-ROLE=board:Women in Tech\\, London\r\n"));
    // Exported again after an import, the kept lines are not doubled.
    let again = one(&written);
    let twice = vcard::write_one(&VcardContact { contact: &contact, extra: &again.extra, memberships: &memberships });
    assert_eq!(twice, written);
}
