//! `/api/v1/import/{format}` and `/api/v1/export/{format}`.

use crate::state::AsOwner;
use axum::{body::Bytes, http::StatusCode, response::IntoResponse, response::Response};
use kith_app::{
    exchange::{self, ExportFormat, ImportFailure, ImportFormat, ImportRequest},
    views::ImportReportView,
};
use kith_core::Circle;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Id, Params};
use crate::{
    error::{ApiErrorBody, ApiResult, WebError},
    html::{exchange::download, forms::list},
    state::AppState,
};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import))
        .layer(axum::extract::DefaultBodyLimit::max(crate::html::exchange::MAX_UPLOAD_BYTES))
        .routes(routes!(export))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Report what would happen; write nothing.
    dry_run: Option<bool>,
    /// Import the valid records and leave out the rest (listed in `errors`).
    skip_invalid: Option<bool>,
    /// Circle of the contacts created (default `dormant`).
    circle: Option<Circle>,
    /// Your own addresses, comma-separated (mail and calendar imports).
    me: Option<String>,
    /// The `csv` format's column mapping, e.g. `Full name=name,Mail=email`.
    map: Option<String>,
}

/// Imports a file sent as the request body, in one transaction. Invalid records refuse the whole
/// file (422, every problem in `errors`) unless `skip_invalid`.
#[utoipa::path(post, path = "/api/v1/import/{format}", tag = "exchange",
    params(("format" = ImportFormat, Path), ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReportView), (status = 404, body = ApiErrorBody), (status = 422, body = ApiErrorBody)))]
async fn import(
    AsOwner(state): AsOwner,
    Id(format): Id<String>,
    Params(p): Params<ImportParams>,
    body: Bytes,
) -> ApiResult<Response> {
    let format = ImportFormat::parse("format", &format).map_err(|e| WebError::NotFound(e.to_string()))?;
    if format == ImportFormat::Maildir {
        return Err(WebError::NotFound("a Maildir is a folder: import it with `kith import maildir DIR`".into()).into());
    }
    let request = ImportRequest {
        format,
        circle: p.circle.unwrap_or(Circle::Dormant),
        me: list(&p.me),
        skip_invalid: p.skip_invalid.unwrap_or(false),
        map: p.map,
    };
    let dry_run = p.dry_run.unwrap_or(false);
    let outcome = exchange::import_bytes(state.store(), &request, &body, &state.settings(), state.today(), dry_run)
        .await
        .map_err(|e| match e {
            ImportFailure::Format(error) => WebError::Format { file: "the request body".into(), error },
            ImportFailure::Store(e) => e.into(),
        })?;
    let status = if outcome.refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, axum::Json::<ImportReportView>(outcome.report)).into_response())
}

/// The network as vCard 4.0, CSV, kith's JSON backup, or reminders as iCalendar.
#[utoipa::path(get, path = "/api/v1/export/{format}", tag = "exchange",
    params(("format" = ExportFormat, Path)),
    responses((status = 200, description = "The file", content(
        (String = "text/vcard"), (String = "text/csv"), (serde_json::Value = "application/json"), (String = "text/calendar"))),
        (status = 404, body = ApiErrorBody)))]
async fn export(AsOwner(state): AsOwner, Id(format): Id<String>) -> ApiResult<Response> {
    let format = ExportFormat::parse("format", &format).map_err(|e| WebError::NotFound(e.to_string()))?;
    let text = exchange::export(state.store(), format, state.today(), state.settings().plan_size).await?;
    Ok(download(format.file_name(), format.media_type(), text.into_bytes()))
}
