//! The introduction finder's page: a search box for an organization or a person, the paths found
//! with their explanations, and a button that drafts the ask to the person in between.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    extract::Query,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use kith_app::intros::{self, DEFAULT_PATHS, IntroQuery, Intros};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done, found_or_said},
        forms::text,
    },
    state::AppState,
};

/// What the search box asks: an organization (`org`) or a person (`who`, as the CLI names people).
#[derive(Debug, Default, Deserialize)]
pub struct IntroSearch {
    pub org: Option<String>,
    pub who: Option<String>,
}

/// The "Draft the ask" button: the search it came from and the path's two people.
#[derive(Debug, Deserialize)]
pub struct AskForm {
    pub org: Option<String>,
    pub who: Option<String>,
    pub target: i64,
    pub via: i64,
}

#[derive(Template)]
#[template(path = "intros.html")]
struct IntrosPage {
    chrome: Chrome,
    org: String,
    who: String,
    found: Option<Intros>,
    /// "Reaching 12 people at Globex", "Reaching Alan Turing".
    heading: String,
    error: Option<String>,
}

async fn query_of(
    state: &AppState,
    org: &Option<String>,
    who: &Option<String>,
) -> Result<Option<IntroQuery>, WebError> {
    Ok(match (text(org), text(who)) {
        (Some(org), _) => Some(IntroQuery::Org(org)),
        (None, Some(who)) => Some(IntroQuery::Person(state.store().resolve(&who).await?)),
        (None, None) => None,
    })
}

/// `GET /intros?org=…` or `?who=…`.
pub async fn page(AsOwner(state): AsOwner, headers: HeaderMap, Query(q): Query<IntroSearch>) -> PageResult<Response> {
    let attempt = async {
        match query_of(&state, &q.org, &q.who).await? {
            Some(query) => Ok(Some(intros::find(state.store(), &query, state.today(), DEFAULT_PATHS).await?)),
            None => Ok::<_, WebError>(None),
        }
    };
    let (found, error, status) = found_or_said(attempt.await)?;
    let found = found.flatten();
    let heading = match &found {
        Some(Intros { org: Some(org), targets, .. }) => {
            format!("Reaching {targets} {} at {org}", if *targets == 1 { "person" } else { "people" })
        }
        Some(f) => {
            format!("Reaching {}", f.direct.iter().chain(&f.paths).next().map_or("them", |p| p.target_name.as_str()))
        }
        None => String::new(),
    };
    let view = IntrosPage {
        heading,
        chrome: Chrome::new(&state, &headers, "Introductions", "intros"),
        org: text(&q.org).unwrap_or_default(),
        who: text(&q.who).unwrap_or_default(),
        found,
        error,
    };
    Ok((status, Page::render(&view, &view.chrome)?).into_response())
}

/// `POST /intros/ask`: drafts the ask to the person in between as a campaign, and opens it.
pub async fn ask(AsOwner(state): AsOwner, Form(form): Form<AskForm>) -> PageResult<Response> {
    let query = query_of(&state, &form.org, &form.who)
        .await?
        .ok_or_else(|| WebError::Invalid(kith_core::ValidationError::new("org", "", "search for someone first")))?;
    let found = intros::find(state.store(), &query, state.today(), usize::MAX).await?;
    let path = found
        .paths
        .iter()
        .find(|p| p.target == form.target && p.via.as_ref().is_some_and(|v| v.id == form.via))
        .ok_or_else(|| WebError::NotFound("that path is no longer there: search again".to_string()))?;
    let id = intros::draft_ask(state.store(), path, state.today()).await?;
    let via = path.via.as_ref().map_or("", |v| v.name.as_str());
    Ok(done(&format!("/campaigns/{id}"), format!("Drafted the ask to {via}: read it, then send it from here.")))
}
