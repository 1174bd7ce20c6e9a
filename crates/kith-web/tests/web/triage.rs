//! The triage: imported contacts waiting for a circle, on the dashboard, the page and the API.

use axum::http::{Method, StatusCode};
use kith_core::{Circle, NewContact};
use kith_store::{ImportBatch, ImportContact, ImportOptions};
use serde_json::json;

use crate::support::{Web, days, today};

async fn import(web: &Web, names: &[&str]) -> Vec<i64> {
    let contacts = names
        .iter()
        .enumerate()
        .map(|(i, n)| ImportContact {
            line: i + 2,
            contact: NewContact { name: (*n).into(), ..Default::default() },
            extra: Vec::new(),
            connected_on: None,
        })
        .collect();
    let batch = ImportBatch { contacts, ..Default::default() };
    let options = ImportOptions {
        today: today(),
        dry_run: false,
        circle: Circle::Dormant,
        me: Vec::new(),
        weights: Default::default(),
    };
    web.store.import(batch, &options).await.unwrap().created_ids
}

#[tokio::test]
async fn imported_contacts_are_sorted_from_the_triage_page() {
    let web = Web::new().await;
    let empty = web.get("/triage").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("Nobody waits to be sorted"));
    assert!(!web.get("/").await.body.contains("Imported contacts to sort"));

    let ids = import(&web, &["Ada <Lovelace>", "Grace Hopper", "Alan Turing"]).await;
    web.lunch(&[ids[1]], days(-3)).await;
    web.lunch(&[ids[1]], days(-10)).await;
    web.lunch(&[ids[1]], days(-20)).await;
    // Written beside the server (as the CLI would): the dashboard sees it within moments.
    let dashboard = web.get_once("/", |b| b.contains("Imported contacts to sort")).await;
    assert!(dashboard.body.contains(r#"href="/triage""#));

    let page = web.get("/triage").await;
    assert!(page.body.contains("3 waiting"), "{}", page.body);
    let grace = page.body.find("Grace Hopper").unwrap();
    assert!(grace < page.body.find("Alan Turing").unwrap(), "the warmest first");
    assert!(page.body.contains("Ada &#60;Lovelace&#62;") || page.body.contains("Ada &lt;Lovelace&gt;"));
    assert!(!page.body.contains("Ada <Lovelace>"), "escaped");
    assert!(
        page.body.contains(&format!(r#"<span class="sr" id="triage-for-{}">Circle for Grace Hopper</span>"#, ids[1]))
    );
    assert!(
        page.body.contains(
            r#"<button class="small primary" type="submit" name="circle" value="close">close (suggested)</button>"#
        ),
        "one click per person, the suggestion first in weight: three lunches this month"
    );

    let sorted = web.post_form("/triage", &[("id", &ids[1].to_string()), ("circle", "inner")]).await;
    assert_eq!((sorted.status, sorted.location()), (StatusCode::SEE_OTHER, "/triage"));
    assert_eq!(web.store.contact(ids[1]).await.unwrap().circle, Circle::Inner);
    assert!(web.get("/triage").await.body.contains("2 waiting"));

    // Refused: Grace no longer waits; the page says so and nothing changes.
    let bad = web.post_form("/triage", &[("id", &ids[1].to_string()), ("circle", "wide")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("is not waiting in the triage"), "{}", bad.body);
    assert_eq!(web.store.contact(ids[1]).await.unwrap().circle, Circle::Inner);
    let bad = web.post_form("/triage", &[("id", &ids[0].to_string()), ("circle", "nearby")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("nearby"));

    let all = format!("{},{}", ids[0], ids[2]);
    let accepted = web.post_form("/triage/accept", &[("ids", &all)]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    assert_eq!(web.store.count_unsorted().await.unwrap(), 0);
    assert_eq!(web.store.contact(ids[0]).await.unwrap().circle, Circle::Dormant, "no history: kept dormant");
    assert!(!web.get("/").await.body.contains("Imported contacts to sort"));
}

#[tokio::test]
async fn the_triage_api_lists_and_sorts_all_or_nothing() {
    let web = Web::new().await;
    let ids = import(&web, &["Ada Lovelace", "Grace Hopper"]).await;
    let list = web.api(Method::GET, "/api/v1/triage?limit=1", None).await;
    assert_eq!(list.status, StatusCode::OK);
    let body = list.json();
    assert_eq!(body["total"], 2);
    assert_eq!(body["contacts"].as_array().unwrap().len(), 1);
    assert_eq!(body["contacts"][0]["suggested"], "dormant");

    let bad = web
        .api(
            Method::POST,
            "/api/v1/triage",
            Some(json!({"contacts": [{"id": ids[0], "circle": "close"}, {"id": 999, "circle": "wide"}]})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(web.store.count_unsorted().await.unwrap(), 2, "all or nothing");

    let done =
        web.api(Method::POST, "/api/v1/triage", Some(json!({"contacts": [{"id": ids[0], "circle": "close"}]}))).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.json(), json!({"sorted": [{"id": ids[0], "name": "Ada Lovelace", "circle": "close"}], "left": 1}));
}
