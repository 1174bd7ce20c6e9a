//! Job-search campaigns: the contacts picked in order, the board's stages, the custom line, and a
//! send that logs the e-mail and marks the contact sent together or not at all.

use kith_core::{InteractionKind, NewContact, NewInteraction, campaign::Stage};
use kith_store::{NewCampaign, StoreError};

use crate::support::{Env, days, today};

fn named(name: &str, email: &str) -> NewContact {
    NewContact { name: name.into(), emails: vec![email.into()], org: Some("Acme".into()), ..Default::default() }
}

fn email_to(contact: i64) -> NewInteraction {
    NewInteraction {
        contacts: vec![contact],
        kind: InteractionKind::Email,
        on: today(),
        minutes: None,
        note: Some("Campaign: Spring search".into()),
        gave: None,
        got: None,
        they_initiated: false,
        favor_with: None,
        fulfills: Vec::new(),
    }
}

fn new_campaign(contacts: Vec<i64>) -> NewCampaign {
    NewCampaign {
        name: "Spring search".into(),
        subject: "Coffee, {first_name}?".into(),
        body: "Hi {first_name},\n{custom}".into(),
        contacts,
    }
}

async fn a_campaign_keeps_its_contacts_in_order_and_counts_stages(env: &Env) {
    let s = &env.store;
    let a = s.add_contact(named("Ada Lovelace", "ada@example.org"), today()).await.unwrap();
    let b = s.add_contact(named("Bea Bell", "bea@example.org"), today()).await.unwrap();
    let id = s.create_campaign(new_campaign(vec![b, a, b]), days(-1)).await.unwrap();
    let c = s.campaign(id).await.unwrap();
    assert_eq!(c.name, "Spring search");
    assert_eq!(c.created_on, days(-1));
    assert_eq!(c.members.iter().map(|m| m.contact_id).collect::<Vec<_>>(), vec![b, a]);
    assert_eq!(c.members[1].given_name, "Ada");
    assert_eq!(c.members[1].email.as_deref(), Some("ada@example.org"));
    assert_eq!(c.members[1].org.as_deref(), Some("Acme"));
    assert!(c.members.iter().all(|m| m.stage == Stage::Drafted && m.message_id.is_none()));

    s.set_campaign_stage(id, a, Stage::Booked).await.unwrap();
    s.set_campaign_custom(id, b, Some("  Loved your talk.  ".into())).await.unwrap();
    let c = s.campaign(id).await.unwrap();
    assert_eq!(c.member(a).unwrap().stage, Stage::Booked);
    assert_eq!(c.member(b).unwrap().custom.as_deref(), Some("Loved your talk."));
    let list = s.campaigns().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].size, list[0].stages.drafted, list[0].stages.booked), (2, 1, 1));
}

async fn bad_campaigns_write_nothing(env: &Env) {
    let s = &env.store;
    let a = s.add_contact(named("Ada Lovelace", "ada@example.org"), today()).await.unwrap();
    let version = s.data_version().await.unwrap();
    let bad = NewCampaign { body: "Hi {firstname}".into(), ..new_campaign(vec![a]) };
    match s.create_campaign(bad, today()).await {
        Err(StoreError::Invalid(e)) => {
            assert_eq!((e.field.as_str(), e.value.as_str()), ("body", "{firstname}"));
            assert!(e.message.contains("{first_name}"), "{e}");
        }
        other => panic!("expected an invalid body, got {other:?}"),
    }
    assert!(matches!(s.create_campaign(new_campaign(vec![]), today()).await, Err(StoreError::Invalid(_))));
    assert!(matches!(s.create_campaign(new_campaign(vec![a, 999]), today()).await, Err(StoreError::NotFound { .. })));
    assert!(s.campaigns().await.unwrap().is_empty());
    assert_eq!(s.data_version().await.unwrap(), version);
    assert!(matches!(s.campaign(1).await, Err(StoreError::NotFound { .. })));
    let id = s.create_campaign(new_campaign(vec![a]), today()).await.unwrap();
    let other = s.add_contact(named("Not On It", "no@example.org"), today()).await.unwrap();
    assert!(matches!(s.set_campaign_stage(id, other, Stage::Met).await, Err(StoreError::NotFound { .. })));
    assert!(matches!(s.set_campaign_stage(id + 1, a, Stage::Met).await, Err(StoreError::NotFound { .. })));
}

async fn a_send_logs_the_email_and_marks_sent_once(env: &Env) {
    let s = &env.store;
    let a = s.add_contact(named("Ada Lovelace", "ada@example.org"), today()).await.unwrap();
    let id = s.create_campaign(new_campaign(vec![a]), today()).await.unwrap();
    let i = s.record_campaign_send(id, a, "<m1@kith>", email_to(a), 0.4).await.unwrap();
    let m = s.campaign(id).await.unwrap().members.remove(0);
    assert_eq!((m.stage, m.message_id.as_deref()), (Stage::Sent, Some("<m1@kith>")));
    assert_eq!(m.last_touch_on, Some(today()));
    let logged = s.interaction(i).await.unwrap();
    assert_eq!(logged.kind, InteractionKind::Email);
    // A second send of the same contact is refused and writes nothing.
    let version = s.data_version().await.unwrap();
    assert!(matches!(s.record_campaign_send(id, a, "<m2@kith>", email_to(a), 0.4).await, Err(StoreError::Invalid(_))));
    assert_eq!(s.data_version().await.unwrap(), version);
    assert_eq!(s.timeline(a, None).await.unwrap().len(), 1);
}

conformance!(
    a_campaign_keeps_its_contacts_in_order_and_counts_stages,
    bad_campaigns_write_nothing,
    a_send_logs_the_email_and_marks_sent_once,
);
