//! Reads the web app's pages lean on: one contact's follow-ups, birthdays for the calendar feed.

use kith_core::{ContactPatch, NewContact, contact::Birthday};

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
