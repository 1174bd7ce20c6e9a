//! Events with the people met there, the user's own memberships, and both in a backup.

use kith_core::{
    Circle, InteractionKind, NewContact, NewInteraction, OrgKind, Role,
    contact::Cadenced,
    event::{EventKind, EventPatch, MetPerson, NewEvent},
    goal::Measure,
    org::Tenure,
};
use kith_store::{EventFilter, StoreError};

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

fn mixer(with: Vec<i64>, met: &[&str]) -> NewEvent {
    NewEvent {
        title: "Spring mixer".into(),
        kind: EventKind::Meeting,
        on: days(-3),
        org: Some("product guild".into()),
        minutes: Some(90),
        note: Some("talked pricing".into()),
        with,
        met: met.iter().map(|m| MetPerson::parse("met", m).unwrap()).collect(),
    }
}

fn event_weight() -> f64 {
    kith_core::Weights::default().of(InteractionKind::Event)
}

async fn ada_and_guild(env: &Env) -> i64 {
    let s = &env.store;
    s.add_org("Product Guild", OrgKind::Association).await.unwrap();
    s.add_contact(NewContact { name: "Ada Lovelace".into(), ..Default::default() }, days(-30)).await.unwrap()
}

async fn an_event_creates_the_people_met_and_touches_everyone_once(env: &Env) {
    let s = &env.store;
    let ada = ada_and_guild(env).await;
    let id = s
        .add_event(mixer(vec![ada], &["Bob Byte <bob@example.com>", "Cy Young"]), today(), event_weight())
        .await
        .unwrap();

    let e = s.event(id).await.unwrap();
    assert_eq!(
        (e.title.as_str(), e.kind, e.on, e.org.as_deref(), e.minutes),
        ("Spring mixer", EventKind::Meeting, days(-3), Some("Product Guild"), Some(90))
    );
    let people: Vec<(&str, bool)> = e.people.iter().map(|p| (p.name.as_str(), p.new)).collect();
    assert_eq!(people, vec![("Ada Lovelace", false), ("Bob Byte", true), ("Cy Young", true)]);

    // The people met are contacts: met there, that day, members of the guild, not employed by it.
    let bob = s.contact(e.people[1].contact_id).await.unwrap();
    assert_eq!(bob.met_at.as_deref(), Some("Spring mixer (Product Guild)"));
    assert_eq!(bob.met_on, Some(days(-3)));
    assert_eq!(bob.emails, vec!["bob@example.com".to_string()]);
    assert_eq!(bob.org, None);
    let members = s.org_members(e.org_id.unwrap()).await.unwrap();
    let roles: Vec<(&str, Role)> = members.iter().map(|m| (m.name.as_str(), m.role)).collect();
    assert_eq!(roles, vec![("Bob Byte", Role::Member), ("Cy Young", Role::Member)]);
    assert_eq!(s.resolve("bob@example.com").await.unwrap(), bob.id);

    // One event interaction with all three, on the day, with the minutes and the title.
    for who in [ada, bob.id] {
        let timeline = s.timeline(who, None).await.unwrap();
        assert_eq!(timeline.len(), 1);
        let t = &timeline[0];
        assert_eq!((t.kind, t.on, t.minutes), (InteractionKind::Event, days(-3), Some(90)));
        assert_eq!(t.note.as_deref(), Some("Spring mixer: talked pricing"));
        assert_eq!(t.with.len(), 3);
        assert!(s.contact(who).await.unwrap().warmth.is_some(), "the event warmed them");
    }

    // Lists: newest first, by organization, since a day.
    let older =
        NewEvent { title: "Winter talk".into(), on: days(-40), met: vec![], with: vec![], ..mixer(vec![], &[]) };
    let older = s.add_event(older, today(), event_weight()).await.unwrap();
    let solo = NewEvent { title: "Rust conf".into(), org: None, kind: EventKind::Conference, ..mixer(vec![ada], &[]) };
    s.add_event(solo, today(), event_weight()).await.unwrap();
    let all = s.events(&EventFilter::default()).await.unwrap();
    assert_eq!(
        all.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(),
        vec!["Rust conf", "Spring mixer", "Winter talk"]
    );
    let guild = s.events(&EventFilter { org: e.org_id, ..Default::default() }).await.unwrap();
    assert_eq!(guild.iter().map(|e| e.id).collect::<Vec<_>>(), vec![id, older]);
    let recent = s.events(&EventFilter { since: Some(days(-10)), ..Default::default() }).await.unwrap();
    assert_eq!(recent.len(), 2);
    assert_eq!(s.event_days(e.org_id.unwrap(), days(-35)).await.unwrap(), vec![days(-3)]);
    assert!(matches!(s.event(9999).await.unwrap_err(), StoreError::NotFound { .. }));
}

async fn a_bad_event_writes_nothing(env: &Env) {
    let s = &env.store;
    let ada = ada_and_guild(env).await;
    s.add_contact(
        NewContact { name: "Taken".into(), emails: vec!["taken@example.com".into()], ..Default::default() },
        today(),
    )
    .await
    .unwrap();
    let version = s.data_version().await.unwrap();
    let contacts = s.count_contacts().await.unwrap();

    // An unknown contact among those there: nobody met is created.
    let err = s.add_event(mixer(vec![ada, 9999], &["Bob Byte"]), today(), event_weight()).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    // An unknown organization, named as the flag.
    let err = s
        .add_event(NewEvent { org: Some("Nowhere".into()), ..mixer(vec![ada], &["Bob Byte"]) }, today(), event_weight())
        .await
        .unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(v) if v.field == "org" && v.value == "Nowhere"), "{err}");
    // Someone met with an address another contact has: the first person met is not kept either.
    let err = s
        .add_event(mixer(vec![ada], &["Bob Byte", "Other <taken@example.com>"]), today(), event_weight())
        .await
        .unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(v) if v.message.contains("Taken")), "{err}");
    // In the future.
    let err =
        s.add_event(NewEvent { on: days(1), ..mixer(vec![ada], &[]) }, today(), event_weight()).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(v) if v.field == "on"), "{err}");

    assert_eq!(s.data_version().await.unwrap(), version);
    assert_eq!(s.count_contacts().await.unwrap(), contacts);
    assert!(s.events(&EventFilter::default()).await.unwrap().is_empty());
    assert!(s.timeline(ada, None).await.unwrap().is_empty());
}

async fn events_count_once_in_the_goals(env: &Env) {
    let s = &env.store;
    let ada = ada_and_guild(env).await;
    // Three people, 90 minutes: one event and 90 minutes, not three events or 270 minutes.
    s.add_event(mixer(vec![ada], &["Bob Byte", "Cy Young"]), today(), event_weight()).await.unwrap();
    // Nobody there: still an event attended, with its time.
    let alone = NewEvent { title: "Seminar".into(), kind: EventKind::Seminar, minutes: Some(60), ..mixer(vec![], &[]) };
    s.add_event(alone, today(), event_weight()).await.unwrap();
    // An event interaction logged without an event still counts as one.
    let logged = NewInteraction {
        contacts: vec![ada],
        kind: InteractionKind::Event,
        on: days(-2),
        minutes: Some(30),
        note: None,
        gave: None,
        got: None,
        they_initiated: false,
        favor_with: None,
        fulfills: Vec::new(),
    };
    s.log_interaction(logged, event_weight()).await.unwrap();

    let a = s.goal_activity(days(-30), today()).await.unwrap();
    let sum = |m: Measure| a.amounts(&m).iter().map(|x| x.1).sum::<u64>();
    assert_eq!(sum(Measure::Events), 3);
    assert_eq!(sum(Measure::Minutes), 90 + 60 + 30);
    assert_eq!(sum(Measure::Touches), 3 + 1);
    assert_eq!(sum(Measure::NewPeople), 2, "the people met count as new people");
}

async fn removing_an_event_takes_back_its_touch(env: &Env) {
    let s = &env.store;
    let ada = ada_and_guild(env).await;
    let id = s.add_event(mixer(vec![ada], &["Bob Byte"]), today(), event_weight()).await.unwrap();
    let bob = s.event(id).await.unwrap().people[1].contact_id;
    s.remove_event(id).await.unwrap();
    assert!(s.timeline(ada, None).await.unwrap().is_empty());
    assert!(s.contact(ada).await.unwrap().warmth.is_none());
    assert_eq!(s.contact(bob).await.unwrap().name, "Bob Byte", "the people met stay");
    assert!(matches!(s.remove_event(id).await.unwrap_err(), StoreError::NotFound { .. }));
    let a = s.goal_activity(days(-30), today()).await.unwrap();
    assert_eq!(a.amounts(&Measure::Events).iter().map(|x| x.1).sum::<u64>(), 0);
}

async fn an_edited_event_moves_its_touch_and_refuses_what_a_new_one_would(env: &Env) {
    let s = &env.store;
    let ada = ada_and_guild(env).await;
    s.add_org("Rust Meetup", OrgKind::Group).await.unwrap();
    let id = s.add_event(mixer(vec![ada], &[]), today(), event_weight()).await.unwrap();
    let before = s.contact(ada).await.unwrap().due_on();
    let patch = EventPatch {
        title: Some("Summer mixer".into()),
        on: Some(days(-40)),
        org: Some(Some("rust meetup".into())),
        note: Some(None),
        ..Default::default()
    };
    s.edit_event(id, patch, today()).await.unwrap();
    let e = s.event(id).await.unwrap();
    assert_eq!(
        (e.title.as_str(), e.on, e.org.as_deref(), e.note.as_deref()),
        ("Summer mixer", days(-40), Some("Rust Meetup"), None)
    );
    assert_eq!(e.people.len(), 1, "who was there stays");
    let touch = &s.timeline(ada, None).await.unwrap()[0];
    assert_eq!((touch.on, touch.note.as_deref()), (days(-40), Some("Summer mixer")), "the touch follows");
    assert!(s.contact(ada).await.unwrap().due_on() < before, "an older touch: due sooner");

    // Refused whole, as a new event would be: a day after today, an unknown organization.
    let later = EventPatch { on: Some(days(1)), ..Default::default() };
    assert!(matches!(s.edit_event(id, later, today()).await, Err(StoreError::Invalid(v)) if v.field == "on"));
    let nowhere =
        EventPatch { org: Some(Some("Nowhere Club".into())), title: Some("Changed".into()), ..Default::default() };
    assert!(matches!(s.edit_event(id, nowhere, today()).await, Err(StoreError::Invalid(v)) if v.field == "org"));
    assert_eq!(s.event(id).await.unwrap(), e, "nothing half-written");
    assert!(matches!(s.edit_event(999_999, EventPatch::default(), today()).await, Err(StoreError::NotFound { .. })));
}

async fn own_roles_and_role_dates(env: &Env) {
    let s = &env.store;
    let ada = ada_and_guild(env).await;
    let since = Tenure { since: Some(days(-400)), until: None };
    let org = s.set_own_membership("PRODUCT GUILD", Role::Board, since).await.unwrap();
    s.set_own_membership("Product Guild", Role::Member, Tenure::default()).await.unwrap();
    // Dates not given keep what was recorded; an end is added.
    s.set_own_membership("Product Guild", Role::Board, Tenure { since: None, until: Some(days(-10)) }).await.unwrap();
    let mine = s.own_memberships(None).await.unwrap();
    let got: Vec<_> = mine.iter().map(|m| (m.org.as_str(), m.role, m.since, m.until)).collect();
    assert_eq!(
        got,
        vec![
            ("Product Guild", Role::Board, Some(days(-400)), Some(days(-10))),
            ("Product Guild", Role::Member, None, None)
        ]
    );
    assert_eq!(s.own_memberships(Some(org)).await.unwrap().len(), 2);
    assert!(s.own_memberships(Some(org + 1000)).await.unwrap().is_empty());

    let version = s.data_version().await.unwrap();
    let err = s
        .set_own_membership("Product Guild", Role::Board, Tenure { since: Some(days(0)), until: None })
        .await
        .unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(v) if v.field == "until"), "an end before the new start: {err}");
    let err = s.set_own_membership("Nowhere", Role::Member, Tenure::default()).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(v) if v.field == "org" && v.value == "Nowhere"), "{err}");
    assert_eq!(s.data_version().await.unwrap(), version);

    s.join_org(ada, "Product Guild", Role::Volunteer, Tenure { since: Some(days(-100)), until: None }).await.unwrap();
    let members = s.org_members(org).await.unwrap();
    assert_eq!((members[0].role, members[0].since, members[0].until), (Role::Volunteer, Some(days(-100)), None));
    let bad = Tenure { since: Some(days(-1)), until: Some(days(-2)) };
    assert!(matches!(s.join_org(ada, "Product Guild", Role::Board, bad).await.unwrap_err(), StoreError::Invalid(_)));
}

async fn events_and_memberships_survive_a_backup(env: &Env) {
    let s = &env.store;
    let ada = ada_and_guild(env).await;
    s.add_event(mixer(vec![ada], &["Bob Byte <bob@example.com>"]), today(), event_weight()).await.unwrap();
    let alone = NewEvent { title: "Seminar".into(), org: None, ..mixer(vec![], &[]) };
    s.add_event(alone, today(), event_weight()).await.unwrap();
    s.set_own_membership("Product Guild", Role::Board, Tenure { since: Some(days(-400)), until: None }).await.unwrap();
    s.join_org(ada, "Product Guild", Role::Member, Tenure { since: Some(days(-50)), until: None }).await.unwrap();
    let saved = s.snapshot().await.unwrap();
    assert_eq!(saved.events.len(), 2);
    assert!(saved.interactions.is_empty(), "an event's interaction travels with the event");
    assert_eq!(saved.own_memberships.len(), 1);

    let other = Env::same_backend(env).await;
    other.store.restore(saved.clone(), &options()).await.unwrap();
    assert_eq!(other.store.snapshot().await.unwrap(), saved);
    // Restoring again doubles nothing: the events and their touches are there once.
    other.store.restore(saved.clone(), &options()).await.unwrap();
    assert_eq!(other.store.snapshot().await.unwrap(), saved);
    let a = other.store.goal_activity(days(-30), today()).await.unwrap();
    assert_eq!(a.amounts(&Measure::Events).iter().map(|x| x.1).sum::<u64>(), 2);
    assert_eq!(a.amounts(&Measure::Minutes).iter().map(|x| x.1).sum::<u64>(), 180);
    let ada_there = other.store.resolve("Ada Lovelace").await.unwrap();
    assert_eq!(other.store.timeline(ada_there, None).await.unwrap().len(), 1);
}

conformance!(
    an_event_creates_the_people_met_and_touches_everyone_once,
    a_bad_event_writes_nothing,
    events_count_once_in_the_goals,
    removing_an_event_takes_back_its_touch,
    an_edited_event_moves_its_touch_and_refuses_what_a_new_one_would,
    own_roles_and_role_dates,
    events_and_memberships_survive_a_backup,
);
