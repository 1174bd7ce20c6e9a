//! Duplicates: the pairs that may be one person, and a merge that keeps everything of both.

use kith_core::{
    Circle, ContactId, InteractionKind, NewContact, NewInteraction, Role,
    duplicate::{DuplicateReason, Keep, plan_merge},
    event::{EventKind, NewEvent},
    org::Tenure,
};
use kith_store::{ContactFilter, NewCampaign, StoreError};

use crate::support::{Env, days, today};

fn touch(with: Vec<ContactId>, on: i64, note: &str) -> NewInteraction {
    NewInteraction {
        contacts: with,
        kind: InteractionKind::Lunch,
        on: days(on),
        minutes: None,
        note: Some(note.into()),
        gave: None,
        got: None,
        they_initiated: false,
        favor_with: None,
        fulfills: Vec::new(),
    }
}

/// A backup in an order that does not depend on ids: contacts by uid, each touch's people sorted.
fn in_order(mut s: kith_core::snapshot::Snapshot) -> kith_core::snapshot::Snapshot {
    s.contacts.sort_by(|a, b| a.uid.cmp(&b.uid));
    for i in &mut s.interactions {
        i.with.sort();
    }
    s
}

async fn merge(env: &Env, first: ContactId, second: ContactId, keep: &[Keep]) -> kith_store::MergeReport {
    let (a, b) = (env.store.contact(first).await.unwrap(), env.store.contact(second).await.unwrap());
    let plan = plan_merge(&a, &b, keep).unwrap();
    env.store.merge_contacts(first, second, &plan.patch).await.unwrap()
}

async fn a_merge_keeps_everything_of_both_on_the_first(env: &Env) {
    let s = &env.store;
    let ada = s
        .add_contact(
            NewContact {
                name: "Ada Lovelace".into(),
                emails: vec!["ada@engines.example".into()],
                org: Some("Analytical Engines".into()),
                tags: vec!["math".into()],
                circle: Some(Circle::Wide),
                ..Default::default()
            },
            days(-300),
        )
        .await
        .unwrap();
    let twin = s
        .add_contact(
            NewContact {
                name: "Ada King".into(),
                emails: vec!["ada@home.example".into()],
                phones: vec!["+44 20 7946 0018".into()],
                title: Some("Countess".into()),
                tags: vec!["MATH".into(), "poetry".into()],
                circle: Some(Circle::Close),
                notes: Some("likes poetry".into()),
                ..Default::default()
            },
            days(-200),
        )
        .await
        .unwrap();
    let grace =
        s.add_contact(NewContact { name: "Grace Hopper".into(), ..Default::default() }, days(-90)).await.unwrap();
    s.log_interaction(touch(vec![ada], -60, "old lunch"), 1.0).await.unwrap();
    s.log_interaction(touch(vec![twin], -10, "recent lunch"), 1.0).await.unwrap();
    let shared = s.log_interaction(touch(vec![ada, twin, grace], -5, "the three of us"), 1.0).await.unwrap();
    s.add_followup(twin, days(20), Some("send the notes".into()), today()).await.unwrap();
    s.add_org("Royal Society", kith_core::OrgKind::Association).await.unwrap();
    s.join_org(twin, "Royal Society", Role::Member, Tenure::default()).await.unwrap();
    let event = NewEvent {
        title: "Spring mixer".into(),
        kind: EventKind::Meeting,
        on: days(-3),
        org: None,
        minutes: None,
        note: None,
        with: vec![twin],
        met: Vec::new(),
    };
    s.add_event(event, today(), 1.0).await.unwrap();
    let campaign = NewCampaign { name: "Search".into(), subject: "Hi".into(), body: "Hi".into(), contacts: vec![twin] };
    let campaign = s.create_campaign(campaign, today()).await.unwrap();
    s.edit_contact(twin, kith_core::ContactPatch { archived: Some(true), ..Default::default() }).await.unwrap();
    s.record_reconnect_offer(days(-7), twin).await.unwrap();
    let before = s.snapshot().await.unwrap();

    let report = merge(env, ada, twin, &[Keep::parse("keep", "title=second").unwrap()]).await;
    assert_eq!(
        (report.touches, report.followups, report.events, report.campaigns, report.memberships),
        (2, 1, 1, 1, 1),
        "the shared touch stays once: {report:?}"
    );
    assert!(matches!(s.contact(twin).await, Err(StoreError::NotFound { .. })), "the second is gone");
    let p = s.profile(ada).await.unwrap();
    let c = &p.contact;
    assert_eq!(c.name, "Ada Lovelace");
    assert_eq!(c.emails, ["ada@engines.example", "ada@home.example"]);
    assert_eq!(c.phones, ["+44 20 7946 0018"]);
    assert_eq!(c.tags.len(), 2, "{:?}", c.tags);
    assert_eq!(
        (c.title.as_deref(), c.circle, c.notes.as_deref()),
        (Some("Countess"), Circle::Close, Some("likes poetry"))
    );
    assert!(!c.archived, "an archived entry merged into a live one stays live");
    let notes: Vec<&str> = p.timeline.iter().filter_map(|i| i.note.as_deref()).collect();
    assert!(notes.contains(&"the three of us") && notes.contains(&"recent lunch") && notes.contains(&"old lunch"));
    assert_eq!(notes.iter().filter(|n| **n == "the three of us").count(), 1);
    let touched = s.interaction(shared).await.unwrap();
    assert_eq!(touched.with.len(), 2, "Ada and Grace");
    assert_eq!(c.warmth.map(|w| w.last_touch), Some(days(-3)), "the event touch is hers now");
    assert_eq!(p.followups.len(), 1);
    assert!(p.memberships.iter().any(|m| m.org == "Royal Society"));
    assert_eq!(s.campaign(campaign).await.unwrap().members[0].contact_id, ada);
    // Found by what was the second's.
    let f = ContactFilter { search: Some("ada@home".into()), ..Default::default() };
    let found: Vec<ContactId> = s.list_contacts(&f, today()).await.unwrap().iter().map(|c| c.id).collect();
    assert_eq!(found, [ada]);

    // The last merge can be undone: everyone as they were, the second back under a new id.
    let last = s.last_merge().await.unwrap().expect("a merge to undo");
    assert_eq!((last.kept, last.kept_name.as_str(), last.removed_name.as_str()), (ada, "Ada Lovelace", "Ada King"));
    let undone = s.undo_merge(today()).await.unwrap();
    assert_eq!(undone.kept, ada);
    assert_eq!(
        in_order(s.snapshot().await.unwrap()),
        in_order(before),
        "the backup reads as before the merge (the one merged away has a new id, so comes later)"
    );
    assert_eq!(s.timeline(undone.restored, None).await.unwrap().len(), 3, "its own touches and the shared one");
    assert_eq!(s.interaction(shared).await.unwrap().with.len(), 3);
    assert_eq!(s.campaign(campaign).await.unwrap().members[0].contact_id, undone.restored);
    let offers = s.reconnect_offers(days(-30), today()).await.unwrap();
    assert_eq!(offers.iter().map(|o| o.contact).collect::<Vec<_>>(), [undone.restored], "the week's offer went back");
    assert!(s.last_merge().await.unwrap().is_none(), "one undo");
    assert!(matches!(s.undo_merge(today()).await, Err(StoreError::NotFound { .. })));
}

async fn an_undo_is_refused_once_the_kept_contact_changed(env: &Env) {
    let s = &env.store;
    let a = s.add_contact(NewContact { name: "Ada".into(), ..Default::default() }, days(-30)).await.unwrap();
    let b = s
        .add_contact(NewContact { name: "Ada".into(), title: Some("CTO".into()), ..Default::default() }, days(-30))
        .await
        .unwrap();
    merge(env, a, b, &[]).await;
    assert!(s.last_merge().await.unwrap().is_some());
    // A touch logged with the kept contact changes nothing of its details, and still stops the undo.
    s.log_interaction(touch(vec![a], -1, "after the merge"), 1.0).await.unwrap();
    assert!(s.last_merge().await.unwrap().is_none());
    let before = s.snapshot().await.unwrap();
    let err = s.undo_merge(today()).await.unwrap_err();
    assert!(err.to_string().contains("changed after the merge"), "{err}");
    assert_eq!(s.snapshot().await.unwrap(), before, "nothing undone");
}

async fn a_bad_merge_writes_nothing(env: &Env) {
    let s = &env.store;
    let ada = s.add_contact(NewContact { name: "Ada".into(), ..Default::default() }, days(-30)).await.unwrap();
    s.log_interaction(touch(vec![ada], -3, "lunch"), 1.0).await.unwrap();
    let before = s.snapshot().await.unwrap();
    let err = s.merge_contacts(ada, ada, &Default::default()).await.unwrap_err();
    assert!(err.to_string().contains("itself"), "{err}");
    let err = s.merge_contacts(ada, 999, &Default::default()).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert_eq!(s.snapshot().await.unwrap(), before);
}

async fn possible_duplicates_are_found_with_why(env: &Env) {
    let s = &env.store;
    let add =
        |name: &str, org: Option<&str>, email: Option<&str>, phone: Option<&str>, linkedin: Option<&str>| NewContact {
            name: name.into(),
            org: org.map(Into::into),
            emails: email.into_iter().map(Into::into).collect(),
            phones: phone.into_iter().map(Into::into).collect(),
            linkedin: linkedin.map(Into::into),
            ..Default::default()
        };
    let mut ids = Vec::new();
    for c in [
        add("Aaron Dubois", Some("Acme"), None, None, None),
        add("Aaron Dubois", Some("ACME"), None, None, None),
        add("Bea Roy", None, Some("bea@initech.example"), None, None),
        add("Bea Roy", None, Some("b.roy@initech.example"), None, None),
        add("Cy Young", None, Some("cy@gmail.com"), None, None),
        add("Cy Young", None, Some("young.cy@gmail.com"), None, None),
        add("Dee Lee", None, None, Some("+1 (555) 010-0199"), None),
        add("D. Lee", None, None, Some("555 010 0199"), None),
        add("Eve Ng", None, None, None, Some("https://www.linkedin.com/in/eveng/")),
        add("Evelyn Ng", None, None, None, Some("http://linkedin.com/in/EveNg")),
        add("Fay Wu", Some("Acme"), None, None, None),
        add("Fay Wu", Some("Globex"), None, None, None),
    ] {
        ids.push(s.add_contact(c, days(-10)).await.unwrap());
    }
    let pairs = s.possible_duplicates(50).await.unwrap();
    let got: Vec<(ContactId, ContactId, DuplicateReason)> =
        pairs.iter().map(|p| (p.first.id, p.second.id, p.reason)).collect();
    assert_eq!(
        got,
        [
            (ids[8], ids[9], DuplicateReason::SameLinkedin),
            (ids[6], ids[7], DuplicateReason::SamePhone),
            (ids[0], ids[1], DuplicateReason::SameNameAndOrg),
            (ids[2], ids[3], DuplicateReason::SameNameAndDomain),
        ],
        "public mail domains and different employers are no reason: {pairs:?}"
    );
    assert_eq!(pairs[3].shared, "initech.example");
    merge(env, ids[0], ids[1], &[]).await;
    assert_eq!(s.possible_duplicates(50).await.unwrap().len(), 3, "a merged pair is gone from the list");
}

conformance!(
    a_merge_keeps_everything_of_both_on_the_first,
    a_bad_merge_writes_nothing,
    an_undo_is_refused_once_the_kept_contact_changed,
    possible_duplicates_are_found_with_why,
);
