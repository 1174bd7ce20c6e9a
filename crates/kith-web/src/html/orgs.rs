//! Organizations: employers, associations, groups, schools and classes, with the people at each.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    extract::Path,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use kith_app::events::org_page;
use kith_core::{
    Event, OrgKind, Organization, Role,
    date::parse_date,
    event::MonthCount,
    org::{Member, OwnMembership, Tenure},
};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        forms::text,
    },
};

#[derive(Template)]
#[template(path = "orgs.html")]
struct OrgsPage {
    chrome: Chrome,
    orgs: Vec<Organization>,
    kinds: Vec<&'static str>,
}

/// `GET /orgs`.
pub async fn list(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
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
pub async fn create(AsOwner(state): AsOwner, Form(form): Form<NewOrgForm>) -> PageResult<Response> {
    let name = form.name.unwrap_or_default();
    let kind: OrgKind = text(&form.kind).unwrap_or_else(|| "other".into()).parse().map_err(WebError::Invalid)?;
    let id = state.store().add_org(&name, kind).await?;
    Ok(done(&format!("/orgs/{id}"), format!("Added {} ({kind}).", name.trim())))
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgView {
    chrome: Chrome,
    org: Organization,
    members: Vec<Member>,
    my_roles: Vec<OwnMembership>,
    events: Vec<Event>,
    per_month: Vec<MonthCount>,
    /// Events in the last twelve months.
    year_total: u32,
    roles: Vec<&'static str>,
    /// Market signals about the organization, newest first.
    signals: Vec<kith_core::signal::Signal>,
}

/// `GET /orgs/{id}`: kind, people with their roles, the user's own roles, the events there and
/// how many a month.
pub async fn page(AsOwner(state): AsOwner, Path(id): Path<i64>, headers: HeaderMap) -> PageResult<Response> {
    let p = org_page(state.store(), id, state.today()).await?;
    let view = OrgView {
        chrome: Chrome::new(&state, &headers, p.org.name.clone(), "orgs"),
        year_total: p.per_month.iter().map(|m| m.events).sum(),
        org: p.org,
        members: p.members,
        my_roles: p.my_roles,
        events: p.events,
        per_month: p.per_month,
        signals: state
            .store()
            .signals(&kith_core::signal::SignalFilter { org: Some(id), ..Default::default() })
            .await?,
        roles: Role::ALL.iter().map(|r| r.as_str()).collect(),
    };
    Ok(Page::render(&view, &view.chrome)?.into_response())
}

#[derive(Debug, Deserialize)]
pub struct JoinForm {
    pub who: Option<String>,
    pub role: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

/// Reads the optional role dates of a form.
fn tenure(since: &Option<String>, until: &Option<String>) -> Result<Tenure, WebError> {
    let since = text(since).map(|d| parse_date("since", &d)).transpose()?;
    let until = text(until).map(|d| parse_date("until", &d)).transpose()?;
    Ok(Tenure { since, until }.validate()?)
}

#[derive(Debug, Deserialize)]
pub struct MineForm {
    pub role: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

/// `POST /orgs/{id}/mine`: records the user's own role there.
pub async fn mine(AsOwner(state): AsOwner, Path(id): Path<i64>, Form(form): Form<MineForm>) -> PageResult<Response> {
    let org = state.store().org(id).await?;
    let role: Role = text(&form.role).unwrap_or_else(|| "member".into()).parse().map_err(WebError::Invalid)?;
    let tenure = tenure(&form.since, &form.until)?;
    state.store().set_own_membership(&org.name, role, tenure).await?;
    Ok(done(&format!("/orgs/{id}"), format!("You are now {role} at {}.", org.name)))
}

/// `POST /orgs/{id}/members`: records someone's role there.
pub async fn join(AsOwner(state): AsOwner, Path(id): Path<i64>, Form(form): Form<JoinForm>) -> PageResult<Response> {
    let org = state.store().org(id).await?;
    let who = text(&form.who)
        .ok_or_else(|| WebError::Invalid(kith_core::ValidationError::new("who", "", "name the person to add")))?;
    let role: Role = text(&form.role).unwrap_or_else(|| "member".into()).parse().map_err(WebError::Invalid)?;
    let tenure = tenure(&form.since, &form.until)?;
    let contact = state.store().resolve(&who).await?;
    state.store().join_org(contact, &org.name, role, tenure).await?;
    let c = state.store().contact(contact).await?;
    Ok(done(&format!("/orgs/{id}"), format!("{} is now {role} at {}.", c.name, org.name)))
}
