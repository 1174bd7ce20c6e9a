//! The practice features: habit goals and the history they are measured against.

use kith_core::{
    Circle, InteractionKind, NewContact, NewInteraction,
    goal::{Goal, Measure, Period, default_goals},
};
use kith_store::StoreError;

use crate::support::{Env, days, today};

fn options() -> kith_store::ImportOptions {
    kith_store::ImportOptions {
        today: today(),
        dry_run: false,
        circle: Circle::Dormant,
        me: Vec::new(),
        weights: kith_core::Weights::default(),
    }
}

fn met(name: &str, on: Option<chrono::NaiveDate>) -> NewContact {
    NewContact { name: name.into(), met_on: on, circle: Some(Circle::Inner), ..Default::default() }
}

fn with(contacts: Vec<i64>, kind: InteractionKind, on: chrono::NaiveDate, minutes: Option<u32>) -> NewInteraction {
    NewInteraction {
        contacts,
        kind,
        on,
        minutes,
        note: None,
        gave: None,
        got: None,
        they_initiated: false,
        favor_with: None,
        fulfills: Vec::new(),
    }
}

async fn goals_start_with_the_defaults_and_keep_changes(env: &Env) {
    let s = &env.store;
    let goals = s.goals().await.unwrap();
    assert_eq!(goals.iter().map(|g| g.goal.clone()).collect::<Vec<_>>(), default_goals());
    // Reading again stores nothing more.
    assert_eq!(s.goals().await.unwrap(), goals);
    let version = s.data_version().await.unwrap();

    let weekly_calls =
        Goal { measure: Measure::Interactions(vec![InteractionKind::Call]), period: Period::Week, target: 2 };
    let id = s.add_goal(weekly_calls.clone()).await.unwrap();
    assert!(s.data_version().await.unwrap() > version);
    // The same measure and period twice is refused and names the existing goal.
    let twice = s.add_goal(weekly_calls.clone()).await.unwrap_err();
    assert!(
        matches!(&twice, StoreError::Invalid(v) if v.field == "kind" && v.message.contains(&format!("#{id}"))),
        "{twice}"
    );
    // A zero target is refused before anything is written.
    let zero = Goal { target: 0, ..weekly_calls.clone() };
    assert!(matches!(s.add_goal(zero).await.unwrap_err(), StoreError::Invalid(v) if v.field == "target"));
    assert!(matches!(s.set_goal_target(id, 0).await.unwrap_err(), StoreError::Invalid(_)));

    s.set_goal_target(id, 3).await.unwrap();
    s.remove_goal(goals[0].id).await.unwrap();
    assert!(matches!(s.remove_goal(goals[0].id).await.unwrap_err(), StoreError::NotFound { .. }));
    assert!(matches!(s.set_goal_target(9999, 1).await.unwrap_err(), StoreError::NotFound { .. }));
    let now = s.goals().await.unwrap();
    assert_eq!(now.len(), default_goals().len());
    assert_eq!(now.last().unwrap().goal, Goal { target: 3, ..weekly_calls });
    assert!(now.iter().all(|g| g.id != goals[0].id));
}

async fn removing_every_goal_keeps_none(env: &Env) {
    let s = &env.store;
    // Adding before ever listing stores the defaults first.
    let own = Goal { measure: Measure::Touches, period: Period::Month, target: 20 };
    s.add_goal(own.clone()).await.unwrap();
    let all = s.goals().await.unwrap();
    assert_eq!(all.len(), default_goals().len() + 1);
    for g in &all {
        s.remove_goal(g.id).await.unwrap();
    }
    assert!(s.goals().await.unwrap().is_empty());
    // A backup says so, and restoring it elsewhere gives no goals, not the defaults.
    let saved = s.snapshot().await.unwrap();
    assert_eq!(saved.goals, Some(vec![]));
    let other = Env::same_backend(env).await;
    other.store.restore(saved, &options()).await.unwrap();
    assert!(other.store.goals().await.unwrap().is_empty());
}

async fn goals_survive_a_backup(env: &Env) {
    let s = &env.store;
    // Never set up: a backup carries no goals and a restore keeps the defaults coming.
    assert_eq!(s.snapshot().await.unwrap().goals, None);
    let first = s.goals().await.unwrap();
    s.remove_goal(first[1].id).await.unwrap();
    s.set_goal_target(first[0].id, 2).await.unwrap();
    let saved = s.snapshot().await.unwrap();
    let other = Env::same_backend(env).await;
    other.store.restore(saved.clone(), &options()).await.unwrap();
    assert_eq!(other.store.snapshot().await.unwrap().goals, saved.goals);
    let goals: Vec<Goal> = other.store.goals().await.unwrap().into_iter().map(|g| g.goal).collect();
    assert_eq!(Some(goals), saved.goals);
}

async fn goal_activity_counts_kinds_people_minutes_and_reconnections(env: &Env) {
    let s = &env.store;
    let ann = s.add_contact(met("Ann Met", Some(days(-3))), days(-400)).await.unwrap();
    let bo = s.add_contact(met("Bo Old", None), days(-400)).await.unwrap();
    s.add_contact(met("Cy Early", Some(days(-100))), days(-400)).await.unwrap();
    let w = |k: InteractionKind| kith_core::Weights::default().of(k);
    // Bo was last seen a year ago (inner circle: lost after about 141 days), then again this week.
    s.log_interaction(with(vec![bo], InteractionKind::Coffee, days(-365), None), w(InteractionKind::Coffee))
        .await
        .unwrap();
    s.log_interaction(with(vec![ann, bo], InteractionKind::Lunch, days(-2), Some(75)), w(InteractionKind::Lunch))
        .await
        .unwrap();
    s.log_interaction(with(vec![ann], InteractionKind::Event, days(-1), Some(90)), w(InteractionKind::Event))
        .await
        .unwrap();
    s.log_interaction(with(vec![ann], InteractionKind::Email, days(-1), None), w(InteractionKind::Email))
        .await
        .unwrap();

    let a = s.goal_activity(days(-30), today()).await.unwrap();
    let kinds: Vec<(chrono::NaiveDate, InteractionKind, u64, u64, u64)> =
        a.interactions.iter().map(|d| (d.on, d.kind, d.interactions, d.touches, d.minutes)).collect();
    assert_eq!(
        kinds,
        vec![
            (days(-2), InteractionKind::Lunch, 1, 2, 75),
            (days(-1), InteractionKind::Event, 1, 1, 90),
            (days(-1), InteractionKind::Email, 1, 1, 0),
        ]
    );
    assert_eq!(a.new_people, vec![(days(-3), 1)]);
    assert_eq!(a.reconnections, vec![(days(-2), 1)]);
    // The coffee a year ago is outside the span.
    assert!(a.interactions.iter().all(|d| d.kind != InteractionKind::Coffee));
}

conformance!(
    goals_start_with_the_defaults_and_keep_changes,
    removing_every_goal_keeps_none,
    goals_survive_a_backup,
    goal_activity_counts_kinds_people_minutes_and_reconnections,
);
