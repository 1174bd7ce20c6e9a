//! Pages and forms: what a user sees and what each form does.

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Method, Request, StatusCode, header},
};
use kith_core::{Circle, NewContact, contact::Cadenced};

use crate::support::{HOST, Web, days, stable, today};

#[tokio::test]
async fn a_new_user_is_welcomed_and_pointed_to_add_or_import() {
    let web = Web::new().await;
    let page = web.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Welcome to kith"));
    assert!(page.body.contains(r#"href="/contacts/new""#) && page.body.contains(r#"href="/import""#));
    assert!(page.body.contains("Nobody to reach out to yet"), "an empty network is not a well-kept one");
    assert!(!page.body.contains("Well kept") && !page.body.contains(r#"<span class="big">0%</span>"#));
    assert!(page.body.contains("No contacts yet"));
}

#[tokio::test]
async fn the_dashboard_shows_the_plan_followups_and_health() {
    let web = Web::new().await;
    let ada =
        web.add(NewContact { name: "Ada Lovelace".into(), org: Some("Engines".into()), ..Default::default() }).await;
    let bob = web.person("Bob Cold").await;
    web.lunch(&[bob], days(-200)).await;
    web.store.add_followup(ada, days(3), Some("send the paper".into()), today()).await.unwrap();
    let page = web.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Week of 2026-11-16"));
    assert!(page.body.contains(&format!(r#"<li id="suggest-{bob}">"#)), "Bob is due");
    assert!(page.body.contains("Bob Cold") && page.body.contains("cold 21%"));
    assert!(page.body.contains("send the paper"));
    assert!(
        page.body.contains(r#"aria-label="Warmth by circle"#) || page.body.contains("<title>Warmth by circle</title>")
    );
    assert!(page.body.contains("Touches per week"));
}

#[tokio::test]
async fn adding_a_contact_by_form_lands_on_its_page_with_a_message() {
    let web = Web::new().await;
    let done = web
        .post_form(
            "/contacts",
            &[
                ("name", "Grace Hopper"),
                ("emails", "grace@navy.example, gh@example.org"),
                ("circle", "inner"),
                ("tags", "mentor, cobol"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location(), "/contacts/1");
    assert!(done.header("set-cookie").starts_with("kith_flash=Added%20Grace%20Hopper"));
    let c = web.store.contact(1).await.unwrap();
    assert_eq!((c.circle, c.emails.len(), c.tags.len()), (Circle::Inner, 2, 2));
    let page = web.get("/contacts/1").await;
    assert!(page.body.contains("<h1>Grace Hopper"));
    assert!(page.body.contains("inner circle, every 14 days"));
}

#[tokio::test]
async fn a_mistake_in_the_form_keeps_what_was_typed_and_writes_nothing() {
    let web = Web::new().await;
    let page = web
        .post_form(
            "/contacts",
            &[("name", "Grace Hopper"), ("emails", "not-an-address"), ("notes", "met at the conference")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("email &#39;not-an-address&#39;: not an e-mail address"), "{}", page.body);
    assert!(page.body.contains(r#"value="Grace Hopper""#));
    assert!(page.body.contains("met at the conference"));
    assert!(page.body.contains(r#"id="f-emails" name="emails" type="text" value="not-an-address""#));
    assert!(page.body.contains(r#"aria-invalid="true""#));
    assert_eq!(web.store.count_contacts().await.unwrap(), 0);
}

#[tokio::test]
async fn logging_a_lunch_with_two_people_warms_both_and_takes_them_off_the_plan() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    let bob = web.person("Bob Babbage").await;
    let before = web.get("/").await;
    assert!(before.body.contains(&format!("suggest-{ada}")) && before.body.contains(&format!("suggest-{bob}")));
    let done = web
        .post_form(
            &format!("/contacts/{ada}/log"),
            &[("kind", "lunch"), ("on", "2026-11-20"), ("with", "Bob"), ("note", "talked about engines")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), format!("/contacts/{ada}"));
    for id in [ada, bob] {
        let c = web.store.contact(id).await.unwrap();
        assert_eq!(c.warmth.unwrap().last_touch, days(-2));
        assert!(c.reading(today()).warmth > 0.9);
    }
    let after = web.get("/").await;
    assert!(!after.body.contains(&format!("suggest-{ada}")) && !after.body.contains(&format!("suggest-{bob}")));
    let page = web.get(&format!("/contacts/{bob}")).await;
    assert!(page.body.contains("talked about engines"));
    assert!(page.body.contains(&format!(r#"<a href="/contacts/{ada}">Ada Lovelace</a>"#)));
}

#[tokio::test]
async fn a_log_in_the_future_is_refused_on_the_contact_page_with_the_note_kept() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    let page = web
        .post_form(
            &format!("/contacts/{ada}/log"),
            &[("kind", "coffee"), ("on", "2026-12-25"), ("note", "holiday plans")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("on &#39;2026-12-25&#39;: is after today"));
    assert!(page.body.contains("holiday plans"));
    assert!(web.store.timeline(ada, None).await.unwrap().is_empty());
    let ambiguous = web.person("Bob One").await;
    web.person("Bob Two").await;
    let page = web.post_form(&format!("/contacts/{ambiguous}/log"), &[("kind", "coffee"), ("with", "Bob")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("matches 2 contacts: Bob One"), "{}", page.body);
}

#[tokio::test]
async fn the_plans_logged_it_and_snooze_buttons_work() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    let bob = web.person("Bob Babbage").await;
    let logged = web.post_form(&format!("/contacts/{ada}/log"), &[("kind", "email"), ("back", "/")]).await;
    assert_eq!((logged.status, logged.location()), (StatusCode::SEE_OTHER, "/"));
    assert_eq!(web.store.timeline(ada, None).await.unwrap()[0].kind.as_str(), "email");
    let snoozed = web.post_form(&format!("/contacts/{bob}/snooze"), &[("for", "2w"), ("back", "/")]).await;
    assert_eq!((snoozed.status, snoozed.location()), (StatusCode::SEE_OTHER, "/"));
    assert_eq!(web.store.contact(bob).await.unwrap().snoozed_until, Some(days(14)));
    let page = web.get("/").await;
    assert!(!page.body.contains(&format!("suggest-{bob}")));
    let back =
        web.post_form(&format!("/contacts/{bob}/snooze"), &[("for", "2w"), ("back", "https://evil.example/")]).await;
    assert_eq!(back.location(), format!("/contacts/{bob}"), "never redirects off the site");
}

#[tokio::test]
async fn editing_changes_fields_and_can_clear_them() {
    let web = Web::new().await;
    let id = web
        .add(NewContact {
            name: "Dana Dates".into(),
            emails: vec!["dana@example.org".into()],
            birthday: Some(kith_core::contact::Birthday::parse("b", "1990-05-17").unwrap()),
            org: Some("Acme".into()),
            ..Default::default()
        })
        .await;
    let form = web.get(&format!("/contacts/{id}/edit")).await;
    assert!(form.body.contains(r#"value="1990-05-17""#));
    let done = web
        .post_form(
            &format!("/contacts/{id}"),
            &[
                ("name", "Dana Dates"),
                ("emails", "dana@new.example"),
                ("org", ""),
                ("birthday", ""),
                ("circle", "close"),
                ("every", "21"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let c = web.store.contact(id).await.unwrap();
    assert_eq!(c.emails, vec!["dana@new.example"]);
    assert_eq!((c.org, c.birthday, c.circle, c.custom_cadence_days), (None, None, Circle::Close, Some(21)));
    let unchanged = web
        .post_form(
            &format!("/contacts/{id}"),
            &[("name", "Dana Dates"), ("emails", "dana@new.example"), ("circle", "close"), ("every", "21")],
        )
        .await;
    assert!(unchanged.header("set-cookie").contains("Nothing%20changed"));
}

#[tokio::test]
async fn the_contact_list_searches_filters_sorts_and_pages() {
    let web = Web::new().await;
    for i in 0..120 {
        web.add(NewContact {
            name: format!("Person {i:03}"),
            tags: vec![if i % 2 == 0 { "even".into() } else { "odd".into() }],
            ..Default::default()
        })
        .await;
    }
    let hot = web.add(NewContact { name: "Zoe Warm".into(), org: Some("Acme".into()), ..Default::default() }).await;
    web.lunch(&[hot], today()).await;
    let first = web.get("/contacts").await;
    assert!(
        first.body.contains("Person 000") && first.body.contains("Person 049") && !first.body.contains("Person 050")
    );
    assert!(first.body.contains(r#"href="/contacts?page=2" rel="next""#));
    let second = web.get("/contacts?page=2").await;
    assert!(second.body.contains("Person 050") && second.body.contains(r#"rel="prev""#));
    let warm = web.get("/contacts?sort=warmth").await;
    let zoe = warm.body.find("Zoe Warm").unwrap();
    assert!(zoe < warm.body.find("Person 000").unwrap(), "the warmest comes first");
    let found = web.get("/contacts?q=acme").await;
    assert!(found.body.contains("Zoe Warm") && !found.body.contains("Person 001"));
    let tagged = web.get("/contacts?tag=odd&status=new").await;
    assert!(tagged.body.contains("Person 001") && !tagged.body.contains("Person 000"));
    let bad = web.get("/contacts?status=lukewarm").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("unknown status"));
}

#[tokio::test]
async fn a_search_shows_the_note_it_found_with_the_words_marked() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    web.person("Grace Hopper").await;
    let touch =
        web.post_form(&format!("/contacts/{ada}/log"), &[("kind", "lunch"), ("note", "she is hiring <staff>")]).await;
    assert_eq!(touch.status, StatusCode::SEE_OTHER, "{}", touch.body);
    let id = web.store.timeline(ada, None).await.unwrap()[0].id;
    let page = web.get("/contacts?q=hiring").await;
    assert!(page.body.contains("Ada Lovelace") && !page.body.contains("Grace Hopper"), "{}", page.body);
    assert!(
        page.body.contains(&format!(
            r#"<small class="found"><a href="/interactions/{id}/edit">lunch on 2026-11-22</a>: she is <mark>hiring</mark> &#60;staff&#62;</small>"#
        )),
        "the note, escaped, its word marked, linked to the touch: {}",
        page.body
    );
    let api = web.api(Method::GET, "/api/v1/contacts?q=hiring", None).await.json();
    assert_eq!(api[0]["found"]["label"], "lunch on 2026-11-22");
    let by_name = web.api(Method::GET, "/api/v1/contacts?q=ada", None).await.json();
    assert!(by_name[0].get("found").is_none(), "{by_name}");
}

#[tokio::test]
async fn duplicates_are_compared_side_by_side_and_merged() {
    let web = Web::new().await;
    let add = |title: &str, email: &str| NewContact {
        name: "Aaron Dubois".into(),
        org: Some("Acme".into()),
        title: Some(title.into()),
        emails: vec![email.into()],
        ..Default::default()
    };
    let first = web.add(add("CTO", "aaron@acme.example")).await;
    let second = web.add(add("VP <Eng>", "aaron@gmail.com")).await;
    web.lunch(&[second], days(-2)).await;
    let list = web.get("/duplicates").await;
    assert!(list.body.contains("same name, both at Acme"), "{}", list.body);
    assert!(list.body.contains(&format!(r#"href="/contacts/{first}/merge?with={second}""#)));
    let page = web.get(&format!("/contacts/{first}/merge?with={second}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"<input type="radio" name="keep_title" value="first" checked> CTO"#), "{}", page.body);
    assert!(page.body.contains(r#"value="second"> VP &#60;Eng&#62;"#), "escaped: {}", page.body);
    assert!(page.body.contains("has 1 touch"), "{}", page.body);
    // Naming the contact itself, or nobody, says so on the page.
    let me = web.get(&format!("/contacts/{first}/merge?with=%23{first}")).await;
    assert!(me.body.contains("itself"), "{}", me.body);
    let bad = web.post_form(&format!("/contacts/{first}/merge"), &[("with", &first.to_string())]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = web
        .post_form(&format!("/contacts/{first}/merge"), &[("with", &second.to_string()), ("keep_title", "third")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("title"), "{}", bad.body);
    assert!(web.store.contact(second).await.is_ok(), "nothing merged yet");

    let merged = web
        .post_form(&format!("/contacts/{first}/merge"), &[("with", &second.to_string()), ("keep_title", "second")])
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    assert_eq!(merged.location(), format!("/contacts/{first}"));
    let c = web.store.contact(first).await.unwrap();
    assert_eq!((c.title.as_deref(), c.emails.len()), (Some("VP <Eng>"), 2));
    assert_eq!(web.store.timeline(first, None).await.unwrap().len(), 1);
    assert!(web.store.contact(second).await.is_err());
    let dups = web.get("/duplicates").await;
    assert!(dups.body.contains("No possible duplicates") && dups.body.contains("Undo it"), "{}", dups.body);
    let page = web.get(&format!("/contacts/{first}")).await;
    assert!(page.body.contains(r#"<form class="card undo" method="post" action="/merges/undo""#), "{}", page.body);
    let undone = web.post_form("/merges/undo", &[]).await;
    assert_eq!(undone.status, StatusCode::SEE_OTHER);
    let back: i64 = undone.location().trim_start_matches("/contacts/").parse().unwrap();
    assert_eq!(web.store.contact(back).await.unwrap().title.as_deref(), Some("VP <Eng>"));
    assert_eq!(web.store.contact(first).await.unwrap().title.as_deref(), Some("CTO"));
    assert_eq!(web.store.timeline(back, None).await.unwrap().len(), 1, "its touch went back with it");
    assert!(!web.get(&format!("/contacts/{first}")).await.body.contains("Undo the merge"));
}

#[tokio::test]
async fn the_api_merges_and_lists_duplicates() {
    let web = Web::new().await;
    let a = web
        .add(NewContact { name: "Bea Roy".into(), emails: vec!["bea@initech.example".into()], ..Default::default() })
        .await;
    let b = web
        .add(NewContact { name: "Bea Roy".into(), emails: vec!["b.roy@initech.example".into()], ..Default::default() })
        .await;
    let pairs = web.api(Method::GET, "/api/v1/duplicates", None).await.json();
    assert_eq!(pairs[0]["reason"], "same_name_and_domain");
    assert_eq!(pairs[0]["shared"], "initech.example");
    let own = web.api(Method::POST, &format!("/api/v1/contacts/{a}/merge"), Some(serde_json::json!({"with": a}))).await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(own.json()["error"]["field"], "with", "{}", own.body);
    let bad = web
        .api(
            Method::POST,
            &format!("/api/v1/contacts/{a}/merge"),
            Some(serde_json::json!({"with": b, "keep": {"colour": "first"}})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let gone =
        web.api(Method::POST, &format!("/api/v1/contacts/{a}/merge"), Some(serde_json::json!({"with": 9999}))).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let done =
        web.api(Method::POST, &format!("/api/v1/contacts/{a}/merge"), Some(serde_json::json!({"with": b}))).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!((done.json()["kept"].as_i64(), done.json()["removed"].as_i64()), (Some(a), Some(b)));
    assert_eq!(web.store.contact(a).await.unwrap().emails.len(), 2);
    let last = web.api(Method::GET, "/api/v1/merges/last", None).await.json();
    assert_eq!(last["kept"].as_i64(), Some(a));
    let undone = web.api(Method::POST, "/api/v1/merges/undo", None).await;
    assert_eq!(undone.status, StatusCode::OK, "{}", undone.body);
    assert_eq!(web.api(Method::GET, "/api/v1/merges/last", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(web.api(Method::POST, "/api/v1/merges/undo", None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn ticked_contacts_are_tagged_or_archived_together() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    let grace = web.person("Grace Hopper").await;
    let alan = web.person("Alan Turing").await;
    let list = web.get("/contacts?sort=name").await;
    assert!(
        list.body
            .contains(&format!(r#"<input type="checkbox" name="id" value="{ada}" aria-label="Tick Ada Lovelace">"#))
    );
    let (a, g) = (ada.to_string(), grace.to_string());
    let tagged = web
        .post_form(
            "/contacts/bulk",
            &[("back", "/contacts?sort=name"), ("id", &a), ("id", &g), ("tag", "eng"), ("action", "tag")],
        )
        .await;
    assert_eq!(tagged.status, StatusCode::SEE_OTHER);
    assert_eq!(tagged.location(), "/contacts?sort=name", "back to the list as it was");
    assert_eq!(web.store.contact(ada).await.unwrap().tags, ["eng"]);
    assert_eq!(web.store.contact(grace).await.unwrap().tags, ["eng"]);
    assert!(web.store.contact(alan).await.unwrap().tags.is_empty());
    // An unknown id changes nobody; a missing tag is asked for.
    let bad = web.post_form("/contacts/bulk", &[("id", &a), ("id", "9999"), ("action", "archive")]).await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
    assert!(!web.store.contact(ada).await.unwrap().archived, "all or none");
    let bad = web.post_form("/contacts/bulk", &[("id", &a), ("tag", " "), ("action", "tag")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("type the tag"), "{}", bad.body);
    let archived = web.post_form("/contacts/bulk", &[("id", &a), ("id", &g), ("action", "archive")]).await;
    assert_eq!(archived.location(), "/contacts");
    assert!(web.store.contact(grace).await.unwrap().archived);
    let list = web.get("/contacts").await;
    assert!(list.body.contains("Alan Turing") && !list.body.contains("Ada Lovelace"));
    let api = web
        .api(Method::POST, "/api/v1/contacts/bulk", Some(serde_json::json!({"ids": [ada, alan], "archive": false})))
        .await;
    assert_eq!(api.json()["changed"], 2, "{}", api.body);
    assert!(!web.store.contact(ada).await.unwrap().archived);
    let api = web.api(Method::POST, "/api/v1/contacts/bulk", Some(serde_json::json!({"ids": []}))).await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn settings_are_changed_in_the_app_and_in_force_at_once() {
    let web = Web::new().await;
    let page = web.get("/settings").await;
    assert!(
        page.body.contains(r#"name="plan_size" type="number" min="1" max="100" required value="5""#),
        "{}",
        page.body
    );
    assert!(page.body.contains("/feed/"), "the calendar feed's address");
    let form = [
        ("me", "me@example.org, me@home.example"),
        ("plan_size", "7"),
        ("week_starts", "sunday"),
        ("digest_enabled", "on"),
        ("digest_weekday", "friday"),
        ("digest_time", "07:30"),
        ("digest_to", ""),
        ("smtp_host", ""),
    ];
    let saved = web.post_form("/settings", &form).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = web.get("/settings").await;
    assert!(page.body.contains(r#"required value="7""#) && page.body.contains("me@home.example"), "{}", page.body);
    assert!(page.body.contains("<option selected>friday</option>"));
    // Out of range: named, nothing kept.
    let mut bad = form;
    bad[1] = ("plan_size", "0");
    let refused = web.post_form("/settings", &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("plan_size &#39;0&#39;: must be from 1 to 100") || refused.body.contains("plan_size '0'"),
        "{}",
        refused.body
    );
    bad[1] = ("plan_size", "7");
    bad[5] = ("digest_time", "25:00");
    assert_eq!(web.post_form("/settings", &bad).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A port without a server is not dropped silently.
    bad[5] = ("digest_time", "07:30");
    let mut with_port = bad.to_vec();
    with_port.push(("smtp_port", "2525"));
    let refused = web.post_form("/settings", &with_port).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("smtp.host") && refused.body.contains(r#"value="2525""#), "{}", refused.body);
    // Another process (kith settings set) changes them: the next request sees it.
    web.store.set_app_settings(r#"{"plan_size": 4}"#).await.unwrap();
    assert!(web.get("/settings").await.body.contains(r#"required value="4""#));
    // No mail server yet: the test message says what is missing.
    let test = web.post_form("/settings/test-mail", &[]).await;
    assert_eq!(test.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(test.body.contains("no test message was sent"), "{}", test.body);
}

#[tokio::test]
async fn followups_are_made_listed_and_done() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    let made =
        web.post_form("/followups", &[("who", "ada"), ("in", "6m"), ("note", "ask how the new job is going")]).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let list = web.store.followups_of(ada, false).await.unwrap();
    assert_eq!(list[0].due_on, chrono::NaiveDate::from_ymd_opt(2027, 5, 22).unwrap());
    web.store.add_followup(ada, days(-3), Some("send the slides".into()), today()).await.unwrap();
    let page = web.get("/followups").await;
    assert!(page.body.contains("ask how the new job is going"));
    assert!(
        page.body.contains(r#"<span class="pill overdue">2026-11-19"#) && !page.body.contains("pill cold"),
        "an overdue promise has its own colour, not the blue of cold: {}",
        page.body
    );
    let done = web.post_form(&format!("/followups/{}/done", list[0].id), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(web.store.followups_of(ada, false).await.unwrap().len(), 1, "the slides are still promised");
    assert!(web.get("/followups?all=1").await.body.contains("done 2026-11-22"));
}

#[tokio::test]
async fn organizations_gather_their_people() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    let made = web.post_form("/orgs", &[("name", "Rust Guild"), ("kind", "association")]).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let org = made.location().to_string();
    let joined = web.post_form(&format!("{org}/members"), &[("who", "Ada"), ("role", "board")]).await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);
    let page = web.get(&org).await;
    assert!(page.body.contains(&format!(r#"href="/contacts/{ada}">Ada Lovelace</a>"#)) && page.body.contains("board"));
    assert!(web.get("/orgs").await.body.contains("Rust Guild"));
    let dup = web.post_form("/orgs", &[("name", "rust guild")]).await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn unknown_things_are_404_pages_with_a_way_back() {
    let web = Web::new().await;
    let page = web.get("/contacts/999").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("contact 999 not found") && page.body.contains(r#"href="/""#));
    assert_eq!(web.get("/no/such/page").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_look_as_they_did() {
    let web = Web::new().await;
    let ada = web
        .add(NewContact {
            name: "Ada Lovelace".into(),
            org: Some("Analytical Engines".into()),
            title: Some("Analyst".into()),
            circle: Some(Circle::Close),
            emails: vec!["ada@engines.example".into()],
            ..Default::default()
        })
        .await;
    let bob = web.person("Bob Babbage").await;
    web.lunch(&[ada, bob], days(-40)).await;
    web.store.add_followup(ada, days(2), Some("send the notes".into()), today()).await.unwrap();
    insta::assert_snapshot!("dashboard", stable(&web.get("/").await.body));
    insta::assert_snapshot!("contact", stable(&web.get(&format!("/contacts/{ada}")).await.body));
    insta::assert_snapshot!("contacts", stable(&web.get("/contacts?sort=warmth").await.body));
}

#[tokio::test]
async fn the_dashboard_follows_writes_made_by_another_process() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    assert!(web.get("/").await.body.contains(&format!("suggest-{ada}")));
    // The CLI (or another server) logs a lunch in the same database.
    web.lunch(&[ada], today()).await;
    // Seen within a moment: the first look after the change may get the previous plan while the
    // new one is computed (readers never wait behind someone else's write).
    web.get_once("/", |b| !b.contains(&format!("suggest-{ada}"))).await;
}

#[tokio::test]
async fn a_reader_gets_the_previous_plan_while_it_is_recomputed_but_a_writer_sees_their_change() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    let grace = web.person("Grace Hopper").await;
    let alan = web.person("Alan Turing").await;
    let as_browser = |who: &'static str| {
        move |path: &str| {
            let mut r = Request::get(path).header(header::HOST, HOST).body(Body::empty()).unwrap();
            r.extensions_mut().insert(ConnectInfo(who.parse::<std::net::SocketAddr>().unwrap()));
            r
        }
    };
    let (reader, writer) = (as_browser("192.0.2.1:1000"), as_browser("192.0.2.2:1000"));
    assert!(web.send(reader("/")).await.body.contains(&format!("suggest-{ada}")));
    // Grace is seen by another process (as `kith log` would): once the server notices, the reader
    // is not kept waiting for the reports to be recomputed but given the previous ones at once…
    web.lunch(&[grace], today()).await;
    tokio::time::sleep(std::time::Duration::from_millis(250)).await; // past the version's 200 ms
    let stale = web.send(reader("/")).await.body;
    assert!(stale.contains(&format!("suggest-{grace}")), "the previous plan, served while the new one is made");
    // …and the new ones a moment later.
    let started = std::time::Instant::now();
    while web.send(reader("/")).await.body.contains(&format!("suggest-{grace}")) {
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // The writer logs lunch with Ada through the server and looks at once: Ada is off the plan.
    let mut log = Request::post("/api/v1/interactions")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!(r#"{{"contacts":[{ada}],"kind":"lunch"}}"#)))
        .unwrap();
    log.extensions_mut().insert(ConnectInfo("192.0.2.2:1000".parse::<std::net::SocketAddr>().unwrap()));
    assert!(web.send(log).await.status.is_success());
    let seen = web.send(writer("/")).await.body;
    assert!(!seen.contains(&format!("suggest-{ada}")), "a writer sees their own change at once");
    assert!(seen.contains(&format!("suggest-{alan}")));
    // Another reader sees it too, at once or within a moment.
    let started = std::time::Instant::now();
    while web.send(reader("/")).await.body.contains(&format!("suggest-{ada}")) {
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_contact_page_shows_what_was_logged_since_it_was_last_seen() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    let path = format!("/contacts/{ada}");
    assert!(!web.get(&path).await.body.contains("board retreat"));
    // Logged through this server: the next view shows it at once.
    let logged = web.post_form(&format!("{path}/log"), &[("kind", "lunch"), ("note", "board retreat")]).await;
    assert!(logged.status.is_redirection(), "{}", logged.status);
    assert!(web.get(&path).await.body.contains("board retreat"));
    // Logged by another process in the same database: seen once the server looks again.
    web.store
        .log_interaction(
            kith_core::NewInteraction {
                contacts: vec![ada],
                kind: kith_core::InteractionKind::Call,
                on: today(),
                minutes: None,
                note: Some("call about the grant".into()),
                gave: None,
                got: None,
                they_initiated: false,
                favor_with: None,
                fulfills: Vec::new(),
            },
            0.7,
        )
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    assert!(web.get(&path).await.body.contains("call about the grant"));
}

#[tokio::test]
async fn a_touch_is_changed_from_the_timeline() {
    let web = Web::new().await;
    let ada = web.person("Ada Lovelace").await;
    let bob = web.person("Bob Byte").await;
    web.lunch(&[ada, bob], days(-5)).await;
    let touch = web.store.timeline(ada, None).await.unwrap()[0].id;
    let page = web.get(&format!("/contacts/{ada}")).await;
    let link = format!(r#"href="/interactions/{touch}/edit?back=/contacts/{ada}""#);
    assert!(page.body.contains(&link), "the timeline offers the change: {}", page.body);

    let form = web.get(&format!("/interactions/{touch}/edit?back=/contacts/{ada}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains(&format!(r#"value="Ada Lovelace (#{ada}), Bob Byte (#{bob})""#)),
        "who was there, prefilled: {}",
        form.body
    );
    assert!(form.body.contains(r#"<option value="lunch" selected>lunch</option>"#));

    // Bob was not there after all, and it was a coffee on another day, with a note.
    let fields = [
        ("kind", "coffee"),
        ("on", "2026-11-10"),
        ("minutes", "30"),
        ("with", "Ada"),
        ("note", "talked about the new role"),
        ("gave", ""),
        ("got", ""),
        ("favor_with", ""),
        ("back", "/contacts/1"),
    ];
    let saved = web.post_form(&format!("/interactions/{touch}/edit"), &fields).await;
    assert_eq!((saved.status, saved.location()), (StatusCode::SEE_OTHER, "/contacts/1"), "{}", saved.body);
    let changed = web.store.interaction(touch).await.unwrap();
    assert_eq!(
        (changed.kind.as_str(), changed.on.to_string(), changed.minutes),
        ("coffee", "2026-11-10".into(), Some(30))
    );
    assert_eq!(changed.with.iter().map(|p| p.id).collect::<Vec<_>>(), vec![ada]);
    assert_eq!(changed.note.as_deref(), Some("talked about the new role"));
    assert!(web.store.timeline(bob, None).await.unwrap().is_empty(), "Bob's warmth no longer counts it");

    // A day after today is refused, the form keeps what was typed, nothing changes.
    let mut future = fields;
    future[1] = ("on", "2026-12-01");
    future[4] = ("note", "typed, and kept on the page");
    let refused = web.post_form(&format!("/interactions/{touch}/edit"), &future).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("on &#39;2026-12-01&#39;") || refused.body.contains("on '2026-12-01'"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("typed, and kept on the page"));
    assert_eq!(web.store.interaction(touch).await.unwrap(), changed);
    assert_eq!(web.get("/interactions/999/edit").await.status, StatusCode::NOT_FOUND);
}
