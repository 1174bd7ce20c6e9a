//! Signing in with the access token: random sessions that expire, rotate and end, `Secure` behind
//! TLS, and a limit on wrong tokens per address.

use std::net::SocketAddr;

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode, header},
};
use kith_web::{Guard, html::forms::encode};

use crate::support::{Answer, HOST, Web};

const TOKEN: &str = "correct-horse-battery-staple";

fn guarded() -> Guard {
    Guard::new(None, Some(TOKEN.into()))
}

/// A sign-in form post from `from`, with extra headers.
fn sign_in_request(token: &str, from: &str, extra: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::post("/login")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header(header::ORIGIN, format!("http://{HOST}"));
    for (k, v) in extra {
        request = request.header(*k, *v);
    }
    let mut request = request.body(Body::from(format!("token={}&next=%2Fcontacts", encode(token)))).unwrap();
    request.extensions_mut().insert(ConnectInfo(from.parse::<SocketAddr>().unwrap()));
    request
}

/// The `name=value` part of the session cookie a sign-in set.
fn session_of(answer: &Answer) -> String {
    let set = answer.header("set-cookie");
    assert!(set.starts_with("kith_session="), "no session cookie: {set:?}");
    set.split(';').next().unwrap().to_string()
}

async fn page_with(web: &Web, cookie: &str) -> StatusCode {
    let request = Request::get("/contacts").header(header::HOST, HOST).header(header::COOKIE, cookie);
    web.send(request.body(Body::empty()).unwrap()).await.status
}

#[tokio::test]
async fn every_sign_in_is_a_new_random_session_that_lasts_thirty_days() {
    let web = Web::with_guard(guarded()).await;
    let first = web.send(sign_in_request(TOKEN, "192.0.2.1:5000", &[])).await;
    let second = web.send(sign_in_request(TOKEN, "192.0.2.2:5000", &[])).await;
    assert_eq!((first.status, first.location()), (StatusCode::SEE_OTHER, "/contacts"));
    let (a, b) = (session_of(&first), session_of(&second));
    assert_ne!(a, b, "two browsers never share a session");
    assert!(!a.contains(TOKEN));
    let set = first.header("set-cookie");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=2592000"] {
        assert!(set.contains(part), "{part} missing from {set}");
    }
    assert!(!set.contains("Secure"), "plain HTTP cannot keep a Secure cookie");
    assert_eq!(page_with(&web, &a).await, StatusCode::OK);
    assert_eq!(page_with(&web, &b).await, StatusCode::OK);
    assert_eq!(
        page_with(&web, "kith_session=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef").await,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn behind_tls_the_cookie_is_secure() {
    let web = Web::with_guard(guarded()).await;
    let signed = web.send(sign_in_request(TOKEN, "127.0.0.1:5000", &[("x-forwarded-proto", "https")])).await;
    assert!(signed.header("set-cookie").contains("; Secure"), "{}", signed.header("set-cookie"));
}

#[tokio::test]
async fn only_a_trusted_proxy_is_believed_about_tls_and_the_client() {
    let proxy = "10.0.0.5".parse().unwrap();
    let web = Web::with_guard(guarded().with_trusted_proxies(vec![proxy])).await;
    let https = [("x-forwarded-proto", "https")];
    // A client that claims https is not believed; the proxy named with --trusted-proxy is.
    let claimed = web.send(sign_in_request(TOKEN, "192.0.2.1:5000", &https)).await;
    assert!(!claimed.header("set-cookie").contains("Secure"), "{}", claimed.header("set-cookie"));
    let forwarded = web.send(sign_in_request(TOKEN, "10.0.0.5:5000", &https)).await;
    assert!(forwarded.header("set-cookie").contains("; Secure"), "{}", forwarded.header("set-cookie"));

    // Wrong tokens count for the address a trusted proxy names, and a client cannot escape the
    // count by naming another.
    for n in 0..5 {
        let spoofed = [("x-forwarded-for", &*format!("198.51.100.{n}"))];
        web.send(sign_in_request("wrong token", "192.0.2.2:5000", &spoofed)).await;
    }
    let paused = web.send(sign_in_request(TOKEN, "192.0.2.2:5000", &[("x-forwarded-for", "198.51.100.99")])).await;
    assert_eq!(paused.status, StatusCode::TOO_MANY_REQUESTS, "the peer's own address was counted");
    for _ in 0..5 {
        web.send(sign_in_request("wrong token", "10.0.0.5:5000", &[("x-forwarded-for", "203.0.113.7")])).await;
    }
    let other = web.send(sign_in_request(TOKEN, "10.0.0.5:5000", &[("x-forwarded-for", "203.0.113.8")])).await;
    assert_eq!(other.status, StatusCode::SEE_OTHER, "another client behind the same proxy is not paused");
}

#[tokio::test]
async fn signing_out_ends_the_session_even_for_a_copied_cookie() {
    let web = Web::with_guard(guarded()).await;
    let cookie = session_of(&web.send(sign_in_request(TOKEN, "192.0.2.1:5000", &[])).await);
    let page = web
        .send(Request::get("/").header(header::HOST, HOST).header(header::COOKIE, &cookie).body(Body::empty()).unwrap())
        .await;
    assert!(page.body.contains("action=\"/logout\""), "every page offers Sign out");
    let out = web.post_form_with("/logout", &[], &[("cookie", &cookie)]).await;
    assert_eq!((out.status, out.location()), (StatusCode::SEE_OTHER, "/login"));
    assert!(out.header("set-cookie").contains("Max-Age=0"), "the browser forgets the cookie");
    assert_eq!(page_with(&web, &cookie).await, StatusCode::SEE_OTHER, "a replayed cookie no longer signs in");
}

#[tokio::test]
async fn signing_in_again_replaces_the_old_session() {
    let web = Web::with_guard(guarded()).await;
    let planted = session_of(&web.send(sign_in_request(TOKEN, "192.0.2.1:5000", &[])).await);
    let fresh = session_of(&web.send(sign_in_request(TOKEN, "192.0.2.1:5000", &[("cookie", &planted)])).await);
    assert_ne!(planted, fresh);
    assert_eq!(page_with(&web, &planted).await, StatusCode::SEE_OTHER);
    assert_eq!(page_with(&web, &fresh).await, StatusCode::OK);
}

#[tokio::test]
async fn a_new_access_token_ends_every_session() {
    let web = Web::with_guard(guarded()).await;
    let cookie = session_of(&web.send(sign_in_request(TOKEN, "192.0.2.1:5000", &[])).await);
    let same = web.restarted(guarded());
    assert_eq!(page_with(&same, &cookie).await, StatusCode::OK, "a restart keeps sessions");
    let other = web.restarted(Guard::new(None, Some("another-token-of-sixteen".into())));
    assert_eq!(page_with(&other, &cookie).await, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn five_wrong_tokens_pause_sign_in_for_that_address_only() {
    let web = Web::with_guard(guarded()).await;
    for n in 1..=4 {
        let wrong = web.send(sign_in_request("guess", "192.0.2.66:5000", &[])).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "try {n}");
        assert!(wrong.body.contains("not the access token"));
    }
    let fifth = web.send(sign_in_request("guess", "192.0.2.66:5000", &[])).await;
    assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(fifth.body.contains("try again in 15 minutes"), "{}", fifth.body);
    let wait: i64 = fifth.header("retry-after").parse().unwrap();
    assert!((890..=900).contains(&wait), "Retry-After {wait}");
    let right = web.send(sign_in_request(TOKEN, "192.0.2.66:5001", &[])).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS, "while paused, even the right token learns nothing");
    assert!(right.header("set-cookie").is_empty());
    let elsewhere = web.send(sign_in_request(TOKEN, "198.51.100.1:5000", &[])).await;
    assert_eq!(elsewhere.status, StatusCode::SEE_OTHER, "another address signs in");
    let restarted = web.restarted(guarded());
    let after_restart = restarted.send(sign_in_request(TOKEN, "192.0.2.66:5000", &[])).await;
    assert_eq!(after_restart.status, StatusCode::TOO_MANY_REQUESTS, "the count is in the database");
}

#[tokio::test]
async fn a_proxy_on_this_machine_is_counted_per_forwarded_address() {
    let web = Web::with_guard(guarded()).await;
    for _ in 0..5 {
        web.send(sign_in_request("guess", "127.0.0.1:5000", &[("x-forwarded-for", "203.0.113.9")])).await;
    }
    let same = web.send(sign_in_request(TOKEN, "127.0.0.1:5001", &[("x-forwarded-for", "203.0.113.9")])).await;
    assert_eq!(same.status, StatusCode::TOO_MANY_REQUESTS);
    let other = web.send(sign_in_request(TOKEN, "127.0.0.1:5002", &[("x-forwarded-for", "203.0.113.10")])).await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn wrong_bearer_tokens_are_limited_too() {
    let web = Web::with_guard(guarded()).await;
    let api = |token: &str| {
        let mut request = Request::get("/api/v1/contacts")
            .header(header::HOST, HOST)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        request.extensions_mut().insert(ConnectInfo("192.0.2.77:4000".parse::<SocketAddr>().unwrap()));
        request
    };
    assert_eq!(web.send(api(TOKEN)).await.status, StatusCode::OK);
    for _ in 0..4 {
        assert_eq!(web.send(api("guess")).await.status, StatusCode::UNAUTHORIZED);
    }
    let locked = web.send(api("guess")).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.json()["error"]["message"].as_str().unwrap().contains("try again in 15 minutes"));
    assert!(!locked.header("retry-after").is_empty());
    assert_eq!(web.send(api(TOKEN)).await.status, StatusCode::TOO_MANY_REQUESTS);
}
