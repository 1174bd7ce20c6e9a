//! `/api/v1/interactions`: log a touch with one or more contacts, read, change and delete one.

use crate::state::AsOwner;
use axum::{Json, response::Response};
use chrono::NaiveDate;
use kith_app::{
    touch_edit::edit_touch,
    views::{InteractionView, LoggedView, TouchedView},
};
use kith_core::{InteractionKind, NewInteraction, interaction::InteractionPatch};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Id, created, nullable};
use crate::{
    error::{ApiErrorBody, ApiResult},
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(log)).routes(routes!(show, update, delete))
}

/// A touch to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInteractionBody {
    /// Ids of everyone it was with (at least one).
    contacts: Vec<i64>,
    kind: InteractionKind,
    /// Default: today. Never after today.
    on: Option<NaiveDate>,
    minutes: Option<u32>,
    note: Option<String>,
    /// What you gave (an introduction, a referral, advice).
    gave: Option<String>,
    /// What you received.
    got: Option<String>,
    #[serde(default)]
    they_initiated: bool,
    /// Id of the one person (of `contacts`) a favor given or received belongs to; default: the first.
    favor_with: Option<i64>,
    /// Ids of open follow-ups, promised to people in this touch, that it keeps: marked done with it.
    #[serde(default)]
    done_followups: Vec<i64>,
}

async fn touched(state: &AppState, ids: &[i64]) -> ApiResult<Vec<TouchedView>> {
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        out.push(TouchedView::new(&state.store().contact(id).await?, state.today()));
    }
    Ok(out)
}

/// Records an interaction; every contact in it gets warmer in the same transaction.
#[utoipa::path(post, path = "/api/v1/interactions", tag = "interactions", request_body = NewInteractionBody,
    responses((status = 201, body = LoggedView), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn log(AsOwner(state): AsOwner, Body(b): Body<NewInteractionBody>) -> ApiResult<Response> {
    let today = state.today();
    for &id in &b.contacts {
        state.store().contact(id).await?;
    }
    let interaction = NewInteraction {
        contacts: b.contacts,
        kind: b.kind,
        on: b.on.unwrap_or(today),
        minutes: b.minutes,
        note: b.note,
        gave: b.gave,
        got: b.got,
        they_initiated: b.they_initiated,
        favor_with: b.favor_with,
        fulfills: b.done_followups,
    }
    .validate(today)?;
    let (kind, on, ids) = (interaction.kind, interaction.on, interaction.contacts.clone());
    let id = state.store().log_interaction(interaction, state.settings().weights.of(kind)).await?;
    Ok(created(LoggedView { id, kind, on, contacts: touched(&state, &ids).await? }))
}

/// One interaction.
#[utoipa::path(get, path = "/api/v1/interactions/{id}", tag = "interactions", params(("id" = i64, Path)),
    responses((status = 200, body = InteractionView), (status = 404, body = ApiErrorBody)))]
async fn show(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<InteractionView>> {
    Ok(Json(InteractionView::from(&state.store().interaction(id).await?)))
}

/// A change to an interaction; absent fields stay, `null` clears minutes, the note or a favor.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InteractionPatchBody {
    kind: Option<InteractionKind>,
    on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<u32>)]
    minutes: Option<Option<u32>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    note: Option<Option<String>>,
    /// Everyone who was there (contact ids), replacing the people it had.
    contacts: Option<Vec<i64>>,
    /// What you gave; `null` removes it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    gave: Option<Option<String>>,
    /// What you received; `null` removes it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    got: Option<Option<String>>,
    /// Whom the favor belongs to (one of the contacts); `null` gives it to the first.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    favor_with: Option<Option<i64>>,
}

/// Changes an interaction; its contacts' due dates move with it.
#[utoipa::path(patch, path = "/api/v1/interactions/{id}", tag = "interactions", params(("id" = i64, Path)),
    request_body = InteractionPatchBody,
    responses((status = 200, body = LoggedView), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn update(
    AsOwner(state): AsOwner,
    Id(id): Id<i64>,
    Body(b): Body<InteractionPatchBody>,
) -> ApiResult<Json<LoggedView>> {
    let text = |t: Option<Option<String>>| t.map(|t| t.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()));
    let patch = InteractionPatch {
        kind: b.kind,
        on: b.on,
        minutes: b.minutes,
        note: text(b.note),
        contacts: b.contacts,
        gave: text(b.gave),
        got: text(b.got),
        favor_with: b.favor_with,
    };
    let i = edit_touch(state.store(), &state.settings().weights, id, patch, state.today()).await?;
    let ids: Vec<i64> = i.with.iter().map(|p| p.id).collect();
    Ok(Json(LoggedView { id, kind: i.kind, on: i.on, contacts: touched(&state, &ids).await? }))
}

/// Deletes an interaction; answers with its contacts as they stand afterwards.
#[utoipa::path(delete, path = "/api/v1/interactions/{id}", tag = "interactions", params(("id" = i64, Path)),
    responses((status = 200, body = LoggedView), (status = 404, body = ApiErrorBody)))]
async fn delete(AsOwner(state): AsOwner, Id(id): Id<i64>) -> ApiResult<Json<LoggedView>> {
    let i = state.store().interaction(id).await?;
    state.store().delete_interaction(id).await?;
    let ids: Vec<i64> = i.with.iter().map(|p| p.id).collect();
    Ok(Json(LoggedView { id, kind: i.kind, on: i.on, contacts: touched(&state, &ids).await? }))
}
