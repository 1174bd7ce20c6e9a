//! `kith source` and `kith sync` as a user types them, for what needs no mail server: a calendar
//! given on standard input, so its secret address never sits in the shell's history.

mod support;

use std::{io::Write, process::Stdio};

use support::{Kith, both_backends};

const TODAY: &str = "2026-03-20";

/// Runs `kith args` with `input` on its standard input and its own key file; returns the output.
fn with_stdin(k: &Kith, key_file: &std::path::Path, args: &[&str], input: &str) -> std::process::Output {
    let mut cmd = k.command(args);
    cmd.env("KITH_KEY_FILE", key_file).stdin(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn calendar() -> String {
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:lunch-1\r\n\
     DTSTART:20260310T120000Z\r\nDTEND:20260310T130000Z\r\nSUMMARY:Lunch\r\nORGANIZER:mailto:me@home.org\r\n\
     ATTENDEE;CN=Ada:mailto:ada@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        .to_string()
}

#[test]
fn a_calendar_given_on_standard_input_is_followed_and_synced() {
    both_backends(|k| {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("secret.key");
        let file = dir.path().join("work.ics");
        std::fs::write(&file, calendar()).unwrap();
        k.ok(&["add", "Ada Lovelace", "--email", "ada@example.org"]);

        let out =
            with_stdin(k, &key, &["source", "add", "ics", "work", "--url-stdin"], &format!("{}\n", file.display()));
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("kith sync work"));

        let out = with_stdin(k, &key, &["--json", "sync", "work"], "");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(reports[0]["source"], "work");
        assert_eq!(reports[0]["recorded"], 1, "{reports}");
        let ada = k.json(&["show", "ada@example.org"]);
        assert_eq!(ada["last_touch_on"], "2026-03-10", "{ada}");
    });
}

#[test]
fn a_secret_calendar_address_from_standard_input_is_kept_sealed() {
    let k = Kith::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("secret.key");
    let secret = "https://calendar.example.org/private-5f2a9c71e0/basic.ics";
    let out = with_stdin(&k, &key, &["source", "add", "ics", "google", "--url-stdin"], &format!("  {secret}  \n"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let list = k.json(&["source", "list"]);
    assert_eq!(list[0]["target"], "https://calendar.example.org/…", "{list}");
    let database = std::fs::read(k.path()).unwrap();
    let needle = b"private-5f2a9c71e0";
    assert!(!database.windows(needle.len()).any(|w| w == needle), "the secret address is in the database in clear");
    assert!(key.exists(), "the key was created where KITH_KEY_FILE says");
}

#[test]
fn an_empty_standard_input_is_refused_and_nothing_is_added() {
    let k = Kith::sqlite();
    let dir = tempfile::tempdir().unwrap();
    let out = with_stdin(&k, &dir.path().join("key"), &["source", "add", "ics", "work", "--url-stdin"], "\n");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--url-stdin: standard input held no calendar address"));
    assert_eq!(k.json(&["source", "list"]), serde_json::json!([]));
    let both =
        with_stdin(&k, &dir.path().join("key"), &["source", "add", "ics", "work", "--url", "x.ics", "--url-stdin"], "");
    assert!(!both.status.success(), "--url and --url-stdin together are refused");
}

/// A calendar server whose first answer never comes (a server gone quiet mid-sync); it says when
/// that first request arrived, and answers every later one with the calendar.
fn stalling_calendar_server() -> (u16, std::sync::mpsc::Receiver<()>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (asked, first) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for (n, socket) in listener.incoming().enumerate() {
            let Ok(mut socket) = socket else { return };
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf);
            if n == 0 {
                held.push(socket);
                let _ = asked.send(());
                continue;
            }
            let body = calendar();
            let _ = write!(
                socket,
                "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (port, first)
}

/// Ada as a contact and a source `work` on a calendar server that stalls its first answer; the
/// folder holds the key file (`secret.key`); the receiver hears of the first request.
fn following_a_stalling_calendar(k: &Kith) -> (tempfile::TempDir, std::sync::mpsc::Receiver<()>) {
    let dir = tempfile::tempdir().unwrap();
    let (port, first_request) = stalling_calendar_server();
    k.ok(&["add", "Ada Lovelace", "--email", "ada@example.org"]);
    let url = format!("http://127.0.0.1:{port}/work.ics\n");
    let added = with_stdin(k, &dir.path().join("secret.key"), &["source", "add", "ics", "work", "--url-stdin"], &url);
    assert!(added.status.success());
    (dir, first_request)
}

#[test]
fn ctrl_c_stops_a_sync_and_the_next_one_need_not_wait_for_it() {
    both_backends(|k| {
        let (dir, first_request) = following_a_stalling_calendar(k);
        let key = dir.path().join("secret.key");

        let mut cmd = k.command(&["sync", "work"]);
        let child = cmd.env("KITH_KEY_FILE", &key).stdin(Stdio::null()).spawn().unwrap();
        first_request.recv_timeout(std::time::Duration::from_secs(30)).expect("the sync asked for the calendar");
        let interrupted = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
        assert!(interrupted.success());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("stopped by Ctrl-C"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );

        // Without the lease given back, this one would be told another sync is running.
        let out = with_stdin(k, &key, &["--json", "sync", "work"], "");
        let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(reports[0]["error"], serde_json::Value::Null, "{reports}");
        assert_eq!(reports[0]["recorded"], 1, "{reports}");
    });
}

#[test]
fn a_server_stopped_mid_sync_gives_the_source_back() {
    // Ctrl-C from a terminal, SIGTERM from systemd or docker.
    for signal in ["-INT", "-TERM"] {
        both_backends(|k| server_stopped_by(k, signal));
    }
}

fn server_stopped_by(k: &Kith, signal: &str) {
    let (dir, first_request) = following_a_stalling_calendar(k);
    let key = dir.path().join("secret.key");

    let web = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let mut cmd = k.command(&["serve", "--addr", &web.to_string()]);
    let server = cmd.env("KITH_KEY_FILE", &key).stdin(Stdio::null()).spawn().unwrap();
    // The schedule syncs at once on start.
    first_request.recv_timeout(std::time::Duration::from_secs(60)).expect("the server's sync asked for the calendar");
    let stopped = std::process::Command::new("kill").args([signal, &server.id().to_string()]).status().unwrap();
    assert!(stopped.success());
    let out = server.wait_with_output().unwrap();
    assert!(out.status.success(), "kith serve stops cleanly on {signal}: {}", String::from_utf8_lossy(&out.stderr));

    let out = with_stdin(k, &key, &["--json", "sync", "work"], "");
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports[0]["error"], serde_json::Value::Null, "{signal}: {reports}");
    assert_eq!(reports[0]["recorded"], 1, "{signal}: {reports}");
}
