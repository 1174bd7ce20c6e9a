//! App passwords: kept by name as hashes, listed without them, used (to the minute) and revoked.

use chrono::{DateTime, Duration, Utc};
use kith_store::StoreError;

use crate::support::Env;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-10T09:00:00Z").unwrap().with_timezone(&Utc)
}

async fn app_passwords_are_kept_by_name_used_and_revoked(env: &Env) {
    let s = &env.store;
    let phone = s.add_app_password(" iPhone ", "$argon2id$v=19$phone", now()).await.unwrap();
    assert_eq!(phone.name, "iPhone");
    assert_eq!(phone.last_used_at, None);
    let again = s.add_app_password("iPhone", "$argon2id$v=19$other", now()).await.unwrap_err();
    assert!(matches!(&again, StoreError::Invalid(v) if v.field == "NAME"), "{again}");
    assert!(s.add_app_password("  ", "h", now()).await.is_err(), "a name is needed");
    let laptop = s.add_app_password("Thunderbird", "$argon2id$v=19$laptop", now()).await.unwrap();

    let names: Vec<String> = s.app_passwords().await.unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["Thunderbird", "iPhone"], "by name, byte order");
    let hashes = s.app_password_hashes().await.unwrap();
    assert_eq!(hashes, [(phone.id, "$argon2id$v=19$phone".into()), (laptop.id, "$argon2id$v=19$laptop".into())]);

    // Used: written once, then at most once a minute.
    assert!(s.app_password_used(phone.id, now()).await.unwrap());
    assert!(s.app_password_used(phone.id, now() + Duration::seconds(30)).await.unwrap());
    let listed = |name: &'static str| async move {
        s.app_passwords().await.unwrap().into_iter().find(|p| p.name == name).unwrap().last_used_at
    };
    assert_eq!(listed("iPhone").await, Some(now()));
    s.app_password_used(phone.id, now() + Duration::minutes(2)).await.unwrap();
    assert_eq!(listed("iPhone").await, Some(now() + Duration::minutes(2)));

    // Revoked: gone from the list, and a request it signs is refused.
    assert!(s.revoke_app_password("iPhone").await.unwrap());
    assert!(!s.revoke_app_password("iPhone").await.unwrap());
    assert!(!s.app_password_used(phone.id, now()).await.unwrap());
    assert_eq!(s.app_password_hashes().await.unwrap().len(), 1);
}

conformance!(app_passwords_are_kept_by_name_used_and_revoked);
