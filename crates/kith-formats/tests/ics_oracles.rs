//! kith's calendar feed, checked by the real parsers calendar tools are built on: Python's
//! icalendar and vobject (tests/oracles/check_ics.py). Install them with
//! `eval "$(crates/kith-formats/tests/oracles/setup.sh /tmp/kith-oracles)"`, or have `python3` import
//! both. Where they are missing the test says "skipped"; under CI it fails.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

use chrono::NaiveDate;
use kith_core::{
    Circle, FollowUp, InteractionKind, Status,
    contact::Birthday,
    plan::{Plan, ReachOut},
};
use kith_formats::ics::{Feed, FeedBirthday, write_feed};

const CHECKER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oracles/check_ics.py");
const HOW: &str = "run `eval \"$(crates/kith-formats/tests/oracles/setup.sh /tmp/kith-oracles)\"` first \
                   (it installs icalendar and vobject from tests/oracles/requirements.txt)";

const HOSTILE: &str = "<script>alert(1)</script>; \"Bobby\", Tables\\n";
const LONG_NOTE: &str = "Promised to send the article on hiring 🧑‍💼 and the slides 📊;\n\
                         ask how the new team is doing, and whether the offer, \"the big one\", came through.\r\n\
                         \n\
                         Then: introduce them to Chen — 陈伟 — who is hiring in Berlin 🇩🇪. \\o/ \
                         Also mention the meetup on Thursday; bring cards.";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn reach_out(id: i64, name: &str, reason: &str) -> ReachOut {
    ReachOut {
        id,
        name: name.into(),
        org: Some("Acme, Inc.".into()),
        status: Status::Cold,
        warmth: 0.1,
        due_on: d("2026-10-01"),
        circle: Circle::Active,
        reason: reason.into(),
        strength: 2.5,
        tie: kith_core::Tie::Medium,
        channel: Some(InteractionKind::Coffee),
        give_first: true,
        followup_id: None,
    }
}

fn birthday(contact_id: i64, name: &str, year: Option<i32>, month: u32, day: u32) -> FeedBirthday {
    FeedBirthday { contact_id, name: name.into(), birthday: Birthday { year, month, day } }
}

/// A feed with everything a user may put in it.
fn varied_feed() -> Feed {
    let followup = |id: i64, name: &str, due: &str, note: Option<&str>| FollowUp {
        id,
        contact_id: id,
        contact_name: name.into(),
        due_on: d(due),
        note: note.map(Into::into),
        created_on: d("2026-05-01"),
        done_on: None,
    };
    Feed {
        name: "kith, for Ann; \"work\" network".into(),
        now: "2026-11-16T09:00:00Z".parse().unwrap(),
        followups: vec![
            followup(1, HOSTILE, "2026-11-20", Some(LONG_NOTE)),
            followup(2, "Zoë Ångström-Ødegård", "2026-12-01", None),
            followup(3, "陈伟", "2027-01-15", Some("新年快乐 🎉")),
        ],
        plan: Some(Plan {
            week_of: d("2026-11-16"),
            reach_out: vec![
                reach_out(4, HOSTILE, "cold; you have only asked of them so far, so offer something first"),
                reach_out(5, "Mary-Jane O'Neil, PhD", "cooling, due 3 weeks ago"),
            ],
            reconnect: vec![reach_out(6, "Dmitri \\ Backslash", "12 past touches, the last 3 years ago")],
            congratulate: vec![reach_out(
                8,
                "Eve Moved",
                "moved from Initech to Globex: congratulate Eve on the new role",
            )],
            dates: vec![],
            nudges: vec![],
        }),
        birthdays: vec![
            birthday(7, HOSTILE, None, 2, 29),
            birthday(8, "Leap Year Baby", Some(1992), 2, 29),
            birthday(9, "No Year", None, 12, 31),
            birthday(10, "Placeholder Year", Some(1604), 7, 4),
            birthday(11, "Ada Lovelace", Some(1915), 12, 10),
        ],
    }
}

/// The interpreter with icalendar and vobject, or `None` after saying why (failing under CI).
fn python() -> Option<String> {
    if let Some(python) = std::env::var_os("KITH_ORACLE_PYTHON") {
        return Some(python.to_string_lossy().into_owned());
    }
    let imports = Command::new("python3").args(["-c", "import icalendar, vobject"]).output();
    if imports.is_ok_and(|o| o.status.success()) {
        return Some("python3".into());
    }
    assert!(std::env::var_os("CI").is_none(), "Python with icalendar and vobject is not available: {HOW}");
    println!("skipped: Python with icalendar and vobject is not available ({HOW})");
    None
}

fn check(python: &str, name: &str, bytes: &[u8]) -> Output {
    let path: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).expect("the feed is written");
    Command::new(python).arg(CHECKER).arg(&path).output().expect("the checker runs")
}

#[test]
fn icalendar_and_vobject_read_the_feed_and_every_text_exactly() {
    let Some(python) = python() else { return };
    let ics = write_feed(&varied_feed());
    let out = check(&python, "kith-feed-oracle.ics", ics.as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the feed was rejected:\n{stderr}");
    assert!(stderr.contains("read 12 events"), "{stderr}");

    let events: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("the checker prints JSON");
    let text = |uid: &str, field: &str| -> String {
        let event = events.iter().find(|e| e["uid"] == uid).unwrap_or_else(|| panic!("no event {uid}"));
        event[field].as_str().unwrap_or_else(|| panic!("{uid} has no {field}")).to_string()
    };
    let first_line = LONG_NOTE.lines().next().unwrap();
    assert_eq!(text("followup-1@kith", "summary"), format!("Follow up with {HOSTILE}: {first_line}"));
    assert_eq!(text("followup-1@kith", "description"), LONG_NOTE.replace("\r\n", "\n"));
    assert_eq!(text("followup-2@kith", "summary"), "Follow up with Zoë Ångström-Ødegård");
    assert_eq!(text("followup-3@kith", "summary"), "Follow up with 陈伟: 新年快乐 🎉");
    assert_eq!(text("plan-2026-11-16-4@kith", "summary"), format!("Reach out to {HOSTILE} (suggest: coffee)"));
    assert_eq!(text("reconnect-2026-11-16-6@kith", "summary"), "Reconnect with Dmitri \\ Backslash (suggest: coffee)");
    assert_eq!(text("birthday-7@kith", "summary"), format!("{HOSTILE}'s birthday"));
    assert_eq!(text("birthday-7@kith", "dtstart"), "2024-02-29", "no year: the most recent leap year");
    assert_eq!(text("birthday-8@kith", "dtstart"), "1992-02-29");
    assert_eq!(text("birthday-10@kith", "dtstart"), "2024-07-04", "a placeholder year is no year");
}

#[test]
fn the_checker_rejects_broken_feeds() {
    let Some(python) = python() else { return };
    let ics = write_feed(&varied_feed());
    let broken: [(&str, Vec<u8>); 4] = [
        ("bad-date", ics.replacen("DTSTART;VALUE=DATE:20261120", "DTSTART;VALUE=DATE:2026-11-20", 1).into_bytes()),
        ("unclosed-event", ics.replacen("END:VEVENT\r\n", "", 1).into_bytes()),
        ("unescaped-comma", ics.replacen("Mary-Jane O'Neil\\, PhD", "Mary-Jane O'Neil, PhD", 1).into_bytes()),
        ("utf8-split-by-a-fold", {
            // A fold inside a multi-byte character leaves invalid UTF-8 on both sides.
            let mut bytes = ics.clone().into_bytes();
            let at = ics.find("陈伟").expect("the name is in the feed") + 1;
            bytes.splice(at..at, *b"\r\n ");
            bytes
        }),
    ];
    for (name, bytes) in broken {
        assert_ne!(bytes, ics.as_bytes(), "{name}: the breakage applies");
        let out = check(&python, &format!("kith-feed-{name}.ics"), &bytes);
        assert!(!out.status.success(), "{name}: a broken feed was accepted");
        assert!(String::from_utf8_lossy(&out.stderr).contains("check_ics:"), "{name}: says why");
    }
}
