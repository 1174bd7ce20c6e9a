//! A kith web app on a temporary SQLite file, driven with `oneshot` requests as a browser or an
//! API client would send them.

#![allow(dead_code)]

use std::sync::Arc;

use axum::{
    Router,
    body::Body,
    extract::ConnectInfo,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use kith_app::Settings;
use kith_core::{InteractionKind, NewContact, NewInteraction};
use kith_store::{Store, sqlite::SqliteStore};
use kith_web::{AppState, Clock, Guard, html::forms::encode};
use tower::ServiceExt;

pub const HOST: &str = "127.0.0.1:7878";

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

pub fn days(n: i64) -> NaiveDate {
    today() + chrono::Duration::days(n)
}

/// A running app and its store.
pub struct Web {
    pub store: Arc<dyn Store>,
    pub app: Router,
    pub _dir: tempfile::TempDir,
    pub _db: Option<Database>,
}

/// What came back.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The page after a post: where it redirects, and the flash message it leaves.
    pub fn location(&self) -> &str {
        self.header("location")
    }
}

impl Web {
    pub async fn new() -> Web {
        Web::with_guard(Guard::local(None)).await
    }

    pub async fn with_guard(guard: Guard) -> Web {
        Web::with(guard, Settings::default()).await
    }

    pub async fn with_settings(settings: Settings) -> Web {
        Web::with(Guard::local(None), settings).await
    }

    /// The same database served again, as after `kith serve` restarts with `guard`.
    pub fn restarted(&self, guard: Guard) -> Web {
        let state = AppState::new(self.store.clone(), Settings::default(), Clock::Fixed(today()), guard);
        Web { store: self.store.clone(), app: kith_web::app(state), _dir: tempfile::tempdir().unwrap(), _db: None }
    }

    async fn with(guard: Guard, settings: Settings) -> Web {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&dir.path().join("kith.db")).await.unwrap());
        let state = AppState::new(store.clone(), settings, Clock::Fixed(today()), guard)
            .with_key_file(Some(dir.path().join("secret.key")));
        Web { store, app: kith_web::app(state), _dir: dir, _db: None }
    }

    /// A server with accounts, as `kith serve` runs one once `kith user add` made some: it works
    /// for nobody until a request signs in. Each account in `people` (address, password) is made
    /// with one contact named after its address.
    pub async fn with_accounts(people: &[(&str, &str)]) -> (Web, Vec<kith_store::Account>) {
        let db = Database::sqlite().await;
        let store = db.store.clone();
        let mut made = Vec::new();
        for (email, password) in people {
            let account =
                kith_app::accounts::add(store.as_ref(), email, Some(password), made.is_empty(), chrono::Utc::now())
                    .await
                    .unwrap();
            let theirs = store.as_owner(account.owner);
            let name = format!("Friend of {email}");
            theirs.add_contact(NewContact { name, ..Default::default() }, days(-30)).await.unwrap();
            made.push(account);
        }
        (Web::with_accounts_on(db), made)
    }

    /// `db`'s accounts served as `kith serve` serves them: the server works for nobody until a
    /// request signs in.
    pub fn with_accounts_on(db: Database) -> Web {
        let guard = Guard::new(None, None).with_accounts();
        let state =
            AppState::new(db.store.as_owner(kith_store::NO_OWNER), Settings::default(), Clock::Fixed(today()), guard)
                .with_key_file(Some(db.dir.path().join("secret.key")));
        Web { store: db.store.clone(), app: kith_web::app(state), _dir: tempfile::tempdir().unwrap(), _db: Some(db) }
    }

    /// The sign-in form posted with an address and password, from the client address `from`
    /// (`192.0.2.1:5000`), asking to go to the contacts.
    pub async fn sign_in(&self, email: &str, password: &str, from: &str) -> Answer {
        let body = format!("email={}&password={}&next=%2Fcontacts", encode(email), encode(password));
        let mut request = Request::post("/login")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .header(header::ORIGIN, format!("http://{HOST}"))
            .body(Body::from(body))
            .unwrap();
        request.extensions_mut().insert(ConnectInfo(from.parse::<std::net::SocketAddr>().unwrap()));
        self.send(request).await
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// `path` once it shows `seen`: a change written beside the server (as the CLI would) reaches
    /// the reports within moments, not necessarily on the first look.
    pub async fn get_once(&self, path: &str, seen: impl Fn(&str) -> bool) -> Answer {
        let started = std::time::Instant::now();
        loop {
            let answer = self.get(path).await;
            if seen(&answer.body) {
                return answer;
            }
            assert!(started.elapsed() < std::time::Duration::from_secs(5), "{path} never showed the change");
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Request::get(path).header(header::HOST, HOST).body(Body::empty()).unwrap()).await
    }

    /// A form post from one of kith's own pages.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        self.post_form_with(path, fields, &[]).await
    }

    /// A form post as htmx sends it from a kith page when it asks for a part of the page.
    pub async fn post_htmx(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        self.post_form_with(path, fields, &[("hx-request", "true")]).await
    }

    pub async fn post_form_with(&self, path: &str, fields: &[(&str, &str)], extra: &[(&str, &str)]) -> Answer {
        let body = fields.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&");
        let request = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .header(header::ORIGIN, format!("http://{HOST}"));
        let request = extra.iter().fold(request, |r, (k, v)| r.header(*k, *v));
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    pub async fn api(&self, method: Method, path: &str, json: Option<serde_json::Value>) -> Answer {
        let mut request = Request::builder().method(method).uri(path).header(header::HOST, HOST);
        let body = match json {
            Some(v) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).unwrap()).await
    }

    pub async fn add(&self, contact: NewContact) -> i64 {
        self.store.add_contact(contact.validate().unwrap(), days(-400)).await.unwrap()
    }

    pub async fn person(&self, name: &str) -> i64 {
        self.add(NewContact { name: name.into(), ..Default::default() }).await
    }

    pub async fn lunch(&self, ids: &[i64], on: NaiveDate) {
        let i = NewInteraction {
            contacts: ids.to_vec(),
            kind: InteractionKind::Lunch,
            on,
            minutes: None,
            note: None,
            gave: None,
            got: None,
            they_initiated: false,
            favor_with: None,
            fulfills: Vec::new(),
        };
        self.store.log_interaction(i, 1.0).await.unwrap();
    }
}

/// The session cookie a sign-in set (`kith_session=…`), to send back.
pub fn session_of(answer: &Answer) -> String {
    let set = answer.header("set-cookie");
    assert!(set.starts_with("kith_session="), "no session: {} {}", answer.status, answer.body);
    set.split(';').next().unwrap().to_string()
}

/// A fresh database for one test: SQLite in a temporary directory, or a PostgreSQL database
/// created on the server `KITH_TEST_POSTGRES_URL` names and dropped after.
pub struct Database {
    pub store: Arc<dyn Store>,
    /// A directory of the test's own, beside the database (its key file, files it reads).
    pub dir: tempfile::TempDir,
    pub backend: &'static str,
    postgres: Option<(String, String)>,
}

impl Database {
    pub async fn sqlite() -> Database {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&dir.path().join("kith.db")).await.unwrap());
        Database { store, dir, backend: "SQLite", postgres: None }
    }

    /// A database on PostgreSQL; `None` when `KITH_TEST_POSTGRES_URL` is not set (never under CI).
    pub async fn postgres() -> Option<Database> {
        let server = std::env::var("KITH_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty());
        assert!(server.is_some() || std::env::var_os("CI").is_none(), "CI is set but KITH_TEST_POSTGRES_URL is not");
        let server = server?;
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let name = format!("kith_web_{}_{nanos}_{n}", std::process::id());
        psql(&server, &format!("CREATE DATABASE {name}"));
        let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
        let url = kith_store::DatabaseUrl::Postgres(format!("{base}/{name}"));
        let store = kith_store::open(&url).await.unwrap();
        Some(Database {
            store,
            dir: tempfile::tempdir().unwrap(),
            backend: "PostgreSQL",
            postgres: Some((server, name)),
        })
    }

    /// SQLite, then PostgreSQL when a server is configured.
    pub async fn each() -> Vec<Database> {
        let mut all = vec![Database::sqlite().await];
        all.extend(Database::postgres().await);
        all
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres {
            psql(server, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

fn psql(url: &str, sql: &str) {
    let out = std::process::Command::new("psql").args([url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql]).output();
    let out = out.expect("psql, to create and drop the test's PostgreSQL database");
    assert!(out.status.success(), "psql {sql}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The page with asset fingerprints replaced, so snapshots do not change with the stylesheet.
pub fn stable(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("/assets/") {
        out.push_str(&rest[..i + "/assets/".len()]);
        rest = &rest[i + "/assets/".len()..];
        let end = rest.find('/').unwrap_or(0);
        out.push_str("HASH");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
