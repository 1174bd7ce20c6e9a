//! `/api/v1/relationships`: who is what to whom. A contact's relationships are listed in
//! `GET /api/v1/contacts/{id}`, read from its side.

use crate::state::AsOwner;
use axum::{http::StatusCode, response::Response};
use chrono::NaiveDate;
use kith_app::relationships::{self, RelateRequest, RelatedView};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Id, created};
use crate::{
    error::{ApiErrorBody, ApiResult, WebError},
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(add)).routes(routes!(remove))
}

/// "from is TYPE to".
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRelationshipBody {
    from: i64,
    /// introduced, introduced by, manager of, reports to, mentor of, mentee of, colleague of,
    /// former colleague of, friend of, partner of, family of, classmate of — or a type of your
    /// own with its `inverse`.
    #[serde(rename = "type")]
    kind: String,
    to: i64,
    inverse: Option<String>,
    note: Option<String>,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

/// Relates two contacts; the same relationship again adds its note and dates (200, `created` false).
#[utoipa::path(post, path = "/api/v1/relationships", tag = "relationships", request_body = NewRelationshipBody,
    responses((status = 201, body = RelatedView), (status = 200, body = RelatedView),
        (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn add(AsOwner(state): AsOwner, Body(b): Body<NewRelationshipBody>) -> ApiResult<Response> {
    let req = RelateRequest { kind: b.kind, inverse: b.inverse, note: b.note, since: b.since, until: b.until };
    let done = relationships::relate(state.store(), b.from, b.to, req).await?;
    if done.created { Ok(created(done)) } else { Ok(axum::response::IntoResponse::into_response(axum::Json(done))) }
}

/// Removes a relationship.
#[utoipa::path(delete, path = "/api/v1/relationships/{id}", tag = "relationships", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ApiErrorBody)))]
async fn remove(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<StatusCode> {
    if state.store().remove_relationship(id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(WebError::NotFound(format!("relationship {id} not found")).into())
    }
}
