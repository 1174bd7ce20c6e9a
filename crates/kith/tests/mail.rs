//! Sending mail through a real SMTP server (Python's aiosmtpd on a free port): a campaign's
//! messages arrive as written and each sent contact is logged with the Message-ID that went out;
//! refused or unreachable sends log nothing and can be retried. Both backends.

#[path = "mail/smtp.rs"]
mod smtp;
mod support;

use serde_json::Value;
use smtp::{SmtpServer, config, free_port};
use support::{Kith, both_backends};

const TODAY: &str = "2026-12-07";

fn network(k: &Kith) {
    k.ok(&["add", "Zoë Ångström", "--email", "zoe@example.org", "--org", "Acme", "--tag", "eng"]);
    k.ok(&["add", "Bob Builder", "--email", "bob@example.org", "--tag", "eng"]);
    k.ok(&["add", "Rae Fused", "--email", "refuse@example.org", "--tag", "eng"]);
    k.ok(&["log", "Zoë", "--kind", "lunch", "--on", "2026-11-30"]);
    k.ok(&["log", "Bob", "--kind", "coffee", "--on", "2026-11-20"]);
    k.ok(&["log", "Rae", "--kind", "call", "--on", "2026-10-01"]);
}

fn campaign(k: &Kith) -> String {
    k.json(&[
        "campaign",
        "new",
        "Spring",
        "--tag",
        "eng",
        "--subject",
        "Café, {first_name}?",
        "--body",
        "Hi {first_name},\nlunch at {org}?",
    ])["id"]
        .to_string()
}

/// Runs `kith --config CONFIG --json ARGS`, returning (exit code, JSON on stdout, stderr).
fn run_json(k: &Kith, config: &std::path::Path, args: &[&str]) -> (Option<i32>, Value, String) {
    let mut all = vec!["--config", config.to_str().unwrap(), "--json"];
    all.extend_from_slice(args);
    let out = k.run_on(TODAY, &all);
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), json, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn stages(k: &Kith, id: &str) -> Vec<(String, String, Option<String>)> {
    let show = k.json(&["campaign", "show", id]);
    show["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["stage"].as_str().unwrap().to_string(),
                c["message_id"].as_str().map(String::from),
            )
        })
        .collect()
}

fn emails_logged(k: &Kith, who: &str) -> usize {
    let show = k.json(&["show", who]);
    show["interactions"].as_array().unwrap().iter().filter(|i| i["kind"] == "email").count()
}

#[test]
fn a_campaign_is_sent_through_smtp_and_each_accepted_message_is_logged() {
    let Some(server) = SmtpServer::start() else { return };
    both_backends(|k| {
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path(), server.port, "");
        let before = server.received().len();
        network(k);
        let id = campaign(k);
        let (code, report, err) = run_json(k, &cfg, &["campaign", "send", &id]);
        assert_eq!(code, Some(1), "one recipient was refused: {err}");
        assert!(err.contains("1 of 3"), "{err}");
        let by_name = |n: &str| report.as_array().unwrap().iter().find(|r| r["name"] == n).unwrap().clone();
        assert_eq!(by_name("Zoë Ångström")["status"], "sent");
        assert_eq!(by_name("Bob Builder")["status"], "sent");
        let refused = by_name("Rae Fused");
        assert_eq!(refused["status"], "failed");
        let why = refused["error"].as_str().unwrap();
        assert!(why.contains("Rae Fused <refuse@example.org>"), "names the contact: {why}");
        assert!(why.contains(&format!("127.0.0.1:{}", server.port)), "names the server: {why}");
        assert!(why.contains("550") && why.contains("mailbox unavailable"), "says what the server said: {why}");

        let received = &server.received()[before..];
        assert_eq!(received.len(), 2);
        let zoe = received.iter().find(|m| m["rcpt_tos"][0] == "zoe@example.org").expect("Zoë's message arrived");
        assert_eq!(zoe["to"], "Zoë Ångström <zoe@example.org>");
        assert_eq!(zoe["from"], "Me Myself <me@example.org>");
        assert_eq!(zoe["subject"], "Café, Zoë?");
        // Line ends travel as CRLF on the wire.
        assert_eq!(zoe["body"].as_str().unwrap().replace("\r\n", "\n").trim_end(), "Hi Zoë,\nlunch at Acme?");
        assert_eq!(zoe["defects"], serde_json::json!([]));
        let id_sent = zoe["message_id"].as_str().unwrap();
        assert!(id_sent.ends_with("@example.org>"), "the Message-ID is on the sender's domain: {id_sent}");

        // The board: the two accepted are sent with the Message-ID that went out; Rae is drafted.
        let board = stages(k, &id);
        assert!(board.contains(&("Zoë Ångström".into(), "sent".into(), Some(id_sent.to_string()))), "{board:?}");
        assert!(board.contains(&("Rae Fused".into(), "drafted".into(), None)), "{board:?}");
        assert_eq!(emails_logged(k, "Zoë"), 1);
        assert_eq!(emails_logged(k, "Rae"), 0, "a refused message is not logged");

        // Sending again tries only what is still drafted: nothing is sent twice.
        let (code, report, _) = run_json(k, &cfg, &["campaign", "send", &id]);
        assert_eq!(code, Some(1));
        assert_eq!(report.as_array().unwrap().len(), 1);
        assert_eq!(server.received().len(), before + 2);
        assert_eq!(emails_logged(k, "Zoë"), 1);
    });
}

#[test]
fn nothing_listening_logs_nothing_and_a_retry_sends() {
    let port = free_port();
    let k = Kith::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), port, "");
    network(&k);
    let id = campaign(&k);
    let (code, report, err) = run_json(&k, &cfg, &["campaign", "send", &id, "--only", "Zoë"]);
    assert_eq!(code, Some(1), "{err}");
    let why = report[0]["error"].as_str().unwrap();
    assert!(why.contains("Zoë Ångström") && why.contains(&format!("127.0.0.1:{port}")), "{why}");
    assert!(why.to_lowercase().contains("refused"), "what the connection said: {why}");
    assert_eq!(stages(&k, &id)[0].1, "drafted");
    assert_eq!(emails_logged(&k, "Zoë"), 0);

    // The server comes up: the same command now sends, once.
    let Some(server) = SmtpServer::start_on(port) else { return };
    let (code, report, err) = run_json(&k, &cfg, &["campaign", "send", &id, "--only", "Zoë"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        report,
        serde_json::json!([{"contact_id": 1, "name": "Zoë Ångström", "email": "zoe@example.org", "status": "sent"}])
    );
    assert_eq!(server.received().len(), 1);
    assert_eq!(emails_logged(&k, "Zoë"), 1);
    let (code, _, err) = run_json(&k, &cfg, &["campaign", "send", &id, "--only", "Zoë"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("--only '1'") && err.contains("already sent"), "{err}");
}

#[test]
fn a_dry_run_sends_nothing_and_needs_no_server() {
    let k = Kith::sqlite();
    network(&k);
    let id = campaign(&k);
    let report = k.json(&["campaign", "send", &id, "--dry-run"]);
    assert_eq!(report.as_array().unwrap().len(), 3);
    assert!(report.as_array().unwrap().iter().all(|r| r["status"] == "would_send"));
    assert!(stages(&k, &id).iter().all(|s| s.1 == "drafted"));
}

#[test]
fn without_smtp_settings_the_error_shows_what_to_add() {
    let k = Kith::sqlite();
    network(&k);
    let id = campaign(&k);
    let err = k.fails(1, &["campaign", "send", &id]);
    assert!(err.contains("[smtp]") && err.contains("host = ") && err.contains("KITH_SMTP_PASSWORD"), "{err}");
    assert!(stages(&k, &id).iter().all(|s| s.1 == "drafted"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[smtp]\nhost = \"smtp.example.org\"\ntls = \"ssl\"\n").unwrap();
    let err = k.fails(1, &["--config", path.to_str().unwrap(), "campaign", "send", &id]);
    assert!(err.contains("smtp.tls 'ssl'"), "{err}");

    // A username wants its password, best from the environment rather than the file.
    std::fs::write(&path, "me = [\"me@example.org\"]\n[smtp]\nhost = \"smtp.example.org\"\nusername = \"me\"\n")
        .unwrap();
    let args = ["--config", path.to_str().unwrap(), "campaign", "send", &id, "--dry-run"];
    let err = k.fails(1, &args);
    assert!(err.contains("smtp.password") && err.contains("KITH_SMTP_PASSWORD"), "{err}");
    let out = k.command(&args).env("KITH_SMTP_PASSWORD", "s3cret").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_message_written_as_a_draft_first_goes_out_with_the_drafts_message_id() {
    let Some(server) = SmtpServer::start() else { return };
    let k = Kith::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), server.port, "");
    network(&k);
    let id = campaign(&k);
    let drafts = dir.path().join("drafts");
    let mut args = vec!["--config", cfg.to_str().unwrap(), "campaign", "drafts", &id, "--dir"];
    args.push(drafts.to_str().unwrap());
    let out = k.run_on(TODAY, &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let drafted =
        stages(&k, &id).into_iter().find(|s| s.0 == "Zoë Ångström").unwrap().2.expect("the draft's id is kept");

    let (code, _, err) = run_json(&k, &cfg, &["campaign", "send", &id, "--only", "Zoë"]);
    assert_eq!(code, Some(0), "{err}");
    let sent = server.wait_for(1);
    assert_eq!(sent[0]["message_id"].as_str(), Some(drafted.as_str()), "a reply to the draft or the mail matches");
    assert_eq!(
        stages(&k, &id).into_iter().find(|s| s.0 == "Zoë Ångström").unwrap(),
        ("Zoë Ångström".into(), "sent".into(), Some(drafted))
    );
}

#[test]
fn a_mail_server_set_in_the_app_sends_the_digest_and_the_file_wins_where_it_sets() {
    let Some(server) = SmtpServer::start() else { return };
    both_backends(|k| {
        let before = server.received().len();
        k.ok(&["add", "Zoë Ångström", "--email", "zoe@example.org"]);
        // No configuration file at all: everything is set in the app, kept in the database.
        let port = server.port.to_string();
        for (key, value) in
            [("me", "me@example.org"), ("smtp.host", "127.0.0.1"), ("smtp.port", port.as_str()), ("smtp.tls", "none")]
        {
            k.ok(&["settings", "set", key, value]);
        }
        let shown = k.json(&["settings"]);
        let row = |key: &str| shown.as_array().unwrap().iter().find(|r| r["key"] == key).cloned().unwrap();
        assert_eq!(
            (row("smtp.host")["value"].as_str(), row("smtp.host")["from"].as_str()),
            (Some("127.0.0.1"), Some("app"))
        );
        let out = k.run_on(TODAY, &["digest", "--send"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let got = server.wait_for(before + 1);
        assert_eq!(got.len(), before + 1);
        assert!(got.last().unwrap()["to"].to_string().contains("me@example.org"), "{:?}", got.last());

        // A configuration file that sets plan_size wins over the app, and says so.
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("config.toml");
        std::fs::write(&cfg, "plan_size = 9\n").unwrap();
        let cfg = cfg.to_str().unwrap();
        let err =
            String::from_utf8_lossy(&k.run_on(TODAY, &["--config", cfg, "settings", "set", "plan_size", "3"]).stderr)
                .into_owned();
        assert!(err.contains("configuration file"), "{err}");
        let shown = k.run_on(TODAY, &["--config", cfg, "--json", "settings"]);
        let shown: Value = serde_json::from_slice(&shown.stdout).unwrap();
        let size = shown.as_array().unwrap().iter().find(|r| r["key"] == "plan_size").cloned().unwrap();
        assert_eq!((size["value"].as_str(), size["from"].as_str()), (Some("9"), Some("file")));
    });
}
