//! `/api/v1/campaigns`: job-search campaigns, each contact's rendered message and the board.

use crate::state::AsOwner;
use axum::{Json, response::Response};
use kith_app::{
    campaign::{self as app, CampaignView},
    campaign_send::{self, SendReport},
    mail::Mailer,
};
use kith_core::{
    Circle, Status,
    campaign::{DEFAULT_CAMPAIGN_SIZE, Stage, Template, check_size},
};
use kith_store::{CampaignSummary, ContactFilter, NewCampaign};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Id, created};
use crate::{
    error::{ApiErrorBody, ApiResult, WebError},
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, add)).routes(routes!(show)).routes(routes!(stage)).routes(routes!(send))
}

/// Campaigns, newest first, with how many contacts stand at each stage.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns", responses((status = 200, body = Vec<CampaignSummary>)))]
async fn list(AsOwner(state): AsOwner) -> ApiResult<Json<Vec<CampaignSummary>>> {
    Ok(Json(state.store().campaigns().await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCampaignBody {
    name: String,
    /// Subject template; placeholders `{first_name}`, `{name}`, `{org}`, `{met_at}`, `{last_touch}`,
    /// `{custom}`.
    subject: String,
    /// Body template, with the same placeholders.
    body: String,
    tag: Option<String>,
    org: Option<String>,
    circle: Option<Circle>,
    status: Option<Status>,
    /// How many contacts (default 12, at most 500).
    #[schema(minimum = 1, maximum = 500)]
    size: Option<usize>,
}

async fn view(state: &AppState, id: i64) -> ApiResult<CampaignView> {
    let c = state.store().campaign(id).await?;
    Ok(CampaignView::new(&c).map_err(WebError::Invalid)?)
}

/// Starts a campaign with the warmest matching contacts that have an e-mail address.
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", request_body = NewCampaignBody,
    responses((status = 201, body = CampaignView), (status = 422, body = ApiErrorBody)))]
async fn add(AsOwner(state): AsOwner, Body(b): Body<NewCampaignBody>) -> ApiResult<Response> {
    let size = check_size("size", b.size.unwrap_or(DEFAULT_CAMPAIGN_SIZE)).map_err(WebError::Invalid)?;
    Template::parse("subject", &b.subject).map_err(WebError::Invalid)?;
    Template::parse("body", &b.body).map_err(WebError::Invalid)?;
    let filter =
        ContactFilter { tag: b.tag, org: b.org, circle: b.circle, status: b.status, ..ContactFilter::default() };
    let today = state.today();
    let picked = app::pick(state.store(), &filter, size, today).await?;
    let new = NewCampaign { name: b.name, subject: b.subject, body: b.body, contacts: picked.contacts };
    let id = state.store().create_campaign(new, today).await?;
    Ok(created(view(&state, id).await?))
}

/// A campaign: its templates, the board's counts and every contact's message and `mailto:` link.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns", params(("id" = i64, Path)),
    responses((status = 200, body = CampaignView), (status = 404, body = ApiErrorBody)))]
async fn show(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<CampaignView>> {
    Ok(Json(view(&state, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageBody {
    contact_id: i64,
    stage: Stage,
}

/// Moves a contact on the campaign's board; answers with the campaign.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/stage", tag = "campaigns", params(("id" = i64, Path)),
    request_body = StageBody,
    responses((status = 200, body = CampaignView), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn stage(AsOwner(state): AsOwner, Id(id): Id<i64>, Body(b): Body<StageBody>) -> ApiResult<Json<CampaignView>> {
    state.store().set_campaign_stage(id, b.contact_id, b.stage).await?;
    Ok(Json(view(&state, id).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SendBody {
    /// Only these contacts (each on the campaign and still `drafted`); all drafted ones when empty.
    only: Vec<i64>,
    /// Report who would get a message; send nothing.
    dry_run: bool,
}

/// Sends each drafted contact's message through the configured mail server (`[smtp]`), as
/// `kith campaign send` does. Each accepted message is logged as an e-mail and its contact marked
/// sent with the Message-ID; a refused one is not logged and stays drafted, with `error` saying
/// which server and what it answered. Without `[smtp]` the answer is 422 showing what to add.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/send", tag = "campaigns", params(("id" = i64, Path)),
    request_body = SendBody,
    responses((status = 200, description = "One entry per contact, in campaign order", body = Vec<SendReport>),
        (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn send(AsOwner(state): AsOwner, Id(id): Id<i64>, Body(b): Body<SendBody>) -> ApiResult<Json<Vec<SendReport>>> {
    let settings = state.settings();
    let mailer = if b.dry_run {
        None
    } else {
        Some(Mailer::new(settings.smtp.as_ref(), &settings.me).map_err(WebError::Invalid)?)
    };
    let reports =
        campaign_send::send(state.store(), mailer.as_ref(), id, &b.only, b.dry_run, state.today(), &settings.weights)
            .await?;
    Ok(Json(reports))
}
