//! The API tokens page: tokens for scripts and the command line against this server (made here
//! and shown once, read-only or read-write, listed with their last use, revoked one by one). On a
//! server with accounts this is how a person gets one: `kith token add` needs the server's
//! database.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use kith_app::api_tokens::{self, NewApiToken};
use kith_store::ApiToken;
use serde::Deserialize;

use crate::{
    error::WebError,
    html::chrome::{Chrome, Page, PageResult, done},
    state::AppState,
};

#[derive(Debug, Default, Deserialize)]
pub struct TokenForm {
    pub name: Option<String>,
    /// `read` or `write`.
    pub scope: Option<String>,
}

#[derive(Template)]
#[template(path = "api_tokens.html")]
struct TokensPage {
    chrome: Chrome,
    /// `http://host/api/v1/` as this page was reached.
    api: String,
    tokens: Vec<ApiToken>,
    /// A token just made: the only time it is shown.
    made: Option<NewApiToken>,
    error: Option<String>,
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    made: Option<NewApiToken>,
    error: Option<String>,
) -> PageResult<Page> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:7878");
    let view = TokensPage {
        chrome: Chrome::new(state, headers, "API tokens", "settings"),
        api: format!("http://{host}/api/v1/"),
        tokens: api_tokens::list(state.store()).await?,
        made,
        error,
    };
    Ok(Page::render(&view, &view.chrome)?)
}

/// `GET /settings/tokens`.
pub async fn page(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    Ok(render(&state, &headers, None, None).await?.into_response())
}

/// `POST /settings/tokens`: makes a token and shows it, once, on the page itself (never in a
/// redirect or a cookie).
pub async fn create(AsOwner(state): AsOwner, headers: HeaderMap, Form(form): Form<TokenForm>) -> PageResult<Response> {
    let made = async {
        let scope = api_tokens::scope("scope", form.scope.as_deref().unwrap_or("read"))?;
        let name = form.name.unwrap_or_default();
        Ok::<_, WebError>(api_tokens::add(state.store(), &name, scope, chrono::Utc::now()).await?)
    };
    match made.await {
        Ok(made) => {
            let mut page = render(&state, &headers, Some(made), None).await?.into_response();
            // A token on the page: no cache may keep it.
            page.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            Ok(page)
        }
        Err(e @ WebError::Invalid(_)) => {
            let page = render(&state, &headers, None, Some(e.message())).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /settings/tokens/revoke`.
pub async fn revoke(AsOwner(state): AsOwner, Form(form): Form<TokenForm>) -> PageResult<Response> {
    let name = form.name.unwrap_or_default();
    api_tokens::revoke(state.store(), &name).await?;
    Ok(done("/settings/tokens", format!("Revoked “{}”: a request it signs is refused from now on.", name.trim())))
}
