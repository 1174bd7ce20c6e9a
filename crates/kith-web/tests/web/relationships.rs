//! Relationships on the contact page and through the API.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::Web;

#[tokio::test]
async fn the_contact_page_relates_lists_and_removes() {
    let web = Web::new().await;
    let grace = web.person("Grace Hopper").await;
    let alan = web.person("Alan Turing").await;
    let page = web.get(&format!("/contacts/{grace}")).await;
    assert!(page.body.contains("No relationships yet"), "an empty card says what goes there");

    let done = web
        .post_form(
            &format!("/contacts/{grace}/relationships"),
            &[("kind", "manager of"), ("with", "Alan"), ("note", "since the reorg")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = web.get(&format!("/contacts/{alan}")).await;
    assert!(
        page.body.contains(&format!(r#"reports to <a href="/contacts/{grace}">Grace Hopper</a>"#)),
        "{}",
        page.body
    );
    assert_eq!(done.location(), format!("/contacts/{grace}#relationships"));
    assert!(
        done.header("set-cookie").contains("Grace%20Hopper%20is%20manager%20of%20Alan%20Turing"),
        "the message says what was recorded"
    );

    // A type of one's own needs its inverse: the page says so, nothing is written.
    let refused = web
        .post_form(
            &format!("/contacts/{grace}/relationships"),
            &[("kind", "other"), ("custom", "godparent of"), ("with", "Alan")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("has no inverse: give it one"), "{}", refused.body);

    let id = web.store.relations(alan).await.unwrap()[0].id;
    let removed =
        web.post_form(&format!("/relationships/{id}/remove"), &[("back", &format!("/contacts/{alan}"))]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(web.store.relations(alan).await.unwrap().is_empty());
    let again = web.post_form(&format!("/relationships/{id}/remove"), &[]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_api_relates_and_the_profile_lists_them() {
    let web = Web::new().await;
    let grace = web.person("Grace Hopper").await;
    let alan = web.person("Alan Turing").await;
    let made = web
        .api(Method::POST, "/api/v1/relationships", Some(json!({"from": alan, "type": "reports-to", "to": grace})))
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let again = web
        .api(
            Method::POST,
            "/api/v1/relationships",
            Some(json!({"from": grace, "type": "manager", "to": alan, "note": "n"})),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["created"], false);
    let profile = web.api(Method::GET, &format!("/api/v1/contacts/{grace}"), None).await.json();
    assert_eq!(profile["relationships"][0]["word"], "manager of");
    assert_eq!(profile["relationships"][0]["note"], "n");
    let bad = web
        .api(Method::POST, "/api/v1/relationships", Some(json!({"from": grace, "type": "friend", "to": grace})))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = web
        .api(Method::POST, "/api/v1/relationships", Some(json!({"from": grace, "type": "friend", "to": 99999})))
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let id = made.json()["id"].as_i64().unwrap();
    assert_eq!(
        web.api(Method::DELETE, &format!("/api/v1/relationships/{id}"), None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        web.api(Method::DELETE, &format!("/api/v1/relationships/{id}"), None).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_related_name_added_on_the_phone_becomes_a_relationship_shown_once() {
    let web = Web::new().await;
    let grace = web.person("Grace Hopper").await;
    let phone = crate::dav::Client::signed_in(&web).await;
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:alan-1\r\nFN:Alan Turing\r\nN:Turing;Alan;;;\r\n\
                item1.X-ABRELATEDNAMES:Grace Hopper\r\nitem1.X-ABLabel:_$!<Manager>!$_\r\n\
                item2.X-ABRELATEDNAMES:Nobody Here\r\nitem2.X-ABLabel:_$!<Friend>!$_\r\nEND:VCARD\r\n";
    let book = "/dav/addressbooks/kith/contacts/";
    let put = phone.send("PUT", &format!("{book}alan-1.vcf"), &[("content-type", "text/vcard")], card).await;
    assert_eq!(put.status, StatusCode::CREATED, "{}", put.body);
    let words: Vec<String> = web.store.relations(grace).await.unwrap().into_iter().map(|r| r.word).collect();
    assert_eq!(words, ["manager of"]);

    let got = phone.send("GET", &format!("{book}alan-1.vcf"), &[], "").await;
    let etag = got.header("etag").to_string();
    assert_eq!(got.body.matches("X-ABRELATEDNAMES").count(), 2, "{}", got.body);
    assert!(got.body.contains("kithrel1.X-ABRELATEDNAMES;X-KITH-RELATION=\"manager of\""), "{}", got.body);
    assert!(got.body.contains("item2.X-ABRELATEDNAMES:Nobody Here"), "not a contact: kept as it came");

    // The phone sends its card back as it got it: still one relationship, one line for it.
    let back = phone
        .send("PUT", &format!("{book}alan-1.vcf"), &[("content-type", "text/vcard"), ("if-match", &etag)], &got.body)
        .await;
    assert_eq!(back.status, StatusCode::NO_CONTENT, "{}", back.body);
    let again = phone.send("GET", &format!("{book}alan-1.vcf"), &[], "").await;
    assert_eq!(again.body.matches("X-ABRELATEDNAMES").count(), 2, "{}", again.body);
    assert_eq!(web.store.relations(grace).await.unwrap().len(), 1);
}
