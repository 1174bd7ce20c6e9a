//! `/api/v1/intros`: whom the user can reach at an organization or one person, and the ask to
//! the person in between, drafted as a campaign.

use crate::state::AsOwner;
use axum::{Json, response::Response};
use kith_app::intros::{self, DEFAULT_PATHS, IntroQuery, Intros};
use kith_core::ValidationError;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Params, created};
use crate::{
    error::{ApiErrorBody, ApiResult, WebError},
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(find)).routes(routes!(ask))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IntroParams {
    /// An organization, by name (case-insensitive); an unknown one is answered with the nearest names.
    org: Option<String>,
    /// Or one person, by contact id.
    contact: Option<i64>,
    /// How many paths (10 by default).
    limit: Option<usize>,
}

fn query_of(org: Option<String>, contact: Option<i64>) -> Result<IntroQuery, WebError> {
    match (org, contact) {
        (Some(org), None) => Ok(IntroQuery::Org(org)),
        (None, Some(id)) => Ok(IntroQuery::Person(id)),
        _ => Err(WebError::Invalid(ValidationError::new(
            "org",
            "",
            "give an organization (org) or a contact id (contact), one of them",
        ))),
    }
}

/// The ways to reach the people at an organization (or one person), the best first, each
/// explained: directly, or through someone the user knows.
#[utoipa::path(get, path = "/api/v1/intros", tag = "intros", params(IntroParams),
    responses((status = 200, body = Intros), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn find(AsOwner(state): AsOwner, Params(p): Params<IntroParams>) -> ApiResult<Json<Intros>> {
    let query = query_of(p.org, p.contact)?;
    let limit = p.limit.unwrap_or(DEFAULT_PATHS).clamp(1, 100);
    Ok(Json(intros::find(state.store(), &query, state.today(), limit).await?))
}

/// Drafts the ask: `target` through `via`, one of the paths of the same search.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskBody {
    org: Option<String>,
    contact: Option<i64>,
    target: i64,
    via: i64,
}

/// A drafted ask: the campaign that holds it.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct Asked {
    pub campaign: i64,
}

/// Drafts the ask to the person in between as a campaign message naming the target (read,
/// sent and followed as any campaign's).
#[utoipa::path(post, path = "/api/v1/intros/ask", tag = "intros", request_body = AskBody,
    responses((status = 201, body = Asked), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn ask(AsOwner(state): AsOwner, Body(b): Body<AskBody>) -> ApiResult<Response> {
    let query = query_of(b.org, b.contact)?;
    let found = intros::find(state.store(), &query, state.today(), usize::MAX).await?;
    let path = found
        .paths
        .iter()
        .find(|p| p.target == b.target && p.via.as_ref().is_some_and(|v| v.id == b.via))
        .ok_or_else(|| WebError::NotFound(format!("no path to {} through {} in that search", b.target, b.via)))?;
    let campaign = intros::draft_ask(state.store(), path, state.today()).await?;
    Ok(created(Asked { campaign }))
}
