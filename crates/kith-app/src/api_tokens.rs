//! API tokens for scripts and the command line against a server (`Authorization: Bearer …`): made
//! here, shown once, kept as SHA-256 hashes, scoped to reading or to reading and writing,
//! revocable one by one.
//!
//! A token is `kith_` and 64 hexadecimal digits: 256 bits from the system's random source.
//! Nobody guesses that, so unlike a password it needs no slow hash: SHA-256 lets each request be
//! checked with one indexed read, and a stolen database still holds no usable token.

use chrono::{DateTime, Utc};
use kith_core::ValidationError;
use kith_store::{ApiToken, OwnerId, Store, StoreResult, TokenScope};
use ring::rand::{SecureRandom, SystemRandom};
use serde::Serialize;

use crate::sources::secret::hex;

/// What every token starts with: says what it is in a log or a secret scanner, and lets a
/// request with anything else be refused without reading the database.
pub const PREFIX: &str = "kith_";

/// Random bytes in a token.
const BYTES: usize = 32;

/// A token just made: the only time it is shown.
#[derive(Clone, Serialize)]
pub struct NewApiToken {
    pub name: String,
    pub scope: TokenScope,
    pub token: String,
    pub created_at: DateTime<Utc>,
}

impl std::fmt::Debug for NewApiToken {
    /// Never the token itself: a logged value must not let anyone in.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewApiToken").field("name", &self.name).field("scope", &self.scope).finish_non_exhaustive()
    }
}

/// A new random token.
fn generate() -> String {
    let mut bytes = [0u8; BYTES];
    SystemRandom::new().fill(&mut bytes).expect("the system's random source");
    format!("{PREFIX}{}", hex(&bytes))
}

/// What the store keeps of a token: its SHA-256, in hex.
fn digest(token: &str) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, token.as_bytes()).as_ref())
}

/// Reads a scope as typed (`read`, `write`, in any case); the error names the value.
pub fn scope(field: &str, given: &str) -> Result<TokenScope, ValidationError> {
    TokenScope::parse(&given.trim().to_ascii_lowercase()).ok_or_else(|| {
        ValidationError::new(field, given, "a token's scope is read (GET only) or write (read and write)")
    })
}

/// Makes a token named `name` for the store's owner and keeps its hash; the token is in the
/// answer only.
pub async fn add(store: &dyn Store, name: &str, scope: TokenScope, now: DateTime<Utc>) -> StoreResult<NewApiToken> {
    let token = generate();
    let kept = store.add_api_token(name, &digest(&token), scope, now).await?;
    Ok(NewApiToken { name: kept.name, scope: kept.scope, token, created_at: kept.created_at })
}

pub async fn list(store: &dyn Store) -> StoreResult<Vec<ApiToken>> {
    store.api_tokens().await
}

/// Revokes the token of that name: the script using it is refused from its next request.
pub async fn revoke(store: &dyn Store, name: &str) -> StoreResult<()> {
    if store.revoke_api_token(name).await? {
        return Ok(());
    }
    Err(ValidationError::new(
        "NAME",
        name,
        "no API token of that name; Settings → API tokens (or `kith token list`) shows them",
    )
    .into())
}

/// Whose token `given` is and what it may do; `None` for anything that is not a live token (of
/// an enabled account, when the server has accounts). Notes the use.
pub async fn owner_of(
    store: &dyn Store,
    given: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<(OwnerId, TokenScope)>> {
    let given = given.trim();
    if !given.starts_with(PREFIX) || given.len() > 100 {
        return Ok(None);
    }
    store.api_token_owner(&digest(given), now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_recognisable() {
        let (a, b) = (generate(), generate());
        assert_ne!(a, b);
        assert!(a.starts_with(PREFIX) && a.len() == PREFIX.len() + 64, "{a}");
        assert!(a[PREFIX.len()..].chars().all(|c| c.is_ascii_hexdigit()), "{a}");
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(digest(&a), digest(&b));
    }

    #[test]
    fn a_scope_is_read_or_write() {
        assert_eq!(scope("--scope", "read").unwrap(), TokenScope::Read);
        assert_eq!(scope("--scope", " Write ").unwrap(), TokenScope::Write);
        let e = scope("--scope", "admin").unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("--scope", "admin"));
    }
}
