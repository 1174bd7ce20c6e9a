//! kith's vCard export, checked by real parsers other address books use: Python's vobject and
//! ical.js. The checkers and how to install them are in tests/oracles/ (`setup.sh DIR` prints the
//! environment to export). Where a parser is missing the test says "skipped"; under CI it fails.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use kith_core::{
    Contact, NewContact,
    contact::Birthday,
    org::{Membership, Role},
};
use kith_formats::vcard::{self, VcardContact};

// Shared with tests/vcard.rs; only the contact builder is needed here.
#[allow(dead_code)]
#[path = "vcard/support.rs"]
mod support;

const ORACLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oracles");
const HOW: &str = "run `eval \"$(crates/kith-formats/tests/oracles/setup.sh /tmp/kith-oracles)\"` first";

/// What a user's export may hold: every field, Unicode, escapes, long lines, kept extras.
fn varied_export() -> String {
    let full = support::stored(
        1,
        NewContact {
            name: "Ada Lovelace".into(),
            emails: vec!["ada@example.org".into(), "ada@home.example".into()],
            phones: vec!["+44-20-7946-0018".into(), "+44 20 7946 0019 x2".into()],
            org: Some("Analytical Engines; Ltd".into()),
            title: Some("Mathematician, poet".into()),
            location: Some("London, UK".into()),
            tags: vec!["math".into(), "history; science".into()],
            linkedin: Some("https://www.linkedin.com/in/ada".into()),
            website: Some("https://ada.example/notes?a=1,b=2".into()),
            birthday: Some(Birthday { year: Some(1815), month: 12, day: 10 }),
            notes: Some(format!("Met at the salon.\nAsk about \\engines\\; and, well, {}", "more words ".repeat(400))),
            ..NewContact::default()
        },
    );
    let korean = support::stored(
        2,
        NewContact {
            name: "최유림".into(),
            emails: vec!["yurim@example.kr".into()],
            birthday: Some(Birthday { year: None, month: 2, day: 29 }),
            notes: Some("한국어 메모 ".repeat(30)),
            ..NewContact::default()
        },
    );
    let mut minimal = support::stored(3, NewContact { name: "Cher".into(), ..NewContact::default() });
    minimal.uid = "kith-contact-3".into();
    let punctuated = support::stored(4, NewContact { name: "O'Brien, Dr. Seán; Jr.".into(), ..NewContact::default() });
    let photo_v3 =
        format!("PHOTO;ENCODING=b;TYPE=PNG:{}", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAAD0lEQVQI".repeat(20));
    let extras = vec![
        photo_v3,
        "item1.X-ABLabel:_$!<Work>!$_".to_string(),
        "ADR;TYPE=home:;;12 St James's Sq;London;;SW1Y 4JH;UK".to_string(),
        "NICKNAME:Ada".to_string(),
        "X-CUSTOM;X-LABEL=\"a;b:c\":value\\, with\\; escapes".to_string(),
        "IMPP;PREF=1:xmpp:ada@example.org".to_string(),
        "RELATED;TYPE=friend:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af".to_string(),
    ];
    let text_birthday =
        vec!["BDAY;VALUE=text:circa 1800".to_string(), "PHOTO:data:image/png;base64,iVBORw0KGgo".to_string()];
    let memberships = [
        Membership { org_id: 1, org: "Analytical Engines; Ltd".into(), role: Role::Employee },
        Membership { org_id: 2, org: "Royal Society, London".into(), role: Role::Member },
    ];
    // A vCard 2.1 card as an old phone exports it, imported, then exported again.
    let imported = support::one(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg\r\n\
         TEL;WORK;VOICE:+49 30 1234567\r\nX-FAVORITE;HOME:yes\r\n\
         ADR;HOME;ENCODING=QUOTED-PRINTABLE:;;Stra=C3=9Fe 1=0D=0AHof;K=C3=B6ln;;50667;DE\r\n\
         PHOTO;JPEG;BASE64:\r\n    /9j/4AAQSkZJRgABAQEASABIAAD\r\n    /2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUG\r\n\r\n\
         AGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nN:Friday;Fred\r\nEND:VCARD\r\nEND:VCARD\r\n",
    );
    let from_21 = support::stored(5, imported.contact);
    let cards: [(&Contact, &[String], &[Membership]); 5] = [
        (&full, &extras, &memberships),
        (&korean, &[], &[]),
        (&minimal, &text_birthday, &[]),
        (&punctuated, &[], &[]),
        (&from_21, &imported.extra, &[]),
    ];
    vcard::write(&cards.map(|(contact, extra, memberships)| VcardContact {
        contact,
        extra,
        memberships,
        relations: &[],
    }))
}

fn export_file(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, varied_export()).expect("the export is written");
    path
}

/// An oracle that is not installed: a failure under CI, a note elsewhere.
fn unavailable(what: &str) {
    assert!(std::env::var_os("CI").is_none(), "{what} is not available: {HOW}");
    println!("skipped: {what} is not available ({HOW})");
}

fn runs(command: &mut Command) -> bool {
    command.output().is_ok_and(|o| o.status.success())
}

fn python() -> Option<String> {
    if let Some(python) = std::env::var_os("KITH_ORACLE_PYTHON") {
        return Some(python.to_string_lossy().into_owned());
    }
    runs(Command::new("python3").args(["-c", "import vobject"])).then(|| "python3".to_string())
}

fn node_modules() -> Option<PathBuf> {
    let dir = std::env::var_os("KITH_ORACLE_NODE_MODULES")
        .map_or_else(|| Path::new(ORACLES).join("node_modules"), PathBuf::from);
    (dir.join("ical.js").is_dir() && runs(Command::new("node").arg("--version"))).then_some(dir)
}

fn assert_accepted(command: &mut Command, file: &Path) {
    let out = command.output().expect("the checker runs");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{} rejected:\n{said}", file.display());
    assert!(said.contains("5 cards"), "{said}");
}

#[test]
fn python_vobject_accepts_the_export() {
    let Some(python) = python() else { return unavailable("Python with vobject (KITH_ORACLE_PYTHON)") };
    let file = export_file("kith-oracle-vobject.vcf");
    assert_accepted(Command::new(python).arg(Path::new(ORACLES).join("check_vcard.py")).arg(&file), &file);
}

#[test]
fn ical_js_accepts_the_export() {
    let Some(modules) = node_modules() else { return unavailable("node with ical.js (KITH_ORACLE_NODE_MODULES)") };
    let file = export_file("kith-oracle-icaljs.vcf");
    let mut node = Command::new("node");
    node.arg(Path::new(ORACLES).join("check_vcard.mjs")).arg(&file).env("KITH_ORACLE_NODE_MODULES", modules);
    assert_accepted(&mut node, &file);
}
