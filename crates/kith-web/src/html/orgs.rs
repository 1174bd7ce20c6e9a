//! Organizations: employers, associations, groups, schools and classes, with the people at each.

use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use kith_core::{OrgKind, Organization, Role, org::Member};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        forms::text,
    },
    state::AppState,
};

#[derive(Template)]
#[template(path = "orgs.html")]
struct OrgsPage {
    chrome: Chrome,
    orgs: Vec<Organization>,
    kinds: Vec<&'static str>,
}

/// `GET /orgs`.
pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> PageResult<Response> {
    let view = OrgsPage {
        chrome: Chrome::new(&state, &headers, "Organizations", "orgs"),
        orgs: state.store().orgs().await?,
        kinds: OrgKind::ALL.iter().map(|k| k.as_str()).collect(),
    };
    Ok(Page::render(&view, &view.chrome)?.into_response())
}

#[derive(Debug, Deserialize)]
pub struct NewOrgForm {
    pub name: Option<String>,
    pub kind: Option<String>,
}

/// `POST /orgs`.
pub async fn create(State(state): State<AppState>, Form(form): Form<NewOrgForm>) -> PageResult<Response> {
    let name = form.name.unwrap_or_default();
    let kind: OrgKind = text(&form.kind).unwrap_or_else(|| "other".into()).parse().map_err(WebError::Invalid)?;
    let id = state.store().add_org(&name, kind).await?;
    Ok(done(&format!("/orgs/{id}"), format!("Added {} ({kind}).", name.trim())))
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    chrome: Chrome,
    org: Organization,
    members: Vec<Member>,
    roles: Vec<&'static str>,
}

/// `GET /orgs/{id}`.
pub async fn page(State(state): State<AppState>, Path(id): Path<i64>, headers: HeaderMap) -> PageResult<Response> {
    let org = state.store().org(id).await?;
    let view = OrgPage {
        chrome: Chrome::new(&state, &headers, org.name.clone(), "orgs"),
        members: state.store().org_members(id).await?,
        org,
        roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
    };
    Ok(Page::render(&view, &view.chrome)?.into_response())
}

#[derive(Debug, Deserialize)]
pub struct JoinForm {
    pub who: Option<String>,
    pub role: Option<String>,
}

/// `POST /orgs/{id}/members`: records someone's role there.
pub async fn join(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<JoinForm>,
) -> PageResult<Response> {
    let org = state.store().org(id).await?;
    let who = text(&form.who)
        .ok_or_else(|| WebError::Invalid(kith_core::ValidationError::new("who", "", "name the person to add")))?;
    let role: Role = text(&form.role).unwrap_or_else(|| "member".into()).parse().map_err(WebError::Invalid)?;
    let contact = state.store().resolve(&who).await?;
    state.store().join_org(contact, &org.name, role, Default::default()).await?;
    let c = state.store().contact(contact).await?;
    Ok(done(&format!("/orgs/{id}"), format!("{} is now {role} at {}.", c.name, org.name)))
}
