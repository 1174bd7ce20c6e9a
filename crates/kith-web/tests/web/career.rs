//! Career readiness and market signals: the pages, their forms, the dashboard's cards, the brag
//! download, and `/api/v1/career` and `/api/v1/signals`.

use axum::http::{Method, StatusCode};
use kith_core::career::CareerPatch;
use serde_json::json;

use crate::support::{Web, days, stable, today};

#[tokio::test]
async fn the_career_page_shows_the_score_and_its_forms_record_and_remove() {
    let web = Web::new().await;
    let page = web.get("/career").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"<span class="big">0</span> / 100"#), "{}", page.body);
    assert!(page.body.contains("+25</span> Update your resume"));
    assert!(page.body.contains(r#"<label for="resume-updated">"#) && page.body.contains(r#"<label for="acc-title">"#));

    let today = today().to_string();
    let saved = web.post_form("/career", &[("resume_updated", &today), ("connections", "250"), ("target", "")]).await;
    assert_eq!((saved.status, saved.location()), (StatusCode::SEE_OTHER, "/career"));
    let page = web.get("/career").await;
    assert!(page.body.contains(r#"<span class="big">37</span> / 100"#), "{}", page.body);
    assert!(page.body.contains("250 of 500"));

    let added = web
        .post_form("/career/accomplishments", &[("title", "Shipped <search>"), ("outcome", "p99 down"), ("on", "")])
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let page = web.get("/career").await;
    assert!(
        page.body.contains("Shipped &#60;search&#62;") || page.body.contains("Shipped &lt;search&gt;"),
        "{}",
        page.body
    );
    assert!(page.body.contains("p99 down"));

    // Refused: the page again, naming the field and keeping what was typed; nothing written.
    let before = web.store.career().await.unwrap();
    let bad = web.post_form("/career", &[("connections", "lots"), ("linkedin_updated", "2026-01-02")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("connections &#x27;lots&#x27;") || bad.body.contains("connections &#39;lots&#39;"));
    assert!(bad.body.contains(r#"value="lots""#) && bad.body.contains(r#"value="2026-01-02""#));
    assert_eq!(web.store.career().await.unwrap(), before);
    let late = days(3).to_string();
    let bad = web.post_form("/career/accomplishments", &[("title", "Later"), ("on", &late)]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains(r#"value="Later""#) && bad.body.contains("after today"));
    assert_eq!(web.store.accomplishments(None).await.unwrap().len(), 1);

    let brag = web.get("/career/brag.md").await;
    assert_eq!(brag.status, StatusCode::OK);
    assert!(brag.header("content-type").starts_with("text/markdown"));
    assert!(brag.header("content-disposition").contains("brag.md"));
    assert!(brag.body.contains(r"Shipped \<search\> — p99 down"), "{}", brag.body);

    let id = web.store.accomplishments(None).await.unwrap()[0].id;
    let removed = web.post_form(&format!("/career/accomplishments/{id}/remove"), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(web.store.accomplishments(None).await.unwrap().is_empty());
    let again = web.post_form(&format!("/career/accomplishments/{id}/remove"), &[]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_signals_page_records_lists_and_removes() {
    let web = Web::new().await;
    web.person("Ada Lovelace").await;
    let empty = web.get("/signals").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("No signals yet") && empty.body.contains(r#"<label for="signal-org">"#));

    let added =
        web.post_form("/signals", &[("org", "Acme"), ("kind", "hiring"), ("from", "Ada"), ("note", "2 roles")]).await;
    assert_eq!((added.status, added.location()), (StatusCode::SEE_OTHER, "/signals"));
    let page = web.get("/signals").await;
    assert!(
        page.body.contains(">Acme</a>") && page.body.contains("2 roles") && page.body.contains(">Ada Lovelace</a>")
    );

    for (fields, says) in [
        (vec![("org", "Acme"), ("field", "fintech"), ("kind", "hiring")], "not both"),
        (vec![("field", "fintech"), ("kind", "hired")], "unknown kind"),
        (vec![("field", "fintech"), ("kind", "layoffs"), ("from", "Nobody")], "from &#"),
    ] {
        let bad = web.post_form("/signals", &fields).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(bad.body.contains(says), "{fields:?}: {}", bad.body);
        assert!(bad.body.contains(r#"value="fintech""#));
    }
    let signals = web.store.signals(&Default::default()).await.unwrap();
    assert_eq!(signals.len(), 1);
    let removed = web.post_form(&format!("/signals/{}/remove", signals[0].id), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(web.get("/signals").await.body.contains("No signals yet"));
}

#[tokio::test]
async fn the_dashboard_shows_career_readiness_and_recent_signals() {
    let web = Web::new().await;
    let patch = CareerPatch { linkedin_updated_on: Some(days(-3)), ..Default::default() };
    web.store.set_career(patch, today()).await.unwrap();
    web.api(Method::POST, "/api/v1/signals", Some(json!({"org": "Acme", "kind": "hiring", "on": days(-5)}))).await;
    web.api(Method::POST, "/api/v1/signals", Some(json!({"field": "old news", "kind": "layoffs", "on": days(-120)})))
        .await;
    let page = web.get("/").await;
    assert!(page.body.contains(r#"<h2 id="career-h">Career readiness"#));
    assert!(page.body.contains(r#"<span class="big">25</span> / 100"#), "{}", page.body);
    assert!(page.body.contains("Next: Update your resume"));
    assert!(page.body.contains(r#"<h2 id="signals-h">Market signals"#) && page.body.contains(">Acme</a>"));
    assert!(!page.body.contains("old news"));
}

#[tokio::test]
async fn career_and_signals_through_the_api() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    let career = web.get("/api/v1/career").await.json();
    assert_eq!(career["status"]["score"], 0);
    assert_eq!(career["status"]["next_actions"][0]["action"], "update_resume");
    let patched = web
        .api(Method::PATCH, "/api/v1/career", Some(json!({"connections": 500, "resume_updated_on": days(-1)})))
        .await;
    assert_eq!(patched.status, StatusCode::OK);
    assert_eq!(patched.json()["score"], 50);
    let bad = web.api(Method::PATCH, "/api/v1/career", Some(json!({"connections_target": 0}))).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("target"), "{}", bad.body);

    let added = web.api(Method::POST, "/api/v1/career/accomplishments", Some(json!({"title": "Shipped X"}))).await;
    assert_eq!(added.status, StatusCode::CREATED);
    assert_eq!(added.json()["on"], today().to_string());
    let id = added.json()["id"].as_i64().unwrap();
    let bad = web.api(Method::POST, "/api/v1/career/accomplishments", Some(json!({"title": ""}))).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(web.get("/api/v1/career").await.json()["accomplishments"][0]["title"], "Shipped X");
    let path = format!("/api/v1/career/accomplishments/{id}");
    assert_eq!(web.api(Method::DELETE, &path, None).await.json()["removed"], true);
    assert_eq!(web.api(Method::DELETE, &path, None).await.status, StatusCode::NOT_FOUND);

    let s =
        web.api(Method::POST, "/api/v1/signals", Some(json!({"org": "Acme", "kind": "hiring", "from_id": ada}))).await;
    assert_eq!(s.status, StatusCode::CREATED);
    assert_eq!((s.json()["org"].as_str(), s.json()["from"].as_str()), (Some("Acme"), Some("Ada Lovelace")));
    let bad = web.api(Method::POST, "/api/v1/signals", Some(json!({"kind": "hiring"}))).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(web.get("/api/v1/signals?org=acme&kind=hiring").await.json().as_array().unwrap().len(), 1);
    assert_eq!(web.get("/api/v1/signals?kind=layoffs").await.json().as_array().unwrap().len(), 0);
    assert_eq!(web.get("/api/v1/signals?kind=hired").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(web.get("/api/v1/signals?org=Initech").await.status, StatusCode::NOT_FOUND);
    let sid = s.json()["id"].as_i64().unwrap();
    assert_eq!(web.api(Method::DELETE, &format!("/api/v1/signals/{sid}"), None).await.json()["removed"], true);

    let doc = web.get("/api/v1/openapi.json").await.json();
    for path in ["/api/v1/career", "/api/v1/career/accomplishments", "/api/v1/signals", "/api/v1/signals/{id}"] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    assert!(
        doc["components"]["schemas"]["CareerPage"].is_object() && doc["components"]["schemas"]["Signal"].is_object()
    );
}

#[tokio::test]
async fn the_career_and_signals_pages_look_as_they_did() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    let patch = CareerPatch { resume_updated_on: Some(days(-100)), connections: Some(320), ..Default::default() };
    web.store.set_career(patch, today()).await.unwrap();
    web.api(
        Method::POST,
        "/api/v1/career/accomplishments",
        Some(json!({"title": "Led the migration", "on": days(-40), "link": "https://example.org/post"})),
    )
    .await;
    web.api(
        Method::POST,
        "/api/v1/signals",
        Some(json!({"org": "Acme", "kind": "hiring", "from_id": ada, "note": "two roles"})),
    )
    .await;
    insta::assert_snapshot!("career", stable(&web.get("/career").await.body));
    insta::assert_snapshot!("signals", stable(&web.get("/signals").await.body));
}

#[tokio::test]
async fn an_organization_shows_its_signals_on_its_page_and_in_the_api() {
    let web = Web::new().await;
    web.api(Method::POST, "/api/v1/signals", Some(json!({"org": "Acme", "kind": "layoffs", "note": "team cut"}))).await;
    web.api(Method::POST, "/api/v1/signals", Some(json!({"org": "Globex", "kind": "hiring"}))).await;
    let page = web.get("/orgs/1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"<h2 id="org-signals-h">Market signals"#) && page.body.contains("team cut"));
    assert!(!page.body.contains(">Globex<"));
    let api = web.get("/api/v1/orgs/1").await.json();
    assert_eq!(api["signals"].as_array().unwrap().len(), 1);
    assert_eq!(api["signals"][0]["kind"], "layoffs");
    let empty = web.get("/orgs/2").await.body;
    assert!(empty.contains("hiring"));
}
