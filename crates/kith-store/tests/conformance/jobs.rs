//! Employment history: a move keeps the old job as past and is news; a correction is not; a
//! LinkedIn export's company is where the person works now; the plan congratulates until the user
//! gets in touch; backups and merges keep it all.

use kith_core::{Circle, ContactPatch, InteractionKind, NewContact};
use kith_store::{ImportBatch, ImportContact, ImportOptions, Store, reports};

use crate::{
    support::{Env, days, today},
    touch, weight,
};

fn options() -> ImportOptions {
    ImportOptions {
        today: today(),
        dry_run: false,
        circle: Circle::Dormant,
        me: Vec::new(),
        weights: Default::default(),
    }
}

async fn at_initech(s: &dyn Store, name: &str) -> i64 {
    let who = NewContact {
        name: name.into(),
        org: Some("Initech".into()),
        title: Some("Engineer".into()),
        circle: Some(Circle::Wide),
        emails: vec![format!("{}@example.org", name.to_lowercase().replace(' ', "."))],
        ..Default::default()
    };
    s.add_contact(who, days(-400)).await.unwrap()
}

fn moving(org: &str, title: Option<&str>) -> ContactPatch {
    ContactPatch {
        org: Some(org.into()),
        title: title.map(str::to_string),
        as_of: Some(today()),
        ..ContactPatch::default()
    }
}

async fn a_move_keeps_the_old_job_and_is_news(env: &Env) {
    let s = &env.store;
    let ada = at_initech(s.as_ref(), "Ada Lovelace").await;
    s.edit_contact(ada, moving("Globex", Some("Staff Engineer"))).await.unwrap();
    let p = s.profile(ada).await.unwrap();
    assert_eq!(p.contact.org.as_deref(), Some("Globex"));
    assert_eq!(p.past_jobs.len(), 1);
    let past = &p.past_jobs[0];
    assert_eq!((past.org.as_str(), past.title.as_deref(), past.until), ("Initech", Some("Engineer"), today()));
    assert!(p.memberships.iter().all(|m| m.org != "Initech"), "the old employer is no longer a membership");
    let moves = s.job_changes(days(-30)).await.unwrap();
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].sentence(), "Ada Lovelace moved from Initech to Globex as Staff Engineer");

    // A correction (a merge's choice, an undo) is not a move.
    let bob = at_initech(s.as_ref(), "Bob Page").await;
    s.edit_contact(bob, ContactPatch { org: Some("Initrode".into()), ..ContactPatch::default() }).await.unwrap();
    assert!(s.profile(bob).await.unwrap().past_jobs.is_empty());
    // Leaving for nowhere known keeps the past job and is no news.
    let cy = at_initech(s.as_ref(), "Cy Young").await;
    s.edit_contact(cy, moving("", None)).await.unwrap();
    assert_eq!(s.profile(cy).await.unwrap().past_jobs.len(), 1);
    assert_eq!(s.job_changes(days(-30)).await.unwrap().len(), 1);
}

async fn a_linkedin_export_says_where_people_work_now(env: &Env) {
    let s = &env.store;
    let ada = at_initech(s.as_ref(), "Ada Lovelace").await;
    let grace = at_initech(s.as_ref(), "Grace Hopper").await;
    let record = |name: &str, org: &str, title: &str| ImportContact {
        line: 2,
        contact: NewContact {
            name: name.into(),
            org: Some(org.into()),
            title: Some(title.into()),
            emails: vec![format!("{}@example.org", name.to_lowercase().replace(' ', "."))],
            ..Default::default()
        },
        extra: Vec::new(),
        connected_on: None,
    };
    // Another kind of file disagreeing keeps what kith has.
    let batch =
        ImportBatch { contacts: vec![record("Ada Lovelace", "Globex", "Staff Engineer")], ..Default::default() };
    let report = s.import(batch, &options()).await.unwrap();
    assert_eq!(report.merges[0].kept.len(), 2, "{:?}", report.merges[0].kept);
    assert_eq!(s.contact(ada).await.unwrap().org.as_deref(), Some("Initech"));

    // A LinkedIn export says where they are now: a move, and a promotion in place.
    let batch = ImportBatch {
        contacts: vec![
            record("Ada Lovelace", "Globex", "Staff Engineer"),
            record("Grace Hopper", "Initech", "Manager"),
        ],
        current_jobs: true,
        ..Default::default()
    };
    let report = s.import(batch, &options()).await.unwrap();
    assert_eq!(report.job_changes, ["Ada Lovelace moved from Initech to Globex as Staff Engineer"]);
    assert!(report.merges.iter().all(|m| m.kept.is_empty()), "{:?}", report.merges);
    let a = s.contact(ada).await.unwrap();
    assert_eq!((a.org.as_deref(), a.title.as_deref()), (Some("Globex"), Some("Staff Engineer")));
    assert_eq!(s.contact(grace).await.unwrap().title.as_deref(), Some("Manager"));
    assert!(s.profile(grace).await.unwrap().past_jobs.is_empty(), "a new title at the same place is no move");

    // The plan congratulates Ada (a wide-circle contact) until the user gets in touch.
    let plan = reports::weekly_plan(s.as_ref(), today(), 5).await.unwrap();
    assert_eq!(plan.congratulate.len(), 1);
    assert_eq!(plan.congratulate[0].id, ada);
    assert_eq!(
        plan.congratulate[0].reason,
        "moved from Initech to Globex as Staff Engineer: congratulate Ada on the new role"
    );
    assert!(plan.reach_out.iter().all(|r| r.id != ada), "listed once");
    s.log_interaction(touch(vec![ada], InteractionKind::Email, today()), weight(InteractionKind::Email)).await.unwrap();
    assert!(reports::weekly_plan(s.as_ref(), today(), 5).await.unwrap().congratulate.is_empty());
    // A month on, the move is no longer a reason, but still news for a while.
    let later = days(40);
    assert!(s.job_changes(later - chrono::Duration::days(30)).await.unwrap().is_empty());
    assert_eq!(s.job_changes(later - chrono::Duration::days(90)).await.unwrap().len(), 1);
}

async fn backups_and_merges_keep_the_history(env: &Env) {
    let s = &env.store;
    let ada = at_initech(s.as_ref(), "Ada Lovelace").await;
    s.edit_contact(ada, moving("Globex", None)).await.unwrap();
    let saved = s.snapshot().await.unwrap();
    let c = saved.contacts.iter().find(|c| c.name == "Ada Lovelace").unwrap();
    assert_eq!(c.past_jobs.len(), 1);
    assert_eq!(c.job_changes.len(), 1);

    let other = Env::same_backend(env).await;
    other.store.restore(saved.clone(), &options()).await.unwrap();
    let id = other.store.resolve("Ada").await.unwrap();
    assert_eq!(other.store.profile(id).await.unwrap().past_jobs[0].org, "Initech");
    assert_eq!(other.store.job_changes(days(-1)).await.unwrap().len(), 1);
    // Restoring the same backup again adds nothing twice.
    other.store.restore(saved, &options()).await.unwrap();
    assert_eq!(other.store.profile(id).await.unwrap().past_jobs.len(), 1);
    assert_eq!(other.store.job_changes(days(-1)).await.unwrap().len(), 1);

    // Merged into another contact, Ada's history goes with her.
    let twin = s.add_contact(NewContact { name: "A. Lovelace".into(), ..Default::default() }, today()).await.unwrap();
    s.merge_contacts(twin, ada, &Default::default()).await.unwrap();
    assert_eq!(s.profile(twin).await.unwrap().past_jobs.len(), 1);
    assert_eq!(s.job_changes(days(-1)).await.unwrap()[0].contact_id, twin);
}

conformance!(
    a_move_keeps_the_old_job_and_is_news,
    a_linkedin_export_says_where_people_work_now,
    backups_and_merges_keep_the_history,
);
