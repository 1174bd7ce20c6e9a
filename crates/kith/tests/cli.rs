//! The CLI as a user drives it: real `kith` processes on a real database, dates fixed with --today.
//!
//! Every scenario runs on SQLite; the ones marked `both_backends` also run on PostgreSQL when
//! `KITH_TEST_POSTGRES_URL` is set (CI sets it), each on a fresh database.

mod support;

use serde_json::Value;
use support::{Kith, both_backends};

const TODAY: &str = "2026-11-22";

#[test]
fn a_lunch_one_cadence_ago_is_half_warm_and_due_today() {
    both_backends(|k| {
        k.ok(&["add", "Ada Lovelace", "--circle", "active", "--email", "ada@example.org"]);
        k.ok(&["log", "Ada", "--kind", "lunch", "--on", "2026-08-24"]);
        let ada = k.json(&["show", "ada@example.org"]);
        assert_eq!(ada["warmth"], 0.5);
        assert_eq!(ada["status"], "warm");
        assert_eq!(ada["due_on"], TODAY);
        assert_eq!(ada["cadence_days"], 90);
        let due = k.json(&["due"]);
        assert_eq!(due[0]["name"], "Ada Lovelace");
        assert_eq!(due[0]["overdue_days"], 0);
    });
}

#[test]
fn a_favor_on_a_group_touch_belongs_to_one_person_and_bad_flags_write_nothing() {
    both_backends(|k| {
        k.ok(&["add", "Ada Lovelace", "--circle", "close"]);
        k.ok(&["add", "Bob Byte", "--circle", "close"]);
        k.ok(&["add", "Grace Hopper", "--circle", "inner"]);
        // Grace was not at the lunch: refused, naming the flag and the value, and nothing written.
        let err = k.fails(1, &["log", "Ada", "Bob", "--kind", "lunch", "--got", "an intro", "--favor-with", "Grace"]);
        assert!(err.contains("--favor-with 'Grace'") && err.contains("Ada Lovelace, Bob Byte"), "{err}");
        let err = k.fails(1, &["log", "Ada", "Bob", "--kind", "lunch", "--favor-with", "Bob"]);
        assert!(err.contains("--favor-with 'Bob'") && err.contains("--gave or --got"), "{err}");
        assert!(k.json(&["show", "Ada"])["interactions"].as_array().unwrap().is_empty());
        k.ok(&["log", "Ada", "Bob", "--kind", "lunch", "--got", "an intro to Acme", "--favor-with", "Bob"]);
        assert_eq!(k.json(&["show", "Bob"])["reciprocity"]["got"], 1);
        assert_eq!(k.json(&["show", "Ada"])["reciprocity"]["got"], 0, "the favor is Bob's alone");
        let ada = k.ok(&["show", "Ada"]);
        assert!(ada.contains("got from Bob Byte: an intro to Acme"), "{ada}");
        // Without --favor-with, the first named.
        k.ok(&["log", "Ada", "Bob", "--kind", "coffee", "--gave", "advice"]);
        assert_eq!(k.json(&["show", "Ada"])["reciprocity"]["gave"], 1);
        assert_eq!(k.json(&["show", "Bob"])["reciprocity"]["gave"], 0);
        assert_eq!(k.json(&["show", "Bob"])["interactions"][0]["favor_with"], k.json(&["show", "Ada"])["id"]);
    });
}

#[test]
fn a_logged_touch_is_changed_people_favors_and_all() {
    both_backends(|k| {
        k.ok(&["add", "Ada Lovelace", "--circle", "close"]);
        k.ok(&["add", "Bob Byte", "--circle", "close"]);
        k.ok(&["add", "Grace Hopper", "--circle", "inner"]);
        let logged = k.json(&["log", "Ada", "Bob", "--kind", "lunch", "--on", "2026-11-20", "--got", "an intro"]);
        let id = logged["id"].to_string();
        // Bob was not there, Grace was, and the intro was hers.
        let changed =
            k.json(&["interaction", "edit", &id, "--with", "Ada", "--with", "Grace", "--favor-with", "Grace"]);
        let names: Vec<&str> =
            changed["contacts"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Ada Lovelace", "Grace Hopper"]);
        assert!(k.json(&["show", "Bob"])["interactions"].as_array().unwrap().is_empty(), "Bob is out of it");
        assert_eq!(k.json(&["show", "Grace"])["reciprocity"]["got"], 1);
        assert_eq!(k.json(&["show", "Ada"])["reciprocity"]["got"], 0);
        // Refused, naming the flag, and nothing written.
        let err = k.fails(1, &["interaction", "edit", &id, "--on", "2026-11-23"]);
        assert!(err.contains("--on '2026-11-23'") && err.contains("after today"), "{err}");
        let err = k.fails(1, &["interaction", "edit", &id, "--favor-with", "Bob"]);
        assert!(err.contains("--favor-with") && err.contains("not one of the people"), "{err}");
        assert_eq!(k.json(&["show", "Grace"])["interactions"][0]["on"], "2026-11-20");
        // An empty favor removes it.
        k.ok(&["interaction", "edit", &id, "--got", ""]);
        assert_eq!(k.json(&["show", "Grace"])["reciprocity"]["got"], 0);
    });
}

#[test]
fn search_finds_what_was_typed_about_someone_and_says_where() {
    let k = Kith::sqlite();
    k.ok(&["add", "Ada Lovelace", "--org", "Analytical Engines", "--circle", "close"]);
    k.ok(&["add", "Grace Hopper", "--circle", "inner"]);
    // The README's tour: the lunch note says she is hiring.
    k.ok(&["log", "Ada", "--kind", "lunch", "--on", "2026-11-18", "--note", "she is hiring a staff engineer"]);
    k.ok(&["followup", "add", "Grace", "--in", "2w", "--note", "send the compiler paper"]);
    let table = k.ok(&["list", "--search", "hiring"]);
    assert!(table.contains("Ada Lovelace") && !table.contains("Grace"), "{table}");
    assert!(
        table.contains("FOUND") && table.contains("lunch on 2026-11-18: she is hiring a staff engineer"),
        "{table}"
    );
    let json = k.json(&["list", "--search", "compiler"]);
    assert_eq!(json[0]["name"], "Grace Hopper");
    assert_eq!(json[0]["found"]["place"], "followup");
    assert_eq!(json[0]["found"]["snippet"], "send the compiler paper");
    assert_eq!(json[0]["found"]["marks"], serde_json::json!([[9, 17]]));
    // Found by a name, nothing more to say; without a search, no column and no key.
    let json = k.json(&["list", "--search", "analytical"]);
    assert!(json[0].get("found").is_none(), "{json}");
    assert!(!k.ok(&["list"]).contains("FOUND"));
}

#[test]
fn duplicates_are_listed_and_merged_with_everything_kept() {
    let k = Kith::sqlite();
    k.ok(&["add", "Aaron Dubois", "--org", "Acme", "--email", "aaron@acme.example", "--title", "CTO"]);
    k.ok(&["add", "Aaron Dubois", "--org", "Acme", "--email", "aaron@gmail.com", "--title", "VP", "--tag", "paris"]);
    k.ok(&["log", "#2", "--kind", "lunch", "--on", "2026-11-18", "--note", "talked climbing"]);
    let list = k.ok(&["duplicates"]);
    assert!(list.contains("#1 Aaron Dubois") && list.contains("same name, both at Acme"), "{list}");
    assert!(list.contains("kith merge 1 2"), "{list}");
    // Bad input names what was typed, and writes nothing.
    let err = k.fails(1, &["merge", "#1", "1"]);
    assert!(err.contains("'#1' '1'") && err.contains("two different contacts") && !err.contains("--contacts"), "{err}");
    let err = k.fails(1, &["merge", "1", "2", "--keep", "colour=first"]);
    assert!(err.contains("--keep") && err.contains("colour=first") && err.contains("unknown field"), "{err}");
    let preview = k.ok(&["merge", "1", "2", "--dry-run"]);
    assert!(preview.contains("title") && preview.contains("CTO") && preview.contains("VP"), "{preview}");
    assert_eq!(k.json(&["list"]).as_array().unwrap().len(), 2, "a dry run writes nothing");
    let done = k.json(&["merge", "1", "2", "--keep", "title=second"]);
    assert_eq!(
        (done["kept"].as_i64(), done["removed"].as_i64(), done["touches"].as_i64()),
        (Some(1), Some(2), Some(1))
    );
    let shown = k.json(&["show", "1"]);
    assert_eq!(shown["title"], "VP");
    assert_eq!(shown["emails"], serde_json::json!(["aaron@acme.example", "aaron@gmail.com"]));
    assert_eq!(shown["tags"], serde_json::json!(["paris"]));
    assert_eq!(shown["interactions"][0]["note"], "talked climbing");
    assert!(k.ok(&["duplicates"]).contains("No possible duplicates."));
    let undone = k.ok(&["merge", "--undo"]);
    assert!(undone.contains("Aaron Dubois is back as #"), "{undone}");
    assert_eq!(k.json(&["list"]).as_array().unwrap().len(), 2);
    assert_eq!(k.json(&["show", "1"])["title"], "CTO");
    let err = k.fails(1, &["merge", "--undo"]);
    assert!(err.contains("merge to undo"), "{err}");
}

#[test]
fn a_touch_keeps_the_followup_due_when_asked_and_says_so_when_not() {
    both_backends(|k| {
        k.ok(&["add", "Ada Lovelace", "--circle", "close"]);
        // Nothing due yet: --done-followup is refused and nothing is logged.
        let err = k.fails(1, &["log", "Ada", "--kind", "email", "--done-followup"]);
        assert!(err.contains("--done-followup") && err.contains("Ada Lovelace"), "{err}");
        assert!(k.json(&["show", "Ada"])["interactions"].as_array().unwrap().is_empty());
        k.ok(&["followup", "add", "Ada", "--on", TODAY, "--note", "send the article"]);
        let out = k.ok(&["log", "Ada", "--kind", "email"]);
        assert!(out.contains("hint: Ada Lovelace has a follow-up due") && out.contains("--done-followup"), "{out}");
        assert_eq!(k.json(&["followup", "list"]).as_array().unwrap().len(), 1, "a hint, not a change");
        let out = k.ok(&["log", "Ada", "--kind", "call", "--done-followup"]);
        assert!(out.contains("is done"), "{out}");
        assert!(k.json(&["followup", "list"]).as_array().unwrap().is_empty());
        assert!(k.json(&["due"]).as_array().unwrap().is_empty(), "kept, and the call made Ada warm");
    });
}

#[test]
fn a_social_touch_alone_leaves_a_contact_due_at_once() {
    both_backends(|k| {
        k.ok(&["add", "Grace Hopper"]);
        k.ok(&["log", "Grace Hopper", "--kind", "social", "--on", "2026-11-20"]);
        let grace = k.json(&["show", "Grace"]);
        assert_eq!(grace["status"], "cold");
        assert_eq!(grace["due_on"], "2026-11-20");
        let due = k.json(&["due"]);
        assert_eq!(due.as_array().unwrap().len(), 1);
        assert_eq!(due[0]["overdue_days"], 2);
    });
}

#[test]
fn a_back_dated_log_re_ranks_the_due_list_by_its_date() {
    both_backends(|k| {
        k.ok(&["add", "Alan Turing", "--circle", "close"]);
        k.ok(&["add", "Barbara Liskov", "--circle", "close"]);
        k.ok(&["log", "Alan", "--kind", "coffee", "--on", "2026-09-01"]);
        k.ok(&["log", "Barbara", "--kind", "coffee", "--on", "2026-09-20"]);
        // Both cold (more than a cadence overdue): Barbara's more recent coffee is the stronger tie.
        assert_eq!(names(&k.json(&["due"])), ["Barbara Liskov", "Alan Turing"]);
        // Typed today, but it happened in late September: Alan, due 2026-10-25, is only cooling now,
        // and cooling comes before cold.
        k.ok(&["log", "Alan", "--kind", "lunch", "--on", "2026-09-25"]);
        assert_eq!(names(&k.json(&["due"])), ["Alan Turing", "Barbara Liskov"]);
        assert_eq!(k.json(&["due"])[0]["status"], "cooling");
        let alan = k.json(&["show", "Alan"]);
        assert_eq!(alan["interactions"][0]["on"], "2026-09-25");
        assert_eq!(alan["interactions"][0]["kind"], "lunch");
    });
}

#[test]
fn one_lunch_with_three_people_warms_all_three() {
    both_backends(|k| {
        for name in ["Ann Lee", "Bob Stone", "Cy Young"] {
            k.ok(&["add", name, "--circle", "inner"]);
        }
        assert_eq!(k.json(&["due"]).as_array().unwrap().len(), 3, "new contacts are due");
        let logged = k.json(&["log", "Ann", "Bob", "Cy", "--kind", "lunch", "--note", "team lunch"]);
        assert_eq!(logged["contacts"].as_array().unwrap().len(), 3);
        for who in ["Ann Lee", "Bob Stone", "Cy Young"] {
            let c = k.json(&["show", who]);
            assert_eq!(c["status"], "warm", "{who}");
            assert_eq!(c["warmth"], 1.0, "{who}");
            assert_eq!(c["due_on"], "2026-12-06", "{who}: 14 days after the lunch");
            assert_eq!(c["interactions"][0]["note"], "team lunch");
        }
        assert_eq!(k.json(&["due"]), Value::Array(vec![]));
        let said = k.ok(&["log", "Ann", "--kind", "call", "--on", "2026-11-21"]);
        assert!(said.starts_with("Logged call on 2026-11-21 (#2):\n  Ann Lee — warm"), "{said}");
    });
}

#[test]
fn ambiguous_names_list_the_candidates() {
    both_backends(|k| {
        k.ok(&["add", "Ann Lee", "--org", "Acme"]);
        k.ok(&["add", "Ann Smith"]);
        let err = k.fails(1, &["log", "Ann", "--kind", "call"]);
        assert!(err.contains("Ann Lee (#1, Acme)") && err.contains("Ann Smith (#2)"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        // Nothing was logged.
        assert_eq!(k.json(&["show", "1"])["interactions"], Value::Array(vec![]));
        k.ok(&["log", "Ann L", "--kind", "call"]);
        assert_eq!(k.json(&["show", "Ann Lee"])["interactions"].as_array().unwrap().len(), 1);
    });
}

#[test]
fn bad_input_names_the_flag_and_value_and_writes_nothing() {
    both_backends(|k| {
        k.ok(&["add", "Ann Lee"]);
        let before = k.json(&["list"]);
        for (args, needle) in [
            (&["log", "Ann", "--kind", "brunch"][..], "--kind 'brunch'"),
            (&["log", "Ann", "--kind", "lunch", "--on", "2026-02-30"], "--on '2026-02-30'"),
            (&["log", "Ann", "--kind", "lunch", "--on", "2026-12-01"], "--on '2026-12-01'"),
            (&["add", "Bo", "--circle", "bestie"], "--circle 'bestie'"),
            (&["add", "Bo", "--email", "bo-at-example"], "--email 'bo-at-example'"),
            (&["edit", "Ann", "--circle", "bestie"], "--circle 'bestie'"),
            (&["followup", "add", "Ann", "--in", "6x"], "--in '6x'"),
            (&["snooze", "Ann", "--until", "yesterday"], "--until 'yesterday'"),
            (&["log", "Nobody", "--kind", "lunch"], "Nobody"),
            (&["list", "--status", "lukewarm"], "--status 'lukewarm'"),
        ] {
            let err = k.fails(1, args);
            assert!(err.contains(needle), "{args:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        }
        assert_eq!(k.json(&["list"]), before);
        assert_eq!(k.json(&["show", "Ann"])["interactions"], Value::Array(vec![]));
    });
}

#[test]
fn usage_errors_exit_2() {
    let k = Kith::sqlite();
    k.fails(2, &["log", "Ann"]);
    k.fails(2, &["frobnicate"]);
}

#[test]
fn follow_ups_lead_the_due_list_until_done() {
    both_backends(|k| {
        k.ok(&["add", "Ann Lee", "--circle", "wide"]);
        k.ok(&["log", "Ann", "--kind", "lunch"]);
        let f = k.json(&["followup", "add", "Ann", "--on", "2026-11-20", "--note", "send the article"]);
        let due = k.json(&["due"]);
        assert_eq!(due[0]["followup_id"], f["id"]);
        assert!(due[0]["reason"].as_str().unwrap().contains("send the article"));
        assert_eq!(k.json(&["followup", "list"]).as_array().unwrap().len(), 1);
        k.ok(&["followup", "done", &f["id"].to_string()]);
        assert_eq!(k.json(&["due"]), Value::Array(vec![]));
        let in6 = k.json(&["followup", "add", "Ann", "--in", "6m"]);
        assert_eq!(in6["due_on"], "2027-05-22");
    });
}

#[test]
fn snoozed_contacts_leave_the_due_list_until_the_date() {
    both_backends(|k| {
        k.ok(&["add", "Ann Lee", "--circle", "inner"]);
        k.ok(&["log", "Ann", "--kind", "coffee", "--on", "2026-10-01"]);
        assert_eq!(k.json(&["due"]).as_array().unwrap().len(), 1);
        k.ok(&["snooze", "Ann", "--for", "2w"]);
        assert_eq!(k.json(&["due"]), Value::Array(vec![]));
        let later = k.json_on("2026-12-07", &["due"]);
        assert_eq!(later.as_array().unwrap().len(), 1);
    });
}

#[test]
fn edits_change_circle_cadence_and_archive() {
    both_backends(|k| {
        k.ok(&["add", "Ann Lee", "--circle", "active"]);
        k.ok(&["log", "Ann", "--kind", "lunch", "--on", "2026-11-01"]);
        assert_eq!(k.json(&["show", "Ann"])["due_on"], "2027-01-30");
        k.ok(&["edit", "Ann", "--circle", "inner"]);
        assert_eq!(k.json(&["show", "Ann"])["due_on"], "2026-11-15");
        k.ok(&["edit", "Ann", "--every", "30"]);
        let ann = k.json(&["show", "Ann"]);
        assert_eq!((ann["due_on"].as_str(), ann["cadence_days"].as_u64()), (Some("2026-12-01"), Some(30)));
        k.ok(&["edit", "Ann", "--archive"]);
        assert_eq!(k.json(&["show", "Ann"])["due_on"], Value::Null);
        assert_eq!(k.json(&["list"]), Value::Array(vec![]));
        assert_eq!(k.json(&["list", "--archived"]).as_array().unwrap().len(), 1);
    });
}

#[test]
fn the_same_scenario_prints_the_same_json_on_both_backends() {
    let Some(pg) = Kith::postgres() else {
        eprintln!("skipped: KITH_TEST_POSTGRES_URL is not set");
        return;
    };
    let lite = Kith::sqlite();
    let scenario: &[&[&str]] = &[
        &[
            "add",
            "Ada Lovelace",
            "--circle",
            "inner",
            "--email",
            "ada@example.org",
            "--org",
            "Analytical Engines",
            "--tag",
            "math",
        ],
        &["add", "Grace Hopper", "--circle", "close", "--title", "Rear Admiral", "--birthday", "1906-12-09"],
        &["add", "Alan Turing", "--every", "45", "--met-at", "Bletchley", "--met-on", "2025-05-01"],
        &["add", "Zed Zebra", "--circle", "dormant"],
        &["log", "Ada", "Grace", "--kind", "lunch", "--on", "2026-10-01", "--gave", "an intro"],
        &["log", "Alan", "--kind", "email", "--on", "2026-06-01", "--they-initiated"],
        &["log", "Zed", "--kind", "social", "--on", "2024-01-01"],
        &["followup", "add", "Grace", "--in", "2w", "--note", "how did the talk go"],
        &["org", "add", "Rust Meetup", "--kind", "association"],
        &["org", "join", "Alan", "Rust Meetup", "--role", "board"],
        &["snooze", "Alan", "--until", "2026-12-01"],
        &["goal", "add", "--kind", "call,video", "--at-least", "2", "--per", "month"],
    ];
    for args in scenario {
        assert_eq!(lite.json(args), pg.json(args), "{args:?}");
    }
    for args in [
        &["list"][..],
        &["list", "--search", "ada"],
        &["list", "--status", "warm"],
        &["show", "Ada"],
        &["show", "Grace"],
        &["show", "Alan"],
        &["due", "--within", "30"],
        &["plan"],
        &["health"],
        &["org", "list"],
        &["followup", "list"],
        &["goal", "list"],
    ] {
        assert_eq!(lite.json(args), pg.json(args), "{args:?}");
    }
}

#[test]
fn a_file_that_is_not_a_kith_database_is_refused_untouched() {
    let k = Kith::sqlite();
    let junk = b"this is not a database, it is a shopping list\n".repeat(200);
    std::fs::write(k.path(), &junk).unwrap();
    let err = k.fails(1, &["list"]);
    assert!(err.contains(&k.path().display().to_string()), "{err}");
    assert_eq!(std::fs::read(k.path()).unwrap(), junk);
}

#[test]
fn demo_then_plan_due_show_and_health() {
    let k = Kith::sqlite();
    let out = k.json(&["demo", "--contacts", "400"]);
    assert_eq!(out["contacts"], 400);
    let err = k.fails(1, &["demo"]);
    assert!(err.contains("already holds 400 contacts"), "{err}");
    let plan = k.json(&["plan"]);
    assert_eq!(plan["reach_out"].as_array().unwrap().len(), 5, "{plan}");
    assert_eq!(plan["reconnect"].as_array().unwrap().len(), 1, "{plan}");
    for r in plan["reach_out"].as_array().unwrap() {
        assert!(!r["reason"].as_str().unwrap().is_empty());
        assert!(r["channel"].is_string());
    }
    let due = k.json(&["due"]);
    assert!(due.as_array().unwrap().len() > 10);
    let health = k.json(&["health"]);
    assert_eq!(health["contacts"], 400);
    assert!(health["by_status"]["warm"].as_u64().unwrap() > 0);
    assert!(health["by_status"]["cooling"].as_u64().unwrap() > 0);
    assert!(health["by_status"]["cold"].as_u64().unwrap() > 0);
    let first = k.json(&["show", "1"]);
    assert!(!first["interactions"].as_array().unwrap().is_empty());
    // Human output renders too.
    for args in [&["plan"][..], &["due"], &["health"], &["show", "1"], &["list", "--limit", "5"]] {
        assert!(!k.ok(args).is_empty(), "{args:?}");
    }
}

/// A tiny demo (to try kith on a handful of people) holds its events too, though few of their
/// associations have a member among so few contacts.
#[test]
fn a_demo_of_a_few_contacts_loads_with_its_events() {
    for n in ["1", "5", "12"] {
        let k = Kith::sqlite();
        let out = k.json(&["demo", "--contacts", n]);
        assert_eq!(out["contacts"].to_string(), n, "{out}");
        assert!(!k.json(&["event", "list"]).as_array().unwrap().is_empty(), "no events with {n} contacts");
    }
}

/// What a new user sees first: on the demo, whatever the day of the week, a plan of five people whose
/// reasons stand on their own with someone from the closer circles, one reconnect, this week's
/// birthdays, nobody warm a year after the last touch or due more than a cadence after it — and the
/// same plan on both backends.
#[test]
fn the_demo_plan_gives_advice_a_person_would_follow() {
    let seen = std::cell::RefCell::new(Vec::new());
    both_backends(|k| {
        let today = "2026-12-09";
        k.json_on(today, &["demo", "--contacts", "300"]);
        for day in ["2026-12-07", "2026-12-09", "2026-12-13"] {
            let plan = k.json_on(day, &["plan"]);
            let reach_out = plan["reach_out"].as_array().unwrap();
            assert_eq!(reach_out.len(), 5, "{plan}");
            for r in reach_out {
                let reason = r["reason"].as_str().unwrap();
                assert!(reason.contains("every ") || reason.contains("promised"), "{reason}");
                assert!(r["channel"].is_string(), "a way to reach them: {r}");
            }
            assert!(
                reach_out
                    .iter()
                    .any(|r| r["followup_id"].is_null() && ["inner", "close"].contains(&r["circle"].as_str().unwrap())),
                "someone from the closer circles: {plan}"
            );
            let reconnect = plan["reconnect"].as_array().unwrap();
            assert_eq!(reconnect.len(), 1, "{plan}");
            let why = reconnect[0]["reason"].as_str().unwrap();
            assert!(why.contains("lost touch") || why.contains("imported and never sorted"), "{why}");
            let dates = plan["dates"].as_array().unwrap();
            assert!(!dates.is_empty(), "birthdays this week: {plan}");
            let week_of = plan["week_of"].as_str().unwrap();
            for d in dates {
                assert_eq!(d["kind"], "birthday");
                assert!(d["on"].as_str().unwrap() >= week_of, "{d}");
            }
            seen.borrow_mut().push(plan);
        }
        let everyone = k.json_on(today, &["list", "--limit", "1000"]);
        for c in everyone.as_array().unwrap() {
            let (Some(last), Some(due), Some(cadence)) =
                (c["last_touch_on"].as_str(), c["due_on"].as_str(), c["cadence_days"].as_u64())
            else {
                continue;
            };
            let last: chrono::NaiveDate = last.parse().unwrap();
            let due: chrono::NaiveDate = due.parse().unwrap();
            assert!(due <= last + chrono::Duration::days(cadence as i64), "due more than a cadence out: {c}");
            let since = (today.parse::<chrono::NaiveDate>().unwrap() - last).num_days();
            assert!(!(since > 365 && c["warmth"].as_f64().unwrap() > 0.5), "warm a year later: {c}");
        }
    });
    let seen = seen.borrow();
    if seen.len() == 6 {
        assert_eq!(seen[..3], seen[3..], "the same plans on SQLite and PostgreSQL");
    }
}

#[test]
fn the_demo_carries_the_practice_events_roles_signals_and_career() {
    let seen = std::cell::RefCell::new(Vec::new());
    both_backends(|k| {
        k.ok(&["demo", "--contacts", "300"]);
        let events = k.json(&["event", "list"]);
        let events = events.as_array().unwrap();
        assert!(events.len() >= 15, "a year of meetings, seminars and conferences: {}", events.len());
        let kinds: std::collections::BTreeSet<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
        assert!(["meeting", "seminar", "conference"].iter().all(|k| kinds.contains(k)), "{kinds:?}");
        assert!(events.iter().all(|e| e["org"].is_string() && e["minutes"].as_u64().is_some_and(|m| m > 0)));
        assert!(events.iter().all(|e| e["on"].as_str().unwrap() >= "2025-11-23"), "the last year only");
        let people = |e: &Value, new: bool| e["people"].as_array().unwrap().iter().filter(|p| p["new"] == new).count();
        assert!(events.iter().filter(|e| people(e, false) >= 2).count() >= 10, "members attend");
        let met: usize = events.iter().map(|e| people(e, true)).sum();
        assert!(met >= 5, "people met there: {met}");
        // Someone met at an event was met there, on its day.
        let event = events.iter().find(|e| people(e, true) > 0).unwrap();
        let newcomer = event["people"].as_array().unwrap().iter().find(|p| p["new"] == true).unwrap();
        let shown = k.json(&["show", &newcomer["contact_id"].to_string()]);
        assert_eq!(shown["met_on"], event["on"], "{shown}");
        assert_eq!(
            shown["met_at"],
            format!("{} ({})", event["title"].as_str().unwrap(), event["org"].as_str().unwrap())
        );

        // The user's own roles, and the association's page with its events.
        let org = k.json(&["org", "show", event["org"].as_str().unwrap()]);
        assert!(!org["events"].as_array().unwrap().is_empty(), "{org}");
        let orgs = k.json(&["org", "list"]);
        let mut roles = 0;
        for o in orgs.as_array().unwrap().iter().filter(|o| o["kind"] == "association") {
            roles += k.json(&["org", "show", &o["id"].to_string()])["my_roles"].as_array().unwrap().len();
        }
        assert!(roles >= 3, "member and board or volunteer in a couple of associations: {roles}");

        let signals = k.json(&["signal", "list"]);
        let signals = signals.as_array().unwrap();
        assert!(signals.len() >= 4, "{signals:?}");
        assert!(signals.iter().any(|s| s["kind"] == "hiring") && signals.iter().any(|s| s["from"].is_string()));
        let career = k.json(&["career"]);
        assert_eq!(career["connections"], 210, "in proportion to the network");
        assert!(career["resume_updated_on"].is_string() && career["linkedin_updated_on"].is_string());
        assert!((1..100).contains(&career["score"].as_u64().unwrap()), "{career}");
        let brag = k.ok(&["career", "brag"]);
        assert!(brag.matches("\n- ").count() + brag.matches("\n## ").count() >= 5, "{brag}");

        // The default goals have something to show: progress, and streaks some of them keep.
        let goals = k.json(&["goal", "list"]);
        let goals = goals.as_array().unwrap();
        assert!(goals.iter().any(|g| g["best_streak"].as_u64().unwrap() >= 3), "{goals:?}");
        assert!(goals.iter().any(|g| g["done"].as_u64().unwrap() > 0), "{goals:?}");
        let events_goal = goals.iter().find(|g| g["measure"] == "events").unwrap();
        assert!(events_goal["best_streak"].as_u64().unwrap() >= 6, "monthly meetings: {events_goal}");
        seen.borrow_mut().push((k.json(&["event", "list"]), signals.to_vec(), career, goals.to_vec()));
    });
    if let [lite, pg] = &seen.borrow()[..] {
        assert_eq!(lite, pg, "the same demo on both backends");
    }
}

#[test]
fn completions_and_man_page_are_generated() {
    let k = Kith::sqlite();
    assert!(k.ok(&["completions", "bash"]).contains("kith"));
    assert!(k.ok(&["man"]).contains(".TH kith"));
}

#[test]
fn what_creates_something_says_so_on_a_terminal_and_prints_the_id_to_a_script() {
    let k = Kith::sqlite();
    assert_eq!(k.ok(&["add", "Ada Lovelace", "--email", "ada@example.org", "--tag", "eng"]).trim(), "1");
    let seen = k.on_a_terminal(&["add", "Grace Hopper", "--email", "grace@example.org", "--tag", "eng"]);
    assert!(seen.contains("Added Grace Hopper as #2. Log a touch with: kith log 2"), "{seen}");
    assert_eq!(k.ok(&["org", "add", "Initech"]).trim(), "1");
    let seen = k.on_a_terminal(&["org", "add", "Globex", "--kind", "employer"]);
    assert!(seen.contains("Added Globex (employer) as organization #2."), "{seen}");
    let args = ["campaign", "new", "Spring", "--tag", "eng", "--subject", "Hi", "--body", "Hi {first_name}"];
    assert_eq!(k.ok(&args).trim(), "1");
    let seen = k.on_a_terminal(&args);
    assert!(seen.contains("Campaign #2: 2 contacts. See it with: kith campaign show 2"), "{seen}");
    let seen =
        k.on_a_terminal(&["campaign", "new", "Solo", "--tag", "eng", "--size", "1", "--subject", "Hi", "--body", "Hi"]);
    assert!(seen.contains("Campaign #3: 1 contact. "), "one contact, not contact(s): {seen}");
}

#[test]
fn an_empty_network_is_not_called_well_kept() {
    let k = Kith::sqlite();
    let due = k.ok(&["due"]);
    assert!(due.contains("nobody is here yet") && !due.contains("Well kept"), "{due}");
    let health = k.ok(&["health"]);
    assert!(health.contains("No contacts yet") && !health.contains("0%"), "{health}");
}

#[test]
fn a_reader_that_stops_early_ends_completions_quietly() {
    use std::io::BufRead as _;
    let k = Kith::sqlite();
    for args in [&["completions", "bash"][..], &["completions", "zsh"], &["man"], &["list"]] {
        let mut child =
            k.command(args).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
        // `kith completions bash | head -1`: one line read, then the pipe closes.
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

fn names(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect()
}

#[test]
fn concurrent_writers_on_one_sqlite_file_all_succeed() {
    let k = Kith::sqlite();
    k.ok(&["add", "Ann Lee"]);
    // Several kith processes writing at once, as the CLI does beside a running server.
    let children: Vec<_> = (0..8)
        .map(|n| {
            let day = format!("2026-11-{:02}", n + 1);
            k.command(&["log", "Ann", "--kind", "call", "--on", &day]).spawn().unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(k.json(&["show", "Ann"])["interactions"].as_array().unwrap().len(), 8);
}

#[test]
fn goals_start_with_the_defaults_and_count_back_dated_logs() {
    both_backends(|k| {
        let goals = k.json(&["goal", "list"]);
        let described: Vec<&str> =
            goals.as_array().unwrap().iter().map(|g| g["description"].as_str().unwrap()).collect();
        assert_eq!(
            described,
            [
                "lunch or coffee ≥ 1 / week",
                "touches ≥ 5 / week",
                "new people met ≥ 1 / month",
                "reconnections ≥ 1 / month",
                "association events ≥ 1 / month",
                "minutes networking ≥ 60 / week",
            ]
        );
        assert!(goals.as_array().unwrap().iter().all(|g| g["done"] == 0 && g["current_streak"] == 0));
        // 2026-11-22 is a Sunday: coffee in each of the three weeks up to it, logged today.
        k.ok(&["add", "Ann Lee", "--met-on", "2026-11-03"]);
        for on in ["2026-11-04", "2026-11-12", "2026-11-20"] {
            k.ok(&["log", "Ann", "--kind", "coffee", "--on", on, "--minutes", "45"]);
        }
        let goals = k.json(&["goal", "list"]);
        let coffee = &goals[0];
        assert_eq!(coffee["measure"], "lunch+coffee");
        assert_eq!((coffee["done"].as_u64(), coffee["met"].as_bool()), (Some(1), Some(true)));
        assert_eq!((coffee["current_streak"].as_u64(), coffee["best_streak"].as_u64()), (Some(3), Some(3)));
        assert_eq!(
            (coffee["period_start"].as_str(), coffee["period_end"].as_str()),
            (Some("2026-11-16"), Some("2026-11-22"))
        );
        assert_eq!(goals[2]["done"], 1, "Ann was met this month");
        assert_eq!(goals[5]["done"], 45);
        // A week with nothing does not break the streak until it is over.
        let monday = k.json_on("2026-11-23", &["goal", "list"]);
        assert_eq!((monday[0]["done"].as_u64(), monday[0]["current_streak"].as_u64()), (Some(0), Some(3)));
        let after = k.json_on("2026-11-30", &["goal", "list"]);
        assert_eq!((after[0]["current_streak"].as_u64(), after[0]["best_streak"].as_u64()), (Some(0), Some(3)));

        let added = k.json(&["goal", "add", "--kind", "minutes", "--at-least", "120", "--per", "month"]);
        assert_eq!((added["id"].as_i64(), added["done"].as_u64()), (Some(7), Some(135)));
        let edited = k.json(&["goal", "edit", "7", "--at-least", "100"]);
        assert_eq!((edited["target"].as_u64(), edited["met"].as_bool()), (Some(100), Some(true)));
        k.ok(&["goal", "remove", "1"]);
        let ids: Vec<i64> =
            k.json(&["goal", "list"]).as_array().unwrap().iter().map(|g| g["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, [2, 3, 4, 5, 6, 7]);
        let text = k.ok(&["goal", "list"]);
        assert!(text.contains("minutes networking ≥ 100 / month") && text.contains("135 / 100 ✓"), "{text}");
    });
}

#[test]
fn goal_weeks_start_on_the_configured_day() {
    let k = Kith::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let sunday = dir.path().join("sunday.toml");
    std::fs::write(&sunday, "week_starts = \"sunday\"\n").unwrap();
    let cfg = sunday.to_str().unwrap();
    k.ok(&["add", "Ann Lee"]);
    // Sunday 2026-11-22: the last day of an ISO week, the first of a week that starts on Sunday.
    k.ok(&["log", "Ann", "--kind", "lunch", "--on", "2026-11-22"]);
    let iso = k.json_on("2026-11-24", &["goal", "list"]);
    assert_eq!((iso[0]["period_start"].as_str(), iso[0]["done"].as_u64()), (Some("2026-11-23"), Some(0)));
    let from_sunday = k.json_on("2026-11-24", &["--config", cfg, "goal", "list"]);
    assert_eq!(
        (from_sunday[0]["period_start"].as_str(), from_sunday[0]["period_end"].as_str()),
        (Some("2026-11-22"), Some("2026-11-28"))
    );
    assert_eq!((from_sunday[0]["done"].as_u64(), from_sunday[0]["met"].as_bool()), (Some(1), Some(true)));

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "week_starts = \"someday\"\n").unwrap();
    let err = k.fails(1, &["--config", bad.to_str().unwrap(), "goal", "list"]);
    assert!(err.contains("week_starts") && err.contains("someday"), "{err}");
}

#[test]
fn bad_goals_name_the_flag_and_write_nothing() {
    both_backends(|k| {
        let before = k.json(&["goal", "list"]);
        for (args, says) in [
            (&["goal", "add", "--kind", "lunch", "--at-least", "0", "--per", "week"][..], "--at-least '0'"),
            (&["goal", "add", "--kind", "brunch", "--at-least", "1"], "--kind 'brunch'"),
            (&["goal", "add", "--kind", "lunch", "--at-least", "1", "--per", "fortnight"], "--per 'fortnight'"),
            (&["goal", "add", "--kind", "touches", "--at-least", "lots"], "--at-least 'lots'"),
            (&["goal", "add", "--kind", "lunch+coffee", "--at-least", "2"], "goal #1 already counts"),
            (&["goal", "edit", "2", "--at-least", "0"], "--at-least '0'"),
            (&["goal", "remove", "99"], "99"),
        ] {
            let err = k.fails(1, args);
            assert!(err.contains(says), "{args:?}: {err}");
        }
        assert_eq!(k.json(&["goal", "list"]), before);
    });
}

/// Delete means delete: the contact, its touches with nobody else and its notes leave no readable
/// trace in the database file (SQLite's secure_delete, FTS5's secure-delete); without a terminal,
/// nothing is deleted unless --yes says so.
#[test]
fn a_deleted_contact_leaves_nothing_readable_in_the_file() {
    let k = Kith::sqlite();
    k.ok(&["add", "Quintessa Zamboniflower", "--email", "qz@example.org", "--note", "marmalade-harpsichord-9731"]);
    k.ok(&["add", "Grace Hopper"]);
    k.ok(&["log", "Quintessa", "--kind", "lunch", "--note", "periwinkle-bassoon-4410"]);
    k.ok(&["log", "Quintessa", "Grace", "--kind", "coffee", "--note", "shared-coffee-note"]);
    let err = k.fails(1, &["delete", "Quintessa"]);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(k.json(&["list"]).as_array().unwrap().len(), 2, "nothing deleted without --yes");
    let report = k.json(&["delete", "Quintessa", "--yes"]);
    assert_eq!((report["touches_deleted"].as_u64(), report["touches_kept"].as_u64()), (Some(1), Some(1)));
    assert_eq!(k.json(&["show", "Grace"])["interactions"][0]["note"], "shared-coffee-note");
    let mut bytes = std::fs::read(k.path()).unwrap();
    let wal = k.path().with_extension("db-wal");
    bytes.extend(std::fs::read(&wal).unwrap_or_default());
    for secret in
        ["Quintessa", "Zamboniflower", "marmalade-harpsichord", "periwinkle-bassoon", "qz@example.org", "zamboniflower"]
    {
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} is still in the file");
    }
}
