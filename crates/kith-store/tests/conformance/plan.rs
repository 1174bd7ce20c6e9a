//! Warmth model v2 and the plan built on it, on every backend: the top of the due list read alone is
//! the top of the whole list, the reconnect pool and its weekly pick, this week's birthdays, favors
//! that belong to one person, touches that keep follow-ups, strength kept with the warmth, and a
//! database written under model v1 recomputed once when opened.

use chrono::NaiveDate;
use kith_core::{
    Circle, ContactPatch, InteractionKind, NewContact, NewInteraction,
    contact::{Birthday, Cadenced},
    date::week_start,
    warmth::Warmth,
};
use kith_store::{Bulk, BulkContact, BulkInteraction, ImportBatch, ImportContact, ImportOptions, Store, reports};

use crate::{
    support::{Env, days, today},
    touch, weight,
};

fn in_circle(name: &str, circle: Circle) -> NewContact {
    NewContact {
        name: name.into(),
        circle: Some(circle),
        emails: vec![format!("{}@example.org", name.to_lowercase().replace(' ', "."))],
        ..Default::default()
    }
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

async fn log(s: &dyn Store, who: Vec<i64>, kind: InteractionKind, on: i64) -> i64 {
    s.log_interaction(touch(who, kind, days(on)), weight(kind)).await.unwrap()
}

/// A network with every kind of due contact: all circles and custom cadences, important ones,
/// snoozed, lost, new, thin and rich histories, ties in everything but the id.
fn varied_network(n: usize) -> Bulk {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |below: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % below
    };
    let mut bulk = Bulk::default();
    for k in 0..n {
        let circle = Circle::ALL[next(5) as usize];
        let contact = NewContact {
            name: format!("Person {:03}", next(40)),
            circle: Some(circle),
            cadence_days: (next(8) == 0).then(|| 7 + next(60) as u32),
            important: next(6) == 0,
            ..Default::default()
        };
        let mut bc = BulkContact::new(contact, days(-(next(900) as i64)));
        bc.snoozed_until = (next(15) == 0).then(|| days(next(20) as i64 - 5));
        bulk.contacts.push(bc);
        let kinds = [InteractionKind::Lunch, InteractionKind::Call, InteractionKind::Email, InteractionKind::Social];
        // Some share their whole history with the next contact: equal warmth and strength.
        let touches = next(6);
        for _ in 0..touches {
            let kind = kinds[next(4) as usize];
            let mut people = vec![k as i64];
            if k + 1 < n && next(5) == 0 {
                people.push(k as i64 + 1);
            }
            bulk.interactions.push(BulkInteraction {
                interaction: touch(people, kind, days(-(next(700) as i64))),
                weight: weight(kind),
                source_key: None,
            });
        }
    }
    bulk
}

async fn the_top_of_the_due_list_is_the_top_of_the_whole_list(env: &Env) {
    let s = &*env.store;
    s.bulk_load(&varied_network(400)).await.unwrap();
    let a = s.resolve("Person 001").await.ok();
    if let Some(a) = a {
        s.add_followup(a, days(-2), Some("send the article".into()), days(-30)).await.unwrap();
    }
    for within in [0, 6, 30] {
        let whole = reports::due_inputs(s, today(), within).await.unwrap().rank();
        assert!(whole.len() > 40, "a long list to cut: {}", whole.len());
        for limit in [1, 5, 20, whole.len() + 3] {
            let top = reports::due_inputs_limited(s, today(), within, Some(limit)).await.unwrap().rank();
            let top: Vec<_> = top.into_iter().take(limit).collect();
            assert_eq!(top, whole[..limit.min(whole.len())], "within {within}, limit {limit}");
        }
    }
    // The same on a day in the past, before some of the touches (a `--today` for a report).
    let past = days(-100);
    let whole = reports::due_inputs(s, past, 7).await.unwrap().rank();
    let top = reports::due_inputs_limited(s, past, 7, Some(10)).await.unwrap().rank();
    assert_eq!(top[..10.min(top.len())], whole[..10.min(whole.len())]);
}

async fn the_reconnect_pool_holds_lost_ties_and_unsorted_imports_with_history(env: &Env) {
    let s = &*env.store;
    let add = |c: NewContact| async move { s.add_contact(c, days(-2000)).await.unwrap() };
    let lost = add(in_circle("Lou Lost", Circle::Inner)).await;
    let stronger = add(in_circle("Stella Strong", Circle::Close)).await;
    let snoozed = add(in_circle("Sam Snoozed", Circle::Close)).await;
    let archived = add(in_circle("Archie Archived", Circle::Close)).await;
    let kept = add(in_circle("Kay Kept", Circle::Dormant)).await;
    let recent = add(in_circle("Rita Recent", Circle::Inner)).await;
    for on in [-900, -880, -860] {
        log(s, vec![lost], InteractionKind::Lunch, on).await;
    }
    for k in 0..12 {
        log(s, vec![stronger, snoozed, archived, kept], InteractionKind::Lunch, -700 - 30 * k).await;
    }
    log(s, vec![recent], InteractionKind::Lunch, -20).await;
    s.snooze(snoozed, Some(days(30))).await.unwrap();
    s.edit_contact(archived, ContactPatch { archived: Some(true), ..Default::default() }).await.unwrap();

    // Imports nobody sorted: one with the connection and three e-mails, one with two.
    let batch = ImportBatch {
        contacts: ["Ida Imported", "Ned Notenough"]
            .iter()
            .enumerate()
            .map(|(i, name)| ImportContact {
                line: i + 2,
                contact: NewContact { name: (*name).into(), ..Default::default() },
                extra: Vec::new(),
                connected_on: Some(days(-400)),
            })
            .collect(),
        touches: Vec::new(),
        linkedin_connections: None,
        current_jobs: false,
    };
    let created = s.import(batch, &options()).await.unwrap().created_ids;
    let [ida, ned] = created[..] else { panic!("two imported: {created:?}") };
    for on in [-300, -200, -100] {
        log(s, vec![ida], InteractionKind::Email, on).await;
    }
    for on in [-300, -200] {
        log(s, vec![ned], InteractionKind::Email, on).await;
    }

    let pool = s.reconnect_pool(today(), 10, &[]).await.unwrap();
    let got: Vec<(i64, u32, bool)> = pool.iter().map(|c| (c.contact.id, c.touches, c.unsorted)).collect();
    // Ida's e-mails of the last year (0.9) outweigh Lou's three lunches of two and a half years ago
    // (0.56); Stella's twelve lunches (2.5) come first.
    assert_eq!(got, vec![(stronger, 12, false), (ida, 4, true), (lost, 3, false)], "strongest first");
    assert!(pool.iter().all(|c| kith_core::reconnect::in_pool(&c.contact, today(), !c.unsorted, c.touches)));
    assert_eq!(s.reconnect_pool(today(), 1, &[]).await.unwrap().len(), 1);
    // Asked for by name (the week's offer), a contact in the pool comes back however weak; one not in
    // the pool does not.
    let asked = s.reconnect_pool(today(), 1, &[lost, ned, recent]).await.unwrap();
    assert_eq!(asked.iter().map(|c| c.contact.id).collect::<Vec<_>>(), vec![stronger, lost]);
    let _ = kept;
}

async fn the_weeks_reconnect_holds_all_week_and_rests_eight_weeks(env: &Env) {
    let s = &*env.store;
    let mut old = Vec::new();
    for (k, name) in ["Ann Old", "Ben Old", "Cat Old"].iter().enumerate() {
        let id = s.add_contact(in_circle(name, Circle::Close), days(-2000)).await.unwrap();
        // Ann the strongest, then Ben, then Cat.
        for j in 0..(8 - 2 * k as i64) {
            log(s, vec![id], InteractionKind::Lunch, -800 - 20 * j).await;
        }
        old.push(id);
    }
    let pick = |on: NaiveDate| async move {
        let plan = reports::weekly_plan(s, on, 5).await.unwrap();
        plan.reconnect.iter().map(|r| r.id).collect::<Vec<_>>()
    };
    let monday = week_start(today());
    assert_eq!(pick(monday).await, vec![old[0]]);
    assert_eq!(pick(monday + chrono::Duration::days(4)).await, vec![old[0]], "the same all week");
    let week = |n: i64| monday + chrono::Duration::weeks(n);
    assert_eq!(pick(week(1)).await, vec![old[1]], "ignored: the next one");
    assert_eq!(pick(week(2)).await, vec![old[2]]);
    assert!(pick(week(3)).await.is_empty(), "everyone rests after an offer");
    assert_eq!(pick(week(9)).await, vec![old[0]], "eight weeks later, back");
    // Taken: a touch in the week of the offer ends the week's reconnect.
    log(s, vec![old[0]], InteractionKind::Call, (week(9) - today()).num_days() + 1).await;
    assert!(pick(week(9) + chrono::Duration::days(2)).await.is_empty());
}

async fn the_weeks_reconnect_holds_when_stronger_ties_are_lost_mid_week(env: &Env) {
    let s = &*env.store;
    let monday = week_start(today());
    let ann = s.add_contact(in_circle("Ann Old", Circle::Close), days(-2000)).await.unwrap();
    log(s, vec![ann], InteractionKind::Lunch, -900).await;
    // Ten far stronger close ties whose silence passes 8 cadences (240 days) on Wednesday.
    let last = (monday + chrono::Duration::days(2) - chrono::Duration::days(241) - today()).num_days();
    for k in 0..10 {
        let id = s.add_contact(in_circle(&format!("Strong {k}"), Circle::Close), days(-2000)).await.unwrap();
        for j in 0..6 {
            log(s, vec![id], InteractionKind::Lunch, last - 20 * j).await;
        }
    }
    let pick = |on: NaiveDate| async move {
        reports::weekly_plan(s, on, 5).await.unwrap().reconnect.iter().map(|r| r.id).collect::<Vec<_>>()
    };
    assert_eq!(pick(monday).await, vec![ann], "the only one lost on Monday");
    assert_eq!(pick(monday + chrono::Duration::days(3)).await, vec![ann], "still Ann on Thursday");
}

async fn this_weeks_birthdays_come_from_the_month_and_day(env: &Env) {
    let s = &*env.store;
    let with_birthday = |name: &str, circle: Circle, b: &str| NewContact {
        birthday: Some(Birthday::parse("birthday", b).unwrap()),
        ..in_circle(name, circle)
    };
    // Today is Sunday 2026-11-22: the week runs from Monday the 16th.
    let grace = s.add_contact(with_birthday("Grace Hopper", Circle::Inner, "1906-11-18"), today()).await.unwrap();
    s.add_contact(with_birthday("Wendy Wide", Circle::Wide, "--11-19"), today()).await.unwrap();
    let vip = s
        .add_contact(NewContact { important: true, ..with_birthday("Ivy Important", Circle::Wide, "--11-22") }, today())
        .await
        .unwrap();
    s.add_contact(with_birthday("Nora Nextweek", Circle::Close, "--11-23"), today()).await.unwrap();
    let found = s.birthdays_on(&kith_core::dates::month_days_of_week(week_start(today()))).await.unwrap();
    assert_eq!(found.len(), 3, "{found:?}");
    let plan = reports::weekly_plan(s, today(), 5).await.unwrap();
    let dates: Vec<(i64, NaiveDate, &str)> = plan.dates.iter().map(|d| (d.id, d.on, d.reason.as_str())).collect();
    assert_eq!(
        dates,
        vec![(grace, days(-4), "birthday was on Wednesday (turns 120)"), (vip, today(), "birthday today")]
    );
}

async fn a_favor_on_a_group_touch_belongs_to_one_person(env: &Env) {
    let s = &*env.store;
    let ada = s.add_contact(in_circle("Ada Lovelace", Circle::Close), today()).await.unwrap();
    let bob = s.add_contact(in_circle("Bob Byte", Circle::Close), today()).await.unwrap();
    let lunch = NewInteraction {
        got: Some("an intro to Acme".into()),
        ..touch(vec![ada, bob], InteractionKind::Lunch, days(-3))
    };
    s.log_interaction(lunch.clone().validate(today()).unwrap(), 1.0).await.unwrap();
    assert_eq!(
        (s.reciprocity(ada).await.unwrap().got, s.reciprocity(bob).await.unwrap().got),
        (1, 0),
        "the first named"
    );
    let to_bob = NewInteraction { favor_with: Some(bob), gave: Some("a referral".into()), got: None, ..lunch };
    let id = s.log_interaction(to_bob.validate(today()).unwrap(), 1.0).await.unwrap();
    assert_eq!(s.reciprocity(bob).await.unwrap().gave, 1);
    assert_eq!(s.reciprocity(ada).await.unwrap().gave, 0);
    assert_eq!(s.interaction(id).await.unwrap().favor_with, Some(bob));
    // The backup keeps whose favor it was.
    let snapshot = s.snapshot().await.unwrap();
    let bob_uid = s.contact(bob).await.unwrap().uid;
    assert!(snapshot.interactions.iter().any(|i| i.favor_with.as_deref() == Some(bob_uid.as_str())));
    let other = Env::same_backend(env).await;
    other.store.restore(snapshot, &options()).await.unwrap();
    let bob2 = other.store.resolve("Bob Byte").await.unwrap();
    assert_eq!(other.store.reciprocity(bob2).await.unwrap().gave, 1);
}

async fn a_touch_can_keep_the_followups_due(env: &Env) {
    let s = &*env.store;
    let ada = s.add_contact(in_circle("Ada Lovelace", Circle::Close), days(-100)).await.unwrap();
    let bob = s.add_contact(in_circle("Bob Byte", Circle::Close), days(-100)).await.unwrap();
    let f = s.add_followup(ada, days(-1), Some("tell her about the move".into()), days(-60)).await.unwrap();
    let g = s.add_followup(bob, days(-1), None, days(-60)).await.unwrap();
    // Bob's promise cannot be kept by a touch without Bob: nothing is written.
    let wrong = NewInteraction { fulfills: vec![f, g], ..touch(vec![ada], InteractionKind::Email, today()) };
    assert!(s.log_interaction(wrong, 0.4).await.is_err());
    assert!(s.timeline(ada, None).await.unwrap().is_empty(), "the touch was not written either");
    // A touch logged for a day before the promise was made cannot keep it.
    let before = NewInteraction { fulfills: vec![f], ..touch(vec![ada], InteractionKind::Email, days(-61)) };
    let err = s.log_interaction(before, 0.4).await.unwrap_err().to_string();
    assert!(err.contains("promised on"), "{err}");
    let kept = NewInteraction { fulfills: vec![f], ..touch(vec![ada], InteractionKind::Email, today()) };
    s.log_interaction(kept.clone(), 0.4).await.unwrap();
    let done = s.followups(true).await.unwrap();
    assert_eq!(done.iter().find(|x| x.id == f).unwrap().done_on, Some(today()));
    assert_eq!(done.iter().find(|x| x.id == g).unwrap().done_on, None);
    assert!(s.log_interaction(kept, 0.4).await.is_err(), "a promise is kept once");
}

async fn strength_is_kept_with_the_warmth(env: &Env) {
    let s = &*env.store;
    let ada = s.add_contact(in_circle("Ada Lovelace", Circle::Active), days(-900)).await.unwrap();
    let on = [-800, -500, -400, -30];
    for d in on {
        log(s, vec![ada], InteractionKind::Lunch, d).await;
    }
    let c = s.contact(ada).await.unwrap();
    let expected = Warmth::from_touches(on.iter().map(|&d| (days(d), 1.0)), 90.0).unwrap();
    let kept = c.warmth.unwrap();
    assert_eq!(kept.last_touch, expected.last_touch);
    assert!((kept.strength - expected.strength).abs() < 1e-12, "{kept:?} vs {expected:?}");
    let r = c.summary(today());
    assert_eq!(r.tie, kith_core::Tie::Medium);
    assert!(!r.lost);
    // Saturated at the latest touch: due one cadence after it.
    assert_eq!(c.due_on(), Some(days(60)));
}

async fn a_v1_database_is_recomputed_once_when_opened(env: &Env) {
    let s = &*env.store;
    s.bulk_load(&varied_network(120)).await.unwrap();
    let before = s.briefs().await.unwrap();
    let due_before = reports::due_list(s, today(), 7).await.unwrap();
    // As kith before model v2 left it: no strength, the due dates of the old model, marked.
    env.execute(
        "UPDATE contacts SET strength_mass = NULL, strength_day = NULL, cadence_days = NULL, \
         due_on = last_touch_on, lost_on = NULL",
    )
    .await;
    env.execute("INSERT INTO owner_settings (owner_id, name, value) VALUES (1, 'warmth_v2_pending', 'yes')").await;
    let reopened = env.reopen().await.unwrap();
    assert_eq!(reopened.briefs().await.unwrap(), before);
    assert_eq!(reports::due_list(&*reopened, today(), 7).await.unwrap(), due_before);
    // Once: a change made after the recomputation stays.
    let first = before.iter().find(|c| c.warmth.is_some()).unwrap().id;
    reopened.edit_contact(first, ContactPatch { circle: Some(Circle::Inner), ..Default::default() }).await.unwrap();
    let changed = reopened.contact(first).await.unwrap().due_on();
    let again = env.reopen().await.unwrap();
    assert_eq!(again.contact(first).await.unwrap().due_on(), changed);
}

async fn a_bulk_load_keeps_the_indexes_the_migrations_define(env: &Env) {
    let before = (env.index_definitions("interactions").await, env.index_definitions("interaction_contacts").await);
    assert!(before.0.iter().any(|(name, sql)| name == "interactions_on" && sql.contains("people")), "{before:?}");
    env.store.bulk_load(&varied_network(50)).await.unwrap();
    let after = (env.index_definitions("interactions").await, env.index_definitions("interaction_contacts").await);
    assert_eq!(before, after);
}

async fn deleting_a_contact_takes_what_is_only_theirs(env: &Env) {
    let s = &*env.store;
    let ada = s.add_contact(in_circle("Ada Lovelace", Circle::Close), days(-100)).await.unwrap();
    let bob = s.add_contact(in_circle("Bob Byte", Circle::Close), days(-100)).await.unwrap();
    let alone = s
        .log_interaction(
            NewInteraction {
                note: Some("quokka zebrafish".into()),
                ..touch(vec![ada], InteractionKind::Lunch, days(-5))
            },
            1.0,
        )
        .await
        .unwrap();
    let shared = s
        .log_interaction(
            NewInteraction { got: Some("an intro".into()), ..touch(vec![ada, bob], InteractionKind::Coffee, days(-3)) },
            1.0,
        )
        .await
        .unwrap();
    let bob_before = s.contact(bob).await.unwrap();
    s.add_followup(ada, days(10), Some("send it".into()), days(-1)).await.unwrap();
    assert!(s.delete_contacts(&[ada, 9999]).await.is_err(), "an unknown id deletes nothing");
    assert!(s.contact(ada).await.is_ok());

    let token = s.sync_token().await.unwrap();
    let report = s.delete_contacts(&[ada]).await.unwrap();
    assert_eq!((report.contacts, report.touches_deleted, report.touches_kept), (1, 1, 1));
    assert!(s.contact(ada).await.is_err());
    assert!(s.interaction(alone).await.is_err(), "the lunch with nobody else is gone");
    let kept = s.interaction(shared).await.unwrap();
    assert_eq!(kept.with.iter().map(|p| p.id).collect::<Vec<_>>(), vec![bob]);
    assert_eq!((kept.got, kept.favor_with), (None, None), "Ada's favor went with her");
    assert!(s.followups(true).await.unwrap().is_empty());
    assert_eq!(s.contact(bob).await.unwrap().warmth, bob_before.warmth, "Bob's warmth is his own");
    let search = kith_store::ContactFilter { search: Some("quokka".into()), ..Default::default() };
    assert!(s.list_contacts(&search, today()).await.unwrap().is_empty());
    let changes = s.changes_since(0, 1000).await.unwrap();
    let ada_changes: Vec<_> = changes.iter().filter(|c| c.entity == "contact" && c.entity_id == ada).collect();
    assert_eq!(ada_changes.len(), 1);
    assert_eq!(ada_changes[0].op, "delete");
    assert!(ada_changes[0].seq > token);
    let goals = s.goal_activity(days(-30), today()).await.unwrap();
    let touches: u64 = goals.interactions.iter().map(|d| d.touches).sum();
    assert_eq!(touches, 1, "the shared coffee now touched Bob alone");
}

/// While the store stays open (a server never closes its pool, so SQLite never checkpoints on
/// close), a deleted contact, a deleted touch and an overwritten note leave nothing readable in the
/// database file or its write-ahead log — though their rows had reached the file before.
async fn deleted_and_overwritten_text_leaves_the_file_while_the_store_is_open(env: &Env) {
    let kith_store::DatabaseUrl::Sqlite(path) = &env.url else {
        return; // PostgreSQL keeps no file of its own to read; VACUUM is its business.
    };
    use sqlx::{Connection as _, Executor as _};
    let s = &*env.store;
    let quin = NewContact {
        notes: Some("marmalade-harpsichord".into()),
        ..in_circle("Quintessa Zamboniflower", Circle::Close)
    };
    let quin = s.add_contact(quin, days(-100)).await.unwrap();
    let orvil = NewContact { notes: Some("obsidian-tangerine".into()), ..in_circle("Orvil Byte", Circle::Close) };
    let orvil = s.add_contact(orvil, days(-100)).await.unwrap();
    let lunch = NewInteraction {
        note: Some("periwinkle-bassoon".into()),
        ..touch(vec![orvil], InteractionKind::Lunch, days(-5))
    };
    let lunch = s.log_interaction(lunch, 1.0).await.unwrap();
    // Everything so far into the file itself, as SQLite's own checkpoints do after a while.
    let url = format!("sqlite:{}", path.display());
    let mut other = sqlx::SqliteConnection::connect(&url).await.unwrap();
    other.execute("PRAGMA wal_checkpoint(TRUNCATE)").await.unwrap();
    other.close().await.unwrap();

    let gone = |secrets: &[&str]| {
        let mut bytes = std::fs::read(path).unwrap();
        bytes.extend(std::fs::read(path.with_extension("db-wal")).unwrap_or_default());
        for secret in secrets {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} is still in the file");
        }
    };
    s.delete_contacts(&[quin]).await.unwrap();
    gone(&["Quintessa", "Zamboniflower", "marmalade-harpsichord"]);
    s.delete_interaction(lunch).await.unwrap();
    gone(&["periwinkle-bassoon"]);
    let patch = ContactPatch { notes: Some("plain now".into()), ..Default::default() };
    s.edit_contact(orvil, patch).await.unwrap();
    gone(&["obsidian-tangerine"]);
}

conformance!(
    the_top_of_the_due_list_is_the_top_of_the_whole_list,
    the_reconnect_pool_holds_lost_ties_and_unsorted_imports_with_history,
    the_weeks_reconnect_holds_all_week_and_rests_eight_weeks,
    the_weeks_reconnect_holds_when_stronger_ties_are_lost_mid_week,
    this_weeks_birthdays_come_from_the_month_and_day,
    a_favor_on_a_group_touch_belongs_to_one_person,
    a_touch_can_keep_the_followups_due,
    strength_is_kept_with_the_warmth,
    a_v1_database_is_recomputed_once_when_opened,
    a_bulk_load_keeps_the_indexes_the_migrations_define,
    deleting_a_contact_takes_what_is_only_theirs,
    deleted_and_overwritten_text_leaves_the_file_while_the_store_is_open,
);
