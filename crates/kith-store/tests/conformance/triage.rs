//! The triage on every backend: imported contacts wait in it, hand-added ones never do, and
//! sorting takes them out in one transaction.

use kith_core::{Circle, ContactPatch, InteractionKind, NewContact, NewInteraction, contact::Cadenced};
use kith_store::{ImportBatch, ImportContact, ImportOptions};

use crate::support::{Env, days, today};

fn imported(names: &[&str]) -> ImportBatch {
    let contacts = names
        .iter()
        .enumerate()
        .map(|(i, name)| ImportContact {
            line: i + 2,
            contact: NewContact { name: (*name).into(), ..Default::default() },
            extra: Vec::new(),
            connected_on: None,
        })
        .collect();
    ImportBatch { contacts, touches: Vec::new(), linkedin_connections: None, current_jobs: false }
}

fn options() -> ImportOptions {
    ImportOptions {
        today: today(),
        dry_run: false,
        circle: Circle::Dormant,
        me: Vec::new(),
        weights: Default::default(),
    }
}

async fn imported_contacts_wait_in_the_triage_until_sorted(env: &Env) {
    let s = &env.store;
    s.add_contact(NewContact { name: "Hand Added".into(), ..Default::default() }, today()).await.unwrap();
    s.add_contact(
        NewContact { name: "Chosen Dormant".into(), circle: Some(Circle::Dormant), ..Default::default() },
        today(),
    )
    .await
    .unwrap();
    let report = s.import(imported(&["Ada Lovelace", "Grace Hopper", "Alan Turing"]), &options()).await.unwrap();
    let [ada, grace, alan] = report.created_ids[..] else { panic!("three created: {report:?}") };
    s.log_interaction(
        NewInteraction {
            contacts: vec![grace],
            kind: InteractionKind::Lunch,
            on: days(-3),
            minutes: None,
            note: None,
            gave: None,
            got: None,
            they_initiated: false,
            favor_with: None,
            fulfills: Vec::new(),
        },
        1.0,
    )
    .await
    .unwrap();

    let unsorted = s.unsorted().await.unwrap();
    let ids: Vec<i64> = unsorted.iter().map(|c| c.contact.id).collect();
    assert_eq!(ids, vec![ada, grace, alan], "only the imported ones, by id");
    assert_eq!(unsorted[1].touches, 1);
    assert_eq!(s.count_unsorted().await.unwrap(), 3);

    // Sorting: Grace into close (due again on the close cadence), Alan kept dormant.
    s.sort_contacts(&[(grace, Circle::Close), (alan, Circle::Dormant)]).await.unwrap();
    assert_eq!(s.count_unsorted().await.unwrap(), 1);
    let grace_now = s.contact(grace).await.unwrap();
    assert_eq!(grace_now.circle, Circle::Close);
    assert_eq!(grace_now.due_on(), Some(days(27)), "a lunch three days ago, 30-day cadence");
    assert_eq!(s.contact(alan).await.unwrap().circle, Circle::Dormant);

    // An edit of the circle is a choice too; archiving takes a contact out of the triage.
    s.edit_contact(ada, ContactPatch { archived: Some(true), ..Default::default() }).await.unwrap();
    assert!(s.unsorted().await.unwrap().is_empty());
    s.edit_contact(ada, ContactPatch { archived: Some(false), ..Default::default() }).await.unwrap();
    assert_eq!(s.count_unsorted().await.unwrap(), 1);
    s.edit_contact(ada, ContactPatch { circle: Some(Circle::Wide), ..Default::default() }).await.unwrap();
    s.edit_contact(ada, ContactPatch { circle: Some(Circle::Dormant), ..Default::default() }).await.unwrap();
    assert_eq!(s.count_unsorted().await.unwrap(), 0, "put back in dormant by hand: sorted");
}

async fn sorting_with_an_unknown_contact_changes_nothing(env: &Env) {
    let s = &env.store;
    let report = s.import(imported(&["Ada Lovelace", "Grace Hopper"]), &options()).await.unwrap();
    let before = s.data_version().await.unwrap();
    let err = s.sort_contacts(&[(report.created_ids[0], Circle::Close), (999, Circle::Wide)]).await.unwrap_err();
    assert!(err.to_string().contains("999"), "{err}");
    assert_eq!(s.count_unsorted().await.unwrap(), 2);
    assert_eq!(s.contact(report.created_ids[0]).await.unwrap().circle, Circle::Dormant);
    assert_eq!(s.data_version().await.unwrap(), before);
}

async fn the_triage_survives_a_backup(env: &Env) {
    let s = &env.store;
    let report = s.import(imported(&["Ada Lovelace", "Grace Hopper", "Alan Turing"]), &options()).await.unwrap();
    let [ada, grace, _] = report.created_ids[..] else { panic!("three created") };
    s.sort_contacts(&[(ada, Circle::Dormant), (grace, Circle::Close)]).await.unwrap();
    let saved = s.snapshot().await.unwrap();
    let kept: Vec<&str> = saved.contacts.iter().filter(|c| c.kept_dormant).map(|c| c.name.as_str()).collect();
    assert_eq!(kept, vec!["Ada Lovelace"], "only the one kept dormant by choice");
    let other = Env::same_backend(env).await;
    other.store.restore(saved.clone(), &options()).await.unwrap();
    let waiting: Vec<String> = other.store.unsorted().await.unwrap().into_iter().map(|c| c.contact.name).collect();
    assert_eq!(waiting, vec!["Alan Turing"]);
    assert_eq!(other.store.snapshot().await.unwrap(), saved);
}

conformance!(
    imported_contacts_wait_in_the_triage_until_sorted,
    sorting_with_an_unknown_contact_changes_nothing,
    the_triage_survives_a_backup,
);
