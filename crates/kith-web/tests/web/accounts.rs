//! A server with accounts: each person signs in with their address and password, sees only their
//! own network, and another person's record answers exactly as a missing one; wrong passwords get
//! one answer whether the address has an account or not, and pause sign-in for the account and
//! the address alike.

use std::net::SocketAddr;

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Method, Request, StatusCode, header},
};
use kith_core::{ContactId, NewContact};
use kith_store::TokenScope;

use crate::support::{Answer, HOST, Web, days, session_of};

const ADA: (&str, &str) = ("ada@example.org", "analytical engine notes");
const GRACE: (&str, &str) = ("grace@example.org", "a ship in harbor is safe");

async fn get_as(web: &Web, cookie: &str, path: &str) -> Answer {
    let request = Request::get(path).header(header::HOST, HOST).header(header::COOKIE, cookie);
    web.send(request.body(Body::empty()).unwrap()).await
}

async fn api_as(web: &Web, cookie: &str, method: Method, path: &str, json: serde_json::Value) -> Answer {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, HOST)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/json")
        .header("sec-fetch-site", "same-origin")
        .header(header::ORIGIN, format!("http://{HOST}"));
    web.send(request.body(Body::from(json.to_string())).unwrap()).await
}

#[tokio::test]
async fn each_account_sees_only_its_own_network_and_another_ones_record_is_missing() {
    let (web, accounts) = Web::with_accounts(&[ADA, GRACE]).await;
    // Signed out, everything but the sign-in page sends there; the page asks for address and password.
    let out = web.get("/contacts").await;
    assert_eq!((out.status, out.location()), (StatusCode::SEE_OTHER, "/login?next=%2Fcontacts"));
    let form = web.get("/login").await;
    assert!(form.body.contains(r#"name="email""#) && form.body.contains(r#"name="password""#), "{}", form.body);
    assert!(!form.body.contains(r#"name="token""#));

    let ada = session_of(&web.sign_in("Ada@Example.org ", ADA.1, "192.0.2.1:5000").await);
    let grace_in = web.sign_in(GRACE.0, GRACE.1, "192.0.2.2:5000").await;
    assert!(grace_in.header("set-cookie").contains("SameSite=Lax"), "{}", grace_in.header("set-cookie"));
    let grace = session_of(&grace_in);

    let list = get_as(&web, &ada, "/contacts").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Friend of ada@example.org"));
    assert!(!list.body.contains("Friend of grace@example.org"), "Grace's contact on Ada's list");

    // Grace's contact, by its id, from Ada's session: exactly as a contact that does not exist.
    let grace_store = web.store.as_owner(accounts[1].owner);
    let hers: ContactId = grace_store
        .add_contact(NewContact { name: "Alan Turing".into(), ..Default::default() }, days(-3))
        .await
        .unwrap();
    let missing = get_as(&web, &ada, "/contacts/999999").await;
    let other = get_as(&web, &ada, &format!("/contacts/{hers}")).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(other.body.replace(&hers.to_string(), "ID"), missing.body.replace("999999", "ID"));
    let api_other = get_as(&web, &ada, &format!("/api/v1/contacts/{hers}")).await;
    assert_eq!(api_other.status, StatusCode::NOT_FOUND);
    assert!(!api_other.body.contains("Alan"), "{}", api_other.body);
    // Nor can Ada log a touch with Grace's contact, though the same request logs one with her own.
    let ada_store = web.store.as_owner(accounts[0].owner);
    let own: ContactId = ada_store
        .add_contact(NewContact { name: "Charles Babbage".into(), ..Default::default() }, days(-3))
        .await
        .unwrap();
    let touch = |id: ContactId| serde_json::json!({ "contacts": [id], "kind": "coffee", "on": "2026-11-20" });
    let logged = api_as(&web, &ada, Method::POST, "/api/v1/interactions", touch(own)).await;
    assert!(logged.status.is_success(), "{}: {}", logged.status, logged.body);
    let refused = api_as(&web, &ada, Method::POST, "/api/v1/interactions", touch(hers)).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);
    assert!(grace_store.timeline(hers, None).await.unwrap().is_empty(), "nothing written to Grace's contact");

    let mine = get_as(&web, &grace, "/contacts").await;
    assert!(mine.body.contains("Alan Turing") && mine.body.contains("Friend of grace@example.org"));
    assert!(!mine.body.contains("Friend of ada@example.org"));
    let api = get_as(&web, &grace, "/api/v1/contacts").await;
    assert!(api.body.contains("Alan Turing") && !api.body.contains("Friend of ada"), "{}", api.body);

    // Signing out ends that session only.
    let request = Request::post("/logout")
        .header(header::HOST, HOST)
        .header(header::COOKIE, &ada)
        .header("sec-fetch-site", "same-origin")
        .header(header::ORIGIN, format!("http://{HOST}"));
    web.send(request.body(Body::empty()).unwrap()).await;
    assert_eq!(get_as(&web, &ada, "/contacts").await.status, StatusCode::SEE_OTHER);
    assert_eq!(get_as(&web, &grace, "/contacts").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_password_reads_the_same_for_any_address_and_pauses_the_account() {
    let (web, _) = Web::with_accounts(&[ADA, GRACE]).await;
    let known = web.sign_in(ADA.0, "not the password at all", "192.0.2.1:5000").await;
    let unknown = web.sign_in("nobody@example.org", "not the password at all", "192.0.2.2:5000").await;
    assert_eq!(known.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, known.status);
    assert!(known.body.contains("Wrong e-mail address or password"), "{}", known.body);
    assert_eq!(known.body.replace(ADA.0, "X"), unknown.body.replace("nobody@example.org", "X"), "one answer for both");
    assert!(known.header("set-cookie").is_empty());

    // From many addresses, the account still pauses after five wrong passwords, and so does the
    // right one until the window passes; another account is not affected.
    for n in 3..=6 {
        web.sign_in(ADA.0, "still not the password", &format!("192.0.2.{n}:5000")).await;
    }
    let paused = web.sign_in(ADA.0, ADA.1, "192.0.2.9:5000").await;
    assert_eq!(paused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(paused.body.contains("try again in 15 minutes"), "{}", paused.body);
    assert!(paused.header("retry-after").parse::<i64>().unwrap() > 0);
    assert_eq!(web.sign_in(GRACE.0, GRACE.1, "192.0.2.10:5000").await.status, StatusCode::SEE_OTHER);

    // A disabled account is told so (its password was right) and gets no session.
    kith_app::accounts::set_disabled(web.store.as_ref(), GRACE.0, true, chrono::Utc::now()).await.unwrap();
    let disabled = web.sign_in(GRACE.0, GRACE.1, "192.0.2.11:5000").await;
    assert_eq!(disabled.status, StatusCode::FORBIDDEN);
    assert!(disabled.body.contains("This account is disabled"), "{}", disabled.body);
    assert!(disabled.header("set-cookie").is_empty());
}

#[tokio::test]
async fn only_the_first_account_gets_the_operators_mail_setup() {
    let (web, accounts) = Web::with_accounts(&[ADA, GRACE]).await;
    let smtp = kith_app::mail::SmtpSettings {
        host: "smtp.operator.example".into(),
        port: None,
        tls: None,
        username: Some("operator".into()),
        password: Some("operator's secret".into()),
        from: None,
    };
    let mut file = kith_app::app_settings::FileSettings::defaults();
    file.settings.smtp = Some(smtp);
    file.settings.me = vec!["operator@example.org".into()];
    file.set.extend(["smtp".to_string(), "me".to_string()]);
    let guard = kith_web::Guard::new(None, None).with_accounts();
    let state = kith_web::AppState::with_file(
        web.store.as_owner(kith_store::NO_OWNER),
        file,
        kith_web::Clock::Fixed(crate::support::today()),
        guard,
    );
    let ada = state.for_owner(accounts[0].owner);
    assert_eq!(ada.settings().smtp.as_ref().map(|s| s.host.as_str()), Some("smtp.operator.example"));
    let grace = state.for_owner(accounts[1].owner);
    assert!(grace.settings().smtp.is_none(), "Grace would send mail as the operator");
    assert!(grace.settings().me.is_empty());
    assert!(!grace.file_settings().locks("smtp"), "Grace sets her own mail server in the app");
}

#[tokio::test]
async fn the_address_book_does_not_answer_for_accounts_yet_nor_count_as_sign_ins() {
    let (web, _) = Web::with_accounts(&[ADA]).await;
    for path in ["/dav/", "/.well-known/carddav", "/feed/0123456789abcdef.ics"] {
        for _ in 0..6 {
            let mut request = Request::get(path)
                .header(header::HOST, HOST)
                .header(header::AUTHORIZATION, "Basic a2l0aDp3cm9uZy1wYXNzd29yZA==")
                .body(Body::empty())
                .unwrap();
            request.extensions_mut().insert(ConnectInfo("192.0.2.7:5000".parse::<SocketAddr>().unwrap()));
            let answer = web.send(request).await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
            let expected = if path.starts_with("/feed/") { "no such feed" } else { "only without accounts" };
            assert!(answer.body.contains(expected), "{path}: {}", answer.body);
        }
    }
    // Six tries each from the same address paused nothing.
    assert_eq!(web.sign_in(ADA.0, ADA.1, "192.0.2.7:6000").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn each_account_has_its_own_calendar_feed() {
    let (web, accounts) = Web::with_accounts(&[ADA, GRACE]).await;
    let ada = web.store.as_owner(accounts[0].owner);
    let grace = web.store.as_owner(accounts[1].owner);
    let friend = grace.list_briefs(&Default::default(), days(0)).await.unwrap()[0].id;
    grace.add_followup(friend, days(3), Some("send Grace's deck".into()), days(0)).await.unwrap();
    ada.add_followup(
        ada.list_briefs(&Default::default(), days(0)).await.unwrap()[0].id,
        days(4),
        Some("Ada's call".into()),
        days(0),
    )
    .await
    .unwrap();

    // No session: the secret in the address says whose feed it is.
    let feed = web.get(&format!("/feed/{}.ics", grace.feed_token().await.unwrap())).await;
    assert_eq!(feed.status, StatusCode::OK, "{}", feed.body);
    assert!(feed.body.contains("BEGIN:VCALENDAR") && feed.body.contains("send Grace's deck"), "{}", feed.body);
    assert!(!feed.body.contains("Ada's call"), "Ada's follow-up in Grace's feed");
    let own = web.get(&format!("/feed/{}.ics", ada.feed_token().await.unwrap())).await;
    assert!(own.body.contains("Ada's call") && !own.body.contains("Grace's deck"), "{}", own.body);

    // Rotated, the old address is nobody's; a disabled account's feed is gone too.
    let old = grace.feed_token().await.unwrap();
    let new = grace.rotate_feed_token().await.unwrap();
    assert_eq!(web.get(&format!("/feed/{old}.ics")).await.status, StatusCode::NOT_FOUND);
    kith_app::accounts::set_disabled(web.store.as_ref(), GRACE.0, true, chrono::Utc::now()).await.unwrap();
    assert_eq!(web.get(&format!("/feed/{new}.ics")).await.status, StatusCode::NOT_FOUND);
}

async fn with_token(web: &Web, token: &str, method: Method, path: &str, json: Option<serde_json::Value>) -> Answer {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json");
    let body = json.map_or_else(Body::empty, |j| Body::from(j.to_string()));
    let mut request = request.body(body).unwrap();
    request.extensions_mut().insert(ConnectInfo("192.0.2.40:7000".parse::<SocketAddr>().unwrap()));
    web.send(request).await
}

#[tokio::test]
async fn an_api_token_works_for_its_own_account_and_within_its_scope() {
    let (web, accounts) = Web::with_accounts(&[ADA, GRACE]).await;
    let grace = web.store.as_owner(accounts[1].owner);
    let now = chrono::Utc::now();
    let read = kith_app::api_tokens::add(grace.as_ref(), "reader", TokenScope::Read, now).await.unwrap().token;
    let write = kith_app::api_tokens::add(grace.as_ref(), "writer", TokenScope::Write, now).await.unwrap().token;

    // A script reads Grace's network, and only hers.
    let list = with_token(&web, &read, Method::GET, "/api/v1/contacts", None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("Friend of grace@example.org") && !list.body.contains("Friend of ada"), "{}", list.body);

    // A read-only token cannot write; the answer says what to do.
    let alan = serde_json::json!({ "name": "Alan Turing" });
    let refused = with_token(&web, &read, Method::POST, "/api/v1/contacts", Some(alan.clone())).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("may only read") && refused.body.contains("--scope write"), "{}", refused.body);
    let made = with_token(&web, &write, Method::POST, "/api/v1/contacts", Some(alan)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let names: Vec<String> = grace.snapshot().await.unwrap().contacts.into_iter().map(|c| c.name).collect();
    assert!(names.contains(&"Alan Turing".to_string()), "written to Grace's network: {names:?}");

    // Ada's contact with Grace's token is missing, as any other id.
    let ada_id = web.store.as_owner(accounts[0].owner).list_briefs(&Default::default(), days(0)).await.unwrap()[0].id;
    let other = with_token(&web, &read, Method::GET, &format!("/api/v1/contacts/{ada_id}"), None).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);

    // A made-up token, a revoked one, and one of a disabled account: not signed in.
    let made_up = format!("kith_{}", "0".repeat(64));
    assert_eq!(
        with_token(&web, &made_up, Method::GET, "/api/v1/contacts", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    kith_app::api_tokens::revoke(grace.as_ref(), "writer").await.unwrap();
    assert_eq!(with_token(&web, &write, Method::GET, "/api/v1/contacts", None).await.status, StatusCode::UNAUTHORIZED);
    kith_app::accounts::set_disabled(web.store.as_ref(), GRACE.0, true, now).await.unwrap();
    assert_eq!(with_token(&web, &read, Method::GET, "/api/v1/contacts", None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_person_makes_their_own_api_token_on_a_page_and_revokes_it() {
    let (web, _) = Web::with_accounts(&[ADA, GRACE]).await;
    let grace = session_of(&web.sign_in(GRACE.0, GRACE.1, "192.0.2.2:5000").await);
    let settings = get_as(&web, &grace, "/settings").await;
    assert!(settings.body.contains(r#"href="/settings/tokens""#), "the settings link to the tokens");

    let post = |body: &'static str, path: &'static str| {
        let request = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::COOKIE, &grace)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .header(header::ORIGIN, format!("http://{HOST}"));
        web.send(request.body(Body::from(body)).unwrap())
    };
    let made = post("name=backup+script&scope=write", "/settings/tokens").await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    assert_eq!(made.header("cache-control"), "no-store");
    let start = made.body.find("kith_").expect("the token, shown once");
    let token = made.body[start..start + 69].to_string();
    assert!(made.body.contains("backup script") && made.body.contains("(write)"), "{}", made.body);

    // It works for Grace's network, and the page lists it without the token.
    let list = with_token(&web, &token, Method::GET, "/api/v1/contacts", None).await;
    assert!(list.body.contains("Friend of grace@example.org"), "{}", list.body);
    let page = get_as(&web, &grace, "/settings/tokens").await;
    assert!(page.body.contains("backup script") && !page.body.contains(&token), "{}", page.body);
    // Tokens are for the API: the pages (where tokens and app passwords are made) want a session,
    // so a leaked token cannot make itself successors.
    let page = with_token(&web, &token, Method::GET, "/settings/tokens", None).await;
    assert_eq!((page.status, page.location()), (StatusCode::SEE_OTHER, "/login?next=%2Fsettings%2Ftokens"));
    let mint = with_token(&web, &token, Method::POST, "/settings/tokens", None).await;
    assert_eq!(mint.status, StatusCode::UNAUTHORIZED);
    let grace_store = web.store.as_owner(web.store.account(GRACE.0).await.unwrap().unwrap().owner);
    assert_eq!(grace_store.api_tokens().await.unwrap().len(), 1, "no token made with a token");

    let bad = post("name=&scope=everything", "/settings/tokens").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("scope &#39;everything&#39;") || bad.body.contains("scope 'everything'"), "{}", bad.body);

    let revoked = post("name=backup+script", "/settings/tokens/revoke").await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(with_token(&web, &token, Method::GET, "/api/v1/contacts", None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn without_accounts_an_api_token_works_beside_the_access_token() {
    let web = Web::with_guard(kith_web::Guard::local(Some("kith_the-access-token-itself".into()))).await;
    web.person("Ada Lovelace").await;
    let made = kith_app::api_tokens::add(web.store.as_ref(), "laptop", TokenScope::Read, chrono::Utc::now()).await;
    let token = made.unwrap().token;
    let list = with_token(&web, &token, Method::GET, "/api/v1/contacts", None).await;
    assert!(list.status.is_success() && list.body.contains("Ada Lovelace"), "{}", list.body);
    // The access token still works, whatever it starts with, and a wrong one does not.
    let access = with_token(&web, "kith_the-access-token-itself", Method::GET, "/api/v1/contacts", None).await;
    assert!(access.status.is_success(), "{}", access.body);
    let wrong = with_token(&web, "kith_not-it", Method::GET, "/api/v1/contacts", None).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
}
