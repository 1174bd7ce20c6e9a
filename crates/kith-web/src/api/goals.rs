//! `/api/v1/goals`: habit goals with this period's progress and their streaks.

use crate::state::AsOwner;
use axum::{Json, response::Response};
use kith_app::goals::{GoalProgressView, progress, progress_of};
use kith_core::goal::{Goal, Measure, Period};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Id, created};
use crate::{
    error::{ApiErrorBody, ApiResult},
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, add)).routes(routes!(show, update, remove))
}

/// Every goal with its progress today (the first read stores the default goals).
#[utoipa::path(get, path = "/api/v1/goals", tag = "goals",
    responses((status = 200, body = Vec<GoalProgressView>)))]
async fn list(AsOwner(state): AsOwner) -> ApiResult<Json<Vec<GoalProgressView>>> {
    Ok(Json(progress(state.store(), state.today(), state.settings().week_start_day()).await?))
}

/// A new goal: at least `target` of `measure` every `period`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGoalBody {
    /// Interaction kinds joined by `+` (`lunch+coffee`), or `touches`, `new-people`,
    /// `reconnections`, `events`, `minutes`.
    measure: String,
    /// `week` (ISO, Monday to Sunday) or `month`; a week when left out.
    period: Option<String>,
    /// 1 to 100000.
    target: u32,
}

/// Adds a goal.
#[utoipa::path(post, path = "/api/v1/goals", tag = "goals", request_body = NewGoalBody,
    responses((status = 201, body = GoalProgressView), (status = 422, body = ApiErrorBody)))]
async fn add(AsOwner(state): AsOwner, Body(b): Body<NewGoalBody>) -> ApiResult<Response> {
    let measure = Measure::parse("measure", &b.measure)?;
    let period: Period = match b.period {
        Some(p) => p
            .parse()
            .map_err(|e: kith_core::ValidationError| kith_core::ValidationError { field: "period".into(), ..e })?,
        None => Period::Week,
    };
    let id = state.store().add_goal(Goal { measure, period, target: b.target }).await?;
    Ok(created(progress_of(state.store(), id, state.today(), state.settings().week_start_day()).await?))
}

/// One goal with its progress today.
#[utoipa::path(get, path = "/api/v1/goals/{id}", tag = "goals", params(("id" = i64, Path)),
    responses((status = 200, body = GoalProgressView), (status = 404, body = ApiErrorBody)))]
async fn show(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<GoalProgressView>> {
    Ok(Json(progress_of(state.store(), id, state.today(), state.settings().week_start_day()).await?))
}

/// A goal's new target.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalPatchBody {
    /// 1 to 100000.
    target: u32,
}

/// Changes a goal's target.
#[utoipa::path(patch, path = "/api/v1/goals/{id}", tag = "goals", params(("id" = i64, Path)), request_body = GoalPatchBody,
    responses((status = 200, body = GoalProgressView), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn update(
    AsOwner(state): AsOwner,
    Id(id): Id<i64>,
    Body(b): Body<GoalPatchBody>,
) -> ApiResult<Json<GoalProgressView>> {
    state.store().set_goal_target(id, b.target).await?;
    Ok(Json(progress_of(state.store(), id, state.today(), state.settings().week_start_day()).await?))
}

/// What was removed.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemovedView {
    id: i64,
    removed: bool,
}

/// Removes a goal.
#[utoipa::path(delete, path = "/api/v1/goals/{id}", tag = "goals", params(("id" = i64, Path)),
    responses((status = 200, body = RemovedView), (status = 404, body = ApiErrorBody)))]
async fn remove(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<RemovedView>> {
    state.store().remove_goal(id).await?;
    Ok(Json(RemovedView { id, removed: true }))
}
