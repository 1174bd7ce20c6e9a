//! Touches found in mail: an mbox of sent mail, a Maildir and a folder of .eml files, and the
//! nasty cases real mailboxes hold.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use kith_core::InteractionKind;
use kith_formats::{
    TouchFile,
    mail::{read_maildir, read_mbox, read_message},
};
use proptest::prelude::*;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail").join(path)
}

fn sent_mbox() -> TouchFile {
    read_mbox(&std::fs::read(fixture("sent.mbox")).unwrap()).unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn every_readable_message_is_one_email_touch() {
    let file = sent_mbox();
    let keys: Vec<&str> = file.touches.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys.len(), 4, "{keys:?}");
    assert_eq!(keys[0], "mid:CAF3x9=Lunch.1@mail.example.org");
    assert_eq!(keys[1], "mid:reply.2@mail.example.org");
    assert!(keys[2].starts_with("mail-hash:"), "no Message-ID: {}", keys[2]);
    assert_eq!(keys[3], "mid:outlook.6@mail.example.org");
    assert!(file.touches.iter().all(|t| t.kind == InteractionKind::Email && t.minutes.is_none()));
    let lines: Vec<usize> = file.touches.iter().map(|t| t.line).collect();
    assert_eq!(lines, [1, 22, 39, 64], "each touch points at its message's separator line");
}

#[test]
fn sender_and_recipients_are_lower_cased_deduplicated_and_exclude_the_sender() {
    let file = sent_mbox();
    let lunch = &file.touches[0];
    assert_eq!(lunch.from.as_deref(), Some("ann.lee@example.org"));
    // "Okafor, Bola" is one quoted name; Ann on Cc is the sender; Chen appears twice.
    assert_eq!(lunch.to, ["bola@partner.example", "chen.wei@example.net"]);
    assert_eq!(lunch.on, d("2026-03-02"));
    assert_eq!(lunch.subject.as_deref(), Some("Lunch on Thursday?"));
    assert!(lunch.replies_to.is_empty());

    let meetup = &file.touches[2];
    // An empty group for To, then Bcc with an encoded Latin-1 display name.
    assert_eq!(meetup.to, ["dora@example.com", "jose.mueller@example.de"]);
    let outlook = &file.touches[3];
    assert_eq!(outlook.to, ["frank@example.com", "grace@example.com"], "';' separators, CRLF lines");
}

#[test]
fn subjects_are_decoded_and_replies_link_to_their_thread() {
    let file = sent_mbox();
    let reply = &file.touches[1];
    assert_eq!(reply.subject.as_deref(), Some("Re: Lunch on Thursday? 🍜"));
    assert_eq!(reply.on, d("2026-03-03"), "no weekday, a (UTC) comment");
    assert_eq!(reply.to, ["bola@partner.example"], "encoded display name with a comma");
    assert_eq!(reply.replies_to, ["bola.1@partner.example", "CAF3x9=Lunch.1@mail.example.org"]);
    let meetup = &file.touches[2];
    assert_eq!(meetup.subject.as_deref(), Some("Café meetup"));
    assert_eq!(meetup.on, d("2026-03-04"), "obsolete zone EST");
}

#[test]
fn messages_without_a_usable_date_or_sender_are_problems_not_failures() {
    let file = sent_mbox();
    let got: Vec<(usize, Option<usize>, &str)> =
        file.problems.iter().map(|p| (p.line, p.record, p.field.as_str())).collect();
    // No Date: the message's line; an unreadable Date: the header's own line.
    assert_eq!(got, [(48, Some(4), "Date"), (58, Some(5), "Date"), (73, Some(7), "From")]);
    assert!(file.problems[1].message.contains("'sometime last week'"), "{}", file.problems[1].message);
}

#[test]
fn from_lines_inside_bodies_do_not_split_messages() {
    let file = sent_mbox();
    assert_eq!(file.touches.len() + file.problems.len(), 7, "seven messages, however their bodies read");
}

#[test]
fn importing_again_gives_the_same_keys_even_for_messages_without_a_message_id() {
    let bytes = std::fs::read(fixture("sent.mbox")).unwrap();
    assert_eq!(read_mbox(&bytes).unwrap(), read_mbox(&bytes).unwrap());
    // The same message alone in another mailbox keeps its key: it does not depend on position.
    let text = String::from_utf8(bytes).unwrap();
    let start = text.find("From ann.lee@example.org Wed Mar  4").unwrap();
    let end = text.find("From ann.lee@example.org Thu Mar  5").unwrap();
    let alone = read_mbox(&text.as_bytes()[start..end]).unwrap();
    assert_eq!(alone.touches[0].key, sent_mbox().touches[2].key);
    // A different subject is a different message.
    let edited = text[start..end].replace("Caf=E9_meetup", "Caf=E9_meetup_2");
    assert_ne!(read_mbox(edited.as_bytes()).unwrap().touches[0].key, alone.touches[0].key);
}

#[test]
fn the_same_message_twice_in_a_mailbox_is_one_touch() {
    let msg = "From a@x.org Mon Mar  2 10:00:00 2026\nMessage-ID: <same@x.org>\nDate: 2 Mar 2026 10:00 +0000\nFrom: a@x.org\nTo: b@x.org\n\nHi\n";
    let file = read_mbox(format!("{msg}\n{msg}").as_bytes()).unwrap();
    assert_eq!(file.touches.len(), 1);
}

#[test]
fn files_that_are_not_mailboxes_are_refused_at_line_one() {
    for junk in
        [&b"BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n"[..], b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", b"\xff\xfe\0\0garbage"]
    {
        let err = read_mbox(junk).unwrap_err();
        assert_eq!(err.line, 1, "{err}");
        assert!(err.to_string().contains("not an mbox"), "{err}");
    }
    assert_eq!(read_mbox(b"").unwrap(), TouchFile::default(), "an empty mailbox is fine");
}

#[test]
fn one_message_on_its_own() {
    let msg = b"Date: Fri, 6 Mar 2026 12:00:00 +0100\r\nFrom: \"Lee, Ann\" <Ann.Lee@Example.org>\r\nTo: \"Lee, Ann\" <ann.lee@example.org>, Bob <bob@x.org>\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nMessage-ID: <Mixed.Case@X.org>\r\n\r\nBody";
    let touch = read_message(msg, 5).unwrap();
    assert_eq!(touch.line, 5);
    assert_eq!(touch.key, "mid:Mixed.Case@X.org", "the id as written");
    assert_eq!(touch.from.as_deref(), Some("ann.lee@example.org"));
    assert_eq!(touch.to, ["bob@x.org"]);
    assert_eq!(touch.subject.as_deref(), Some("Grüße"));
    let problem = read_message(b"From: <>\nDate: 2 Mar 2026\n\n", 9).unwrap_err();
    assert_eq!((problem.line, problem.record, problem.field.as_str()), (9, None, "From"));
}

#[test]
fn a_maildir_reads_cur_and_new_but_not_tmp() {
    let file = read_maildir(&fixture("maildir")).unwrap();
    let keys: Vec<&str> = file.touches.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys, ["mid:maildir.1@mail.example.org", "mid:maildir.2@mail.example.org"]);
    assert_eq!(file.touches[1].to, ["chen.wei@example.net"]);
    assert_eq!(file.problems.len(), 1);
    let problem = &file.problems[0];
    assert_eq!(problem.field, "Date");
    assert!(problem.message.contains("1772530000.M3P100.kith"), "names the file: {}", problem.message);
}

#[test]
fn a_folder_of_eml_files_reads_only_the_eml_files() {
    let file = read_maildir(&fixture("eml")).unwrap();
    let subjects: Vec<&str> = file.touches.iter().filter_map(|t| t.subject.as_deref()).collect();
    assert_eq!(subjects, ["Saved with a From line", "Upper-case extension"]);
    assert!(file.problems.is_empty());
}

#[test]
fn a_folder_without_mail_is_an_error_naming_it() {
    let err = read_maildir(&fixture("maildir/cur")).unwrap_err();
    assert!(err.field.ends_with("maildir/cur"), "{err}");
    assert!(err.message.contains("not a Maildir"), "{err}");
    let err = read_maildir(&fixture("no-such-folder")).unwrap_err();
    assert!(err.field.ends_with("no-such-folder"), "{err}");
}

proptest! {
    #[test]
    fn any_bytes_after_a_separator_give_touches_or_problems_never_a_panic(
        body in proptest::collection::vec(any::<u8>(), 0..400)
    ) {
        let mut bytes = b"From x@y Mon Mar  2 10:00:00 2026\n".to_vec();
        bytes.extend(body);
        let file = read_mbox(&bytes).unwrap();
        prop_assert!(file.touches.len() + file.problems.len() >= 1);
    }
}
