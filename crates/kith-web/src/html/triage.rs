//! The triage page: imported contacts waiting for a circle, warmest first, each sorted with one
//! form (its suggested circle preselected), or a whole page of suggestions taken at once.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use kith_app::triage::{self, SortReport};
use kith_core::{Circle, ValidationError};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        format::percent,
    },
    state::AppState,
};

/// How many waiting contacts one page shows.
const PAGE: usize = 50;

struct Row {
    id: i64,
    name: String,
    org: Option<String>,
    status: &'static str,
    warmth: String,
    /// `1 touch`, `3 touches`.
    touches: String,
    last_touch_on: Option<chrono::NaiveDate>,
    suggested: &'static str,
}

#[derive(Template)]
#[template(path = "triage.html")]
struct TriagePage {
    chrome: Chrome,
    total: usize,
    rows: Vec<Row>,
    /// The ids shown, comma-separated: what "take the suggestions" sorts.
    shown_ids: String,
    circles: Vec<&'static str>,
    error: Option<String>,
}

async fn render(state: &AppState, headers: &HeaderMap, error: Option<String>) -> PageResult<Page> {
    let list = triage::list(state.store(), state.today(), PAGE).await?;
    let rows: Vec<Row> = list
        .contacts
        .into_iter()
        .map(|c| Row {
            id: c.id,
            name: c.name,
            org: c.org,
            status: c.status.as_str(),
            warmth: percent(c.warmth),
            touches: kith_app::wording::count(c.touches as usize, "touch", "touches"),
            last_touch_on: c.last_touch_on,
            suggested: c.suggested.as_str(),
        })
        .collect();
    let view = TriagePage {
        chrome: Chrome::new(state, headers, "Sort imported contacts", "triage"),
        total: list.total,
        shown_ids: rows.iter().map(|r| r.id.to_string()).collect::<Vec<_>>().join(","),
        rows,
        circles: Circle::ALL.iter().map(|c| c.as_str()).collect(),
        error,
    };
    Ok(Page::render(&view, &view.chrome)?)
}

/// `GET /triage`.
pub async fn page(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    Ok(render(&state, &headers, None).await?.into_response())
}

#[derive(Debug, Deserialize)]
pub struct SortForm {
    id: Option<String>,
    circle: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct AcceptForm {
    ids: Option<String>,
}

fn contact_id(value: &str) -> Result<i64, WebError> {
    value.trim().parse().map_err(|_| WebError::Invalid(ValidationError::new("id", value, "give a contact id")))
}

/// `POST /triage`: one contact into the circle chosen.
pub async fn sort(AsOwner(state): AsOwner, headers: HeaderMap, Form(form): Form<SortForm>) -> PageResult<Response> {
    let chosen = async {
        let id = contact_id(form.id.as_deref().unwrap_or(""))?;
        let circle: Circle = form.circle.as_deref().unwrap_or("").parse().map_err(WebError::Invalid)?;
        Ok::<_, WebError>(vec![(id, circle)])
    };
    finish(&state, &headers, chosen.await).await
}

/// `POST /triage/accept`: the contacts shown, each into its suggested circle.
pub async fn accept(AsOwner(state): AsOwner, headers: HeaderMap, Form(form): Form<AcceptForm>) -> PageResult<Response> {
    let ids: Result<Vec<i64>, WebError> =
        form.ids.as_deref().unwrap_or("").split(',').filter(|s| !s.trim().is_empty()).map(contact_id).collect();
    let result = match ids {
        Ok(ids) if ids.is_empty() => {
            Err(WebError::Invalid(ValidationError::new("contacts", "", "no contact was shown to sort")))
        }
        Ok(ids) => triage::accept(state.store(), state.today(), &ids, ids.len()).await.map_err(WebError::from),
        Err(e) => Err(e),
    };
    answer(&state, &headers, result).await
}

async fn finish(
    state: &AppState,
    headers: &HeaderMap,
    chosen: Result<Vec<(i64, Circle)>, WebError>,
) -> PageResult<Response> {
    let result = match chosen {
        Ok(sorted) => triage::sort(state.store(), &sorted).await.map_err(WebError::from),
        Err(e) => Err(e),
    };
    answer(state, headers, result).await
}

/// Back to the list with what was sorted, or the list again with why nothing was.
async fn answer(state: &AppState, headers: &HeaderMap, result: Result<SortReport, WebError>) -> PageResult<Response> {
    match result {
        Ok(report) => Ok(done("/triage", said(&report))),
        Err(WebError::Invalid(v)) => {
            let message = format!("{} '{}': {}", v.field, v.value, v.message);
            let page = render(state, headers, Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

fn said(report: &SortReport) -> String {
    let moved: Vec<String> = report.sorted.iter().map(|s| format!("{} → {}", s.name, s.circle)).collect();
    let shown = if moved.len() > 3 { format!("{} contacts sorted", moved.len()) } else { moved.join(", ") };
    format!("{shown}. {} left to sort.", report.left)
}
