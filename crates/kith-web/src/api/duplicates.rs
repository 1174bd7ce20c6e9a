//! `/api/v1/duplicates` and `/api/v1/contacts/{id}/merge`: pairs that may be one person, and
//! merging them (the rules are kith-app's, the same as `kith merge`).

use crate::state::AsOwner;
use std::collections::BTreeMap;

use axum::Json;
use kith_app::duplicates::{self, MergeOutcome};
use kith_core::{ValidationError, duplicate::Keep};
use kith_store::{DuplicatePair, LastMerge, StoreError, UndoneMerge};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Id, Params};
use crate::{
    error::{ApiErrorBody, ApiResult},
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(merge)).routes(routes!(last)).routes(routes!(undo))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DuplicatesParams {
    /// At most this many pairs (default 50, at most 500).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u32>,
}

/// Pairs of contacts that may be the same person: the same LinkedIn profile or phone, or the same
/// name and organization or work e-mail domain. Strongest reason first; the older entry first.
#[utoipa::path(get, path = "/api/v1/duplicates", tag = "contacts", params(DuplicatesParams),
    responses((status = 200, body = Vec<DuplicatePair>), (status = 422, body = ApiErrorBody)))]
async fn list(AsOwner(state): AsOwner, Params(p): Params<DuplicatesParams>) -> ApiResult<Json<Vec<DuplicatePair>>> {
    let limit = p.limit.unwrap_or(50);
    if limit == 0 || limit > 500 {
        return Err(ValidationError::new("limit", limit.to_string(), "must be from 1 to 500").into());
    }
    Ok(Json(state.store().possible_duplicates(limit).await?))
}

/// The contact to merge into this one, and the side kept where they differ.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    /// The contact merged into this one and removed.
    with: i64,
    /// Field → `first` (this contact) or `second` (`with`); notes also `both`. Fields: name, org,
    /// title, location, circle, cadence, met_at, met_on, linkedin, website, birthday, notes.
    #[serde(default)]
    keep: BTreeMap<String, String>,
}

/// Merges contact `with` into this one, in one transaction: every touch, follow-up, event,
/// membership, favor, tag and kept vCard property of both is kept here; `with` is removed.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/merge", tag = "contacts", params(("id" = i64, Path)),
    request_body = MergeBody,
    responses((status = 200, body = MergeOutcome), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn merge(AsOwner(state): AsOwner, Id(id): Id<i64>, Body(b): Body<MergeBody>) -> ApiResult<Json<MergeOutcome>> {
    if b.with == id {
        let msg = "is this contact itself: name another contact to merge into it";
        return Err(ValidationError::new("with", b.with.to_string(), msg).into());
    }
    let keep = b
        .keep
        .iter()
        .map(|(field, side)| Keep::parse("keep", &format!("{field}={side}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(duplicates::merge(state.store(), id, b.with, &keep).await?))
}

/// The last merge, while it can be undone (the kept contact has not changed since); 404 otherwise.
#[utoipa::path(get, path = "/api/v1/merges/last", tag = "contacts",
    responses((status = 200, body = LastMerge), (status = 404, body = ApiErrorBody)))]
async fn last(AsOwner(state): AsOwner) -> ApiResult<Json<LastMerge>> {
    let last = state.store().last_merge().await?;
    Ok(Json(last.ok_or_else(|| StoreError::not_found("merge to undo", "the last one"))?))
}

/// Undoes the last merge: both contacts as they were, the one merged away back under a new id.
/// Refused (422) once the kept contact has changed since.
#[utoipa::path(post, path = "/api/v1/merges/undo", tag = "contacts",
    responses((status = 200, body = UndoneMerge), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn undo(AsOwner(state): AsOwner) -> ApiResult<Json<UndoneMerge>> {
    Ok(Json(duplicates::undo(state.store(), state.today()).await?.0))
}
