//! The address book's cards: every contact not archived, by uid, each with its organizations and
//! kept vCard properties — read in a few statements, the same as reading each contact alone.

use kith_core::{
    Circle, ContactPatch, NewContact, Weights,
    org::{OrgKind, Role, Tenure},
};
use kith_store::{
    CardCondition, CardPut, CardPutOutcome, CardRemoveOutcome, ImportBatch, ImportContact, ImportOptions, StoreError,
};

use crate::support::{Env, today};

async fn cards_are_the_contacts_with_their_organizations_and_kept_properties(env: &Env) {
    let s = &env.store;
    let ada = s
        .add_contact(
            NewContact { name: "Ada Lovelace".into(), org: Some("Analytical Engines".into()), ..Default::default() },
            today(),
        )
        .await
        .unwrap();
    s.add_org("Royal Society", OrgKind::Association).await.unwrap();
    s.join_org(ada, "Royal Society", Role::Member, Tenure::default()).await.unwrap();
    let options = ImportOptions {
        today: today(),
        dry_run: false,
        circle: Circle::Dormant,
        me: Vec::new(),
        weights: Weights::default(),
    };
    let grace =
        NewContact { name: "Grace Hopper".into(), emails: vec!["grace@navy.example".into()], ..Default::default() };
    let extra = vec!["X-ABLABEL:admiral".into(), "PHOTO;ENCODING=b;TYPE=JPEG:AAAA".into()];
    let batch = ImportBatch {
        contacts: vec![ImportContact { line: 1, contact: grace, extra: extra.clone(), connected_on: None }],
        ..Default::default()
    };
    s.import(batch, &options).await.unwrap();
    let grace = s.resolve("grace@navy.example").await.unwrap();
    let gone = s.add_contact(NewContact { name: "Archived".into(), ..Default::default() }, today()).await.unwrap();
    s.edit_contact(gone, ContactPatch { archived: Some(true), ..ContactPatch::default() }).await.unwrap();

    let etags = s.card_etags().await.unwrap();
    assert_eq!(etags.len(), 2, "archived contacts are not cards");
    let names: Vec<String> =
        etags.iter().map(|(name, _)| name.clone()).chain(["no-such-uid.vcf".to_string()]).collect();
    let mut cards = s.cards(&names).await.unwrap();
    cards.sort_by_key(|c| c.contact.id);
    assert_eq!(cards.len(), 2);
    for (card, id) in cards.iter().zip([ada, grace]) {
        assert_eq!(card.contact, s.contact(id).await.unwrap());
        assert_eq!(card.memberships, s.memberships(id).await.unwrap());
        assert_eq!(card.extras, s.extras(id).await.unwrap());
        assert_eq!(card.name, format!("{}.vcf", card.contact.uid), "a card is named by its uid");
        let etag = etags.iter().find(|(name, _)| *name == card.name).map(|(_, e)| e.clone());
        assert_eq!(etag, Some(card.contact.etag.clone()));
    }
    assert_eq!(cards[0].memberships.len(), 2, "employer and society");
    assert_eq!(cards[1].extras, extra);
    assert!(s.cards(&[format!("{}.vcf", s.contact(gone).await.unwrap().uid)]).await.unwrap().is_empty());
    assert!(s.cards(&[s.contact(ada).await.unwrap().uid]).await.unwrap().is_empty(), "a name ends in .vcf");
}

fn put(name: &str, uid: &str, contact: NewContact) -> CardPut {
    CardPut {
        name: name.into(),
        uid: uid.into(),
        contact,
        extras: vec!["item1.EMAIL;TYPE=INTERNET:ada@example.org".into(), "item1.X-ABLabel:Lab".into()],
        condition: CardCondition::default(),
        today: today(),
    }
}

fn ada_card() -> NewContact {
    NewContact {
        name: "Ada Lovelace".into(),
        emails: vec!["ada@example.org".into(), "ada@home.example".into()],
        title: Some("Countess".into()),
        ..Default::default()
    }
}

fn only(list: &[&str]) -> Option<Vec<String>> {
    Some(list.iter().map(|s| s.to_string()).collect())
}

async fn a_card_from_a_phone_lands_in_the_triage_under_the_name_the_phone_gave_it(env: &Env) {
    let s = &env.store;
    let before = s.sync_token().await.unwrap();
    let created = s.put_card(put("9F3A.vcf", "ios-uid-1", ada_card())).await.unwrap();
    let CardPutOutcome::Created { etag } = created else { panic!("{created:?}") };
    assert_eq!(s.card_etags().await.unwrap(), [("9F3A.vcf".to_string(), etag.clone())]);
    let card = s.cards(&["9F3A.vcf".into()]).await.unwrap().pop().expect("the card");
    assert_eq!((card.name.as_str(), card.contact.uid.as_str()), ("9F3A.vcf", "ios-uid-1"));
    assert_eq!(card.contact.emails, ["ada@example.org", "ada@home.example"]);
    assert_eq!(card.extras.len(), 2, "the labels are kept");
    assert!(s.cards(&["ios-uid-1.vcf".into()]).await.unwrap().is_empty(), "named as the phone named it");
    let unsorted: Vec<i64> = s.unsorted().await.unwrap().into_iter().map(|c| c.contact.id).collect();
    assert_eq!(unsorted, [card.contact.id], "waiting in the triage");
    assert_eq!(
        s.changed_card_names(before, s.sync_token().await.unwrap()).await.unwrap(),
        Some(vec!["9F3A.vcf".to_string()])
    );

    // The same UID under another name is another card for the same person: refused.
    let twice = s.put_card(put("other.vcf", "ios-uid-1", ada_card())).await.unwrap();
    assert_eq!(twice, CardPutOutcome::UidTaken { name: "9F3A.vcf".into() });
    // A card's UID never changes.
    let changed = s.put_card(put("9F3A.vcf", "ios-uid-2", ada_card())).await.unwrap();
    assert_eq!(changed, CardPutOutcome::UidChanged { uid: "ios-uid-1".into() });
    // Created again where one exists already.
    let mut again = put("9F3A.vcf", "ios-uid-1", ada_card());
    again.condition.if_none_match = only(&["*"]);
    assert_eq!(s.put_card(again).await.unwrap(), CardPutOutcome::PreconditionFailed);
    assert_eq!(s.card_etags().await.unwrap().len(), 1, "nothing written");
}

async fn a_card_replaces_its_contact_only_while_the_client_saw_the_latest(env: &Env) {
    let s = &env.store;
    let CardPutOutcome::Created { etag: first } = s.put_card(put("a.vcf", "a", ada_card())).await.unwrap() else {
        panic!()
    };
    let id = s.resolve("ada@example.org").await.unwrap();
    // Someone edits the contact in kith meanwhile: the phone's copy is stale.
    s.edit_contact(id, ContactPatch { notes: Some("met at the salon".into()), ..Default::default() }).await.unwrap();
    let mut stale = put("a.vcf", "a", NewContact { title: None, ..ada_card() });
    stale.condition.if_match = only(&[&first]);
    assert_eq!(s.put_card(stale).await.unwrap(), CardPutOutcome::PreconditionFailed);
    let kept = s.contact(id).await.unwrap();
    assert_eq!((kept.title.as_deref(), kept.notes.as_deref()), (Some("Countess"), Some("met at the salon")));

    // With the latest ETag the card replaces the contact: what it leaves out is cleared.
    let mut fresh = put("a.vcf", "a", NewContact { emails: vec!["ada@example.org".into()], title: None, ..ada_card() });
    fresh.condition.if_match = only(&[&kept.etag]);
    fresh.extras = vec!["NICKNAME:Enchantress".into()];
    let CardPutOutcome::Replaced { etag } = s.put_card(fresh).await.unwrap() else { panic!() };
    let now = s.contact(id).await.unwrap();
    assert_eq!(now.etag, etag);
    assert_eq!(
        (now.emails.as_slice(), now.title.as_deref(), now.notes.as_deref()),
        (&["ada@example.org".to_string()][..], None, None)
    );
    assert_eq!(s.extras(id).await.unwrap(), ["NICKNAME:Enchantress"]);
    assert_eq!(s.count_unsorted().await.unwrap(), 1, "an edit from the phone does not sort the contact");

    // An e-mail that is someone else's: refused, nothing written.
    s.add_contact(
        NewContact { name: "Grace".into(), emails: vec!["grace@navy.example".into()], ..Default::default() },
        today(),
    )
    .await
    .unwrap();
    let taken = put("a.vcf", "a", NewContact { emails: vec!["grace@navy.example".into()], ..ada_card() });
    let err = s.put_card(taken).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(v) if v.message.contains("Grace")), "{err}");
    assert_eq!(s.contact(id).await.unwrap().etag, etag);
}

async fn a_card_deleted_on_the_phone_is_archived_or_deleted_and_sync_hears_of_it(env: &Env) {
    let s = &env.store;
    let CardPutOutcome::Created { etag } = s.put_card(put("x y.vcf", "a", ada_card())).await.unwrap() else { panic!() };
    let id = s.resolve("ada@example.org").await.unwrap();
    let stale = CardCondition { if_match: only(&["old"]), if_none_match: None };
    assert_eq!(s.remove_card("x y.vcf", &stale, false).await.unwrap(), CardRemoveOutcome::PreconditionFailed);
    let token = s.sync_token().await.unwrap();
    let current = CardCondition { if_match: only(&[&etag]), if_none_match: None };
    assert_eq!(s.remove_card("x y.vcf", &current, false).await.unwrap(), CardRemoveOutcome::Archived);
    assert!(s.contact(id).await.unwrap().archived, "archived, not destroyed");
    assert!(s.card_etags().await.unwrap().is_empty());
    assert_eq!(
        s.changed_card_names(token, s.sync_token().await.unwrap()).await.unwrap(),
        Some(vec!["x y.vcf".to_string()])
    );
    assert_eq!(s.remove_card("x y.vcf", &CardCondition::default(), false).await.unwrap(), CardRemoveOutcome::NotFound);

    // Put back from the phone: the same contact, in the address book again.
    let back = s.put_card(put("x y.vcf", "a", ada_card())).await.unwrap();
    assert!(matches!(back, CardPutOutcome::Created { .. }), "{back:?}");
    assert_eq!(s.resolve("ada@example.org").await.unwrap(), id);
    assert!(!s.contact(id).await.unwrap().archived);

    // Deleted for good when the user chose so; sync still hears the card's name.
    let token = s.sync_token().await.unwrap();
    assert_eq!(s.remove_card("x y.vcf", &CardCondition::default(), true).await.unwrap(), CardRemoveOutcome::Deleted);
    assert!(s.contact(id).await.is_err());
    assert_eq!(
        s.changed_card_names(token, s.sync_token().await.unwrap()).await.unwrap(),
        Some(vec!["x y.vcf".to_string()])
    );
}

async fn a_card_name_stays_its_contacts_and_an_import_makes_clients_start_over(env: &Env) {
    let s = &env.store;
    let kept = s.add_contact(NewContact { name: "Kept Back".into(), ..Default::default() }, today()).await.unwrap();
    let kept_uid = s.contact(kept).await.unwrap().uid;
    s.edit_contact(kept, ContactPatch { archived: Some(true), ..ContactPatch::default() }).await.unwrap();
    // An archived contact's `{uid}.vcf` is not free for another card.
    let taken = s.put_card(put(&format!("{kept_uid}.vcf"), "someone-else", ada_card())).await.unwrap();
    assert_eq!(taken, CardPutOutcome::NameTaken);

    // A write without conditions is never refused as stale.
    let CardPutOutcome::Created { .. } = s.put_card(put("a.vcf", "a", ada_card())).await.unwrap() else { panic!() };
    let id = s.resolve("ada@example.org").await.unwrap();
    s.edit_contact(id, ContactPatch { notes: Some("newer".into()), ..Default::default() }).await.unwrap();
    let blind = s.put_card(put("a.vcf", "a", ada_card())).await.unwrap();
    assert!(matches!(blind, CardPutOutcome::Replaced { .. }), "{blind:?}");

    // Changes since a token name the cards; an import in between makes the client start over.
    let token = s.sync_token().await.unwrap();
    s.edit_contact(id, ContactPatch { title: Some("Countess".into()), ..Default::default() }).await.unwrap();
    assert_eq!(s.changed_card_names(token, s.sync_token().await.unwrap()).await.unwrap(), Some(vec!["a.vcf".into()]));
    let options = ImportOptions {
        today: today(),
        dry_run: false,
        circle: Circle::Dormant,
        me: Vec::new(),
        weights: Weights::default(),
    };
    let batch = ImportBatch {
        contacts: vec![ImportContact {
            line: 1,
            contact: NewContact { name: "Imported".into(), ..Default::default() },
            extra: Vec::new(),
            connected_on: None,
        }],
        ..Default::default()
    };
    s.import(batch, &options).await.unwrap();
    assert_eq!(s.changed_card_names(token, s.sync_token().await.unwrap()).await.unwrap(), None);
}

conformance!(
    a_card_name_stays_its_contacts_and_an_import_makes_clients_start_over,
    cards_are_the_contacts_with_their_organizations_and_kept_properties,
    a_card_from_a_phone_lands_in_the_triage_under_the_name_the_phone_gave_it,
    a_card_replaces_its_contact_only_while_the_client_saw_the_latest,
    a_card_deleted_on_the_phone_is_archived_or_deleted_and_sync_hears_of_it,
);
