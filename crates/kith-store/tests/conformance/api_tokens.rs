//! API tokens: kept by name as hashes with a scope, listed without them, found by hash across
//! owners (not for a disabled account), used (to the minute) and revoked.

use chrono::{DateTime, Duration, Utc};
use kith_store::{LOCAL_OWNER, NewAccount, StoreError, TokenScope};

use crate::support::Env;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-10T09:00:00Z").unwrap().with_timezone(&Utc)
}

async fn api_tokens_are_found_by_hash_for_their_owner_and_revoked(env: &Env) {
    let s = &env.store;
    // Without accounts, the local owner's tokens work.
    let backup = s.add_api_token(" backup job ", "hash-backup", TokenScope::Read, now()).await.unwrap();
    assert_eq!((backup.name.as_str(), backup.scope, backup.last_used_at), ("backup job", TokenScope::Read, None));
    let again = s.add_api_token("backup job", "hash-other", TokenScope::Write, now()).await.unwrap_err();
    assert!(matches!(&again, StoreError::Invalid(v) if v.field == "NAME"), "{again}");
    assert_eq!(s.api_token_owner("hash-backup", now()).await.unwrap(), Some((LOCAL_OWNER, TokenScope::Read)));
    assert_eq!(s.api_token_owner("no such hash", now()).await.unwrap(), None);

    // Another account's token names that account, and its list is its own.
    let account = |email| NewAccount { email, password_hash: Some("$argon2id$x"), admin: false };
    s.add_account(account("ada@example.org"), now()).await.unwrap();
    let grace = s.add_account(account("grace@example.org"), now()).await.unwrap();
    let g = s.as_owner(grace.owner);
    g.add_api_token("backup job", "hash-grace", TokenScope::Write, now()).await.unwrap();
    assert_eq!(s.api_token_owner("hash-grace", now()).await.unwrap(), Some((grace.owner, TokenScope::Write)));
    let names = |tokens: Vec<kith_store::ApiToken>| tokens.into_iter().map(|t| t.name).collect::<Vec<_>>();
    assert_eq!(names(g.api_tokens().await.unwrap()), ["backup job"]);
    assert!(!g.revoke_api_token("nothing of that name").await.unwrap());

    // Used: written once, then at most once a minute.
    s.api_token_owner("hash-backup", now() + Duration::seconds(30)).await.unwrap();
    let used = || async { s.api_tokens().await.unwrap()[0].last_used_at };
    assert_eq!(used().await, Some(now()));
    s.api_token_owner("hash-backup", now() + Duration::minutes(2)).await.unwrap();
    assert_eq!(used().await, Some(now() + Duration::minutes(2)));

    // A disabled account's tokens let nobody in; enabled again, they work again.
    s.set_account_disabled("grace@example.org", Some(now())).await.unwrap();
    assert_eq!(s.api_token_owner("hash-grace", now()).await.unwrap(), None);
    s.set_account_disabled("grace@example.org", None).await.unwrap();
    assert!(s.api_token_owner("hash-grace", now()).await.unwrap().is_some());

    // Revoked: gone from the list, and refused from the next request. Grace's stays.
    assert!(s.revoke_api_token("backup job").await.unwrap());
    assert_eq!(s.api_token_owner("hash-backup", now()).await.unwrap(), None);
    assert!(s.api_tokens().await.unwrap().is_empty());
    assert!(s.api_token_owner("hash-grace", now()).await.unwrap().is_some());
}

conformance!(api_tokens_are_found_by_hash_for_their_owner_and_revoked);
