//! Relationships: read from both sides, kept one way, never with oneself or round a circle of
//! managers, and carried through merges and deletions.

use kith_core::{
    ContactId, NewContact,
    relationship::{NewRelationship, RelationKind},
};
use kith_store::StoreError;

use crate::support::{Env, today};

async fn person(env: &Env, name: &str) -> ContactId {
    env.store.add_contact(NewContact { name: name.into(), ..Default::default() }, today()).await.unwrap()
}

fn restore_options() -> kith_store::ImportOptions {
    kith_store::ImportOptions {
        today: today(),
        dry_run: false,
        circle: kith_core::Circle::Dormant,
        me: Vec::new(),
        weights: kith_core::Weights::default(),
    }
}

fn rel(a: ContactId, kind: &str, b: ContactId) -> NewRelationship {
    let (kind, turned) = RelationKind::parse(kind, None).unwrap();
    NewRelationship::new(a, kind, turned, b, None, None, None).unwrap()
}

async fn words(env: &Env, who: ContactId) -> Vec<(String, String)> {
    env.store.relations(who).await.unwrap().into_iter().map(|r| (r.word, r.other_name)).collect()
}

async fn each_side_reads_its_own_word(env: &Env) {
    let s = &env.store;
    let (grace, alan, ada) = (person(env, "Grace").await, person(env, "Alan").await, person(env, "Ada").await);
    assert!(s.relate(rel(alan, "reports to", grace)).await.unwrap().created);
    s.relate(rel(ada, "introduced", alan)).await.unwrap();
    s.relate(rel(grace, "friend", ada)).await.unwrap();
    assert_eq!(words(env, grace).await, [("friend of".into(), "Ada".into()), ("manager of".into(), "Alan".into())]);
    assert_eq!(words(env, alan).await, [("introduced by".into(), "Ada".into()), ("reports to".into(), "Grace".into())]);
    assert_eq!(words(env, ada).await, [("friend of".into(), "Grace".into()), ("introduced".into(), "Alan".into())]);

    // The same tie from the other side is the same relationship: its note is added, not a copy.
    let mut again = rel(ada, "friend", grace);
    again.note = Some("met at RustConf".into());
    assert!(!s.relate(again).await.unwrap().created);
    let friends = s.relations(grace).await.unwrap();
    assert_eq!(friends.len(), 2);
    assert_eq!(friends[0].note.as_deref(), Some("met at RustConf"));

    // A type of one's own entered from its inverse side is the same relationship too.
    let (kind, turned) = RelationKind::parse("godparent of", Some("godchild of")).unwrap();
    assert!(s.relate(NewRelationship::new(ada, kind, turned, alan, None, None, None).unwrap()).await.unwrap().created);
    let (kind, turned) = RelationKind::parse("godchild of", Some("godparent of")).unwrap();
    assert!(!s.relate(NewRelationship::new(alan, kind, turned, ada, None, None, None).unwrap()).await.unwrap().created);
    assert_eq!(s.unrelate(alan, ada, Some("godparent of")).await.unwrap(), 0, "Alan is not Ada's godparent");
    assert_eq!(s.unrelate(alan, ada, Some("godchild of")).await.unwrap(), 1, "named from its inverse side");
    assert_eq!(s.unrelate(ada, alan, None).await.unwrap(), 1, "the introduction");
    s.relate(rel(ada, "introduced", alan)).await.unwrap();

    // Unrelating names the two people, whichever way the row is kept.
    assert_eq!(s.unrelate(grace, ada, Some("friend of")).await.unwrap(), 1);
    assert_eq!(s.unrelate(grace, ada, None).await.unwrap(), 0);
    assert_eq!(words(env, ada).await, [("introduced".into(), "Alan".into())]);

    // For the whole network drawn: each relationship once, whichever way it is kept.
    let mut pairs: Vec<(ContactId, ContactId)> =
        s.relationship_pairs().await.unwrap().into_iter().map(|(a, _, b)| (a.min(b), a.max(b))).collect();
    pairs.sort_unstable();
    let mut expected = vec![(grace.min(alan), grace.max(alan)), (ada.min(alan), ada.max(alan))];
    expected.sort_unstable();
    assert_eq!(pairs, expected);
}

async fn a_chain_of_managers_cannot_close_a_circle(env: &Env) {
    let s = &env.store;
    let (a, b, c) = (person(env, "A").await, person(env, "B").await, person(env, "C").await);
    s.relate(rel(a, "manager", b)).await.unwrap();
    s.relate(rel(b, "manager", c)).await.unwrap();
    let err = s.relate(rel(c, "manager", a)).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(v) if v.message.contains("circle")), "{err}");
    let err = s.relate(rel(a, "reports to", c)).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(_)), "{err}");
    assert_eq!(words(env, a).await, [("manager of".into(), "B".into())], "nothing written");
    // Mentors may go round: only the chain of command is a hierarchy.
    s.relate(rel(c, "mentor", a)).await.unwrap();
}

async fn only_the_owners_contacts_can_be_related(env: &Env) {
    let s = &env.store;
    let a = person(env, "A").await;
    let err = s.relate(rel(a, "friend", 999_999)).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound { what: "contact", .. }), "{err}");
    assert!(s.relations(a).await.unwrap().is_empty());
    let b = person(env, "B").await;
    let id = s.relate(rel(a, "friend", b)).await.unwrap().id;
    assert!(s.remove_relationship(id).await.unwrap());
    assert!(!s.remove_relationship(id).await.unwrap());
}

async fn merges_carry_relationships_and_undo_gives_them_back(env: &Env) {
    let s = &env.store;
    let (ada, ada2, bob) = (person(env, "Ada").await, person(env, "Ada L.").await, person(env, "Bob").await);
    s.relate(rel(ada, "friend", bob)).await.unwrap();
    s.relate(rel(ada2, "friend", bob)).await.unwrap();
    s.relate(rel(ada2, "mentor", bob)).await.unwrap();
    s.relate(rel(ada, "colleague", ada2)).await.unwrap();
    s.merge_contacts(ada, ada2, &Default::default()).await.unwrap();
    assert_eq!(
        words(env, ada).await,
        [("friend of".into(), "Bob".into()), ("mentor of".into(), "Bob".into())],
        "the same tie shows once; the one between the two merged is gone"
    );
    let undone = s.undo_merge(today()).await.unwrap();
    assert_eq!(words(env, ada).await, [("colleague of".into(), "Ada L.".into()), ("friend of".into(), "Bob".into())]);
    assert_eq!(
        words(env, undone.restored).await,
        [("colleague of".into(), "Ada".into()), ("friend of".into(), "Bob".into()), ("mentor of".into(), "Bob".into())]
    );
    // A deleted contact takes its relationships with it.
    s.delete_contacts(&[bob]).await.unwrap();
    assert_eq!(words(env, ada).await, [("colleague of".into(), "Ada L.".into())]);
}

async fn a_backup_keeps_relationships_and_refuses_broken_ones(env: &Env) {
    let s = &env.store;
    let (grace, alan) = (person(env, "Grace").await, person(env, "Alan").await);
    let mut r = rel(alan, "reports to", grace);
    r.note = Some("since the reorg".into());
    s.relate(r).await.unwrap();
    let (kind, turned) = RelationKind::parse("godparent of", Some("godchild of")).unwrap();
    s.relate(NewRelationship::new(grace, kind, turned, alan, None, None, None).unwrap()).await.unwrap();
    let saved = s.snapshot().await.unwrap();
    assert_eq!(saved.relationships.len(), 2);

    let other = Env::same_backend(env).await;
    let options = restore_options();
    other.store.restore(saved.clone(), &options).await.unwrap();
    let grace2 = other.store.resolve("Grace").await.unwrap();
    let restored: Vec<(String, String, Option<String>)> =
        other.store.relations(grace2).await.unwrap().into_iter().map(|r| (r.word, r.other_name, r.note)).collect();
    assert_eq!(
        restored,
        [
            ("godparent of".into(), "Alan".into(), None),
            ("manager of".into(), "Alan".into(), Some("since the reorg".into()))
        ]
    );
    // Restored again: nothing doubles.
    other.store.restore(saved.clone(), &options).await.unwrap();
    assert_eq!(other.store.relations(grace2).await.unwrap().len(), 2);

    // A relationship naming nobody of the backup, or a contact and themselves: refused, nothing written.
    for (from, to, field) in [
        ("nobody".to_string(), saved.contacts[0].uid.clone(), "from"),
        (saved.contacts[0].uid.clone(), saved.contacts[0].uid.clone(), "to"),
    ] {
        let mut broken = saved.clone();
        broken.relationships[0].from = from.clone();
        broken.relationships[0].to = to.clone();
        let empty = Env::same_backend(env).await;
        let err = empty.store.restore(broken, &options).await.unwrap_err();
        assert!(matches!(&err, StoreError::Invalid(v) if v.field.starts_with("relationships[0].")), "{field}: {err}");
        assert!(empty.store.snapshot().await.unwrap().contacts.is_empty(), "nothing written");
    }
}

async fn what_a_merge_leaves_is_removed_whole_restored_and_seen_by_the_others(env: &Env) {
    let s = &env.store;
    let (k, x, r, bob) =
        (person(env, "K").await, person(env, "X").await, person(env, "R").await, person(env, "Bob").await);
    s.relate(rel(k, "manager", x)).await.unwrap();
    s.relate(rel(x, "manager", r)).await.unwrap();
    s.relate(rel(k, "friend", bob)).await.unwrap();
    s.relate(rel(r, "friend", bob)).await.unwrap();
    let bob_before = s.contact(bob).await.unwrap().etag;
    s.merge_contacts(k, r, &Default::default()).await.unwrap();
    assert_ne!(s.contact(bob).await.unwrap().etag, bob_before, "Bob's card named the one merged away");

    // A merge joined the two ends of a chain of managers: a backup of it restores as it was.
    let saved = s.snapshot().await.unwrap();
    let other = Env::same_backend(env).await;
    let options = restore_options();
    other.store.restore(saved, &options).await.unwrap();
    let k2 = other.store.resolve("K").await.unwrap();
    assert_eq!(words(&other, k2).await.len(), 3, "{:?}", words(&other, k2).await);

    // The friendship both had shows once, and removing it removes it whole.
    let friends: Vec<_> = s.relations(bob).await.unwrap();
    assert_eq!(friends.len(), 1);
    assert!(s.remove_relationship(friends[0].id).await.unwrap());
    assert!(s.relations(bob).await.unwrap().is_empty(), "no copy comes up in its place");

    // Deleting a contact marks the cards that named it as changed.
    let x_before = s.contact(x).await.unwrap().etag;
    s.delete_contacts(&[k]).await.unwrap();
    assert_ne!(s.contact(x).await.unwrap().etag, x_before);
}

conformance!(
    what_a_merge_leaves_is_removed_whole_restored_and_seen_by_the_others,
    a_backup_keeps_relationships_and_refuses_broken_ones,
    each_side_reads_its_own_word,
    a_chain_of_managers_cannot_close_a_circle,
    only_the_owners_contacts_can_be_related,
    merges_carry_relationships_and_undo_gives_them_back,
);
