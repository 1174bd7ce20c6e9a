//! One event's page: change what was recorded (title, kind, day, organization, minutes, note), or
//! remove it with the touch it logged. Who was there is changed on that touch, from a timeline.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    extract::Path,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use kith_core::{
    ValidationError,
    date::parse_date,
    event::{Event, EventKind, EventPatch},
};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        forms::{minutes, text},
    },
    state::AppState,
};

/// The form as typed (or as the event is, when first shown).
#[derive(Debug, Default, Deserialize)]
pub struct EventEditForm {
    pub title: Option<String>,
    pub kind: Option<String>,
    pub on: Option<String>,
    pub org: Option<String>,
    pub minutes: Option<String>,
    pub note: Option<String>,
}

impl EventEditForm {
    fn of(e: &Event) -> EventEditForm {
        EventEditForm {
            title: Some(e.title.clone()),
            kind: Some(e.kind.as_str().to_string()),
            on: Some(e.on.to_string()),
            org: e.org.clone(),
            minutes: e.minutes.map(|m| m.to_string()),
            note: e.note.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "event_edit.html")]
struct EventEditPage {
    chrome: Chrome,
    event: Event,
    kinds: Vec<&'static str>,
    form: EventEditForm,
    error: Option<String>,
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    form: Option<EventEditForm>,
    error: Option<String>,
) -> PageResult<Page> {
    let event = state.store().event(id).await?;
    let view = EventEditPage {
        chrome: Chrome::new(state, headers, event.title.clone(), "events"),
        kinds: EventKind::ALL.iter().map(|k| k.as_str()).collect(),
        form: form.unwrap_or_else(|| EventEditForm::of(&event)),
        event,
        error,
    };
    Ok(Page::render(&view, &view.chrome)?)
}

/// `GET /events/{id}`.
pub async fn page(AsOwner(state): AsOwner, Path(id): Path<i64>, headers: HeaderMap) -> PageResult<Response> {
    Ok(render(&state, &headers, id, None, None).await?.into_response())
}

/// Every field is sent: each replaces what is stored, and an emptied one (organization, minutes,
/// note) removes it.
fn patch_of(form: &EventEditForm) -> Result<EventPatch, ValidationError> {
    let kind: EventKind = form.kind.as_deref().unwrap_or("").parse()?;
    let on = match text(&form.on) {
        Some(d) => parse_date("on", &d)?,
        None => return Err(ValidationError::new("on", "", "give the day it took place")),
    };
    let minutes = minutes(&form.minutes)?;
    Ok(EventPatch {
        title: Some(form.title.clone().unwrap_or_default()),
        kind: Some(kind),
        on: Some(on),
        org: Some(text(&form.org)),
        minutes: Some(minutes),
        note: Some(text(&form.note)),
    })
}

/// `POST /events/{id}`: saves the change; a refused one shows the page again with what was typed.
pub async fn save(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<EventEditForm>,
) -> PageResult<Response> {
    let result = match patch_of(&form) {
        Ok(patch) => state.store().edit_event(id, patch, state.today()).await.map_err(WebError::from),
        Err(e) => Err(WebError::Invalid(e)),
    };
    match result {
        Ok(()) => Ok(done(&format!("/events/{id}"), "Event changed; its touch follows.")),
        Err(WebError::Invalid(v)) => {
            let message = format!("{} '{}': {}", v.field, v.value, v.message);
            let page = render(&state, &headers, id, Some(form), Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /events/{id}/remove`.
pub async fn remove(AsOwner(state): AsOwner, Path(id): Path<i64>) -> PageResult<Response> {
    let e = state.store().event(id).await?;
    state.store().remove_event(id).await?;
    Ok(done("/events", format!("Removed {} of {} and the touch it logged; the people met stay.", e.title, e.on)))
}
