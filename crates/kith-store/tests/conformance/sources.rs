//! Sources: added once by name, leased to one sync at a time, batches recorded whole with their
//! state, touches once per Message-ID, and the people seen suggested until they are contacts or
//! dismissed.

use chrono::{DateTime, Duration, Utc};
use kith_core::{InteractionKind, NewContact, Weights};
use kith_store::{ImportTouch, NewSource, SeenPerson, SourceBatch, StoreError, SyncEnd};

use crate::support::{Env, days, today};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-10T09:00:00Z").unwrap().with_timezone(&Utc)
}

fn imap(name: &str) -> NewSource {
    NewSource {
        name: name.into(),
        kind: "imap".into(),
        config: r#"{"host":"mail.example.org"}"#.into(),
        secret: Some(vec![1, 2, 3]),
    }
}

fn mail(id: &str, from: &str, to: &[&str], ago: i64) -> ImportTouch {
    ImportTouch {
        line: 0,
        key: format!("mid:{id}"),
        kind: InteractionKind::Email,
        on: days(-ago),
        minutes: None,
        note: Some("lunch?".into()),
        from: Some(from.into()),
        to: to.iter().map(|t| t.to_string()).collect(),
        replies_to: Vec::new(),
    }
}

fn person(address: &str, written: u64, met: u64, ago: i64) -> SeenPerson {
    SeenPerson { address: address.into(), name: Some("Someone".into()), written, met, last_on: days(-ago) }
}

fn batch(touches: Vec<ImportTouch>, people: Vec<SeenPerson>, state: &str) -> SourceBatch {
    SourceBatch {
        folder: "INBOX".into(),
        touches,
        people,
        restart_folder: false,
        state: state.into(),
        lease_until: now() + Duration::minutes(30),
        today: today(),
        me: vec!["me@home.org".into()],
        weights: Weights::default(),
    }
}

async fn a_source_is_added_once_by_name_paused_and_removed(env: &Env) {
    let s = &env.store;
    let added = s.add_source(imap("work"), now()).await.unwrap();
    assert_eq!(added.state, "{}");
    assert_eq!(added.secret, Some(vec![1, 2, 3]));
    let again = s.add_source(imap(" work "), now()).await.unwrap_err();
    assert!(matches!(&again, StoreError::Invalid(v) if v.field == "NAME"), "{again}");
    s.add_source(imap("home"), now()).await.unwrap();
    let names: Vec<String> = s.sources().await.unwrap().into_iter().map(|x| x.name).collect();
    assert_eq!(names, ["home", "work"]);

    assert_eq!(s.source(added.id).await.unwrap().map(|x| x.name), Some("work".into()));
    assert!(s.source(added.id + 1000).await.unwrap().is_none());
    assert!(s.set_source_paused(added.id, true).await.unwrap());
    assert!(s.sources().await.unwrap().iter().find(|x| x.id == added.id).unwrap().paused);
    assert!(s.remove_source(added.id).await.unwrap());
    assert!(!s.remove_source(added.id).await.unwrap());
    assert_eq!(s.sources().await.unwrap().len(), 1);
}

async fn one_server_at_a_time_syncs_a_source(env: &Env) {
    let s = &env.store;
    let id = s.add_source(imap("work"), now()).await.unwrap().id;
    let until = now() + Duration::minutes(10);
    let claimed = s.claim_source(id, "server-a", now(), until, false).await.unwrap().unwrap();
    assert_eq!(claimed.name, "work", "the source comes back as it stands");
    assert!(
        s.claim_source(id, "server-b", now(), until, false).await.unwrap().is_none(),
        "a running lease keeps others out"
    );
    assert!(
        s.claim_source(id, "server-a", now(), until, false).await.unwrap().is_none(),
        "even the same holder's second sync"
    );
    // A batch from the server without the lease writes nothing.
    let err = s.record_source_batch(id, "server-b", batch(vec![], vec![], r#"{"b":1}"#)).await.unwrap_err();
    assert!(err.to_string().contains("another sync"), "{err}");
    assert_eq!(s.sources().await.unwrap()[0].state, "{}");
    // Each batch of the holder's renews its lease: a long sync is not taken over mid-way.
    s.record_source_batch(id, "server-a", batch(vec![], vec![], "{}")).await.unwrap();
    assert!(
        s.claim_source(id, "server-b", until + Duration::seconds(1), until + Duration::minutes(20), false)
            .await
            .unwrap()
            .is_none()
    );
    // A process stopped mid-sync gives its leases back: only its own.
    let other = s.add_source(imap("other"), now()).await.unwrap().id;
    s.claim_source(other, "kith-sync-7-b", now(), until, false).await.unwrap().unwrap();
    assert_eq!(s.release_sources("kith-sync-7").await.unwrap(), 1, "not server-a's");
    assert_eq!(s.release_sources("").await.unwrap(), 0, "an empty name frees nothing");
    assert!(s.claim_source(other, "server-b", now(), until, false).await.unwrap().is_some(), "free again");
    assert!(s.claim_source(id, "server-b", now(), until, false).await.unwrap().is_none(), "server-a still holds it");
    s.remove_source(other).await.unwrap();
    // Once it runs out (a server that died mid-sync), another may take it.
    let later = now() + Duration::minutes(45);
    assert!(s.claim_source(id, "server-b", later, later + Duration::minutes(20), false).await.unwrap().is_some());

    let end = SyncEnd { at: now(), error: None, next_at: now() + Duration::minutes(5), report: "{}".into() };
    s.end_source_sync(id, "server-b", end).await.unwrap();
    let after = &s.sources().await.unwrap()[0];
    assert_eq!(after.last_ok_at, Some(now()));
    assert_eq!(after.next_at, Some(now() + Duration::minutes(5)));
    // The lease was given back; the schedule takes the source only once it is due again.
    assert!(s.claim_source(id, "server-a", now(), until, true).await.unwrap().is_none(), "not due yet");
    let due = now() + Duration::minutes(6);
    assert!(s.claim_source(id, "server-a", due, due + Duration::minutes(10), true).await.unwrap().is_some());
    let given_back = SyncEnd { at: now(), error: None, next_at: now() + Duration::minutes(5), report: "{}".into() };
    s.end_source_sync(id, "server-a", given_back).await.unwrap();
    assert!(s.claim_source(id, "server-a", now(), until, false).await.unwrap().is_some(), "the lease was given back");

    let failed = SyncEnd {
        at: now(),
        error: Some("AUTHENTICATIONFAILED".into()),
        next_at: now() + Duration::minutes(10),
        report: "{}".into(),
    };
    s.end_source_sync(id, "server-a", failed.clone()).await.unwrap();
    s.claim_source(id, "server-a", now(), until, false).await.unwrap();
    s.end_source_sync(id, "server-a", failed).await.unwrap();
    let after = &s.sources().await.unwrap()[0];
    assert_eq!((after.failures, after.last_error.as_deref()), (2, Some("AUTHENTICATIONFAILED")));
    assert_eq!(after.last_ok_at, Some(now()), "the last good sync is still known");
}

async fn a_batch_records_touches_once_with_its_state(env: &Env) {
    let s = &env.store;
    let ada = s
        .add_contact(
            NewContact { name: "Ada".into(), emails: vec!["Ada@Example.org".into()], ..Default::default() },
            today(),
        )
        .await
        .unwrap();
    let id = s.add_source(imap("work"), now()).await.unwrap().id;
    s.claim_source(id, "me", now(), now() + Duration::minutes(10), false).await.unwrap();
    let touches = vec![
        mail("1@x", "ada@example.org", &["me@home.org"], 3),
        mail("2@x", "me@home.org", &["ada@example.org", "stranger@else.org"], 2),
        mail("3@x", "me@home.org", &["stranger@else.org"], 1),
    ];
    let people = vec![person("stranger@else.org", 2, 0, 1), person("ada@example.org", 1, 0, 2)];
    let r = s.record_source_batch(id, "me", batch(touches.clone(), people, r#"{"INBOX":[7,3]}"#)).await.unwrap();
    assert_eq!((r.recorded, r.duplicates, r.unmatched), (2, 0, 1));
    assert_eq!(s.sources().await.unwrap()[0].state, r#"{"INBOX":[7,3]}"#);
    let timeline = s.timeline(ada, None).await.unwrap();
    assert_eq!(timeline.len(), 2);
    assert!(timeline.iter().any(|i| i.they_initiated), "Ada's own message was hers");

    // The same messages again (a folder read from its start): nothing doubles.
    let mut again = batch(touches, vec![person("stranger@else.org", 2, 0, 1)], r#"{"INBOX":[8,3]}"#);
    again.restart_folder = true;
    let r = s.record_source_batch(id, "me", again).await.unwrap();
    assert_eq!((r.recorded, r.duplicates), (0, 2));
    assert_eq!(s.timeline(ada, None).await.unwrap().len(), 2);
    assert_eq!(s.seen_person("stranger@else.org").await.unwrap().unwrap().written, 2, "counted afresh, not doubled");
}

async fn suggestions_leave_out_contacts_and_dismissed_people(env: &Env) {
    let s = &env.store;
    let id = s.add_source(imap("work"), now()).await.unwrap().id;
    s.claim_source(id, "me", now(), now() + Duration::minutes(10), false).await.unwrap();
    let people = vec![
        person("twice@x.org", 2, 0, 5),
        person("once@x.org", 1, 0, 5),
        person("met@x.org", 0, 1, 40),
        person("known@x.org", 9, 0, 1),
        person("no@x.org", 3, 0, 1),
    ];
    s.record_source_batch(id, "me", batch(vec![], people, "{}")).await.unwrap();
    s.add_contact(
        NewContact { name: "Known".into(), emails: vec!["known@x.org".into()], ..Default::default() },
        today(),
    )
    .await
    .unwrap();
    assert!(s.dismiss_suggestion("No@X.org", now()).await.unwrap());
    assert!(!s.dismiss_suggestion("no@x.org", now()).await.unwrap());
    let mut got: Vec<String> = s.suggestions(2).await.unwrap().into_iter().map(|x| x.address).collect();
    got.sort();
    assert_eq!(got, ["met@x.org", "twice@x.org"]);
    // A contact deleted for good is not suggested again: what was counted of them went with them.
    let known = s.resolve("known@x.org").await.unwrap();
    s.delete_contacts(&[known]).await.unwrap();
    assert!(s.seen_person("known@x.org").await.unwrap().is_none_or(|p| p.written == 0), "forgotten");
    // Removing the source forgets what it counted.
    s.remove_source(id).await.unwrap();
    assert!(s.suggestions(2).await.unwrap().is_empty());
}

conformance!(
    a_source_is_added_once_by_name_paused_and_removed,
    one_server_at_a_time_syncs_a_source,
    a_batch_records_touches_once_with_its_state,
    suggestions_leave_out_contacts_and_dismissed_people,
);
