//! The address book page: the server's CardDAV address, the user name, the app passwords (made
//! here and shown once, listed with their last use, revoked one by one), what changes made on the
//! phone do (and the choice of what a deletion there does), and how to add the account on iOS,
//! macOS, Android (DAVx5) and Thunderbird.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use kith_app::{
    app_passwords::{self, DAV_USER, NewAppPassword},
    app_settings::AppSettings,
    settings::PhoneDeletions,
};
use kith_store::AppPassword;
use serde::Deserialize;

use crate::{
    error::WebError,
    html::chrome::{Chrome, Page, PageResult, done},
    state::AppState,
};

#[derive(Debug, Default, Deserialize)]
pub struct NameForm {
    pub name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct DeletionsForm {
    pub deletions: Option<String>,
}

#[derive(Template)]
#[template(path = "address_book.html")]
struct AddressBookPage {
    chrome: Chrome,
    /// `http://host/dav/` as this page was reached.
    url: String,
    /// The host alone, for iOS, which asks for a server name.
    host: String,
    user: &'static str,
    passwords: Vec<AppPassword>,
    /// A password just made: the only time it is shown.
    made: Option<NewAppPassword>,
    error: Option<String>,
    /// What a card deleted on the phone does: `archive` or `delete`.
    deletions: &'static str,
    /// Whether the configuration file sets it (then the page shows it, not a choice).
    deletions_locked: bool,
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    made: Option<NewAppPassword>,
    error: Option<String>,
) -> PageResult<Page> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:7878").to_string();
    let view = AddressBookPage {
        chrome: Chrome::new(state, headers, "Address book", "address-book"),
        url: format!("http://{host}/dav/"),
        host,
        user: DAV_USER,
        passwords: app_passwords::list(state.store()).await?,
        made,
        error,
        deletions: state.settings().phone_deletions.as_str(),
        deletions_locked: state.file_settings().locks("phone_deletions"),
    };
    Ok(Page::render(&view, &view.chrome)?)
}

/// `GET /address-book`.
pub async fn page(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    Ok(render(&state, &headers, None, None).await?.into_response())
}

/// `POST /address-book/passwords`: makes a password and shows it, once, on the page itself (never
/// in a redirect or a cookie).
pub async fn create(AsOwner(state): AsOwner, headers: HeaderMap, Form(form): Form<NameForm>) -> PageResult<Response> {
    let name = form.name.unwrap_or_default();
    match app_passwords::add(state.store(), &name, chrono::Utc::now()).await {
        Ok(made) => {
            let mut page = render(&state, &headers, Some(made), None).await?.into_response();
            // A password on the page: no cache may keep it.
            page.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
            Ok(page)
        }
        Err(e) => match WebError::from(e) {
            e @ WebError::Invalid(_) => {
                let page = render(&state, &headers, None, Some(e.message())).await?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
            }
            other => Err(other.into()),
        },
    }
}

/// `POST /address-book/passwords/revoke`.
pub async fn revoke(AsOwner(state): AsOwner, Form(form): Form<NameForm>) -> PageResult<Response> {
    let name = form.name.unwrap_or_default();
    app_passwords::revoke(state.store(), &name).await?;
    Ok(done("/address-book", format!("Revoked “{}”: the app using it is refused from its next request.", name.trim())))
}

/// `POST /address-book/deletions`: what a card deleted on the phone does to its contact.
pub async fn deletions(
    AsOwner(state): AsOwner,
    headers: HeaderMap,
    Form(form): Form<DeletionsForm>,
) -> PageResult<Response> {
    let json = state.store().app_settings().await?;
    let mut app = match json.as_deref().map(AppSettings::from_json).transpose() {
        Ok(app) => app.unwrap_or_default(),
        Err(e) => return Err(WebError::Invalid(e).into()),
    };
    match app.set(state.file_settings(), "phone_deletions", form.deletions.as_deref().unwrap_or("")) {
        Ok(()) => {
            state.store().set_app_settings(&app.to_json()).await?;
            state.refresh_settings().await?;
            let said = match app.phone_deletions {
                Some(PhoneDeletions::Delete) => "A contact deleted on the phone is now deleted in kith for good.",
                _ => "A contact deleted on the phone is now archived in kith, its history kept.",
            };
            Ok(done("/address-book", said))
        }
        Err(v) => {
            let message = format!("{} '{}': {}", v.field, v.value, v.message);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&state, &headers, None, Some(message)).await?).into_response())
        }
    }
}
