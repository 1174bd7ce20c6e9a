//! Backups on every backend: a snapshot restored into an empty database gives the same snapshot,
//! restoring it again doubles nothing, and a damaged snapshot writes nothing.

use kith_core::{
    Circle, ContactPatch, InteractionKind, NewContact, NewInteraction, Weights,
    snapshot::{Snapshot, SnapshotInteraction},
};
use kith_store::{ImportBatch, ImportContact, ImportOptions, ImportTouch, Store};

use crate::support::{Env, days, today};

fn options() -> ImportOptions {
    ImportOptions {
        today: today(),
        dry_run: false,
        circle: Circle::Dormant,
        me: Vec::new(),
        weights: Weights::default(),
    }
}

/// A network with every kind of thing a backup must carry.
async fn fill(s: &dyn Store) {
    s.bulk_load(&crate::network()).await.unwrap();
    let ada = s
        .add_contact(
            NewContact {
                name: "Ada Lovelace".into(),
                emails: vec!["ada@example.org".into()],
                tags: vec!["math".into()],
                birthday: Some(kith_core::contact::Birthday { year: None, month: 12, day: 10 }),
                cadence_days: Some(21),
                ..Default::default()
            },
            days(-50),
        )
        .await
        .unwrap();
    s.edit_contact(ada, ContactPatch { archived: Some(true), ..Default::default() }).await.unwrap();
    s.snooze(1, Some(days(9))).await.unwrap();
    let lunch = NewInteraction {
        contacts: vec![ada, 2],
        kind: InteractionKind::Lunch,
        on: days(-4),
        minutes: Some(75),
        note: Some("talked about the engine".into()),
        gave: Some("an intro".into()),
        got: None,
        they_initiated: true,
    };
    s.log_interaction(lunch, 1.0).await.unwrap();
    let f = s.add_followup(ada, days(30), Some("send the paper".into()), today()).await.unwrap();
    s.complete_followup(f, today()).await.unwrap();
    let mut card = ImportContact {
        line: 1,
        contact: NewContact {
            name: "Grace Hopper".into(),
            emails: vec!["grace@navy.mil".into()],
            ..Default::default()
        },
        extra: vec!["PHOTO;ENCODING=b;TYPE=JPEG:AAAA".into(), "X-ABLABEL:admiral".into()],
        connected_on: Some(days(-100)),
    };
    card.contact.org = Some("US Navy".into());
    let mail = ImportTouch {
        line: 1,
        key: "mid:abc@navy.mil".into(),
        kind: InteractionKind::Email,
        on: days(-2),
        minutes: None,
        note: Some("COBOL".into()),
        from: Some("grace@navy.mil".into()),
        to: vec![],
        replies_to: vec![],
    };
    let batch = ImportBatch { contacts: vec![card], touches: vec![], linkedin_connections: Some(321) };
    s.import(batch, &options()).await.unwrap();
    s.import(ImportBatch { touches: vec![mail], ..Default::default() }, &options()).await.unwrap();
}

pub async fn a_restored_snapshot_is_the_same_snapshot(env: &Env) {
    fill(env.store.as_ref()).await;
    let saved = env.store.snapshot().await.unwrap();
    assert_eq!(saved.contacts.len(), 7);
    assert!(saved.interactions.iter().any(|i| i.source.as_deref() == Some("mid:abc@navy.mil")));
    let grace = saved.contacts.iter().find(|c| c.name == "Grace Hopper").unwrap();
    assert_eq!(grace.vcard_extra.len(), 2);
    assert_eq!(saved.career.linkedin_connections, Some(321));

    let other = Env::same_backend(env).await;
    let report = other.store.restore(saved.clone(), &options()).await.unwrap();
    assert_eq!(report.created, 7);
    let restored = other.store.snapshot().await.unwrap();
    assert_eq!(restored, saved);
    // Warmth and due dates follow from the restored history, as they did before.
    for id in 1..=7 {
        let (a, b) = (env.store.contact(id).await.unwrap(), other.store.contact(id).await.unwrap());
        assert_eq!((a.warmth, a.archived, a.snoozed_until), (b.warmth, b.archived, b.snoozed_until), "#{id}");
    }
    // Re-importing the mailbox after a restore still adds nothing.
    let mail = ImportTouch {
        line: 1,
        key: "mid:abc@navy.mil".into(),
        kind: InteractionKind::Email,
        on: days(-2),
        minutes: None,
        note: None,
        from: Some("grace@navy.mil".into()),
        to: vec![],
        replies_to: vec![],
    };
    let again =
        other.store.import(ImportBatch { touches: vec![mail], ..Default::default() }, &options()).await.unwrap();
    assert_eq!(again.duplicates, 1);
}

pub async fn restoring_into_the_same_network_doubles_nothing(env: &Env) {
    fill(env.store.as_ref()).await;
    let saved = env.store.snapshot().await.unwrap();
    let report = env.store.restore(saved.clone(), &options()).await.unwrap();
    assert_eq!((report.created, report.merged), (0, 7));
    assert!(report.merges.iter().all(|m| m.matched_by == kith_core::merge::MatchedBy::Uid));
    assert_eq!(report.interactions, 0);
    assert_eq!(env.store.snapshot().await.unwrap(), saved);
}

pub async fn a_damaged_snapshot_writes_nothing(env: &Env) {
    fill(env.store.as_ref()).await;
    let mut saved: Snapshot = env.store.snapshot().await.unwrap();
    saved.interactions.push(SnapshotInteraction { with: vec!["no-such-uid".into()], ..saved.interactions[0].clone() });
    let other = Env::same_backend(env).await;
    let err = other.store.restore(saved, &options()).await.unwrap_err().to_string();
    assert!(err.contains("interactions[") && err.contains("no-such-uid"), "{err}");
    assert_eq!(other.store.count_contacts().await.unwrap(), 0);
}
