//! The weekly digest: its contents (plan, goals, follow-ups by urgency) as text and JSON, sending
//! it now, and the schedule `kith serve` keeps — run with a fixed clock (`--now`) against a real
//! SMTP server (aiosmtpd): sent once per week at its slot, never twice across runs or servers,
//! caught up after downtime within the week, and retried after a failed send.

#[path = "mail/smtp.rs"]
mod smtp;
mod support;

use std::{
    process::Stdio,
    time::{Duration, Instant},
};

use serde_json::Value;
use smtp::{SmtpServer, config, free_port};
use support::{Kith, both_backends};

/// A Wednesday in ISO week 2026-W49 (Monday 2026-11-30 to Sunday 2026-12-06).
const TODAY: &str = "2026-12-02";

const DIGEST: &str = "[digest]\nenabled = true\nweekday = \"monday\"\ntime = \"08:00\"\nto = \"inbox@example.org\"\n";

fn network(k: &Kith) {
    k.ok(&["add", "Ada Lovelace", "--email", "ada@example.org"]);
    k.ok(&["add", "Bob Builder"]);
    k.ok(&["add", "Cy Later"]);
    k.ok(&["log", "Ada", "--kind", "lunch", "--on", "2026-11-30"]);
    k.ok(&["followup", "add", "Ada", "--on", "2026-12-02", "--note", "send the deck"]);
    k.ok(&["followup", "add", "Bob", "--on", "2026-11-25"]);
    k.ok(&["followup", "add", "Cy", "--on", "2026-12-05"]);
    k.ok(&["followup", "add", "Cy", "--on", "2026-12-20", "--note", "next week, not in this digest"]);
}

/// `kith --config CFG --now NOW --json digest --scheduled`: (exit code, JSON).
fn scheduled(k: &Kith, cfg: &std::path::Path, now: &str) -> (Option<i32>, Value) {
    let out = k.run_on(
        now.split('T').next().unwrap(),
        &["--config", cfg.to_str().unwrap(), "--now", now, "--json", "digest", "--scheduled"],
    );
    (out.status.code(), serde_json::from_slice(&out.stdout).unwrap_or(Value::Null))
}

#[test]
fn the_digest_shows_the_week_with_todays_follow_ups_first() {
    both_backends(|k| {
        network(k);
        let d = k.json(&["digest"]);
        assert_eq!(d["week"], "2026-W49");
        let names = |key: &str| -> Vec<String> {
            d["followups"][key].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap().to_string()).collect()
        };
        assert_eq!(names("due_today"), ["Ada Lovelace"]);
        assert_eq!(names("overdue"), ["Bob Builder"]);
        assert_eq!(names("this_week"), ["Cy Later"], "the follow-up of next week is left out");
        let lunch = d["goals"].as_array().unwrap().iter().find(|g| g["measure"] == "lunch+coffee").unwrap();
        assert_eq!((lunch["done"].as_u64(), lunch["met"].as_bool()), (Some(1), Some(true)));
        assert!(d["plan"]["reach_out"].is_array());

        let text = k.ok(&["digest"]);
        let today_at = text.find("!! Ada Lovelace — follow-up due today: send the deck").expect(&text);
        assert!(text.find("Bob Builder — follow-up overdue since 2026-11-25").is_some_and(|i| i > today_at), "{text}");
        assert!(text.contains("Goals\n") && text.contains("lunch or coffee ≥ 1 / week — 1 / 1 ✓"), "{text}");
        assert!(!text.contains("next week, not in this digest"), "{text}");
    });
}

#[test]
fn digest_send_mails_it_now_as_plain_text_and_html() {
    let Some(server) = SmtpServer::start() else { return };
    both_backends(|k| {
        let before = server.received().len();
        network(k);
        k.ok(&["followup", "add", "Cy", "--on", "2026-12-02", "--note", "<script>alert(1)</script> & \"co\""]);
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path(), server.port, "");
        k.ok(&["--config", cfg.to_str().unwrap(), "digest", "--send"]);
        let got = server.received();
        assert_eq!(got.len(), before + 1);
        let mail = &got[before];
        assert_eq!(mail["rcpt_tos"], serde_json::json!(["me@example.org"]), "without [digest] to: the first me");
        assert_eq!(mail["subject"], "Your kith week of 2026-11-30 (2026-W49)");
        assert!(mail["message_id"].as_str().unwrap().ends_with("@example.org>"));
        assert_eq!(mail["defects"], serde_json::json!([]), "the message parses cleanly");
        assert_eq!(mail["content_type"], "multipart/alternative");
        assert_eq!(mail["parts"], serde_json::json!(["text/plain", "text/html"]), "plain text first");
        // Both alternatives carry the same plan, follow-ups and goals.
        let text = mail["body"].as_str().unwrap();
        let html = mail["html"].as_str().unwrap();
        assert!(text.contains("follow-up due today: send the deck"), "{text}");
        assert!(html.contains("<strong style=\"color: #a40e26; font-weight: bold;\">Ada Lovelace</strong> — follow-up due today: send the deck"), "{html}");
        for part in [text, html] {
            assert!(part.contains("Bob Builder") && part.contains("overdue since 2026-11-25"), "{part}");
            assert!(part.contains("lunch or coffee ≥ 1 / week") && part.contains("Reach out"), "{part}");
        }
        assert!(text.contains("<script>alert(1)</script> & \"co\""), "the text stays as typed: {text}");
        assert!(!html.contains("<script>"), "markup typed by the user is escaped: {html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;"), "{html}");
        assert!(
            !html.contains("src=") && !html.contains("href=") && !html.contains("url("),
            "nothing to fetch: {html}"
        );
    });
}

#[test]
fn the_schedule_sends_once_a_week_and_catches_up_within_the_week() {
    let Some(server) = SmtpServer::start() else { return };
    both_backends(|k| {
        let before = server.received().len();
        let sent = || server.received().len() - before;
        network(k);
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path(), server.port, DIGEST);
        // Monday 2026-12-07 (W50): not before 08:00, then once, then never again that week.
        assert_eq!(
            scheduled(k, &cfg, "2026-12-07T07:59"),
            (Some(0), serde_json::json!({"status": "not_due", "week": null, "error": null}))
        );
        assert_eq!(sent(), 0);
        let (code, first) = scheduled(k, &cfg, "2026-12-07T08:00");
        assert_eq!((code, first["status"].as_str(), first["week"].as_str()), (Some(0), Some("sent"), Some("2026-W50")));
        assert_eq!(sent(), 1);
        let mail = &server.received()[before];
        assert_eq!(mail["rcpt_tos"], serde_json::json!(["inbox@example.org"]));
        assert_eq!(mail["subject"], "Your kith week of 2026-12-07 (2026-W50)");
        for later in ["2026-12-07T08:01", "2026-12-07T20:00", "2026-12-13T23:59"] {
            assert_eq!(scheduled(k, &cfg, later).1["status"], "not_due", "{later}");
        }
        assert_eq!(sent(), 1, "a second tick or a second run does not send again");
        // Down from Sunday to Wednesday of W51: caught up at start-up, Wednesday.
        assert_eq!(scheduled(k, &cfg, "2026-12-16T12:00").1["week"], "2026-W51");
        assert_eq!(sent(), 2);
        // Down all of W52: not sent late on Monday of W53 before its slot, nor after.
        assert_eq!(scheduled(k, &cfg, "2026-12-28T07:00").1["status"], "not_due");
        assert_eq!(sent(), 2);
        assert_eq!(scheduled(k, &cfg, "2026-12-28T08:00").1["week"], "2026-W53");
        assert_eq!(sent(), 3);
    });
}

#[test]
fn a_failed_digest_is_retried_on_the_next_tick() {
    let port = free_port();
    let k = Kith::sqlite();
    network(&k);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), port, DIGEST);
    let (code, failed) = scheduled(&k, &cfg, "2026-12-07T08:05");
    assert_eq!((code, failed["status"].as_str()), (Some(1), Some("failed")));
    let why = failed["error"].as_str().unwrap();
    assert!(why.contains("inbox@example.org") && why.contains(&format!("127.0.0.1:{port}")), "{why}");
    let Some(server) = SmtpServer::start_on(port) else { return };
    assert_eq!(scheduled(&k, &cfg, "2026-12-07T08:06").1["status"], "sent", "the failed week was released");
    assert_eq!(scheduled(&k, &cfg, "2026-12-07T08:07").1["status"], "not_due");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn the_server_backs_off_after_a_failed_send_and_says_when_it_retries() {
    use std::io::{BufRead, BufReader};
    let port = free_port();
    let k = Kith::sqlite();
    network(&k);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), port, DIGEST);
    let addr = format!("127.0.0.1:{}", free_port());
    let args = ["--config", cfg.to_str().unwrap(), "--now", "2026-12-07T08:05", "serve", "--addr", &addr];
    let mut child = k.command(&args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = kith_process(child);
    // Nothing listens on the mail port: the first tick fails and says when the next try comes.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let failure = loop {
        let line = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())).expect("a failure is logged");
        if line.contains("was not sent") {
            break line;
        }
    };
    assert!(failure.contains("2026-W50") && failure.contains("failure 1 in a row"), "{failure}");
    assert!(failure.contains(&format!("127.0.0.1:{port}")), "the error names the mail server: {failure}");
    assert!(failure.contains("trying again at 2026-12-07 08:10"), "five minutes later: {failure}");
    // The week was given back: a run by hand (no back-off of its own) tries at once.
    let Some(smtp) = SmtpServer::start_on(port) else { return };
    assert_eq!(scheduled(&k, &cfg, "2026-12-07T08:06").1["status"], "sent");
    assert_eq!(smtp.received().len(), 1);
    drop(server);
}

#[test]
fn two_servers_on_one_database_send_the_digest_once() {
    let Some(smtp) = SmtpServer::start() else { return };
    both_backends(|k| {
        let before = smtp.received().len();
        network(k);
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(dir.path(), smtp.port, DIGEST);
        // Both start after Monday's slot: each catches up at start-up, but only one claim lands.
        let servers: Vec<_> = (0..2)
            .map(|_| {
                let addr = format!("127.0.0.1:{}", free_port());
                let args = ["--config", cfg.to_str().unwrap(), "--now", "2026-12-09T10:00", "serve", "--addr", &addr];
                kith_process(k.command(&args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap())
            })
            .collect();
        assert_eq!(smtp.wait_for(before + 1).len(), before + 1);
        // Give the other server time to have ticked too; still one message.
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(3) {
            std::thread::sleep(Duration::from_millis(100));
        }
        assert_eq!(smtp.received().len(), before + 1);
        assert_eq!(smtp.received()[before]["subject"], "Your kith week of 2026-12-07 (2026-W50)");
        drop(servers);
    });
}

/// A spawned process, killed when dropped.
struct KithProcess(std::process::Child);

fn kith_process(child: std::process::Child) -> KithProcess {
    KithProcess(child)
}

impl Drop for KithProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
