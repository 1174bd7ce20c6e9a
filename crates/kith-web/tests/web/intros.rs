//! The introduction finder's page and API: paths found and explained, the ask drafted from a
//! path, and an unknown organization answered with the nearest names.

use axum::http::{Method, StatusCode};
use kith_core::{ContactPatch, InteractionKind, NewInteraction};
use serde_json::json;

use crate::support::{Web, today};

/// Grace, whom the user sees often, is Alan's colleague and was on a thread with him last
/// year; the user knows Alan (at Globex) only from that thread; Ada knows nobody there.
async fn network(web: &Web) -> (i64, i64) {
    let grace = web.person("Grace Hopper").await;
    let alan = web.person("Alan Turing").await;
    web.person("Ada Lovelace").await;
    let at_globex =
        ContactPatch { org: Some("Globex".into()), title: Some("Staff Engineer".into()), ..Default::default() };
    web.store.edit_contact(alan, at_globex).await.unwrap();
    for (days, who, kind) in [
        (5, vec![grace], InteractionKind::Lunch),
        (40, vec![grace], InteractionKind::Lunch),
        (100, vec![grace], InteractionKind::Coffee),
        (200, vec![grace], InteractionKind::Lunch),
        (300, vec![grace, alan], InteractionKind::Email),
    ] {
        let thread = NewInteraction {
            contacts: who,
            kind,
            on: today() - chrono::Duration::days(days),
            minutes: None,
            note: None,
            gave: None,
            got: None,
            they_initiated: false,
            favor_with: None,
            fulfills: Vec::new(),
        };
        web.store.log_interaction(thread, kith_core::Weights::default().of(kind)).await.unwrap();
    }
    let (colleague, turned) = kith_core::relationship::RelationKind::parse("colleague", None).unwrap();
    let related =
        kith_core::relationship::NewRelationship::new(grace, colleague, turned, alan, None, None, None).unwrap();
    web.store.relate(related).await.unwrap();
    (grace, alan)
}

#[tokio::test]
async fn the_page_finds_explains_and_drafts_the_ask() {
    let web = Web::new().await;
    let (grace, alan) = network(&web).await;
    let empty = web.get("/intros").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("Find a way in"));

    let page = web.get("/intros?org=globex").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Reaching 1 person at Globex"), "{}", page.body);
    assert!(
        page.body.contains("Grace Hopper: colleague of Alan Turing and on 1 mail thread with Alan Turing."),
        "{}",
        page.body
    );
    assert!(page.body.contains("Draft the ask to Grace Hopper"));

    let asked = web
        .post_form(
            "/intros/ask",
            &[("org", "globex"), ("who", ""), ("target", &alan.to_string()), ("via", &grace.to_string())],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let campaign: i64 = asked.location().trim_start_matches("/campaigns/").parse().unwrap();
    let c = web.store.campaign(campaign).await.unwrap();
    assert_eq!(c.members.len(), 1);
    assert_eq!(c.members[0].contact_id, grace);
    assert!(c.body.contains("Alan Turing, Staff Engineer at Globex"), "{}", c.body);

    // A path that is not one of the search's: nothing drafted.
    let stranger = web
        .post_form("/intros/ask", &[("org", "globex"), ("target", &alan.to_string()), ("via", &alan.to_string())])
        .await;
    assert_eq!(stranger.status, StatusCode::NOT_FOUND);

    let unknown = web.get("/intros?org=Globx").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("the nearest: Globex"), "{}", unknown.body);
}

#[tokio::test]
async fn the_api_lists_paths_and_drafts_the_ask() {
    let web = Web::new().await;
    let (grace, alan) = network(&web).await;
    let found = web.api(Method::GET, "/api/v1/intros?org=Globex", None).await;
    assert_eq!(found.status, StatusCode::OK);
    let body = found.json();
    assert_eq!(body["org"], "Globex");
    assert_eq!(body["targets"], 1);
    // The user was on that thread too: Alan is known directly, a little, and better through Grace.
    assert_eq!(body["direct"][0]["target"], alan);
    let paths = body["paths"].as_array().unwrap();
    assert_eq!(paths.len(), 1);
    assert_eq!(paths[0]["via"]["id"], grace);
    assert_eq!(paths[0]["why"], "colleague of Alan Turing and on 1 mail thread with Alan Turing");

    let person = web.api(Method::GET, &format!("/api/v1/intros?contact={alan}"), None).await;
    assert_eq!(person.status, StatusCode::OK);
    assert_eq!(person.json()["direct"][0]["target"], alan);

    let asked =
        web.api(Method::POST, "/api/v1/intros/ask", Some(json!({"org": "Globex", "target": alan, "via": grace}))).await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);
    assert!(asked.json()["campaign"].as_i64().is_some());

    let neither = web.api(Method::GET, "/api/v1/intros", None).await;
    assert_eq!(neither.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = web.api(Method::GET, "/api/v1/intros?org=Initech", None).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_network_map_draws_clusters_and_ties_and_filters_them() {
    let web = Web::new().await;
    let (grace, alan) = network(&web).await;
    let page = web.get("/network").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("3 people"), "{}", page.body);
    assert!(page.body.contains("<svg"), "the map is drawn on the server");
    // Alan is at Globex; Grace and Ada have no organization (Globex has one person drawn: it
    // shares the smaller organizations' disc).
    assert!(page.body.contains("Smaller organizations (1)") && page.body.contains("No organization (2)"));
    assert!(page.body.contains(&format!(r#"href="/contacts/{grace}" aria-label="Grace Hopper""#)));
    assert_eq!(page.body.matches("<line").count(), 1, "Grace and Alan's thread is a tie: {}", page.body);

    // Globex's people and everyone tied to them: Alan and Grace, not Ada.
    let globex = web.get("/network?org=globex").await;
    assert_eq!(globex.status, StatusCode::OK);
    assert!(globex.body.contains("2 people"), "{}", globex.body);
    assert!(globex.body.contains(&format!(r#"href="/contacts/{alan}""#)) && !globex.body.contains("Ada Lovelace"));

    let unknown = web.get("/network?org=Globx").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("the nearest: Globex"), "{}", unknown.body);
    let bad = web.get("/network?circle=besties").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("unknown circle"), "{}", bad.body);
    let inner = web.get("/network?circle=inner").await;
    assert!(inner.body.contains("Nobody to draw yet"), "{}", inner.body);
}
