//! Bringing a network in and out as a user does: `kith import` and `kith export` on real files,
//! on both backends where the database matters.

mod support;

use std::path::PathBuf;

use serde_json::Value;
use support::{Kith, both_backends};

const TODAY: &str = "2026-11-22";

fn fixture(path: &str) -> String {
    let p: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "kith-formats", "tests", "fixtures", path].iter().collect();
    p.display().to_string()
}

/// A card of the shared vCard corpus, read in place (`KITH_CORPUS` names the folder when the
/// repository is not checked out beside it), or `None` after saying so. Under CI it must be there.
fn corpus_card(path: &str) -> Option<String> {
    let dir = std::env::var_os("KITH_CORPUS").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/vcard")),
        PathBuf::from,
    );
    let card = dir.join(path);
    if card.is_file() {
        return Some(card.display().to_string());
    }
    assert!(std::env::var_os("CI").is_none(), "the vCard corpus is missing at {} (set KITH_CORPUS)", dir.display());
    println!("skipped: no vCard corpus at {} (set KITH_CORPUS)", dir.display());
    None
}

fn names(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn imported_contacts_are_sorted_in_the_triage_warmest_first() {
    both_backends(|k| {
        k.ok(&["add", "Hand Added", "--email", "hand@example.org"]);
        let said = k.ok(&["import", "linkedin", &fixture("csv/linkedin_connections.csv")]);
        assert!(
            said.contains("6 contacts wait to be sorted into circles, the warmest first: kith triage"),
            "an import that leaves people unsorted points at the triage: {said}"
        );
        let zoe = k.json(&["show", "Zoë"])["id"].as_i64().unwrap().to_string();
        k.ok(&["log", &zoe, "--kind", "lunch", "--on", "2026-11-10"]);
        let list = k.json(&["triage", "--limit", "3"]);
        assert_eq!(list["total"], 6, "the six imported, not the one added by hand: {list}");
        assert_eq!(list["contacts"].as_array().unwrap().len(), 3);
        assert_eq!(list["contacts"][0]["id"].to_string(), zoe, "the lunch makes her the warmest");
        assert_eq!(list["contacts"][0]["touches"], 2);
        assert_eq!(list["contacts"][0]["suggested"], "active", "two touches within 90 days");

        let human = k.ok(&["triage", "--limit", "1"]);
        assert!(human.starts_with("6 contacts waiting to be sorted, the warmest first:"), "{human}");
        let err = k.fails(1, &["triage", &zoe]);
        assert!(err.contains("--circle") && err.contains("--keep"), "{err}");
        let err = k.fails(1, &["triage", "Hand Added", "--circle", "close"]);
        assert!(
            err.contains("'Hand Added' (#1)")
                && err.contains("is not waiting in the triage")
                && err.contains("kith edit"),
            "{err}"
        );
        assert!(!err.contains("--contact"), "the message names what was typed, not a flag: {err}");
        let err = k.fails(1, &["triage", &zoe, "--circle", "nearby"]);
        assert!(err.contains("nearby") && err.contains("inner, close"), "{err}");
        assert_eq!(k.json(&["triage"])["total"], 6, "a refused sort changes nothing");

        let report = k.json(&["triage", &zoe, "--accept"]);
        assert_eq!(report["sorted"][0]["circle"], "active");
        assert_eq!(report["left"], 5);
        assert_eq!(k.json(&["show", &zoe])["due_on"], "2027-02-08", "now due one 90-day cadence after the lunch");
        let report = k.json(&["triage", "--accept", "--limit", "2"]);
        assert_eq!(report["sorted"].as_array().unwrap().len(), 2);
        assert_eq!(report["left"], 3);
        k.fails(2, &["triage", "--keep", "--accept"]);
    });
}

#[test]
fn a_linkedin_export_comes_in_dormant_and_a_second_import_adds_nothing() {
    both_backends(|k| {
        let file = fixture("csv/linkedin_connections.csv");
        let report = k.json(&["import", "linkedin", &file]);
        assert_eq!((report["created"].as_u64(), report["merged"].as_u64()), (Some(6), Some(0)), "{report}");
        assert_eq!(report["skipped"], 0);
        assert_eq!(report["errors"], serde_json::json!([]));
        assert_eq!(report["linkedin_connections"], 7);
        let zoe = k.json(&["show", "Zoë"]);
        assert_eq!(zoe["circle"], "dormant");
        assert_eq!(zoe["due_on"], Value::Null, "imported contacts are never nagged until sorted");
        assert_eq!(zoe["interactions"][0]["kind"], "social");
        assert!(k.json(&["due"]).as_array().unwrap().is_empty());

        let again = k.json(&["import", "linkedin", &file]);
        assert_eq!((again["created"].as_u64(), again["merged"].as_u64()), (Some(0), Some(6)));
        assert_eq!(again["interactions"], 0);
        assert_eq!(k.json(&["list"]).as_array().unwrap().len(), 6);
    });
}

#[test]
fn the_same_import_lists_the_same_contacts_on_both_backends() {
    let Some(card) = corpus_card("radicale/contact_multiple.vcf") else { return };
    let run = |k: &Kith| {
        k.ok(&["add", "Grace Hopper", "--email", "grace@navy.example", "--circle", "close"]);
        k.ok(&["import", "linkedin", &fixture("csv/linkedin_connections.csv")]);
        k.ok(&["import", "google", &fixture("csv/google_contacts.csv")]);
        k.ok(&["import", "vcard", &card]);
        k.json(&["list"])
    };
    let sqlite = run(&Kith::sqlite());
    assert!(names(&sqlite).contains(&"Grace Hopper".to_string()));
    if let Some(pg) = Kith::postgres() {
        assert_eq!(run(&pg), sqlite);
    }
}

#[test]
fn a_dry_run_reports_the_same_and_writes_nothing() {
    let k = Kith::sqlite();
    let report = k.json(&["import", "google", &fixture("csv/google_contacts.csv"), "--dry-run"]);
    assert_eq!(report["dry_run"], true);
    assert!(report["created"].as_u64().unwrap() > 0);
    assert!(k.json(&["list"]).as_array().unwrap().is_empty());
}

#[test]
fn bad_files_exit_1_naming_file_line_and_field_and_change_nothing() {
    let k = Kith::sqlite();
    k.ok(&["add", "Ann Lee"]);
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("photo.csv");
    std::fs::write(&junk, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe").unwrap();
    let err = k.fails(1, &["import", "linkedin", junk.to_str().unwrap()]);
    assert!(err.contains("photo.csv:") && err.lines().count() == 1, "{err}");

    let err = k.fails(1, &["import", "outlook", junk.to_str().unwrap()]);
    assert!(err.contains("FORMAT 'outlook'") && err.contains("linkedin, vcard"), "{err}");

    let err = k.fails(1, &["import", "vcard", dir.path().join("missing.vcf").to_str().unwrap()]);
    assert!(err.contains("missing.vcf") && err.contains("no such file"), "{err}");

    let truncated = dir.path().join("cut.vcf");
    std::fs::write(&truncated, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Li\r\nEMAIL:bo@x.org\r\n").unwrap();
    let err = k.fails(1, &["import", "vcard", truncated.to_str().unwrap()]);
    assert!(err.contains("cut.vcf:1:") && err.contains("END:VCARD"), "{err}");

    let csv = dir.path().join("people.csv");
    let huge = "x".repeat(10 * 1024 * 1024);
    std::fs::write(
        &csv,
        format!(
            "Name,Mail,Met\r\nBo Li,bo@x.org,2026-01-02\r\nCy Ray,not-an-address,2026-13-01\r\nDee,{huge}@x.org,\r\n"
        ),
    )
    .unwrap();
    let map = "Name=name,Mail=email,Met=met_on";
    let err = k.fails(1, &["import", "csv", csv.to_str().unwrap(), "--map", map]);
    assert!(err.contains("nothing was imported") && err.contains("--skip-invalid"), "{err}");
    assert!(err.contains("people.csv:3: record 2, Mail") && err.contains("not-an-address"), "{err}");
    assert!(err.contains("people.csv:3: record 2, Met"), "{err}");
    assert!(err.contains("people.csv:4: record 3, Mail"), "{err}");
    assert!(err.len() < 10_000, "a 10 MB value is not echoed back");
    assert_eq!(names(&k.json(&["list"])), vec!["Ann Lee"], "nothing was written");

    let err = k.fails(1, &["import", "csv", csv.to_str().unwrap(), "--map", "Full name=name"]);
    assert!(err.contains("'Full name'") && err.contains("'Name', 'Mail', 'Met'"), "lists the columns found: {err}");
}

#[test]
fn skip_invalid_imports_the_rest_and_writes_a_file_to_fix_and_reimport() {
    let k = Kith::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, "Name,Mail\r\nBo Li,bo@x.org\r\nCy Ray,cy-at-example.org\r\n").unwrap();
    let map = "Name=name,Mail=email";
    let report = k.json(&["import", "csv", csv.to_str().unwrap(), "--map", map, "--skip-invalid"]);
    assert_eq!((report["created"].as_u64(), report["skipped"].as_u64()), (Some(1), Some(1)));
    assert_eq!(report["errors"][0]["line"], 3);
    assert_eq!(report["errors"][0]["field"], "Mail");
    let rejects = dir.path().join("people.rejected.csv");
    assert_eq!(report["rejects_file"], rejects.display().to_string());
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(text, "Name,Mail\r\nCy Ray,cy-at-example.org\r\n");
    std::fs::write(&rejects, text.replace("cy-at-example.org", "cy@example.org")).unwrap();
    let fixed = k.json(&["import", "csv", rejects.to_str().unwrap(), "--map", map]);
    assert_eq!(fixed["created"], 1);
    assert_eq!(names(&k.json(&["list"])), vec!["Bo Li", "Cy Ray"]);
}

#[test]
fn mail_and_calendar_touches_warm_known_contacts_once() {
    both_backends(|k| {
        k.ok(&["add", "Ann Lee", "--email", "ann.lee@example.org", "--circle", "close"]);
        k.ok(&["add", "Bola Okafor", "--email", "bola@partner.example", "--circle", "close"]);
        let mbox = fixture("mail/sent.mbox");
        let err = k.fails(1, &["import", "mbox", &mbox]);
        assert!(err.contains("sent.mbox:48: record 4, Date"), "unreadable messages are named: {err}");
        let report = k.json(&["import", "mbox", &mbox, "--skip-invalid", "--me", "me@example.org"]);
        assert_eq!(report["interactions"], 4, "{report}");
        assert_eq!(report["skipped"], 3);
        assert!(
            report["unknown_correspondents"].as_array().unwrap().iter().any(|c| c["address"] == "chen.wei@example.net")
        );
        let bola = k.json(&["show", "Bola"]);
        assert_eq!(bola["interactions"][0]["kind"], "email");
        assert_eq!(bola["interactions"][0]["on"], "2026-03-03");
        let again = k.json(&["import", "mbox", &mbox, "--skip-invalid"]);
        assert_eq!((again["interactions"].as_u64(), again["duplicates"].as_u64()), (Some(0), Some(4)));

        let ics = k.json(&["import", "ics", &fixture("ics/google.ics")]);
        assert!(ics["interactions"].as_u64().unwrap() > 0, "{ics}");
        assert_eq!(ics["warnings"][0]["line"], 193, "a rule kith cannot follow is reported, not fatal");
        let ann = k.json(&["show", "Ann"]);
        assert!(ann["interactions"].as_array().unwrap().iter().any(|i| i["kind"] == "meeting"));
    });
}

#[test]
fn a_json_backup_restores_into_an_empty_database_exactly() {
    let Some(card) = corpus_card("khard/vcards__photov4.vcf") else { return };
    let k = Kith::sqlite();
    k.ok(&["demo", "--contacts", "120"]);
    k.ok(&["import", "vcard", &card]);
    let backup = k.ok(&["export", "json"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.json");
    std::fs::write(&file, &backup).unwrap();
    let fresh = Kith::sqlite();
    let report = fresh.json(&["import", "json", file.to_str().unwrap()]);
    assert_eq!(report["created"], 121);
    assert_eq!(fresh.ok(&["export", "json"]), backup, "export → import → export is identical");
    assert_eq!(fresh.json(&["due"]), k.json(&["due"]));
    let again = fresh.json(&["import", "json", file.to_str().unwrap()]);
    assert_eq!((again["created"].as_u64(), again["interactions"].as_u64()), (Some(0), Some(0)));
}

#[test]
fn a_json_backup_carries_campaigns_and_refuses_a_newer_version() {
    both_backends(|k| {
        k.ok(&["add", "Ada Lovelace", "--email", "ada@example.org", "--tag", "eng"]);
        k.ok(&["add", "Bob Builder", "--email", "bob@example.org", "--tag", "eng"]);
        k.ok(&["log", "Ada", "--kind", "lunch", "--on", "2026-11-10"]);
        let body = "Hi {first_name},\n{custom}";
        let made = k.json(&[
            "campaign",
            "new",
            "Spring search",
            "--tag",
            "eng",
            "--subject",
            "Coffee, {first_name}?",
            "--body",
            body,
        ]);
        let id = made["id"].to_string();
        k.ok(&["campaign", "custom", &id, "Ada", "Loved your talk."]);
        let dir = tempfile::tempdir().unwrap();
        let drafts = dir.path().join("drafts");
        k.ok(&["campaign", "drafts", &id, "--dir", drafts.to_str().unwrap(), "--from", "Me <me@example.org>"]);
        k.ok(&["campaign", "mark", &id, "bob@example.org", "--stage", "replied"]);
        let backup = k.ok(&["export", "json"]);
        assert!(backup.contains("\"version\": 5,") && backup.contains("\"campaigns\""), "{backup}");
        assert!(backup.contains("Loved your talk.") && backup.contains("\"message_id\""), "{backup}");

        let file = dir.path().join("backup.json");
        std::fs::write(&file, &backup).unwrap();
        let fresh = k.same_backend();
        fresh.ok(&["import", "json", file.to_str().unwrap()]);
        assert_eq!(fresh.ok(&["export", "json"]), backup, "export → import → export is identical");
        assert_eq!(fresh.json(&["campaign", "show", &id]), k.json(&["campaign", "show", &id]));

        // A backup from a newer kith, with a part this one does not know: refused by its version.
        let newer = backup.replacen("\"version\": 5,", "\"version\": 6,\n  \"reading_list\": [],", 1);
        let file = dir.path().join("newer.json");
        std::fs::write(&file, newer).unwrap();
        let empty = k.same_backend();
        let err = empty.fails(1, &["import", "json", file.to_str().unwrap()]);
        assert!(err.contains("newer.json:3") && err.contains("backup version 6"), "{err}");
        assert!(err.contains("versions 1 to 5") && err.contains("upgrade kith"), "{err}");
        assert!(!err.contains("unknown field"), "{err}");
        assert_eq!(empty.json(&["list"]).as_array().map(Vec::len), Some(0));
    });
}

#[test]
fn vcard_csv_and_ics_exports_carry_the_network() {
    let Some(card) = corpus_card("khard/vcards__photov3.vcf") else { return };
    let k = Kith::sqlite();
    k.ok(&["add", "Ada Lovelace", "--email", "ada@example.org", "--birthday=--12-10", "--tag", "math"]);
    k.ok(&["add", "<script>alert(1)</script>", "--circle", "inner"]);
    k.ok(&["followup", "add", "Ada", "--in", "2w", "--note", "send the paper, with notes; really"]);
    k.ok(&["import", "vcard", &card]);

    let cards = k.ok(&["export", "vcard"]);
    assert_eq!(cards.matches("BEGIN:VCARD").count(), 3);
    assert!(cards.contains("PHOTO"), "a photo imported from a card goes back out");
    let fresh = Kith::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all.vcf");
    std::fs::write(&file, &cards).unwrap();
    assert_eq!(fresh.json(&["import", "vcard", file.to_str().unwrap()])["created"], 3);
    let ada = fresh.json(&["show", "ada@example.org"]);
    assert_eq!((ada["birthday"].as_str(), ada["tags"][0].as_str()), (Some("--12-10"), Some("math")));

    let out = dir.path().join("cards");
    k.ok(&["export", "vcard", "--dir", out.to_str().unwrap()]);
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 3);

    let csv = k.ok(&["export", "csv"]);
    assert!(csv.starts_with("id,name,"));
    assert_eq!(csv.lines().filter(|l| l.contains("Ada Lovelace")).count(), 1);

    let ics = k.ok(&["export", "ics"]);
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert!(ics.contains("send the paper\\, with notes\\; really"), "text is escaped");
    assert!(ics.contains("RRULE:FREQ=YEARLY"), "birthdays repeat yearly");

    let err = k.fails(1, &["export", "pdf"]);
    assert!(err.contains("FORMAT 'pdf'"), "{err}");
}

/// 50 MB of junk printed 94 MB of problems, one line each: a refused import lists the first 100
/// and says how many more, and `--rejects FILE` holds every record at fault.
#[test]
fn a_file_of_junk_lists_a_hundred_problems_and_the_rest_go_to_the_rejects_file() {
    let k = Kith::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    let mut text = String::from("Full name,Mail\n");
    for n in 0..500 {
        text.push_str(&format!("Person {n},not-an-address-{n}\n"));
    }
    std::fs::write(&file, text).unwrap();
    let args = ["import", "csv", file.to_str().unwrap(), "--map", "Full name=name,Mail=email"];
    let err = k.fails(1, &args);
    assert_eq!(err.lines().filter(|l| l.contains("not-an-address")).count(), 100, "{err}");
    assert!(err.contains("and 400 more problems") && err.contains("--rejects"), "{err}");
    let rejects = dir.path().join("bad.csv");
    let mut with_rejects = args.to_vec();
    with_rejects.extend(["--rejects", rejects.to_str().unwrap()]);
    let err = k.fails(1, &with_rejects);
    assert!(err.contains(&format!("every record at fault is in {}", rejects.display())), "{err}");
    assert_eq!(std::fs::read_to_string(&rejects).unwrap().lines().count(), 501, "the header and every bad row");
    let json = k.run_on(TODAY, &[&["--json"][..], &args[..]].concat());
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!((report["errors"].as_array().unwrap().len(), report["more_errors"].as_u64()), (100, Some(400)));
}

/// A backup's touches and promises had no length limit (a 10 MB note was stored), and what the
/// store found wrong in a backup named no file or line: both now hold, with the line the element
/// at fault starts on.
#[test]
fn a_backup_is_held_to_the_limits_of_typing_and_its_errors_name_the_line() {
    both_backends(|k| {
        k.ok(&["add", "Ada Lovelace"]);
        k.ok(&["log", "Ada", "--kind", "lunch", "--note", "short"]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("backup.json");
        k.ok(&["export", "json", "-o", path.to_str().unwrap()]);
        let mut backup: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        backup["interactions"][0]["note"] = Value::String("n".repeat(10_001));
        let text = serde_json::to_string_pretty(&backup).unwrap();
        let line = 1 + text[..text.find("\"interactions\"").unwrap()].matches('\n').count() + 1;
        std::fs::write(&path, text).unwrap();
        let empty = k.same_backend();
        let err = empty.fails(1, &["import", "json", path.to_str().unwrap()]);
        assert!(
            err.contains(&format!("backup.json:{line}: interactions[0].note")) && err.contains("at most 10000"),
            "{err}"
        );
        assert!(empty.json(&["list"]).as_array().unwrap().is_empty(), "nothing imported");
    });
}
