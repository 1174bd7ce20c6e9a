//! `/api/v1/orgs`: organizations and the people at each.

use crate::state::AsOwner;
use axum::{Json, response::Response};
use kith_core::{
    OrgKind, Organization, Role,
    org::{Member, Tenure},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Id, created};
use crate::{
    error::{ApiErrorBody, ApiResult},
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, add)).routes(routes!(show)).routes(routes!(join))
}

/// Organizations by name, with how many people are there.
#[utoipa::path(get, path = "/api/v1/orgs", tag = "orgs", responses((status = 200, body = Vec<Organization>)))]
async fn list(AsOwner(state): AsOwner) -> ApiResult<Json<Vec<Organization>>> {
    Ok(Json(state.store().orgs().await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrgBody {
    name: String,
    /// Default: `other`.
    kind: Option<OrgKind>,
}

/// Adds an organization; a name already taken (any case) is refused.
#[utoipa::path(post, path = "/api/v1/orgs", tag = "orgs", request_body = NewOrgBody,
    responses((status = 201, body = Organization), (status = 422, body = ApiErrorBody)))]
async fn add(AsOwner(state): AsOwner, Body(b): Body<NewOrgBody>) -> ApiResult<Response> {
    let id = state.store().add_org(&b.name, b.kind.unwrap_or(OrgKind::Other)).await?;
    Ok(created(state.store().org(id).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrgView {
    #[serde(flatten)]
    org: Organization,
    people: Vec<Member>,
    /// Market signals about the organization, newest first.
    signals: Vec<kith_core::signal::Signal>,
}

async fn org_signals(state: &AppState, id: i64) -> ApiResult<Vec<kith_core::signal::Signal>> {
    Ok(state.store().signals(&kith_core::signal::SignalFilter { org: Some(id), ..Default::default() }).await?)
}

/// An organization and its people.
#[utoipa::path(get, path = "/api/v1/orgs/{id}", tag = "orgs", params(("id" = i64, Path)),
    responses((status = 200, body = OrgView), (status = 404, body = ApiErrorBody)))]
async fn show(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<OrgView>> {
    let org = state.store().org(id).await?;
    Ok(Json(OrgView { people: state.store().org_members(id).await?, signals: org_signals(&state, id).await?, org }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinBody {
    contact_id: i64,
    /// Default: `member`.
    role: Option<Role>,
    /// When the role began.
    since: Option<chrono::NaiveDate>,
    /// When it ended.
    until: Option<chrono::NaiveDate>,
}

/// Records someone's role at the organization; answers with its people.
#[utoipa::path(post, path = "/api/v1/orgs/{id}/members", tag = "orgs", params(("id" = i64, Path)), request_body = JoinBody,
    responses((status = 200, body = OrgView), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn join(AsOwner(state): AsOwner, Id(id): Id<i64>, Body(b): Body<JoinBody>) -> ApiResult<Json<OrgView>> {
    let org = state.store().org(id).await?;
    state
        .store()
        .join_org(b.contact_id, &org.name, b.role.unwrap_or(Role::Member), Tenure { since: b.since, until: b.until })
        .await?;
    let org = state.store().org(id).await?;
    Ok(Json(OrgView { people: state.store().org_members(id).await?, signals: org_signals(&state, id).await?, org }))
}
