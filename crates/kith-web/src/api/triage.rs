//! `/api/v1/triage`: imported contacts waiting to be sorted into circles, and sorting them.

use crate::state::AsOwner;
use axum::Json;
use kith_app::triage::{SortReport, TriageList, list, sort};
use kith_core::{Circle, ContactId};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Params};
use crate::{
    error::{ApiErrorBody, ApiResult},
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(waiting, sort_contacts))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TriageParams {
    /// How many to return, warmest first (default 50, at most 10000).
    #[param(minimum = 0, maximum = 10000)]
    limit: Option<u32>,
}

/// Dormant contacts nobody sorted yet (imported ones), warmest and most touched first, each with
/// the circle its history suggests.
#[utoipa::path(get, path = "/api/v1/triage", tag = "contacts", params(TriageParams),
    responses((status = 200, body = TriageList), (status = 422, body = ApiErrorBody)))]
async fn waiting(AsOwner(state): AsOwner, Params(p): Params<TriageParams>) -> ApiResult<Json<TriageList>> {
    let limit = p.limit.unwrap_or(50).min(10_000) as usize;
    Ok(Json(list(state.store(), state.today(), limit).await?))
}

/// One contact and the circle it goes into.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SortItem {
    id: ContactId,
    circle: Circle,
}

/// Contacts to sort, each into its circle (`dormant` keeps one dormant and off the list).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SortBody {
    contacts: Vec<SortItem>,
}

/// Sorts waiting contacts into circles, all or none: a contact that is not waiting is refused.
#[utoipa::path(post, path = "/api/v1/triage", tag = "contacts", request_body = SortBody,
    responses((status = 200, body = SortReport), (status = 422, body = ApiErrorBody)))]
async fn sort_contacts(AsOwner(state): AsOwner, Body(b): Body<SortBody>) -> ApiResult<Json<SortReport>> {
    let sorted: Vec<(ContactId, Circle)> = b.contacts.iter().map(|c| (c.id, c.circle)).collect();
    Ok(Json(sort(state.store(), &sorted).await?))
}
