//! Following a calendar at an address: a local HTTP server serves a calendar that changes, answers
//! 304 when nothing did, and later a sign-in page and a 404. What a user would notice: meetings on
//! their contacts' timelines, each occurrence once, and failures that say what to do.

use std::sync::{Arc, Mutex};

use chrono::{NaiveDate, Utc};
use kith_app::{
    Settings,
    sources::{self, NewSourceRequest, SyncContext, SyncReport},
};
use kith_core::NewContact;
use kith_store::{DatabaseUrl, Store};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 20).unwrap()
}

/// What the server answers: status, content type, body; and the requests it saw.
#[derive(Debug, Default)]
struct Served {
    status: u16,
    content_type: String,
    body: String,
    requests: Vec<String>,
}

/// A one-route HTTP/1.1 server: the body with an ETag of its length, 304 on a matching
/// If-None-Match.
async fn serve(state: Arc<Mutex<Served>>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let state = state.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let n = socket.read(&mut buf).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]).to_string();
                let (status, kind, body) = {
                    let mut s = state.lock().unwrap();
                    s.requests.push(request.clone());
                    (s.status, s.content_type.clone(), s.body.clone())
                };
                let etag = format!("\"{}\"", body.len());
                let unchanged = request.lines().any(|l| l.to_ascii_lowercase() == format!("if-none-match: {etag}"));
                let response = if status == 200 && unchanged {
                    format!("HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nConnection: close\r\n\r\n")
                } else {
                    format!(
                        "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nETag: {etag}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    )
                };
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    port
}

fn event(uid: &str, day: &str, attendees: &[&str], extra: &str) -> String {
    let people: String = attendees.iter().map(|a| format!("ATTENDEE;CN=\"{a}\":mailto:{a}\r\n")).collect();
    format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{day}T120000Z\r\nDTEND:{day}T130000Z\r\nSUMMARY:Lunch {uid}\r\nORGANIZER:mailto:me@home.org\r\n{people}{extra}END:VEVENT\r\n"
    )
}

fn calendar(events: &[String]) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{}END:VCALENDAR\r\n", events.concat())
}

async fn sync(store: &dyn Store, key_file: &std::path::Path, settings: &Settings) -> SyncReport {
    let ctx = SyncContext { store, settings, key_file, today: today(), now: Utc::now(), holder: "test" };
    sources::sync_sources(ctx, &[], false).await.unwrap().remove(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_calendar_at_an_address_is_followed_and_failures_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("secret.key");
    let store = kith_store::open(&DatabaseUrl::Sqlite(dir.path().join("kith.db"))).await.unwrap();
    let settings = Settings { me: vec!["me@home.org".into()], ..Settings::default() };
    let ada = NewContact { name: "Ada".into(), emails: vec!["ada@example.org".into()], ..Default::default() };
    let ada = store.add_contact(ada, today()).await.unwrap();

    let state = Arc::new(Mutex::new(Served {
        status: 200,
        content_type: "text/calendar".into(),
        body: calendar(&[
            event("a", "20260301", &["ada@example.org"], ""),
            event("b", "20260305", &["ada@example.org", "grace@navy.example"], ""),
            event("c", "20260306", &["ada@example.org"], "STATUS:CANCELLED\r\n"),
            event("later", "20260401", &["ada@example.org"], ""),
        ]),
        ..Served::default()
    }));
    let port = serve(state.clone()).await;
    let url = format!("http://127.0.0.1:{port}/private-s3cr3t/basic.ics");
    let request = NewSourceRequest { kind: "ics".into(), name: "cal".into(), url, ..NewSourceRequest::default() };
    let view = sources::view::add(store.as_ref(), &key_file, &request, Utc::now()).await.unwrap();
    assert!(!view.target.contains("s3cr3t"), "{}", view.target);

    let first = sync(store.as_ref(), &key_file, &settings).await;
    assert_eq!((first.recorded, first.error.as_deref()), (2, None), "{first:?}");
    let notes: Vec<String> =
        store.timeline(ada, None).await.unwrap().into_iter().map(|t| t.note.unwrap_or_default()).collect();
    assert_eq!(notes, ["Lunch b", "Lunch a"]);
    // Grace was met: a suggestion, with the name the invitation gave her.
    let suggested = sources::suggestions::list(store.as_ref(), today(), 5).await.unwrap();
    assert_eq!(suggested.iter().map(|s| s.address.as_str()).collect::<Vec<_>>(), ["grace@navy.example"]);

    // Unchanged: the server answers 304 to the ETag kept.
    let second = sync(store.as_ref(), &key_file, &settings).await;
    assert!(second.unchanged && second.error.is_none(), "{second:?}");
    assert!(state.lock().unwrap().requests.last().unwrap().to_ascii_lowercase().contains("if-none-match"));

    // A new meeting: only it is recorded, Grace is not counted twice.
    {
        let mut s = state.lock().unwrap();
        s.body = calendar(&[
            event("a", "20260301", &["ada@example.org"], ""),
            event("b", "20260305", &["ada@example.org", "grace@navy.example"], ""),
            event("d", "20260310", &["ada@example.org"], ""),
        ]);
    }
    let third = sync(store.as_ref(), &key_file, &settings).await;
    assert_eq!((third.recorded, third.duplicates), (1, 2), "{third:?}");
    assert_eq!(store.seen_person("grace@navy.example").await.unwrap().unwrap().met, 1);

    // A sign-in page where the calendar was: a failure that says what to use instead.
    {
        let mut s = state.lock().unwrap();
        s.content_type = "text/html".into();
        s.body = "<!DOCTYPE html><html><body>Sign in</body></html>".into();
    }
    let html = sync(store.as_ref(), &key_file, &settings).await.error.unwrap();
    assert!(html.contains("web page") && html.contains("secret address"), "{html}");
    assert!(!html.contains("s3cr3t"), "the secret stays out of errors: {html}");
    state.lock().unwrap().status = 404;
    let gone = sync(store.as_ref(), &key_file, &settings).await.error.unwrap();
    assert!(gone.contains("404") && !gone.contains("s3cr3t"), "{gone}");
    let source = &store.sources().await.unwrap()[0];
    assert_eq!(source.failures, 2);
    assert_eq!(store.timeline(ada, None).await.unwrap().len(), 3, "nothing half-written");
}
