//! `/api/v1/events`: events attended, with the people there and the people met.

use crate::state::AsOwner;
use axum::{Json, response::Response};
use chrono::NaiveDate;
use kith_core::{Event, EventKind, InteractionKind, NewEvent, OrgId, event::MetPerson};
use kith_store::EventFilter;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Id, Params, created};
use crate::{
    error::{ApiErrorBody, ApiResult},
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, add)).routes(routes!(show))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only events at this organization (its id).
    org: Option<OrgId>,
    /// Only events on or after this day.
    since: Option<NaiveDate>,
}

/// Events, newest first, with who was there.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(ListParams),
    responses((status = 200, body = Vec<Event>), (status = 422, body = ApiErrorBody)))]
async fn list(AsOwner(state): AsOwner, Params(p): Params<ListParams>) -> ApiResult<Json<Vec<Event>>> {
    Ok(Json(state.store().events(&EventFilter { org: p.org, since: p.since, limit: None }).await?))
}

/// One event.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", params(("id" = i64, Path)),
    responses((status = 200, body = Event), (status = 404, body = ApiErrorBody)))]
async fn show(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<Event>> {
    Ok(Json(state.store().event(id).await?))
}

/// An event attended: the people met are created as contacts.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEventBody {
    title: String,
    kind: EventKind,
    /// Default: today.
    on: Option<NaiveDate>,
    /// The organization's name; it must exist.
    org: Option<String>,
    minutes: Option<u32>,
    note: Option<String>,
    /// Contacts already known who were there, by id.
    #[serde(default)]
    with: Vec<i64>,
    /// People met for the first time.
    #[serde(default)]
    met: Vec<MetPerson>,
}

/// Records an event in one transaction; a missing contact or organization writes nothing.
#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = NewEventBody,
    responses((status = 201, body = Event), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn add(AsOwner(state): AsOwner, Body(b): Body<NewEventBody>) -> ApiResult<Response> {
    let today = state.today();
    // A person met is checked as if typed: a name, and an address if given.
    let met = b
        .met
        .iter()
        .map(|p| match &p.email {
            Some(e) => MetPerson::parse("met", &format!("{} <{e}>", p.name)),
            None => MetPerson::parse("met", &p.name),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let event = NewEvent {
        title: b.title,
        kind: b.kind,
        on: b.on.unwrap_or(today),
        org: b.org,
        minutes: b.minutes,
        note: b.note,
        with: b.with,
        met,
    };
    let weight = state.settings().weights.of(InteractionKind::Event);
    let id = state.store().add_event(event, today, weight).await?;
    Ok(created(state.store().event(id).await?))
}
