//! The conformance suite: every test is written once, as an async fn taking an [`Env`], and run
//! against SQLite (a temporary file) always, and against PostgreSQL (a fresh database per test on
//! the server at `KITH_TEST_POSTGRES_URL`) when that variable is set. CI always sets it.

/// Stamps out `sqlite::<name>` and `postgres::<name>` tests in the calling module for each of its
/// conformance tests: every file registers its own.
macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let env = crate::support::Env::sqlite().await;
                    super::$name(&env).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    match crate::support::Env::postgres().await {
                        Some(env) => super::$name(&env).await,
                        None => eprintln!("postgres::{} skipped: KITH_TEST_POSTGRES_URL is not set", stringify!($name)),
                    }
                }
            )*
        }
    };
}

#[path = "conformance/accounts.rs"]
mod accounts;
#[path = "conformance/api_tokens.rs"]
mod api_tokens;
#[path = "conformance/app_passwords.rs"]
mod app_passwords;
#[path = "conformance/bulk_practice.rs"]
mod bulk_practice;
#[path = "conformance/campaign_mail.rs"]
mod campaign_mail;
#[path = "conformance/campaigns.rs"]
mod campaigns;
#[path = "conformance/cards.rs"]
mod cards;
#[path = "conformance/career.rs"]
mod career;
#[path = "conformance/digest.rs"]
mod digest;
#[path = "conformance/events.rs"]
mod events;
#[path = "conformance/health.rs"]
mod health;
#[path = "conformance/imports.rs"]
mod imports;
#[path = "conformance/jobs.rs"]
mod jobs;
#[path = "conformance/merge.rs"]
mod merge;
#[path = "conformance/pages.rs"]
mod pages;
#[path = "conformance/plan.rs"]
mod plan;
#[path = "conformance/practice.rs"]
mod practice;
#[path = "conformance/reconnections.rs"]
mod reconnections;
#[path = "conformance/relationships.rs"]
mod relationships;
#[path = "conformance/search.rs"]
mod search;
#[path = "conformance/snapshots.rs"]
mod snapshots;
#[path = "conformance/sources.rs"]
mod sources;
mod support;
#[path = "conformance/ties.rs"]
mod ties;
#[path = "conformance/triage.rs"]
mod triage;

use chrono::NaiveDate;
use kith_core::{
    Circle, ContactPatch, InteractionKind, NewContact, NewInteraction, OrgKind, Role, Status,
    contact::{Birthday, Cadenced},
    interaction::InteractionPatch,
};
use kith_store::{Bulk, BulkContact, BulkFollowUp, BulkInteraction, ContactFilter, StoreError};
use support::{Env, days, today};

conformance!(
    add_and_show_every_field,
    resolve_by_id_email_exact_and_prefix,
    one_lunch_with_three_people_warms_all_three,
    a_lunch_one_cadence_ago_is_due_today,
    a_social_touch_alone_is_due_at_once,
    a_back_dated_log_ranks_by_its_date,
    editing_and_deleting_an_interaction_moves_the_due_date,
    a_touch_edited_to_other_people_moves_their_warmth_and_its_favor,
    circle_and_cadence_changes_move_the_due_date,
    archived_and_dormant_are_never_due_and_snooze_hides,
    followups_add_list_done,
    organizations_add_list_join,
    search_by_name_org_note_tag_and_email,
    list_filters_and_order,
    edits_change_fields_etag_and_log,
    failed_writes_change_nothing,
    timeline_history_and_counts,
    bulk_load_matches_logging_one_by_one,
    a_newer_schema_is_refused,
);

fn person(name: &str) -> NewContact {
    NewContact { name: name.into(), ..Default::default() }
}

fn touch(contacts: Vec<i64>, kind: InteractionKind, on: NaiveDate) -> NewInteraction {
    NewInteraction {
        contacts,
        kind,
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

fn weight(kind: InteractionKind) -> f64 {
    kith_core::Weights::default().of(kind)
}

async fn due_on(env: &Env, id: i64) -> Option<NaiveDate> {
    env.store.contact(id).await.unwrap().due_on()
}

/// The contact lines of the due list up to `until`, in the due list's order (before today: the
/// store's candidates due by then, by id).
async fn due_ids(env: &Env, until: NaiveDate) -> Vec<i64> {
    let Ok(within) = u32::try_from((until - today()).num_days()) else {
        let mut ids: Vec<i64> =
            env.store.due_candidates(today(), until, None).await.unwrap().iter().map(|c| c.id).collect();
        ids.sort_unstable();
        return ids;
    };
    let list = kith_store::reports::due_list(&*env.store, today(), within).await.unwrap();
    list.iter().filter(|i| i.followup_id.is_none()).map(|i| i.id).collect()
}

async fn add_and_show_every_field(env: &Env) {
    let s = &env.store;
    let new = NewContact {
        name: "Ada King Lovelace".into(),
        emails: vec!["ada@example.org".into(), "Ada.K@Example.org".into()],
        phones: vec!["+44 20 7946 0000".into()],
        org: Some("Analytical Engines".into()),
        title: Some("Mathematician".into()),
        location: Some("London".into()),
        circle: Some(Circle::Close),
        cadence_days: Some(21),
        tags: vec!["math".into(), "computing".into()],
        met_at: Some("Babbage's salon".into()),
        met_on: Some("1833-06-05".parse().unwrap()),
        linkedin: Some("https://linkedin.com/in/ada".into()),
        website: Some("https://ada.example.org".into()),
        birthday: Some(Birthday { year: None, month: 12, day: 10 }),
        notes: Some("Wrote the first program".into()),
        important: true,
    };
    let id = s.add_contact(new, today()).await.unwrap();
    assert_eq!(id, 1, "ids start at 1");
    let c = s.contact(id).await.unwrap();
    assert_eq!(c.name, "Ada King Lovelace");
    assert_eq!((c.given_name.as_str(), c.family_name.as_str()), ("Ada King", "Lovelace"));
    assert_eq!(c.emails, vec!["ada@example.org", "Ada.K@Example.org"]);
    assert_eq!(c.phones, vec!["+44 20 7946 0000"]);
    assert_eq!(c.org.as_deref(), Some("Analytical Engines"));
    assert_eq!(c.title.as_deref(), Some("Mathematician"));
    assert_eq!(c.location.as_deref(), Some("London"));
    assert_eq!(c.circle, Circle::Close);
    assert_eq!(c.custom_cadence_days, Some(21));
    assert_eq!(c.tags, vec!["computing", "math"]);
    assert_eq!(c.met_at.as_deref(), Some("Babbage's salon"));
    assert_eq!(c.met_on, Some("1833-06-05".parse().unwrap()));
    assert_eq!(c.linkedin.as_deref(), Some("https://linkedin.com/in/ada"));
    assert_eq!(c.website.as_deref(), Some("https://ada.example.org"));
    assert_eq!(c.birthday.unwrap().to_string(), "--12-10");
    assert_eq!(c.notes.as_deref(), Some("Wrote the first program"));
    assert!(c.important && !c.archived);
    assert_eq!(c.added_on, today());
    assert_eq!(c.warmth, None);
    assert_eq!(c.summary(today()).status, Status::New);
    assert_eq!(c.due_on(), Some(today()), "a new contact is due at once");
    assert!(!c.uid.is_empty() && !c.etag.is_empty());
    let m = s.memberships(id).await.unwrap();
    assert_eq!((m[0].org.as_str(), m[0].role), ("Analytical Engines", Role::Employee));

    // Added by hand without a circle: active.
    let b = s.add_contact(person("Charles Babbage"), today()).await.unwrap();
    assert_eq!(b, 2);
    assert_eq!(s.contact(b).await.unwrap().circle, Circle::Active);
    assert_eq!(s.count_contacts().await.unwrap(), 2);
    assert!(matches!(s.contact(99).await, Err(StoreError::NotFound { .. })));
}

async fn resolve_by_id_email_exact_and_prefix(env: &Env) {
    let s = &env.store;
    let ann = s
        .add_contact(
            NewContact { emails: vec!["ann@x.org".into()], org: Some("Acme".into()), ..person("Ann Lee") },
            today(),
        )
        .await
        .unwrap();
    let ann2 = s.add_contact(person("Ann Lee"), today()).await.unwrap();
    let anna = s.add_contact(person("Anna Berg"), today()).await.unwrap();
    let bob = s.add_contact(person("Bob Stone"), today()).await.unwrap();
    assert_eq!(s.resolve(&bob.to_string()).await.unwrap(), bob);
    assert_eq!(s.resolve("ANN@X.ORG").await.unwrap(), ann);
    assert_eq!(s.resolve("bob stone").await.unwrap(), bob);
    assert_eq!(s.resolve("  Bob   Stone ").await.unwrap(), bob);
    assert_eq!(s.resolve("bo").await.unwrap(), bob);
    assert_eq!(s.resolve("anna").await.unwrap(), anna);
    match s.resolve("ann lee").await {
        Err(StoreError::Ambiguous { candidates, .. }) => {
            assert_eq!(candidates, vec![format!("Ann Lee (#{ann}, Acme)"), format!("Ann Lee (#{ann2})")]);
        }
        other => panic!("expected Ambiguous, got {other:?}"),
    }
    match s.resolve("an").await {
        Err(StoreError::Ambiguous { candidates, .. }) => assert_eq!(candidates.len(), 3),
        other => panic!("expected Ambiguous, got {other:?}"),
    }
    assert!(matches!(s.resolve("zed").await, Err(StoreError::NotFound { .. })));
    assert!(matches!(s.resolve("nobody@x.org").await, Err(StoreError::NotFound { .. })));
    assert!(matches!(s.resolve("404").await, Err(StoreError::NotFound { .. })));
}

async fn one_lunch_with_three_people_warms_all_three(env: &Env) {
    let s = &env.store;
    let mut ids = Vec::new();
    for n in ["A One", "B Two", "C Three"] {
        ids.push(s.add_contact(person(n), days(-200)).await.unwrap());
    }
    let lunch = s.log_interaction(touch(ids.clone(), InteractionKind::Lunch, days(-10)), 1.0).await.unwrap();
    for &id in &ids {
        let c = s.contact(id).await.unwrap();
        let sum = c.summary(today());
        assert_eq!(sum.status, Status::Warm);
        assert!(sum.warmth > 0.9);
        assert_eq!(c.due_on(), Some(days(80)));
        assert_eq!(s.timeline(id, None).await.unwrap()[0].id, lunch);
    }
    let i = s.interaction(lunch).await.unwrap();
    assert_eq!(i.with.iter().map(|p| p.id).collect::<Vec<_>>(), ids);
}

async fn a_lunch_one_cadence_ago_is_due_today(env: &Env) {
    let s = &env.store;
    let id = s.add_contact(person("Dana Active"), days(-400)).await.unwrap();
    s.log_interaction(touch(vec![id], InteractionKind::Lunch, days(-90)), 1.0).await.unwrap();
    assert_eq!(due_on(env, id).await, Some(today()));
    assert_eq!(due_ids(env, today()).await, vec![id]);
    assert!(due_ids(env, days(-1)).await.is_empty());
}

async fn a_social_touch_alone_is_due_at_once(env: &Env) {
    let s = &env.store;
    let id = s.add_contact(person("Sam Social"), days(-30)).await.unwrap();
    s.log_interaction(touch(vec![id], InteractionKind::Social, days(-3)), weight(InteractionKind::Social))
        .await
        .unwrap();
    assert_eq!(due_on(env, id).await, Some(days(-3)));
    assert_eq!(due_ids(env, today()).await, vec![id]);
}

async fn a_back_dated_log_ranks_by_its_date(env: &Env) {
    let s = &env.store;
    let a = s.add_contact(person("Alice"), days(-500)).await.unwrap();
    let b = s.add_contact(person("Bert"), days(-500)).await.unwrap();
    s.log_interaction(touch(vec![b], InteractionKind::Coffee, days(-95)), 1.0).await.unwrap();
    s.log_interaction(touch(vec![a], InteractionKind::Coffee, days(-30)), 1.0).await.unwrap();
    // Bert is cooling (due 5 days ago); Alice, due in 60 days, is still warm.
    assert_eq!(due_ids(env, days(365)).await, vec![b, a]);
    // Logged today, but it happened long ago: it adds what is left of it, not a fresh coffee. Warmth
    // saturates at the latest touch, so Alice stays due one cadence after her coffee 30 days ago.
    s.log_interaction(touch(vec![a], InteractionKind::Coffee, days(-150)), 1.0).await.unwrap();
    assert_eq!(due_on(env, a).await, Some(days(60)));
    // A back-dated lunch for a brand-new contact ranks by its date: due 30 days ago, cooling like
    // Bert (due 5 days ago), whose coffee is more recent (the stronger tie), so after him; Alice, not
    // due yet, after both.
    let c = s.add_contact(person("Cleo"), days(-1)).await.unwrap();
    s.log_interaction(touch(vec![c], InteractionKind::Lunch, days(-120)), 1.0).await.unwrap();
    assert_eq!(due_on(env, c).await, Some(days(-30)));
    assert_eq!(due_ids(env, days(365)).await, vec![b, c, a]);
}

async fn editing_and_deleting_an_interaction_moves_the_due_date(env: &Env) {
    let s = &env.store;
    let id = s.add_contact(person("Eve Edit"), days(-400)).await.unwrap();
    let i = s.log_interaction(touch(vec![id], InteractionKind::Lunch, days(-90)), 1.0).await.unwrap();
    assert_eq!(due_on(env, id).await, Some(today()));
    let patch = InteractionPatch { on: Some(days(-10)), ..Default::default() };
    s.edit_interaction(i, patch, None).await.unwrap();
    assert_eq!(due_on(env, id).await, Some(days(80)));
    let patch = InteractionPatch { kind: Some(InteractionKind::Social), ..Default::default() };
    s.edit_interaction(i, patch, Some(0.15)).await.unwrap();
    assert_eq!(due_on(env, id).await, Some(days(-10)));
    assert_eq!(s.interaction(i).await.unwrap().kind, InteractionKind::Social);
    s.delete_interaction(i).await.unwrap();
    let c = s.contact(id).await.unwrap();
    assert_eq!((c.warmth, c.due_on()), (None, Some(days(-400))));
    assert!(matches!(s.interaction(i).await, Err(StoreError::NotFound { .. })));
    assert!(matches!(s.delete_interaction(i).await, Err(StoreError::NotFound { .. })));
}

async fn a_touch_edited_to_other_people_moves_their_warmth_and_its_favor(env: &Env) {
    let s = &env.store;
    let ann = s.add_contact(person("Ann Stays"), days(-400)).await.unwrap();
    let bo = s.add_contact(person("Bo Leaves"), days(-400)).await.unwrap();
    let cy = s.add_contact(person("Cy Joins"), days(-400)).await.unwrap();
    let lunch = NewInteraction {
        gave: Some("an intro".into()),
        favor_with: Some(bo),
        ..touch(vec![ann, bo], InteractionKind::Lunch, days(-10))
    };
    let i = s.log_interaction(lunch, 1.0).await.unwrap();
    assert_eq!((due_on(env, bo).await, due_on(env, cy).await), (Some(days(80)), Some(days(-400))));
    let version = s.data_version().await.unwrap();

    let patch = InteractionPatch {
        contacts: Some(vec![cy, ann]),
        note: Some(Some("ran into Cy".into())),
        ..Default::default()
    };
    s.edit_interaction(i, patch, None).await.unwrap();
    let edited = s.interaction(i).await.unwrap();
    let mut with: Vec<i64> = edited.with.iter().map(|p| p.id).collect();
    with.sort_unstable();
    assert_eq!(with, vec![ann, cy]);
    assert_eq!(edited.favor_with, Some(cy), "Bo left: the favor goes to the first one named");
    assert_eq!(edited.note.as_deref(), Some("ran into Cy"));
    assert_eq!(due_on(env, bo).await, Some(days(-400)), "Bo is back to never touched");
    assert_eq!(due_on(env, cy).await, Some(days(80)), "Cy is warmed by the lunch");
    assert_eq!(due_on(env, ann).await, Some(days(80)));
    assert!(s.data_version().await.unwrap() > version);
    assert!(s.timeline(bo, None).await.unwrap().is_empty());

    // Refused whole: an unknown person, nobody, a favor for someone not there.
    let unknown = InteractionPatch {
        contacts: Some(vec![ann, 999_999]),
        kind: Some(InteractionKind::Call),
        ..Default::default()
    };
    assert!(matches!(s.edit_interaction(i, unknown, None).await, Err(StoreError::NotFound { .. })));
    let nobody = InteractionPatch { contacts: Some(Vec::new()), ..Default::default() };
    assert!(matches!(s.edit_interaction(i, nobody, None).await, Err(StoreError::Invalid(_))));
    let stranger = InteractionPatch { favor_with: Some(Some(bo)), ..Default::default() };
    assert!(matches!(s.edit_interaction(i, stranger, None).await, Err(StoreError::Invalid(_))));
    assert_eq!(s.interaction(i).await.unwrap(), edited, "nothing half-written");
    assert_eq!(due_on(env, cy).await, Some(days(80)));
}

async fn circle_and_cadence_changes_move_the_due_date(env: &Env) {
    let s = &env.store;
    let id = s.add_contact(person("Carl Circle"), days(-400)).await.unwrap();
    s.log_interaction(touch(vec![id], InteractionKind::Lunch, days(-10)), 1.0).await.unwrap();
    assert_eq!(due_on(env, id).await, Some(days(80)));
    s.edit_contact(id, ContactPatch { circle: Some(Circle::Inner), ..Default::default() }).await.unwrap();
    assert_eq!(due_on(env, id).await, Some(days(4)));
    s.edit_contact(id, ContactPatch { cadence_days: Some(Some(30)), ..Default::default() }).await.unwrap();
    assert_eq!(due_on(env, id).await, Some(days(20)));
    assert_eq!(due_ids(env, days(20)).await, vec![id]);
    s.edit_contact(id, ContactPatch { cadence_days: Some(None), ..Default::default() }).await.unwrap();
    assert_eq!(due_on(env, id).await, Some(days(4)));
    s.edit_contact(id, ContactPatch { circle: Some(Circle::Dormant), ..Default::default() }).await.unwrap();
    assert_eq!(due_on(env, id).await, None);
    assert!(due_ids(env, days(3650)).await.is_empty());
}

async fn archived_and_dormant_are_never_due_and_snooze_hides(env: &Env) {
    let s = &env.store;
    let dormant = s
        .add_contact(NewContact { circle: Some(Circle::Dormant), ..person("Dora Dormant") }, days(-100))
        .await
        .unwrap();
    let archived = s.add_contact(person("Archie Archived"), days(-100)).await.unwrap();
    let snoozed = s.add_contact(person("Sonny Snoozed"), days(-100)).await.unwrap();
    let lost =
        s.add_contact(NewContact { circle: Some(Circle::Inner), ..person("Lost Larry") }, days(-900)).await.unwrap();
    for id in [dormant, archived, snoozed] {
        s.log_interaction(touch(vec![id], InteractionKind::Call, days(-95)), 0.7).await.unwrap();
    }
    s.log_interaction(touch(vec![lost], InteractionKind::Lunch, days(-800)), 1.0).await.unwrap();
    s.edit_contact(archived, ContactPatch { archived: Some(true), ..Default::default() }).await.unwrap();
    s.snooze(snoozed, Some(days(7))).await.unwrap();
    assert!(due_ids(env, days(30)).await.is_empty());
    assert_eq!(s.contact(snoozed).await.unwrap().snoozed_until, Some(days(7)));
    let later = s.due_candidates(days(7), days(7), None).await.unwrap();
    assert_eq!(later.iter().map(|c| c.id).collect::<Vec<_>>(), vec![snoozed]);
    s.snooze(snoozed, None).await.unwrap();
    assert_eq!(due_ids(env, today()).await, vec![snoozed]);
    s.edit_contact(archived, ContactPatch { archived: Some(false), ..Default::default() }).await.unwrap();
    assert_eq!(due_ids(env, today()).await.len(), 2);
    assert!(matches!(s.snooze(999, None).await, Err(StoreError::NotFound { .. })));
}

async fn followups_add_list_done(env: &Env) {
    let s = &env.store;
    let a = s.add_contact(person("Fay Follow"), today()).await.unwrap();
    let f1 = s.add_followup(a, days(30), Some("send the article".into()), today()).await.unwrap();
    let f2 = s.add_followup(a, days(7), None, today()).await.unwrap();
    let open = s.followups(false).await.unwrap();
    assert_eq!(open.iter().map(|f| f.id).collect::<Vec<_>>(), vec![f2, f1]);
    assert_eq!(open[1].note.as_deref(), Some("send the article"));
    assert_eq!(open[1].contact_name, "Fay Follow");
    s.complete_followup(f2, days(1)).await.unwrap();
    assert_eq!(s.followups(false).await.unwrap().len(), 1);
    let all = s.followups(true).await.unwrap();
    assert_eq!(all[0].done_on, Some(days(1)));
    assert!(matches!(s.complete_followup(77, today()).await, Err(StoreError::NotFound { .. })));
    assert!(matches!(s.add_followup(77, today(), None, today()).await, Err(StoreError::NotFound { .. })));
}

async fn organizations_add_list_join(env: &Env) {
    let s = &env.store;
    let assoc = s.add_org("Rust Guild", OrgKind::Association).await.unwrap();
    let err = s.add_org("rust guild", OrgKind::Group).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(v) if v.field == "org"), "{err:?}");
    let a = s.add_contact(NewContact { org: Some("ACME".into()), ..person("Olga Org") }, today()).await.unwrap();
    let b = s.add_contact(NewContact { org: Some("acme".into()), ..person("Otto Org") }, today()).await.unwrap();
    s.join_org(a, "RUST GUILD", Role::Board, Default::default()).await.unwrap();
    s.join_org(b, "Rust Guild", Role::Member, Default::default()).await.unwrap();
    s.join_org(b, "Rust Guild", Role::Member, Default::default()).await.unwrap();
    let orgs = s.orgs().await.unwrap();
    let summary: Vec<_> = orgs.iter().map(|o| (o.name.as_str(), o.kind, o.members)).collect();
    assert_eq!(summary, vec![("ACME", OrgKind::Employer, 2), ("Rust Guild", OrgKind::Association, 2)]);
    assert_eq!(orgs[1].id, assoc);
    let m = s.memberships(a).await.unwrap();
    assert_eq!(
        m.iter().map(|m| (m.org.as_str(), m.role)).collect::<Vec<_>>(),
        vec![("ACME", Role::Employee), ("Rust Guild", Role::Board)]
    );
    assert!(matches!(
        s.join_org(a, "Nowhere", Role::Member, Default::default()).await,
        Err(StoreError::NotFound { .. })
    ));
    // Clearing the organization.
    s.edit_contact(b, ContactPatch { org: Some(String::new()), ..Default::default() }).await.unwrap();
    assert_eq!(s.contact(b).await.unwrap().org, None);
    let f = ContactFilter { org: Some("acme".into()), ..Default::default() };
    assert_eq!(s.list_contacts(&f, today()).await.unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), vec![a]);
}

async fn search_by_name_org_note_tag_and_email(env: &Env) {
    let s = &env.store;
    let a = s
        .add_contact(
            NewContact {
                org: Some("Initech".into()),
                notes: Some("Knows everyone at the café".into()),
                tags: vec!["recruiter".into()],
                emails: vec!["peter.gibbons@initech.example".into()],
                ..person("Peter Gibbons")
            },
            today(),
        )
        .await
        .unwrap();
    let b =
        s.add_contact(NewContact { title: Some("Engineer".into()), ..person("Élodie Petit") }, today()).await.unwrap();
    let find = |q: &'static str| async move {
        let f = ContactFilter { search: Some(q.into()), ..Default::default() };
        s.list_contacts(&f, today()).await.unwrap().iter().map(|c| c.id).collect::<Vec<_>>()
    };
    assert_eq!(find("pet").await, vec![a, b], "ordered like list");
    assert_eq!(find("gib").await, vec![a]);
    assert_eq!(find("initech").await, vec![a]);
    assert_eq!(find("cafe").await, vec![a]);
    assert_eq!(find("recruit").await, vec![a]);
    assert_eq!(find("peter.gibbons@init").await, vec![a]);
    assert_eq!(find("elodie engineer").await, vec![b]);
    assert_eq!(find("pet zzz").await, Vec::<i64>::new());
    for hostile in ["\"", "pet AND OR NOT", "*", "pet\"*(", "'; DROP TABLE contacts; --", "NEAR(pet"] {
        find(hostile).await;
    }
    assert_eq!(find("pet AND").await, Vec::<i64>::new());
    s.edit_contact(b, ContactPatch { add_tags: vec!["speaker".into()], ..Default::default() }).await.unwrap();
    assert_eq!(find("speak").await, vec![b]);
}

async fn list_filters_and_order(env: &Env) {
    let s = &env.store;
    let z = s.add_contact(NewContact { tags: vec!["Rust".into()], ..person("Zoe") }, days(-10)).await.unwrap();
    let a = s.add_contact(NewContact { circle: Some(Circle::Inner), ..person("Abe") }, days(-10)).await.unwrap();
    let a2 = s.add_contact(NewContact { tags: vec!["rust".into()], ..person("Abe") }, days(-10)).await.unwrap();
    let m = s.add_contact(person("Mia"), days(-10)).await.unwrap();
    s.log_interaction(touch(vec![m], InteractionKind::Lunch, days(-1)), 1.0).await.unwrap();
    s.edit_contact(z, ContactPatch { archived: Some(true), ..Default::default() }).await.unwrap();
    let ids = |f: ContactFilter| async move {
        s.list_contacts(&f, today()).await.unwrap().iter().map(|c| c.id).collect::<Vec<_>>()
    };
    assert_eq!(ids(ContactFilter::default()).await, vec![a, a2, m]);
    assert_eq!(ids(ContactFilter { include_archived: true, ..Default::default() }).await, vec![a, a2, m, z]);
    assert_eq!(ids(ContactFilter { limit: Some(2), ..Default::default() }).await, vec![a, a2]);
    assert_eq!(ids(ContactFilter { circle: Some(Circle::Inner), ..Default::default() }).await, vec![a]);
    assert_eq!(
        ids(ContactFilter { tag: Some("RUST".into()), include_archived: true, ..Default::default() }).await,
        vec![a2, z]
    );
    assert_eq!(ids(ContactFilter { status: Some(Status::Warm), ..Default::default() }).await, vec![m]);
    assert_eq!(ids(ContactFilter { status: Some(Status::New), limit: Some(1), ..Default::default() }).await, vec![a]);
    let briefs = s.briefs().await.unwrap();
    assert_eq!(briefs.iter().map(|b| b.id).collect::<Vec<_>>(), vec![z, a, a2, m]);
}

async fn edits_change_fields_etag_and_log(env: &Env) {
    let s = &env.store;
    let id = s.add_contact(NewContact { emails: vec!["e@x.org".into()], ..person("Ed Edit") }, today()).await.unwrap();
    let before = s.contact(id).await.unwrap();
    let token = s.sync_token().await.unwrap();
    let patch = ContactPatch {
        name: Some("Edward Edit".into()),
        add_emails: vec!["ed@y.org".into()],
        remove_emails: vec!["E@X.ORG".into()],
        add_phones: vec!["555-0100".into()],
        title: Some("CTO".into()),
        notes: Some("likes tea".into()),
        important: Some(true),
        ..Default::default()
    };
    s.edit_contact(id, patch).await.unwrap();
    let after = s.contact(id).await.unwrap();
    assert_ne!(before.etag, after.etag);
    assert_eq!(before.uid, after.uid);
    assert!(after.updated_at >= before.updated_at);
    assert_eq!((after.name.as_str(), after.family_name.as_str()), ("Edward Edit", "Edit"));
    assert_eq!(after.emails, vec!["ed@y.org"]);
    assert_eq!(after.phones, vec!["555-0100"]);
    assert_eq!(after.title.as_deref(), Some("CTO"));
    assert!(after.important);
    s.edit_contact(id, ContactPatch { title: Some(String::new()), ..Default::default() }).await.unwrap();
    assert_eq!(s.contact(id).await.unwrap().title, None);
    assert!(s.sync_token().await.unwrap() > token);
    let changes = s.changes_since(token, 100).await.unwrap();
    assert_eq!(changes.len(), 2);
    assert!(changes.iter().all(|c| c.entity == "contact" && c.op == "update" && c.uid.as_deref() == Some(&after.uid)));
    let all = s.changes_since(0, 100).await.unwrap();
    assert_eq!((all[0].entity.as_str(), all[0].op.as_str(), all[0].entity_id), ("contact", "create", id));
    let i = s.log_interaction(touch(vec![id], InteractionKind::Call, today()), 0.7).await.unwrap();
    let last = s.changes_since(0, 100).await.unwrap().pop().unwrap();
    assert_eq!((last.entity.as_str(), last.entity_id, last.seq), ("interaction", i, s.sync_token().await.unwrap()));
    assert!(matches!(s.edit_contact(404, ContactPatch::default()).await, Err(StoreError::NotFound { .. })));
}

async fn failed_writes_change_nothing(env: &Env) {
    let s = &env.store;
    let a = s
        .add_contact(NewContact { emails: vec!["taken@x.org".into()], ..person("Tara Taken") }, today())
        .await
        .unwrap();
    let snapshot =
        || async { (s.count_contacts().await.unwrap(), s.sync_token().await.unwrap(), s.orgs().await.unwrap()) };
    let before = snapshot().await;
    let bad = NewContact { emails: vec!["not-an-email".into()], ..person("Bad") };
    let err = s.add_contact(bad, today()).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(v) if v.field == "email" && v.value == "not-an-email"), "{err}");
    let dup = NewContact { emails: vec!["TAKEN@x.org".into()], org: Some("Ghost Org".into()), ..person("Dup") };
    let err = s.add_contact(dup, today()).await.unwrap_err();
    assert!(matches!(&err, StoreError::Invalid(v) if v.field == "email"), "{err}");
    assert!(err.to_string().contains("Tara Taken"), "{err}");
    let err = s.log_interaction(touch(vec![a, 999], InteractionKind::Lunch, today()), 1.0).await.unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }));
    let err = s
        .edit_contact(a, ContactPatch { add_emails: vec!["x@y.org".into(), "bad".into()], ..Default::default() })
        .await;
    assert!(matches!(err, Err(StoreError::Invalid(_))));
    let err = s.edit_contact(a, ContactPatch { remove_tags: vec!["never".into()], ..Default::default() }).await;
    assert!(matches!(err, Err(StoreError::Invalid(v)) if v.field == "tag"));
    assert_eq!(snapshot().await, before);
    assert!(s.timeline(a, None).await.unwrap().is_empty());
    assert_eq!(s.contact(a).await.unwrap().emails, vec!["taken@x.org"]);
}

async fn timeline_history_and_counts(env: &Env) {
    let s = &env.store;
    let a = s.add_contact(person("Tim Line"), days(-100)).await.unwrap();
    let b = s.add_contact(person("Bea Side"), days(-100)).await.unwrap();
    let mut lunch = touch(vec![a, b], InteractionKind::Lunch, days(-3));
    lunch.note = Some("tacos".into());
    lunch.minutes = Some(60);
    lunch.gave = Some("intro to Sam".into());
    let l = s.log_interaction(lunch, 1.0).await.unwrap();
    let mut call = touch(vec![a], InteractionKind::Call, days(-3));
    call.got = Some("referral".into());
    call.they_initiated = true;
    let c = s.log_interaction(call, 0.7).await.unwrap();
    let e = s.log_interaction(touch(vec![a], InteractionKind::Email, days(-20)), 0.4).await.unwrap();
    let t = s.timeline(a, None).await.unwrap();
    assert_eq!(t.iter().map(|i| i.id).collect::<Vec<_>>(), vec![c, l, e]);
    assert_eq!(t[1].note.as_deref(), Some("tacos"));
    assert_eq!(t[1].minutes, Some(60));
    assert_eq!(t[1].with.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec!["Bea Side", "Tim Line"]);
    assert!(t[0].they_initiated);
    assert_eq!(t[0].weight, 0.7);
    assert_eq!(s.timeline(a, Some(1)).await.unwrap().len(), 1);
    let r = s.reciprocity(a).await.unwrap();
    assert_eq!((r.gave, r.got), (1, 1));
    let h = s.histories(&[a, b], 2).await.unwrap();
    assert_eq!(h[&a].recent_kinds, vec![InteractionKind::Call, InteractionKind::Lunch]);
    assert_eq!(h[&b].recent_kinds, vec![InteractionKind::Lunch]);
    let w = s.week_so_far(days(-6), today()).await.unwrap();
    assert_eq!((w.touches, w.face_to_face), (3, 2));
    let by_day = s.touches_by_day(days(-30), today()).await.unwrap();
    assert_eq!(by_day, vec![(days(-20), 1), (days(-3), 2)]);
    assert!(matches!(s.timeline(404, None).await, Err(StoreError::NotFound { .. })));
}

pub(crate) fn network() -> Bulk {
    let c = |name: &str, circle: Circle, email: &str| BulkContact {
        contact: NewContact {
            circle: Some(circle),
            emails: vec![email.into()],
            org: Some("Globex".into()),
            tags: vec!["demo".into()],
            ..person(name)
        },
        memberships: vec![("Rust Guild".into(), OrgKind::Association, Role::Member)],
        ..BulkContact::new(NewContact::default(), days(-400))
    };
    let i = |contacts: Vec<i64>, kind: InteractionKind, on: i64| BulkInteraction {
        interaction: touch(contacts, kind, days(on)),
        weight: weight(kind),
        source_key: None,
    };
    Bulk {
        contacts: vec![
            c("Bulk Inner", Circle::Inner, "inner@b.org"),
            c("Bulk Close", Circle::Close, "close@b.org"),
            c("Bulk Active", Circle::Active, "active@b.org"),
            c("Bulk Dormant", Circle::Dormant, "dormant@b.org"),
            c("Bulk Untouched", Circle::Wide, "wide@b.org"),
        ],
        interactions: vec![
            i(vec![0, 1], InteractionKind::Lunch, -40),
            i(vec![0], InteractionKind::Social, -3),
            i(vec![1, 2, 3], InteractionKind::Event, -200),
            i(vec![2], InteractionKind::Email, -100),
            i(vec![2], InteractionKind::Call, -100),
            i(vec![3], InteractionKind::Video, -20),
            i(vec![0], InteractionKind::Coffee, -60),
        ],
        followups: vec![BulkFollowUp {
            contact: 1,
            due_on: days(5),
            note: Some("check in".into()),
            created_on: days(-30),
            done_on: None,
        }],
        ..Bulk::default()
    }
}

async fn bulk_load_matches_logging_one_by_one(env: &Env) {
    let s = &env.store;
    let bulk = network();
    s.bulk_load(&bulk).await.unwrap();
    let loaded = s.briefs().await.unwrap();
    assert_eq!(loaded.len(), 5);
    assert_eq!(loaded.iter().map(|b| b.id).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5]);
    assert_eq!(s.followups(false).await.unwrap()[0].contact_id, 2);
    assert_eq!(s.timeline(3, None).await.unwrap().len(), 3);
    let orgs = s.orgs().await.unwrap();
    assert_eq!(
        orgs.iter().map(|o| (o.name.as_str(), o.members)).collect::<Vec<_>>(),
        vec![("Globex", 5), ("Rust Guild", 5)]
    );
    let f = ContactFilter { search: Some("bulk glob".into()), ..Default::default() };
    assert_eq!(s.list_contacts(&f, today()).await.unwrap().len(), 5);
    assert_eq!(s.resolve("inner@b.org").await.unwrap(), 1);
    assert!(s.sync_token().await.unwrap() > 0);

    // The same network, added and logged one call at a time, under another e-mail domain.
    let mut ids = Vec::new();
    for bc in &bulk.contacts {
        let mut c = bc.contact.clone();
        c.emails = vec![c.emails[0].replace("b.org", "one.org")];
        ids.push(s.add_contact(c, bc.added_on).await.unwrap());
    }
    for bi in &bulk.interactions {
        let mut i = bi.interaction.clone();
        i.contacts = i.contacts.iter().map(|&k| ids[k as usize]).collect();
        s.log_interaction(i, bi.weight).await.unwrap();
    }
    let briefs = s.briefs().await.unwrap();
    for (k, id) in ids.iter().enumerate() {
        let one = briefs.iter().find(|b| b.id == *id).unwrap();
        let bulk_one = &loaded[k];
        assert_eq!(one.warmth, bulk_one.warmth, "{}", one.name);
        assert_eq!(one.due_on(), bulk_one.due_on(), "{}", one.name);
    }
    let due: Vec<i64> = s.due_candidates(today(), days(400), None).await.unwrap().iter().map(|c| c.id).collect();
    let (bulk_due, one_due): (Vec<i64>, Vec<i64>) = due.iter().partition(|&&id| id <= 5);
    assert_eq!(one_due.iter().map(|id| id - 5).collect::<Vec<_>>().len(), bulk_due.len());
    // A second bulk load with a clashing e-mail is refused whole.
    let count = s.count_contacts().await.unwrap();
    assert!(matches!(s.bulk_load(&network()).await, Err(StoreError::Invalid(v)) if v.field == "email"));
    assert_eq!(s.count_contacts().await.unwrap(), count);
}

async fn a_newer_schema_is_refused(env: &Env) {
    env.fake_future_migration().await;
    match env.reopen().await {
        Err(StoreError::TooNew { found, .. }) => assert_eq!(found, 99_999_999),
        other => panic!("expected TooNew, got {other:?}"),
    }
}

#[tokio::test]
async fn sqlite_refuses_a_file_that_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    let junk = b"these are my notes, not a database\n".repeat(200);
    std::fs::write(&path, &junk).unwrap();
    let err = kith_store::open(&kith_store::DatabaseUrl::Sqlite(path.clone())).await.unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("notes.txt"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), junk, "the file is untouched");
    assert!(!dir.path().join("notes.txt-wal").exists());

    // A SQLite header followed by garbage: damaged.
    let mut damaged = b"SQLite format 3\0".to_vec();
    damaged.extend(std::iter::repeat_n(0xAB_u8, 8192));
    std::fs::write(&path, &damaged).unwrap();
    let err = kith_store::open(&kith_store::DatabaseUrl::Sqlite(path.clone())).await.unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), damaged, "the file is untouched");
}

#[tokio::test]
async fn postgres_unreachable_is_unavailable_without_password() {
    let url = kith_store::DatabaseUrl::parse("postgres://kith:s3cret@127.0.0.1:1/kith");
    let err = kith_store::open(&url).await.unwrap_err();
    assert!(matches!(err, StoreError::Unavailable { .. }), "{err:?}");
    assert!(!err.to_string().contains("s3cret"), "{err}");
}
