//! `/api/v1/sources` and `/api/v1/suggestions`: the mailboxes and calendars followed, a sync on
//! demand, and the people seen on them who are not contacts (the same as `kith source` and
//! `kith sync`). Sources are added from the command line or the web page, where a password can
//! be typed without landing in a script.

use crate::state::AsOwner;
use axum::Json;
use kith_app::sources::{self, SourceView, SyncReport, suggestions};
use kith_core::ValidationError;
use kith_store::{StoreError, Suggestion};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Id, Params};
use crate::{
    error::{ApiErrorBody, ApiResult},
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(sync))
        .routes(routes!(suggested))
        .routes(routes!(add))
        .routes(routes!(dismiss))
}

/// The sources, by name, with how their last sync went.
#[utoipa::path(get, path = "/api/v1/sources", tag = "sources",
    responses((status = 200, body = Vec<SourceView>)))]
async fn list(AsOwner(state): AsOwner) -> ApiResult<Json<Vec<SourceView>>> {
    Ok(Json(sources::view::list(state.store()).await?))
}

/// Syncs one source now and reports what it did; a failure is in `error`, in the server's words.
#[utoipa::path(post, path = "/api/v1/sources/{id}/sync", tag = "sources", params(("id" = i64, Path)),
    responses((status = 200, body = SyncReport), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn sync(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<SyncReport>> {
    let source = sources::view::by_id(state.store(), id).await?;
    let Some(task) = state.start_sync(source) else {
        return Err(ValidationError::new("id", id.to_string(), "this server follows no sources (the demo)").into());
    };
    let report =
        task.await.map_err(|e| StoreError::Unavailable { location: "sync".into(), detail: e.to_string() })??;
    Ok(Json(report))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestionsParams {
    /// At most this many (default 30, at most 500).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u32>,
}

/// People written to at least twice, or met, who are not contacts: most often and most recently
/// first.
#[utoipa::path(get, path = "/api/v1/suggestions", tag = "sources", params(SuggestionsParams),
    responses((status = 200, body = Vec<Suggestion>), (status = 422, body = ApiErrorBody)))]
async fn suggested(AsOwner(state): AsOwner, Params(p): Params<SuggestionsParams>) -> ApiResult<Json<Vec<Suggestion>>> {
    let limit = p.limit.unwrap_or(30);
    if limit == 0 || limit > 500 {
        return Err(ValidationError::new("limit", limit.to_string(), "must be from 1 to 500").into());
    }
    Ok(Json(suggestions::list(state.store(), state.today(), limit as usize).await?))
}

/// A suggested person, by address.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressBody {
    address: String,
}

/// The contact a suggestion became.
#[derive(Debug, Serialize, ToSchema)]
pub struct Added {
    id: i64,
}

/// Adds a suggested person as a contact waiting in the triage (unsorted).
#[utoipa::path(post, path = "/api/v1/suggestions/add", tag = "sources", request_body = AddressBody,
    responses((status = 200, body = Added), (status = 422, body = ApiErrorBody)))]
async fn add(AsOwner(state): AsOwner, Body(b): Body<AddressBody>) -> ApiResult<Json<Added>> {
    let weights = state.settings().weights;
    let id = suggestions::add(state.store(), &b.address, state.today(), weights).await?;
    Ok(Json(Added { id }))
}

/// Never suggests the address again.
#[utoipa::path(post, path = "/api/v1/suggestions/dismiss", tag = "sources", request_body = AddressBody,
    responses((status = 204), (status = 422, body = ApiErrorBody)))]
async fn dismiss(AsOwner(state): AsOwner, Body(b): Body<AddressBody>) -> ApiResult<axum::http::StatusCode> {
    suggestions::dismiss(state.store(), &b.address).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
