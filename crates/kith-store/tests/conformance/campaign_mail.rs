//! Campaign messages in imported mail: each draft keeps the first Message-ID it was written with,
//! the sent draft found in a mailbox marks its contact sent, and the contact's answer marks them
//! replied — only ever forward, and importing the same mailbox again moves nothing.

use kith_core::{Circle, InteractionKind, NewContact, Weights, campaign::Stage};
use kith_store::{CampaignMail, ImportBatch, ImportOptions, ImportTouch, NewCampaign, StoreError};

use crate::support::{Env, days, today};

fn named(name: &str, email: &str) -> NewContact {
    NewContact { name: name.into(), emails: vec![email.into()], ..Default::default() }
}

fn campaign(contacts: Vec<i64>) -> NewCampaign {
    NewCampaign { name: "Spring".into(), subject: "Coffee?".into(), body: "Hi {first_name}".into(), contacts }
}

fn options(dry_run: bool) -> ImportOptions {
    ImportOptions {
        today: today(),
        dry_run,
        circle: Circle::Dormant,
        me: vec!["me@home.org".into()],
        weights: Weights::default(),
    }
}

/// A message with Message-ID `id`, from `from` to `to`, answering `replies_to`.
fn message(id: &str, from: &str, to: &str, replies_to: &[&str]) -> ImportTouch {
    ImportTouch {
        line: 1,
        key: format!("mid:{id}"),
        kind: InteractionKind::Email,
        on: days(-1),
        minutes: None,
        note: Some("Coffee?".into()),
        from: Some(from.into()),
        to: vec![to.into()],
        replies_to: replies_to.iter().map(|r| r.to_string()).collect(),
    }
}

async fn a_draft_keeps_the_first_message_id_it_was_written_with(env: &Env) {
    let s = &env.store;
    let ada = s.add_contact(named("Ada Lovelace", "ada@example.org"), today()).await.unwrap();
    let bea = s.add_contact(named("Bea Bell", "bea@example.org"), today()).await.unwrap();
    let id = s.create_campaign(campaign(vec![ada, bea]), today()).await.unwrap();
    let first = s.keep_campaign_message_ids(id, &[(ada, "<one@me.org>".into())]).await.unwrap();
    assert_eq!(first, vec![(ada, "<one@me.org>".to_string())]);
    // Written again with fresh ids: Ada keeps hers, Bea gets her first.
    let again =
        s.keep_campaign_message_ids(id, &[(ada, "<two@me.org>".into()), (bea, "<three@me.org>".into())]).await.unwrap();
    assert_eq!(again, vec![(ada, "<one@me.org>".to_string()), (bea, "<three@me.org>".to_string())]);
    assert_eq!(s.campaign(id).await.unwrap().member(ada).unwrap().message_id.as_deref(), Some("<one@me.org>"));
    // Nothing new to keep: nothing written.
    let version = s.data_version().await.unwrap();
    s.keep_campaign_message_ids(id, &[(ada, "<four@me.org>".into())]).await.unwrap();
    assert_eq!(s.data_version().await.unwrap(), version);
    // A contact not on the campaign, or a malformed id, writes nothing at all.
    let other = s.add_contact(named("Cy Other", "cy@example.org"), today()).await.unwrap();
    let id2 = s.create_campaign(campaign(vec![ada]), today()).await.unwrap();
    let version = s.data_version().await.unwrap();
    let bad = s.keep_campaign_message_ids(id2, &[(ada, "<five@me.org>".into()), (other, "<six@me.org>".into())]).await;
    assert!(matches!(bad, Err(StoreError::NotFound { .. })), "{bad:?}");
    let bad = s.keep_campaign_message_ids(id2, &[(ada, "<not an id>".into())]).await;
    assert!(matches!(bad, Err(StoreError::Invalid(ref e)) if e.field == "message_id"), "{bad:?}");
    assert_eq!(s.data_version().await.unwrap(), version);
    assert_eq!(s.campaign(id2).await.unwrap().members[0].message_id, None);
}

async fn imported_mail_moves_campaign_contacts_forward_once(env: &Env) {
    let s = &env.store;
    let ada = s.add_contact(named("Ada Lovelace", "ada@example.org"), days(-100)).await.unwrap();
    let bea = s.add_contact(named("Bea Bell", "bea@example.org"), days(-100)).await.unwrap();
    let cy = s.add_contact(named("Cy Young", "cy@example.org"), days(-100)).await.unwrap();
    let dee = s.add_contact(named("Dee Drafted", "dee@example.org"), days(-100)).await.unwrap();
    let id = s.create_campaign(campaign(vec![ada, bea, cy, dee]), today()).await.unwrap();
    let ids = [(ada, "<d1@me.org>"), (bea, "<d2@me.org>"), (cy, "<d3@me.org>"), (dee, "<d4@me.org>")];
    let ids: Vec<(i64, String)> = ids.iter().map(|(c, m)| (*c, m.to_string())).collect();
    s.keep_campaign_message_ids(id, &ids).await.unwrap();
    s.set_campaign_stage(id, bea, Stage::Booked).await.unwrap();
    let mailbox = || ImportBatch {
        touches: vec![
            // Ada: the draft as sent, then her answer.
            message("d1@me.org", "me@home.org", "ada@example.org", &[]),
            message("r1@example.org", "ADA@example.org", "me@home.org", &["d1@me.org"]),
            // Bea is booked already: her answer leaves her booked.
            message("r2@example.org", "bea@example.org", "me@home.org", &["d2@me.org"]),
            // Cy answers a draft whose sending is not in this mailbox: replied straight away.
            message("r3@example.org", "cy@example.org", "me@home.org", &["x@y", "d3@me.org"]),
            // Someone else quoting Dee's message is not Dee's reply.
            message("r4@example.org", "ada@example.org", "me@home.org", &["d4@me.org"]),
        ],
        ..Default::default()
    };
    let dry = s.import(mailbox(), &options(true)).await.unwrap();
    assert_eq!(dry.campaign, CampaignMail { sent: 1, replied: 2 }, "a dry run reports what it would move");
    assert!(s.campaign(id).await.unwrap().members.iter().all(|m| m.stage != Stage::Replied));

    let first = s.import(mailbox(), &options(false)).await.unwrap();
    assert_eq!(first.campaign, CampaignMail { sent: 1, replied: 2 });
    let c = s.campaign(id).await.unwrap();
    let stages: Vec<Stage> = c.members.iter().map(|m| m.stage).collect();
    assert_eq!(stages, vec![Stage::Replied, Stage::Booked, Stage::Replied, Stage::Drafted]);
    // Ada's message is linked to the e-mail interaction it was recorded as.
    let linked = c.member(ada).unwrap().interaction_id.expect("the sent message's interaction");
    let logged = s.interaction(linked).await.unwrap();
    assert_eq!((logged.kind, logged.on), (InteractionKind::Email, days(-1)));
    assert_eq!(logged.with.iter().map(|p| p.id).collect::<Vec<_>>(), vec![ada]);
    assert_eq!(s.campaigns().await.unwrap()[0].stages.replied, 2);

    let second = s.import(mailbox(), &options(false)).await.unwrap();
    assert_eq!(second.campaign, CampaignMail::default());
    assert_eq!(second.interactions, 0);
    assert_eq!(s.campaign(id).await.unwrap(), c, "a second import moves nothing");
}

conformance!(
    a_draft_keeps_the_first_message_id_it_was_written_with,
    imported_mail_moves_campaign_contacts_forward_once,
);
