//! What keeps a local server safe: requests for another host name are refused (DNS rebinding),
//! every page carries a strict Content-Security-Policy and friends, and when an access token is
//! set, nothing but the sign-in page, the assets and the calendar feed (which has its own secret)
//! answers without it. Cross-site form posts are refused by tower-http's CSRF layer in `app`.

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use chrono::Utc;

use crate::{
    error::{ApiError, WebError},
    sessions,
    sign_in_limit::{self, Locked},
    state::{AppState, SignedOwner},
};
use kith_app::api_tokens;
use kith_store::{OwnerId, TokenScope};

/// Which requests are let in.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// Host names accepted besides addresses and `localhost` (`name:port` or `name`, lower case);
    /// `None` accepts any.
    hosts: Option<Vec<String>>,
    /// The access token, when one is set.
    token: Option<String>,
    /// Whether people sign in with their own accounts (`kith user add`) instead of a token.
    accounts: bool,
    /// Proxies whose forwarding headers (`X-Forwarded-For`, `X-Forwarded-Proto`, `Forwarded`) are
    /// believed, besides this machine's own addresses; from anyone else they are dropped.
    trusted_proxies: Vec<IpAddr>,
}

impl Guard {
    /// Accepts requests for `hosts` (each `name:port`, or `name` for the default port), for any
    /// IP address and for `localhost`; `None` accepts any host. With an optional access token.
    pub fn new(hosts: Option<Vec<String>>, token: Option<String>) -> Guard {
        let hosts = hosts.map(|h| h.into_iter().map(|h| h.to_ascii_lowercase()).collect());
        Guard { hosts, token: token.filter(|t| !t.is_empty()), accounts: false, trusted_proxies: Vec::new() }
    }

    /// The same guard, believing the forwarding headers of `proxies` too (a TLS proxy on another
    /// machine or container).
    pub fn with_trusted_proxies(self, proxies: Vec<IpAddr>) -> Guard {
        Guard { trusted_proxies: proxies.into_iter().map(|p| p.to_canonical()).collect(), ..self }
    }

    /// Whether `peer` is a proxy whose forwarding headers are believed: this machine (loopback)
    /// or one of the trusted proxies.
    pub fn trusts(&self, peer: Option<SocketAddr>) -> bool {
        peer.is_some_and(|p| {
            let ip = p.ip().to_canonical();
            ip.is_loopback() || self.trusted_proxies.contains(&ip)
        })
    }

    /// The same guard, letting in only people signed in to an account (the database has some).
    /// The access token is not used then.
    pub fn with_accounts(self) -> Guard {
        Guard { token: None, accounts: true, ..self }
    }

    /// Whether people sign in with their own accounts.
    pub fn accounts(&self) -> bool {
        self.accounts
    }

    /// Whether anything but the open paths needs signing in (an access token or accounts).
    pub fn sign_in_required(&self) -> bool {
        self.token.is_some() || self.accounts
    }

    /// Accepts requests for IP addresses and `localhost` only: what a local browser uses.
    pub fn local(token: Option<String>) -> Guard {
        Guard::new(Some(Vec::new()), token)
    }

    /// The access token, when one is set.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// DNS rebinding needs a name the attacker controls, so a `Host` that is an IP address (with any
    /// port) or `localhost` is always safe; other names must be listed with `--host`.
    fn host_allowed(&self, headers: &HeaderMap) -> bool {
        let Some(hosts) = &self.hosts else { return true };
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) || is_address_or_localhost(host)
    }

    /// Whether a token typed on the sign-in page is the access token.
    pub fn token_matches(&self, given: &str) -> bool {
        self.token.as_ref().is_some_and(|t| constant_time_eq(t.as_bytes(), given.trim().as_bytes()))
    }
}

/// `192.0.2.1`, `[2001:db8::1]:7878`, `localhost:7878`: a host no DNS answer can point elsewhere.
fn is_address_or_localhost(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((v6, port)) if port.is_empty() || valid_port(port.strip_prefix(':')) => {
                return v6.parse::<std::net::Ipv6Addr>().is_ok();
            }
            _ => return false,
        },
        None => match host.split_once(':') {
            Some((name, port)) if valid_port(Some(port)) => name,
            Some(_) => return false,
            None => host,
        },
    };
    name.parse::<std::net::Ipv4Addr>().is_ok() || name.eq_ignore_ascii_case("localhost")
}

fn valid_port(port: Option<&str>) -> bool {
    port.is_some_and(|p| p.parse::<u16>().is_ok())
}

/// What a proxy says about the request it forwards; believed only from a trusted one (`guard`
/// drops them from anyone else before any handler reads them).
const FORWARDING: [&str; 4] = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "forwarded"];

/// The address a request came from, for counting wrong tokens: the peer, or, when a trusted proxy
/// forwarded it (see [`guard`]), the address the proxy says it forwarded for (the last
/// `X-Forwarded-For` entry, the one the proxy itself appended).
pub fn client_address(request_headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    let Some(peer) = peer else { return "unknown".into() };
    if let Some(forwarded) = request_headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .next_back()
        .and_then(|a| a.trim().parse::<IpAddr>().ok())
    {
        return forwarded.to_string();
    }
    peer.ip().to_string()
}

/// Why a request is not let in.
enum Refusal {
    NotSignedIn,
    Locked(Locked),
    /// A read-only API token on a request that writes.
    ReadOnly,
    /// The database could not say.
    Failed(kith_store::StoreError),
}

/// Checks host and access before any handler runs, and adds the security headers to every answer.
pub async fn guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let guard = state.guard();
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    if !guard.trusts(peer) {
        // Anyone could send them: a client claiming https or another address is not believed.
        for name in FORWARDING {
            request.headers_mut().remove(name);
        }
    }
    if !guard.host_allowed(request.headers()) {
        let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("(none)");
        let body = format!(
            "kith refuses requests for the host '{host}': open kith at the address `kith serve` printed, \
             or start it with --host {host} if that name is yours"
        );
        return with_headers((StatusCode::FORBIDDEN, body).into_response());
    }
    let path = request.uri().path();
    // The address book checks its own app passwords (dav/auth.rs): phones cannot sign in on a page.
    let dav = path == "/dav" || path.starts_with("/dav/") || path == "/.well-known/carddav";
    let open = matches!(path, "/login" | "/logout" | "/healthz" | "/readyz")
        || path.starts_with("/assets/")
        || path.starts_with("/feed/")
        || dav;
    if guard.accounts() && dav {
        // The address book checks one owner's app passwords: with accounts it is not served yet,
        // and answering here keeps it from counting as failed sign-ins.
        let body = "kith serves the address book only without accounts, for now";
        return with_headers((StatusCode::NOT_FOUND, body).into_response());
    }
    let api = path.starts_with("/api/");
    if !open {
        match access(&state, api, request.method(), request.headers(), peer).await {
            Ok(owner) => {
                request.extensions_mut().insert(SignedOwner(owner));
            }
            Err(refusal) => return with_headers(refuse(&request, refusal)),
        }
    }
    with_headers(next.run(request).await)
}

/// Lets in a request with a Bearer token (the server's access token anywhere, an API token on the
/// JSON API) or with a live session: for whose data. A read-only API token lets in only reads.
async fn access(
    state: &AppState,
    api: bool,
    method: &Method,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> Result<OwnerId, Refusal> {
    let guard = state.guard();
    if !guard.sign_in_required() {
        return Ok(state.owner());
    }
    let now = Utc::now();
    let bearer =
        headers.get(header::AUTHORIZATION).and_then(|h| h.to_str().ok()).and_then(|h| h.strip_prefix("Bearer "));
    let Some(given) = bearer.map(str::trim) else {
        // A browser: its session names the owner (with accounts, each browser its own).
        return sessions::signed_in(state, headers, now).await.ok_or(Refusal::NotSignedIn);
    };
    let client = client_address(headers, peer);
    state.sign_in_limit().check(&client, now).map_err(Refusal::Locked)?;
    if guard.token().is_some_and(|token| constant_time_eq(given.as_bytes(), token.as_bytes())) {
        return Ok(state.owner());
    }
    // API tokens are for the JSON API only: on the pages, a leaked token could make new tokens
    // and app passwords that outlive its revocation.
    if api && given.starts_with(api_tokens::PREFIX) {
        let found = api_tokens::owner_of(state.store(), given, now).await.map_err(Refusal::Failed)?;
        if let Some((owner, scope)) = found {
            let reads = matches!(*method, Method::GET | Method::HEAD);
            return if scope == TokenScope::Read && !reads { Err(Refusal::ReadOnly) } else { Ok(owner) };
        }
    }
    sign_in_limit::failed(state, &client, now).await.map_err(Refusal::Locked)?;
    Err(Refusal::NotSignedIn)
}

fn refuse(request: &Request, refusal: Refusal) -> Response {
    let api = request.uri().path().starts_with("/api/");
    match refusal {
        Refusal::Locked(locked) => {
            let now = Utc::now();
            let message = locked.message(now);
            let mut response = if api {
                ApiError(WebError::TooManyAttempts(message)).into_response()
            } else {
                (StatusCode::TOO_MANY_REQUESTS, message).into_response()
            };
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(locked.retry_after(now)));
            response
        }
        Refusal::ReadOnly => {
            let message = "this API token may only read: make a read-and-write one on Settings → API tokens \
                           (or with `kith token add --scope write`) to change things";
            if api {
                ApiError(WebError::Forbidden(message.into())).into_response()
            } else {
                (StatusCode::FORBIDDEN, message).into_response()
            }
        }
        Refusal::Failed(e) if api => ApiError(WebError::from(e)).into_response(),
        Refusal::Failed(e) => {
            let e = WebError::from(e);
            tracing::error!(error = %e, "the access check could not read the database");
            (e.status(), e.message()).into_response()
        }
        Refusal::NotSignedIn if api => ApiError(WebError::Unauthorized).into_response(),
        Refusal::NotSignedIn if request.method() == Method::GET => {
            let next_path = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
            Redirect::to(&format!("/login?next={}", crate::html::forms::encode(next_path))).into_response()
        }
        Refusal::NotSignedIn => (StatusCode::UNAUTHORIZED, "sign in first: open /login").into_response(),
    }
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
    fn local_accepts_addresses_and_localhost_on_any_port_and_no_other_name() {
        let g = Guard::local(None);
        for ok in ["127.0.0.1:7878", "LOCALHOST:7878", "127.0.0.2:9000", "192.168.1.20:7878", "[::1]:7878", "10.0.0.1"]
        {
            assert!(g.host_allowed(&headers(&[("host", ok)])), "{ok}");
        }
        for refused in ["evil.example:7878", "evil.example", "127.0.0.1.evil.example:7878", "[::1]x", "127.0.0.1:x", ""]
        {
            assert!(!g.host_allowed(&headers(&[("host", refused)])), "{refused}");
        }
        assert!(!g.host_allowed(&headers(&[])));
    }

    #[test]
    fn listed_names_are_accepted_as_given() {
        let g = Guard::new(Some(vec!["kith.example.org".into()]), None);
        assert!(g.host_allowed(&headers(&[("host", "Kith.Example.org")])));
        assert!(!g.host_allowed(&headers(&[("host", "kith.example.org:8080")])));
        assert!(g.host_allowed(&headers(&[("host", "192.168.1.20:7878")])));
        assert!(Guard::new(None, None).host_allowed(&headers(&[("host", "anything")])));
    }

    #[test]
    fn the_client_is_the_peer_unless_a_trusted_proxy_forwards() {
        let h = headers(&[("x-forwarded-for", "203.0.113.9, 198.51.100.7")]);
        let local: SocketAddr = "127.0.0.1:50000".parse().unwrap();
        assert_eq!(client_address(&h, Some(local)), "198.51.100.7", "the entry the proxy appended");
        assert_eq!(client_address(&HeaderMap::new(), Some(local)), "127.0.0.1");
        assert_eq!(client_address(&h, None), "unknown");

        let proxy: SocketAddr = "10.0.0.5:50000".parse().unwrap();
        let mapped: SocketAddr = "[::ffff:10.0.0.5]:50000".parse().unwrap();
        let remote: SocketAddr = "192.0.2.1:50000".parse().unwrap();
        let g = Guard::new(None, None).with_trusted_proxies(vec!["10.0.0.5".parse().unwrap()]);
        assert!(g.trusts(Some(local)) && g.trusts(Some(proxy)) && g.trusts(Some(mapped)));
        assert!(!g.trusts(Some(remote)) && !g.trusts(None));
        assert!(!Guard::new(None, None).trusts(Some(proxy)), "only proxies named are trusted");
    }
}
