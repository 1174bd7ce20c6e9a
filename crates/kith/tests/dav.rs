//! The address book as a real CardDAV client syncs it: vdirsyncer (installed by .ci/run beside the
//! oracles' Python) discovers kith's address book from the server's address, copies 2,000 contacts
//! into a folder, and on its next syncs brings an edit and an archive made in kith to the folder,
//! and an edit, a deletion and a new card made in the folder to kith; a contact changed on both
//! sides surfaces as a conflict with both versions kept. Each card is compared field by field with
//! kith's own backup.

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
    let (ok, text) = try_run(vdirsyncer, config, args);
    assert!(ok, "vdirsyncer {args:?} failed:\n{text}");
    text
}

/// Runs vdirsyncer; whether it succeeded, and what it said.
fn try_run(vdirsyncer: &Path, config: &Path, args: &[&str]) -> (bool, String) {
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
    (out.status.success(), text)
}

/// The local file holding the card of `uid`.
fn local_file(folder: &Path, uid: &str) -> PathBuf {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            text.contains(&format!("UID:urn:uuid:{uid}\r\n")) || text.contains(&format!("UID:{uid}\r\n"))
        })
        .unwrap_or_else(|| panic!("no local card for {uid}"))
}

/// Edits a local card's FN (and N) the way an address-book app saves it.
fn rename_locally(folder: &Path, uid: &str, from: &str, to: &str) {
    let path = local_file(folder, uid);
    let text = std::fs::read_to_string(&path).unwrap().replace("\r\n ", "");
    let renamed: String = text
        .split_inclusive("\r\n")
        .map(|line| if line.starts_with("FN:") { format!("FN:{to}\r\n") } else { line.to_string() })
        .collect();
    assert!(text.contains(&format!("FN:{from}")), "{text}");
    std::fs::write(&path, renamed).unwrap();
}

/// A contact of kith's backup by uid.
fn in_kith(k: &Kith, uid: &str) -> Option<serde_json::Value> {
    let backup: serde_json::Value = serde_json::from_str(&k.ok(&["export", "json"])).unwrap();
    backup["contacts"].as_array().unwrap().iter().find(|c| c["uid"] == uid).cloned()
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
fn vdirsyncer_keeps_a_folder_and_kith_in_step_both_ways() {
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
                 [storage remote]\ntype = \"carddav\"\nurl = \"http://127.0.0.1:{port}/\"\nusername = \"kith\"\npassword = \"{pw}\"\n\n\
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

        // An edit in the folder reaches kith; a card deleted there archives its contact.
        let (renamed, removed) = (contacts[2]["uid"].as_str().unwrap(), contacts[3]["uid"].as_str().unwrap());
        let old_name = contacts[2]["name"].as_str().unwrap();
        rename_locally(&folder, renamed, old_name, "Renamed On The Phone");
        std::fs::remove_file(local_file(&folder, removed)).unwrap();
        // A card made in the folder, as an address-book app names its own.
        std::fs::write(
            folder.join("made-on-the-phone.vcf"),
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:made-on-the-phone-1\r\nFN:Phoebe Newcard\r\nN:Newcard;Phoebe;;;\r\n\
             item1.EMAIL;type=INTERNET:phoebe@new.example\r\nitem1.X-ABLabel:Club\r\nEND:VCARD\r\n",
        )
        .unwrap();
        run(&vdirsyncer, &config, &["sync"]);
        assert_eq!(in_kith(k, renamed).unwrap()["name"], "Renamed On The Phone");
        assert_eq!(in_kith(k, removed).unwrap()["archived"], true, "archived, not destroyed");
        let phoebe = in_kith(k, "made-on-the-phone-1").expect("the new card is a contact");
        assert_eq!(
            (phoebe["name"].as_str(), phoebe["emails"][0].as_str()),
            (Some("Phoebe Newcard"), Some("phoebe@new.example"))
        );
        let triage = k.json(&["triage", "--limit", "100000", "--json"]);
        let waiting = triage["contacts"].as_array().unwrap().iter().any(|c| c["name"] == "Phoebe Newcard");
        assert!(waiting, "a contact made on the phone waits in the triage");
        // The next sync brings kith's own form of the cards put (kith gave no ETag for them), and
        // the one after finds nothing to do.
        let settled = run(&vdirsyncer, &config, &["sync"]);
        assert!(!settled.contains("to kith"), "nothing goes back to kith: {settled}");
        let quiet = run(&vdirsyncer, &config, &["sync"]);
        assert!(!quiet.contains("Copying") && !quiet.contains("Updating"), "{quiet}");

        // Changed on both sides: vdirsyncer reports the conflict and neither version is lost.
        let both = contacts[4]["uid"].as_str().unwrap();
        k.ok(&["edit", contacts[4]["emails"][0].as_str().unwrap(), "--title", "Edited In Kith"]);
        rename_locally(&folder, both, contacts[4]["name"].as_str().unwrap(), "Edited On The Phone");
        let (ok, said) = try_run(&vdirsyncer, &config, &["sync"]);
        assert!(!ok && said.to_lowercase().contains("conflict"), "the conflict surfaces:\n{said}");
        let kept = in_kith(k, both).unwrap();
        assert_eq!(
            (kept["name"].as_str(), kept["title"].as_str()),
            (contacts[4]["name"].as_str(), Some("Edited In Kith"))
        );
        let local = std::fs::read_to_string(local_file(&folder, both)).unwrap();
        assert!(local.contains("FN:Edited On The Phone"), "{local}");
    });
}

/// litmus, the WebDAV test suite, against the address book. Each of its suites starts by making a
/// collection for its files (MKCOL), which an address book may not hold (RFC 6352 5.2): kith refuses
/// with a reason and litmus stops there. What of `basic` and `props` applies to an address book is
/// checked in `crates/kith-web/tests/web/dav.rs` (the_litmus_checks_that_apply_to_an_address_book);
/// docs/address-book.md lists every test and why the rest do not apply.
#[test]
fn litmus_is_told_why_an_address_book_holds_no_collections() {
    let Ok(litmus) = which_litmus() else {
        assert!(std::env::var("CI").is_err(), "CI must install litmus (see .ci/run)");
        eprintln!("litmus test skipped: litmus is not installed");
        return;
    };
    let k = Kith::sqlite();
    k.ok(&["demo", "--contacts", "20"]);
    let password = k.json(&["dav", "password", "add", "litmus"]);
    let (_server, port) = Server::start(&k);
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(litmus)
        .current_dir(dir.path())
        .env("TESTS", "basic props")
        .arg(format!("http://127.0.0.1:{port}/dav/addressbooks/kith/contacts/"))
        .arg("kith")
        .arg(password["password"].as_str().unwrap())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("init.................. pass"), "litmus signs in:\n{said}");
    assert!(said.contains("begin................. FAIL") && said.contains("403 Forbidden"), "{said}");
    // The demo's cards are untouched.
    assert_eq!(k.json(&["list", "--json"]).as_array().unwrap().len(), 20);
}

fn which_litmus() -> Result<PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join("litmus")).find(|p| p.is_file()))
        .ok_or(())
}
