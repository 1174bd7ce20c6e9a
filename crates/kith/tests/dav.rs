//! The address book as a real CardDAV client syncs it: vdirsyncer (installed by .ci/run beside the
//! oracles' Python) discovers kith's address book from the server's address, copies 2,000 contacts
//! into a folder, and on its next sync brings an edit made in kith and drops a contact archived in
//! kith. Each card is compared field by field with kith's own backup.

mod support;

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use support::{Kith, both_backends};

const TODAY: &str = "2026-11-22";

/// vdirsyncer's command: beside `KITH_ORACLE_PYTHON` (what .ci/run sets up).
fn vdirsyncer() -> Option<PathBuf> {
    let python = std::env::var_os("KITH_ORACLE_PYTHON").filter(|p| !p.is_empty()).map(PathBuf::from);
    let found = python.map(|p| p.with_file_name("vdirsyncer")).filter(|v| v.exists());
    if found.is_none() {
        assert!(std::env::var("CI").is_err(), "CI must set KITH_ORACLE_PYTHON with vdirsyncer installed (see .ci/run)");
        eprintln!("vdirsyncer tests skipped: KITH_ORACLE_PYTHON (with vdirsyncer beside it) is not set");
    }
    found
}

/// `kith serve` on a free port, stopped when dropped.
struct Server(std::process::Child);

impl Server {
    fn start(k: &Kith) -> (Server, u16) {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child =
            k.command(&["serve", "--addr", &format!("127.0.0.1:{port}")]).stdout(Stdio::null()).spawn().unwrap();
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(60), "kith serve did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        (Server(child), port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run(vdirsyncer: &Path, config: &Path, args: &[&str]) -> String {
    let mut child = Command::new(vdirsyncer)
        .arg("-c")
        .arg(config)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `discover` asks whether to create the local folder.
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"y\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "vdirsyncer {args:?} failed:\n{text}");
    text
}

/// The local copy: uid → the card's FN, EMAILs and TITLE, read line by line.
fn local_cards(folder: &Path) -> HashMap<String, (String, Vec<String>, Option<String>)> {
    let mut cards = HashMap::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let unfolded = text.replace("\r\n ", "").replace("\n ", "");
        let value = |name: &str| -> Vec<String> {
            unfolded
                .lines()
                .filter(|l| l.split([':', ';']).next() == Some(name))
                .filter_map(|l| l.split_once(':').map(|(_, v)| v.trim_end_matches('\r').replace("\\,", ",")))
                .collect()
        };
        let uid = value("UID").remove(0).trim_start_matches("urn:uuid:").to_string();
        cards.insert(uid, (value("FN").remove(0), value("EMAIL"), value("TITLE").pop()));
    }
    cards
}

#[test]
fn vdirsyncer_copies_the_address_book_and_follows_kiths_changes() {
    let Some(vdirsyncer) = vdirsyncer() else { return };
    both_backends(|k| {
        k.ok(&["demo", "--contacts", "2000"]);
        let password = k.json(&["dav", "password", "add", "vdirsyncer"]);
        assert_eq!(password["user"], "kith");
        let (_server, port) = Server::start(k);
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        std::fs::write(
            &config,
            format!(
                "[general]\nstatus_path = \"{status}/\"\n\n[pair kith]\na = \"remote\"\nb = \"local\"\ncollections = [\"from a\"]\n\n\
                 [storage remote]\ntype = \"carddav\"\nurl = \"http://127.0.0.1:{port}/\"\nusername = \"kith\"\npassword = \"{pw}\"\nread_only = true\n\n\
                 [storage local]\ntype = \"filesystem\"\npath = \"{local}/\"\nfileext = \".vcf\"\n",
                status = dir.path().join("status").display(),
                local = dir.path().join("local").display(),
                pw = password["password"].as_str().unwrap(),
            ),
        )
        .unwrap();
        run(&vdirsyncer, &config, &["discover"]);
        run(&vdirsyncer, &config, &["sync"]);

        // Every contact not archived, each with its name and addresses.
        let backup: serde_json::Value = serde_json::from_str(&k.ok(&["export", "json"])).unwrap();
        let contacts: Vec<&serde_json::Value> =
            backup["contacts"].as_array().unwrap().iter().filter(|c| c["archived"] == false).collect();
        let folder = dir.path().join("local").join("contacts");
        let cards = local_cards(&folder);
        assert_eq!(cards.len(), contacts.len(), "one card per contact in the address book");
        assert!(cards.len() >= 1900, "the demo's 2,000 contacts, few archived: {}", cards.len());
        for c in &contacts {
            let uid = c["uid"].as_str().unwrap();
            let (name, emails, _) = cards.get(uid).unwrap_or_else(|| panic!("no card for {uid}"));
            assert_eq!(name, c["name"].as_str().unwrap(), "{uid}");
            let expected: Vec<String> =
                c["emails"].as_array().unwrap().iter().map(|e| e.as_str().unwrap().to_string()).collect();
            assert_eq!(emails, &expected, "{uid}");
        }

        // An edit in kith reaches the copy; an archived contact leaves it.
        let (edited, archived) = (contacts[0]["uid"].as_str().unwrap(), contacts[1]["uid"].as_str().unwrap());
        k.ok(&["edit", contacts[0]["emails"][0].as_str().unwrap(), "--title", "Chief Cartographer"]);
        k.ok(&["edit", contacts[1]["emails"][0].as_str().unwrap(), "--archive"]);
        run(&vdirsyncer, &config, &["sync"]);
        let after = local_cards(&folder);
        assert_eq!(after[edited].2.as_deref(), Some("Chief Cartographer"));
        assert!(!after.contains_key(archived), "the archived contact left the copy");
        assert_eq!(after.len(), cards.len() - 1);
    });
}
