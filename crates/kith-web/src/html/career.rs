//! Career readiness: the score with its parts and next actions, forms to record updates and the
//! connection count, accomplishments with add and remove, and the brag document as a download.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    extract::Path,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use kith_app::career::{CareerPage, page as career_page};
use kith_core::{
    ValidationError,
    brag::brag_document,
    career::{CareerPatch, NewAccomplishment},
    date::parse_date,
};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        exchange::download,
        forms::text,
    },
    state::AppState,
};

/// Both forms as typed, kept when one is refused.
#[derive(Debug, Default, Deserialize)]
pub struct CareerForm {
    pub resume_updated: Option<String>,
    pub linkedin_updated: Option<String>,
    pub connections: Option<String>,
    pub target: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct AccomplishmentForm {
    pub title: Option<String>,
    pub on: Option<String>,
    pub outcome: Option<String>,
    pub link: Option<String>,
}

#[derive(Template)]
#[template(path = "career.html")]
struct CareerTemplate {
    chrome: Chrome,
    career: CareerPage,
    set: CareerForm,
    add: AccomplishmentForm,
    set_error: Option<String>,
    add_error: Option<String>,
}

impl CareerTemplate {
    fn or_never(d: &Option<NaiveDate>) -> String {
        d.map_or("never".to_string(), |d| d.to_string())
    }
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    set: CareerForm,
    add: AccomplishmentForm,
    errors: (Option<String>, Option<String>),
) -> PageResult<Page> {
    let career = career_page(state.store(), state.today()).await?;
    let view = CareerTemplate {
        chrome: Chrome::new(state, headers, "Career", "career"),
        career,
        set,
        add,
        set_error: errors.0,
        add_error: errors.1,
    };
    Ok(Page::render(&view, &view.chrome)?)
}

/// `GET /career`.
pub async fn page(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    Ok(render(&state, &headers, CareerForm::default(), AccomplishmentForm::default(), (None, None))
        .await?
        .into_response())
}

fn message(v: &ValidationError) -> String {
    format!("{} '{}': {}", v.field, v.value, v.message)
}

fn count(field: &str, v: &Option<String>) -> Result<Option<u32>, ValidationError> {
    text(v).map(|s| s.parse::<u32>().map_err(|_| ValidationError::new(field, &s, "give a whole number"))).transpose()
}

fn patch_of(form: &CareerForm) -> Result<CareerPatch, ValidationError> {
    let day = |field: &str, v: &Option<String>| text(v).map(|d| parse_date(field, &d)).transpose();
    Ok(CareerPatch {
        resume_updated_on: day("resume-updated", &form.resume_updated)?,
        linkedin_updated_on: day("linkedin-updated", &form.linkedin_updated)?,
        connections: count("connections", &form.connections)?,
        connections_target: count("target", &form.target)?,
    })
}

/// `POST /career`: records the dates and counts given; blank fields stay as they are.
pub async fn update(AsOwner(state): AsOwner, headers: HeaderMap, Form(form): Form<CareerForm>) -> PageResult<Response> {
    let result = match patch_of(&form) {
        Ok(p) => state.store().set_career(p, state.today()).await.map_err(WebError::from),
        Err(e) => Err(WebError::Invalid(e)),
    };
    match result {
        Ok(()) => Ok(done("/career", "Career record saved.")),
        Err(WebError::Invalid(v)) => {
            let page = render(&state, &headers, form, AccomplishmentForm::default(), (Some(message(&v)), None)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /career/accomplishments`.
pub async fn add(
    AsOwner(state): AsOwner,
    headers: HeaderMap,
    Form(form): Form<AccomplishmentForm>,
) -> PageResult<Response> {
    let today = state.today();
    let new = match text(&form.on).map(|d| parse_date("on", &d)).transpose() {
        Ok(on) => Ok(NewAccomplishment {
            title: form.title.clone().unwrap_or_default(),
            on: on.unwrap_or(today),
            outcome: text(&form.outcome),
            link: text(&form.link),
        }),
        Err(e) => Err(WebError::Invalid(e)),
    };
    let result = match new {
        Ok(a) => state.store().add_accomplishment(a, today).await.map_err(WebError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => Ok(done("/career", format!("Accomplishment #{id} logged."))),
        Err(WebError::Invalid(v)) => {
            let page = render(&state, &headers, CareerForm::default(), form, (None, Some(message(&v)))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /career/accomplishments/{id}/remove`.
pub async fn remove(AsOwner(state): AsOwner, Path(id): Path<i64>) -> PageResult<Response> {
    state.store().remove_accomplishment(id).await?;
    Ok(done("/career", format!("Accomplishment #{id} removed.")))
}

/// `GET /career/brag.md`: the brag document as a Markdown file.
pub async fn brag(AsOwner(state): AsOwner) -> PageResult<Response> {
    let items = state.store().accomplishments(None).await?;
    let doc = brag_document(&items, None);
    Ok(download("brag.md", "text/markdown; charset=utf-8", doc.into_bytes()))
}
