//! The JSON API: the CLI contract's keys, errors that name the field, and the OpenAPI document.

use axum::http::{Method, StatusCode};
use serde_json::json;

use kith_app::{Settings, mail::SmtpSettings};

use crate::support::{Web, days};

#[tokio::test]
async fn a_contact_is_created_logged_and_read_back_with_the_contract_keys() {
    let web = Web::new().await;
    let made = web
        .api(
            Method::POST,
            "/api/v1/contacts",
            Some(json!({"name": "Ada Lovelace", "circle": "active", "emails": ["ada@example.org"]})),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED);
    let ada = made.json()["id"].as_i64().unwrap();
    let bob = web.person("Bob Babbage").await;
    let logged = web
        .api(
            Method::POST,
            "/api/v1/interactions",
            Some(json!({"contacts": [ada, bob], "kind": "lunch", "on": days(-90)})),
        )
        .await;
    assert_eq!(logged.status, StatusCode::CREATED, "{}", logged.body);
    let touched = logged.json();
    assert_eq!(touched["contacts"].as_array().unwrap().len(), 2);
    assert_eq!(touched["contacts"][0]["warmth"], 0.5);
    assert_eq!(touched["contacts"][0]["due_on"], "2026-11-22");
    let profile = web.get(&format!("/api/v1/contacts/{ada}")).await.json();
    for key in ["id", "name", "emails", "org", "circle", "cadence_days", "warmth", "status", "due_on", "interactions"] {
        assert!(profile.get(key).is_some(), "show has {key}");
    }
    assert_eq!(profile["status"], "warm");
    assert_eq!(profile["interactions"][0]["kind"], "lunch");
    let due = web.get("/api/v1/due").await.json();
    assert!(
        due.as_array().unwrap().iter().any(|d| d["id"] == ada && d["reason"].is_string() && d["overdue_days"] == 0)
    );
    let plan = web.get("/api/v1/plan").await.json();
    assert!(plan["reach_out"].is_array() && plan["reconnect"].is_array() && plan["nudges"].is_array());
    let health = web.get("/api/v1/health").await.json();
    assert_eq!(health["contacts"], 2);
}

#[tokio::test]
async fn mistakes_are_json_errors_naming_the_field() {
    let web = Web::new().await;
    let bad_email = web.api(Method::POST, "/api/v1/contacts", Some(json!({"name": "X", "emails": ["nope"]}))).await;
    assert_eq!(bad_email.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_email.json()["error"]["field"], "email");
    assert_eq!(bad_email.json()["error"]["value"], "nope");
    let unknown_field = web.api(Method::POST, "/api/v1/contacts", Some(json!({"name": "X", "nickname": "x"}))).await;
    assert_eq!(unknown_field.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown_field.json()["error"]["message"].as_str().unwrap().contains("unknown field `nickname`"));
    let bad_kind =
        web.api(Method::POST, "/api/v1/interactions", Some(json!({"contacts": [1], "kind": "brunch"}))).await;
    assert_eq!(bad_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = web.get("/api/v1/contacts/42").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.json()["error"]["message"].as_str().unwrap().contains("contact 42 not found"));
    let bad_query = web.get("/api/v1/contacts?status=lukewarm").await;
    assert_eq!(bad_query.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(web.store.count_contacts().await.unwrap(), 0);
}

#[tokio::test]
async fn a_patch_changes_what_it_names_and_null_clears() {
    let web = Web::new().await;
    let id = web.person("Ada Lovelace").await;
    let r = web
        .api(Method::PATCH, &format!("/api/v1/contacts/{id}"), Some(json!({"org": "Engines", "title": "Analyst"})))
        .await;
    assert_eq!(r.json()["org"], "Engines");
    let r = web.api(Method::PATCH, &format!("/api/v1/contacts/{id}"), Some(json!({"org": null}))).await;
    assert_eq!(r.json()["org"], serde_json::Value::Null);
    assert_eq!(r.json()["title"], "Analyst");
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let web = Web::new().await;
    let doc = web.get("/api/v1/openapi.json").await.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths: Vec<&str> = doc["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    for p in [
        "/api/v1/contacts",
        "/api/v1/contacts/{id}",
        "/api/v1/interactions",
        "/api/v1/followups",
        "/api/v1/orgs",
        "/api/v1/due",
        "/api/v1/plan",
        "/api/v1/health",
        "/api/v1/import/{format}",
        "/api/v1/export/{format}",
        "/api/v1/campaigns/{id}/send",
        "/api/v1/digest",
        "/api/v1/triage",
    ] {
        assert!(paths.contains(&p), "{p} is documented");
    }
    assert!(doc["components"]["schemas"]["ContactView"].is_object());
    assert!(doc["components"]["schemas"]["SendReport"].is_object());
    assert!(doc["components"]["securitySchemes"]["token"].is_object());
}

#[tokio::test]
async fn every_api_route_answers() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    let bob = web.person("Bob Babbage").await;
    // Interactions: log, read, change, delete.
    let logged =
        web.api(Method::POST, "/api/v1/interactions", Some(json!({"contacts": [ada], "kind": "coffee"}))).await.json();
    let iid = logged["id"].as_i64().unwrap();
    assert_eq!(web.get(&format!("/api/v1/interactions/{iid}")).await.json()["kind"], "coffee");
    let changed = web
        .api(Method::PATCH, &format!("/api/v1/interactions/{iid}"), Some(json!({"kind": "lunch", "note": "cake"})))
        .await;
    assert_eq!(changed.json()["kind"], "lunch");
    assert_eq!(web.get(&format!("/api/v1/contacts/{ada}/interactions")).await.json()[0]["note"], "cake");
    let future = web.api(Method::PATCH, &format!("/api/v1/interactions/{iid}"), Some(json!({"on": days(1)}))).await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The people and the favors change too; the favor must belong to someone there.
    let people = json!({"contacts": [ada, bob], "got": "an intro", "favor_with": bob});
    let moved = web.api(Method::PATCH, &format!("/api/v1/interactions/{iid}"), Some(people)).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(moved.json()["contacts"].as_array().unwrap().len(), 2);
    assert_eq!(web.get(&format!("/api/v1/interactions/{iid}")).await.json()["favor_with"], bob);
    let stranger = web
        .api(Method::PATCH, &format!("/api/v1/interactions/{iid}"), Some(json!({"contacts": [ada], "favor_with": bob})))
        .await;
    assert_eq!(stranger.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", stranger.body);
    assert!(stranger.body.contains("favor_with"), "{}", stranger.body);
    let deleted = web.api(Method::DELETE, &format!("/api/v1/interactions/{iid}"), None).await.json();
    assert_eq!(deleted["contacts"][0]["status"], "new");
    assert_eq!(web.get(&format!("/api/v1/interactions/{iid}")).await.status, StatusCode::NOT_FOUND);
    // Snooze.
    let snoozed =
        web.api(Method::POST, &format!("/api/v1/contacts/{bob}/snooze"), Some(json!({"for": "2w"}))).await.json();
    assert_eq!(snoozed["snoozed_until"], "2026-12-06");
    let both = web
        .api(Method::POST, &format!("/api/v1/contacts/{bob}/snooze"), Some(json!({"for": "2w", "clear": true})))
        .await;
    assert_eq!(both.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Follow-ups.
    let f = web
        .api(Method::POST, "/api/v1/followups", Some(json!({"contact_id": ada, "in": "6m", "note": "check in"})))
        .await;
    assert_eq!(f.status, StatusCode::CREATED);
    let fid = f.json()["id"].as_i64().unwrap();
    assert_eq!(web.get("/api/v1/followups").await.json().as_array().unwrap().len(), 1);
    assert_eq!(
        web.api(Method::POST, &format!("/api/v1/followups/{fid}/done"), None).await.json()["done_on"],
        "2026-11-22"
    );
    assert_eq!(web.get("/api/v1/followups?all=true").await.json().as_array().unwrap().len(), 1);
    assert_eq!(web.get("/api/v1/followups").await.json().as_array().unwrap().len(), 0);
    // Organizations.
    let org = web.api(Method::POST, "/api/v1/orgs", Some(json!({"name": "Rust Guild", "kind": "association"}))).await;
    assert_eq!(org.status, StatusCode::CREATED);
    let oid = org.json()["id"].as_i64().unwrap();
    let joined = web
        .api(Method::POST, &format!("/api/v1/orgs/{oid}/members"), Some(json!({"contact_id": bob, "role": "board"})))
        .await
        .json();
    assert_eq!(joined["people"][0]["name"], "Bob Babbage");
    assert_eq!(web.get(&format!("/api/v1/orgs/{oid}")).await.json()["members"], 1);
    assert_eq!(web.get("/api/v1/orgs").await.json()[0]["name"], "Rust Guild");
    // Reports with their parameters.
    assert_eq!(web.get("/api/v1/due?within=3650&limit=1").await.json().as_array().unwrap().len(), 1);
    assert_eq!(web.get("/api/v1/plan?size=1").await.json()["reach_out"].as_array().unwrap().len(), 1);
    assert_eq!(web.get("/api/v1/plan?size=0").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(web.get("/api/v1/due?within=4000").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(web.get("/api/v1/contacts?limit=5000").await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_campaign_is_started_read_and_moved_on_its_board() {
    let web = Web::new().await;
    for (name, email) in [("Ada Lovelace", "ada@example.org"), ("Zoë Ångström", "zoe@example.org")] {
        let made = web.api(Method::POST, "/api/v1/contacts", Some(json!({"name": name, "emails": [email]}))).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    }
    web.person("No Mail").await;
    let bad = web
        .api(Method::POST, "/api/v1/campaigns", Some(json!({"name": "X", "subject": "Hi", "body": "Dear {firstname}"})))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json()["error"]["field"], "body");
    assert_eq!(bad.json()["error"]["value"], "{firstname}");
    assert_eq!(web.get("/api/v1/campaigns").await.json(), json!([]));
    let made = web
        .api(
            Method::POST,
            "/api/v1/campaigns",
            Some(json!({"name": "Spring", "subject": "Coffee, {first_name}?", "body": "Hi {name}", "size": 5})),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let c = made.json();
    assert_eq!(c["contacts"].as_array().unwrap().len(), 2, "the contact without e-mail is left out");
    let zoe = c["contacts"].as_array().unwrap().iter().find(|d| d["name"] == "Zoë Ångström").unwrap().clone();
    assert_eq!(zoe["subject"], "Coffee, Zoë?");
    assert_eq!(
        zoe["mailto"],
        "mailto:zoe@example.org?subject=Coffee%2C%20Zo%C3%AB%3F&body=Hi%20Zo%C3%AB%20%C3%85ngstr%C3%B6m"
    );
    let id = c["id"].as_i64().unwrap();
    let moved = web
        .api(
            Method::POST,
            &format!("/api/v1/campaigns/{id}/stage"),
            Some(json!({"contact_id": zoe["contact_id"], "stage": "booked"})),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(moved.json()["stages"]["booked"], 1);
    assert_eq!(web.get("/api/v1/campaigns").await.json()[0]["stages"]["booked"], 1);
    assert_eq!(web.get("/api/v1/campaigns/999").await.status, StatusCode::NOT_FOUND);
    let odd = web
        .api(Method::POST, &format!("/api/v1/campaigns/{id}/stage"), Some(json!({"contact_id": 1, "stage": "ghosted"})))
        .await;
    assert_eq!(odd.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_campaign_send_reports_each_contact_and_logs_only_what_went_out() {
    // A mail server that is not there: every send fails, nothing is logged, all stay drafted.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let smtp =
        SmtpSettings { host: "127.0.0.1".into(), port: Some(port), tls: Some("none".into()), ..Default::default() };
    let web =
        Web::with_settings(Settings { smtp: Some(smtp), me: vec!["me@example.org".into()], ..Settings::default() })
            .await;
    let made = web
        .api(Method::POST, "/api/v1/contacts", Some(json!({"name": "Ada Lovelace", "emails": ["ada@example.org"]})))
        .await;
    let ada = made.json()["id"].as_i64().unwrap();
    let c = web
        .api(
            Method::POST,
            "/api/v1/campaigns",
            Some(json!({"name": "Spring", "subject": "Hi {first_name}", "body": "Lunch?"})),
        )
        .await
        .json();
    let path = format!("/api/v1/campaigns/{}/send", c["id"]);
    let dry = web.api(Method::POST, &path, Some(json!({"dry_run": true}))).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert_eq!(
        dry.json(),
        json!([{"contact_id": ada, "name": "Ada Lovelace", "email": "ada@example.org", "status": "would_send"}])
    );
    let sent = web.api(Method::POST, &path, Some(json!({}))).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let report = sent.json();
    assert_eq!(report[0]["status"], "failed");
    let why = report[0]["error"].as_str().unwrap();
    assert!(why.contains("Ada Lovelace <ada@example.org>") && why.contains(&format!("127.0.0.1:{port}")), "{why}");
    let show = web.get(&format!("/api/v1/campaigns/{}", c["id"])).await.json();
    assert_eq!(show["contacts"][0]["stage"], "drafted");
    assert_eq!(web.get(&format!("/api/v1/contacts/{ada}")).await.json()["interactions"], json!([]));
    let stranger = web.api(Method::POST, &path, Some(json!({"only": [999]}))).await;
    assert_eq!(stranger.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stranger.json()["error"]["field"], "only");
    assert_eq!(
        web.api(Method::POST, "/api/v1/campaigns/999/send", Some(json!({}))).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_campaign_send_without_a_mail_server_says_what_to_configure() {
    let web = Web::new().await;
    web.api(Method::POST, "/api/v1/contacts", Some(json!({"name": "Ada Lovelace", "emails": ["ada@example.org"]})))
        .await;
    let c = web
        .api(Method::POST, "/api/v1/campaigns", Some(json!({"name": "Spring", "subject": "Hi", "body": "Lunch?"})))
        .await
        .json();
    let answer = web.api(Method::POST, &format!("/api/v1/campaigns/{}/send", c["id"]), Some(json!({}))).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.json()["error"]["field"], "smtp.host");
    assert!(answer.json()["error"]["message"].as_str().unwrap().contains("[smtp]"), "{}", answer.body);
}

#[tokio::test]
async fn the_digest_is_served_as_the_cli_prints_it() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    web.lunch(&[ada], days(-1)).await;
    let digest = web.get("/api/v1/digest").await;
    assert_eq!(digest.status, StatusCode::OK);
    let d = digest.json();
    assert_eq!(d["week"], "2026-W47");
    assert_eq!((d["week_of"].as_str(), d["week_end"].as_str()), (Some("2026-11-16"), Some("2026-11-22")));
    let lunch = d["goals"].as_array().unwrap().iter().find(|g| g["measure"] == "lunch+coffee");
    assert_eq!(lunch.map(|g| &g["done"]), Some(&serde_json::json!(1)), "{d}");
    for key in ["reach_out", "reconnect", "nudges"] {
        assert!(d["plan"][key].is_array(), "{key}");
    }
    for key in ["overdue", "due_today", "this_week"] {
        assert!(d["followups"][key].is_array(), "{key}");
    }
}

#[tokio::test]
async fn a_contact_is_deleted_from_its_page_or_the_api_and_is_gone() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    let bob = web.person("Bob Byte").await;
    web.lunch(&[ada, bob], days(-2)).await;
    let page = web.get(&format!("/contacts/{ada}")).await;
    assert!(page.body.contains(&format!("href=\"/contacts/{ada}/delete\"")), "a Delete button on the page");
    let confirm = web.get(&format!("/contacts/{ada}/delete")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("cannot be undone") && confirm.body.contains("Archive instead"));
    let deleted = web.post_form(&format!("/contacts/{ada}/delete"), &[]).await;
    assert_eq!((deleted.status, deleted.location()), (StatusCode::SEE_OTHER, "/contacts"));
    assert_eq!(web.get(&format!("/contacts/{ada}")).await.status, StatusCode::NOT_FOUND);

    let gone = web.api(Method::DELETE, &format!("/api/v1/contacts/{bob}"), None).await;
    assert_eq!(gone.status, StatusCode::OK);
    assert_eq!(gone.json()["touches_deleted"], 1, "the lunch had nobody else left");
    assert_eq!(web.api(Method::DELETE, &format!("/api/v1/contacts/{bob}"), None).await.status, StatusCode::NOT_FOUND);
}
