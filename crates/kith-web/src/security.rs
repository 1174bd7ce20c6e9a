//! What keeps a local server safe: requests for another host name are refused (DNS rebinding),
//! every page carries a strict Content-Security-Policy and friends, and when an access token is
//! set, nothing but the sign-in page, the assets and the calendar feed (which has its own secret)
//! answers without it. Cross-site form posts are refused by tower-http's CSRF layer in `app`.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// The session cookie set by signing in with the access token.
pub const SESSION_COOKIE: &str = "kith_session";

/// Which requests are let in.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// Host header values accepted (`host:port`, lower case); `None` accepts any.
    hosts: Option<Vec<String>>,
    /// The access token, when one is set.
    token: Option<String>,
}

impl Guard {
    /// Accepts only `hosts` (each `name:port` or `name` for port 80), with an optional token.
    pub fn new(hosts: Option<Vec<String>>, token: Option<String>) -> Guard {
        let hosts = hosts.map(|h| h.into_iter().map(|h| h.to_ascii_lowercase()).collect());
        Guard { hosts, token: token.filter(|t| !t.is_empty()) }
    }

    /// For a server bound to a loopback address: the names a local browser uses for it.
    pub fn loopback(port: u16, token: Option<String>) -> Guard {
        let names = ["127.0.0.1", "localhost", "[::1]"];
        let mut hosts: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
        if port == 80 {
            hosts.extend(names.iter().map(|n| n.to_string()));
        }
        Guard::new(Some(hosts), token)
    }

    pub fn token_required(&self) -> bool {
        self.token.is_some()
    }

    fn host_allowed(&self, headers: &HeaderMap) -> bool {
        let Some(hosts) = &self.hosts else { return true };
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        hosts.iter().any(|h| h.eq_ignore_ascii_case(host))
    }

    /// The session cookie's value: a hash of the token, so the cookie never holds the token itself.
    pub fn session_value(&self) -> Option<String> {
        self.token.as_ref().map(|t| hex(&Sha256::digest(format!("kith-session\0{t}").as_bytes())))
    }

    /// Whether a token typed on the sign-in page is the access token.
    pub fn token_matches(&self, given: &str) -> bool {
        self.token.as_ref().is_some_and(|t| constant_time_eq(t.as_bytes(), given.trim().as_bytes()))
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        let Some(token) = &self.token else { return true };
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "))
            .is_some_and(|b| constant_time_eq(b.trim().as_bytes(), token.as_bytes()));
        let session = self.session_value().unwrap_or_default();
        bearer || cookie(headers, SESSION_COOKIE).is_some_and(|c| constant_time_eq(c.as_bytes(), session.as_bytes()))
    }
}

/// Checks host and access before any handler runs, and adds the security headers to every answer.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let guard = state.guard();
    if !guard.host_allowed(request.headers()) {
        let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("(none)");
        let body = format!(
            "kith refuses requests for the host '{host}': open kith at the address `kith serve` printed, \
             or start it with --host {host} if that name is yours"
        );
        return with_headers((StatusCode::FORBIDDEN, body).into_response());
    }
    let path = request.uri().path();
    let open = path == "/login" || path.starts_with("/assets/") || path.starts_with("/feed/") || path == "/healthz";
    if !open && !guard.authorized(request.headers()) {
        let response = if path.starts_with("/api/") {
            crate::error::ApiError(crate::error::WebError::Unauthorized).into_response()
        } else if request.method() == Method::GET {
            let next_path = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
            Redirect::to(&format!("/login?next={}", crate::html::forms::encode(next_path))).into_response()
        } else {
            (StatusCode::UNAUTHORIZED, "sign in first: open /login").into_response()
        };
        return with_headers(response);
    }
    with_headers(next.run(request).await)
}

/// Scripts, styles and images only from kith itself; no frames, no plugins, forms post home.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; \
                   base-uri 'none'; object-src 'none'";

fn with_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Origin stays on same-origin posts, which the CSRF check reads.
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    response
}

/// The value of one cookie in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a secret given in a request is the stored one, compared in constant time.
pub fn secrets_match(given: &str, stored: &str) -> bool {
    constant_time_eq(given.as_bytes(), stored.as_bytes())
}

/// Compares secrets without leaking through timing where they first differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn loopback_accepts_local_names_with_the_port_only() {
        let g = Guard::loopback(7878, None);
        assert!(g.host_allowed(&headers(&[("host", "127.0.0.1:7878")])));
        assert!(g.host_allowed(&headers(&[("host", "LOCALHOST:7878")])));
        assert!(!g.host_allowed(&headers(&[("host", "evil.example:7878")])));
        assert!(!g.host_allowed(&headers(&[("host", "127.0.0.1:8080")])));
        assert!(!g.host_allowed(&headers(&[])));
    }

    #[test]
    fn a_token_is_needed_by_bearer_or_session_cookie() {
        let g = Guard::new(None, Some("s3cret".into()));
        assert!(!g.authorized(&headers(&[])));
        assert!(g.authorized(&headers(&[("authorization", "Bearer s3cret")])));
        assert!(!g.authorized(&headers(&[("authorization", "Bearer s3cre")])));
        let cookie = format!("other=1; {SESSION_COOKIE}={}", g.session_value().unwrap());
        assert!(g.authorized(&headers(&[("cookie", &cookie)])));
        assert!(!g.authorized(&headers(&[("cookie", "kith_session=s3cret")])));
        assert!(Guard::new(None, None).authorized(&headers(&[])));
    }
}
