//! `/api/v1/due`, `/api/v1/plan`, `/api/v1/health`: the answers kith exists for.

use crate::state::AsOwner;
use axum::Json;
use kith_app::{settings::check_plan_size, views::DueView};
use kith_core::{ValidationError, health::Health, plan::Plan};
use kith_store::reports;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Params;
use crate::{
    error::{ApiErrorBody, ApiResult},
    reports::Reader,
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(due)).routes(routes!(plan)).routes(routes!(health))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DueParams {
    /// Look this many days ahead (default 0: due today or earlier; at most 3650).
    #[param(maximum = 3650)]
    within: Option<u32>,
    limit: Option<u32>,
}

/// The due list: promises first, then contacts by how many cadences overdue.
#[utoipa::path(get, path = "/api/v1/due", tag = "reports", params(DueParams),
    responses((status = 200, body = Vec<DueView>), (status = 422, body = ApiErrorBody)))]
async fn due(AsOwner(state): AsOwner, reader: Reader, Params(p): Params<DueParams>) -> ApiResult<Json<Vec<DueView>>> {
    let within = p.within.unwrap_or(0);
    if within > 3650 {
        return Err(ValidationError::new("within", within.to_string(), "at most 3650 days").into());
    }
    let today = state.today();
    let limit = p.limit.map_or(usize::MAX, |l| l as usize);
    let list = if within == 0 {
        // The kept order; only the lines asked for are read and worded.
        let kept = crate::reports::for_reader(&state, reader).await?;
        let refs = &kept.due[..kept.due.len().min(limit)];
        crate::html::due::lines(&state, &kept, refs).await?
    } else {
        reports::due_list(state.store(), today, within).await?
    };
    Ok(Json(list.iter().take(limit).map(DueView::from).collect()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanParams {
    /// How many people to reach out to (1–100; default from the settings).
    #[param(minimum = 1, maximum = 100)]
    size: Option<usize>,
}

/// This week's plan: reach-outs, one reconnect, nudges.
#[utoipa::path(get, path = "/api/v1/plan", tag = "reports", params(PlanParams),
    responses((status = 200, body = Plan), (status = 422, body = ApiErrorBody)))]
async fn plan(AsOwner(state): AsOwner, reader: Reader, Params(p): Params<PlanParams>) -> ApiResult<Json<Plan>> {
    let size = check_plan_size("size", p.size.unwrap_or(state.settings().plan_size))?;
    let today = state.today();
    if size == state.settings().plan_size {
        return Ok(Json(crate::reports::for_reader(&state, reader).await?.plan.clone()));
    }
    Ok(Json(reports::weekly_plan(state.store(), today, size).await?))
}

/// Network health: counts per status and circle, touches per week, who is cooling.
#[utoipa::path(get, path = "/api/v1/health", tag = "reports", responses((status = 200, body = Health)))]
async fn health(AsOwner(state): AsOwner, reader: Reader) -> ApiResult<Json<Health>> {
    Ok(Json(crate::reports::for_reader(&state, reader).await?.health.clone()))
}
