//! Inferred ties: made by shared touches, mail threads and events, kept right through edits,
//! deletions and merges in the same transaction, and the same as inferring everything again.

use kith_core::{
    ContactPatch, EventKind, InteractionKind, NewContact, NewEvent,
    interaction::InteractionPatch,
    relationship::{NewRelationship, RelationKind},
    ties::InferredTie,
};
use kith_store::Store;

use crate::{
    support::{Env, days, today},
    touch, weight,
};

async fn person(s: &dyn Store, name: &str) -> i64 {
    s.add_contact(NewContact { name: name.into(), ..Default::default() }, days(-900)).await.unwrap()
}

async fn log(s: &dyn Store, who: Vec<i64>, kind: InteractionKind, on: i64) -> i64 {
    s.log_interaction(touch(who, kind, days(on)), weight(kind)).await.unwrap()
}

fn counts(t: &InferredTie) -> (i64, i64, u32, u32, u32) {
    (t.a, t.b, t.touches, t.mails, t.events)
}

/// Every tie of the network, as kept, and then as inferred again from all history: the same.
async fn kept_equals_inferred(s: &dyn Store, people: &[i64]) -> Vec<InferredTie> {
    let kept = s.ties_of(people).await.unwrap();
    s.infer_all_ties().await.unwrap();
    let again = s.ties_of(people).await.unwrap();
    assert_eq!(kept.len(), again.len(), "kept {kept:?}\ninferred {again:?}");
    for (k, a) in kept.iter().zip(&again) {
        assert_eq!(counts(k), counts(a));
        assert_eq!(k.last_on, a.last_on);
        assert!((k.strength - a.strength).abs() < 1e-9, "{k:?} {a:?}");
    }
    kept
}

async fn shared_touches_mail_and_events_make_ties(env: &Env) {
    let s = env.store.as_ref();
    let (ada, grace, alan) = (person(s, "Ada").await, person(s, "Grace").await, person(s, "Alan").await);
    let lunch = log(s, vec![ada, grace], InteractionKind::Lunch, -400).await;
    log(s, vec![ada, grace, alan], InteractionKind::Email, -30).await;
    log(s, vec![alan], InteractionKind::Call, -10).await;
    let event = NewEvent {
        title: "Rust meetup".into(),
        kind: EventKind::Meeting,
        on: days(-20),
        org: None,
        minutes: None,
        note: None,
        with: vec![grace, alan],
        met: Vec::new(),
    };
    s.add_event(event, today(), 1.0).await.unwrap();
    let ties = kept_equals_inferred(s, &[ada, grace, alan]).await;
    let got: Vec<_> = ties.iter().map(counts).collect();
    assert_eq!(got, [(ada, grace, 1, 1, 0), (ada, alan, 0, 1, 0), (grace, alan, 0, 1, 1)]);
    let ada_grace = &ties[0];
    assert_eq!(ada_grace.last_on, days(-30));
    // A year-old lunch and a month-old e-mail, each of its kind's weight, on the e-mail's day.
    let expected = weight(InteractionKind::Email) + weight(InteractionKind::Lunch) * 2f64.powf(-370.0 / 365.0);
    assert!((ada_grace.strength - expected).abs() < 1e-9, "{ada_grace:?}");

    // The lunch was with Ada alone: edited, the tie loses it; deleted, the mail is left.
    let alone = InteractionPatch { contacts: Some(vec![ada]), ..Default::default() };
    s.edit_interaction(lunch, alone, None).await.unwrap();
    let ties = kept_equals_inferred(s, &[ada, grace, alan]).await;
    assert_eq!(counts(&ties[0]), (ada, grace, 0, 1, 0));
    s.delete_interaction(lunch).await.unwrap();
    kept_equals_inferred(s, &[ada, grace, alan]).await;
}

async fn merges_and_deletions_keep_ties_right(env: &Env) {
    let s = env.store.as_ref();
    let (ada, grace, ada2, bob) =
        (person(s, "Ada").await, person(s, "Grace").await, person(s, "Ada L").await, person(s, "Bob").await);
    log(s, vec![ada, grace], InteractionKind::Coffee, -50).await;
    log(s, vec![ada2, grace], InteractionKind::Lunch, -40).await;
    log(s, vec![ada2, bob], InteractionKind::Lunch, -40).await;
    s.merge_contacts(ada, ada2, &Default::default()).await.unwrap();
    let ties = kept_equals_inferred(s, &[ada, grace, bob]).await;
    assert_eq!(ties.iter().map(counts).collect::<Vec<_>>(), [(ada, grace, 2, 0, 0), (ada, bob, 1, 0, 0)]);
    s.undo_merge(today()).await.unwrap();
    let all = [ada, grace, ada2, bob];
    assert_eq!(kept_equals_inferred(s, &all).await.len(), 3);
    s.delete_contacts(&[grace]).await.unwrap();
    assert_eq!(kept_equals_inferred(s, &[ada, ada2, bob]).await.len(), 1);
}

async fn a_crowd_makes_no_ties(env: &Env) {
    let s = env.store.as_ref();
    let mut crowd = Vec::new();
    for n in 0..=kith_core::ties::MAX_GROUP {
        crowd.push(person(s, &format!("Person {n}")).await);
    }
    log(s, crowd.clone(), InteractionKind::Email, -3).await;
    assert!(s.ties_of(&crowd).await.unwrap().is_empty(), "a mailing list says nothing about two of its readers");
    log(s, crowd[..3].to_vec(), InteractionKind::Email, -2).await;
    assert_eq!(kept_equals_inferred(s, &crowd).await.len(), 3);
}

/// What the introduction finder reads around Globex's people: where everyone there worked, the
/// targets' ties and relationships, and how the user knows each person — archived people left out.
async fn the_finder_reads_jobs_ties_and_relationships_around_the_targets(env: &Env) {
    let s = env.store.as_ref();
    let (alan, grace, ada, bob, zed) = (
        person(s, "Alan").await,
        person(s, "Grace").await,
        person(s, "Ada").await,
        person(s, "Bob").await,
        person(s, "Zed").await,
    );
    let at = |org: &str, as_of| ContactPatch { org: Some(org.into()), as_of, ..Default::default() };
    for who in [alan, grace, zed] {
        s.edit_contact(who, at("Globex", None)).await.unwrap();
    }
    // Grace moved on today: Globex is a past job of hers.
    s.edit_contact(grace, at("Initech", Some(today()))).await.unwrap();
    s.edit_contact(zed, ContactPatch { archived: Some(true), ..Default::default() }).await.unwrap();
    log(s, vec![ada, alan], InteractionKind::Lunch, -10).await;
    let (friend, turned) = RelationKind::parse("friend", None).unwrap();
    s.relate(NewRelationship::new(bob, friend, turned, alan, None, None, None).unwrap()).await.unwrap();

    let net = s.intro_network(&[alan, zed]).await.unwrap();
    let mut people: Vec<i64> = net.people.keys().copied().collect();
    people.sort_unstable();
    assert_eq!(people, [alan, grace, ada, bob], "Zed is archived");
    assert!(net.people[&ada].warmth.is_some() && net.people[&bob].warmth.is_none());
    let mut stints: Vec<(i64, &str, Option<chrono::NaiveDate>)> =
        net.stints.iter().map(|j| (j.contact, j.org.as_str(), j.until)).collect();
    stints.sort_unstable();
    assert!(
        stints.contains(&(alan, "Globex", None)) && stints.contains(&(grace, "Globex", Some(today()))),
        "{stints:?}"
    );
    assert!(stints.iter().all(|j| j.1 == "Globex"), "only time at the targets' organizations: {stints:?}");
    assert_eq!(net.ties.iter().map(counts).collect::<Vec<_>>(), [(alan.min(ada), alan.max(ada), 1, 0, 0)]);
    let links: Vec<(i64, &str, i64)> = net.links.iter().map(|l| (l.a, l.word.as_str(), l.b)).collect();
    assert_eq!(links, [(bob, "friend of", alan)]);
}

conformance!(
    shared_touches_mail_and_events_make_ties,
    merges_and_deletions_keep_ties_right,
    a_crowd_makes_no_ties,
    the_finder_reads_jobs_ties_and_relationships_around_the_targets,
);
