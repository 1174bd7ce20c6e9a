//! Career readiness, the brag document and market signals through the CLI, and the hiring boost
//! in a campaign's ranking. Both backends print the same JSON.

mod support;

use serde_json::Value;
use support::{Kith, both_backends};

const TODAY: &str = "2026-11-22";

#[test]
fn career_status_set_accomplishments_and_brag() {
    let outputs = std::cell::RefCell::new(Vec::new());
    both_backends(|k| {
        let empty = k.json(&["career"]);
        assert_eq!(empty["score"], 0);
        assert_eq!(empty["connections_target"], 500);
        assert_eq!(empty["next_actions"][0]["action"], "update_resume");
        assert_eq!(empty["next_actions"][0]["points"], 25);

        let set = k.json(&[
            "career",
            "set",
            "--resume-updated",
            "today",
            "--linkedin-updated",
            "2026-07-01",
            "--connections",
            "250",
        ]);
        assert_eq!(set["resume_updated_on"], TODAY);
        assert_eq!(set["parts"]["resume"], 25);
        assert_eq!(set["parts"]["linkedin"], 10, "144 days old: 36 of the 90 fading days left");
        assert_eq!(set["parts"]["connections"], 12);
        assert_eq!(set["score"], 47);

        let a = k.json(&[
            "career",
            "add",
            "Shipped *search* [beta]",
            "--outcome",
            "p99 down 40%",
            "--link",
            "https://example.org/post",
        ]);
        assert_eq!(a["on"], TODAY);
        k.ok(&["career", "add", "Led the migration", "--on", "2026-08-03"]);
        let list = k.json(&["career", "list"]);
        assert_eq!(list.as_array().unwrap().len(), 2);
        assert_eq!(list[0]["title"], "Shipped *search* [beta]");
        let status = k.json(&["career"]);
        assert_eq!(status["accomplishments_this_month"], 1);
        assert_eq!(status["parts"]["accomplishments"], 8);

        let brag = k.ok(&["career", "brag"]);
        assert!(brag.starts_with("# Brag document\n\n## 2026 Q4\n\n### November 2026\n"), "{brag}");
        assert!(brag.contains(
            r"- **2026-11-22** Shipped \*search\* \[beta\] — p99 down 40% ([link](https://example.org/post))"
        ));
        assert!(brag.find("## 2026 Q4").unwrap() < brag.find("## 2026 Q3").unwrap());
        let file = std::env::temp_dir().join(format!("kith-brag-{}.md", std::process::id()));
        let file = file.to_str().unwrap();
        k.ok(&["career", "brag", "--since", "2026-10-01", "-o", file]);
        let written = std::fs::read_to_string(file).unwrap();
        std::fs::remove_file(file).unwrap();
        assert!(written.contains("Shipped") && !written.contains("migration"));

        // Mistakes name the flag and write nothing; no field at all is a usage error.
        let err = k.fails(1, &["career", "set", "--resume-updated", "2026-12-01"]);
        assert!(err.contains("--resume-updated '2026-12-01': is after today"), "{err}");
        let err = k.fails(1, &["career", "add", "X", "--link", "example.org"]);
        assert!(err.contains("--link 'example.org'"), "{err}");
        let err = k.fails(1, &["career", "add", " "]);
        assert!(err.contains("TITLE"), "{err}");
        k.fails(2, &["career", "set"]);
        assert_eq!(k.json(&["career"])["resume_updated_on"], TODAY);

        let id = list[1]["id"].to_string();
        assert_eq!(k.json(&["career", "remove", &id])["removed"], true);
        let err = k.fails(1, &["career", "remove", &id]);
        assert!(err.contains("not found"), "{err}");
        outputs.borrow_mut().push((k.json(&["career"]), k.json(&["career", "list"])));
    });
    let outputs = outputs.into_inner();
    assert!(outputs.windows(2).all(|w| w[0] == w[1]), "the backends disagree: {outputs:?}");
}

#[test]
fn signals_add_list_filter_and_remove() {
    let outputs = std::cell::RefCell::new(Vec::new());
    both_backends(|k| {
        k.ok(&["add", "Ada Lovelace", "--org", "Acme"]);
        let s = k.json(&["signal", "add", "--org", "acme", "--kind", "hiring", "--from", "Ada", "--note", "two roles"]);
        assert_eq!(
            (s["org"].as_str(), s["from"].as_str(), s["on"].as_str()),
            (Some("Acme"), Some("Ada Lovelace"), Some(TODAY))
        );
        k.ok(&["signal", "add", "--field", "fintech", "--kind", "layoffs", "--on", "2026-08-01"]);
        k.ok(&["signal", "add", "--org", "Globex", "--kind", "funding", "--on", "2026-11-01"]);
        let all = k.json(&["signal", "list"]);
        let about: Vec<&str> =
            all.as_array().unwrap().iter().map(|s| s["org"].as_str().or(s["field"].as_str()).unwrap()).collect();
        assert_eq!(about, ["Acme", "Globex", "fintech"]);
        assert_eq!(k.json(&["signal", "list", "--org", "ACME"]).as_array().unwrap().len(), 1);
        assert_eq!(k.json(&["signal", "list", "--kind", "layoffs"]).as_array().unwrap().len(), 1);
        assert_eq!(k.json(&["signal", "list", "--since", "2026-10-01"]).as_array().unwrap().len(), 2);
        // Globex was created for its signal.
        assert!(k.ok(&["org", "list"]).contains("Globex"));

        let err = k.fails(1, &["signal", "add", "--org", "Acme", "--kind", "hired"]);
        assert!(
            err.contains("--kind 'hired': unknown kind; use one of hiring, layoffs, reorganization, funding, other"),
            "{err}"
        );
        let err = k.fails(1, &["signal", "add", "--field", "ai", "--kind", "hiring", "--on", "2026-12-01"]);
        assert!(err.contains("--on '2026-12-01'"), "{err}");
        let err = k.fails(1, &["signal", "add", "--field", "ai", "--kind", "hiring", "--from", "Nobody"]);
        assert!(err.contains("Nobody"), "{err}");
        k.fails(2, &["signal", "add", "--org", "Acme", "--field", "ai", "--kind", "hiring"]);
        k.fails(2, &["signal", "add", "--kind", "hiring"]);
        let err = k.fails(1, &["signal", "list", "--org", "Initech"]);
        assert!(err.contains("Initech"), "{err}");
        assert_eq!(k.json(&["signal", "list"]).as_array().unwrap().len(), 3);

        let id = all[2]["id"].to_string();
        assert_eq!(k.json(&["signal", "remove", &id])["removed"], true);
        k.fails(1, &["signal", "remove", &id]);
        outputs.borrow_mut().push(k.json(&["signal", "list"]));
    });
    let outputs = outputs.into_inner();
    assert!(outputs.windows(2).all(|w| w[0] == w[1]), "the backends disagree: {outputs:?}");
}

fn picked(k: &Kith) -> Vec<String> {
    let made = k.json(&["campaign", "new", "Search", "--subject", "Hi", "--body", "Hello {first_name}"]);
    let show = k.json(&["campaign", "show", &made["id"].to_string()]);
    show["contacts"].as_array().unwrap().iter().map(|c: &Value| c["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_recent_hiring_signal_lifts_a_lukewarm_contact_but_never_a_cold_one_over_a_warm_one() {
    both_backends(|k| {
        // Warmth today (active circle, 90-day half-life): Wendy 0.60 (warm), Luke 0.46 (cooling),
        // Carl 0.10 (cold). Luke and Carl work at Acme.
        k.ok(&["add", "Wendy Warm", "--email", "wendy@example.org", "--org", "Globex"]);
        k.ok(&["add", "Luke Lukewarm", "--email", "luke@example.org", "--org", "Acme"]);
        k.ok(&["add", "Carl Cold", "--email", "carl@example.org", "--org", "Acme"]);
        k.ok(&["log", "Wendy", "--kind", "lunch", "--on", "2026-09-17"]);
        k.ok(&["log", "Luke", "--kind", "lunch", "--on", "2026-08-14"]);
        k.ok(&["log", "Carl", "--kind", "lunch", "--on", "2026-01-26"]);
        assert_eq!(picked(k), ["Wendy Warm", "Luke Lukewarm", "Carl Cold"]);
        // A hiring signal older than 90 days, or news of another kind, changes nothing.
        k.ok(&["signal", "add", "--org", "Acme", "--kind", "hiring", "--on", "2026-08-01"]);
        k.ok(&["signal", "add", "--org", "Acme", "--kind", "funding"]);
        assert_eq!(picked(k), ["Wendy Warm", "Luke Lukewarm", "Carl Cold"]);
        // A recent one lifts Luke over Wendy; Carl, cold, stays below the warm contact.
        k.ok(&["signal", "add", "--org", "Acme", "--kind", "hiring", "--on", "2026-10-01"]);
        assert_eq!(picked(k), ["Luke Lukewarm", "Wendy Warm", "Carl Cold"]);
    });
}
