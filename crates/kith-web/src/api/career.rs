//! `/api/v1/career` and `/api/v1/signals`: career readiness, accomplishments and market signals.

use crate::state::AsOwner;
use axum::{Json, response::Response};
use chrono::NaiveDate;
use kith_app::career::{CareerPage, CareerView, page, status};
use kith_core::{
    career::{Accomplishment, CareerPatch, NewAccomplishment},
    signal::{NewSignal, Signal, SignalFilter, SignalKind},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Id, Params, created};
use crate::{
    error::{ApiErrorBody, ApiResult},
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(show, update))
        .routes(routes!(add_accomplishment))
        .routes(routes!(remove_accomplishment))
        .routes(routes!(signals, add_signal))
        .routes(routes!(remove_signal))
}

/// The career status (score, parts, next actions) and every accomplishment, newest first.
#[utoipa::path(get, path = "/api/v1/career", tag = "career",
    responses((status = 200, body = CareerPage)))]
async fn show(AsOwner(state): AsOwner) -> ApiResult<Json<CareerPage>> {
    Ok(Json(page(state.store(), state.today()).await?))
}

/// The career figures to change; fields left out stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CareerPatchBody {
    resume_updated_on: Option<NaiveDate>,
    linkedin_updated_on: Option<NaiveDate>,
    /// Replaces the count of the latest LinkedIn import (the newest write wins).
    connections: Option<u32>,
    /// 1 to 1000000.
    connections_target: Option<u32>,
}

/// Changes the career record.
#[utoipa::path(patch, path = "/api/v1/career", tag = "career", request_body = CareerPatchBody,
    responses((status = 200, body = CareerView), (status = 422, body = ApiErrorBody)))]
async fn update(AsOwner(state): AsOwner, Body(b): Body<CareerPatchBody>) -> ApiResult<Json<CareerView>> {
    let patch = CareerPatch {
        resume_updated_on: b.resume_updated_on,
        linkedin_updated_on: b.linkedin_updated_on,
        connections: b.connections,
        connections_target: b.connections_target,
    };
    state.store().set_career(patch, state.today()).await?;
    Ok(Json(status(state.store(), state.today()).await?))
}

/// An accomplishment to log.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccomplishmentBody {
    title: String,
    /// Today when left out.
    on: Option<NaiveDate>,
    outcome: Option<String>,
    /// An http or https address.
    link: Option<String>,
}

/// Logs an accomplishment.
#[utoipa::path(post, path = "/api/v1/career/accomplishments", tag = "career", request_body = NewAccomplishmentBody,
    responses((status = 201, body = Accomplishment), (status = 422, body = ApiErrorBody)))]
async fn add_accomplishment(AsOwner(state): AsOwner, Body(b): Body<NewAccomplishmentBody>) -> ApiResult<Response> {
    let today = state.today();
    let new = NewAccomplishment { title: b.title, on: b.on.unwrap_or(today), outcome: b.outcome, link: b.link }
        .validate(today)?;
    let id = state.store().add_accomplishment(new.clone(), today).await?;
    Ok(created(Accomplishment { id, title: new.title, on: new.on, outcome: new.outcome, link: new.link }))
}

/// What was removed.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemovedItem {
    id: i64,
    removed: bool,
}

/// Removes an accomplishment.
#[utoipa::path(delete, path = "/api/v1/career/accomplishments/{id}", tag = "career", params(("id" = i64, Path)),
    responses((status = 200, body = RemovedItem), (status = 404, body = ApiErrorBody)))]
async fn remove_accomplishment(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<RemovedItem>> {
    state.store().remove_accomplishment(id).await?;
    Ok(Json(RemovedItem { id, removed: true }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SignalParams {
    /// Only this organization's (by name, case-insensitive).
    org: Option<String>,
    /// hiring, layoffs, reorganization, funding or other.
    kind: Option<String>,
    /// Only those heard on or after this day.
    since: Option<NaiveDate>,
}

/// Market signals, newest first.
#[utoipa::path(get, path = "/api/v1/signals", tag = "signals", params(SignalParams),
    responses((status = 200, body = Vec<Signal>), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn signals(AsOwner(state): AsOwner, Params(p): Params<SignalParams>) -> ApiResult<Json<Vec<Signal>>> {
    let filter = SignalFilter {
        org_name: p.org,
        kind: p.kind.as_deref().map(str::parse::<SignalKind>).transpose()?,
        since: p.since,
        ..Default::default()
    };
    Ok(Json(state.store().signals(&filter).await?))
}

/// News heard about an organization (`org`) or a field (`field`), not both.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSignalBody {
    /// The organization's name (created if new).
    org: Option<String>,
    field: Option<String>,
    kind: SignalKind,
    /// Today when left out.
    on: Option<NaiveDate>,
    /// The contact who told you.
    from_id: Option<i64>,
    note: Option<String>,
}

/// Records a market signal.
#[utoipa::path(post, path = "/api/v1/signals", tag = "signals", request_body = NewSignalBody,
    responses((status = 201, body = Signal), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn add_signal(AsOwner(state): AsOwner, Body(b): Body<NewSignalBody>) -> ApiResult<Response> {
    let today = state.today();
    let on = b.on.unwrap_or(today);
    let new = NewSignal { org: b.org, field: b.field, kind: b.kind, on, from: b.from_id, note: b.note };
    let id = state.store().add_signal(new, today).await?;
    let stored = state.store().signals(&SignalFilter { since: Some(on), ..Default::default() }).await?;
    let signal =
        stored.into_iter().find(|s| s.id == id).ok_or_else(|| kith_store::StoreError::not_found("signal", id))?;
    Ok(created(signal))
}

/// Removes a signal.
#[utoipa::path(delete, path = "/api/v1/signals/{id}", tag = "signals", params(("id" = i64, Path)),
    responses((status = 200, body = RemovedItem), (status = 404, body = ApiErrorBody)))]
async fn remove_signal(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<RemovedItem>> {
    state.store().remove_signal(id).await?;
    Ok(Json(RemovedItem { id, removed: true }))
}
