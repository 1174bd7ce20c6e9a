//! Reading vCards of every version, and what a user is told about the ones that cannot be used.

use kith_core::contact::Birthday;
use kith_formats::vcard;

use super::support::{card, one, read};

#[test]
fn a_vcard_21_card_with_quoted_printable_and_bare_parameters() {
    let text = "BEGIN:VCARD\r\nVERSION:2.1\r\n\
        N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg\r\n\
        TEL;WORK;VOICE:+49 30 1234567\r\n\
        EMAIL;INTERNET;PREF:joerg@example.de\r\n\
        NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:Gr=FC=DFe aus K=F6ln,=0D=0Abis bald=\r\n\
        !\r\n\
        ADR;HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;Stra=C3=9Fe 1;K=C3=B6ln;;50667;Deutschland\r\n\
        END:VCARD\r\n";
    let record = one(text);
    let c = &record.contact;
    assert_eq!(c.name, "Jörg Müller");
    assert_eq!(c.phones, ["+49 30 1234567"]);
    assert_eq!(c.emails, ["joerg@example.de"]);
    assert_eq!(c.notes.as_deref(), Some("Grüße aus Köln,\nbis bald!"));
    assert_eq!(c.location.as_deref(), Some("Köln, Deutschland"));
    // Kept in 4.0 form: decoded, with TYPE= for the bare parameter (the labelled phone and
    // address too, so their labels go back with them).
    assert_eq!(
        record.extra,
        [
            "TEL;TYPE=WORK;TYPE=VOICE:+49 30 1234567",
            "EMAIL;TYPE=INTERNET;TYPE=PREF:joerg@example.de",
            "ADR;TYPE=HOME:;;Straße 1;Köln;;50667;Deutschland"
        ]
    );
}

#[test]
fn a_shift_jis_card_from_a_japanese_phone() {
    let text =
        "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=8ER=93c=91=BE=98Y\nEND:VCARD\n";
    assert_eq!(one(text).contact.name, "山田太郎");
}

#[test]
fn vcard_30_and_40_values_groups_and_escapes() {
    let record = one(&card(&[
        "VERSION:3.0",
        "FN:Ann Lee\\, PhD",
        "item1.EMAIL;TYPE=INTERNET,pref:ann@example.org",
        "item1.X-ABLabel:_$!<Work>!$_",
        "EMAIL;TYPE=home:ann@home.example",
        "TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+1-555-555-0100",
        "ORG:Example\\, Inc.;Research",
        "TITLE:Lead\\; Data",
        "CATEGORIES:Rust,conference\\, 2025,mentor",
        "CATEGORIES:board",
        "NOTE:line one\\nline two\\\\",
        "URL;TYPE=work:https://ann.example",
        "URL:https://www.linkedin.com/in/annlee",
        "X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/ann",
        "IMPP:xmpp:ann@example.org",
        "BDAY:--0312",
    ]));
    let c = &record.contact;
    assert_eq!(c.name, "Ann Lee, PhD");
    assert_eq!(c.emails, ["ann@example.org", "ann@home.example"]);
    assert_eq!(c.phones, ["+1-555-555-0100"]);
    assert_eq!((c.org.as_deref(), c.title.as_deref()), (Some("Example, Inc."), Some("Lead; Data")));
    assert_eq!(c.tags, ["Rust", "conference", "2025", "mentor", "board"]);
    assert_eq!(c.notes.as_deref(), Some("line one\nline two\\"));
    assert_eq!(c.website.as_deref(), Some("https://ann.example"));
    assert_eq!(c.linkedin.as_deref(), Some("https://www.linkedin.com/in/annlee"));
    assert_eq!(c.birthday, Some(Birthday { year: None, month: 3, day: 12 }));
    assert_eq!(
        record.extra,
        [
            // Labelled addresses and numbers are kept for their labels.
            "item1.EMAIL;TYPE=INTERNET,pref:ann@example.org",
            "item1.X-ABLabel:_$!<Work>!$_",
            "EMAIL;TYPE=home:ann@home.example",
            "TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+1-555-555-0100",
            // The organization's unit is not modelled: the line is kept so an export keeps it.
            "ORG:Example\\, Inc.;Research",
            "X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/ann",
            "IMPP:xmpp:ann@example.org",
        ]
    );
}

#[test]
fn linkedin_from_x_socialprofile_and_other_urls_kept() {
    let record = one(&card(&[
        "VERSION:4.0",
        "FN:Bo",
        "URL:ftp://files.example",
        "URL:https://bo.example",
        "URL:https://second.example",
        "X-SOCIALPROFILE;type=linkedin;x-user=bo:http://www.linkedin.com/in/bo",
    ]));
    assert_eq!(record.contact.linkedin.as_deref(), Some("http://www.linkedin.com/in/bo"));
    assert_eq!(record.contact.website.as_deref(), Some("https://bo.example"));
    assert_eq!(record.extra, ["URL:ftp://files.example", "URL:https://second.example"]);
}

#[test]
fn extras_are_kept_once_and_unfolded() {
    let text = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Cy\r\nX-LONG:abc\r\n def\r\nX-LONG:abcdef\r\nRELATED;TYPE=friend:urn:uuid:1\r\nEND:VCARD\r\n";
    assert_eq!(one(text).extra, ["X-LONG:abcdef", "RELATED;TYPE=friend:urn:uuid:1"]);
}

#[test]
fn an_agent_card_of_vcard_21_is_kept_as_an_extra() {
    let text = "BEGIN:VCARD\nVERSION:2.1\nN:Gump;Forrest\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nN:Friday;Fred\nEND:VCARD\nTEL:+1 555 0100\nEND:VCARD\n";
    let record = one(text);
    assert_eq!(record.contact.name, "Forrest Gump");
    assert_eq!(record.contact.phones, ["+1 555 0100"]);
    assert_eq!(record.extra, ["AGENT:BEGIN:VCARD\\nVERSION:2.1\\nN:Friday\\;Fred\\nEND:VCARD"]);
}

#[test]
fn every_bad_value_of_a_card_is_reported_with_line_and_property() {
    let text = card(&[
        "VERSION:3.0",
        "FN:Dee",
        "EMAIL:dee-at-example",
        "EMAIL:dee@example.org",
        "TEL:call me",
        "this line has no colon",
        "EMAIL:also@broken",
    ]);
    let file = read(&text);
    assert!(file.records.is_empty());
    let rejected = &file.rejected[0];
    assert_eq!((rejected.line, rejected.record, rejected.raw.as_str()), (1, 1, text.as_str()));
    let problems: Vec<String> = rejected.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "line 4 (record 1), EMAIL: 'dee-at-example': not an e-mail address (name@example.org)",
            "line 6 (record 1), TEL: 'call me': not a phone number (digits, spaces, + - ( ) allowed)",
            "line 7 (record 1), content line: 'this line has no colon': not a vCard content line: a line needs a colon (NAME:value)",
            "line 8 (record 1), EMAIL: 'also@broken': not an e-mail address (name@example.org)",
        ]
    );
}

#[test]
fn one_bad_card_does_not_stop_the_others() {
    let text = format!("{}{}{}", card(&["FN:One"]), card(&["EMAIL:nobody@example.org"]), card(&["FN:Three"]));
    let file = read(&text);
    let names: Vec<(usize, &str)> = file.records.iter().map(|r| (r.record, r.contact.name.as_str())).collect();
    assert_eq!(names, [(1, "One"), (3, "Three")]);
    assert_eq!((file.rejected[0].record, file.rejected[0].line), (2, 4));
    assert_eq!(file.rejected[0].problems[0].message, "no FN or N: a card needs a name");
}

#[test]
fn a_truncated_last_card_is_rejected_and_the_rest_imported() {
    let text = format!("{}BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Cut Off\r\nEMAIL:cut@exa", card(&["FN:Whole"]));
    let file = read(&text);
    assert_eq!(file.records.len(), 1);
    let cut = &file.rejected[0];
    assert_eq!((cut.line, cut.record), (4, 2));
    assert_eq!(cut.problems[0].message, "card is not closed: END:VCARD missing (truncated file?)");
    assert!(cut.raw.starts_with("BEGIN:VCARD\r\nVERSION:4.0") && cut.raw.ends_with("cut@exa"));
}

#[test]
fn text_outside_cards_is_reported_not_dropped() {
    let text = format!("Here are my contacts:\n\n{}", card(&["FN:Eve"]));
    let file = read(&text);
    assert_eq!(file.records.len(), 1);
    assert_eq!((file.rejected[0].line, file.rejected[0].record), (1, 0));
    assert_eq!(file.rejected[0].raw, "Here are my contacts:\n");
}

#[test]
fn files_that_are_not_vcards() {
    for text in ["", "\n\n", "Name,Email\nAnn,ann@example.org\n", "BEGIN:VCALENDAR\nEND:VCALENDAR\n"] {
        let e = vcard::read(text).unwrap_err();
        assert_eq!(e.message, "no BEGIN:VCARD found: is this a vCard file?", "{text:?}");
    }
    let png = vcard::read_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err();
    assert_eq!((png.line, png.field.as_str()), (1, "encoding"));
    let latin1 = vcard::read_bytes(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ren\xE9\r\nEND:VCARD\r\n").unwrap_err();
    assert_eq!(latin1.line, 3);
    assert!(latin1.to_string().contains("not UTF-8"), "{latin1}");
}

#[test]
fn the_uid_a_card_came_with() {
    let uid = |line: &str| vcard::uid_of(&one(&card(&["FN:U", line])).extra);
    assert_eq!(
        uid("UID:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af").as_deref(),
        Some("03a0e51f-d1aa-4385-8a53-e29025acd8af")
    );
    assert_eq!(uid("uid:C68582D2-2E60.vcf").as_deref(), Some("C68582D2-2E60.vcf"));
    assert_eq!(uid("NICKNAME:none"), None);
}

#[test]
fn classic_mac_line_ends() {
    assert_eq!(one("BEGIN:VCARD\rVERSION:2.1\rN:Doe;Jo\rEND:VCARD\r").contact.name, "Jo Doe");
}

#[test]
fn byte_order_marks_are_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(card(&["FN:Bom"]).as_bytes());
    assert_eq!(vcard::read_bytes(&bytes).unwrap().records[0].contact.name, "Bom");
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain(card(&["FN:Zoë"]).encode_utf16().flat_map(u16::to_le_bytes)).collect();
    assert_eq!(vcard::read_bytes(&utf16).unwrap().records[0].contact.name, "Zoë");
}

#[test]
fn text_birthdays_do_not_reject_the_card() {
    for bday in ["BDAY;VALUE=text:circa 1800", "BDAY:1990-02-30", "BDAY:sometime in May"] {
        let record = one(&card(&["VERSION:4.0", "FN:Old", bday]));
        assert_eq!((record.contact.birthday, record.extra.as_slice()), (None, &[bday.to_string()][..]));
    }
    let with_time = one(&card(&["VERSION:3.0", "FN:T", "BDAY:1990-03-12T00:00:00Z"]));
    assert_eq!(with_time.contact.birthday, Some(Birthday { year: Some(1990), month: 3, day: 12 }));
}

#[test]
fn names_kith_cannot_take() {
    let long = format!("FN:{}", "N".repeat(301));
    let file = read(&card(&[&long]));
    let problem = &file.rejected[0].problems[0];
    assert_eq!((problem.line, problem.field.as_str()), (2, "FN"));
    assert!(problem.message.contains("too long"), "{problem}");
    let file = read(&card(&["N:;;;;", "FN:"]));
    assert_eq!(file.rejected[0].problems[0].message, "no FN or N: a card needs a name");
    assert_eq!(read(&card(&["FN:12345"])).rejected[0].problems[0].field, "FN");
}

#[test]
fn a_ten_megabyte_value_is_read_quickly_and_judged() {
    let photo = format!("PHOTO:data:image/jpeg;base64,{}", "A".repeat(10 << 20));
    let note = format!("NOTE:{}", "word ".repeat(2 << 20));
    let text = format!("{}{}", card(&["FN:Big Photo", &photo]), card(&["FN:Long Note", &note]));
    let file = read(&text);
    // A 10 MB PHOTO was kept and shown on every page of the contact: now the card is refused, the
    // property and its size named.
    assert!(file.records.is_empty());
    let photo_problem = &file.rejected[0].problems[0];
    assert_eq!(photo_problem.field, "PHOTO");
    assert!(
        photo_problem.message.contains("10.0 MB") && photo_problem.message.contains("up to 1.0 MB"),
        "{photo_problem}"
    );
    let problem = &file.rejected[1].problems[0];
    assert_eq!(problem.field, "NOTE");
    assert!(
        problem.message.contains("too long") && problem.message.len() < 200,
        "{}",
        &problem.message[..200.min(problem.message.len())]
    );
}

/// A file of more cards than any address book holds is refused at the first one too many.
#[test]
fn more_cards_than_any_address_book_holds_are_refused_at_the_first_one_too_many() {
    use kith_formats::record::MAX_RECORDS;
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n";
    let mut text = card.repeat(MAX_RECORDS);
    assert_eq!(vcard::read(&text).unwrap().records.len(), MAX_RECORDS);
    text.push_str(card);
    let err = vcard::read(&text).unwrap_err();
    assert_eq!(err.line, MAX_RECORDS * 4 + 1);
    assert!(err.message.contains("more than 300000 people"), "{err}");
}
