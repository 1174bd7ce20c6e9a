//! Signed-in browsers. Signing in makes a session: 32 random bytes the browser keeps in an
//! HttpOnly cookie (`Secure` when the request came over TLS through a proxy; SameSite=Strict on
//! one person's server, Lax with accounts, see [`attributes`]). The database keeps only a SHA-256
//! of the secret (together with the access token, when there is one), so a copy of the database
//! signs nobody in and starting the server with another token ends every session. With accounts a
//! session belongs to the account's owner, and an account disabled or deleted ends its sessions.
//! Sessions last 30 days; signing in again replaces the one the browser had; `/logout` ends it.
//! Which sessions are live, and whose, is remembered for a minute, so a page costs no extra query
//! (a session ended on another server is refused here within that minute).

use std::{collections::HashMap, sync::Mutex};

use axum::http::{HeaderMap, HeaderValue, header};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use kith_store::OwnerId;

use crate::{security::cookie, state::AppState};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "kith_session";
/// How long a session lasts.
pub const SESSION_DAYS: i64 = 30;
/// How long this server trusts what it last read about a session (another server may end it).
const RECHECK_SECONDS: i64 = 60;
/// Sessions remembered before the memory is cleared.
const REMEMBERED: usize = 10_000;

/// Live sessions this server has seen, by hash.
#[derive(Debug, Default)]
pub struct SessionMemory {
    live: Mutex<HashMap<String, Seen>>,
}

/// What the database last said about a session (whose it is, until when), and when.
#[derive(Debug, Clone, Copy)]
struct Seen {
    owner: OwnerId,
    expires: DateTime<Utc>,
    checked: DateTime<Utc>,
}

impl SessionMemory {
    /// The owner of a session checked less than a minute ago and not expired.
    fn get(&self, hash: &str, now: DateTime<Utc>) -> Option<OwnerId> {
        let live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        live.get(hash)
            .filter(|seen| seen.expires > now && now - seen.checked < Duration::seconds(RECHECK_SECONDS))
            .map(|seen| seen.owner)
    }

    fn put(&self, hash: &str, owner: OwnerId, expires: DateTime<Utc>, now: DateTime<Utc>) {
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        if live.len() >= REMEMBERED {
            live.clear();
        }
        live.insert(hash.to_owned(), Seen { owner, expires, checked: now });
    }

    fn forget(&self, hash: &str) {
        self.live.lock().unwrap_or_else(|e| e.into_inner()).remove(hash);
    }
}

/// What the database keeps for a session secret under the current access token (none with
/// accounts).
fn stored_hash(state: &AppState, secret: &str) -> String {
    let token = state.guard().token().unwrap_or_default();
    let digest = Sha256::digest(format!("kith-session\0{token}\0{secret}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new secret: 32 bytes from the operating system, as 64 hex digits.
fn new_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The owner whose live session the request carries, if any: with accounts, whoever signed in;
/// otherwise the one owner the server works for.
pub async fn signed_in(state: &AppState, headers: &HeaderMap, now: DateTime<Utc>) -> Option<OwnerId> {
    let secret = cookie(headers, SESSION_COOKIE).filter(|s| s.len() == 64)?;
    let hash = stored_hash(state, secret);
    if let Some(owner) = state.sessions().get(&hash, now) {
        return Some(owner);
    }
    let (owner, expires) = session_of(state, &hash, now).await?;
    state.sessions().put(&hash, owner, expires, now);
    Some(owner)
}

/// Whose the session is and when it expires, as the database says.
async fn session_of(state: &AppState, hash: &str, now: DateTime<Utc>) -> Option<(OwnerId, DateTime<Utc>)> {
    let found = if state.guard().accounts() {
        state.store().session_owner(hash, now).await
    } else {
        state.store().session_expires(hash, now).await.map(|e| e.map(|e| (state.owner(), e)))
    };
    found.ok().flatten()
}

/// Starts a session for the owner `state` works for, ending the one the browser had (so a session
/// planted before sign-in is worthless after it). Returns the `Set-Cookie` value.
pub async fn start(state: &AppState, headers: &HeaderMap, now: DateTime<Utc>) -> crate::error::WebResult<HeaderValue> {
    end(state, headers).await;
    let secret =
        new_secret().map_err(|e| crate::error::WebError::Internal(format!("no randomness for a session: {e}")))?;
    let hash = stored_hash(state, &secret);
    let expires = now + Duration::days(SESSION_DAYS);
    state.store().create_session(&hash, now, expires).await?;
    state.sessions().put(&hash, state.owner(), expires, now);
    let max_age = Duration::days(SESSION_DAYS).num_seconds();
    let cookie = format!("{SESSION_COOKIE}={secret}; Path=/; Max-Age={max_age}{}", attributes(state, headers));
    Ok(HeaderValue::from_str(&cookie).expect("hex and fixed text make a valid header"))
}

/// Ends the request's session, if any. Returns the `Set-Cookie` value that clears the cookie.
pub async fn end(state: &AppState, headers: &HeaderMap) -> HeaderValue {
    if let Some(secret) = cookie(headers, SESSION_COOKIE) {
        let hash = stored_hash(state, secret);
        state.sessions().forget(&hash);
        // A session that cannot be removed expires on its own; signing out still clears the cookie.
        if let Some((owner, _)) = session_of(state, &hash, Utc::now()).await {
            let _ = state.for_owner(owner).store().end_session(&hash).await;
        }
    }
    HeaderValue::from_str(&format!("{SESSION_COOKIE}=; Path=/; Max-Age=0{}", attributes(state, headers)))
        .expect("fixed text makes a valid header")
}

/// The cookie's attributes: HttpOnly always; `Secure` over TLS; SameSite=Strict for one person's
/// server, Lax with accounts (a link from the weekly digest's e-mail then opens signed in; forms
/// are still checked by the CSRF layer).
fn attributes(state: &AppState, headers: &HeaderMap) -> String {
    let same_site = if state.guard().accounts() { "Lax" } else { "Strict" };
    let secure = if over_tls(headers) { "; Secure" } else { "" };
    format!("; HttpOnly; SameSite={same_site}{secure}")
}

/// Whether the browser reached kith over TLS, as a proxy in front says (`X-Forwarded-Proto: https`
/// or `Forwarded: proto=https`). kith itself speaks plain HTTP.
pub fn over_tls(headers: &HeaderMap) -> bool {
    let says_https = |name: &str, check: &dyn Fn(&str) -> bool| {
        headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).any(check)
    };
    says_https("x-forwarded-proto", &|v| v.split(',').next().is_some_and(|p| p.trim().eq_ignore_ascii_case("https")))
        || says_https(header::FORWARDED.as_str(), &|v| {
            v.split([';', ',']).any(|pair| {
                pair.trim().split_once('=').is_some_and(|(k, v)| {
                    k.trim().eq_ignore_ascii_case("proto") && v.trim_matches('"').eq_ignore_ascii_case("https")
                })
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(name: &str, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn tls_is_what_the_proxy_says() {
        assert!(over_tls(&headers("x-forwarded-proto", "https")));
        assert!(over_tls(&headers("x-forwarded-proto", "HTTPS, http")));
        assert!(over_tls(&headers("forwarded", "for=192.0.2.60;proto=https;by=203.0.113.43")));
        assert!(over_tls(&headers("forwarded", "proto=\"https\"")));
        assert!(!over_tls(&headers("x-forwarded-proto", "http")));
        assert!(!over_tls(&headers("forwarded", "for=\"https\"")));
        assert!(!over_tls(&HeaderMap::new()));
    }

    #[test]
    fn secrets_are_new_each_time() {
        let (a, b) = (new_secret().unwrap(), new_secret().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }

    #[test]
    fn memory_forgets_after_a_minute_and_at_expiry() {
        let memory = SessionMemory::default();
        let now = Utc::now();
        memory.put("h", 1, now + Duration::days(30), now);
        assert!(memory.get("h", now + Duration::seconds(59)).is_some());
        assert!(memory.get("h", now + Duration::seconds(61)).is_none());
        memory.put("h", 1, now + Duration::seconds(10), now);
        assert!(memory.get("h", now + Duration::seconds(11)).is_none());
        memory.forget("h");
        assert!(memory.get("h", now).is_none());
    }
}
