//! A real SMTP server for the mail tests: Python's aiosmtpd running `smtp_server.py` on a free
//! port, writing what it accepts as JSON. Without aiosmtpd the tests say they skipped; under
//! `CI=true` they fail instead (as the format oracles do).

// Shared by the mail and digest test binaries, each of which uses only part of it.
#![allow(dead_code)]

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::Value;

const HOW: &str = "install it with: eval \"$(crates/kith-formats/tests/oracles/setup.sh target/oracles)\"";

/// The Python that has aiosmtpd: `KITH_ORACLE_PYTHON`, else `python3` if it can import it.
fn python() -> Option<String> {
    let candidates =
        std::env::var("KITH_ORACLE_PYTHON").ok().filter(|p| !p.is_empty()).into_iter().chain(["python3".into()]);
    for python in candidates {
        let ok = Command::new(&python).args(["-c", "import aiosmtpd"]).output().is_ok_and(|o| o.status.success());
        if ok {
            return Some(python);
        }
    }
    None
}

/// A free port on the loopback interface, for a server to be started on.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A running server; stopped when dropped.
pub struct SmtpServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

impl SmtpServer {
    /// Starts a server on a free port, or `None` (having said so) when aiosmtpd is missing.
    pub fn start() -> Option<SmtpServer> {
        SmtpServer::start_on(free_port())
    }

    pub fn start_on(port: u16) -> Option<SmtpServer> {
        let Some(python) = python() else {
            assert!(std::env::var_os("CI").is_none(), "Python's aiosmtpd is not available: {HOW}");
            println!("skipped: Python's aiosmtpd is not available ({HOW})");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mail/smtp_server.py");
        let mut child = Command::new(python)
            .arg(script)
            .arg(port.to_string())
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the SMTP server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP server did not start");
        Some(SmtpServer { port, dir, child })
    }

    /// The messages accepted so far, oldest first.
    pub fn received(&self) -> Vec<Value> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        files.iter().map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()).collect()
    }

    /// Waits up to ten seconds for `n` messages (for a server sending in the background).
    pub fn wait_for(&self, n: usize) -> Vec<Value> {
        let start = Instant::now();
        loop {
            let got = self.received();
            if got.len() >= n || start.elapsed() > Duration::from_secs(10) {
                return got;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        // Closing its standard input stops it; kill it if it lingers.
        drop(self.child.stdin.take());
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(3) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A configuration file sending through `port` without TLS, from me@example.org, with `extra`
/// appended (e.g. a `[digest]` table).
pub fn config(dir: &Path, port: u16, extra: &str) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    let toml = format!(
        "me = [\"me@example.org\"]\n[smtp]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nfrom = \"Me Myself <me@example.org>\"\n{extra}"
    );
    std::fs::write(&path, toml).unwrap();
    path
}
