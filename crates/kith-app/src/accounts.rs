//! Accounts on a shared server (`kith user …` and the sign-in page): the rules both the command
//! line and the web app follow — what an address and a password must be, and how a password is
//! checked without telling whether the address exists.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use kith_core::ValidationError;
use kith_store::{Account, DeletedAccount, NewAccount, Store, StoreResult};

use crate::password_hash;

/// The shortest password accepted: OWASP's ASVS asks for at least 12 characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest: enough for any passphrase, short enough that hashing it costs nothing extra.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// The longest address a mail server accepts (RFC 5321's path limit).
const MAX_EMAIL_BYTES: usize = 254;

/// The address as it is kept: trimmed and lower case. Refused (field `field`) unless it has a name
/// and a domain around one `@` and no spaces.
pub fn email(field: &str, given: &str) -> Result<String, ValidationError> {
    let address = given.trim().to_lowercase();
    let refuse = |why: &str| Err(ValidationError::new(field, given, why));
    if address.len() > MAX_EMAIL_BYTES {
        return refuse("longer than an e-mail address can be (254 bytes)");
    }
    if address.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse("an e-mail address has no spaces; give it as name@example.org");
    }
    match address.split_once('@') {
        Some((name, domain)) if !name.is_empty() && !domain.is_empty() && !domain.contains('@') => Ok(address),
        _ => refuse("not an e-mail address; give it as name@example.org"),
    }
}

/// Refuses (field `field`) a password shorter than [`MIN_PASSWORD_CHARS`] or longer than
/// [`MAX_PASSWORD_BYTES`]. The password itself is never put in the message.
pub fn check_password(field: &str, password: &str) -> Result<(), ValidationError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(ValidationError::new(
            field,
            format!("({chars} characters)"),
            format!(
                "too short: a password needs at least {MIN_PASSWORD_CHARS} characters; a few words make a good one"
            ),
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(ValidationError::new(
            field,
            format!("({} bytes)", password.len()),
            format!("too long: at most {MAX_PASSWORD_BYTES} bytes"),
        ));
    }
    if password.trim().is_empty() {
        return Err(ValidationError::new(field, "(spaces only)", "a password of spaces only is not a password"));
    }
    Ok(())
}

/// Makes an account for `email` with `password` (hashed here), or without one: then it can sign in
/// only once a password is set for it.
pub async fn add(
    store: &dyn Store,
    email_given: &str,
    password: Option<&str>,
    admin: bool,
    now: DateTime<Utc>,
) -> StoreResult<Account> {
    let address = email("EMAIL", email_given)?;
    let hash = match password {
        Some(p) => {
            check_password("password", p)?;
            Some(password_hash::hash_blocking(p).await?)
        }
        None => None,
    };
    store.add_account(NewAccount { email: &address, password_hash: hash.as_deref(), admin }, now).await
}

/// The network of the account with the address `user` (the field `--user`), or without one the
/// local owner's — which, once the database has accounts, must be named: it is the first
/// account's, and a command meant for someone else must not land there.
pub async fn network_of(store: &dyn Store, user: Option<&str>) -> StoreResult<std::sync::Arc<dyn Store>> {
    let Some(given) = user else {
        if store.accounts().await?.is_empty() {
            return Ok(store.as_owner(kith_store::LOCAL_OWNER));
        }
        return Err(ValidationError::new(
            "--user",
            "(not given)",
            "this database has accounts: say whose with --user EMAIL (kith user list shows them)",
        )
        .into());
    };
    let address = email("--user", given)?;
    match store.account(&address).await? {
        Some(account) => Ok(store.as_owner(account.owner)),
        None => {
            Err(ValidationError::new("--user", given, "no account has this address; kith user list shows them").into())
        }
    }
}

/// Every account, by address.
pub async fn list(store: &dyn Store) -> StoreResult<Vec<Account>> {
    store.accounts().await
}

/// Disables an account (it is signed out everywhere and cannot sign in), or enables it again.
pub async fn set_disabled(
    store: &dyn Store,
    email_given: &str,
    disabled: bool,
    now: DateTime<Utc>,
) -> StoreResult<Account> {
    let address = email("EMAIL", email_given)?;
    store.set_account_disabled(&address, disabled.then_some(now)).await
}

/// Deletes an account and every row it owns, in one transaction.
pub async fn delete(store: &dyn Store, email_given: &str, now: DateTime<Utc>) -> StoreResult<DeletedAccount> {
    let address = email("EMAIL", email_given)?;
    store.delete_account(&address, now).await
}

/// What checking an address and a password found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// The password is the account's, and the account may sign in.
    Yes(Account),
    /// The password is the account's, but an admin disabled the account.
    Disabled,
    /// No such account, no password set, or the wrong password: one answer for all, so an answer
    /// does not tell which addresses have accounts.
    No,
}

/// Checks `password` for the account of `email_given`. An unknown address costs one argon2id check
/// as a known one does, so the time taken does not tell either.
pub async fn check(store: &dyn Store, email_given: &str, password: &str) -> StoreResult<Checked> {
    let known = match email("EMAIL", email_given) {
        Ok(address) if password.len() <= MAX_PASSWORD_BYTES => store.account(&address).await?,
        _ => None,
    };
    let phc = match known.as_ref().and_then(|a| a.password_hash.clone()) {
        Some(phc) => phc,
        // Made once, off the async threads; `kith serve` makes it at start (see `prepare`).
        None => tokio::task::spawn_blocking(|| stand_in().to_string())
            .await
            .map_err(|e| kith_store::StoreError::Unavailable { location: "argon2".into(), detail: e.to_string() })?,
    };
    let right = password_hash::matches_blocking(password, &phc).await?;
    Ok(match known {
        Some(account) if right && account.password_hash.is_some() => {
            if account.disabled_at.is_some() {
                Checked::Disabled
            } else {
                Checked::Yes(account)
            }
        }
        _ => Checked::No,
    })
}

/// Makes what a sign-in check needs before the first one comes, so the first check for an unknown
/// address does not take longer than the others. Blocking: call it before serving.
pub fn prepare() {
    stand_in();
}

/// A hash no password is checked against in earnest: it makes a check for an unknown address take
/// as long as one for a known address.
fn stand_in() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password_hash::hash("kith: no account has this address"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_kept_trimmed_and_lower_case() {
        assert_eq!(email("EMAIL", "  Ada@Example.ORG ").unwrap(), "ada@example.org");
        for bad in ["", "ada", "@example.org", "ada@", "a da@example.org", "ada@b@c", "ada\u{7}@example.org"] {
            let e = email("EMAIL", bad).unwrap_err();
            assert_eq!((e.field.as_str(), e.value.as_str()), ("EMAIL", bad));
        }
        assert!(email("EMAIL", &format!("{}@example.org", "a".repeat(250))).is_err());
    }

    #[test]
    fn a_password_has_twelve_characters_and_is_never_shown() {
        assert!(check_password("password", "correct horse").is_ok());
        assert!(check_password("password", "ünïcödé-pässwörd").is_ok(), "characters, not bytes");
        let short = check_password("password", "hunter2").unwrap_err();
        assert!(short.message.contains("at least 12 characters"), "{short}");
        assert!(!short.to_string().contains("hunter2"), "{short}");
        assert!(check_password("password", &"x".repeat(MAX_PASSWORD_BYTES + 1)).is_err());
        assert!(check_password("password", &" ".repeat(20)).is_err());
    }
}
