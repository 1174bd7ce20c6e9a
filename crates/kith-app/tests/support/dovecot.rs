//! A real IMAP server for the tests: Debian's Dovecot, started on free loopback ports with a
//! throw-away mail location, any user name logging in with the password `secret` (each test its
//! own mailbox), plain IMAP and IMAPS with a fresh self-signed certificate. Under `CI=true` a
//! missing Dovecot fails the test; elsewhere the test says it was skipped.

#![allow(dead_code)]

use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

pub const PASSWORD: &str = "secret";

#[derive(Debug)]
pub struct Dovecot {
    child: Child,
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub tls_port: u16,
    /// SHA-256 fingerprint of the certificate, `AB:CD:…`.
    pub fingerprint: String,
}

fn binary() -> Option<PathBuf> {
    ["/usr/sbin/dovecot", "/usr/bin/dovecot"].iter().map(PathBuf::from).find(|p| p.exists())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Dovecot {
    /// Starts a server, or `None` (with a note) when Dovecot is not installed outside CI. A start
    /// that fails (a free port taken by another test in between, a slow machine) is tried again
    /// on new ports, up to three times.
    pub fn start() -> Option<Dovecot> {
        let mut failures = Vec::new();
        while failures.len() < 3 {
            match Dovecot::start_once()? {
                Ok(server) => return Some(server),
                Err(why) => failures.push(why),
            }
        }
        panic!("Dovecot did not start in three tries:\n{}", failures.join("\n---\n"));
    }

    fn start_once() -> Option<Result<Dovecot, String>> {
        let Some(bin) = binary() else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("Dovecot is not installed: apt-get install dovecot-imapd (CI must run the IMAP tests)");
            }
            eprintln!("skipped: Dovecot is not installed (apt-get install dovecot-imapd)");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // Dovecot's unprivileged processes must reach the files.
        set_mode(root, 0o755);
        let cert = root.join("cert.pem");
        let key = root.join("key.pem");
        let made = Command::new("openssl")
            .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .stderr(Stdio::null())
            .status()
            .expect("openssl makes the test certificate");
        assert!(made.success());
        set_mode(&cert, 0o644);
        let fingerprint = fingerprint(&cert);
        let mail = root.join("mail");
        std::fs::create_dir(&mail).unwrap();
        let (internal, login, mail_uid, mail_gid) = accounts(&mail);
        let (port, tls_port) = (free_port(), free_port());
        let r = root.display();
        let config = format!(
            r#"protocols = imap
listen = 127.0.0.1
base_dir = {r}/run
state_dir = {r}/state
instance_name = kith-test-{port}
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 0
ssl = yes
ssl_cert = <{r}/cert.pem
ssl_key = <{r}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = {r}/dovecot.log
passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={r}/mail/%u
}}
mail_location = maildir:~/Maildir
# Only Dovecot writes these Maildirs (after the bench's first fill, which the first open reads):
# a folder that grew is not read again file by file, as on a real server.
maildir_very_dirty_syncs = yes
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \Sent
    auto = subscribe
  }}
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = {tls_port}
    ssl = yes
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
service auth {{
  user = {auth_user}
}}
"#,
            auth_user = if is_root() { "root" } else { internal.as_str() },
        );
        let conf = root.join("dovecot.conf");
        std::fs::write(&conf, config).unwrap();
        let child = Command::new(bin)
            .arg("-F")
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dovecot starts");
        let mut server = Dovecot { child, dir, port, tls_port, fingerprint };
        Some(server.wait_until_listening().map(|()| server))
    }

    /// Waits for the server to listen; why not, when it exits or takes over 30 s.
    fn wait_until_listening(&mut self) -> Result<(), String> {
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                let mut stderr = String::new();
                if let Some(mut pipe) = self.child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
                }
                return Err(format!("Dovecot exited ({status}): {stderr}\nits log:\n{}", self.log()));
            }
            if start.elapsed() > Duration::from_secs(30) {
                return Err(format!("Dovecot did not listen within 30 s; its log:\n{}", self.log()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// The Maildir of `user` (created on their first login).
    pub fn maildir(&self, user: &str) -> PathBuf {
        self.dir.path().join("mail").join(user).join("Maildir")
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // TERM lets the master stop its login and mail processes too.
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout.trim_ascii() == b"0").unwrap_or(false)
}

/// The users Dovecot's internal and login processes run as, and the one mail is stored under. As
/// root, Dovecot's own unprivileged users (the login process must not be root) and `nobody`.
fn accounts(mail: &Path) -> (String, String, String, String) {
    if is_root() {
        let status = Command::new("chown").arg("nobody:nogroup").arg(mail).status().unwrap();
        assert!(status.success());
        ("dovecot".into(), "dovenull".into(), "nobody".into(), "nogroup".into())
    } else {
        let id = |flag: &str| {
            String::from_utf8(Command::new("id").arg(flag).output().unwrap().stdout).unwrap().trim().to_string()
        };
        (id("-un"), id("-un"), id("-un"), id("-gn"))
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn fingerprint(cert: &Path) -> String {
    let out =
        Command::new("openssl").args(["x509", "-noout", "-fingerprint", "-sha256", "-in"]).arg(cert).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    text.trim().rsplit('=').next().unwrap().to_string()
}
