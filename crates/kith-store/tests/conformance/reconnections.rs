//! Reconnections kept by the store: the days a touch revived a lost relationship follow every
//! write that changes a contact's touches or cadence, on every path that writes touches (logging,
//! imports, the demo's bulk load, restoring a backup), and an existing database is filled when
//! opened. The habit goals count them per day.

use chrono::NaiveDate;
use kith_core::{
    Circle, ContactPatch, InteractionKind, NewContact, NewInteraction, Weights,
    habit::{TouchHistory, reconnections},
};
use kith_store::{Bulk, BulkContact, BulkInteraction, ImportBatch, ImportOptions, ImportTouch, Store};

use crate::support::{Env, days, today};

fn inner(name: &str, email: &str) -> NewContact {
    NewContact { name: name.into(), emails: vec![email.into()], circle: Some(Circle::Inner), ..Default::default() }
}

fn coffee(contacts: Vec<i64>, on: NaiveDate) -> NewInteraction {
    NewInteraction {
        contacts,
        kind: InteractionKind::Coffee,
        on,
        minutes: None,
        note: None,
        gave: None,
        got: None,
        they_initiated: false,
        favor_with: None,
        fulfills: Vec::new(),
    }
}

fn weight() -> f64 {
    Weights::default().of(InteractionKind::Coffee)
}

/// Reconnections per day over the last two years, as the goals see them.
async fn revived(s: &dyn Store) -> Vec<(NaiveDate, u64)> {
    s.goal_activity(days(-730), today()).await.unwrap().reconnections
}

async fn a_back_dated_touch_after_a_long_gap_is_a_reconnection_until_deleted(env: &Env) {
    let s = &*env.store;
    let bo = s.add_contact(inner("Bo Old", "bo@x.org"), days(-700)).await.unwrap();
    s.log_interaction(coffee(vec![bo], days(-365)), weight()).await.unwrap();
    assert!(revived(s).await.is_empty(), "a first touch revives nothing");
    // Logged today for ten days ago: inner circle, lost after about 141 days, so a reconnection.
    let late = s.log_interaction(coffee(vec![bo], days(-10)), weight()).await.unwrap();
    assert_eq!(revived(s).await, vec![(days(-10), 1)]);
    // A touch back-dated between the two: it is the reconnection now, and ten days ago is not.
    let between = s.log_interaction(coffee(vec![bo], days(-100)), weight()).await.unwrap();
    assert_eq!(revived(s).await, vec![(days(-100), 1)]);
    // Deleting it brings the first one back; deleting that too leaves none.
    s.delete_interaction(between).await.unwrap();
    assert_eq!(revived(s).await, vec![(days(-10), 1)]);
    s.delete_interaction(late).await.unwrap();
    assert!(revived(s).await.is_empty());
}

async fn changing_the_circle_recomputes_reconnections(env: &Env) {
    let s = &*env.store;
    let cy = s
        .add_contact(NewContact { circle: Some(Circle::Active), ..inner("Cy Active", "cy@x.org") }, days(-700))
        .await
        .unwrap();
    let di = s.add_contact(inner("Di Inner", "di@x.org"), days(-700)).await.unwrap();
    // One lunch with both, a year apart: lost only for the inner-circle contact.
    s.log_interaction(coffee(vec![cy, di], days(-400)), weight()).await.unwrap();
    s.log_interaction(coffee(vec![cy, di], days(-20)), weight()).await.unwrap();
    assert_eq!(revived(s).await, vec![(days(-20), 1)]);
    // An active contact (90-day cadence) moved to the inner circle: both revived that day.
    s.edit_contact(cy, ContactPatch { circle: Some(Circle::Inner), ..Default::default() }).await.unwrap();
    assert_eq!(revived(s).await, vec![(days(-20), 2)]);
    // A longer custom cadence takes it back.
    s.edit_contact(di, ContactPatch { cadence_days: Some(Some(90)), ..Default::default() }).await.unwrap();
    assert_eq!(revived(s).await, vec![(days(-20), 1)]);
}

/// Two inner-circle people: Ann revived once, Bo three times.
fn network() -> Bulk {
    let person = |name: &str, email: &str| BulkContact::new(inner(name, email), days(-1000));
    let at = |who: Vec<i64>, on: NaiveDate| BulkInteraction {
        interaction: coffee(who, on),
        weight: weight(),
        source_key: None,
    };
    Bulk {
        contacts: vec![person("Ann Bulk", "ann@b.org"), person("Bo Bulk", "bo@b.org")],
        interactions: vec![
            at(vec![0, 1], days(-900)),
            at(vec![1], days(-500)),
            at(vec![0], days(-300)),
            at(vec![1], days(-300)),
            at(vec![1], days(-30)),
        ],
        ..Bulk::default()
    }
}

async fn the_demo_load_import_and_restore_fill_reconnections(env: &Env) {
    let s = &*env.store;
    let bulk = network();
    s.bulk_load(&bulk).await.unwrap();
    // What kith-core's rule gives for the same touches.
    let histories: Vec<TouchHistory> = (0..bulk.contacts.len() as i64)
        .map(|k| TouchHistory {
            circle: Circle::Inner,
            custom_cadence_days: None,
            touches: bulk
                .interactions
                .iter()
                .filter(|i| i.interaction.contacts.contains(&k))
                .map(|i| (i.interaction.on, i.weight))
                .collect(),
        })
        .collect();
    let expected = reconnections(&histories, days(-730), today());
    assert_eq!(expected, vec![(days(-500), 1), (days(-300), 2), (days(-30), 1)]);
    assert_eq!(revived(s).await, expected);

    // Mail imported for Ann (found by her address) after months of silence.
    let mail = ImportTouch {
        line: 1,
        key: "mid:late".into(),
        kind: InteractionKind::Email,
        on: days(-5),
        minutes: None,
        note: None,
        from: Some("ann@b.org".into()),
        to: vec!["me@home.org".into()],
        replies_to: Vec::new(),
    };
    let options = ImportOptions {
        today: today(),
        dry_run: false,
        circle: Circle::Dormant,
        me: vec!["me@home.org".into()],
        weights: Weights::default(),
    };
    let report = s.import(ImportBatch { touches: vec![mail], ..Default::default() }, &options).await.unwrap();
    assert_eq!(report.interactions, 1);
    let after_import = revived(s).await;
    assert_eq!(after_import, vec![(days(-500), 1), (days(-300), 2), (days(-30), 1), (days(-5), 1)]);

    // A backup restored elsewhere counts the same reconnections.
    let other = Env::same_backend(env).await;
    other.store.restore(s.snapshot().await.unwrap(), &options).await.unwrap();
    assert_eq!(revived(&*other.store).await, after_import);
}

async fn an_existing_database_is_filled_when_opened(env: &Env) {
    let s = &*env.store;
    s.bulk_load(&network()).await.unwrap();
    let bo = s.resolve("bo@b.org").await.unwrap();
    s.log_interaction(coffee(vec![bo], days(-2)), weight()).await.unwrap();
    let kept = revived(s).await;
    assert_eq!(kept.len(), 3);
    // As a database from before reconnections were kept: the table empty, the owner marked.
    env.execute("DELETE FROM reconnections").await;
    env.execute("INSERT INTO owner_settings (owner_id, name, value) VALUES (1, 'reconnections_pending', 'yes')").await;
    assert!(revived(s).await.is_empty());
    let reopened = env.reopen().await.unwrap();
    assert_eq!(revived(&*reopened).await, kept);
    // Filled once: what is written afterwards is not counted twice by a later open.
    let again = env.reopen().await.unwrap();
    assert_eq!(revived(&*again).await, kept);
}

conformance!(
    a_back_dated_touch_after_a_long_gap_is_a_reconnection_until_deleted,
    changing_the_circle_recomputes_reconnections,
    the_demo_load_import_and_restore_fill_reconnections,
    an_existing_database_is_filled_when_opened,
);
