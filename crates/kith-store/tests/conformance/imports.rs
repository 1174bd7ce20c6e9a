//! Imports on every backend: duplicates merged and never doubled, nothing overwritten silently,
//! touches recorded once however often a file is imported, and dry runs that write nothing.

use chrono::NaiveDate;
use kith_core::{Circle, InteractionKind, NewContact, Weights, contact::Cadenced, merge::MatchedBy};
use kith_store::{ContactFilter, ImportBatch, ImportContact, ImportOptions, ImportTouch};

use crate::support::{Env, days, today};

fn options() -> ImportOptions {
    ImportOptions {
        today: today(),
        dry_run: false,
        circle: Circle::Dormant,
        me: vec!["me@home.org".into()],
        weights: Weights::default(),
    }
}

fn record(line: usize, contact: NewContact) -> ImportContact {
    ImportContact { line, contact, extra: Vec::new(), connected_on: None }
}

fn named(name: &str) -> NewContact {
    NewContact { name: name.into(), ..Default::default() }
}

fn connections() -> ImportBatch {
    let mut ada = record(
        5,
        NewContact {
            linkedin: Some("https://www.linkedin.com/in/ada".into()),
            org: Some("Analytical Engines".into()),
            title: Some("Mathematician".into()),
            ..named("Ada Lovelace")
        },
    );
    ada.connected_on = Some(days(-30));
    let mut grace = record(6, NewContact { emails: vec!["grace@navy.mil".into()], ..named("Grace Hopper") });
    grace.connected_on = Some(days(-400));
    ImportBatch { contacts: vec![ada, grace], touches: Vec::new(), linkedin_connections: Some(2), current_jobs: true }
}

async fn an_import_creates_dormant_contacts_with_a_weak_connection_touch(env: &Env) {
    let s = &env.store;
    let report = s.import(connections(), &options()).await.unwrap();
    assert_eq!((report.created, report.merged, report.interactions), (2, 0, 2));
    let ada = s.contact(report.created_ids[0]).await.unwrap();
    assert_eq!(ada.circle, Circle::Dormant, "imported contacts are never nagged until sorted");
    assert_eq!(ada.org.as_deref(), Some("Analytical Engines"));
    assert_eq!(ada.due_on(), None);
    let timeline = s.timeline(ada.id, None).await.unwrap();
    assert_eq!((timeline[0].kind, timeline[0].on), (InteractionKind::Social, days(-30)));
    assert!(ada.summary(today()).warmth < 0.5, "a connection alone does not make anyone warm");
    assert_eq!(s.linkedin_connections().await.unwrap(), Some((2, today())));
}

async fn importing_the_same_file_twice_merges_and_adds_nothing(env: &Env) {
    let s = &env.store;
    s.import(connections(), &options()).await.unwrap();
    let again = s.import(connections(), &options()).await.unwrap();
    assert_eq!((again.created, again.merged, again.interactions), (0, 2, 0));
    assert_eq!(again.merges[0].matched_by, MatchedBy::Linkedin);
    assert_eq!(again.merges[1].matched_by, MatchedBy::Email);
    assert!(again.merges.iter().all(|m| m.added.is_empty() && m.kept.is_empty()));
    assert_eq!(s.count_contacts().await.unwrap(), 2);
    let ada = s.resolve("Ada Lovelace").await.unwrap();
    assert_eq!(s.timeline(ada, None).await.unwrap().len(), 1);
}

async fn a_merge_fills_gaps_and_reports_what_it_kept(env: &Env) {
    let s = &env.store;
    let id = s
        .add_contact(
            NewContact {
                emails: vec!["ada@example.org".into()],
                org: Some("Analytical Engines".into()),
                ..named("Ada Lovelace")
            },
            today(),
        )
        .await
        .unwrap();
    let incoming = NewContact {
        emails: vec!["ADA@example.org".into(), "countess@example.org".into()],
        org: Some("Babbage & Co".into()),
        title: Some("Analyst".into()),
        tags: vec!["math".into()],
        ..named("Ada Lovelace")
    };
    let mut rec = record(9, incoming);
    rec.extra = vec!["X-ABLABEL:friend".into()];
    let batch = ImportBatch { contacts: vec![rec], ..Default::default() };
    let report = s.import(batch, &options()).await.unwrap();
    assert_eq!((report.created, report.merged), (0, 1));
    let note = &report.merges[0];
    assert_eq!((note.line, note.id, note.matched_by), (9, Some(id), MatchedBy::Email));
    assert_eq!(note.added, vec!["email", "tag", "title"]);
    assert_eq!((note.kept[0].field.as_str(), note.kept[0].offered.as_str()), ("org", "Babbage & Co"));
    let ada = s.contact(id).await.unwrap();
    assert_eq!(ada.emails, vec!["ada@example.org", "countess@example.org"]);
    assert_eq!(ada.org.as_deref(), Some("Analytical Engines"), "never overwritten silently");
    assert_eq!(ada.title.as_deref(), Some("Analyst"));
    assert_eq!(ada.circle, Circle::Active, "a merge does not move a sorted contact back to dormant");
    assert_eq!(s.extras(id).await.unwrap(), vec!["X-ABLABEL:friend"]);
}

async fn a_file_listing_someone_twice_creates_one_contact(env: &Env) {
    let s = &env.store;
    let batch = ImportBatch {
        contacts: vec![
            record(2, NewContact { phones: vec!["+44 20 7946 0018".into()], ..named("Bo Li") }),
            record(3, NewContact { phones: vec!["020 7946 0018".into()], title: Some("CTO".into()), ..named("Bo Li") }),
            record(4, named("Cy Ray")),
        ],
        ..Default::default()
    };
    let report = s.import(batch, &options()).await.unwrap();
    assert_eq!((report.created, report.merged), (2, 1));
    assert_eq!((report.merges[0].id, report.merges[0].matched_by), (None, MatchedBy::Phone));
    let bo = s.contact(s.resolve("Bo Li").await.unwrap()).await.unwrap();
    assert_eq!(bo.title.as_deref(), Some("CTO"));
    assert_eq!(bo.phones, vec!["+44 20 7946 0018"]);
}

async fn a_dry_run_reports_and_writes_nothing(env: &Env) {
    let s = &env.store;
    let report = s.import(connections(), &ImportOptions { dry_run: true, ..options() }).await.unwrap();
    assert_eq!(report.created, 2);
    assert_eq!(s.count_contacts().await.unwrap(), 0);
    assert_eq!(s.linkedin_connections().await.unwrap(), None);
    assert_eq!(s.sync_token().await.unwrap(), 0);
}

async fn an_invalid_record_writes_nothing(env: &Env) {
    let s = &env.store;
    let mut batch = connections();
    batch.contacts.push(record(7, NewContact { emails: vec!["not-an-address".into()], ..named("Bad Mail") }));
    let err = s.import(batch, &options()).await.unwrap_err();
    assert!(err.to_string().contains("not-an-address"), "{err}");
    assert_eq!(s.count_contacts().await.unwrap(), 0);
}

fn mail(key: &str, on: NaiveDate, from: &str, to: &[&str]) -> ImportTouch {
    ImportTouch {
        line: 1,
        key: key.into(),
        kind: InteractionKind::Email,
        on,
        minutes: None,
        note: Some(format!("subject {key}")),
        from: Some(from.into()),
        to: to.iter().map(|a| a.to_string()).collect(),
        replies_to: Vec::new(),
    }
}

async fn mail_touches_are_matched_by_address_and_recorded_once(env: &Env) {
    let s = &env.store;
    let ann =
        s.add_contact(NewContact { emails: vec!["ann@x.org".into()], ..named("Ann Lee") }, days(-900)).await.unwrap();
    let bo = s
        .add_contact(NewContact { emails: vec!["bo@y.org".into(), "Bo.Li@Z.org".into()], ..named("Bo Li") }, days(-900))
        .await
        .unwrap();
    let before = s.contact(ann).await.unwrap().due_on();
    let mailbox = || ImportBatch {
        touches: vec![
            mail("mid:1", days(-3), "ANN@x.org", &["me@home.org"]),
            mail("mid:2", days(-2), "me@home.org", &["ann@x.org", "bo.li@z.org", "stranger@w.org"]),
            mail("mid:3", days(-1), "stranger@w.org", &["me@home.org"]),
            mail("mid:4", days(5), "ann@x.org", &["me@home.org"]),
        ],
        ..Default::default()
    };
    let first = s.import(mailbox(), &options()).await.unwrap();
    assert_eq!((first.interactions, first.unmatched, first.duplicates, first.future), (2, 1, 0, 1));
    assert_eq!(first.unknown_correspondents[0].address, "stranger@w.org");
    assert_eq!(first.unknown_correspondents[0].messages, 2);
    let timeline = s.timeline(ann, None).await.unwrap();
    assert_eq!(timeline.len(), 2);
    assert_eq!(timeline[0].with.len(), 2, "one message to two contacts is one interaction with both");
    assert!(!timeline[0].they_initiated && timeline[1].they_initiated, "the sender initiated it");
    assert_eq!(timeline[1].kind, InteractionKind::Email);
    assert_ne!(s.contact(ann).await.unwrap().due_on(), before, "warmth follows the imported touches");
    assert_eq!(s.timeline(bo, None).await.unwrap().len(), 1);

    let second = s.import(mailbox(), &options()).await.unwrap();
    // Recorded messages are known by their Message-ID; a message with no contact on it left nothing
    // to remember and is simply unmatched again.
    assert_eq!((second.interactions, second.duplicates, second.unmatched), (0, 2, 1));
    assert_eq!(s.timeline(ann, None).await.unwrap().len(), 2);
}

async fn imported_contacts_are_found_by_search(env: &Env) {
    let s = &env.store;
    s.import(connections(), &options()).await.unwrap();
    let f = ContactFilter { search: Some("analytical".into()), ..Default::default() };
    let found = s.list_contacts(&f, today()).await.unwrap();
    assert_eq!(found.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["Ada Lovelace"]);
}

conformance!(
    an_import_creates_dormant_contacts_with_a_weak_connection_touch,
    importing_the_same_file_twice_merges_and_adds_nothing,
    a_merge_fills_gaps_and_reports_what_it_kept,
    a_file_listing_someone_twice_creates_one_contact,
    a_dry_run_reports_and_writes_nothing,
    an_invalid_record_writes_nothing,
    mail_touches_are_matched_by_address_and_recorded_once,
    imported_contacts_are_found_by_search,
);
