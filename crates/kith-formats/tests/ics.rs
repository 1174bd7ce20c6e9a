//! Touches found in calendar exports: Google's and Outlook's, with recurring meetings, exceptions,
//! declined guests, cancellations and time zones.

use std::path::Path;

use chrono::NaiveDate;
use kith_core::InteractionKind;
use kith_formats::{TouchFile, TouchRecord, ics::read_touches};
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn fixture(name: &str, today: &str) -> TouchFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ics").join(name);
    read_touches(&std::fs::read(path).unwrap(), d(today)).unwrap()
}

fn google() -> TouchFile {
    fixture("google.ics", "2026-03-20")
}

/// The touches of one UID, by date.
fn of<'a>(file: &'a TouchFile, uid: &str) -> Vec<&'a TouchRecord> {
    let prefix = format!("ics:{uid}/");
    let mut touches: Vec<&TouchRecord> = file.touches.iter().filter(|t| t.key.starts_with(&prefix)).collect();
    touches.sort_by_key(|t| t.on);
    touches
}

fn summary(touches: &[&TouchRecord]) -> Vec<(String, String)> {
    touches.iter().map(|t| (t.key.rsplit('/').next().unwrap().to_string(), t.on.to_string())).collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn a_weekly_one_on_one_counts_each_meeting_held_once() {
    let file = google();
    let series = of(&file, "1on1-bola@google.com");
    assert_eq!(
        summary(&series),
        pairs(&[
            ("20260105T100000", "2026-01-05"),
            ("20260112T100000", "2026-01-12"),
            // 19 January: an EXDATE (a holiday).
            ("20260126T100000", "2026-01-26"),
            ("20260202T100000", "2026-02-03"), // moved to the Tuesday: the override's date, the original's key
            ("20260209T100000", "2026-02-09"),
            // 16 February: cancelled.
            ("20260223T100000", "2026-02-23"),
            ("20260302T100000", "2026-03-02"),
            ("20260309T100000", "2026-03-09"),
            // 16 March 10:00 in Berlin is 09:00 UTC, after the UNTIL of 08:59:59 UTC.
        ])
    );
    let regular = series[0];
    assert_eq!(regular.kind, InteractionKind::Meeting);
    assert_eq!(regular.from.as_deref(), Some("ann.lee@example.org"));
    assert_eq!(
        regular.to,
        ["bola@partner.example"],
        "the organizer is not among the others; the alarm's ATTENDEE is not a guest"
    );
    assert_eq!(regular.minutes, Some(30));
    assert_eq!(regular.subject.as_deref(), Some("1:1 Ann / Bola"));
    assert_eq!(regular.line, 44);
    let moved = series[3];
    assert_eq!((moved.subject.as_deref(), moved.minutes, moved.line), (Some("1:1 Ann / Bola (moved)"), Some(45), 72));
    let with_chen = series[5];
    assert_eq!(with_chen.to, ["bola@partner.example", "chen.wei@example.net"]);
    // The series split at 16 March goes on under a new UID, at 11:00; 23 March is after today.
    assert_eq!(
        summary(&of(&file, "1on1-bola_R20260316T100000@google.com")),
        pairs(&[("20260316T110000", "2026-03-16")])
    );
}

#[test]
fn declined_guests_and_rooms_are_not_touched() {
    let file = google();
    let lunch = of(&file, "lunch-product-20260304@google.com");
    assert_eq!(lunch.len(), 1);
    assert_eq!(lunch[0].key, "ics:lunch-product-20260304@google.com/20260304T120000Z");
    assert_eq!(lunch[0].from.as_deref(), Some("chen.wei@example.net"));
    assert_eq!(lunch[0].to, ["ann.lee@example.org", "eve@example.com"]);
    assert_eq!(lunch[0].minutes, Some(90));
    assert_eq!(lunch[0].subject.as_deref(), Some("Lunch: product folks"));
}

#[test]
fn the_day_is_the_one_written_in_the_events_own_zone() {
    let file = google();
    let dinner = of(&file, "dinner-nyc@google.com");
    // 20:00 in New York on 5 March is already 6 March in UTC.
    assert_eq!(dinner[0].on, d("2026-03-05"));
    assert_eq!(dinner[0].minutes, Some(135), "from DURATION");
    assert_eq!(dinner[0].subject.as_deref(), Some("Dinner, drinks ; more with Frank"), "unescaped, one line");
    let offsite = of(&file, "offsite-2026@google.com");
    assert_eq!((offsite[0].on, offsite[0].minutes), (d("2026-03-10"), None), "all day: no minutes");
    assert_eq!(offsite[0].key, "ics:offsite-2026@google.com/20260310");
}

#[test]
fn cancelled_future_and_solitary_events_are_skipped() {
    let file = google();
    for uid in ["cancelled-call@google.com", "future@google.com", "gym@google.com"] {
        assert!(of(&file, uid).is_empty(), "{uid}");
    }
    assert!(file.touches.iter().all(|t| t.on <= d("2026-03-20")));
}

#[test]
fn monthly_rules_with_numbered_weekdays_and_extra_dates() {
    let file = google();
    assert_eq!(
        summary(&of(&file, "assoc-monthly@assoc.example")),
        pairs(&[
            ("20251014T183000", "2025-10-14"),
            ("20251111T183000", "2025-11-11"),
            ("20251209T183000", "2025-12-09"),
            ("20260113T183000", "2026-01-13"),
            ("20260210T183000", "2026-02-10"),
        ]),
        "second Tuesdays, COUNT=5"
    );
    assert_eq!(
        summary(&of(&file, "mentoring@google.com")),
        pairs(&[("20260107T170000Z", "2026-01-07"), ("20260121T170000Z", "2026-01-21")]),
        "RDATE, the April one still to come"
    );
}

#[test]
fn a_rule_kith_cannot_follow_is_a_warning_and_counts_once() {
    let file = google();
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    assert_eq!(file.warnings.len(), 1, "{:?}", file.warnings);
    let problem = &file.warnings[0];
    assert_eq!((problem.line, problem.record, problem.field.as_str()), (193, Some(12), "RRULE BYHOUR=9,15"));
    assert!(problem.message.contains("first occurrence (2026-03-09)"), "{}", problem.message);
    assert_eq!(summary(&of(&file, "twice-daily@google.com")), pairs(&[("20260309T090000", "2026-03-09")]));
}

#[test]
fn importing_later_adds_new_occurrences_and_keeps_the_old_keys() {
    let early = google();
    assert_eq!(early, google(), "same file, same day: the same touches");
    let later = fixture("google.ics", "2026-03-30");
    assert!(early.touches.iter().all(|t| later.touches.contains(t)));
    let new: Vec<&str> = later.touches.iter().filter(|t| !early.touches.contains(t)).map(|t| t.key.as_str()).collect();
    assert_eq!(
        new,
        [
            "ics:1on1-bola_R20260316T100000@google.com/20260323T110000",
            "ics:1on1-bola_R20260316T100000@google.com/20260330T110000"
        ]
    );
}

#[test]
fn outlook_windows_zones_set_positions_and_utc_overrides() {
    let file = fixture("outlook.ics", "2026-05-15");
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    // The last weekday of each month, 16:00 in "W. Europe Standard Time"; February excluded; March
    // moved by an override whose RECURRENCE-ID is in UTC; April 30 at 16:00 CEST is exactly the UNTIL.
    let keys: Vec<(&str, NaiveDate)> = file.touches.iter().map(|t| (t.key.rsplit('/').next().unwrap(), t.on)).collect();
    assert_eq!(
        keys,
        [
            ("20260130T160000", d("2026-01-30")),
            ("20260430T160000", d("2026-04-30")),
            ("20260331T140000Z", d("2026-04-01"))
        ]
    );
    assert_eq!(file.touches[0].from.as_deref(), Some("bola@partner.example"));
    assert_eq!(file.touches[0].to, ["ann.lee@example.org", "chen.wei@example.net"], "a tab-folded line");
    assert_eq!(file.touches[2].to, ["ann.lee@example.org"]);
}

#[test]
fn an_endless_daily_meeting_since_2015_stops_at_today_and_keeps_the_latest() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:standup\r\nDTSTART:20150105T091500Z\r\n\
               DURATION:PT15M\r\nRRULE:FREQ=DAILY\r\nORGANIZER:mailto:lead@x.org\r\nATTENDEE:mailto:ann@x.org\r\n\
               END:VEVENT\r\nEND:VCALENDAR\r\n";
    let file = read_touches(ics.as_bytes(), d("2026-11-22")).unwrap();
    // 3,653 days in the ten years before today: the latest 1,000 are touches, and a warning says so.
    assert_eq!(file.touches.len(), 1000);
    assert_eq!(file.touches.last().unwrap().on, d("2026-11-22"));
    assert_eq!(file.touches[0].on, d("2024-02-27"));
    assert_eq!(file.touches[0].minutes, Some(15));
    assert_eq!(file.warnings.len(), 1);
    let warning = &file.warnings[0].message;
    assert!(warning.contains("3653 occurrences since 2016-11-22") && warning.contains("latest 1000"), "{warning}");
}

/// A 222-byte invitation expanding a daily rule from the year 1 made 739,956 touches: the expansion
/// now starts ten years before today, whatever the event's start.
#[test]
fn a_daily_rule_from_the_year_one_costs_only_its_window() {
    let bomb = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:bomb\r\nDTSTART:00010101T100000Z\r\nRRULE:FREQ=DAILY\r\n\
                ORGANIZER:mailto:a@x.org\r\nATTENDEE:mailto:b@x.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let file = read_touches(bomb.as_bytes(), d("2026-11-22")).unwrap();
    assert_eq!(file.touches.len(), 1000, "the latest of the last ten years");
    // Five of them (3.7 million touches before): 5,000.
    let event = &bomb[bomb.find("BEGIN:VEVENT").unwrap()..bomb.find("END:VCALENDAR").unwrap()];
    let five: String = (0..5).map(|k| event.replace("UID:bomb", &format!("UID:bomb{k}"))).collect();
    let five = format!("BEGIN:VCALENDAR\r\n{five}END:VCALENDAR\r\n");
    assert_eq!(read_touches(five.as_bytes(), d("2026-11-22")).unwrap().touches.len(), 5000);
    assert!(file.touches.iter().all(|t| t.on >= d("2016-11-22")));
    let counted = bomb.replace("FREQ=DAILY", "FREQ=DAILY;COUNT=900000000");
    let file = read_touches(counted.as_bytes(), d("2026-11-22")).unwrap();
    assert!(file.touches.is_empty(), "its first occurrence is in the year 1, out of reach: {:?}", file.touches.len());
    assert!(file.warnings[0].message.contains("counted recurrence"), "{:?}", file.warnings);
}

/// Every EXDATE was compared with every occurrence, every RDATE with every start: 100,000 of each
/// against a daily series made billions of comparisons. Each is now looked up by date; what they
/// exclude and add is unchanged, across zones too.
#[test]
fn a_hundred_thousand_exdates_and_rdates_exclude_and_add_exactly_theirs() {
    let days = |from: &str, n: i64| -> Vec<String> {
        (0..n).map(|k| (d(from) + chrono::Duration::days(k)).format("%Y%m%dT100000Z").to_string()).collect()
    };
    // Every day of 2026 up to 22 November excluded but the 1st of each month.
    let exdates: Vec<String> = days("2026-01-01", 326).into_iter().filter(|x| !x[6..8].eq("01")).collect();
    // 100,000 extra dates, one a day from 1900: before the event's start (outside its window), on
    // days the rule already has, on days it excludes (EXDATE removes an RDATE too) or after today.
    let mut rdates = days("1900-01-01", 100_000);
    rdates.push("20260715T100000Z".into());
    let calendar = format!(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:daily\r\nDTSTART:20260101T100000Z\r\nRRULE:FREQ=DAILY\r\n\
         EXDATE:{}\r\nRDATE:{}\r\nORGANIZER:mailto:a@x.org\r\nATTENDEE:mailto:b@x.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        exdates.join(","),
        rdates.join(",")
    );
    let file = read_touches(calendar.as_bytes(), d("2026-11-22")).unwrap();
    let on: Vec<String> = file.touches.iter().map(|t| t.on.to_string()).collect();
    let firsts: Vec<String> = (1..=11).map(|m| format!("2026-{m:02}-01")).collect();
    assert_eq!(on, firsts, "the first of each month, nothing twice, nothing from the window's far side");
    // The same instant written in another zone is the same occurrence.
    let zoned = "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Plus2\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n\
                 TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0200\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:z\r\n\
                 DTSTART;TZID=Plus2:20261101T010000\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEXDATE:20261101T230000Z\r\n\
                 ORGANIZER:mailto:a@x.org\r\nATTENDEE:mailto:b@x.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let file = read_touches(zoned.as_bytes(), d("2026-11-22")).unwrap();
    let on: Vec<String> = file.touches.iter().map(|t| t.on.to_string()).collect();
    assert_eq!(on, ["2026-11-01", "2026-11-03"], "01:00 on 2 November at +02:00 is 23:00Z on 1 November");
}

#[test]
fn files_that_are_not_calendars_are_refused_at_line_one() {
    for junk in
        [&b"BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n"[..], b"\x89PNG\r\n\x1a\n\0\0", b"", b"From a@x Mon Mar  2"]
    {
        let err = read_touches(junk, d("2026-03-20")).unwrap_err();
        assert_eq!(err.line, 1, "{err}");
    }
}

#[test]
fn broken_events_are_problems_and_the_rest_still_counts() {
    let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:no-start\nORGANIZER:mailto:a@x.org\nEND:VEVENT\n\
               BEGIN:VEVENT\nUID:ok\nDTSTART:20260302T100000Z\nORGANIZER:mailto:a@x.org\nEND:VEVENT\n\
               BEGIN:VEVENT\nUID:bad-start\nDTSTART:2026-03-02\nORGANIZER:mailto:a@x.org\nEND:VEVENT\n\
               garbage line\nBEGIN:VEVENT\nUID:cut\nDTSTART:20260303T100000Z\nORGANIZER:mailto:a@x.org\n";
    let file = read_touches(ics.as_bytes(), d("2026-03-20")).unwrap();
    assert_eq!(file.touches.iter().map(|t| t.key.as_str()).collect::<Vec<_>>(), ["ics:ok/20260302T100000Z"]);
    let problems: Vec<(usize, &str)> = file.problems.iter().map(|p| (p.line, p.field.as_str())).collect();
    assert_eq!(problems, [(2, "DTSTART"), (13, "DTSTART"), (16, "line"), (17, "VEVENT")]);
}

#[test]
fn an_event_without_a_uid_still_has_a_stable_key() {
    let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260302T100000Z\nSUMMARY:Coffee\nORGANIZER:mailto:a@x.org\nEND:VEVENT\nEND:VCALENDAR\n";
    let once = read_touches(ics.as_bytes(), d("2026-03-20")).unwrap();
    let again = read_touches(ics.as_bytes(), d("2026-04-20")).unwrap();
    assert!(once.touches[0].key.starts_with("ics:no-uid-"), "{}", once.touches[0].key);
    assert_eq!(once.touches[0].key, again.touches[0].key);
}

proptest! {
    #[test]
    fn any_text_inside_a_calendar_gives_touches_or_problems_never_a_panic(body in "(?s).{0,400}") {
        let ics = format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260302T100000Z\r\n{body}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        prop_assert!(read_touches(ics.as_bytes(), d("2026-03-20")).is_ok());
    }

    #[test]
    fn any_rule_expands_without_a_panic_and_never_past_today(rule in "FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;(INTERVAL=[1-9]|COUNT=[0-9]{1,3}|BYDAY=(-?[1-5])?(MO|TU|SU)|BYMONTHDAY=-?[1-9]|BYMONTH=[1-9]|BYSETPOS=-?[1-3]|WKST=SU)){0,4}") {
        let ics = format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20240131T100000Z\r\nRRULE:{rule}\r\nORGANIZER:mailto:a@x.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        let file = read_touches(ics.as_bytes(), d("2026-03-20")).unwrap();
        prop_assert!(file.touches.iter().all(|t| t.on <= d("2026-03-20") && t.on >= d("2024-01-31")));
    }
}

// The feed kith writes.

mod feed {
    use chrono::{DateTime, NaiveDate, Utc};
    use kith_core::{
        Circle, FollowUp, InteractionKind, Status,
        contact::Birthday,
        plan::{Plan, ReachOut},
    };
    use kith_formats::ics::{Feed, FeedBirthday, write_feed};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn followup(id: i64, name: &str, due: &str, note: Option<&str>) -> FollowUp {
        FollowUp {
            id,
            contact_id: id + 100,
            contact_name: name.into(),
            due_on: d(due),
            note: note.map(Into::into),
            created_on: d("2026-05-01"),
            done_on: None,
        }
    }

    fn reach_out(id: i64, name: &str, channel: InteractionKind, reason: &str) -> ReachOut {
        ReachOut {
            id,
            name: name.into(),
            org: None,
            status: Status::Cooling,
            warmth: 0.3,
            due_on: d("2026-11-10"),
            circle: Circle::Close,
            reason: reason.into(),
            strength: 2.5,
            tie: kith_core::Tie::Medium,
            channel: Some(channel),
            give_first: false,
            followup_id: None,
        }
    }

    fn birthday(contact_id: i64, name: &str, birthday: &str) -> FeedBirthday {
        FeedBirthday { contact_id, name: name.into(), birthday: Birthday::parse("birthday", birthday).unwrap() }
    }

    fn small_feed() -> Feed {
        Feed {
            name: "kith: Ann's network".into(),
            now: "2026-11-16T09:00:00Z".parse::<DateTime<Utc>>().unwrap(),
            followups: vec![followup(12, "Bola Okafor", "2026-11-20", Some("Send the article"))],
            plan: Some(Plan {
                week_of: d("2026-11-16"),
                reach_out: vec![reach_out(7, "Chen Wei", InteractionKind::Coffee, "cooling, due 6 days ago")],
                reconnect: vec![reach_out(
                    9,
                    "Dora Diaz",
                    InteractionKind::Call,
                    "12 past touches, the last 3 years ago",
                )],
                congratulate: vec![],
                dates: vec![],
                nudges: vec![],
            }),
            birthdays: vec![birthday(7, "Chen Wei", "1985-03-12"), birthday(9, "Dora Diaz", "--02-29")],
        }
    }

    /// The properties of each VEVENT, unfolded and unescaped, as a calendar app would read them.
    fn events(ics: &str) -> Vec<Vec<(String, String)>> {
        let mut out: Vec<Vec<(String, String)>> = Vec::new();
        for line in ics.replace("\r\n ", "").split("\r\n") {
            let (name, value) = line.split_once(':').unwrap_or((line, ""));
            if (name, value) == ("BEGIN", "VEVENT") {
                out.push(Vec::new());
            } else if let Some(event) = out.last_mut() {
                event.push((name.into(), unescape(value)));
            }
        }
        out
    }

    fn unescape(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            match (c, c == '\\') {
                (_, true) => out.push(match chars.next() {
                    Some('n' | 'N') => '\n',
                    Some(escaped) => escaped,
                    None => '\\',
                }),
                (c, false) => out.push(c),
            }
        }
        out
    }

    fn property<'a>(event: &'a [(String, String)], name: &str) -> Option<&'a str> {
        event.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn a_small_feed_exactly() {
        let expected = "BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//kith//kith//EN
CALSCALE:GREGORIAN
METHOD:PUBLISH
REFRESH-INTERVAL;VALUE=DURATION:PT1H
X-PUBLISHED-TTL:PT1H
X-WR-CALNAME:kith: Ann's network
BEGIN:VEVENT
UID:followup-12@kith
DTSTAMP:20261116T090000Z
DTSTART;VALUE=DATE:20261120
DTEND;VALUE=DATE:20261121
SUMMARY:Follow up with Bola Okafor: Send the article
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
UID:plan-2026-11-16-7@kith
DTSTAMP:20261116T090000Z
DTSTART;VALUE=DATE:20261116
DTEND;VALUE=DATE:20261117
SUMMARY:Reach out to Chen Wei (suggest: coffee)
DESCRIPTION:cooling\\, due 6 days ago
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
UID:reconnect-2026-11-16-9@kith
DTSTAMP:20261116T090000Z
DTSTART;VALUE=DATE:20261116
DTEND;VALUE=DATE:20261117
SUMMARY:Reconnect with Dora Diaz (suggest: call)
DESCRIPTION:12 past touches\\, the last 3 years ago
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
UID:birthday-7@kith
DTSTAMP:20261116T090000Z
DTSTART;VALUE=DATE:19850312
DTEND;VALUE=DATE:19850313
RRULE:FREQ=YEARLY
SUMMARY:Chen Wei's birthday
DESCRIPTION:Born in 1985.
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
UID:birthday-9@kith
DTSTAMP:20261116T090000Z
DTSTART;VALUE=DATE:20240229
DTEND;VALUE=DATE:20240301
RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1
SUMMARY:Dora Diaz's birthday
DESCRIPTION:Born on 29 February: shown on the last day of February in other
  years.
TRANSP:TRANSPARENT
END:VEVENT
END:VCALENDAR
";
        assert_eq!(write_feed(&small_feed()), expected.replace('\n', "\r\n"));
    }

    #[test]
    fn names_and_notes_come_back_exactly_as_typed() {
        let hostile = "<script>alert(1)</script>; DROP, \"quoted\" \\n back\\";
        let note =
            "Ask about the move 🚚; bring the book, \"Deep Work\"\nand then:\r\n- intro to Chen\n- <b>not bold</b>";
        let feed = Feed {
            followups: vec![followup(1, hostile, "2026-11-20", Some(note))],
            birthdays: vec![birthday(2, hostile, "1990-06-01")],
            ..small_feed()
        };
        let ics = write_feed(&feed);
        assert!(!ics.contains("<script>alert(1)</script>;"), "a ; must be escaped");
        let events = events(&ics);
        assert_eq!(
            property(&events[0], "SUMMARY"),
            Some(format!("Follow up with {hostile}: Ask about the move 🚚; bring the book, \"Deep Work\"").as_str())
        );
        assert_eq!(property(&events[0], "DESCRIPTION"), Some(note.replace("\r\n", "\n").as_str()));
        assert_eq!(property(events.last().unwrap(), "SUMMARY"), Some(format!("{hostile}'s birthday").as_str()));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is longer than 75 octets");
        }
    }

    #[test]
    fn regenerating_updates_the_same_events() {
        let first = write_feed(&small_feed());
        let later = write_feed(&Feed { now: "2026-11-18T07:30:00Z".parse().unwrap(), ..small_feed() });
        let uids = |ics: &str| events(ics).iter().map(|e| property(e, "UID").unwrap().to_string()).collect::<Vec<_>>();
        assert_eq!(uids(&first), uids(&later));
        assert_eq!(first.replace("20261116T090000Z", "20261118T073000Z"), later, "only DTSTAMP changes");
    }

    #[test]
    fn done_follow_ups_leave_the_calendar() {
        let mut done = followup(3, "Eve", "2026-11-02", None);
        done.done_on = Some(d("2026-11-03"));
        let feed = Feed {
            followups: vec![done, followup(4, "Frank", "2026-11-30", None)],
            plan: None,
            birthdays: vec![],
            ..small_feed()
        };
        let events = events(&write_feed(&feed));
        assert_eq!(events.len(), 1);
        assert_eq!(property(&events[0], "SUMMARY"), Some("Follow up with Frank"));
        assert_eq!(property(&events[0], "DESCRIPTION"), None);
    }

    #[test]
    fn birthdays_without_a_year_start_in_a_recent_leap_year() {
        let feed = Feed {
            followups: vec![],
            plan: None,
            birthdays: vec![
                birthday(1, "Ann", "--07-04"),
                birthday(2, "Bo", "1604-02-29"),
                birthday(3, "Cy", "1992-02-29"),
            ],
            ..small_feed()
        };
        let events = events(&write_feed(&feed));
        let starts: Vec<&str> = events.iter().map(|e| property(e, "DTSTART;VALUE=DATE").unwrap()).collect();
        // 1604 is the placeholder year some address books write for "no year".
        assert_eq!(starts, ["20240704", "20240229", "19920229"]);
        assert_eq!(property(&events[1], "RRULE"), Some("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"));
        assert_eq!(property(&events[0], "DESCRIPTION"), None);
    }
}
