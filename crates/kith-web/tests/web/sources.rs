//! Mail and calendars on the web: a calendar followed from the page, its sync on demand through the
//! API, a failing source said on the dashboard in its own words, and the people met who are not
//! contacts added or dismissed in one click.

use axum::http::{Method, StatusCode};
use kith_app::{
    Settings,
    sources::{self, NewSourceRequest},
};
use kith_core::NewContact;
use serde_json::json;

use crate::support::Web;

fn calendar(attendees: &[&str]) -> String {
    let people: String = attendees.iter().map(|a| format!("ATTENDEE;CN={a}:mailto:{a}\r\n")).collect();
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:lunch-1\r\nDTSTART:20261110T120000Z\r\n\
         SUMMARY:Lunch at Rosa's\r\nORGANIZER:mailto:me@home.org\r\n{people}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

#[tokio::test]
async fn a_calendar_is_followed_from_the_page_and_its_failures_are_never_silent() {
    let web = Web::with_settings(Settings { me: vec!["me@home.org".into()], ..Settings::default() }).await;
    let ada = web
        .add(NewContact { name: "Ada Lovelace".into(), emails: vec!["ada@example.org".into()], ..Default::default() })
        .await;
    let file = web._dir.path().join("work.ics");
    std::fs::write(&file, calendar(&["ada@example.org", "grace@navy.example"])).unwrap();

    // A mailbox refused: the page comes back with what was typed, never the password.
    let refused = web
        .post_form(
            "/sources",
            &[("kind", "imap"), ("name", "work"), ("host", ""), ("user", "ada"), ("password", "pw-typed-here")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("host"), "{}", refused.body);
    assert!(!refused.body.contains("pw-typed-here"));

    // A file on the server is not the web's to read: the page takes addresses only.
    let file_path =
        web.post_form("/sources", &[("kind", "ics"), ("name", "cal"), ("url", file.to_str().unwrap())]).await;
    assert_eq!(file_path.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(file_path.body.contains("http, https or webcal address"));
    // On the command line it is the user's own file (kith source add ics cal --url PATH).
    let request = NewSourceRequest {
        kind: "ics".into(),
        name: "cal".into(),
        url: file.display().to_string(),
        ..Default::default()
    };
    sources::view::add(web.store.as_ref(), &web._dir.path().join("secret.key"), &request, chrono::Utc::now())
        .await
        .unwrap();
    let page = web.get("/sources").await;
    assert!(
        page.body.contains("cal") && page.body.contains("work.ics") && page.body.contains(">new<"),
        "{}",
        page.body
    );
    let settings = web.get("/settings").await;
    assert!(settings.body.contains("Manage mail and calendars"));

    let list = web.api(Method::GET, "/api/v1/sources", None).await.json();
    let id = list[0]["id"].as_i64().unwrap();
    let report = web.api(Method::POST, &format!("/api/v1/sources/{id}/sync"), None).await.json();
    assert_eq!((report["recorded"].as_u64(), report["error"].is_null()), (Some(1), true), "{report}");
    assert!(web.get(&format!("/contacts/{ada}")).await.body.contains("Lunch at Rosa"));
    assert_eq!(web.api(Method::POST, "/api/v1/sources/999999/sync", None).await.status, StatusCode::NOT_FOUND);

    // Grace was met and is not a contact: suggested, added in one click into the triage.
    let page = web.get("/sources").await;
    assert!(page.body.contains("grace@navy.example"), "{}", page.body);
    let added = web.post_form("/suggestions/add", &[("address", "grace@navy.example")]).await;
    assert_eq!(added.location(), "/sources");
    assert_eq!(web.store.count_unsorted().await.unwrap(), 1);
    assert!(!web.get("/sources").await.body.contains("grace@navy.example"));

    // The calendar file disappears: the dashboard says so, with what went wrong.
    std::fs::remove_file(&file).unwrap();
    let failed = web.api(Method::POST, &format!("/api/v1/sources/{id}/sync"), None).await.json();
    assert!(failed["error"].as_str().unwrap().contains("cannot read the calendar file"), "{failed}");
    let dashboard = web.get("/").await;
    assert!(
        dashboard.body.contains("is not syncing") && dashboard.body.contains("cannot read the calendar file"),
        "{}",
        dashboard.body
    );
    // Fixed, it syncs again and the dashboard is quiet.
    std::fs::write(&file, calendar(&["ada@example.org", "bo@x.org"])).unwrap();
    let fixed = web.api(Method::POST, &format!("/api/v1/sources/{id}/sync"), None).await.json();
    assert!(fixed["error"].is_null(), "{fixed}");
    assert!(!web.get("/").await.body.contains("is not syncing"));

    // Bo was met: dismissed, never suggested again.
    let suggestions = web.api(Method::GET, "/api/v1/suggestions", None).await.json();
    assert_eq!(suggestions[0]["address"], "bo@x.org");
    let dismissed = web.api(Method::POST, "/api/v1/suggestions/dismiss", Some(json!({ "address": "bo@x.org" }))).await;
    assert_eq!(dismissed.status, StatusCode::NO_CONTENT);
    assert_eq!(web.api(Method::GET, "/api/v1/suggestions", None).await.json(), json!([]));

    // Paused and removed from the page.
    assert_eq!(web.post_form(&format!("/sources/{id}/pause"), &[]).await.location(), "/sources");
    assert!(web.get("/sources").await.body.contains(">paused<"));
    web.post_form(&format!("/sources/{id}/remove"), &[]).await;
    assert_eq!(web.api(Method::GET, "/api/v1/sources", None).await.json(), json!([]));
    assert_eq!(web.store.timeline(ada, None).await.unwrap().len(), 1, "its touches stay");
}
