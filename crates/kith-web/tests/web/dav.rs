//! The address book as a CardDAV client meets it: discovery from the server's address, the cards
//! listed with their ETags, fetched in 3.0 or 4.0, by multiget and by query, a sync token that
//! reports edits and archived cards, and refusals that say why.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use base64::Engine;
use kith_core::{ContactPatch, NewContact};
use kith_store::Store;

use crate::support::{Answer, Web, today};

/// A client signed in with an app password.
struct Client<'a> {
    web: &'a Web,
    authorization: String,
}

impl Client<'_> {
    async fn signed_in(web: &Web) -> Client<'_> {
        let made = kith_app::app_passwords::add(web.store.as_ref(), "phone", chrono::Utc::now()).await.unwrap();
        Client { web, authorization: basic(&made.user, &made.password) }
    }

    async fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
        let mut request = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(path)
            .header("host", "127.0.0.1:7878")
            .header("authorization", &self.authorization);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        self.web.send(request.body(Body::from(body.to_string())).unwrap()).await
    }

    async fn propfind(&self, path: &str, depth: &str, props: &str) -> Answer {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav" xmlns:cs="http://calendarserver.org/ns/"><d:prop>{props}</d:prop></d:propfind>"#
        );
        self.send("PROPFIND", path, &[("depth", depth), ("content-type", "application/xml")], &body).await
    }
}

fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}")))
}

const BOOK: &str = "/dav/addressbooks/kith/contacts/";

async fn add(store: &dyn Store, name: &str, email: &str) -> i64 {
    let contact = NewContact { name: name.into(), emails: vec![email.into()], ..NewContact::default() };
    store.add_contact(contact, today()).await.unwrap()
}

async fn uid_of(store: &dyn Store, id: i64) -> String {
    store.contact(id).await.unwrap().uid
}

#[tokio::test]
async fn without_an_app_password_the_address_book_is_closed() {
    let web = Web::new().await;
    let anonymous = web
        .send(
            Request::builder().method("PROPFIND").uri("/dav/").header("host", "127.0.0.1").body(Body::empty()).unwrap(),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert!(anonymous.header("www-authenticate").starts_with("Basic realm=\"kith\""));
    assert!(anonymous.body.contains("kith dav password add"), "{}", anonymous.body);

    let wrong = Client { web: &web, authorization: basic("kith", "not-it") };
    assert_eq!(wrong.propfind("/dav/", "0", "<d:current-user-principal/>").await.status, StatusCode::UNAUTHORIZED);

    let phone = Client::signed_in(&web).await;
    assert_eq!(phone.propfind("/dav/", "0", "<d:current-user-principal/>").await.status, StatusCode::MULTI_STATUS);
    let other_user = Client { web: &web, authorization: phone.authorization.replace("a2l0aD", "bWFsbG9yeT") };
    assert_eq!(other_user.propfind("/dav/", "0", "<d:resourcetype/>").await.status, StatusCode::UNAUTHORIZED);

    // Revoked: refused from the next request.
    kith_app::app_passwords::revoke(web.store.as_ref(), "phone").await.unwrap();
    assert_eq!(phone.propfind("/dav/", "0", "<d:resourcetype/>").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_client_finds_the_address_book_from_the_server_address() {
    let web = Web::new().await;
    let phone = Client::signed_in(&web).await;
    let well_known = phone.send("PROPFIND", "/.well-known/carddav", &[], "").await;
    assert_eq!(well_known.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(well_known.location(), "/dav/");

    let root = phone.propfind("/dav/", "0", "<d:current-user-principal/>").await;
    assert!(root.body.contains("<d:current-user-principal><d:href>/dav/principals/kith/</d:href>"), "{}", root.body);
    let principal = phone.propfind("/dav/principals/kith/", "0", "<card:addressbook-home-set/><d:displayname/>").await;
    assert!(
        principal.body.contains("<card:addressbook-home-set><d:href>/dav/addressbooks/kith/</d:href>"),
        "{}",
        principal.body
    );
    let home = phone.propfind("/dav/addressbooks/kith/", "1", "<d:resourcetype/><d:displayname/>").await;
    assert!(home.body.contains(&format!("<d:href>{BOOK}</d:href>")), "{}", home.body);
    assert!(home.body.contains("<d:resourcetype><d:collection/><card:addressbook/></d:resourcetype>"), "{}", home.body);

    let options = phone.send("OPTIONS", BOOK, &[], "").await;
    assert_eq!(options.status, StatusCode::OK);
    assert!(options.header("dav").contains("addressbook"));
}

#[tokio::test]
async fn cards_are_listed_fetched_and_followed_by_sync_token() {
    let web = Web::new().await;
    let store = web.store.as_ref();
    let ada = add(store, "Ada Lovelace", "ada@example.org").await;
    let grace = add(store, "Grace Hopper", "grace@example.org").await;
    let gone = add(store, "Archived Person", "old@example.org").await;
    store.edit_contact(gone, ContactPatch { archived: Some(true), ..ContactPatch::default() }).await.unwrap();
    let (ada_uid, grace_uid) = (uid_of(store, ada).await, uid_of(store, grace).await);
    let phone = Client::signed_in(&web).await;

    let listing = phone.propfind(BOOK, "1", "<d:getetag/><cs:getctag/><d:sync-token/>").await;
    assert_eq!(listing.status, StatusCode::MULTI_STATUS);
    assert_eq!(listing.body.matches("<d:getetag>").count(), 2, "archived cards are not in the book: {}", listing.body);
    assert!(listing.body.contains(&format!("<d:href>{BOOK}{ada_uid}.vcf</d:href>")));
    assert!(listing.body.contains("<cs:getctag>"), "{}", listing.body);

    let card = phone.send("GET", &format!("{BOOK}{ada_uid}.vcf"), &[], "").await;
    assert_eq!(card.status, StatusCode::OK);
    assert!(card.body.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"), "{}", card.body);
    assert!(card.body.contains("FN:Ada Lovelace\r\n") && card.body.contains("EMAIL:ada@example.org\r\n"));
    let etag = card.header("etag").to_string();
    assert!(etag.starts_with('"'), "a strong ETag: {etag}");
    let v4 = phone.send("GET", &format!("{BOOK}{ada_uid}.vcf"), &[("accept", "text/vcard; version=4.0")], "").await;
    assert!(v4.body.contains("VERSION:4.0\r\n"));
    let unchanged = phone.send("GET", &format!("{BOOK}{ada_uid}.vcf"), &[("if-none-match", &etag)], "").await;
    assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);
    let archived = phone.send("GET", &format!("{BOOK}{}.vcf", uid_of(store, gone).await), &[], "").await;
    assert_eq!(archived.status, StatusCode::NOT_FOUND);

    // A first sync gets everything and a token; the next gets only what changed since.
    let sync = |token: String| {
        format!(
            r#"<d:sync-collection xmlns:d="DAV:"><d:sync-token>{token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"#
        )
    };
    let first = phone.send("REPORT", BOOK, &[], &sync(String::new())).await;
    assert_eq!(first.status, StatusCode::MULTI_STATUS, "{}", first.body);
    assert_eq!(first.body.matches("<d:getetag>").count(), 2);
    let token = between(&first.body, "<d:sync-token>", "</d:sync-token>");
    let nothing = phone.send("REPORT", BOOK, &[], &sync(token.clone())).await;
    assert_eq!(nothing.body.matches("<d:response>").count(), 0, "{}", nothing.body);

    store.edit_contact(ada, ContactPatch { title: Some("Analyst".into()), ..ContactPatch::default() }).await.unwrap();
    store.edit_contact(grace, ContactPatch { archived: Some(true), ..ContactPatch::default() }).await.unwrap();
    let changes = phone.send("REPORT", BOOK, &[], &sync(token.clone())).await;
    assert!(changes.body.contains(&format!("<d:href>{BOOK}{ada_uid}.vcf</d:href><d:propstat>")), "{}", changes.body);
    assert!(
        changes.body.contains(&format!("<d:href>{BOOK}{grace_uid}.vcf</d:href><d:status>HTTP/1.1 404 Not Found")),
        "an archived card is gone from the phone: {}",
        changes.body
    );
    let bad = phone.send("REPORT", BOOK, &[], &sync("urn:kith:sync:999999".into())).await;
    assert_eq!(bad.status, StatusCode::FORBIDDEN);
    assert!(bad.body.contains("valid-sync-token"));
}

#[tokio::test]
async fn multiget_and_query_return_the_cards_asked_for() {
    let web = Web::new().await;
    let store = web.store.as_ref();
    let ada = add(store, "Ada Lovelace", "ada@example.org").await;
    add(store, "Grace Hopper", "grace@navy.example").await;
    let ada_uid = uid_of(store, ada).await;
    let phone = Client::signed_in(&web).await;

    let multiget = format!(
        r#"<card:addressbook-multiget xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><card:address-data version="4.0"/></d:prop><d:href>{BOOK}{ada_uid}.vcf</d:href><d:href>{BOOK}nobody.vcf</d:href></card:addressbook-multiget>"#
    );
    let got = phone.send("REPORT", BOOK, &[("depth", "1")], &multiget).await;
    assert_eq!(got.status, StatusCode::MULTI_STATUS, "{}", got.body);
    // CR kept as &#13; so the card comes out of the XML with its CRLF line ends.
    assert!(got.body.contains("<card:address-data>BEGIN:VCARD&#13;\nVERSION:4.0"), "{}", got.body);
    assert!(got.body.contains(&format!("<d:href>{BOOK}nobody.vcf</d:href><d:status>HTTP/1.1 404 Not Found")));

    let query = r#"<card:addressbook-query xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/></d:prop><card:filter><card:prop-filter name="EMAIL"><card:text-match match-type="ends-with">navy.example</card:text-match></card:prop-filter></card:filter></card:addressbook-query>"#;
    let found = phone.send("REPORT", BOOK, &[], query).await;
    assert_eq!(found.body.matches("<d:response>").count(), 1, "{}", found.body);
    assert!(!found.body.contains(&ada_uid));
}

#[tokio::test]
async fn bad_requests_are_refused_with_a_reason_and_nothing_changes() {
    let web = Web::new().await;
    let store = web.store.as_ref();
    let ada = add(store, "Ada Lovelace", "ada@example.org").await;
    let ada_uid = uid_of(store, ada).await;
    let phone = Client::signed_in(&web).await;

    let bomb = r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><d:propfind xmlns:d="DAV:"><d:prop>&b;</d:prop></d:propfind>"#;
    let refused = phone.send("PROPFIND", BOOK, &[("depth", "1")], bomb).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("document type"), "{}", refused.body);
    let broken = phone.send("PROPFIND", BOOK, &[("depth", "1")], "<d:propfind xmlns:d=\"DAV:\"><d:prop>").await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    let infinite = phone.propfind(BOOK, "infinity", "<d:getetag/>").await;
    assert_eq!(infinite.status, StatusCode::FORBIDDEN);
    assert!(infinite.body.contains("propfind-finite-depth"));
    let outside = phone.send("GET", "/dav/addressbooks/kith/contacts/../../../etc/passwd", &[], "").await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND);
    let huge = "x".repeat(2 * 1024 * 1024);
    assert_eq!(phone.send("REPORT", BOOK, &[], &huge).await.status, StatusCode::PAYLOAD_TOO_LARGE);

    // Read-only for now: a write is refused whole, the contact unchanged.
    let before = store.contact(ada).await.unwrap();
    let put = phone
        .send(
            "PUT",
            &format!("{BOOK}{ada_uid}.vcf"),
            &[],
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nFN:Eve\r\nEND:VCARD\r\n",
        )
        .await;
    assert_eq!(put.status, StatusCode::FORBIDDEN);
    assert!(put.body.contains("read-only"), "{}", put.body);
    assert_eq!(phone.send("DELETE", &format!("{BOOK}{ada_uid}.vcf"), &[], "").await.status, StatusCode::FORBIDDEN);
    assert_eq!(store.contact(ada).await.unwrap(), before);
    // And the server keeps serving.
    assert_eq!(phone.propfind(BOOK, "0", "<d:getetag/>").await.status, StatusCode::MULTI_STATUS);
}

fn between(text: &str, start: &str, end: &str) -> String {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start} in {text}")) + start.len();
    text[from..from + text[from..].find(end).unwrap()].to_string()
}

#[tokio::test]
async fn the_address_book_page_makes_a_password_shown_once_that_a_phone_signs_in_with() {
    let web = Web::new().await;
    let empty = web.get("/address-book").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("http://127.0.0.1:7878/dav/"), "the server's address as reached");
    assert!(empty.body.contains("None yet"));
    assert!(empty.body.contains("DAVx⁵") && empty.body.contains("Thunderbird") && empty.body.contains("iPhone"));

    let made = web.post_form("/address-book/passwords", &[("name", "iPhone")]).await;
    assert_eq!(made.status, StatusCode::OK);
    assert_eq!(made.header("cache-control"), "no-store");
    let password = between(&made.body, "<dt>Password</dt><dd><code>", "</code>");
    assert_eq!(password.len(), 29, "{password}");
    let phone = Client { web: &web, authorization: basic("kith", &password) };
    assert_eq!(phone.propfind("/dav/", "0", "<d:resourcetype/>").await.status, StatusCode::MULTI_STATUS);

    let listed = web.get("/address-book").await;
    assert!(listed.body.contains("<strong>iPhone</strong>"), "{}", listed.body);
    assert!(!listed.body.contains(&password), "shown once, never again");
    let again = web.post_form("/address-book/passwords", &[("name", "iPhone")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("exists"), "{}", again.body);

    let revoked = web.post_form("/address-book/passwords/revoke", &[("name", "iPhone")]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(phone.propfind("/dav/", "0", "<d:resourcetype/>").await.status, StatusCode::UNAUTHORIZED);
}
