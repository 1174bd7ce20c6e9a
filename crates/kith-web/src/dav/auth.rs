//! Who a DAV request comes from: HTTP Basic with an app password, checked against the store, with
//! the same lock-out after repeated failures as the sign-in page.

use std::net::SocketAddr;

use axum::{
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::Engine;
use chrono::Utc;

use crate::{
    security::client_address,
    sign_in_limit::{self, Locked},
    state::AppState,
};

/// Lets the request in, or answers for it: 401 asking for Basic credentials, 429 while locked out.
pub async fn check(state: &AppState, headers: &HeaderMap, peer: Option<SocketAddr>) -> Result<(), Response> {
    let client = client_address(headers, peer);
    let now = Utc::now();
    let Some((user, password)) = credentials(headers) else {
        return Err(challenge(
            "kith's address book needs a user name and app password: make one with `kith dav password add NAME`",
        ));
    };
    // A password checked a moment ago proves itself (the store still says whether it is revoked):
    // the lock-out, which stops guessing, is looked up for the others.
    if !state.app_passwords().remembers(&password) {
        sign_in_limit::check(state, &client, now).await.map_err(locked)?;
    }
    match state.app_passwords().check(state.store(), &user, &password, now).await {
        Ok(Some(_)) => Ok(()),
        Ok(None) => {
            sign_in_limit::failed(state, &client, now).await.map_err(locked)?;
            Err(challenge(
                "that user name and app password are not kith's: `kith dav password list` shows the live ones",
            ))
        }
        Err(e) => {
            tracing::warn!(error = %e, "app passwords could not be checked");
            Err((StatusCode::SERVICE_UNAVAILABLE, "kith cannot check app passwords right now; try again shortly")
                .into_response())
        }
    }
}

/// The user name and password of a Basic `Authorization` header.
fn credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

fn challenge(why: &str) -> Response {
    let mut response = (StatusCode::UNAUTHORIZED, why.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"kith\", charset=\"UTF-8\""));
    response
}

fn locked(locked: Locked) -> Response {
    let now = Utc::now();
    let mut response = (StatusCode::TOO_MANY_REQUESTS, locked.message(now)).into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(locked.retry_after(now)));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_read_and_anything_else_is_not() {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic a2l0aDphYmNkOmVm"));
        assert_eq!(credentials(&headers), Some(("kith".into(), "abcd:ef".into())));
        for bad in ["Bearer abc", "Basic !!!", "Basic a2l0aA==", "Basic"] {
            headers.insert(header::AUTHORIZATION, HeaderValue::from_static(bad));
            assert_eq!(credentials(&headers), None, "{bad}");
        }
    }
}
