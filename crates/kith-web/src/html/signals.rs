//! Market signals: what the network says about organizations and fields, newest first, with a
//! form to record one and a button to remove one.

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
    signal::{NewSignal, Signal, SignalFilter, SignalKind},
};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        forms::text,
    },
    state::AppState,
};

/// The add form as typed, kept when it is refused.
#[derive(Debug, Default, Deserialize)]
pub struct SignalForm {
    pub org: Option<String>,
    pub field: Option<String>,
    pub kind: Option<String>,
    pub on: Option<String>,
    /// Who told you, as the CLI names people: an id, e-mail, name or unique prefix.
    pub from: Option<String>,
    pub note: Option<String>,
}

#[derive(Template)]
#[template(path = "signals.html")]
struct SignalsPage {
    chrome: Chrome,
    signals: Vec<Signal>,
    kinds: Vec<&'static str>,
    form: SignalForm,
    error: Option<String>,
}

async fn render(state: &AppState, headers: &HeaderMap, form: SignalForm, error: Option<String>) -> PageResult<Page> {
    let signals = state.store().signals(&SignalFilter::default()).await?;
    let view = SignalsPage {
        chrome: Chrome::new(state, headers, "Market signals", "signals"),
        signals,
        kinds: SignalKind::ALL.iter().map(|k| k.as_str()).collect(),
        form,
        error,
    };
    Ok(Page::render(&view, &view.chrome)?)
}

/// `GET /signals`.
pub async fn page(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    Ok(render(&state, &headers, SignalForm::default(), None).await?.into_response())
}

async fn signal_of(state: &AppState, form: &SignalForm) -> Result<NewSignal, WebError> {
    let kind: SignalKind = form.kind.as_deref().unwrap_or("").parse().map_err(WebError::Invalid)?;
    let on = match text(&form.on) {
        Some(d) => parse_date("on", &d)?,
        None => state.today(),
    };
    let from = match text(&form.from) {
        Some(who) => Some(state.store().resolve(&who).await.map_err(|e| {
            WebError::Invalid(ValidationError::new("from", &who, format!("{e}; name a contact by id, e-mail or name")))
        })?),
        None => None,
    };
    Ok(NewSignal { org: text(&form.org), field: text(&form.field), kind, on, from, note: text(&form.note) })
}

/// `POST /signals`: records a signal; a refused one shows the page again with what was typed.
pub async fn create(AsOwner(state): AsOwner, headers: HeaderMap, Form(form): Form<SignalForm>) -> PageResult<Response> {
    let result = match signal_of(&state, &form).await {
        Ok(s) => state.store().add_signal(s, state.today()).await.map_err(WebError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => Ok(done("/signals", format!("Signal #{id} recorded."))),
        Err(WebError::Invalid(v)) => {
            let message = format!("{} '{}': {}", v.field, v.value, v.message);
            let page = render(&state, &headers, form, Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /signals/{id}/remove`.
pub async fn remove(AsOwner(state): AsOwner, Path(id): Path<i64>) -> PageResult<Response> {
    state.store().remove_signal(id).await?;
    Ok(done("/signals", format!("Signal #{id} removed.")))
}
