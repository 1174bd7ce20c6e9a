//! Job-search campaigns through the CLI: picking the warmest contacts, the board, custom lines,
//! template errors that name the placeholder, `.eml` drafts that a real mail parser (Python's
//! `email` package) reads back, and `mailto:` links. Both backends print the same JSON.

mod support;

use std::process::Command;

use serde_json::Value;
use support::{Kith, both_backends};

const TODAY: &str = "2026-11-22";

/// A small network: three warm-to-cold contacts tagged `eng`, one without e-mail, one untagged.
fn network(k: &Kith) {
    k.ok(&[
        "add",
        "Zoë Ångström",
        "--email",
        "zoe@example.org",
        "--tag",
        "eng",
        "--org",
        "Acme",
        "--met-at",
        "RustConf",
    ]);
    k.ok(&["add", "Bob Builder", "--email", "bob@example.org", "--tag", "eng"]);
    k.ok(&["add", "Cy Cold", "--email", "cy@example.org", "--tag", "eng"]);
    k.ok(&["add", "No Mail", "--tag", "eng"]);
    k.ok(&["add", "Other Person", "--email", "other@example.org"]);
    k.ok(&["log", "Zoë", "--kind", "lunch", "--on", "2026-11-10"]);
    k.ok(&["log", "Bob", "--kind", "coffee", "--on", "2026-09-01"]);
    k.ok(&["log", "No Mail", "--kind", "lunch", "--on", "2026-11-20"]);
}

fn names(v: &Value) -> Vec<String> {
    v["contacts"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_campaign_picks_the_warmest_with_email_and_tracks_the_board() {
    let outputs = std::cell::RefCell::new(Vec::new());
    both_backends(|k| {
        network(k);
        let made = k.json(&[
            "campaign",
            "new",
            "Spring search",
            "--tag",
            "eng",
            "--size",
            "2",
            "--subject",
            "Coffee, {first_name}?",
            "--body",
            "Hi {first_name},\nsince {met_at} at {org}, last {last_touch}. {custom}",
        ]);
        assert_eq!(made["without_email"], 1);
        let id = made["id"].to_string();
        k.ok(&["campaign", "custom", &id, "Zoë", "Loved your talk."]);
        k.ok(&["campaign", "mark", &id, "bob@example.org", "--stage", "replied"]);
        let show = k.json(&["campaign", "show", &id]);
        assert_eq!(names(&show), ["Zoë Ångström", "Bob Builder"]);
        let zoe = &show["contacts"][0];
        assert_eq!(zoe["subject"], "Coffee, Zoë?");
        assert_eq!(zoe["body"], "Hi Zoë,\nsince RustConf at Acme, last 2026-11-10. Loved your talk.");
        assert_eq!(zoe["stage"], "drafted");
        assert_eq!(
            zoe["mailto"],
            "mailto:zoe@example.org?subject=Coffee%2C%20Zo%C3%AB%3F&body=Hi%20Zo%C3%AB%2C%0D%0Asince%20RustConf%20at%20Acme%2C%20last%202026-11-10.%20Loved%20your%20talk."
        );
        assert_eq!(show["contacts"][1]["stage"], "replied");
        assert_eq!(show["stages"]["replied"], 1);
        let human = k.ok(&["campaign", "show", &id]);
        assert!(
            human.contains(&format!("Open in your mail program: {}", zoe["mailto"].as_str().unwrap())),
            "the README's promise: campaign show has mailto: links: {human}"
        );
        let list = k.json(&["campaign", "list"]);
        assert_eq!(list[0]["size"], 2);
        assert_eq!(list[0]["stages"]["drafted"], 1);
        outputs.borrow_mut().push((show, list));
    });
    let outputs = outputs.into_inner();
    if outputs.len() == 2 {
        assert_eq!(outputs[0], outputs[1], "SQLite and PostgreSQL print the same JSON");
    }
}

#[test]
fn template_and_stage_errors_name_what_was_wrong_and_write_nothing() {
    both_backends(|k| {
        network(k);
        let err = k.fails(1, &["campaign", "new", "X", "--subject", "Hi", "--body", "Dear {firstname}"]);
        assert!(err.contains("{firstname}") && err.contains("{first_name}, {name}, {org}"), "{err}");
        assert_eq!(k.json(&["campaign", "list"]), serde_json::json!([]));
        let err = k.fails(1, &["campaign", "new", "X", "--subject", "Hi", "--body", "Hi", "--tag", "nobody"]);
        assert!(err.contains("no contact with an e-mail address matches"), "{err}");
        let id = k.json(&["campaign", "new", "X", "--subject", "Hi", "--body", "Hi"])["id"].to_string();
        let err = k.fails(1, &["campaign", "mark", &id, "Zoë", "--stage", "ghosted"]);
        assert!(err.contains("--stage 'ghosted'") && err.contains("drafted, sent, replied, booked, met"), "{err}");
        let err = k.fails(1, &["campaign", "mark", "999", "Zoë", "--stage", "met"]);
        assert!(err.contains("campaign 999 not found"), "{err}");
        k.fails(2, &["campaign", "new", "X", "--subject", "Hi"]);
    });
}

#[test]
fn drafts_are_eml_files_a_mail_parser_reads_back() {
    let k = Kith::sqlite();
    network(&k);
    let id = k.json(&[
        "campaign",
        "new",
        "Spring",
        "--tag",
        "eng",
        "--size",
        "1",
        "--subject",
        "Café with {name}?",
        "--body",
        "Hi {first_name} — lunch at {org}?",
    ])["id"]
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let dir_s = dir.path().to_str().unwrap();
    let err = k.fails(1, &["campaign", "drafts", &id, "--dir", dir_s]);
    assert!(err.contains("--from"), "{err}");
    let written = k.json(&["campaign", "drafts", &id, "--dir", dir_s, "--from", "Me Myself <me@example.org>"]);
    assert_eq!(written[0]["file"], "01-zoë-ångström.eml");
    let path = dir.path().join(written[0]["file"].as_str().unwrap());
    let script = r#"
import email, email.policy, json, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
print(json.dumps({"from": str(m["From"]), "to": str(m["To"]), "subject": str(m["Subject"]),
  "body": m.get_content(), "message_id": bool(m["Message-ID"]), "date": bool(m["Date"]), "unsent": m["X-Unsent"],
  "defects": [str(d) for d in m.defects], "type": m.get_content_type(), "charset": m.get_content_charset()}))
"#;
    let out = Command::new("python3").args(["-c", script, path.to_str().unwrap()]).output().expect("python3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let parsed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(parsed["from"], "Me Myself <me@example.org>");
    assert_eq!(parsed["to"], "Zoë Ångström <zoe@example.org>");
    assert_eq!(parsed["subject"], "Café with Zoë Ångström?");
    assert_eq!(parsed["body"].as_str().unwrap().trim_end(), "Hi Zoë — lunch at Acme?");
    assert_eq!((parsed["message_id"].clone(), parsed["date"].clone()), (Value::Bool(true), Value::Bool(true)));
    assert_eq!(parsed["defects"], serde_json::json!([]));
    assert_eq!(parsed["unsent"], "1", "Outlook and Apple Mail open the file as a draft to send");
    assert_eq!((parsed["type"].as_str(), parsed["charset"].as_str()), (Some("text/plain"), Some("utf-8")));
    // Every header line is ASCII: non-ASCII names and subjects travel as encoded words.
    let raw = std::fs::read(&path).unwrap();
    let head = &raw[..raw.windows(4).position(|w| w == b"\r\n\r\n").expect("headers end with CRLF CRLF")];
    assert!(head.is_ascii());
}

/// The value of a header in a message's header section.
fn header(message: &str, name: &str) -> String {
    let prefix = format!("{name}: ");
    message.lines().find_map(|l| l.strip_prefix(&prefix)).unwrap_or_else(|| panic!("no {name}")).trim().to_string()
}

#[test]
fn a_reply_to_a_draft_found_in_imported_mail_marks_the_contact_replied() {
    both_backends(|k| {
        network(k);
        let id = k.json(&[
            "campaign",
            "new",
            "Spring",
            "--tag",
            "eng",
            "--size",
            "1",
            "--subject",
            "Coffee?",
            "--body",
            "Hi {first_name}",
        ])["id"]
            .to_string();
        let dir = tempfile::tempdir().unwrap();
        let dir_s = dir.path().to_str().unwrap();
        let drafts = ["campaign", "drafts", &id, "--dir", dir_s, "--from", "Me <me@example.org>"];
        let written = k.json(&drafts);
        let path = dir.path().join(written[0]["file"].as_str().unwrap());
        let draft = std::fs::read_to_string(&path).unwrap().replace("\r\n", "\n");
        let message_id = header(&draft, "Message-ID");
        // Writing the drafts again keeps the Message-ID of the file that may have been sent.
        k.json(&drafts);
        let again = std::fs::read_to_string(&path).unwrap().replace("\r\n", "\n");
        assert_eq!(header(&again, "Message-ID"), message_id);
        assert_eq!(k.json(&["campaign", "show", &id])["contacts"][0]["message_id"], message_id.as_str());

        // The sent copy (dated when it was sent) and Zoë's answer, in one mailbox.
        let sent = draft.replace(&format!("Date: {}", header(&draft, "Date")), "Date: Fri, 20 Nov 2026 09:00:00 +0000");
        let reply = format!(
            "From: =?utf-8?q?Zo=C3=AB?= <zoe@example.org>\nTo: me@example.org\nDate: Sat, 21 Nov 2026 12:00:00 +0000\n\
             Subject: Re: Coffee?\nMessage-ID: <reply-1@example.org>\nIn-Reply-To: {message_id}\n\
             References: {message_id}\n\nGladly!\n"
        );
        let mbox = format!(
            "From me@example.org Fri Nov 20 09:00:00 2026\n{}\n\nFrom zoe@example.org Sat Nov 21 12:00:00 2026\n{reply}\n",
            sent.trim_end()
        );
        let mbox_path = dir.path().join("mail.mbox");
        std::fs::write(&mbox_path, mbox).unwrap();
        let mbox_s = mbox_path.to_str().unwrap();
        let report = k.json(&["import", "mbox", mbox_s, "--me", "me@example.org"]);
        assert_eq!(report["campaign"], serde_json::json!({"sent": 1, "replied": 1}), "{report}");
        assert_eq!(report["interactions"], 2);
        let show = k.json(&["campaign", "show", &id]);
        assert_eq!(show["contacts"][0]["name"], "Zoë Ångström");
        assert_eq!(show["contacts"][0]["stage"], "replied");
        // The same mailbox again changes nothing.
        let second = k.json(&["import", "mbox", mbox_s, "--me", "me@example.org"]);
        assert_eq!(second["campaign"], serde_json::json!({"sent": 0, "replied": 0}));
        assert_eq!(second["interactions"], 0);
        assert_eq!(k.json(&["campaign", "show", &id]), show);
    });
}
