//! Runs the `kith` binary against a throwaway database.

// Shared by several test binaries, each of which uses only part of it.
#![allow(dead_code)]

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

use serde_json::Value;

/// A throwaway database and the commands run on it.
pub struct Kith {
    db: String,
    path: Option<PathBuf>,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<PgDatabase>,
}

impl Kith {
    pub fn sqlite() -> Kith {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        Kith { db: format!("sqlite:{}", path.display()), path: Some(path), _dir: Some(dir), _pg: None }
    }

    /// A fresh PostgreSQL database, if `KITH_TEST_POSTGRES_URL` names a server.
    pub fn postgres() -> Option<Kith> {
        let pg = PgDatabase::create()?;
        Some(Kith { db: pg.url.clone(), path: None, _dir: None, _pg: Some(pg) })
    }

    /// A fresh, empty database on the same backend as this one.
    pub fn same_backend(&self) -> Kith {
        match self.path {
            Some(_) => Kith::sqlite(),
            None => Kith::postgres().expect("this database is on PostgreSQL, so a server is configured"),
        }
    }

    pub fn path(&self) -> &Path {
        self.path.as_deref().expect("a SQLite database")
    }

    pub fn run_on(&self, today: &str, args: &[&str]) -> Output {
        self.command_on(today, args).output().unwrap()
    }

    /// The command line for `args`, to run or spawn.
    pub fn command(&self, args: &[&str]) -> Command {
        self.command_on(super::TODAY, args)
    }

    fn command_on(&self, today: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kith"));
        cmd.args(["--db", &self.db, "--today", today])
            .args(args)
            .env_remove("KITH_DATABASE_URL")
            .env_remove("KITH_TODAY")
            .env_remove("KITH_CONFIG")
            .env_remove("KITH_NOW")
            .env_remove("KITH_SMTP_PASSWORD")
            .env("HOME", std::env::temp_dir())
            .env("XDG_CONFIG_HOME", std::env::temp_dir().join("kith-test-no-config"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        cmd
    }

    /// Runs a command that must succeed; returns its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run_on(super::TODAY, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "kith {args:?} failed: {stderr}");
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command with its output on a terminal, as a person sees it (util-linux `script`
    /// gives it one); returns what the terminal showed, line ends as written.
    pub fn on_a_terminal(&self, args: &[&str]) -> String {
        let cmd = self.command(args);
        let line = std::iter::once(cmd.get_program())
            .chain(cmd.get_args())
            .map(|a| format!("'{}'", a.to_str().unwrap().replace('\'', "'\\''")))
            .collect::<Vec<_>>()
            .join(" ");
        let mut script = Command::new("script");
        script.args(["-qec", &line, "/dev/null"]).env("NO_COLOR", "1").env("TERM", "xterm");
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => script.env(k, v),
                None => script.env_remove(k),
            };
        }
        let out = script.output().expect("util-linux script, to give kith a terminal");
        assert!(out.status.success(), "kith {args:?} on a terminal: {}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n")
    }

    /// Runs a command that must fail with `code`; returns its standard error.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run_on(super::TODAY, args);
        assert_eq!(out.status.code(), Some(code), "kith {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        self.json_on(super::TODAY, args)
    }

    pub fn json_on(&self, today: &str, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run_on(today, &all);
        assert!(out.status.success(), "kith {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("kith {args:?}: not JSON ({e})"))
    }
}

/// Runs a scenario on SQLite, then on a fresh PostgreSQL database when one is configured.
pub fn both_backends(scenario: impl Fn(&Kith)) {
    scenario(&Kith::sqlite());
    match Kith::postgres() {
        Some(pg) => scenario(&pg),
        None => eprintln!("PostgreSQL part skipped: KITH_TEST_POSTGRES_URL is not set"),
    }
}

/// A database created for one test on the server `KITH_TEST_POSTGRES_URL` names, dropped after.
pub struct PgDatabase {
    admin: String,
    name: String,
    url: String,
}

impl PgDatabase {
    fn create() -> Option<PgDatabase> {
        let Some(admin) = std::env::var("KITH_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()) else {
            // CI must never skip the PostgreSQL run silently.
            assert!(std::env::var("CI").is_err(), "CI is set but KITH_TEST_POSTGRES_URL is not");
            return None;
        };
        let name = format!("kith_cli_{}_{}", std::process::id(), uuid_like());
        psql(&admin, &format!("CREATE DATABASE {name}"));
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        Some(PgDatabase { url: format!("{base}/{name}"), admin, name })
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let _ = Command::new("psql")
            .args([&self.admin, "-q", "-c", &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)])
            .output();
    }
}

fn psql(url: &str, sql: &str) {
    let out = Command::new("psql").args([url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql]).output().expect("psql");
    assert!(out.status.success(), "psql {sql}: {}", String::from_utf8_lossy(&out.stderr));
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{nanos}_{}", N.fetch_add(1, Ordering::Relaxed))
}
