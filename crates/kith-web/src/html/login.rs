//! Signing in — with an account's address and password when the server has accounts, else with the
//! access token when `kith serve` has one — and signing out. Signing in starts a session (see
//! [`crate::sessions`]); wrong tokens count against the sender's address, wrong passwords against
//! the address and the account alike (see [`crate::sign_in_limit`]).

use crate::state::AsOwner;
use std::net::SocketAddr;

use askama::Template;
use axum::{
    Form,
    extract::{ConnectInfo, Query},
    http::{Extensions, HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use chrono::Utc;
use kith_app::accounts::{self, Checked};
use serde::Deserialize;

use crate::{
    html::{
        chrome::{Chrome, Page, PageResult},
        forms::back_to,
    },
    security::client_address,
    sessions,
    sign_in_limit::{self, Locked, MAX_FAILURES, WINDOW_MINUTES},
    state::AppState,
};

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    pub next: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    pub token: Option<String>,
    pub email: Option<String>,
    pub password: Option<String>,
    pub next: Option<String>,
}

/// Never prints the token or the password.
impl std::fmt::Debug for LoginForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginForm").field("email", &self.email).field("next", &self.next).finish_non_exhaustive()
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    next: String,
    error: Option<String>,
    /// Whether the form asks for an account's address and password (else the access token).
    accounts: bool,
    /// The address typed, kept when the sign-in is refused.
    email: String,
}

/// `GET /login`.
pub async fn form(AsOwner(state): AsOwner, Query(q): Query<LoginQuery>, headers: HeaderMap) -> PageResult<Response> {
    if !state.guard().sign_in_required() {
        return Ok(Redirect::to("/").into_response());
    }
    let view = LoginPage {
        chrome: sign_in_chrome(&state, &headers),
        next: back_to(&q.next, "/"),
        error: None,
        accounts: state.guard().accounts(),
        email: String::new(),
    };
    Ok(Page::render(&view, &view.chrome)?.into_response())
}

/// `POST /login`.
pub async fn submit(
    AsOwner(state): AsOwner,
    headers: HeaderMap,
    extensions: Extensions,
    Form(f): Form<LoginForm>,
) -> PageResult<Response> {
    let next = back_to(&f.next, "/");
    if !state.guard().sign_in_required() {
        return Ok(Redirect::to(&next).into_response());
    }
    let now = Utc::now();
    let peer = extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let client = client_address(&headers, peer);
    let accounts = state.guard().accounts();
    let email = f.email.as_deref().unwrap_or("").trim().to_string();
    let refused = |status: StatusCode, error: String, locked: Option<Locked>| -> PageResult<Response> {
        let view = LoginPage {
            chrome: sign_in_chrome(&state, &headers),
            next: next.clone(),
            error: Some(error),
            accounts,
            email: email.clone(),
        };
        let mut response = (status, Page::render(&view, &view.chrome)?).into_response();
        if let Some(locked) = locked {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(locked.retry_after(now)));
        }
        Ok(response)
    };
    let signed_in = |cookie: HeaderValue| {
        let mut response = Redirect::to(&next).into_response();
        response.headers_mut().insert(header::SET_COOKIE, cookie);
        response
    };
    if accounts {
        // The account is limited as the address is: guessing one account's password from many
        // addresses stops too. The key is the address as accounts keep it, never a password.
        let address = accounts::email("email", &email).unwrap_or_else(|_| email.to_lowercase());
        let account_key = format!("account:{address}");
        // The limits are read under the turn, so a burst of guesses waiting for it meets the
        // failures of those checked before.
        let _turn = state.sign_in_turn().await;
        for key in [&client, &account_key] {
            if let Err(locked) = sign_in_limit::check(&state, key, now).await {
                return refused(StatusCode::TOO_MANY_REQUESTS, locked.account_message(now), Some(locked));
            }
        }
        let checked = accounts::check(state.store(), &email, f.password.as_deref().unwrap_or("")).await?;
        return match checked {
            Checked::Yes(account) => {
                Ok(signed_in(sessions::start(&state.for_owner(account.owner), &headers, now).await?))
            }
            Checked::Disabled => refused(
                StatusCode::FORBIDDEN,
                "This account is disabled: ask the server's admin to enable it (kith user enable).".into(),
                None,
            ),
            Checked::No => {
                let mut locked = None;
                for key in [&client, &account_key] {
                    if let Err(l) = sign_in_limit::failed(&state, key, now).await {
                        locked = Some(l);
                    }
                }
                match locked {
                    Some(l) => refused(StatusCode::TOO_MANY_REQUESTS, l.account_message(now), Some(l)),
                    None => refused(
                        StatusCode::UNAUTHORIZED,
                        format!(
                            "Wrong e-mail address or password. After {MAX_FAILURES} wrong passwords in \
                             {WINDOW_MINUTES} minutes, sign-in pauses for the account and for your address."
                        ),
                        None,
                    ),
                }
            }
        };
    }
    if let Err(locked) = sign_in_limit::check(&state, &client, now).await {
        return refused(StatusCode::TOO_MANY_REQUESTS, locked.message(now), Some(locked));
    }
    if state.guard().token_matches(f.token.as_deref().unwrap_or("")) {
        return Ok(signed_in(sessions::start(&state, &headers, now).await?));
    }
    match sign_in_limit::failed(&state, &client, now).await {
        Err(locked) => refused(StatusCode::TOO_MANY_REQUESTS, locked.message(now), Some(locked)),
        Ok(()) => refused(
            StatusCode::UNAUTHORIZED,
            format!(
                "That is not the access token kith serve was started with. After {MAX_FAILURES} wrong tokens in \
                 {WINDOW_MINUTES} minutes, sign-in pauses for your address."
            ),
            None,
        ),
    }
}

/// The sign-in page's frame: nobody is signed in to sign out.
fn sign_in_chrome(state: &AppState, headers: &HeaderMap) -> Chrome {
    Chrome { sign_out: false, ..Chrome::new(state, headers, "Sign in", "") }
}

/// `POST /logout`: ends the session and clears the cookie.
pub async fn logout(AsOwner(state): AsOwner, headers: HeaderMap) -> Response {
    let cookie = sessions::end(&state, &headers).await;
    let to = if state.guard().sign_in_required() { "/login" } else { "/" };
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}
