//! Backups on every backend: a snapshot restored into an empty database gives the same snapshot,
//! restoring it again doubles nothing, and a damaged snapshot writes nothing. Campaigns come back
//! with their boards and their sent messages linked to the restored e-mails.

use kith_core::{
    Circle, ContactPatch, InteractionKind, NewContact, NewInteraction, Weights,
    campaign::Stage,
    schedule::IsoWeek,
    snapshot::{Snapshot, SnapshotInteraction},
};
use kith_store::{ImportBatch, ImportContact, ImportOptions, ImportTouch, NewCampaign, Store};

use crate::support::{Env, days, today};

pub(crate) fn options() -> ImportOptions {
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
        favor_with: None,
        fulfills: Vec::new(),
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
    let batch =
        ImportBatch { contacts: vec![card], touches: vec![], linkedin_connections: Some(321), current_jobs: true };
    s.import(batch, &options()).await.unwrap();
    s.import(ImportBatch { touches: vec![mail], ..Default::default() }, &options()).await.unwrap();
}

async fn a_restored_snapshot_is_the_same_snapshot(env: &Env) {
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

async fn restoring_into_the_same_network_doubles_nothing(env: &Env) {
    fill(env.store.as_ref()).await;
    let saved = env.store.snapshot().await.unwrap();
    let report = env.store.restore(saved.clone(), &options()).await.unwrap();
    assert_eq!((report.created, report.merged), (0, 7));
    assert!(report.merges.iter().all(|m| m.matched_by == kith_core::merge::MatchedBy::Uid));
    assert_eq!(report.interactions, 0);
    assert_eq!(env.store.snapshot().await.unwrap(), saved);
}

async fn a_damaged_snapshot_writes_nothing(env: &Env) {
    fill(env.store.as_ref()).await;
    let mut saved: Snapshot = env.store.snapshot().await.unwrap();
    saved.interactions.push(SnapshotInteraction { with: vec!["no-such-uid".into()], ..saved.interactions[0].clone() });
    let other = Env::same_backend(env).await;
    let err = other.store.restore(saved, &options()).await.unwrap_err().to_string();
    assert!(err.contains("interactions[") && err.contains("no-such-uid"), "{err}");
    assert_eq!(other.store.count_contacts().await.unwrap(), 0);
}

/// `fill`, plus two campaigns: one message sent through kith (its e-mail logged by the send), one
/// found in an imported mailbox by its kept Message-ID, a custom line, a contact moved on by hand,
/// one still drafted; and a digest sent this week.
pub(crate) async fn fill_with_campaigns(s: &dyn Store) -> (i64, [i64; 3]) {
    fill(s).await;
    let [a, b, c] = [1, 2, 3];
    let new = |name: &str, contacts: Vec<i64>| NewCampaign {
        name: name.into(),
        subject: "Coffee, {first_name}?".into(),
        body: "Hi {first_name},\n{custom}".into(),
        contacts,
    };
    let spring = s.create_campaign(new("Spring search", vec![c, a, b]), days(-10)).await.unwrap();
    s.create_campaign(new("Old search", vec![b]), days(-300)).await.unwrap();
    s.set_campaign_custom(spring, a, Some("Loved your talk.".into())).await.unwrap();
    s.keep_campaign_message_ids(spring, &[(a, "<a1@me.org>".into()), (b, "<b1@me.org>".into())]).await.unwrap();
    let mail = NewInteraction {
        contacts: vec![a],
        kind: InteractionKind::Email,
        on: days(-9),
        minutes: None,
        note: Some("Campaign: Spring search".into()),
        gave: None,
        got: None,
        they_initiated: false,
        favor_with: None,
        fulfills: Vec::new(),
    };
    s.record_campaign_send(spring, a, "<a1@me.org>", mail, 0.4).await.unwrap();
    s.set_campaign_stage(spring, a, Stage::Booked).await.unwrap();
    let b_email = s.contact(b).await.unwrap().emails.first().cloned().unwrap_or_default();
    let sent = ImportTouch {
        line: 1,
        key: "mid:b1@me.org".into(),
        kind: InteractionKind::Email,
        on: days(-8),
        minutes: None,
        note: Some("Coffee?".into()),
        from: Some("me@home.org".into()),
        to: vec![b_email.clone()],
        replies_to: vec![],
    };
    let opts = ImportOptions { me: vec!["me@home.org".into()], ..options() };
    assert!(!b_email.is_empty(), "the network's second contact has an e-mail address");
    let found = s.import(ImportBatch { touches: vec![sent], ..Default::default() }, &opts).await.unwrap();
    assert_eq!(found.campaign.sent, 1, "{found:?}");
    s.claim_digest_week(IsoWeek::of(today()), chrono::Utc::now()).await.unwrap();
    (spring, [a, b, c])
}

async fn campaigns_survive_a_backup(env: &Env) {
    let (spring, [a, b, c]) = fill_with_campaigns(env.store.as_ref()).await;
    let saved = env.store.snapshot().await.unwrap();
    assert_eq!(saved.campaigns.len(), 2);
    assert_eq!(saved.digest_last_week, Some(IsoWeek::of(today())));
    let board = &saved.campaigns[0];
    assert_eq!((board.name.as_str(), board.created_on, board.members.len()), ("Spring search", days(-10), 3));
    let stages: Vec<Stage> = board.members.iter().map(|m| m.stage).collect();
    assert_eq!(stages, [Stage::Drafted, Stage::Booked, Stage::Sent], "members in the order they were picked");
    assert_eq!(board.members[1].custom.as_deref(), Some("Loved your talk."));
    assert_eq!(board.members[1].sent_on, Some(days(-9)));
    assert_eq!(board.members[2].sent_on, Some(days(-8)));
    assert_eq!(board.members[2].message_id.as_deref(), Some("<b1@me.org>"));

    let other = Env::same_backend(env).await;
    other.store.restore(saved.clone(), &options()).await.unwrap();
    assert_eq!(other.store.snapshot().await.unwrap(), saved);
    assert_eq!(other.store.last_digest_week().await.unwrap(), Some(IsoWeek::of(today())));
    let (before, after) = (env.store.campaign(spring).await.unwrap(), other.store.campaign(spring).await.unwrap());
    for id in [a, b, c] {
        let (x, y) = (before.member(id).unwrap(), after.member(id).unwrap());
        assert_eq!((x.stage, &x.custom, &x.message_id), (y.stage, &y.custom, &y.message_id), "#{id}");
        assert_eq!(x.interaction_id.is_some(), y.interaction_id.is_some(), "#{id}: the sent e-mail is linked again");
    }
    // Restoring the same backup again doubles no campaign.
    other.store.restore(saved.clone(), &options()).await.unwrap();
    assert_eq!(other.store.campaigns().await.unwrap().len(), 2);
    assert_eq!(other.store.snapshot().await.unwrap(), saved);
}

async fn a_damaged_campaign_writes_nothing(env: &Env) {
    fill_with_campaigns(env.store.as_ref()).await;
    let saved = env.store.snapshot().await.unwrap();
    let other = Env::same_backend(env).await;
    let mut twice = saved.clone();
    let first = twice.campaigns[0].members[0].clone();
    twice.campaigns[0].members.push(first);
    let err = other.store.restore(twice, &options()).await.unwrap_err().to_string();
    assert!(err.contains("campaigns[0].members[3].contact") && err.contains("twice"), "{err}");
    let mut bad = saved.clone();
    bad.campaigns[1].body = "Hi {firstname}".into();
    let err = other.store.restore(bad, &options()).await.unwrap_err().to_string();
    assert!(err.contains("campaigns[1].body") && err.contains("{first_name}"), "{err}");
    let mut shared = saved;
    shared.campaigns[1].members[0].message_id = Some("<a1@me.org>".into());
    let err = other.store.restore(shared, &options()).await.unwrap_err().to_string();
    assert!(err.contains("campaigns[1].members[0].message_id"), "{err}");
    assert_eq!(other.store.count_contacts().await.unwrap(), 0);
    assert!(other.store.campaigns().await.unwrap().is_empty());
}

conformance!(
    a_restored_snapshot_is_the_same_snapshot,
    restoring_into_the_same_network_doubles_nothing,
    a_damaged_snapshot_writes_nothing,
    campaigns_survive_a_backup,
    a_damaged_campaign_writes_nothing,
);
