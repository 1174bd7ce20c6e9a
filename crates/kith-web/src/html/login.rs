//! Signing in with the access token, when `kith serve` has one. The browser then carries a session
//! cookie (a hash of the token, HttpOnly, SameSite=Strict).

use askama::Template;
use axum::{
    Form,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use serde::Deserialize;

use crate::{
    html::{
        chrome::{Chrome, Page, PageResult},
        forms::back_to,
    },
    security::SESSION_COOKIE,
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
pub async fn form(
    State(state): State<AppState>,
    Query(q): Query<LoginQuery>,
    headers: HeaderMap,
) -> PageResult<Response> {
    if !state.guard().token_required() {
        return Ok(Redirect::to("/").into_response());
    }
    let view =
        LoginPage { chrome: Chrome::new(&state, &headers, "Sign in", ""), next: back_to(&q.next, "/"), error: None };
    Ok(Page::render(&view, &view.chrome)?.into_response())
}

/// `POST /login`.
pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> PageResult<Response> {
    let next = back_to(&f.next, "/");
    let guard = state.guard();
    match guard.session_value().filter(|_| guard.token_matches(f.token.as_deref().unwrap_or(""))) {
        Some(session) => {
            let mut response = Redirect::to(&next).into_response();
            let cookie = format!("{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000");
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, v);
            }
            Ok(response)
        }
        None => {
            let view = LoginPage {
                chrome: Chrome::new(&state, &headers, "Sign in", ""),
                next,
                error: Some("That is not the access token kith serve was started with.".into()),
            };
            Ok((StatusCode::UNAUTHORIZED, Page::render(&view, &view.chrome)?).into_response())
        }
    }
}
