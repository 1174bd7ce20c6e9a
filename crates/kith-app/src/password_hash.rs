//! Password hashes: argon2id with the parameters OWASP recommends (19 MiB, 2 passes, 1 lane:
//! argon2's defaults) and a fresh 16-byte salt, kept as PHC strings. Hashing takes tens of
//! milliseconds on purpose, so the async forms run it on the blocking pool.

use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
};
use kith_store::{StoreError, StoreResult};
use ring::rand::{SecureRandom, SystemRandom};

/// The argon2id hash of `password` as a PHC string.
pub fn hash(password: &str) -> String {
    let mut salt = [0u8; 16];
    SystemRandom::new().fill(&mut salt).expect("the system's random source");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a salt");
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2id with default parameters").to_string()
}

/// Whether `password` is the one `phc` was made from. A hash that cannot be read matches nothing.
pub fn matches(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// [`hash`], off the async threads.
pub async fn hash_blocking(password: &str) -> StoreResult<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash(&password)).await.map_err(pool_failed)
}

/// [`matches`], off the async threads.
pub async fn matches_blocking(password: &str, phc: &str) -> StoreResult<bool> {
    let (password, phc) = (password.to_string(), phc.to_string());
    tokio::task::spawn_blocking(move || matches(&password, &phc)).await.map_err(pool_failed)
}

fn pool_failed(e: tokio::task::JoinError) -> StoreError {
    StoreError::Unavailable { location: "argon2".into(), detail: e.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_with_owasps_parameters_and_matches_only_its_password() {
        let phc = hash("abcd-efgh");
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(matches("abcd-efgh", &phc));
        assert!(!matches("abcd-efgX", &phc));
        assert!(!matches("abcd-efgh", "not a hash"));
        assert_ne!(hash("abcd-efgh"), phc, "a fresh salt each time");
    }
}
