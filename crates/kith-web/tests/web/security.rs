//! What keeps a local server safe: host checks, cross-site posts refused, the access token, escaping
//! and the headers every answer carries.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use kith_core::NewContact;
use kith_web::Guard;

use crate::support::{HOST, Web};

const EVIL: &str = "<script>alert(1)</script>\"'";

#[tokio::test]
async fn another_host_name_is_refused_dns_rebinding() {
    let web = Web::new().await;
    for path in ["/", "/api/v1/contacts", "/feed/x.ics"] {
        let r = web
            .send(Request::get(path).header(header::HOST, "attacker.example:7878").body(Body::empty()).unwrap())
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(r.body.contains("refuses requests for the host 'attacker.example:7878'"));
    }
    let local = web.send(Request::get("/").header(header::HOST, "localhost:7878").body(Body::empty()).unwrap()).await;
    assert_eq!(local.status, StatusCode::OK);
}

#[tokio::test]
async fn a_cross_site_form_post_is_refused_and_writes_nothing() {
    let web = Web::new().await;
    let forged = |fetch_site: &'static str, origin: &'static str| {
        Request::post("/contacts")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", fetch_site)
            .header(header::ORIGIN, origin)
            .body(Body::from("name=Mallory"))
            .unwrap()
    };
    assert_eq!(web.send(forged("cross-site", "https://evil.example")).await.status, StatusCode::FORBIDDEN);
    // An older browser without Fetch Metadata: the Origin decides.
    let old = Request::post("/contacts")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from("name=Mallory"))
        .unwrap();
    assert_eq!(web.send(old).await.status, StatusCode::FORBIDDEN);
    assert_eq!(web.store.count_contacts().await.unwrap(), 0);
    assert_eq!(web.send(forged("same-origin", "http://127.0.0.1:7878")).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn every_page_carries_a_strict_policy() {
    let web = Web::new().await;
    for path in ["/", "/contacts", "/contacts/new", "/nope"] {
        let r = web.get(path).await;
        let csp = r.header("content-security-policy");
        assert!(
            csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe"),
            "{path}: {csp}"
        );
        assert_eq!(r.header("x-content-type-options"), "nosniff");
        assert_eq!(r.header("x-frame-options"), "DENY");
    }
    let page = web.get("/").await;
    assert!(!page.body.contains("<script>") && !page.body.contains(" style="), "no inline script or style");
}

#[tokio::test]
async fn a_hostile_name_shows_as_text_everywhere() {
    let web = Web::new().await;
    let id = web
        .add(NewContact {
            name: EVIL.into(),
            notes: Some(EVIL.into()),
            tags: vec!["x\"><b>".into()],
            phones: vec!["+1 555 010 0199".into()],
            ..Default::default()
        })
        .await;
    // Entered twice: the duplicates and merge pages show both.
    let twin = web
        .add(NewContact {
            name: EVIL.into(),
            notes: Some(format!("{EVIL} x\"><b>")),
            phones: vec!["555 010 0199".into()],
            ..Default::default()
        })
        .await;
    web.store.add_followup(id, crate::support::days(1), Some(EVIL.into()), crate::support::today()).await.unwrap();
    for path in [
        "/".to_string(),
        "/contacts".into(),
        "/contacts?q=alert".into(),
        format!("/contacts/{id}"),
        format!("/contacts/{id}/edit"),
        "/followups".into(),
        "/due".into(),
        "/duplicates".into(),
        format!("/contacts/{id}/merge?with={twin}"),
    ] {
        let r = web.get(&path).await;
        assert!(!r.body.contains("<script>alert"), "{path} lets a script through");
        assert!(r.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "{path} shows the name as text");
        assert!(!r.body.contains("\"><b>"), "{path} lets an attribute break out");
    }
    let feed_token = web.store.feed_token().await.unwrap();
    let feed = web.get(&format!("/feed/{feed_token}.ics")).await;
    assert!(feed.body.contains("<script>alert(1)</script>"), "a calendar shows text as text");
    assert!(feed.body.starts_with("BEGIN:VCALENDAR"));
}

#[tokio::test]
async fn with_a_token_nothing_answers_without_it() {
    let token = "correct-horse-battery-staple";
    let web = Web::with_guard(Guard::new(None, Some(token.into()))).await;
    let page = web.get("/contacts").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/login?next=%2Fcontacts");
    let api = web.get("/api/v1/contacts").await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert!(api.json()["error"]["message"].as_str().unwrap().contains("sign in"));
    assert_eq!(web.get("/login").await.status, StatusCode::OK);
    assert_eq!(web.get("/healthz").await.status, StatusCode::OK);
    let ready = web.get("/readyz").await;
    assert_eq!((ready.status, ready.body.as_str()), (StatusCode::OK, "ready\n"), "a probe needs no token");

    let bearer = Request::get("/api/v1/contacts")
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(web.send(bearer).await.status, StatusCode::OK);

    let wrong = web.post_form("/login", &[("token", "guess"), ("next", "/contacts")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("not the access token"));
    let signed = web.post_form("/login", &[("token", token), ("next", "/contacts")]).await;
    assert_eq!((signed.status, signed.location()), (StatusCode::SEE_OTHER, "/contacts"));
    let cookie = signed.header("set-cookie").split(';').next().unwrap().to_string();
    assert!(cookie.starts_with("kith_session=") && !cookie.contains(token), "the cookie never holds the token");
    assert!(
        signed.header("set-cookie").contains("HttpOnly") && signed.header("set-cookie").contains("SameSite=Strict")
    );
    let with_cookie = Request::get("/contacts")
        .header(header::HOST, HOST)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    assert_eq!(web.send(with_cookie).await.status, StatusCode::OK);
}

/// `next=/%09/evil.example` passed the check (browsers drop the tab and follow `//evil.example`), and
/// `next=/%0d%0a…` answered 500: both now land on the dashboard.
#[tokio::test]
async fn signing_in_never_sends_the_browser_elsewhere() {
    let token = "correct-horse-battery-staple";
    let web = Web::with_guard(Guard::new(None, Some(token.into()))).await;
    for next in
        ["/\t/evil.example", "/\r\nSet-Cookie: x=1", "//evil.example", "/\\evil.example", "https://evil.example"]
    {
        let signed = web.post_form("/login", &[("token", token), ("next", next)]).await;
        assert_eq!((signed.status, signed.location()), (StatusCode::SEE_OTHER, "/"), "{next:?}");
        let page = web.get(&format!("/login?next={}", urlencoding(next))).await;
        assert_eq!(page.status, StatusCode::OK, "{next:?}");
        assert!(!page.body.contains("evil.example"), "{next:?}");
    }
}

fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[tokio::test]
async fn assets_are_embedded_and_cached_for_good() {
    let web = Web::new().await;
    let page = web.get("/").await;
    let css = page.body.split("href=\"").find_map(|s| s.split('"').next().filter(|u| u.ends_with("kith.css"))).unwrap();
    let r = web.get(css).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), "text/css; charset=utf-8");
    assert!(r.header("cache-control").contains("immutable"));
    let htmx = web.get(&css.replace("kith.css", "htmx.min.js")).await;
    assert!(
        htmx.body.contains("htmx") && !htmx.header("cache-control").contains("immutable"),
        "a stale hash is not cached for long"
    );
    assert!(!page.body.contains("http://") && !page.body.contains("https://"), "no asset from elsewhere");
}

#[tokio::test]
async fn readyz_answers_503_and_says_why_while_the_database_is_behind_this_kith() {
    use sqlx::{Connection, Executor};
    let web = Web::new().await;
    assert_eq!(web.get("/readyz").await.status, StatusCode::OK);
    // Another server, still on an older kith, is the one that migrated last.
    let file = web._dir.path().join("kith.db");
    let mut c = sqlx::SqliteConnection::connect(&format!("sqlite:{}", file.display())).await.unwrap();
    c.execute("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)")
        .await
        .unwrap();
    c.close().await.unwrap();
    let ready = web.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(ready.body.starts_with("not ready: the database is not migrated to this kith's schema"), "{}", ready.body);
    assert!(ready.body.contains("restart one server"), "{}", ready.body);
    assert!(!ready.body.chars().any(|c| c.is_ascii_digit()), "no migration numbers: {}", ready.body);
    assert_eq!(web.get("/healthz").await.status, StatusCode::OK, "alive, only not ready");
}
