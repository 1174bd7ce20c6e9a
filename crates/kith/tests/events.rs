//! Events and memberships as a user records them: `kith event …`, `kith org member|join|show`,
//! their JSON on both backends, the goals they count toward, and a backup that keeps them.

mod support;

use serde_json::Value;
use support::{Kith, both_backends};

const TODAY: &str = "2026-11-22";

fn names(people: &Value) -> Vec<(String, bool)> {
    people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_string(), p["new"].as_bool().unwrap()))
        .collect()
}

/// A guild, Ada, and the mixer where Bob and Cy were met.
fn mixer(k: &Kith) -> Value {
    k.ok(&["org", "add", "Product Guild", "--kind", "association"]);
    k.ok(&["add", "Ada Lovelace"]);
    k.json(&[
        "event",
        "add",
        "Spring mixer",
        "--kind",
        "meeting",
        "--on",
        "2026-11-20",
        "--org",
        "product guild",
        "--minutes",
        "90",
        "--note",
        "pricing talk",
        "--with",
        "Ada",
        "--met",
        "Bob Byte <bob@example.com>",
        "--met",
        "Cy Young",
    ])
}

#[test]
fn an_event_creates_the_people_met_and_logs_one_touch_with_everyone() {
    both_backends(|k| {
        let e = mixer(k);
        assert_eq!(
            (e["title"].as_str(), e["kind"].as_str(), e["on"].as_str()),
            (Some("Spring mixer"), Some("meeting"), Some("2026-11-20"))
        );
        assert_eq!((e["org"].as_str(), e["minutes"].as_u64()), (Some("Product Guild"), Some(90)));
        let expected = vec![("Ada Lovelace".to_string(), false), ("Bob Byte".into(), true), ("Cy Young".into(), true)];
        assert_eq!(names(&e["people"]), expected);

        let bob = k.json(&["show", "bob@example.com"]);
        assert_eq!(
            (bob["met_at"].as_str(), bob["met_on"].as_str()),
            (Some("Spring mixer (Product Guild)"), Some("2026-11-20"))
        );
        assert_eq!(bob["interactions"][0]["kind"], "event");
        assert_eq!(bob["interactions"][0]["minutes"], 90);
        assert_eq!(k.json(&["show", "Ada"])["interactions"][0]["note"], "Spring mixer: pricing talk");

        let id = e["id"].as_i64().unwrap().to_string();
        assert_eq!(k.json(&["event", "show", &id]), e);
        k.ok(&["event", "add", "Rust conf", "--kind", "conference", "--on", "2026-11-02"]);
        let all = k.json(&["event", "list"]);
        assert_eq!(
            all.as_array().unwrap().iter().map(|e| e["title"].as_str().unwrap()).collect::<Vec<_>>(),
            ["Spring mixer", "Rust conf"]
        );
        assert_eq!(k.json(&["event", "list", "--org", "Product Guild"]).as_array().unwrap().len(), 1);
        assert_eq!(k.json(&["event", "list", "--since", "2026-11-10"]).as_array().unwrap().len(), 1);
        let text = k.ok(&["event", "show", &id]);
        assert!(text.contains("Met: Bob Byte") && text.contains("With: Ada Lovelace"), "{text}");

        // The goals: two events this month, each event's minutes once, two new people.
        let goals = k.json(&["goal", "list"]);
        let done =
            |measure: &str| goals.as_array().unwrap().iter().find(|g| g["measure"] == measure).unwrap()["done"].clone();
        assert_eq!(done("events"), 2);
        assert_eq!(done("minutes"), 90);
        assert_eq!(done("new-people"), 2);
    });
}

#[test]
fn an_event_is_changed_and_its_touch_follows() {
    both_backends(|k| {
        let id = mixer(k)["id"].to_string();
        let changed =
            k.json(&["event", "edit", &id, "--title", "Summer mixer", "--on", "2026-11-10", "--org", "", "--note", ""]);
        assert_eq!((changed["title"].as_str(), changed["on"].as_str()), (Some("Summer mixer"), Some("2026-11-10")));
        assert!(changed["org"].is_null() && changed["note"].is_null(), "{changed}");
        assert_eq!(changed["people"].as_array().unwrap().len(), 3, "who was there stays");
        let ada = k.json(&["show", "Ada"]);
        assert_eq!(ada["interactions"][0]["on"], "2026-11-10", "the touch follows");
        assert_eq!(ada["interactions"][0]["note"], "Summer mixer");
        let err = k.fails(1, &["event", "edit", &id, "--on", "2026-12-01"]);
        assert!(err.contains("--on '2026-12-01'") && err.contains("after today"), "{err}");
        let err = k.fails(1, &["event", "edit", &id, "--org", "Nowhere Club"]);
        assert!(err.contains("--org 'Nowhere Club'") && err.contains("kith org add"), "{err}");
        let err = k.fails(1, &["event", "edit", &id]);
        assert!(err.contains("nothing to change"), "{err}");
        assert_eq!(k.json(&["event", "show", &id])["title"], "Summer mixer", "a refused change writes nothing");
    });
}

#[test]
fn a_bad_event_names_the_flag_and_writes_nothing() {
    both_backends(|k| {
        k.ok(&["org", "add", "Product Guild", "--kind", "association"]);
        k.ok(&["add", "Ada Lovelace"]);
        let before = k.json(&["list"]);
        let cases: &[(&[&str], &str)] = &[
            (&["--kind", "party"], "--kind 'party'"),
            (&["--kind", "meeting", "--on", "2026-02-30"], "--on '2026-02-30'"),
            (&["--kind", "meeting", "--on", "2026-12-01"], "--on '2026-12-01'"),
            (&["--kind", "meeting", "--org", "Nowhere"], "--org 'Nowhere'"),
            (&["--kind", "meeting", "--with", "Nobody"], "--with 'Nobody'"),
            (&["--kind", "meeting", "--minutes", "0"], "--minutes '0'"),
            (&["--kind", "meeting", "--met", "Bob <not-an-email>"], "--met 'Bob <not-an-email>'"),
        ];
        for (flags, named) in cases {
            let mut args = vec!["event", "add", "Mixer", "--met", "Bob Byte"];
            args.extend_from_slice(flags);
            let err = k.fails(1, &args);
            assert!(err.contains(named), "{args:?}: {err}");
        }
        assert_eq!(k.json(&["list"]), before, "nobody met was created");
        assert_eq!(k.json(&["event", "list"]), Value::Array(vec![]));
        k.fails(2, &["event", "add", "Mixer"]);
    });
}

#[test]
fn own_roles_and_role_dates_show_on_the_organization() {
    both_backends(|k| {
        mixer(k);
        let mine = k.json(&["org", "member", "Product Guild", "--role", "board", "--since", "2025-01-01"]);
        assert_eq!(mine[0]["role"], "board");
        assert_eq!(mine[0]["since"], "2025-01-01");
        k.ok(&["org", "member", "product guild", "--role", "board", "--until", "2026-06-30"]);
        k.ok(&["org", "join", "Ada", "Product Guild", "--role", "volunteer", "--since", "2024-05-01"]);
        let err = k.fails(1, &["org", "member", "Product Guild", "--since", "2026-01-02", "--until", "2026-01-01"]);
        assert!(err.contains("--until '2026-01-01'"), "{err}");
        let err = k.fails(1, &["org", "member", "Nowhere"]);
        assert!(err.contains("--org 'Nowhere'"), "{err}");

        let listed = k.json(&["org", "list"]);
        assert_eq!(listed[0]["name"], "Product Guild");
        assert_eq!(listed[0]["my_roles"][0]["until"], "2026-06-30");

        let page = k.json(&["org", "show", "Product Guild"]);
        assert_eq!(page["org"]["kind"], "association");
        assert_eq!(page["my_roles"].as_array().unwrap().len(), 1);
        assert_eq!(
            (page["my_roles"][0]["since"].as_str(), page["my_roles"][0]["until"].as_str()),
            (Some("2025-01-01"), Some("2026-06-30"))
        );
        let members: Vec<(&str, &str)> = page["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (m["name"].as_str().unwrap(), m["role"].as_str().unwrap()))
            .collect();
        assert_eq!(members, [("Ada Lovelace", "volunteer"), ("Bob Byte", "member"), ("Cy Young", "member")]);
        assert_eq!(page["members"][0]["since"], "2024-05-01");
        assert_eq!(page["events"][0]["title"], "Spring mixer");
        assert_eq!(page["per_month"].as_array().unwrap().len(), 12);
        assert_eq!(page["per_month"][11], serde_json::json!({ "month": "2026-11-01", "events": 1 }));
        let text = k.ok(&["org", "show", "product guild"]);
        assert!(text.contains("You: board 2025-01-01 to 2026-06-30") && text.contains("Attendance:"), "{text}");
    });
}

#[test]
fn both_backends_print_the_same_events() {
    let Some(pg) = Kith::postgres() else {
        eprintln!("skipped: KITH_TEST_POSTGRES_URL is not set");
        return;
    };
    let lite = Kith::sqlite();
    assert_eq!(mixer(&lite), mixer(&pg));
    for args in [&["event", "list"][..], &["org", "show", "Product Guild"], &["org", "list"], &["goal", "list"]] {
        assert_eq!(lite.json(args), pg.json(args), "{args:?}");
    }
}

#[test]
fn a_backup_keeps_events_and_memberships() {
    let k = Kith::sqlite();
    mixer(&k);
    k.ok(&["org", "member", "Product Guild", "--role", "volunteer", "--since", "2025-03-01"]);
    k.ok(&["org", "join", "Ada", "Product Guild", "--role", "board", "--since", "2024-05-01"]);
    let backup = k.ok(&["export", "json"]);
    assert!(backup.contains("\"events\"") && backup.contains("\"own_memberships\""));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.json");
    std::fs::write(&file, &backup).unwrap();
    let fresh = Kith::sqlite();
    fresh.ok(&["import", "json", file.to_str().unwrap()]);
    assert_eq!(fresh.ok(&["export", "json"]), backup, "export → import → export is identical");
    assert_eq!(fresh.json(&["org", "show", "Product Guild"]), k.json(&["org", "show", "Product Guild"]));
    assert_eq!(fresh.json(&["goal", "list"]), k.json(&["goal", "list"]));
}
