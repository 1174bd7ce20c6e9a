//! Events: the ones recorded, newest first, and a form to record one with the people who were
//! there and the people met for the first time.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use kith_app::events::{EventInput, read_event};
use kith_core::{Event, InteractionKind, event::EventKind};
use kith_store::EventFilter;
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        forms::list,
    },
    state::AppState,
};

/// How many events the page lists.
const LISTED: u32 = 100;

/// The form as typed, kept when it is refused.
#[derive(Debug, Default, Deserialize)]
pub struct EventForm {
    pub title: Option<String>,
    pub kind: Option<String>,
    pub on: Option<String>,
    pub org: Option<String>,
    pub minutes: Option<String>,
    pub note: Option<String>,
    /// Contacts already known, separated by commas or new lines.
    pub with: Option<String>,
    /// People met, one per line: `Name` or `Name <email>`.
    pub met: Option<String>,
}

/// The form's values, as the template shows them.
#[derive(Debug)]
struct Typed {
    title: String,
    kind: String,
    on: String,
    org: String,
    minutes: String,
    note: String,
    with: String,
    met: String,
}

#[derive(Template)]
#[template(path = "events.html")]
struct EventsPage {
    chrome: Chrome,
    events: Vec<Event>,
    kinds: Vec<&'static str>,
    orgs: Vec<String>,
    form: Typed,
    error: Option<String>,
}

async fn render(state: &AppState, headers: &HeaderMap, form: Typed, error: Option<String>) -> PageResult<Page> {
    let events = state.store().events(&EventFilter { limit: Some(LISTED), ..Default::default() }).await?;
    let view = EventsPage {
        chrome: Chrome::new(state, headers, "Events", "events"),
        events,
        kinds: EventKind::ALL.iter().map(|k| k.as_str()).collect(),
        orgs: state.store().orgs().await?.into_iter().map(|o| o.name).collect(),
        form,
        error,
    };
    Ok(Page::render(&view, &view.chrome)?)
}

/// `GET /events`.
pub async fn page(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    let blank = Typed {
        title: String::new(),
        kind: "meeting".into(),
        on: state.today().to_string(),
        org: String::new(),
        minutes: String::new(),
        note: String::new(),
        with: String::new(),
        met: String::new(),
    };
    Ok(render(&state, &headers, blank, None).await?.into_response())
}

fn input_of(form: &EventForm) -> EventInput {
    EventInput {
        title: form.title.clone().unwrap_or_default(),
        kind: form.kind.clone().unwrap_or_default(),
        on: form.on.clone(),
        org: form.org.clone(),
        minutes: form.minutes.clone(),
        note: form.note.clone(),
        with: list(&form.with),
        met: form.met.as_deref().unwrap_or("").lines().map(str::to_string).collect(),
    }
}

/// `POST /events`: records an event; a refused one shows the page again with what was typed.
pub async fn create(AsOwner(state): AsOwner, headers: HeaderMap, Form(form): Form<EventForm>) -> PageResult<Response> {
    let store = state.store();
    let weight = state.settings().weights.of(InteractionKind::Event);
    let added = match read_event(store, &input_of(&form), state.today()).await {
        Ok(event) => store.add_event(event, state.today(), weight).await.map_err(WebError::from),
        Err(e) => Err(WebError::from(e)),
    };
    match added {
        Ok(id) => {
            let e = store.event(id).await?;
            let met = e.people.iter().filter(|p| p.new).count();
            Ok(done("/events", format!("Recorded {} on {} with {} people ({met} new).", e.title, e.on, e.people.len())))
        }
        Err(WebError::Invalid(v)) => {
            let typed = Typed {
                title: form.title.unwrap_or_default(),
                kind: form.kind.unwrap_or_default(),
                on: form.on.unwrap_or_default(),
                org: form.org.unwrap_or_default(),
                minutes: form.minutes.unwrap_or_default(),
                note: form.note.unwrap_or_default(),
                with: form.with.unwrap_or_default(),
                met: form.met.unwrap_or_default(),
            };
            let message = format!("{} '{}': {}", v.field, v.value, v.message);
            let page = render(&state, &headers, typed, Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
