//! The address book's cards: every contact not archived, by uid, each with its organizations and
//! kept vCard properties — read in a few statements, the same as reading each contact alone.

use kith_core::{
    Circle, ContactPatch, NewContact, Weights,
    org::{OrgKind, Role, Tenure},
};
use kith_store::{ImportBatch, ImportContact, ImportOptions};

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
    let uids: Vec<String> = etags.iter().map(|(uid, _)| uid.clone()).chain(["no-such-uid".to_string()]).collect();
    let mut cards = s.cards(&uids).await.unwrap();
    cards.sort_by_key(|c| c.contact.id);
    assert_eq!(cards.len(), 2);
    for (card, id) in cards.iter().zip([ada, grace]) {
        assert_eq!(card.contact, s.contact(id).await.unwrap());
        assert_eq!(card.memberships, s.memberships(id).await.unwrap());
        assert_eq!(card.extras, s.extras(id).await.unwrap());
        let etag = etags.iter().find(|(uid, _)| *uid == card.contact.uid).map(|(_, e)| e.clone());
        assert_eq!(etag, Some(card.contact.etag.clone()));
    }
    assert_eq!(cards[0].memberships.len(), 2, "employer and society");
    assert_eq!(cards[1].extras, extra);
    assert!(s.cards(&[s.contact(gone).await.unwrap().uid]).await.unwrap().is_empty());
}

conformance!(cards_are_the_contacts_with_their_organizations_and_kept_properties);
