//! Accounts on a shared server: each owns one owner's rows, and another owner's rows are out of
//! its reach; disabling one ends its sessions; deleting one removes every row it owns and nothing
//! of anyone else's.

use chrono::{Duration, Utc};
use kith_core::{NewContact, snapshot::Snapshot};
use kith_store::{ContactFilter, LOCAL_OWNER, NewAccount, OWNED_TABLES, StoreError};

use crate::support::{Env, today};

conformance!(
    the_first_account_takes_the_local_data_and_each_later_one_starts_empty,
    a_disabled_account_has_no_live_session,
    deleting_an_account_leaves_no_row_of_its_owner,
);

fn account(email: &str) -> NewAccount<'_> {
    NewAccount { email, password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"), admin: false }
}

async fn the_first_account_takes_the_local_data_and_each_later_one_starts_empty(env: &Env) {
    let s = env.store.as_ref();
    let now = Utc::now();
    let mine = s.add_contact(NewContact { name: "Ada Lovelace".into(), ..Default::default() }, today());
    let ada_contact = mine.await.unwrap();
    let ada = s.add_account(NewAccount { admin: true, ..account("ada@example.org") }, now).await.unwrap();
    assert_eq!(ada.owner, LOCAL_OWNER, "the data kith held before accounts is the first account's");
    assert!(ada.admin);
    let grace = s.add_account(account("grace@example.org"), now).await.unwrap();
    assert_ne!(grace.owner, LOCAL_OWNER);

    // The same address twice is refused, by field and value.
    let Err(StoreError::Invalid(e)) = s.add_account(account("grace@example.org"), now).await else {
        panic!("a second account for one address")
    };
    assert_eq!((e.field.as_str(), e.value.as_str()), ("EMAIL", "grace@example.org"));

    let listed: Vec<String> = s.accounts().await.unwrap().into_iter().map(|a| a.email).collect();
    assert_eq!(listed, ["ada@example.org", "grace@example.org"]);
    assert_eq!(s.account_of(grace.owner).await.unwrap().unwrap().email, "grace@example.org");
    assert_eq!(s.account("nobody@example.org").await.unwrap(), None);

    // Grace's store sees none of Ada's rows, and Ada's none of Grace's.
    let g = s.as_owner(grace.owner);
    assert_eq!(g.owner(), grace.owner);
    assert!(matches!(g.contact(ada_contact).await, Err(StoreError::NotFound { .. })), "Ada's contact by its id");
    assert!(g.snapshot().await.unwrap().contacts.is_empty());
    let hers = g.add_contact(NewContact { name: "Alan Turing".into(), ..Default::default() }, today());
    let alan = hers.await.unwrap();
    assert!(matches!(s.contact(alan).await, Err(StoreError::NotFound { .. })), "Grace's contact by its id");
    let names: Vec<String> = s.snapshot().await.unwrap().contacts.into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["Ada Lovelace"]);

    s.set_password_hash(grace.owner, "$argon2id$new").await.unwrap();
    assert_eq!(s.account_of(grace.owner).await.unwrap().unwrap().password_hash.as_deref(), Some("$argon2id$new"));
    let shown = format!("{:?}", s.account_of(grace.owner).await.unwrap().unwrap());
    assert!(!shown.contains("$argon2id"), "a printed account hides its hash: {shown}");
}

async fn a_disabled_account_has_no_live_session(env: &Env) {
    let s = env.store.as_ref();
    let now = Utc::now();
    s.add_account(account("ada@example.org"), now).await.unwrap();
    let grace = s.add_account(account("grace@example.org"), now).await.unwrap();
    let g = s.as_owner(grace.owner);
    g.create_session("grace-session", now, now + Duration::days(30)).await.unwrap();
    let live = s.session_owner("grace-session", now).await.unwrap();
    assert_eq!(live.map(|(owner, _)| owner), Some(grace.owner));
    assert_eq!(s.session_owner("grace-session", now + Duration::days(31)).await.unwrap(), None, "expired");

    let disabled = s.set_account_disabled("grace@example.org", Some(now)).await.unwrap();
    assert_eq!(disabled.disabled_at, Some(now));
    assert_eq!(s.session_owner("grace-session", now).await.unwrap(), None, "disabling ends every session");
    g.create_session("after", now, now + Duration::days(30)).await.unwrap();
    assert_eq!(s.session_owner("after", now).await.unwrap(), None, "a disabled account signs nobody in");
    s.set_account_disabled("grace@example.org", None).await.unwrap();
    assert_eq!(s.session_owner("after", now).await.unwrap().map(|(o, _)| o), Some(grace.owner));

    let Err(StoreError::Invalid(e)) = s.set_account_disabled("nobody@example.org", Some(now)).await else {
        panic!("disabling an unknown address")
    };
    assert_eq!(e.field, "EMAIL");
}

async fn deleting_an_account_leaves_no_row_of_its_owner(env: &Env) {
    let s = env.store.as_ref();
    let now = Utc::now();
    let ada = s.add_account(account("ada@example.org"), now).await.unwrap();
    let grace = s.add_account(account("grace@example.org"), now).await.unwrap();
    // Both hold a full network: Grace's is Ada's backup (with her campaigns) brought into her account.
    crate::snapshots::fill_with_campaigns(s).await;
    let saved: Snapshot = s.snapshot().await.unwrap();
    let g = s.as_owner(grace.owner);
    g.restore(saved.clone(), &crate::snapshots::options()).await.unwrap();
    assert_eq!(g.snapshot().await.unwrap(), saved, "the same network, in an account of its own");
    g.create_session("grace-session", now, now + Duration::days(30)).await.unwrap();
    g.add_app_password("iPhone", "$argon2id$phone", now).await.unwrap();
    g.add_api_token("laptop", "sha256-of-a-token", kith_store::TokenScope::Write, now).await.unwrap();
    g.set_app_settings(r#"{"plan_size":5}"#).await.unwrap();
    g.claim_digest_week(kith_core::schedule::IsoWeek::of(today()), now).await.unwrap();

    // The list the deletion walks is every table with an owner column, as the database says.
    let grace_rows = env.rows_of_owner(grace.owner).await;
    let mut listed: Vec<&str> = OWNED_TABLES.to_vec();
    listed.sort_unstable();
    assert_eq!(grace_rows.keys().map(String::as_str).collect::<Vec<_>>(), listed, "a table kith does not delete");
    assert!(grace_rows.values().filter(|n| **n > 0).count() >= 15, "Grace holds rows in most tables: {grace_rows:?}");
    let ada_rows = env.rows_of_owner(ada.owner).await;

    let deleted = s.delete_account("grace@example.org", now).await.unwrap();
    assert_eq!(deleted.rows, grace_rows.values().sum::<i64>() as u64 + 1, "every row, and the owner");
    let left = env.rows_of_owner(grace.owner).await;
    assert!(left.values().all(|n| *n == 0), "rows left behind: {left:?}");
    assert_eq!(env.rows_of_owner(ada.owner).await, ada_rows, "nothing of Ada's went");
    assert_eq!(s.snapshot().await.unwrap(), saved);
    assert_eq!(s.account("grace@example.org").await.unwrap(), None);
    assert_eq!(s.session_owner("grace-session", now).await.unwrap(), None);
    // Ada's search still finds her people (the full-text index lost only Grace's).
    let search = ContactFilter { search: Some("Grace".into()), ..Default::default() };
    assert!(!s.list_contacts(&search, today()).await.unwrap().is_empty());

    // The local owner stays, empty, when its account goes: the command line works for it.
    let gone = s.delete_account("ada@example.org", now).await.unwrap();
    assert_eq!(gone.rows, ada_rows.values().sum::<i64>() as u64);
    assert!(s.snapshot().await.unwrap().contacts.is_empty());
    // Ids of deleted owners are never given again, nor is the local owner's network once its
    // account went: a server may still hold a report or a session of theirs for a moment.
    let alan = s.add_account(account("alan@example.org"), now).await.unwrap();
    assert!(![LOCAL_OWNER, grace.owner].contains(&alan.owner), "{alan:?}");
    let linus = s.add_account(account("linus@example.org"), now).await.unwrap();
    assert!(linus.owner > alan.owner);
}
