//! Goals: the page, its forms, the dashboard's goals, and `/api/v1/goals`.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::{Web, days, stable};

#[tokio::test]
async fn the_goals_page_shows_progress_and_its_forms_add_change_and_remove() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    // A lunch this week and last week (today is Sunday 2026-11-22).
    web.lunch(&[ada], days(-1)).await;
    web.lunch(&[ada], days(-8)).await;
    let page = web.get("/goals").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("lunch or coffee ≥ 1 / week"));
    assert!(page.body.contains("1 / 1 ✓") && page.body.contains("streak 2 weeks · best 2"), "{}", page.body);
    assert!(page.body.contains(r#"<label for="goal-measure">"#) && page.body.contains(r#"aria-current="page">Goals"#));

    let added = web.post_form("/goals", &[("measure", "call+video"), ("target", "3"), ("period", "month")]).await;
    assert_eq!((added.status, added.location()), (StatusCode::SEE_OTHER, "/goals"));
    assert!(web.get("/goals").await.body.contains("call or video ≥ 3 / month"));

    // Refused: the page again, naming the field and keeping what was typed; nothing written.
    let before = web.store.goals().await.unwrap();
    let bad = web.post_form("/goals", &[("measure", "brunch"), ("target", "2"), ("period", "week")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("measure &#x27;brunch&#x27;") || bad.body.contains("measure &#39;brunch&#39;"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains(r#"value="brunch""#));
    let zero = web.post_form("/goals", &[("measure", "touches"), ("target", "0")]).await;
    assert_eq!(zero.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(web.store.goals().await.unwrap(), before);

    let id = before.last().unwrap().id;
    let changed = web.post_form(&format!("/goals/{id}"), &[("target", "5")]).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert_eq!(web.store.goals().await.unwrap().last().unwrap().goal.target, 5);
    let removed = web.post_form(&format!("/goals/{id}/remove"), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(!web.get("/goals").await.body.contains("call or video"));
    assert_eq!(web.post_form(&format!("/goals/{id}/remove"), &[]).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_dashboard_shows_the_goals() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    web.lunch(&[ada], days(-1)).await;
    let page = web.get("/").await;
    assert!(page.body.contains(r#"<h2 id="goals-h">Goals"#));
    assert!(page.body.contains("lunch or coffee ≥ 1 / week") && page.body.contains("1 / 1 ✓"));
}

#[tokio::test]
async fn goals_through_the_api() {
    let web = Web::new().await;
    let list = web.get("/api/v1/goals").await.json();
    assert_eq!(list.as_array().unwrap().len(), 6);
    assert_eq!(list[0]["measure"], "lunch+coffee");
    let added =
        web.api(Method::POST, "/api/v1/goals", Some(json!({"measure": "events", "target": 2, "period": "week"}))).await;
    assert_eq!(added.status, StatusCode::CREATED);
    let id = added.json()["id"].as_i64().unwrap();
    assert_eq!(added.json()["description"], "association events ≥ 2 / week");
    let patched = web.api(Method::PATCH, &format!("/api/v1/goals/{id}"), Some(json!({"target": 4}))).await.json();
    assert_eq!(patched["target"], 4);
    assert_eq!(web.get(&format!("/api/v1/goals/{id}")).await.json()["target"], 4);
    for (body, field) in [
        (json!({"measure": "brunch", "target": 1}), "measure"),
        (json!({"measure": "touches", "target": 0}), "target"),
        (json!({"measure": "touches", "target": 1, "period": "fortnight"}), "period"),
        (json!({"measure": "events", "target": 1, "period": "month"}), "kind"),
    ] {
        let bad = web.api(Method::POST, "/api/v1/goals", Some(body.clone())).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(bad.body.contains(field), "{body}: {}", bad.body);
    }
    let odd = web.api(Method::POST, "/api/v1/goals", Some(json!({"measure": "touches", "target": -1}))).await;
    assert_eq!(odd.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(web.api(Method::DELETE, &format!("/api/v1/goals/{id}"), None).await.json()["removed"], true);
    assert_eq!(web.api(Method::DELETE, &format!("/api/v1/goals/{id}"), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(web.get("/api/v1/goals/999").await.status, StatusCode::NOT_FOUND);
    let doc = web.get("/api/v1/openapi.json").await.json();
    assert!(doc["paths"]["/api/v1/goals"].is_object() && doc["paths"]["/api/v1/goals/{id}"].is_object());
    assert!(doc["components"]["schemas"]["GoalProgressView"].is_object());
}

#[tokio::test]
async fn the_goals_page_looks_as_it_did() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    web.lunch(&[ada], days(-1)).await;
    insta::assert_snapshot!("goals", stable(&web.get("/goals").await.body));
}

#[tokio::test]
async fn a_new_network_s_reports_are_computed_once() {
    // The first reports of a new database also store its default goals (a write); they must not be
    // stale the moment they are made, or the next visitor waits for them all over again.
    let web = Web::new().await;
    web.person("Ada Lovelace").await;
    let cache = kith_web::reports::ReportCache::default();
    let settings = kith_app::Settings::default();
    let first = cache.current(web.store.as_ref(), crate::support::today(), &settings).await.unwrap();
    assert!(!first.goals.is_empty(), "the default goals are in the first reports");
    // Past the moment the data version is trusted without reading it again.
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    let again = cache.current(web.store.as_ref(), crate::support::today(), &settings).await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again), "served from the cache, not computed again");
}
