//! Campaign pages: the list and the new-campaign form with its preview, the board with its stage
//! buttons, custom lines previewed as a fragment or a whole page, and `.eml` downloads that keep
//! their Message-ID.

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use kith_app::Settings;
use kith_core::{NewContact, campaign::Stage};
use kith_store::NewCampaign;

use crate::support::{HOST, Web, days, stable};

const EVIL: &str = "<script>alert(1)</script>";

fn with_email(name: &str, email: &str) -> NewContact {
    NewContact {
        name: name.into(),
        emails: vec![email.into()],
        org: Some("Acme".into()),
        tags: vec!["eng".into()],
        ..Default::default()
    }
}

/// Ada (warm), Bob (never touched) and one without an e-mail address, all tagged `eng`.
async fn network(web: &Web) -> (i64, i64) {
    let ada = web.add(with_email("Ada Lovelace", "ada@example.org")).await;
    let bob = web.add(with_email("Bob Stone", "bob@example.org")).await;
    web.add(NewContact { name: "No Mail".into(), tags: vec!["eng".into()], ..Default::default() }).await;
    web.lunch(&[ada], days(-3)).await;
    (ada, bob)
}

async fn campaign(web: &Web, contacts: Vec<i64>) -> i64 {
    let new = NewCampaign {
        name: "Spring search".into(),
        subject: "Coffee, {first_name}?".into(),
        body: "Hi {first_name},\n{custom}".into(),
        contacts,
    };
    web.store.create_campaign(new, days(-1)).await.unwrap()
}

fn form<'a>(action: &'a str, body: &'a str, size: &'a str, tag: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", "Spring search"),
        ("tag", tag),
        ("org", ""),
        ("circle", ""),
        ("status", ""),
        ("size", size),
        ("subject", "Coffee, {first_name}?"),
        ("body", body),
        ("action", action),
    ]
}

#[tokio::test]
async fn a_campaign_is_previewed_then_created() {
    let web = Web::new().await;
    let (ada, bob) = network(&web).await;
    let page = web.get("/campaigns").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"aria-current="page">Campaigns"#) && page.body.contains("No campaigns yet"));
    assert!(page.body.contains(r#"<label for="c-body">"#) && page.body.contains(r#"value="12""#));

    let preview = web.post_form("/campaigns", &form("preview", "Hi {first_name} at {org}", "12", "eng")).await;
    assert_eq!(preview.status, StatusCode::OK);
    let b = &preview.body;
    assert!(
        b.contains("Preview: 2 contacts") && b.contains("1 matching contact has no e-mail address and is left out"),
        "{b}"
    );
    let (at_ada, at_bob) =
        (b.find(&format!("/contacts/{ada}\"")).unwrap(), b.find(&format!("/contacts/{bob}\"")).unwrap());
    assert!(at_ada < at_bob, "the warmest first");
    assert!(b.contains("Coffee, Ada?") && b.contains("Hi Ada at Acme") && b.contains(r#"value="create""#));
    assert!(b.contains(r#"value="Hi {first_name} at {org}""#) || b.contains("Hi {first_name} at {org}</textarea>"));
    assert!(web.store.campaigns().await.unwrap().is_empty(), "a preview writes nothing");

    let created = web.post_form("/campaigns", &form("create", "Hi {first_name}", "1", "eng")).await;
    assert_eq!((created.status, created.location()), (StatusCode::SEE_OTHER, "/campaigns/1"));
    let c = web.store.campaign(1).await.unwrap();
    assert_eq!(c.members.iter().map(|m| m.contact_id).collect::<Vec<_>>(), vec![ada]);
    let list = web.get("/campaigns").await;
    assert!(list.body.contains(r#"<a href="/campaigns/1">Spring search</a>"#), "{}", list.body);
}

#[tokio::test]
async fn a_refused_campaign_form_says_why_and_keeps_what_was_typed() {
    let web = Web::new().await;
    network(&web).await;
    let bad = web.post_form("/campaigns", &form("create", "Dear {firstname}", "12", "eng")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("body &#39;{firstname}&#39;") || bad.body.contains("body &#x27;{firstname}&#x27;"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("{first_name}, {name}, {org}, {met_at}, {last_touch}, {custom}"));
    assert!(bad.body.contains("Dear {firstname}</textarea>") && bad.body.contains(r#"aria-invalid="true""#));
    let zero = web.post_form("/campaigns", &form("preview", "Hi", "0", "eng")).await;
    assert_eq!(zero.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        zero.body.contains("size &#39;0&#39;: must be from 1 to 500") || zero.body.contains("must be from 1 to 500")
    );
    let nobody = web.post_form("/campaigns", &form("create", "Hi", "12", "nobody")).await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        nobody.body.contains("no contact with an e-mail address matches") && nobody.body.contains(r#"value="nobody""#)
    );
    assert!(web.store.campaigns().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_board_moves_contacts_and_previews_custom_lines() {
    let web = Web::new().await;
    let (ada, bob) = network(&web).await;
    let id = campaign(&web, vec![ada, bob]).await;
    let page = web.get(&format!("/campaigns/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for label in ["Drafted", "Sent", "Replied", "Meeting booked", "Met"] {
        assert!(page.body.contains(&format!("{label} <span class=\"muted\">")), "{label}");
    }
    assert!(page.body.contains(&format!(r#"<a class="name" href="/contacts/{ada}">Ada Lovelace</a>"#)));
    assert!(
        page.body.contains("Coffee, Ada?") && page.body.contains("mailto:ada@example.org?subject=Coffee%2C%20Ada%3F")
    );
    assert!(
        page.body.contains("me = [") && !page.body.contains("draft.eml"),
        "no sender: no download, and how to set it"
    );

    let moved = web.post_form(&format!("/campaigns/{id}/contacts/{ada}/stage"), &[("stage", "sent")]).await;
    assert_eq!((moved.status, moved.location()), (StatusCode::SEE_OTHER, format!("/campaigns/{id}").as_str()));
    assert_eq!(web.store.campaign(id).await.unwrap().member(ada).unwrap().stage, Stage::Sent);
    let board = web.get(&format!("/campaigns/{id}")).await.body;
    assert!(board.contains("Move Ada Lovelace back to Drafted") && board.contains("Move Ada Lovelace on to Replied"));
    let bad = web.post_form(&format!("/campaigns/{id}/contacts/{ada}/stage"), &[("stage", "ghosted")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("drafted, sent, replied, booked, met"));
    let stranger = web.person("Not On It").await;
    let missing = web.post_form(&format!("/campaigns/{id}/contacts/{stranger}/stage"), &[("stage", "met")]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(web.get("/campaigns/99").await.status, StatusCode::NOT_FOUND);

    // Typing a custom line: the message alone comes back, nothing is saved.
    let preview = format!("/campaigns/{id}/contacts/{ada}/preview");
    let fragment = web.post_htmx(&preview, &[("custom", "Loved your talk.")]).await;
    assert_eq!(fragment.status, StatusCode::OK);
    assert!(fragment.body.starts_with(&format!(r#"<div class="message" id="message-{ada}""#)), "{}", fragment.body);
    assert!(fragment.body.contains("Hi Ada,\nLoved your talk.") && !fragment.body.contains("<html"));
    assert_eq!(web.store.campaign(id).await.unwrap().member(ada).unwrap().custom, None);
    // Without JavaScript, "Preview" shows the whole board with the line as typed.
    let whole = web.post_form(&preview, &[("custom", "Loved your talk.")]).await;
    assert_eq!(whole.status, StatusCode::OK);
    assert!(
        whole.body.contains("<html")
            && whole.body.contains("Hi Ada,\nLoved your talk.")
            && whole.body.contains("not saved yet")
    );
    assert!(whole.body.contains("Loved your talk.</textarea>"));
    // "Save" keeps it.
    let saved =
        web.post_form(&format!("/campaigns/{id}/contacts/{ada}/custom"), &[("custom", "Loved your talk.")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(saved.location(), format!("/campaigns/{id}#message-{ada}"));
    assert_eq!(web.store.campaign(id).await.unwrap().member(ada).unwrap().custom.as_deref(), Some("Loved your talk."));
    let cleared = web.post_htmx(&format!("/campaigns/{id}/contacts/{ada}/custom"), &[("custom", " ")]).await;
    assert!(cleared.body.starts_with(r#"<div class="message""#));
    assert_eq!(web.store.campaign(id).await.unwrap().member(ada).unwrap().custom, None);
}

#[tokio::test]
async fn a_draft_downloads_as_eml_and_keeps_its_message_id() {
    let web = Web::with_settings(Settings { me: vec!["Me <me@example.org>".into()], ..Settings::default() }).await;
    let (ada, _) = network(&web).await;
    let no_mail = web.person("Nomad Person").await;
    let id = campaign(&web, vec![ada, no_mail]).await;
    assert!(web.get(&format!("/campaigns/{id}")).await.body.contains(&format!("/contacts/{ada}/draft.eml")));
    let path = format!("/campaigns/{id}/contacts/{ada}/draft.eml");
    let first = web.get(&path).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header("content-type"), "message/rfc822");
    assert_eq!(first.header("content-disposition"), r#"attachment; filename="01-ada-lovelace.eml""#);
    assert!(
        first.body.contains("To: \"Ada Lovelace\" <ada@example.org>")
            || first.body.contains("To: Ada Lovelace <ada@example.org>"),
        "{}",
        first.body
    );
    let message_id = first.body.lines().find_map(|l| l.strip_prefix("Message-ID: ")).unwrap().trim().to_string();
    assert!(message_id.starts_with('<') && message_id.ends_with("@example.org>"), "{message_id}");
    let kept = web.store.campaign(id).await.unwrap().member(ada).unwrap().message_id.clone();
    assert_eq!(kept.as_deref(), Some(message_id.as_str()));
    let second = web.get(&path).await;
    assert!(second.body.contains(&format!("Message-ID: {message_id}")), "the same file, the same id");
    let none = web.get(&format!("/campaigns/{id}/contacts/{no_mail}/draft.eml")).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("Nomad Person has no e-mail address"));
    assert_eq!(web.get(&format!("/campaigns/{id}/contacts/999/draft.eml")).await.status, StatusCode::NOT_FOUND);

    let without_me = Web::new().await;
    let ada = without_me.add(with_email("Ada Lovelace", "ada@example.org")).await;
    let id = campaign(&without_me, vec![ada]).await;
    let refused = without_me.get(&format!("/campaigns/{id}/contacts/{ada}/draft.eml")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("me = [&#34;you@example.org&#34;]") || refused.body.contains("me = ["),
        "{}",
        refused.body
    );
    assert_eq!(without_me.store.campaign(id).await.unwrap().members[0].message_id, None);
}

#[tokio::test]
async fn a_hostile_name_stays_text_and_cross_site_posts_are_refused() {
    let web = Web::new().await;
    let evil = web.add(with_email(EVIL, "evil@example.org")).await;
    let id = campaign(&web, vec![evil]).await;
    let board = web.get(&format!("/campaigns/{id}")).await;
    let preview = web.post_form("/campaigns", &form("preview", "Hi {name}", "12", "eng")).await;
    let fragment = web.post_htmx(&format!("/campaigns/{id}/contacts/{evil}/preview"), &[("custom", EVIL)]).await;
    for (what, body) in [("board", &board.body), ("preview", &preview.body), ("fragment", &fragment.body)] {
        assert!(!body.contains("<script>alert"), "{what} lets a script through");
        assert!(body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "{what} shows the name as text");
    }
    let forged = Request::post(format!("/campaigns/{id}/contacts/{evil}/stage"))
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from("stage=met"))
        .unwrap();
    assert_eq!(web.send(forged).await.status, StatusCode::FORBIDDEN);
    assert_eq!(web.store.campaign(id).await.unwrap().members[0].stage, Stage::Drafted);
}

#[tokio::test]
async fn the_campaign_pages_look_as_they_did() {
    let web = Web::new().await;
    let (ada, bob) = network(&web).await;
    let id = campaign(&web, vec![ada, bob]).await;
    web.store.set_campaign_stage(id, bob, Stage::Replied).await.unwrap();
    web.store.set_campaign_custom(id, ada, Some("Loved your talk.".into())).await.unwrap();
    insta::assert_snapshot!("campaigns", stable(&web.get("/campaigns").await.body));
    insta::assert_snapshot!("campaign_board", stable(&web.get(&format!("/campaigns/{id}")).await.body));
}

#[tokio::test]
async fn the_board_sends_through_the_mail_server_and_keeps_refused_ones_drafted() {
    // Without a mail server the board says how to add one, and a send is refused with the same.
    let web = Web::new().await;
    let (ada, bob) = network(&web).await;
    let id = campaign(&web, vec![ada, bob]).await;
    let board = web.get(&format!("/campaigns/{id}")).await.body;
    assert!(board.contains("<code>[smtp]</code>") && !board.contains("/send\""), "{board}");
    let refused = web.post_form(&format!("/campaigns/{id}/send"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("[smtp]"), "{}", refused.body);

    // A mail server that is not listening: nothing is sent or logged, everyone stays drafted.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let smtp = kith_app::mail::SmtpSettings {
        host: "127.0.0.1".into(),
        port: Some(port),
        tls: Some("none".into()),
        ..Default::default()
    };
    let web =
        Web::with_settings(Settings { smtp: Some(smtp), me: vec!["me@example.org".into()], ..Settings::default() })
            .await;
    let (ada, bob) = network(&web).await;
    let id = campaign(&web, vec![ada, bob]).await;
    let board = web.get(&format!("/campaigns/{id}")).await.body;
    assert!(board.contains(&format!(r#"action="/campaigns/{id}/send""#)) && board.contains("Send 2 drafted messages"));
    let sent = web.post_form(&format!("/campaigns/{id}/send"), &[("only", &ada.to_string())]).await;
    assert_eq!((sent.status, sent.location()), (StatusCode::SEE_OTHER, format!("/campaigns/{id}").as_str()));
    let cookie = sent.header("set-cookie").to_string();
    assert!(cookie.contains("Not%20sent") || cookie.contains("Not sent"), "{cookie}");
    let stored = web.store.campaign(id).await.unwrap();
    assert_eq!(
        (stored.member(ada).unwrap().stage, stored.member(bob).unwrap().stage),
        (Stage::Drafted, Stage::Drafted)
    );
    assert!(web.store.timeline(ada, None).await.unwrap().iter().all(|i| i.kind != kith_core::InteractionKind::Email));
}
