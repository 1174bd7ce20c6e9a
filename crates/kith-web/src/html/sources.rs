//! The sources page: the mailboxes and calendars kith follows with how their syncs go (a failing
//! one in the server's own words), forms to add one, buttons to sync now, pause, resume or remove,
//! and the people seen on them who are not contacts, to add in one click or dismiss.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    extract::Path,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use kith_app::sources::{self, NewSourceRequest, SourceView, suggestions};
use kith_core::ValidationError;
use kith_store::Suggestion;
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        forms::text,
    },
    state::AppState,
};

/// How many suggestions the page lists.
const SUGGESTIONS: usize = 30;

/// The add form as typed, kept when it is refused (never the password).
#[derive(Debug, Default, Deserialize)]
pub struct SourceForm {
    pub kind: Option<String>,
    pub name: Option<String>,
    pub host: Option<String>,
    pub port: Option<String>,
    pub tls: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub folders: Option<String>,
    pub trust_cert: Option<String>,
    pub url: Option<String>,
}

impl SourceForm {
    fn v<'a>(&'a self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }

    fn request(&self) -> Result<NewSourceRequest, ValidationError> {
        if self.v(&self.kind) == "ics" && !sources::config::is_web_address(self.v(&self.url)) {
            return Err(ValidationError::new(
                "url",
                self.v(&self.url),
                "give the calendar's http, https or webcal address (a file on this server: kith source add ics)",
            ));
        }
        let port = match text(&self.port) {
            Some(p) => {
                Some(p.parse::<u16>().map_err(|_| ValidationError::new("port", &p, "give a port from 1 to 65535"))?)
            }
            None => None,
        };
        Ok(NewSourceRequest {
            kind: self.v(&self.kind).to_string(),
            name: self.v(&self.name).to_string(),
            host: self.v(&self.host).to_string(),
            port,
            tls: text(&self.tls),
            user: self.v(&self.user).to_string(),
            // As typed: a password may begin or end with a space.
            password: self.password.clone().filter(|p| !p.is_empty()),
            password_env: None,
            folders: self
                .v(&self.folders)
                .split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(String::from)
                .collect(),
            trust_cert: text(&self.trust_cert),
            url: self.v(&self.url).to_string(),
        })
    }
}

/// One suggested person, with the name kith would give them.
struct Suggested {
    s: Suggestion,
    name: String,
}

#[derive(Template)]
#[template(path = "sources.html")]
struct SourcesPage {
    chrome: Chrome,
    sources: Vec<SourceView>,
    suggested: Vec<Suggested>,
    form: SourceForm,
    error: Option<String>,
}

async fn render(state: &AppState, headers: &HeaderMap, form: SourceForm, error: Option<String>) -> PageResult<Page> {
    let store = state.store();
    let sources = sources::view::list(store).await?;
    let suggested = suggestions::list(store, state.today(), SUGGESTIONS)
        .await?
        .into_iter()
        .map(|s| Suggested { name: suggestions::name_for(&s), s })
        .collect();
    let view = SourcesPage {
        chrome: Chrome::new(state, headers, "Mail and calendars", "sources"),
        sources,
        suggested,
        form,
        error,
    };
    Ok(Page::render(&view, &view.chrome)?)
}

/// `GET /sources`.
pub async fn page(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    Ok(render(&state, &headers, SourceForm::default(), None).await?.into_response())
}

/// `POST /sources`: adds a mailbox or a calendar; a refused one shows the page again with what was
/// typed (but the password).
pub async fn create(
    AsOwner(state): AsOwner,
    headers: HeaderMap,
    Form(mut form): Form<SourceForm>,
) -> PageResult<Response> {
    let result = match (state.key_file(), form.request()) {
        (None, _) => Err(WebError::Invalid(ValidationError::new(
            "source",
            "",
            "the demo follows no mailbox or calendar; run kith serve on your own database",
        ))),
        (_, Err(e)) => Err(WebError::Invalid(e)),
        (Some(key), Ok(request)) => {
            sources::view::add(state.store(), key, &request, chrono::Utc::now()).await.map_err(WebError::from)
        }
    };
    match result {
        Ok(view) => Ok(done("/sources", format!("Following “{}”: its first sync starts within a minute.", view.name))),
        Err(WebError::Invalid(v)) => {
            form.password = None;
            let message = format!("{} '{}': {}", v.field, v.value, v.message);
            let page = render(&state, &headers, form, Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn source_named(state: &AppState, id: i64) -> Result<kith_store::Source, WebError> {
    Ok(sources::view::by_id(state.store(), id).await?)
}

/// `POST /sources/{id}/sync`: syncs now, in the background; the page shows how it went.
pub async fn sync_now(AsOwner(state): AsOwner, Path(id): Path<i64>) -> PageResult<Response> {
    let source = source_named(&state, id).await?;
    let name = source.name.clone();
    let Some(task) = state.start_sync(source) else {
        return Ok(done("/sources", "The demo follows no sources."));
    };
    let page = done("/sources", format!("Syncing “{name}”… reload in a moment to see how it went."));
    tokio::spawn(async move {
        match task.await {
            Ok(Err(e)) => tracing::warn!(source = %name, error = %e, "sync now failed"),
            Err(e) => tracing::warn!(source = %name, error = %e, "sync now stopped"),
            Ok(Ok(_)) => {}
        }
    });
    Ok(page)
}

/// `POST /sources/{id}/pause` and `/resume`.
pub async fn pause(AsOwner(state): AsOwner, Path(id): Path<i64>) -> PageResult<Response> {
    set_paused(state, id, true).await
}

pub async fn resume(AsOwner(state): AsOwner, Path(id): Path<i64>) -> PageResult<Response> {
    set_paused(state, id, false).await
}

async fn set_paused(state: AppState, id: i64, paused: bool) -> PageResult<Response> {
    let source = source_named(&state, id).await?;
    state.store().set_source_paused(id, paused).await?;
    let said = if paused { "paused" } else { "followed again: it syncs within a minute" };
    Ok(done("/sources", format!("“{}” is {said}.", source.name)))
}

/// `POST /sources/{id}/remove`: the touches it recorded stay.
pub async fn remove(AsOwner(state): AsOwner, Path(id): Path<i64>) -> PageResult<Response> {
    let source = source_named(&state, id).await?;
    state.store().remove_source(id).await?;
    Ok(done("/sources", format!("No longer following “{}”; the touches it recorded stay.", source.name)))
}

/// A suggested person, by address.
#[derive(Debug, Deserialize)]
pub struct AddressForm {
    pub address: String,
}

/// `POST /suggestions/add`: the person becomes a contact waiting in the triage.
pub async fn add_suggestion(AsOwner(state): AsOwner, Form(form): Form<AddressForm>) -> PageResult<Response> {
    let weights = state.settings().weights;
    let id = suggestions::add(state.store(), &form.address, state.today(), weights).await?;
    Ok(done("/sources", format!("{} is contact #{id}, waiting in “Sort imported”.", form.address.trim())))
}

/// `POST /suggestions/dismiss`: never suggested again.
pub async fn dismiss_suggestion(AsOwner(state): AsOwner, Form(form): Form<AddressForm>) -> PageResult<Response> {
    suggestions::dismiss(state.store(), &form.address).await?;
    Ok(done("/sources", format!("{} will not be suggested again.", form.address.trim())))
}
