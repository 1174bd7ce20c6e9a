//! `/api/v1/followups`: dated promises.

use crate::state::AsOwner;
use axum::{Json, response::Response};
use chrono::NaiveDate;
use kith_app::followup::FollowUpAsk;
use kith_app::views::FollowUpView;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Id, Params, created};
use crate::{
    error::{ApiErrorBody, ApiResult},
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, add)).routes(routes!(done))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Include the ones already done.
    all: Option<bool>,
}

/// Follow-ups by due date.
#[utoipa::path(get, path = "/api/v1/followups", tag = "followups", params(ListParams),
    responses((status = 200, body = Vec<FollowUpView>), (status = 422, body = ApiErrorBody)))]
async fn list(AsOwner(state): AsOwner, Params(p): Params<ListParams>) -> ApiResult<Json<Vec<FollowUpView>>> {
    let list = state.store().followups(p.all.unwrap_or(false)).await?;
    Ok(Json(list.iter().map(FollowUpView::from).collect()))
}

/// A promise: on a date, or in a span from today.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFollowUpBody {
    contact_id: i64,
    on: Option<NaiveDate>,
    /// `3d`, `2w`, `6m`, `1y`.
    #[serde(rename = "in")]
    in_: Option<String>,
    note: Option<String>,
}

/// Adds a follow-up.
#[utoipa::path(post, path = "/api/v1/followups", tag = "followups", request_body = NewFollowUpBody,
    responses((status = 201, body = FollowUpView), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn add(AsOwner(state): AsOwner, Body(b): Body<NewFollowUpBody>) -> ApiResult<Response> {
    let today = state.today();
    let ask = FollowUpAsk { on: b.on.map(|d| d.to_string()), span: b.in_, note: b.note };
    let (due_on, note) = (ask.due_on(today)?, ask.note()?);
    let id = state.store().add_followup(b.contact_id, due_on, note, today).await?;
    let f = state.store().followups_of(b.contact_id, false).await?.into_iter().find(|f| f.id == id);
    match f {
        Some(f) => Ok(created(FollowUpView::from(&f))),
        None => Err(crate::error::WebError::Internal(format!("follow-up {id} vanished")).into()),
    }
}

/// Marks a follow-up done (today).
#[utoipa::path(post, path = "/api/v1/followups/{id}/done", tag = "followups", params(("id" = i64, Path)),
    responses((status = 200, body = FollowUpView), (status = 404, body = ApiErrorBody)))]
async fn done(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<FollowUpView>> {
    state.store().complete_followup(id, state.today()).await?;
    let f = state.store().followups(true).await?.into_iter().find(|f| f.id == id);
    f.map(|f| Json(FollowUpView::from(&f)))
        .ok_or_else(|| crate::error::WebError::NotFound(format!("follow-up {id} not found")).into())
}
