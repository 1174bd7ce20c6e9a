//! What the web app leans on: one contact's follow-ups, birthdays for the calendar feed, the data
//! version its caches are keyed by, the feed's secret, and import drafts awaiting confirmation.

use kith_core::{ContactPatch, NewContact, contact::Birthday};
use kith_store::{NewImportDraft, StoreError};

use crate::support::{Env, days, today};

fn named(name: &str) -> NewContact {
    NewContact { name: name.into(), ..Default::default() }
}

pub async fn one_contacts_followups(env: &Env) {
    let s = &env.store;
    let a = s.add_contact(named("Fay Follow"), today()).await.unwrap();
    let b = s.add_contact(named("Gus Other"), today()).await.unwrap();
    let late = s.add_followup(a, days(30), Some("send the article".into()), today()).await.unwrap();
    let soon = s.add_followup(a, days(7), None, today()).await.unwrap();
    s.add_followup(b, days(1), None, today()).await.unwrap();
    let open = s.followups_of(a, false).await.unwrap();
    assert_eq!(open.iter().map(|f| f.id).collect::<Vec<_>>(), vec![soon, late]);
    assert_eq!(open[0].contact_name, "Fay Follow");
    s.complete_followup(soon, days(2)).await.unwrap();
    assert_eq!(s.followups_of(a, false).await.unwrap().iter().map(|f| f.id).collect::<Vec<_>>(), vec![late]);
    let all = s.followups_of(a, true).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].done_on, Some(days(2)));
    assert!(s.followups_of(999, false).await.unwrap().is_empty());
}

pub async fn birthdays_of_unarchived_contacts(env: &Env) {
    let s = &env.store;
    let with_year = Birthday::parse("birthday", "1906-12-09").unwrap();
    let without = Birthday::parse("birthday", "--03-14").unwrap();
    let a = s.add_contact(NewContact { birthday: Some(with_year), ..named("Grace Hopper") }, today()).await.unwrap();
    s.add_contact(named("No Birthday"), today()).await.unwrap();
    let c = s.add_contact(NewContact { birthday: Some(without), ..named("Pi Day") }, today()).await.unwrap();
    let d = s.add_contact(NewContact { birthday: Some(with_year), ..named("Archived Andy") }, today()).await.unwrap();
    s.edit_contact(d, ContactPatch { archived: Some(true), ..Default::default() }).await.unwrap();
    let got = s.birthdays().await.unwrap();
    assert_eq!(got, vec![(a, "Grace Hopper".to_string(), with_year), (c, "Pi Day".to_string(), without)]);
}

pub async fn every_write_moves_the_data_version(env: &Env) {
    let s = &env.store;
    let v0 = s.data_version().await.unwrap();
    let a = s.add_contact(named("Vera Version"), today()).await.unwrap();
    let v1 = s.data_version().await.unwrap();
    assert!(v1 > v0);
    s.snooze(a, Some(days(9))).await.unwrap();
    let v2 = s.data_version().await.unwrap();
    assert!(v2 > v1);
    // Reads and failed writes leave it alone.
    s.contact(a).await.unwrap();
    assert!(s.add_followup(999, today(), None, today()).await.is_err());
    assert_eq!(s.data_version().await.unwrap(), v2);
}

pub async fn the_feed_token_is_stable_until_rotated(env: &Env) {
    let s = &env.store;
    let first = s.feed_token().await.unwrap();
    assert_eq!(first.len(), 64);
    assert!(first.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(s.feed_token().await.unwrap(), first);
    let rotated = s.rotate_feed_token().await.unwrap();
    assert_ne!(rotated, first);
    assert_eq!(s.feed_token().await.unwrap(), rotated);
}

pub async fn import_drafts_keep_the_file_until_deleted(env: &Env) {
    let s = &env.store;
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z").unwrap().to_utc();
    let draft = NewImportDraft {
        format: "linkedin".into(),
        options: "{\"circle\":\"dormant\"}".into(),
        file_name: "Connections.csv".into(),
        content: b"First Name,Last Name\r\nAda,Lovelace\r\n\xff".to_vec(),
    };
    let token = s.save_import_draft(draft.clone(), now).await.unwrap();
    let got = s.import_draft(&token).await.unwrap();
    assert_eq!(got.draft, draft);
    assert_eq!(got.created_at, now);
    // A draft left for more than a day goes when the next one is saved.
    let later = now + chrono::Duration::hours(30);
    let second = s.save_import_draft(draft.clone(), later).await.unwrap();
    assert!(matches!(s.import_draft(&token).await, Err(StoreError::NotFound { .. })));
    s.delete_import_draft(&second).await.unwrap();
    assert!(matches!(s.import_draft(&second).await, Err(StoreError::NotFound { .. })));
}
