//! What the web app leans on: one contact's follow-ups, birthdays for the calendar feed, the data
//! version its caches are keyed by, the feed's secret, and import drafts awaiting confirmation.

use kith_core::{Circle, ContactPatch, InteractionKind, NewContact, NewInteraction, Status, contact::Birthday};
use kith_store::{Bulk, BulkContact, BulkInteraction, ContactFilter, ContactSort, NewImportDraft, StoreError};

use crate::support::{Env, days, today};

fn named(name: &str) -> NewContact {
    NewContact { name: name.into(), ..Default::default() }
}

async fn one_contacts_followups(env: &Env) {
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

async fn birthdays_of_unarchived_contacts(env: &Env) {
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

async fn every_write_moves_the_data_version(env: &Env) {
    let s = &env.store;
    let v0 = s.data_version().await.unwrap();
    let a = s.add_contact(named("Vera Version"), today()).await.unwrap();
    let v1 = s.data_version().await.unwrap();
    assert!(v1 > v0);
    s.snooze(a, Some(days(9))).await.unwrap();
    let v2 = s.data_version().await.unwrap();
    assert!(v2 > v1);
    // Reads and failed writes leave it alone.
    s.contact(a).await.unwrap();
    assert!(s.add_followup(999, today(), None, today()).await.is_err());
    assert_eq!(s.data_version().await.unwrap(), v2);
}

async fn the_feed_token_is_stable_until_rotated(env: &Env) {
    let s = &env.store;
    let first = s.feed_token().await.unwrap();
    assert_eq!(first.len(), 64);
    assert!(first.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(s.feed_token().await.unwrap(), first);
    let rotated = s.rotate_feed_token().await.unwrap();
    assert_ne!(rotated, first);
    assert_eq!(s.feed_token().await.unwrap(), rotated);

    // On a server with accounts the secret names its owner, unless that account is disabled.
    assert_eq!(s.feed_owner(&rotated).await.unwrap(), Some(kith_store::LOCAL_OWNER));
    assert_eq!(s.feed_owner(&first).await.unwrap(), None, "the old secret is nobody's");
    let account = |email| kith_store::NewAccount { email, password_hash: None, admin: false };
    let now = chrono::Utc::now();
    s.add_account(account("ada@example.org"), now).await.unwrap();
    let grace = s.add_account(account("grace@example.org"), now).await.unwrap();
    let hers = s.as_owner(grace.owner).feed_token().await.unwrap();
    assert_eq!(s.feed_owner(&hers).await.unwrap(), Some(grace.owner));
    s.set_account_disabled("grace@example.org", Some(now)).await.unwrap();
    assert_eq!(s.feed_owner(&hers).await.unwrap(), None);
}

async fn sessions_live_until_they_expire_or_end(env: &Env) {
    let s = &env.store;
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z").unwrap().to_utc();
    let month = now + chrono::Duration::days(30);
    s.create_session("aaaa", now, month).await.unwrap();
    s.create_session("bbbb", now, now + chrono::Duration::hours(1)).await.unwrap();
    assert_eq!(s.session_expires("aaaa", now).await.unwrap(), Some(month));
    assert_eq!(s.session_expires("cccc", now).await.unwrap(), None, "an unknown secret is no session");
    let later = now + chrono::Duration::hours(2);
    assert_eq!(s.session_expires("bbbb", later).await.unwrap(), None, "expired");
    s.end_session("aaaa").await.unwrap();
    assert_eq!(s.session_expires("aaaa", now).await.unwrap(), None, "ended");
    // Making a session clears the expired ones.
    s.create_session("dddd", later, later + chrono::Duration::days(30)).await.unwrap();
    assert_eq!(s.session_expires("bbbb", now).await.unwrap(), None);
}

async fn failed_sign_ins_are_counted_per_address(env: &Env) {
    let s = &env.store;
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z").unwrap().to_utc();
    for m in 0..3 {
        s.record_sign_in_failure("192.0.2.1", now + chrono::Duration::minutes(m)).await.unwrap();
    }
    s.record_sign_in_failure("192.0.2.2", now).await.unwrap();
    let seen = s.sign_in_failures("192.0.2.1", now + chrono::Duration::minutes(1)).await.unwrap();
    assert_eq!(seen, vec![now + chrono::Duration::minutes(1), now + chrono::Duration::minutes(2)]);
    // A day later the old ones are gone when the next is recorded.
    let tomorrow = now + chrono::Duration::days(1) + chrono::Duration::minutes(5);
    s.record_sign_in_failure("192.0.2.3", tomorrow).await.unwrap();
    assert!(s.sign_in_failures("192.0.2.1", now - chrono::Duration::days(2)).await.unwrap().is_empty());
}

async fn import_drafts_keep_the_file_until_deleted(env: &Env) {
    let s = &env.store;
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z").unwrap().to_utc();
    let draft = NewImportDraft {
        format: "linkedin".into(),
        options: "{\"circle\":\"dormant\"}".into(),
        file_name: "Connections.csv".into(),
        content: b"First Name,Last Name\r\nAda,Lovelace\r\n\xff".to_vec(),
    };
    let token = s.save_import_draft(draft.clone(), now).await.unwrap();
    let got = s.import_draft(&token).await.unwrap();
    assert_eq!(got.draft, draft);
    assert_eq!(got.created_at, now);
    // A draft left for more than a day goes when the next one is saved.
    let later = now + chrono::Duration::hours(30);
    let second = s.save_import_draft(draft.clone(), later).await.unwrap();
    assert!(matches!(s.import_draft(&token).await, Err(StoreError::NotFound { .. })));
    s.delete_import_draft(&second).await.unwrap();
    assert!(matches!(s.import_draft(&second).await, Err(StoreError::NotFound { .. })));
}

async fn lists_sort_by_warmth_and_due_and_page(env: &Env) {
    let s = &env.store;
    // Warmth today: hot (inner, lunch today) > mid (active, lunch 30 days ago) > cool (wide, email
    // 200 days ago); fresh has no touch yet.
    let hot = s.add_contact(NewContact { circle: Some(Circle::Inner), ..named("Hot") }, days(-300)).await.unwrap();
    let mid = s.add_contact(named("Mid"), days(-300)).await.unwrap();
    let cool = s.add_contact(NewContact { circle: Some(Circle::Wide), ..named("Cool") }, days(-300)).await.unwrap();
    let fresh = s.add_contact(named("Fresh"), days(-1)).await.unwrap();
    let lunch = lunch_with;
    s.log_interaction(lunch(hot, today()), 1.0).await.unwrap();
    s.log_interaction(lunch(mid, days(-30)), 1.0).await.unwrap();
    s.log_interaction(NewInteraction { kind: InteractionKind::Email, ..lunch(cool, days(-200)) }, 0.4).await.unwrap();
    let ids = |sort, offset: Option<u32>, limit: Option<u32>| {
        let f = ContactFilter { sort, offset, limit, ..Default::default() };
        async move { s.list_contacts(&f, today()).await.unwrap().iter().map(|c| c.id).collect::<Vec<_>>() }
    };
    assert_eq!(ids(ContactSort::Warmth, None, None).await, vec![hot, mid, cool, fresh]);
    // Due: fresh and cool are due already (cool since long ago), hot in 14 days, mid in 60.
    assert_eq!(ids(ContactSort::Due, None, None).await, vec![cool, fresh, hot, mid]);
    assert_eq!(ids(ContactSort::Name, Some(1), Some(2)).await, vec![fresh, hot]);
    assert_eq!(ids(ContactSort::Name, Some(3), None).await, vec![mid]);
    // Status filters page after filtering.
    let f = ContactFilter { status: Some(Status::Warm), offset: Some(1), ..Default::default() };
    assert_eq!(s.list_contacts(&f, today()).await.unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), vec![mid]);
}

async fn a_patch_can_clear_dates(env: &Env) {
    let s = &env.store;
    let bday = Birthday::parse("birthday", "1990-05-17").unwrap();
    let id = s
        .add_contact(NewContact { birthday: Some(bday), met_on: Some(days(-10)), ..named("Dana Dates") }, today())
        .await
        .unwrap();
    s.edit_contact(id, ContactPatch { birthday: Some(None), ..Default::default() }).await.unwrap();
    let c = s.contact(id).await.unwrap();
    assert_eq!((c.birthday, c.met_on), (None, Some(days(-10))));
    s.edit_contact(id, ContactPatch { met_on: Some(None), ..Default::default() }).await.unwrap();
    assert_eq!(s.contact(id).await.unwrap().met_on, None);
}

async fn an_organization_lists_its_people_with_roles(env: &Env) {
    let s = &env.store;
    let guild = s.add_org("Rust Guild", kith_core::OrgKind::Association).await.unwrap();
    let a = s.add_contact(NewContact { title: Some("Chair".into()), ..named("Zoe Board") }, today()).await.unwrap();
    let b = s.add_contact(named("Adam Member"), today()).await.unwrap();
    s.join_org(a, "rust guild", kith_core::Role::Board, Default::default()).await.unwrap();
    s.join_org(b, "Rust Guild", kith_core::Role::Member, Default::default()).await.unwrap();
    let org = s.org(guild).await.unwrap();
    assert_eq!((org.name.as_str(), org.members), ("Rust Guild", 2));
    let members = s.org_members(guild).await.unwrap();
    let seen: Vec<_> = members.iter().map(|m| (m.contact_id, m.title.as_deref(), m.role)).collect();
    assert_eq!(seen, vec![(b, None, kith_core::Role::Member), (a, Some("Chair"), kith_core::Role::Board)]);
    assert!(matches!(s.org(guild + 100).await, Err(StoreError::NotFound { .. })));
}

async fn a_profile_reads_what_the_separate_reads_give(env: &Env) {
    let s = &env.store;
    let ada = s
        .add_contact(
            NewContact {
                emails: vec!["ada@example.org".into(), "countess@example.org".into()],
                phones: vec!["+44 20 7946 0000".into()],
                tags: vec!["Mentor".into(), "analyst".into()],
                org: Some("Engines".into()),
                ..named("Ada \"Countess\" Lovelace")
            },
            today(),
        )
        .await
        .unwrap();
    let bob = s.add_contact(named("Bob Babbage"), today()).await.unwrap();
    let zoe = s.add_contact(named("Zoe Zed"), today()).await.unwrap();
    s.add_org("Rust Guild", kith_core::OrgKind::Association).await.unwrap();
    s.join_org(ada, "Rust Guild", kith_core::Role::Board, Default::default()).await.unwrap();
    let open = s.add_followup(ada, days(30), Some("send \"the\" paper\nsoon".into()), today()).await.unwrap();
    let done = s.add_followup(ada, days(3), None, today()).await.unwrap();
    s.complete_followup(done, today()).await.unwrap();
    let touch = |contacts: Vec<i64>, kind, on, gave: Option<&str>, they| NewInteraction {
        contacts,
        kind,
        on,
        minutes: Some(45),
        note: Some("ünïcode, \"quotes\" and\nlines".into()),
        gave: gave.map(str::to_string),
        got: None,
        they_initiated: they,
        favor_with: None,
        fulfills: Vec::new(),
    };
    s.log_interaction(touch(vec![ada, zoe, bob], InteractionKind::Lunch, days(-3), Some("an intro"), true), 1.0)
        .await
        .unwrap();
    s.log_interaction(touch(vec![ada], InteractionKind::Social, days(-3), None, false), 1.0 / 3.0).await.unwrap();
    s.log_interaction(touch(vec![ada], InteractionKind::Email, days(-40), None, false), 0.4).await.unwrap();
    let p = s.profile(ada).await.unwrap();
    assert_eq!(p.contact, s.contact(ada).await.unwrap());
    assert_eq!(p.timeline, s.timeline(ada, None).await.unwrap());
    assert_eq!(p.memberships, s.memberships(ada).await.unwrap());
    assert_eq!(p.followups, s.followups_of(ada, false).await.unwrap());
    assert_eq!(p.followups.iter().map(|f| f.id).collect::<Vec<_>>(), vec![open]);
    assert_eq!(p.timeline[0].weight, 1.0 / 3.0, "weights read back exactly");
    assert_eq!(p.timeline[1].with.iter().map(|w| w.id).collect::<Vec<_>>(), vec![ada, bob, zoe]);
    let empty = s.profile(zoe).await.unwrap();
    assert!(empty.followups.is_empty() && empty.memberships.is_empty() && empty.contact.emails.is_empty());
    assert!(matches!(s.profile(999).await, Err(StoreError::NotFound { .. })));
}

/// The status filter is computed by the database; it must say exactly what each contact's own
/// reading says, on the boundaries too (a lunch exactly one half-life ago is still warm; exactly two
/// half-lives ago still cooling), and for a "today" before the latest touch.
async fn status_filters_agree_with_each_contacts_status(env: &Env) {
    use kith_core::contact::Cadenced;
    let s = &env.store;
    let mut ids = Vec::new();
    for (i, ago) in [0i64, 1, 89, 90, 91, 179, 180, 181, 400, 2000].into_iter().enumerate() {
        let id = s.add_contact(named(&format!("Active {i:02}")), days(-3000)).await.unwrap();
        s.log_interaction(lunch_with(id, days(-ago)), 1.0).await.unwrap();
        ids.push(id);
    }
    let custom = NewContact { cadence_days: Some(10), circle: Some(Circle::Inner), ..named("Custom") };
    let custom = s.add_contact(custom, days(-3000)).await.unwrap();
    s.log_interaction(lunch_with(custom, days(-15)), 1.0).await.unwrap();
    let weak = s.add_contact(named("Weak"), days(-3000)).await.unwrap();
    s.log_interaction(NewInteraction { kind: InteractionKind::Social, ..lunch_with(weak, days(-1)) }, 0.15)
        .await
        .unwrap();
    s.add_contact(named("Untouched"), days(-3000)).await.unwrap();
    for on in [today(), days(-100), days(-1000)] {
        let everyone = s.list_contacts(&ContactFilter::default(), on).await.unwrap();
        for status in Status::ALL {
            let expected: Vec<i64> = everyone.iter().filter(|c| c.summary(on).status == status).map(|c| c.id).collect();
            let f = ContactFilter { status: Some(status), ..Default::default() };
            let found: Vec<i64> = s.list_contacts(&f, on).await.unwrap().iter().map(|c| c.id).collect();
            assert_eq!(found, expected, "{status} on {on}");
        }
    }
    // The spec's own example: one lunch one half-life ago is warm (0.5) and due today.
    let at_half_life = s.contact(ids[3]).await.unwrap();
    assert_eq!(at_half_life.summary(today()).status, Status::Warm);
}

fn lunch_with(c: i64, on: chrono::NaiveDate) -> NewInteraction {
    NewInteraction {
        contacts: vec![c],
        kind: InteractionKind::Lunch,
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

async fn health_read_in_batches_is_the_health_of_the_whole(env: &Env) {
    let s = &env.store;
    let circles = [Circle::Inner, Circle::Close, Circle::Active, Circle::Wide, Circle::Dormant];
    let mut ids = Vec::new();
    for k in 0..25i64 {
        let c = NewContact { circle: Some(circles[k as usize % 5]), ..named(&format!("Batch Person {k}")) };
        let id = s.add_contact(c, days(-400 + k)).await.unwrap();
        if k % 3 != 0 {
            let touch = NewInteraction {
                contacts: vec![id],
                kind: InteractionKind::Call,
                on: days(-k * 9),
                minutes: None,
                note: None,
                gave: None,
                got: None,
                they_initiated: false,
                favor_with: None,
                fulfills: Vec::new(),
            };
            s.log_interaction(touch, 1.0).await.unwrap();
        }
        ids.push(id);
    }
    s.edit_contact(ids[4], ContactPatch { archived: Some(true), ..Default::default() }).await.unwrap();
    // Batches of at most `limit`, by id, from just after the given id.
    let firsts: Vec<i64> = s.briefs_after(0, 10).await.unwrap().iter().map(|b| b.id).collect();
    assert_eq!(firsts, ids[..10]);
    let rest: Vec<i64> = s.briefs_after(ids[19], 10).await.unwrap().iter().map(|b| b.id).collect();
    assert_eq!(rest, ids[20..]);
    assert!(s.briefs_after(ids[24], 10).await.unwrap().is_empty());
    // Health from batches of 10,000 equals the report over every brief read at once.
    let whole = kith_core::health::health(
        &s.briefs().await.unwrap(),
        &s.touches_by_day(days(-400), today()).await.unwrap(),
        today(),
    );
    let batched = kith_store::reports::health(s.as_ref(), today()).await.unwrap();
    assert_eq!(batched, whole);
    assert_eq!((batched.contacts, batched.archived), (24, 1));
}

/// A list of thousands reads each contact's details for the whole network at once, a page names
/// its contacts: both must give exactly what reading each contact gives, in name order by bytes
/// (so "Émile" after "Zoe" on both backends), details in their own order.
async fn a_list_of_thousands_reads_what_each_contact_reads(env: &Env) {
    let s = &env.store;
    let first = ["Zoe", "Émile", "Ada", "Łucja", "ada", "Zoë", "Bo", "Ярослав"];
    let contacts = (0..2_100)
        .map(|i| {
            let name = format!("{} {}", first[i % first.len()], i % 700);
            let mut c = NewContact { name, ..Default::default() };
            if i % 3 != 0 {
                c.emails = vec![format!("z{i}@b.org"), format!("a{i}@b.org")];
            }
            if i % 5 == 0 {
                c.phones = vec![format!("+1 555 {i:04}"), "+1 555 0000".into()];
            }
            if i % 4 == 0 {
                c.tags = vec!["Zeta".into(), "alpha".into(), "Rust".into()];
            }
            c.notes = (i % 7 == 0).then(|| format!("note {i} \"quoted\" \\ ☃"));
            c.circle = Some([Circle::Inner, Circle::Active, Circle::Wide][i % 3]);
            BulkContact::new(c, days(-400))
        })
        .collect();
    let interactions = (0..2_100)
        .filter(|i| i % 2 == 0)
        .map(|i| BulkInteraction {
            interaction: lunch_with(i as i64, days(-((i % 300) as i64))),
            weight: 1.0,
            source_key: None,
        })
        .collect();
    s.bulk_load(&Bulk { contacts, interactions, ..Default::default() }).await.unwrap();
    let whole = s.list_contacts(&ContactFilter::default(), today()).await.unwrap();
    assert_eq!(whole.len(), 2_100);
    let mut one_by_one = Vec::new();
    for c in &whole {
        one_by_one.push(s.contact(c.id).await.unwrap());
    }
    let mut by_name = one_by_one.clone();
    by_name.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()).then(a.id.cmp(&b.id)));
    assert_eq!(whole, by_name, "the whole list is each contact as read alone, in byte order of names");
    let emile = whole.iter().position(|c| c.name.starts_with("Émile")).unwrap();
    let zoe = whole.iter().position(|c| c.name.starts_with("Zoe ")).unwrap();
    assert!(zoe < emile);
    let tagged = whole.iter().find(|c| !c.tags.is_empty()).unwrap();
    assert_eq!(tagged.tags, vec!["alpha", "Rust", "Zeta"]);
    let mailed = whole.iter().find(|c| !c.emails.is_empty()).unwrap();
    assert!(mailed.emails[0].starts_with('z'), "e-mails keep their own order: {:?}", mailed.emails);
    let page = ContactFilter { offset: Some(1_000), limit: Some(50), ..Default::default() };
    assert_eq!(s.list_contacts(&page, today()).await.unwrap(), whole[1_000..1_050].to_vec());
    // Long limits: one that cannot cut anything reads the whole list; one just short of the
    // network still cuts it where the name order says.
    for (limit, shown) in [(100_000, 2_100), (2_100, 2_100), (2_099, 2_099), (2_000, 2_000)] {
        for sort in ContactSort::ALL {
            let f = ContactFilter { limit: Some(limit), sort, ..Default::default() };
            let all = s.list_contacts(&ContactFilter { sort, ..Default::default() }, today()).await.unwrap();
            assert_eq!(s.list_contacts(&f, today()).await.unwrap(), all[..shown].to_vec(), "{limit} by {sort:?}");
            let ids: Vec<i64> = s.list_briefs(&f, today()).await.unwrap().iter().map(|b| b.id).collect();
            assert_eq!(ids, all[..shown].iter().map(|c| c.id).collect::<Vec<_>>(), "briefs, {limit} by {sort:?}");
        }
    }
    // Briefs list the same contacts in the same order, whatever the filter, sort and page.
    let filters = [
        ContactFilter::default(),
        ContactFilter { status: Some(Status::Cooling), ..Default::default() },
        ContactFilter { circle: Some(Circle::Active), sort: ContactSort::Warmth, ..Default::default() },
        ContactFilter {
            tag: Some("rust".into()),
            sort: ContactSort::Due,
            offset: Some(3),
            limit: Some(40),
            ..Default::default()
        },
        ContactFilter { search: Some("émile".into()), ..Default::default() },
        ContactFilter { search: Some("*".into()), ..Default::default() },
    ];
    for f in &filters {
        let full = s.list_contacts(f, today()).await.unwrap();
        let briefs = s.list_briefs(f, today()).await.unwrap();
        let brief = |c: &kith_core::Contact| (c.id, c.name.clone(), c.org.clone(), c.circle, c.warmth);
        assert_eq!(
            briefs.iter().map(|b| (b.id, b.name.clone(), b.org.clone(), b.circle, b.warmth)).collect::<Vec<_>>(),
            full.iter().map(brief).collect::<Vec<_>>(),
            "{f:?}"
        );
    }
    for sort in [ContactSort::Due, ContactSort::Warmth] {
        let all = s.list_contacts(&ContactFilter { sort, ..Default::default() }, today()).await.unwrap();
        let f = ContactFilter { sort, offset: Some(700), limit: Some(30), ..Default::default() };
        assert_eq!(s.list_contacts(&f, today()).await.unwrap(), all[700..730].to_vec(), "{sort:?}");
        let mut ids: Vec<_> = all.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        assert_eq!(ids, (1..=2_100).collect::<Vec<_>>(), "{sort:?} lists everyone once");
    }
}

conformance!(
    one_contacts_followups,
    birthdays_of_unarchived_contacts,
    every_write_moves_the_data_version,
    the_feed_token_is_stable_until_rotated,
    sessions_live_until_they_expire_or_end,
    failed_sign_ins_are_counted_per_address,
    import_drafts_keep_the_file_until_deleted,
    lists_sort_by_warmth_and_due_and_page,
    a_list_of_thousands_reads_what_each_contact_reads,
    a_patch_can_clear_dates,
    status_filters_agree_with_each_contacts_status,
    health_read_in_batches_is_the_health_of_the_whole,
    an_organization_lists_its_people_with_roles,
    a_profile_reads_what_the_separate_reads_give,
);
