//! Writing vCard 4.0: what an address book receives.

use kith_core::{
    Circle, NewContact,
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
    let written =
        vcard::write_one(&VcardContact { contact: &contact, extra: &extra, memberships: &[], relations: &[] });
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
        X-KITH-CIRCLE:active\r\n\
        PHOTO:data:image/png;base64\\,iVBORw0KGgo\r\n\
        item1.X-ABLabel:Work\r\n\
        REV:20260304T123000Z\r\n\
        END:VCARD\r\n";
    assert_eq!(written, expected);
    // And it reads back to the same contact.
    let again = one(&written);
    assert_eq!(again.contact, NewContact { circle: Some(Circle::Active), ..ada() }.validate().unwrap());
    let uid = "UID:urn:uuid:6f1c2a3b-4d5e-4f60-8a9b-000000000007".to_string();
    assert_eq!(again.extra, [uid, extra[0].clone(), extra[1].clone(), "REV:20260304T123000Z".to_string()]);
}

#[test]
fn birthdays_with_a_year_and_several_cards() {
    let mut with_year = ada();
    with_year.birthday = Some(Birthday { year: Some(1815), month: 12, day: 10 });
    let (a, b) = (stored(1, with_year), stored(2, NewContact { name: "Cher".into(), ..NewContact::default() }));
    let both = vcard::write(&[
        VcardContact { contact: &a, extra: &[], memberships: &[], relations: &[] },
        VcardContact { contact: &b, extra: &[], memberships: &[], relations: &[] },
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
    let written = vcard::write_one(&VcardContact { contact: &contact, extra: &[], memberships: &[], relations: &[] });
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
    let written =
        vcard::write_one(&VcardContact { contact: &contact, extra: &extra, memberships: &[], relations: &[] });
    // The work label stays on the address, spelled as kith has it.
    assert!(written.contains("\r\nEMAIL;TYPE=work:ada@example.org\r\n"), "{written}");
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
    let written =
        vcard::write_one(&VcardContact { contact: &contact, extra: &extra, memberships: &[], relations: &[] });
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
    let written =
        vcard::write_one(&VcardContact { contact: &contact, extra: &[], memberships: &memberships, relations: &[] });
    assert!(!written.contains("X-KITH-ORG;X-KITH-ROLE=employee"));
    assert!(written.contains("\r\nX-KITH-ORG;X-KITH-ROLE=member:Royal Society\r\n"));
    assert!(written.contains("\r\nX-KITH-ORG;X-KITH-ROLE=board:Women in Tech\\, London\r\n"));
    // Exported again after an import, the kept lines are not doubled.
    let again = one(&written);
    let twice = vcard::write_one(&VcardContact {
        contact: &contact,
        extra: &again.extra,
        memberships: &memberships,
        relations: &[],
    });
    assert_eq!(twice, written);
}

#[test]
fn labels_follow_their_values_and_leave_with_them() {
    // As iOS writes them: an Apple group per labelled value.
    let mut contact = stored(5, ada());
    let extra: Vec<String> = [
        "item1.EMAIL;type=INTERNET;type=pref:ada@example.org",
        "item1.X-ABLabel:_$!<Work>!$_",
        "item2.EMAIL;type=INTERNET:gone@example.org",
        "item2.X-ABLabel:Old job",
        "TEL;TYPE=CELL:+44 20 7946 0019 x2",
    ]
    .map(String::from)
    .into();
    let write = |c: &kith_core::Contact, version| {
        vcard::write_one_as(&VcardContact { contact: c, extra: &extra, memberships: &[], relations: &[] }, version)
    };
    let written = write(&contact, vcard::VcardVersion::V3);
    assert!(written.contains("\r\nitem1.EMAIL;TYPE=INTERNET;TYPE=pref:ada@example.org\r\nEMAIL:ada@home.example\r\n"));
    assert!(written.contains("\r\nitem1.X-ABLabel:_$!<Work>!$_\r\n"));
    assert!(written.contains("\r\nTEL;TYPE=CELL:+44 20 7946 0019 x2\r\n"));
    let v4 = write(&contact, vcard::VcardVersion::V4);
    assert!(v4.contains("\r\nTEL;TYPE=CELL;VALUE=text:+44 20 7946 0019 x2\r\n"), "{v4}");
    // The address the user removed stays removed, and so does the label that named it.
    assert!(!written.contains("gone@example.org") && !written.contains("Old job"), "{written}");
    // Removed in kith: the line and its label go.
    contact.emails.retain(|e| e != "ada@example.org");
    let written = write(&contact, vcard::VcardVersion::V3);
    assert!(!written.contains("item1"), "{written}");
    assert!(written.contains("\r\nEMAIL:ada@home.example\r\n"));
}

#[test]
fn kiths_own_fields_come_back_from_a_card() {
    let contact = stored(
        6,
        NewContact {
            circle: Some(Circle::Close),
            cadence_days: Some(21),
            met_at: Some("RustConf; Portland".into()),
            met_on: chrono::NaiveDate::from_ymd_opt(2024, 9, 10),
            important: true,
            ..ada()
        },
    );
    let written = vcard::write_one_as(
        &VcardContact { contact: &contact, extra: &[], memberships: &[], relations: &[] },
        vcard::VcardVersion::V3,
    );
    for line in [
        "X-KITH-CIRCLE:close",
        "X-KITH-CADENCE:21",
        "X-KITH-MET-AT:RustConf\\; Portland",
        "X-KITH-MET-ON:2024-09-10",
        "X-KITH-IMPORTANT:TRUE",
    ] {
        assert!(written.contains(&format!("\r\n{line}\r\n")), "{line} in\n{written}");
    }
    let again = one(&written).contact;
    assert_eq!(
        (again.circle, again.cadence_days, again.met_at.as_deref(), again.met_on, again.important),
        (Some(Circle::Close), Some(21), Some("RustConf; Portland"), contact.met_on, true)
    );
    assert!(one(&written).extra.iter().all(|l| !l.starts_with("X-KITH-CIRCLE")));
}

#[test]
fn a_circle_kith_does_not_have_is_a_problem_at_its_line() {
    let file = vcard::read(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nX-KITH-CIRCLE:bestie\r\nX-KITH-CADENCE:often\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let problems: Vec<String> = file.problems().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("line 4") && problems[0].contains("bestie") && problems[0].contains("inner, close"),
        "{problems:?}"
    );
    assert!(problems[1].contains("line 5") && problems[1].contains("whole number of days"), "{problems:?}");
}

#[test]
fn a_cards_own_structured_name_goes_back_while_it_fits_the_name() {
    for (fn_line, n_line) in [
        ("Ludwig van Beethoven", "N:van Beethoven;Ludwig;;;"),
        ("山田太郎", "N:山田;太郎;;;"),
        ("Dr. Grace Brewster Hopper", "N:Hopper;Grace;Brewster;Dr.;"),
    ] {
        let card = format!("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u\r\nFN:{fn_line}\r\n{n_line}\r\nEND:VCARD\r\n");
        let read = one(&card);
        assert!(read.extra.contains(&n_line.to_string()), "{n_line} kept: {:?}", read.extra);
        let mut contact = stored(8, read.contact.clone());
        let write = |c: &kith_core::Contact| {
            vcard::write_one_as(
                &VcardContact { contact: c, extra: &read.extra, memberships: &[], relations: &[] },
                vcard::VcardVersion::V3,
            )
        };
        let written = write(&contact);
        assert_eq!(written.matches("\r\nN:").count(), 1, "{written}");
        assert!(written.contains(&format!("\r\n{n_line}\r\n")), "{written}");
        // Renamed in kith: the old N no longer fits, kith's split is written.
        contact.name = "Someone Else".into();
        (contact.given_name, contact.family_name) = kith_core::contact::split_name(&contact.name);
        let renamed = write(&contact);
        assert!(!renamed.contains(n_line) && renamed.contains("\r\nN:Else;Someone;;;\r\n"), "{renamed}");
    }
    // A card whose N says what kith's split says keeps nothing extra.
    assert!(one("BEGIN:VCARD\r\nUID:u\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nEND:VCARD\r\n").extra == ["UID:u"]);
}
