//! Isolation between accounts, route by route: every route the app answers (listed from the router
//! and the OpenAPI document, see `kith_web::route_list`) is tried by Ada with Grace's ids, on both
//! backends. A route without a case in `isolation_cases.rs` fails the suite.
//!
//! How "exactly like a missing one" is shown: two servers are built the same way, with Ada and
//! Grace each holding a full network; on the second, Grace's account is then deleted, so her ids
//! are missing there. Every request Ada sends goes to both, and the answers must be the same
//! (status, redirect and body). Each case is also sent with Ada's own ids of the same kinds, and
//! must succeed: that proves the request reaches the lookup rather than failing on its form.
//! Afterwards Grace's network is unchanged, and Ada's is the same on both servers.

use std::collections::BTreeMap;

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode, header},
};
use chrono::Utc;
use kith_core::{
    Circle, InteractionKind, NewContact, NewInteraction,
    career::NewAccomplishment,
    event::{EventKind, NewEvent},
    goal::{Goal, Measure, Period},
    relationship::{NewRelationship, RelationKind},
    signal::{NewSignal, SignalKind},
};
use kith_store::{ImportContact, ImportOptions, NewCampaign, NewImportDraft, Store};
use kith_web::{html::forms::encode, route_list::every_route};

use crate::isolation_cases::{Case, Payload, case};
use crate::support::{Answer, Database, HOST, Web, days, session_of, today};

const ADA: (&str, &str) = ("ada@example.org", "analytical engine notes");
const GRACE: (&str, &str) = ("grace@example.org", "a ship in harbor is safe");

/// A network shared by both accounts' seeds: the demo's backup (people, touches, events, goals,
/// signals, a campaign, career), so every page has something to show.
const DEMO_BACKUP: &[u8] = include_bytes!("../../../kith-formats/fuzz/seeds/backup_edit/demo.json");

/// Ids of one account's things, by the placeholder the cases use for them (`<contact>`, …).
type Ids = BTreeMap<&'static str, String>;

/// One server and Ada's session on it.
struct World {
    web: Web,
    ada: String,
    /// Grace's ids (missing on the second world, where her account was deleted).
    grace: Ids,
    /// A set of Ada's things for each case, made before the server starts (a case may change or
    /// delete what it is given, and what is written beside a server shows on its reports only
    /// after a moment).
    own: Vec<Ids>,
}

#[tokio::test]
async fn another_accounts_ids_answer_as_missing_ones_on_every_route() {
    let routes = every_route();
    let without: Vec<String> = routes
        .iter()
        .filter(|r| case(&r.method, &r.path).is_none())
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(without.is_empty(), "routes with no isolation case (add one to isolation_cases.rs): {without:#?}");

    for (one, other) in Database::each().await.into_iter().zip(Database::each().await) {
        let backend = one.backend;
        let mut theirs = World::new(one, false, routes.len()).await;
        let mut missing = World::new(other, true, routes.len()).await;
        let before = Snapshot::of(&theirs, &theirs.grace).await;

        for (n, route) in routes.iter().enumerate() {
            let case = case(&route.method, &route.path).unwrap();
            let what = format!("{backend}: {} {} as {}", route.method, route.path, case.target);
            let (own_a, own_b) = (theirs.own[n].clone(), missing.own[n].clone());
            // Grace's ids, on the server where they are hers and on the one where they are missing.
            let a = theirs.send(&case, &theirs.grace).await;
            let b = missing.send(&case, &missing.grace).await;
            let (seen_a, seen_b) = (theirs.seen(&a, &[&theirs.grace]), missing.seen(&b, &[&missing.grace]));
            assert_same(&seen_a, &seen_b, &format!("{what}: another account's ids answer unlike missing ones"));
            if case.has_ids() && case.accepts_foreign.is_none() {
                assert!(!worked(&a), "{what}: another account's ids were accepted: {} {}", a.location(), a.body);
            }
            if route.path == "/logout" {
                theirs.sign_in().await;
                missing.sign_in().await;
            }
            if case.no_control.is_some() {
                continue;
            }
            if !case.has_ids() {
                // Nothing of Grace's in the request: it was Ada's own, and worked.
                assert!(worked(&a), "{what}: answered {}: {} {}", a.status, a.location(), a.body);
                continue;
            }
            // Ada's own ids of the same kinds: the request reaches the lookup and succeeds.
            let a = theirs.send(&case, &own_a).await;
            let b = missing.send(&case, &own_b).await;
            assert!(worked(&a), "{what}: with Ada's own ids it answered {}: {} {}", a.status, a.location(), a.body);
            let (seen_a, seen_b) = (theirs.seen(&a, &[&own_a]), missing.seen(&b, &[&own_b]));
            assert_same(&seen_a, &seen_b, &format!("{what}: Ada's answers differ"));
            if route.path == "/logout" {
                theirs.sign_in().await;
                missing.sign_in().await;
            }
        }

        assert_eq!(Snapshot::of(&theirs, &theirs.grace).await, before, "{backend}: Grace's network changed");
        // Ada's own network came out the same on both servers (uids and times aside).
        let backup = |snapshot| without_random(&kith_formats::backup::write(&snapshot, today()));
        let ada_a = backup(theirs.web.store.snapshot().await.unwrap());
        let ada_b = backup(missing.web.store.snapshot().await.unwrap());
        let (ada_a, ada_b) = ((StatusCode::OK, String::new(), ada_a), (StatusCode::OK, String::new(), ada_b));
        assert_same(&ada_a, &ada_b, &format!("{backend}: Ada's networks differ"));
    }
}

/// Whether an answer is what a request that did its work gets: a page, a JSON answer, or a
/// redirect that does not carry an error.
fn worked(answer: &Answer) -> bool {
    answer.status.is_success() || (answer.status.is_redirection() && !answer.location().contains("error"))
}

/// What Grace has, as read from her side: her network and what is not in a backup.
#[derive(Debug, PartialEq)]
struct Snapshot {
    network: kith_core::snapshot::Snapshot,
    sources: Vec<(i64, String, bool)>,
    app_passwords: Vec<String>,
    api_tokens: Vec<String>,
    draft: String,
}

impl Snapshot {
    async fn of(world: &World, ids: &Ids) -> Snapshot {
        let accounts = world.web.store.accounts().await.unwrap();
        let grace = accounts.iter().find(|a| a.email == GRACE.0).unwrap().owner;
        let store = world.web.store.as_owner(grace);
        let sources = store.sources().await.unwrap().into_iter().map(|s| (s.id, s.name, s.paused)).collect();
        let app_passwords = store.app_passwords().await.unwrap().into_iter().map(|p| p.name).collect();
        let api_tokens = store.api_tokens().await.unwrap().into_iter().map(|t| t.name).collect();
        let draft = store.import_draft(&ids["<draft>"]).await.unwrap().draft.file_name;
        Snapshot { network: store.snapshot().await.unwrap(), sources, app_passwords, api_tokens, draft }
    }
}

impl World {
    /// Ada and Grace, each with the demo network and one of everything, and `cases` more sets of
    /// Ada's; without Grace's account (deleted after it was filled) when `grace_deleted`.
    async fn new(db: Database, grace_deleted: bool, cases: usize) -> World {
        let store = db.store.clone();
        let now = Utc::now();
        let ada = kith_app::accounts::add(store.as_ref(), ADA.0, Some(ADA.1), true, now).await.unwrap();
        let grace = kith_app::accounts::add(store.as_ref(), GRACE.0, Some(GRACE.1), false, now).await.unwrap();
        // Grace's rows first: on SQLite a new row takes the highest id plus one, so Ada's later
        // rows get the same ids on both servers whether Grace's are there or not.
        let mut grace_ids = seed(&store.as_owner(grace.owner), "Grace", &db, 0).await;
        // A feed's secret is its only key (a calendar app sends nothing else): whoever holds it
        // reads that feed, by design. Another's is tried as a secret nobody has.
        grace_ids.insert("<feed>", format!("{}.ics", "0".repeat(64)));
        let ada_store = store.as_owner(ada.owner);
        seed(&ada_store, "Ada", &db, 0).await;
        let mut own = Vec::with_capacity(cases);
        for n in 1..=cases {
            own.push(seed_one_of_each(&ada_store, "Ada", &db, n).await);
        }
        if grace_deleted {
            store.delete_account(GRACE.0, now).await.unwrap();
        }
        let web = Web::with_accounts_on(db);
        let ada = sign_in(&web).await;
        World { web, ada, grace: grace_ids, own }
    }

    /// Signs Ada in again (after the case that signs out).
    async fn sign_in(&mut self) {
        self.ada = sign_in(&self.web).await;
    }

    async fn send(&self, case: &Case, ids: &Ids) -> Answer {
        let target = fill(case.target, ids, true);
        let mut request = Request::builder()
            .method(case.method)
            .uri(&target)
            .header(header::HOST, HOST)
            .header(header::COOKIE, &self.ada);
        if case.method != "GET" {
            request = request.header("sec-fetch-site", "same-origin").header(header::ORIGIN, format!("http://{HOST}"));
        }
        let body = match &case.body {
            Payload::None => Body::empty(),
            Payload::Form(form) => {
                request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::from(fill(form, ids, true))
            }
            Payload::Json(json) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(fill(json, ids, false))
            }
            Payload::Multipart { field, file_name, content, fields } => {
                const BOUNDARY: &str = "kith-isolation-boundary";
                request = request.header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"));
                let mut body = String::new();
                for (name, value) in *fields {
                    body +=
                        &format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
                }
                body += &format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n{}\r\n--{BOUNDARY}--\r\n",
                    fill(content, ids, false)
                );
                Body::from(body)
            }
        };
        let mut request = request.body(body).unwrap();
        request.extensions_mut().insert(ConnectInfo("192.0.2.1:5000".parse::<std::net::SocketAddr>().unwrap()));
        self.web.send(request).await
    }

    /// What a user sees of an answer, with the secrets that differ from server to server (import
    /// drafts, feed names) written as their placeholders.
    fn seen(&self, answer: &Answer, ids: &[&Ids]) -> (StatusCode, String, String) {
        let mut location = answer.location().to_string();
        // Files the sources read sit in each server's own directory.
        let mut body = answer.body.replace(&self.web._db.as_ref().unwrap().dir.path().display().to_string(), "<dir>");
        for (name, value) in ids.iter().flat_map(|i| i.iter()) {
            if value.parse::<i64>().is_err() && value.len() >= 16 {
                location = location.replace(value.as_str(), name);
                body = body.replace(value.as_str(), name);
            }
        }
        (answer.status, location, without_random(&body))
    }
}

/// `text` with what differs from one server to the other written as a placeholder: secrets made
/// at random (app passwords `abcd-efgh-…`, import drafts' tokens), uids, and times.
fn without_random(text: &str) -> String {
    const SHAPES: [(&str, &str); 2] =
        [("xxxx-xxxx-xxxx-xxxx-xxxx-xxxx", "<new app password>"), ("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", "<uid>")];
    let fits = |w: &[u8], shape: &str| {
        w.iter().zip(shape.bytes()).all(|(b, s)| if s == b'-' { *b == b'-' } else { b.is_ascii_alphanumeric() })
    };
    let bytes = text.as_bytes();
    let (mut out, mut i) = (String::with_capacity(text.len()), 0);
    'text: while i < bytes.len() {
        // Import drafts' tokens and other secrets: long runs of hexadecimal digits.
        let hex = bytes[i..].iter().take_while(|b| b.is_ascii_hexdigit()).count();
        if hex >= 32 {
            out.push_str("<token>");
            i += hex;
            continue;
        }
        if let Some(length) = timestamp_at(&bytes[i..]) {
            out.push_str("<time>");
            i += length;
            continue;
        }
        for (shape, placeholder) in SHAPES {
            if i + shape.len() <= bytes.len() && fits(&bytes[i..i + shape.len()], shape) {
                out.push_str(placeholder);
                i += shape.len();
                continue 'text;
            }
        }
        let c = text[i..].chars().next().unwrap();
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The length of the time `bytes` starts with, if any: RFC 3339 (`2026-12-08T01:12:14.0415Z`) or
/// a vCard's `REV` (`20261208T011334Z`), or as a page shows it (`2026-12-08 01:14 UTC`).
fn timestamp_at(bytes: &[u8]) -> Option<usize> {
    let fits = |shape: &[u8]| {
        bytes.len() >= shape.len()
            && shape.iter().zip(bytes).all(|(s, b)| if *s == b'd' { b.is_ascii_digit() } else { s == b })
    };
    if fits(b"ddddddddTddddddZ") {
        return Some(16);
    }
    if fits(b"dddd-dd-dd dd:dd UTC") {
        return Some(20);
    }
    const SHAPE: &[u8] = b"dddd-dd-ddTdd:dd:dd";
    if !fits(SHAPE) {
        return None;
    }
    let mut n = SHAPE.len();
    if bytes.get(n) == Some(&b'.') {
        n += 1 + bytes[n + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
    }
    match bytes.get(n) {
        Some(b'Z') => n += 1,
        Some(b'+' | b'-') if bytes.len() >= n + 6 => n += 6,
        _ => {}
    }
    Some(n)
}

/// Fails with where two answers first differ, rather than both whole pages.
fn assert_same(a: &(StatusCode, String, String), b: &(StatusCode, String, String), what: &str) {
    if a == b {
        return;
    }
    let at = a.2.bytes().zip(b.2.bytes()).position(|(x, y)| x != y).unwrap_or(a.2.len().min(b.2.len()));
    let around = |s: &str| {
        let start = s.floor_char_boundary(at.saturating_sub(300));
        let end = s.ceil_char_boundary((at + 300).min(s.len()));
        s[start..end].to_string()
    };
    panic!("{what}\n  first: {} {:?} …{}…\n  other: {} {:?} …{}…", a.0, a.1, around(&a.2), b.0, b.1, around(&b.2));
}

async fn sign_in(web: &Web) -> String {
    session_of(&web.sign_in(ADA.0, ADA.1, "192.0.2.1:5000").await)
}

/// `template` with each `<placeholder>` replaced by its value, URL-encoded for a URL or a form.
fn fill(template: &str, ids: &Ids, url: bool) -> String {
    ids.iter().fold(template.to_string(), |text, (name, value)| {
        text.replace(name, &if url { encode(value) } else { value.clone() })
    })
}

/// The demo network, then one of everything a route can name.
async fn seed(store: &std::sync::Arc<dyn Store>, who: &str, db: &Database, n: usize) -> Ids {
    let backup = kith_formats::backup::read(DEMO_BACKUP).unwrap();
    store.restore(backup.snapshot, &import_options()).await.unwrap();
    seed_one_of_each(store, who, db, n).await
}

fn import_options() -> ImportOptions {
    ImportOptions {
        today: today(),
        dry_run: false,
        circle: Circle::Dormant,
        me: Vec::new(),
        weights: kith_core::Weights::default(),
    }
}

/// One of each thing a route can name, with `who` and `n` in its names (they are unique per
/// account): two contacts related and lunched with, a follow-up, an organization both work at,
/// an event, a goal, a campaign, an accomplishment, a signal, a synced calendar with someone to
/// suggest, an API token, an app password, an import draft, someone imported, a merge to undo,
/// and the feed's name.
async fn seed_one_of_each(store: &std::sync::Arc<dyn Store>, who: &str, db: &Database, n: usize) -> Ids {
    let now = Utc::now();
    let org = format!("{who} Labs {n}");
    let person = |name: String| NewContact {
        name,
        emails: vec![format!("{}@{}.example", n, who.to_lowercase())],
        org: Some(org.clone()),
        circle: Some(Circle::Close),
        ..Default::default()
    };
    let contact = store.add_contact(person(format!("{who} Friend {n}")), days(-300)).await.unwrap();
    let second = NewContact { emails: Vec::new(), ..person(format!("{who} Colleague {n}")) };
    let contact2 = store.add_contact(second, days(-300)).await.unwrap();
    let touch = store
        .log_interaction(
            NewInteraction {
                contacts: vec![contact, contact2],
                kind: InteractionKind::Lunch,
                on: days(-2),
                minutes: None,
                note: Some(format!("{who}'s lunch")),
                gave: None,
                got: None,
                they_initiated: false,
                favor_with: None,
                fulfills: Vec::new(),
            },
            1.0,
        )
        .await
        .unwrap();
    // A coffee with the first alone: warmer than the second, so an introduction runs through them.
    let coffee = NewInteraction {
        contacts: vec![contact],
        kind: InteractionKind::Coffee,
        on: days(-1),
        minutes: None,
        note: None,
        gave: None,
        got: None,
        they_initiated: false,
        favor_with: None,
        fulfills: Vec::new(),
    };
    store.log_interaction(coffee, 1.0).await.unwrap();
    let followup = store.add_followup(contact, days(7), Some("send the deck".into()), today()).await.unwrap();
    let (kind, turned): (RelationKind, bool) = RelationKind::parse("colleague", None).unwrap();
    let related = NewRelationship::new(contact, kind, turned, contact2, None, None, None).unwrap();
    let relationship = store.relate(related).await.unwrap().id;
    let (org_id, org_name) = store.org_named(&org).await.unwrap().unwrap();
    let event = NewEvent {
        title: format!("{who} meetup {n}"),
        kind: EventKind::Meeting,
        on: days(-3),
        org: Some(org_name.clone()),
        minutes: None,
        note: None,
        with: vec![contact],
        met: Vec::new(),
    };
    let event = store.add_event(event.validate(today()).unwrap(), today(), 1.0).await.unwrap();
    // A goal of its own (the cases remove some): interactions of three or more kinds, a
    // different choice of kinds for each set.
    let kinds = (0u32..512).filter(|bits| bits.count_ones() >= 3).nth(n).unwrap();
    let kinds = InteractionKind::ALL.into_iter().enumerate().filter(|(i, _)| kinds & (1 << i) != 0).map(|(_, k)| k);
    let goal = Goal { measure: Measure::Interactions(kinds.collect()), period: Period::Week, target: 2 };
    let goal = store.add_goal(goal).await.unwrap();
    let campaign = NewCampaign {
        name: format!("{who} search {n}"),
        subject: "Coffee soon?".into(),
        body: "It has been a while; coffee soon?".into(),
        contacts: vec![contact, contact2],
    };
    let campaign = store.create_campaign(campaign, today()).await.unwrap();
    let accomplishment =
        NewAccomplishment { title: format!("{who} shipped {n}"), on: days(-5), outcome: None, link: None };
    let accomplishment = store.add_accomplishment(accomplishment, today()).await.unwrap();
    let signal = NewSignal {
        org: Some(org_name.clone()),
        field: None,
        kind: SignalKind::Hiring,
        on: days(-1),
        from: Some(contact),
        note: None,
    };
    let signal = store.add_signal(signal.validate(today()).unwrap(), today()).await.unwrap();
    // A calendar with a meeting with someone who is not a contact yet: a suggestion, once synced.
    let me = format!("me@{}.example", who.to_lowercase());
    let stranger = format!("stranger-{n}@{}.example", who.to_lowercase());
    let calendar = db.dir.path().join(format!("{}-{n}.ics", who.to_lowercase()));
    let meeting = format!(
        "BEGIN:VEVENT\r\nUID:{who}-{n}\r\nDTSTART:20261110T120000Z\r\nDTEND:20261110T130000Z\r\nSUMMARY:Lunch\r\n\
         ORGANIZER:mailto:{me}\r\nATTENDEE;CN=\"Stranger\":mailto:{stranger}\r\nEND:VEVENT\r\n"
    );
    let ics = format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kith//test//EN\r\n{meeting}END:VCALENDAR\r\n");
    std::fs::write(&calendar, ics).unwrap();
    let source = kith_app::sources::config::NewSourceRequest {
        kind: "ics".into(),
        name: format!("{}-calendar-{n}", who.to_lowercase()),
        url: calendar.display().to_string(),
        ..Default::default()
    };
    let key_file = db.dir.path().join("secret.key");
    let source = kith_app::sources::view::add(store.as_ref(), &key_file, &source, now).await.unwrap().id;
    let settings = kith_app::Settings { me: vec![me], ..Default::default() };
    let ctx = kith_app::sources::SyncContext {
        store: store.as_ref(),
        settings: &settings,
        key_file: &key_file,
        today: today(),
        now,
        holder: "isolation",
    };
    let synced = kith_app::sources::sync_one(ctx, &store.source(source).await.unwrap().unwrap()).await.unwrap();
    assert!(synced.error.is_none(), "{synced:?}");
    // Someone imported, waiting in the triage.
    let imported = ImportContact {
        line: 2,
        contact: NewContact { name: format!("{who} Imported {n}"), ..Default::default() },
        extra: Vec::new(),
        connected_on: None,
    };
    let batch = kith_store::ImportBatch { contacts: vec![imported], ..Default::default() };
    let unsorted = store.import(batch, &import_options()).await.unwrap().created_ids[0];
    let api_token = format!("{who} script {n}");
    kith_app::api_tokens::add(store.as_ref(), &api_token, kith_store::TokenScope::Write, now).await.unwrap();
    let app_password = format!("{who} phone {n}");
    // Never checked here: any hash will do, and hashing for each set would be slow.
    store.add_app_password(&app_password, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", now).await.unwrap();
    let request = kith_app::exchange::ImportRequest {
        format: kith_app::exchange::ImportFormat::Vcard,
        circle: Circle::Dormant,
        me: Vec::new(),
        skip_invalid: false,
        map: None,
    };
    let draft = NewImportDraft {
        format: "vcard".into(),
        options: serde_json::to_string(&request).unwrap(),
        file_name: format!("{}-{n}.vcf", who.to_lowercase()),
        content: format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{who} Imported {n}\r\nEND:VCARD\r\n").into_bytes(),
    };
    let draft = store.save_import_draft(draft, now).await.unwrap();
    // A merge to undo: a double of the first contact, merged into it.
    let double = NewContact { emails: Vec::new(), ..person(format!("{who} Double {n}")) };
    let double = store.add_contact(double, days(-200)).await.unwrap();
    store.merge_contacts(contact2, double, &kith_core::ContactPatch::default()).await.unwrap();
    let feed = format!("{}.ics", store.feed_token().await.unwrap());

    let ids: [(&'static str, String); 22] = [
        ("<contact>", contact.to_string()),
        ("<contact2>", contact2.to_string()),
        ("<touch>", touch.to_string()),
        ("<followup>", followup.to_string()),
        ("<relationship>", relationship.to_string()),
        ("<org>", org_id.to_string()),
        ("<org_name>", org_name),
        ("<event>", event.to_string()),
        ("<goal>", goal.to_string()),
        ("<campaign>", campaign.to_string()),
        ("<campaign_contact>", contact.to_string()),
        ("<accomplishment>", accomplishment.to_string()),
        ("<signal>", signal.to_string()),
        ("<source>", source.to_string()),
        ("<draft>", draft),
        ("<app_password>", app_password),
        ("<api_token>", api_token),
        ("<feed>", feed),
        ("<double>", double.to_string()),
        ("<who>", who.to_string()),
        ("<unsorted>", unsorted.to_string()),
        ("<suggestion>", stranger),
    ];
    ids.into_iter().collect()
}

#[test]
fn every_route_is_built_from_a_listed_table() {
    // A route added with `.route(…)` outside `listed_routes!` would be served and not listed.
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut unlisted = Vec::new();
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // The macro's own expansion, and the API's document, which `every_route` adds by name.
            let in_table = path.ends_with("route_list.rs");
            let document = path.ends_with("api/mod.rs");
            for (i, line) in text.lines().enumerate() {
                if line.contains(".route(") && !in_table && !(document && line.contains("router.route(")) {
                    unlisted.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(unlisted.is_empty(), "routes outside listed_routes!: {unlisted:#?}");
    let routes = every_route();
    assert!(routes.len() > 120, "{} routes listed", routes.len());
    assert!(routes.iter().any(|r| r.method == "PATCH" && r.path == "/api/v1/contacts/{id}"));
    assert!(routes.iter().any(|r| r.method == "POST" && r.path == "/contacts/{id}/log"));
    assert!(routes.iter().any(|r| r.method == "ANY" && r.path == "/dav/{*rest}"));
}
