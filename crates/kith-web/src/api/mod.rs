//! The JSON API under `/api/v1`: contacts, interactions, follow-ups, organizations, the due list,
//! the plan, health, imports and exports. Its OpenAPI 3.1 document, generated from these handlers
//! and the types they take and return, is served at `/api/v1/openapi.json`.
//!
//! Every answer is JSON with the CLI contract's keys; every error is
//! `{"error": {"message", "field", "value", "candidates"}}` with 401, 404 or 422 for what the
//! client must fix.

// utoipa's `params(...)` expands to fully qualified paths the lint would flag in every handler.
#![allow(unused_qualifications)]

mod campaigns;
mod career;
mod contacts;
mod digest;
mod duplicates;
mod events;
mod exchange;
mod followups;
mod goals;
mod interactions;
mod intros;
mod orgs;
mod relationships;
mod reports;
mod sources;
mod triage;

use axum::{
    Json, Router,
    extract::{FromRequest, FromRequestParts},
    response::IntoResponse,
    routing::get,
};
use serde::{Deserialize, Deserializer};
use utoipa::{
    OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_axum::router::OpenApiRouter;

use crate::{
    error::{ApiError, WebError},
    state::AppState,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "kith",
        description = "kith's JSON API: your professional network, how warm each relationship is, and whom to reach out to.",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&BearerToken),
    components(schemas(kith_app::exchange::ImportFormat, kith_app::exchange::ExportFormat)),
    tags(
        (name = "contacts", description = "People you know"),
        (name = "interactions", description = "Touches: lunches, calls, e-mails…"),
        (name = "followups", description = "Dated promises"),
        (name = "relationships", description = "Who is what to whom: manager, mentor, introduced by…"),
        (name = "intros", description = "Whom you can reach at an organization, and through whom"),
        (name = "events", description = "Events attended and the people met there"),
        (name = "goals", description = "Habit goals: progress this period and streaks"),
        (name = "orgs", description = "Employers, associations, groups, schools"),
        (name = "reports", description = "The due list, the weekly plan, network health"),
        (name = "exchange", description = "Imports and exports"),
        (name = "campaigns", description = "Job-search campaigns: whom to write to, the messages, the board"),
        (name = "career", description = "Career readiness: the score, what would raise it, accomplishments"),
        (name = "signals", description = "Market signals: news from the network about organizations and fields"),
        (name = "sources", description = "Mailboxes and calendars followed for touches, and the people seen on them")
    )
)]
struct ApiDoc;

/// Declares the bearer token `kith serve --token` asks for.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Every API route with its part of the OpenAPI document: one list, served and written alike.
fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(contacts::routes())
        .merge(duplicates::routes())
        .merge(interactions::routes())
        .merge(followups::routes())
        .merge(relationships::routes())
        .merge(intros::routes())
        .merge(events::routes())
        .merge(goals::routes())
        .merge(orgs::routes())
        .merge(reports::routes())
        .merge(exchange::routes())
        .merge(campaigns::routes())
        .merge(career::routes())
        .merge(triage::routes())
        .merge(digest::routes())
        .merge(sources::routes())
}

/// Where the OpenAPI document is served.
pub const DOCUMENT_PATH: &str = "/api/v1/openapi.json";

/// The API's routes and its OpenAPI document.
pub fn routes() -> Router<AppState> {
    let (router, doc) = documented().split_for_parts();
    let json = serde_json::to_string(&doc).unwrap_or_else(|_| "{}".into());
    router.route(
        DOCUMENT_PATH,
        get(move || {
            let json = json.clone();
            async move { ([(axum::http::header::CONTENT_TYPE, "application/json")], json).into_response() }
        }),
    )
}

/// The OpenAPI document, for tests and for writing it to a file.
pub fn openapi() -> utoipa::openapi::OpenApi {
    documented().split_for_parts().1
}

/// A JSON body whose mistakes are answered as API errors (422, naming what was wrong).
#[derive(Debug, FromRequest)]
#[from_request(via(Json), rejection(ApiError))]
pub struct Body<T>(pub T);

/// A query string whose mistakes are answered as API errors.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Params<T>(pub T);

/// A path parameter whose mistakes are answered as API errors.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Id<T>(pub T);

impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(e: axum::extract::rejection::JsonRejection) -> Self {
        ApiError(invalid("body", e.body_text()))
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(e: axum::extract::rejection::QueryRejection) -> Self {
        ApiError(invalid("query", e.body_text()))
    }
}

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(e: axum::extract::rejection::PathRejection) -> Self {
        ApiError(WebError::NotFound(e.body_text()))
    }
}

fn invalid(field: &str, message: String) -> WebError {
    WebError::Invalid(kith_core::ValidationError::new(field, "", message))
}

/// `Json` with a status, for created resources.
pub fn created<T: serde::Serialize>(value: T) -> axum::response::Response {
    (axum::http::StatusCode::CREATED, Json(value)).into_response()
}

/// For PATCH bodies: a missing field is `None` (left alone), `null` is `Some(None)` (cleared).
pub fn nullable<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}
