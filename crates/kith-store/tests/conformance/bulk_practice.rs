//! The practice part of a bulk load (what `kith demo` writes): events with the people there, the
//! user's own roles, market signals and the career record, in the load's one transaction.

use kith_core::{
    InteractionKind, Role,
    career::NewAccomplishment,
    event::{EventKind, NewEvent},
    goal::Measure,
    org::Tenure,
    signal::{NewSignal, SignalFilter, SignalKind},
    snapshot::SnapshotCareer,
};
use kith_store::{Bulk, BulkEvent, BulkOwnMembership, BulkSignal, EventFilter, StoreError};

use crate::support::{Env, days, today};

fn meeting(org: &str) -> NewEvent {
    NewEvent {
        title: "Guild meetup".into(),
        kind: EventKind::Meeting,
        on: days(-10),
        org: Some(org.into()),
        minutes: Some(120),
        note: None,
        with: Vec::new(),
        met: Vec::new(),
    }
}

/// The conformance network, the last contact met at the guild's meetup, with its practice.
fn practiced() -> Bulk {
    let mut bulk = crate::network();
    let event = meeting("Rust Guild");
    let met = &mut bulk.contacts[4];
    met.contact.met_at = Some(event.met_at());
    met.contact.met_on = Some(event.on);
    met.added_on = event.on;
    let weight = kith_core::Weights::default().of(InteractionKind::Event);
    bulk.events = vec![BulkEvent { event, with: vec![0, 2, 0], met: vec![4], weight }];
    bulk.own_memberships = vec![
        BulkOwnMembership {
            org: "Rust Guild".into(),
            role: Role::Member,
            tenure: Tenure { since: Some(days(-900)), until: None },
        },
        BulkOwnMembership {
            org: "Rust Guild".into(),
            role: Role::Board,
            tenure: Tenure { since: Some(days(-200)), until: None },
        },
    ];
    let signal =
        |kind, org: &str, on| NewSignal { org: Some(org.into()), field: None, kind, on, from: None, note: None };
    bulk.signals = vec![
        BulkSignal { signal: signal(SignalKind::Hiring, "Globex", days(-5)), from: Some(1) },
        BulkSignal { signal: signal(SignalKind::Funding, "Initech", days(-40)), from: None },
    ];
    bulk.career = Some(SnapshotCareer {
        linkedin_connections: Some(420),
        linkedin_connections_on: Some(days(-3)),
        resume_updated_on: Some(days(-60)),
        linkedin_updated_on: Some(days(-3)),
        connections_target: None,
        accomplishments: vec![NewAccomplishment {
            title: "Shipped the billing rewrite".into(),
            on: days(-90),
            outcome: Some("cut invoice errors by half".into()),
            link: None,
        }],
    });
    bulk
}

async fn a_bulk_load_records_events_roles_signals_and_career(env: &Env) {
    let s = &env.store;
    s.bulk_load(&practiced()).await.unwrap();
    let events = s.events(&EventFilter::default()).await.unwrap();
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!((e.title.as_str(), e.org.as_deref(), e.minutes), ("Guild meetup", Some("Rust Guild"), Some(120)));
    let people: Vec<(&str, bool)> = e.people.iter().map(|p| (p.name.as_str(), p.new)).collect();
    assert_eq!(people, [("Bulk Active", false), ("Bulk Inner", false), ("Bulk Untouched", true)], "each once");
    // The event touched its people: the one met there is no longer untouched.
    let met = s.contact(5).await.unwrap();
    assert_eq!(met.met_on, Some(days(-10)));
    assert_eq!(s.timeline(5, None).await.unwrap().len(), 1);
    assert_eq!(s.timeline(1, None).await.unwrap().len(), 4);
    // It counts once, as an event, in the goals.
    let activity = s.goal_activity(days(-30), today()).await.unwrap();
    let events_done: u64 = activity.amounts(&Measure::Events).iter().map(|a| a.1).sum();
    assert_eq!(events_done, 1);

    let roles: Vec<(String, Role)> =
        s.own_memberships(None).await.unwrap().into_iter().map(|m| (m.org, m.role)).collect();
    assert_eq!(roles, [("Rust Guild".to_string(), Role::Board), ("Rust Guild".to_string(), Role::Member)]);

    let signals = s.signals(&SignalFilter::default()).await.unwrap();
    let told: Vec<(&str, SignalKind, Option<&str>)> =
        signals.iter().map(|x| (x.subject(), x.kind, x.from.as_deref())).collect();
    assert_eq!(told, [("Globex", SignalKind::Hiring, Some("Bulk Close")), ("Initech", SignalKind::Funding, None)]);
    assert_eq!(s.hiring_orgs(days(-30)).await.unwrap(), ["Globex"]);

    let career = s.career().await.unwrap();
    assert_eq!((career.connections, career.resume_updated_on), (Some(420), Some(days(-60))));
    assert_eq!(s.accomplishments(None).await.unwrap()[0].outcome.as_deref(), Some("cut invoice errors by half"));
}

async fn a_bad_practice_part_refuses_the_whole_load(env: &Env) {
    let s = &env.store;
    let mut stranger = practiced();
    stranger.events[0].met = vec![99];
    let e = s.bulk_load(&stranger).await.unwrap_err();
    assert!(matches!(&e, StoreError::Invalid(v) if v.field == "who" && v.value == "99"), "{e}");
    assert!(e.to_string().contains("event 1 of the load"), "{e}");

    // Found only once the contacts are written: the transaction takes them back.
    let mut nowhere = practiced();
    nowhere.events[0].event.org = Some("Nowhere Society".into());
    let e = s.bulk_load(&nowhere).await.unwrap_err();
    assert!(matches!(&e, StoreError::Invalid(v) if v.field == "org" && v.value == "Nowhere Society"), "{e}");

    let mut future = practiced();
    future.signals[0].from = Some(5);
    assert!(matches!(s.bulk_load(&future).await.unwrap_err(), StoreError::Invalid(v) if v.field == "who"));
    assert_eq!(s.count_contacts().await.unwrap(), 0);
    assert!(s.events(&EventFilter::default()).await.unwrap().is_empty());
    assert!(s.signals(&SignalFilter::default()).await.unwrap().is_empty());
    assert_eq!(s.career().await.unwrap().connections, None);
}

/// A load naming thousands of employers (a real export names nearly one per person) makes each
/// once, by its first spelling, with its change-log row; reuses the ones already there; and gives
/// every contact its own.
async fn a_load_naming_thousands_of_employers_makes_each_once(env: &Env) {
    use kith_core::{NewContact, OrgKind};
    use kith_store::BulkContact;
    let s = &env.store;
    s.add_org("Employer 7", OrgKind::Employer).await.unwrap();
    let people = 2_500;
    let contact = |i: usize| {
        // The last hundred spell an earlier employer in capitals: the same organization.
        let org = if i >= people - 100 { format!("EMPLOYER {}", i - 2_000) } else { format!("Employer {i}") };
        let c = NewContact { name: format!("Person {i}"), org: Some(org), ..Default::default() };
        BulkContact::new(c, days(-30))
    };
    let bulk = Bulk { contacts: (0..people).map(contact).collect(), ..Bulk::default() };
    s.bulk_load(&bulk).await.unwrap();

    let orgs = s.orgs().await.unwrap();
    assert_eq!(orgs.len(), people - 100);
    let twice = |name: &str| (400..500).any(|n| name == format!("Employer {n}"));
    assert!(orgs.iter().all(|o| o.members == if twice(&o.name) { 2 } else { 1 }), "{orgs:?}");
    assert!(orgs.iter().all(|o| !o.name.starts_with("EMPLOYER")), "the first spelling names it");
    for (id, want) in [(1, "Employer 0"), (8, "Employer 7"), (1_500, "Employer 1499"), (2_401, "Employer 400")] {
        assert_eq!(s.contact(id).await.unwrap().org.as_deref(), Some(want), "contact {id}");
    }
    let ids: std::collections::HashSet<i64> = orgs.iter().map(|o| o.id).collect();
    assert_eq!(ids.len(), orgs.len());
}

conformance!(
    a_bulk_load_records_events_roles_signals_and_career,
    a_bad_practice_part_refuses_the_whole_load,
    a_load_naming_thousands_of_employers_makes_each_once,
);
