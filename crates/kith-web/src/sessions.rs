//! Signed-in browsers. Signing in makes a session: 32 random bytes the browser keeps in an
//! HttpOnly, SameSite=Strict cookie (`Secure` when the request came over TLS through a proxy).
//! The database keeps only a SHA-256 of the secret together with the access token, so a copy of
//! the database signs nobody in and starting the server with another token ends every session.
//! Sessions last 30 days; signing in again replaces the one the browser had; `/logout` ends it.
//! Which sessions are live is remembered for a minute, so a page costs no extra query.

use std::{collections::HashMap, sync::Mutex};

use axum::http::{HeaderMap, HeaderValue, header};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

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

/// What the database last said about a session, and when.
#[derive(Debug, Clone, Copy)]
struct Seen {
    expires: DateTime<Utc>,
    checked: DateTime<Utc>,
}

impl SessionMemory {
    fn get(&self, hash: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        live.get(hash)
            .filter(|seen| seen.expires > now && now - seen.checked < Duration::seconds(RECHECK_SECONDS))
            .map(|seen| seen.expires)
    }

    fn put(&self, hash: &str, expires: DateTime<Utc>, now: DateTime<Utc>) {
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        if live.len() >= REMEMBERED {
            live.clear();
        }
        live.insert(hash.to_owned(), Seen { expires, checked: now });
    }

    fn forget(&self, hash: &str) {
        self.live.lock().unwrap_or_else(|e| e.into_inner()).remove(hash);
    }
}

/// What the database keeps for a session secret under the current access token.
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

/// Whether the request carries a live session.
pub async fn signed_in(state: &AppState, headers: &HeaderMap, now: DateTime<Utc>) -> bool {
    let Some(secret) = cookie(headers, SESSION_COOKIE).filter(|s| s.len() == 64) else { return false };
    let hash = stored_hash(state, secret);
    if state.sessions().get(&hash, now).is_some() {
        return true;
    }
    match state.store().session_expires(&hash, now).await {
        Ok(Some(expires)) => {
            state.sessions().put(&hash, expires, now);
            true
        }
        _ => false,
    }
}

/// Starts a session, ending the one the browser had (so a session planted before sign-in is
/// worthless after it). Returns the `Set-Cookie` value.
pub async fn start(state: &AppState, headers: &HeaderMap, now: DateTime<Utc>) -> crate::error::WebResult<HeaderValue> {
    end(state, headers).await;
    let secret =
        new_secret().map_err(|e| crate::error::WebError::Internal(format!("no randomness for a session: {e}")))?;
    let hash = stored_hash(state, &secret);
    let expires = now + Duration::days(SESSION_DAYS);
    state.store().create_session(&hash, now, expires).await?;
    state.sessions().put(&hash, expires, now);
    let max_age = Duration::days(SESSION_DAYS).num_seconds();
    let secure = if over_tls(headers) { "; Secure" } else { "" };
    let cookie = format!("{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    Ok(HeaderValue::from_str(&cookie).expect("hex and fixed text make a valid header"))
}

/// Ends the request's session, if any. Returns the `Set-Cookie` value that clears the cookie.
pub async fn end(state: &AppState, headers: &HeaderMap) -> HeaderValue {
    if let Some(secret) = cookie(headers, SESSION_COOKIE) {
        let hash = stored_hash(state, secret);
        state.sessions().forget(&hash);
        // A session that cannot be removed expires on its own; signing out still clears the cookie.
        let _ = state.store().end_session(&hash).await;
    }
    let secure = if over_tls(headers) { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"))
        .expect("fixed text makes a valid header")
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
        memory.put("h", now + Duration::days(30), now);
        assert!(memory.get("h", now + Duration::seconds(59)).is_some());
        assert!(memory.get("h", now + Duration::seconds(61)).is_none());
        memory.put("h", now + Duration::seconds(10), now);
        assert!(memory.get("h", now + Duration::seconds(11)).is_none());
        memory.forget("h");
        assert!(memory.get("h", now).is_none());
    }
}
