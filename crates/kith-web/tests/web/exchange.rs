//! Imports through the upload page and the API, exports as downloads, and the calendar feed.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};

use crate::support::{HOST, Web};

const LINKEDIN: &str = "Notes:\r\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nAda,Lovelace,https://www.linkedin.com/in/ada,ada@example.org,Engines,Analyst,12 Mar 2024\r\nGrace,Hopper,https://www.linkedin.com/in/grace,,Navy,Admiral,01 Feb 2020\r\n";

fn upload(fields: &[(&str, &str)], file: &str) -> Request<Body> {
    let boundary = "kith-test-boundary";
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"Connections.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n"
    ));
    Request::post("/import")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap()
}

fn token_in(page: &str) -> String {
    let start = page.find(r#"action="/import/"#).expect("a confirm form") + r#"action="/import/"#.len();
    page[start..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn an_upload_is_previewed_then_imported_on_confirmation() {
    let web = Web::new().await;
    let preview = web.send(upload(&[("format", "linkedin"), ("circle", "dormant")], LINKEDIN)).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(preview.body.contains("Preview: Connections.csv"));
    assert!(preview.body.contains(r#"<span class="big">2</span> new"#));
    assert_eq!(web.store.count_contacts().await.unwrap(), 0, "a preview writes nothing");
    let token = token_in(&preview.body);
    let done = web.post_form(&format!("/import/{token}"), &[]).await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.body.contains("Imported Connections.csv"));
    assert_eq!(web.store.count_contacts().await.unwrap(), 2);
    assert!(
        done.body.contains("2 people wait to be sorted into circles")
            && done.body.contains(r#"href="/triage">Sort them now"#),
        "the new people lead to the triage: {}",
        done.body
    );
    assert!(!preview.body.contains("Sort them now"), "a preview has nobody to sort yet");
    let again = web.post_form(&format!("/import/{token}"), &[]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "a draft is used once");
    // The same file again merges instead of doubling.
    let second = web.send(upload(&[("format", "linkedin")], LINKEDIN)).await;
    assert!(second.body.contains(r#"<span class="big">0</span> new · <strong>2</strong> merged"#), "{}", second.body);
    let cancelled = web.post_form(&format!("/import/{}/cancel", token_in(&second.body)), &[]).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_bad_record_refuses_the_file_unless_skipped() {
    let web = Web::new().await;
    let bad = LINKEDIN.replace("ada@example.org", "ada-at-example");
    let refused = web.send(upload(&[("format", "linkedin")], &bad)).await;
    assert!(refused.body.contains("Not imported"));
    assert!(refused.body.contains("not an e-mail address"));
    assert!(!refused.body.contains(r#"action="/import/"#), "nothing to confirm");
    let skipping = web.send(upload(&[("format", "linkedin"), ("skip_invalid", "on")], &bad)).await;
    assert!(
        skipping.body.contains(r#"<span class="big">1</span> new"#)
            && skipping.body.contains("<strong>1</strong> skipped")
    );
    let token = token_in(&skipping.body);
    let rejected = web.get(&format!("/import/{token}/rejected")).await;
    assert!(rejected.header("content-disposition").contains("Connections.rejected.csv"));
    assert!(rejected.body.contains("ada-at-example") && !rejected.body.contains("Hopper"));
    let junk = web.send(upload(&[("format", "vcard")], "\u{0}\u{1}binary junk")).await;
    assert_eq!(junk.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(junk.body.contains("Connections.csv"), "the error names the file");
    assert_eq!(web.store.count_contacts().await.unwrap(), 0);
}

#[tokio::test]
async fn the_api_imports_a_body_and_refuses_bad_records_whole() {
    let web = Web::new().await;
    let send = |query: &str, body: String| {
        Request::builder()
            .method(Method::POST)
            .uri(format!("/api/v1/import/linkedin{query}"))
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .body(Body::from(body))
            .unwrap()
    };
    let dry = web.send(send("?dry_run=true", LINKEDIN.into())).await.json();
    assert_eq!((dry["created"].as_u64(), dry["dry_run"].as_bool()), (Some(2), Some(true)));
    let bad = web.send(send("", LINKEDIN.replace("ada@example.org", "nope"))).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["errors"][0]["field"], "Email Address");
    assert_eq!(web.store.count_contacts().await.unwrap(), 0);
    let real = web.send(send("", LINKEDIN.into())).await.json();
    assert_eq!((real["created"].as_u64(), real["linkedin_connections"].as_u64()), (Some(2), Some(2)));
}

#[tokio::test]
async fn every_export_downloads() {
    let web = Web::new().await;
    web.person("Ada Lovelace").await;
    for (format, media, marker) in [
        ("vcard", "text/vcard", "BEGIN:VCARD"),
        ("csv", "text/csv", "Ada Lovelace"),
        ("json", "application/json", "\"contacts\""),
        ("ics", "text/calendar", "BEGIN:VCALENDAR"),
    ] {
        let r = web.get(&format!("/export/{format}")).await;
        assert_eq!(r.status, StatusCode::OK, "{format}");
        assert!(r.header("content-type").starts_with(media), "{format}: {}", r.header("content-type"));
        assert!(r.header("content-disposition").starts_with("attachment; filename=\"kith-"));
        assert!(r.body.contains(marker), "{format}");
        assert_eq!(web.get(&format!("/api/v1/export/{format}")).await.body, r.body);
    }
    assert_eq!(web.get("/export/pdf").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_feed_answers_only_at_its_current_secret() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    web.store
        .add_followup(ada, crate::support::days(5), Some("send the paper".into()), crate::support::today())
        .await
        .unwrap();
    let token = web.store.feed_token().await.unwrap();
    let feed = web.get(&format!("/feed/{token}.ics")).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.header("content-type").starts_with("text/calendar"));
    assert!(feed.body.contains("send the paper"));
    assert_eq!(web.get("/feed/0000.ics").await.status, StatusCode::NOT_FOUND);
    web.store.rotate_feed_token().await.unwrap();
    assert_eq!(web.get(&format!("/feed/{token}.ics")).await.status, StatusCode::NOT_FOUND);
}

/// The served feed, read by the parsers calendar apps are built on (Python icalendar and vobject,
/// installed by crates/kith-formats/tests/oracles/setup.sh). Skipped without them; never under CI.
#[tokio::test]
async fn calendar_tools_read_the_served_feed() {
    let Some(python) = std::env::var("KITH_ORACLE_PYTHON").ok().filter(|p| !p.is_empty()) else {
        assert!(std::env::var("CI").is_err(), "CI must set KITH_ORACLE_PYTHON (see .ci/run)");
        eprintln!("calendar_tools_read_the_served_feed skipped: KITH_ORACLE_PYTHON is not set");
        return;
    };
    let web = Web::new().await;
    let ada = web
        .add(kith_core::NewContact {
            name: "Ada \"Countess\" Lovelace; <b>".into(),
            birthday: Some(kith_core::contact::Birthday::parse("b", "--12-10").unwrap()),
            ..Default::default()
        })
        .await;
    web.person("Bob Due").await;
    web.store
        .add_followup(
            ada,
            crate::support::days(5),
            Some("send the paper, \"the long one\"\nand the notes".into()),
            crate::support::today(),
        )
        .await
        .unwrap();
    let token = web.store.feed_token().await.unwrap();
    let feed = web.get(&format!("/feed/{token}.ics")).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.ics");
    std::fs::write(&file, &feed.body).unwrap();
    let checker = concat!(env!("CARGO_MANIFEST_DIR"), "/../kith-formats/tests/oracles/check_ics.py");
    let out = std::process::Command::new(python).arg(checker).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let events: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let summaries: Vec<&str> = events.as_array().unwrap().iter().filter_map(|e| e["summary"].as_str()).collect();
    assert!(summaries.iter().any(|s| s.contains("Ada \"Countess\" Lovelace; <b>")), "{summaries:?}");
    assert!(summaries.iter().any(|s| s.contains("Bob Due")), "the plan is in the feed: {summaries:?}");
}
