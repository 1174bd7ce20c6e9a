//! Career readiness and market signals: the record shared with LinkedIn imports, accomplishments,
//! signals by organization, kind and date, and both carried by a backup.

use kith_core::{
    Circle, NewContact,
    career::{CareerPatch, CareerRecord, DEFAULT_CONNECTIONS_TARGET, NewAccomplishment},
    signal::{NewSignal, SignalFilter, SignalKind},
};
use kith_store::{ImportBatch, StoreError};

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

fn done(title: &str, on: chrono::NaiveDate) -> NewAccomplishment {
    NewAccomplishment { title: title.into(), on, outcome: None, link: None }
}

fn heard(org: Option<&str>, field: Option<&str>, kind: SignalKind, on: chrono::NaiveDate) -> NewSignal {
    NewSignal { org: org.map(Into::into), field: field.map(Into::into), kind, on, from: None, note: None }
}

async fn the_career_record_keeps_what_was_set_and_the_newest_connection_count(env: &Env) {
    let s = &env.store;
    assert_eq!(s.career().await.unwrap(), CareerRecord::default());
    let version = s.data_version().await.unwrap();
    let patch = CareerPatch { resume_updated_on: Some(days(-10)), connections: Some(120), ..Default::default() };
    s.set_career(patch, days(-5)).await.unwrap();
    assert!(s.data_version().await.unwrap() > version);
    // Only the fields given change.
    s.set_career(CareerPatch { connections_target: Some(300), ..Default::default() }, today()).await.unwrap();
    let r = s.career().await.unwrap();
    assert_eq!(
        r,
        CareerRecord {
            resume_updated_on: Some(days(-10)),
            linkedin_updated_on: None,
            connections: Some(120),
            connections_on: Some(days(-5)),
            connections_target: 300,
        }
    );
    // A later LinkedIn import replaces the count set by hand (the newest write wins), and the
    // import's count is what the older read gives too.
    s.import(ImportBatch { linkedin_connections: Some(456), ..Default::default() }, &options()).await.unwrap();
    let r = s.career().await.unwrap();
    assert_eq!((r.connections, r.connections_on, r.resume_updated_on), (Some(456), Some(today()), Some(days(-10))));
    assert_eq!(s.linkedin_connections().await.unwrap(), Some((456, today())));
    // And a count set by hand after the import replaces it.
    s.set_career(CareerPatch { connections: Some(470), ..Default::default() }, today()).await.unwrap();
    assert_eq!(s.career().await.unwrap().connections, Some(470));
    // Bad input is refused, naming the field, and changes nothing.
    let future = CareerPatch { linkedin_updated_on: Some(days(1)), ..Default::default() };
    let err = s.set_career(future, today()).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(v) if v.field == "linkedin-updated"), "{err}");
    assert!(matches!(s.set_career(CareerPatch::default(), today()).await.unwrap_err(), StoreError::Invalid(_)));
    assert_eq!(s.career().await.unwrap().linkedin_updated_on, None);
    assert_eq!(DEFAULT_CONNECTIONS_TARGET, 500);
}

async fn accomplishments_list_newest_first_and_remove(env: &Env) {
    let s = &env.store;
    let a = s.add_accomplishment(done("Led the migration", days(-40)), today()).await.unwrap();
    let b = s
        .add_accomplishment(
            NewAccomplishment {
                outcome: Some("p99 down 40%".into()),
                link: Some("https://example.org/post".into()),
                ..done("Shipped search", days(-2))
            },
            today(),
        )
        .await
        .unwrap();
    let c = s.add_accomplishment(done("Spoke at a meetup", days(-2)), today()).await.unwrap();
    let all = s.accomplishments(None).await.unwrap();
    assert_eq!(all.iter().map(|x| x.id).collect::<Vec<_>>(), vec![c, b, a]);
    assert_eq!(all[1].outcome.as_deref(), Some("p99 down 40%"));
    let recent = s.accomplishments(Some(days(-10))).await.unwrap();
    assert_eq!(recent.len(), 2);
    // Refused before writing: a future date, a bad link.
    let err = s.add_accomplishment(done("Later", days(1)), today()).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(v) if v.field == "on"), "{err}");
    let bad = NewAccomplishment { link: Some("ftp://x".into()), ..done("X", today()) };
    assert!(
        matches!(s.add_accomplishment(bad, today()).await.unwrap_err(), StoreError::Invalid(v) if v.field == "link")
    );
    s.remove_accomplishment(a).await.unwrap();
    assert!(matches!(s.remove_accomplishment(a).await.unwrap_err(), StoreError::NotFound { .. }));
    assert_eq!(s.accomplishments(None).await.unwrap().len(), 2);
}

async fn signals_filter_by_org_kind_and_date(env: &Env) {
    let s = &env.store;
    let ada = s.add_contact(NewContact { name: "Ada".into(), org: Some("Acme".into()), ..Default::default() }, today());
    let ada = ada.await.unwrap();
    let hiring = s.add_signal(
        NewSignal {
            from: Some(ada),
            note: Some("two roles".into()),
            ..heard(Some("acme"), None, SignalKind::Hiring, days(-3))
        },
        today(),
    );
    let hiring = hiring.await.unwrap();
    // A new organization is created for a signal about it.
    let layoffs = s.add_signal(heard(Some("Globex"), None, SignalKind::Layoffs, days(-100)), today()).await.unwrap();
    let field = s.add_signal(heard(None, Some("fintech"), SignalKind::Funding, days(-1)), today()).await.unwrap();
    assert!(s.orgs().await.unwrap().iter().any(|o| o.name == "Globex"));

    let all = s.signals(&SignalFilter::default()).await.unwrap();
    assert_eq!(all.iter().map(|x| x.id).collect::<Vec<_>>(), vec![field, hiring, layoffs]);
    let h = &all[1];
    assert_eq!(
        (h.org.as_deref(), h.from.as_deref(), h.from_id, h.note.as_deref()),
        (Some("Acme"), Some("Ada"), Some(ada), Some("two roles"))
    );
    assert_eq!(all[0].field.as_deref(), Some("fintech"));

    let acme = s.signals(&SignalFilter { org_name: Some("ACME".into()), ..Default::default() }).await.unwrap();
    assert_eq!(acme.iter().map(|x| x.id).collect::<Vec<_>>(), vec![hiring]);
    let by_id = s.signals(&SignalFilter { org: h.org_id, ..Default::default() }).await.unwrap();
    assert_eq!(by_id, acme);
    let unknown = s.signals(&SignalFilter { org_name: Some("Initech".into()), ..Default::default() }).await;
    assert!(matches!(unknown.unwrap_err(), StoreError::NotFound { .. }));
    let kind = s.signals(&SignalFilter { kind: Some(SignalKind::Layoffs), ..Default::default() }).await.unwrap();
    assert_eq!(kind.len(), 1);
    let recent =
        s.signals(&SignalFilter { since: Some(days(-90)), limit: Some(1), ..Default::default() }).await.unwrap();
    assert_eq!(recent.iter().map(|x| x.id).collect::<Vec<_>>(), vec![field]);

    // Hiring organizations since a day: only recent hiring signals count.
    assert_eq!(s.hiring_orgs(days(-90)).await.unwrap(), vec!["Acme".to_string()]);
    assert!(s.hiring_orgs(days(-2)).await.unwrap().is_empty());

    // Refused before writing: both an org and a field, an unknown contact.
    let both = heard(Some("Acme"), Some("fintech"), SignalKind::Other, today());
    assert!(matches!(s.add_signal(both, today()).await.unwrap_err(), StoreError::Invalid(_)));
    let stranger = NewSignal { from: Some(9999), ..heard(Some("Newco"), None, SignalKind::Hiring, today()) };
    assert!(matches!(s.add_signal(stranger, today()).await.unwrap_err(), StoreError::NotFound { .. }));
    assert!(!s.orgs().await.unwrap().iter().any(|o| o.name == "Newco"));

    s.remove_signal(layoffs).await.unwrap();
    assert!(matches!(s.remove_signal(layoffs).await.unwrap_err(), StoreError::NotFound { .. }));
    assert_eq!(s.signals(&SignalFilter::default()).await.unwrap().len(), 2);
}

async fn career_and_signals_survive_a_backup(env: &Env) {
    let s = &env.store;
    let ada = s.add_contact(NewContact { name: "Ada".into(), ..Default::default() }, today()).await.unwrap();
    let patch = CareerPatch {
        resume_updated_on: Some(days(-10)),
        linkedin_updated_on: Some(days(-20)),
        connections: Some(321),
        connections_target: Some(800),
    };
    s.set_career(patch, days(-1)).await.unwrap();
    s.add_accomplishment(done("Led the migration", days(-40)), today()).await.unwrap();
    s.add_accomplishment(NewAccomplishment { outcome: Some("40%".into()), ..done("Shipped", days(-2)) }, today())
        .await
        .unwrap();
    s.add_signal(NewSignal { from: Some(ada), ..heard(Some("Acme"), None, SignalKind::Hiring, days(-3)) }, today())
        .await
        .unwrap();
    s.add_signal(heard(None, Some("fintech"), SignalKind::Layoffs, days(-9)), today()).await.unwrap();
    let saved = s.snapshot().await.unwrap();
    assert_eq!(saved.career.accomplishments.len(), 2);
    assert_eq!(saved.career.connections_target, Some(800));
    assert_eq!(saved.signals.len(), 2);

    let other = Env::same_backend(env).await;
    other.store.restore(saved.clone(), &options()).await.unwrap();
    assert_eq!(other.store.snapshot().await.unwrap(), saved);
    assert_eq!(other.store.career().await.unwrap(), s.career().await.unwrap());
    let signals = other.store.signals(&SignalFilter::default()).await.unwrap();
    assert_eq!((signals[0].org.as_deref(), signals[0].from.as_deref()), (Some("Acme"), Some("Ada")));
    // Restoring again doubles nothing.
    other.store.restore(saved.clone(), &options()).await.unwrap();
    assert_eq!(other.store.snapshot().await.unwrap(), saved);

    // A damaged accomplishment is refused, named by its place, and nothing is written.
    let mut bad = saved.clone();
    bad.career.accomplishments[1].title = String::new();
    let third = Env::same_backend(env).await;
    let err = third.store.restore(bad, &options()).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(v) if v.field == "career.accomplishments[1].title"), "{err}");
    assert_eq!(third.store.count_contacts().await.unwrap(), 0);
}

conformance!(
    the_career_record_keeps_what_was_set_and_the_newest_connection_count,
    accomplishments_list_newest_first_and_remove,
    signals_filter_by_org_kind_and_date,
    career_and_signals_survive_a_backup,
);
