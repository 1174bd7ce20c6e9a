//! Signing in with the access token, when `kith serve` has one, and signing out. Signing in starts
//! a session (see [`crate::sessions`]); wrong tokens count against the sender's address (see
//! [`crate::sign_in_limit`]).

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

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    pub token: Option<String>,
    pub next: Option<String>,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    next: String,
    error: Option<String>,
}

/// `GET /login`.
pub async fn form(AsOwner(state): AsOwner, Query(q): Query<LoginQuery>, headers: HeaderMap) -> PageResult<Response> {
    if !state.guard().token_required() {
        return Ok(Redirect::to("/").into_response());
    }
    let view = LoginPage { chrome: sign_in_chrome(&state, &headers), next: back_to(&q.next, "/"), error: None };
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
    if !state.guard().token_required() {
        return Ok(Redirect::to(&next).into_response());
    }
    let now = Utc::now();
    let peer = extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let client = client_address(&headers, peer);
    let refused = |status: StatusCode, error: String, locked: Option<Locked>| -> PageResult<Response> {
        let view = LoginPage { chrome: sign_in_chrome(&state, &headers), next: next.clone(), error: Some(error) };
        let mut response = (status, Page::render(&view, &view.chrome)?).into_response();
        if let Some(locked) = locked {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(locked.retry_after(now)));
        }
        Ok(response)
    };
    if let Err(locked) = sign_in_limit::check(&state, &client, now).await {
        return refused(StatusCode::TOO_MANY_REQUESTS, locked.message(now), Some(locked));
    }
    if state.guard().token_matches(f.token.as_deref().unwrap_or("")) {
        let cookie = sessions::start(&state, &headers, now).await?;
        let mut response = Redirect::to(&next).into_response();
        response.headers_mut().insert(header::SET_COOKIE, cookie);
        return Ok(response);
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
    let to = if state.guard().token_required() { "/login" } else { "/" };
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}
