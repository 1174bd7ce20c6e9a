//! Events and organizations: the events page and its form, the organization page with roles,
//! attendance and events per month, and `/api/v1/events`.

use axum::http::{Method, StatusCode};
use kith_core::{OrgKind, Role, org::Tenure};
use kith_store::EventFilter;
use serde_json::json;

use crate::support::{Web, days, stable};

async fn guild(web: &Web) -> i64 {
    web.store.add_org("Product Guild", OrgKind::Association).await.unwrap()
}

#[tokio::test]
async fn the_events_form_records_an_event_with_the_people_met() {
    let web = Web::new().await;
    guild(&web).await;
    web.person("Ada Lovelace").await;
    let page = web.get("/events").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"aria-current="page">Events"#) && page.body.contains("No events yet"));
    assert!(
        page.body.contains(r#"<label for="ev-met">"#) && page.body.contains(r#"value="2026-11-22""#),
        "today by default"
    );

    let made = web
        .post_form(
            "/events",
            &[
                ("title", "Spring mixer"),
                ("kind", "meeting"),
                ("on", "2026-11-20"),
                ("org", "product guild"),
                ("minutes", "90"),
                ("with", "Ada"),
                ("met", "Bob Byte <bob@example.com>\r\nCy Young\r\n"),
            ],
        )
        .await;
    assert_eq!((made.status, made.location()), (StatusCode::SEE_OTHER, "/events"), "{}", made.body);
    let page = web.get("/events").await.body;
    assert!(page.contains("Spring mixer") && page.contains("90 min") && page.contains(">Product Guild</a>"), "{page}");
    assert!(page.contains("Bob Byte</a> (new)") && page.contains("Ada Lovelace</a>,"), "{page}");
    assert!(web.store.resolve("bob@example.com").await.is_ok());
}

#[tokio::test]
async fn an_event_is_changed_and_removed_from_its_page() {
    let web = Web::new().await;
    guild(&web).await;
    let ada = web.person("Ada Lovelace").await;
    let fields = [
        ("title", "Spring mixer"),
        ("kind", "meeting"),
        ("on", "2026-11-20"),
        ("org", "product guild"),
        ("with", "Ada"),
    ];
    web.post_form("/events", &fields).await;
    let id = web.store.events(&EventFilter::default()).await.unwrap()[0].id;
    assert!(
        web.get("/events").await.body.contains(&format!(r#"<a class="name" href="/events/{id}">Spring mixer</a>"#))
    );

    let page = web.get(&format!("/events/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(r#"value="Spring mixer""#) && page.body.contains(r#"value="Product Guild""#),
        "{}",
        page.body
    );
    let change = [
        ("title", "Autumn mixer"),
        ("kind", "meeting"),
        ("on", "2026-11-01"),
        ("org", ""),
        ("minutes", "45"),
        ("note", ""),
    ];
    let saved = web.post_form(&format!("/events/{id}"), &change).await;
    assert_eq!(
        (saved.status, saved.location()),
        (StatusCode::SEE_OTHER, format!("/events/{id}").as_str()),
        "{}",
        saved.body
    );
    let e = web.store.event(id).await.unwrap();
    assert_eq!(
        (e.title.as_str(), e.on.to_string(), e.org.clone(), e.minutes),
        ("Autumn mixer", "2026-11-01".into(), None, Some(45))
    );
    assert_eq!(web.store.timeline(ada, None).await.unwrap()[0].on, days(-21), "the touch moved with it");

    let mut refused = change;
    refused[2] = ("on", "2026-12-24");
    refused[0] = ("title", "typed and kept");
    let bad = web.post_form(&format!("/events/{id}"), &refused).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("typed and kept") && bad.body.contains("after today"), "{}", bad.body);
    assert_eq!(web.store.event(id).await.unwrap(), e, "nothing written");

    let removed = web.post_form(&format!("/events/{id}/remove"), &[]).await;
    assert_eq!((removed.status, removed.location()), (StatusCode::SEE_OTHER, "/events"));
    assert!(web.store.timeline(ada, None).await.unwrap().is_empty(), "its touch went with it");
    assert_eq!(web.get(&format!("/events/{id}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_refused_event_shows_what_was_typed_and_writes_nothing() {
    let web = Web::new().await;
    guild(&web).await;
    let contacts = web.store.count_contacts().await.unwrap();
    let bad = web
        .post_form(
            "/events",
            &[("title", "Spring mixer"), ("kind", "meeting"), ("with", "Nobody Known"), ("met", "Bob Byte\nCy Young")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("with &#x27;Nobody Known&#x27;") || bad.body.contains("with &#39;Nobody Known&#39;"),
        "{}",
        bad.body
    );
    assert!(
        bad.body.contains(r#"value="Spring mixer""#) && bad.body.contains("Bob Byte\nCy Young</textarea>"),
        "{}",
        bad.body
    );
    let party = web.post_form("/events", &[("title", "X"), ("kind", "party")]).await;
    assert_eq!(party.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(party.body.contains("unknown kind"));
    let minutes = web.post_form("/events", &[("title", "X"), ("kind", "class"), ("minutes", "lots")]).await;
    assert_eq!(minutes.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(web.store.count_contacts().await.unwrap(), contacts);
    assert!(web.store.events(&EventFilter::default()).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_organization_page_shows_roles_attendance_and_events_per_month() {
    let web = Web::new().await;
    let org = guild(&web).await;
    let ada = web.person("Ada Lovelace").await;
    web.store
        .join_org(ada, "Product Guild", Role::Volunteer, Tenure { since: Some(days(-100)), until: None })
        .await
        .unwrap();
    let path = format!("/orgs/{org}");
    let page = web.get(&path).await.body;
    assert!(page.contains("You have no role here yet") && page.contains("No events here yet"), "{page}");

    let mine = web.post_form(&format!("{path}/mine"), &[("role", "board"), ("since", "2025-01-01")]).await;
    assert_eq!((mine.status, mine.location()), (StatusCode::SEE_OTHER, path.as_str()));
    let bad = web
        .post_form(&format!("{path}/mine"), &[("role", "board"), ("since", "2025-01-01"), ("until", "2024-01-01")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    web.post_form(
        "/events",
        &[
            ("title", "Spring mixer"),
            ("kind", "meeting"),
            ("on", "2026-11-20"),
            ("org", "Product Guild"),
            ("with", "Ada"),
        ],
    )
    .await;

    let page = web.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("board <span class=\"muted\">since 2025-01-01"), "{}", page.body);
    assert!(page.body.contains("volunteer since 2026-08-14"), "{}", page.body);
    assert!(
        page.body.contains("1 events in the last twelve months")
            && page.body.contains("<td>November 2026</td><td class=\"num\">1</td>")
    );
    insta::assert_snapshot!("org", stable(&page.body));
    insta::assert_snapshot!("events", stable(&web.get("/events").await.body));
    assert_eq!(web.get("/orgs/999").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_events_api_lists_shows_and_creates() {
    let web = Web::new().await;
    let org = guild(&web).await;
    let ada = web.person("Ada Lovelace").await;
    let made = web
        .api(
            Method::POST,
            "/api/v1/events",
            Some(json!({ "title": "Spring mixer", "kind": "seminar", "on": "2026-11-20", "org": "Product Guild",
                "minutes": 60, "with": [ada], "met": [{ "name": "Bob Byte", "email": "bob@example.com" }] })),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let e = made.json();
    assert_eq!(
        (e["kind"].as_str(), e["org"].as_str(), e["people"].as_array().unwrap().len()),
        (Some("seminar"), Some("Product Guild"), 2)
    );
    assert_eq!(e["people"][1]["new"], true);
    let id = e["id"].as_i64().unwrap();
    assert_eq!(web.api(Method::GET, &format!("/api/v1/events/{id}"), None).await.json()["title"], "Spring mixer");
    let listed = web.api(Method::GET, &format!("/api/v1/events?org={org}&since=2026-11-01"), None).await.json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(web.api(Method::GET, "/api/v1/events?since=2026-11-21", None).await.json(), json!([]));
    assert_eq!(web.api(Method::GET, "/api/v1/events/999", None).await.status, StatusCode::NOT_FOUND);

    let bad = web
        .api(Method::POST, "/api/v1/events", Some(json!({ "title": "X", "kind": "meeting", "org": "Nowhere" })))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Nowhere"), "{}", bad.body);
    let missing =
        web.api(Method::POST, "/api/v1/events", Some(json!({ "title": "X", "kind": "meeting", "with": [999] }))).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(web.store.events(&EventFilter::default()).await.unwrap().len(), 1);

    let doc = web.get("/api/v1/openapi.json").await.json();
    assert!(
        doc["paths"]["/api/v1/events"]["post"].is_object() && doc["paths"]["/api/v1/events/{id}"]["get"].is_object()
    );
    assert!(doc["components"]["schemas"]["Event"].is_object());
}
