//! Import and export pages. An upload is read and imported as a dry run first; the preview says
//! what would be created, merged and skipped, and only "Import" writes. The uploaded file waits in
//! the database meanwhile, so any server can finish the import. Exports are plain downloads.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    extract::{Multipart, Path},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use kith_app::{
    exchange::{self, ExportFormat, ImportFailure, ImportFormat, ImportOutcome, ImportRequest},
    views::ImportReportView,
};
use kith_core::Circle;
use kith_store::NewImportDraft;

use crate::{
    error::{WebError, WebResult},
    html::{
        chrome::{Chrome, Page, PageResult, done},
        forms::{checked, list, text},
    },
    state::AppState,
};

/// The largest file an import takes (a big mailbox).
pub const MAX_UPLOAD_BYTES: usize = 256 * 1024 * 1024;

/// How many problems, merges and correspondents a preview lists.
const SHOWN: usize = 50;

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    chrome: Chrome,
    formats: Vec<(&'static str, &'static str)>,
    circles: Vec<&'static str>,
    error: Option<String>,
    form: UploadFields,
}

/// The upload form's fields as typed.
#[derive(Debug, Clone, Default)]
pub struct UploadFields {
    pub format: String,
    pub circle: String,
    pub me: String,
    pub map: String,
    pub skip_invalid: bool,
}

fn import_page(
    state: &AppState,
    headers: &HeaderMap,
    form: UploadFields,
    error: Option<WebError>,
) -> PageResult<Response> {
    let status = error.as_ref().map(WebError::status);
    let view = ImportPage {
        chrome: Chrome::new(state, headers, "Import", "import"),
        formats: ImportFormat::ALL
            .iter()
            .filter(|f| **f != ImportFormat::Maildir)
            .map(|f| (f.name(), f.label()))
            .collect(),
        circles: Circle::ALL.iter().map(|c| c.as_str()).collect(),
        error: error.as_ref().map(WebError::message),
        form,
    };
    let page = Page::render(&view, &view.chrome)?;
    Ok(match status {
        Some(s) => (s, page).into_response(),
        None => page.into_response(),
    })
}

/// `GET /import`.
pub async fn form(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    let form = UploadFields { format: "linkedin".into(), circle: "dormant".into(), ..Default::default() };
    import_page(&state, &headers, form, None)
}

#[derive(Template)]
#[template(path = "import_report.html")]
struct ReportPage {
    chrome: Chrome,
    file_name: String,
    format: &'static str,
    r: ImportReportView,
    refused: bool,
    /// Set on a preview: the draft to confirm.
    token: Option<String>,
    has_rejects: bool,
    finds_touches: bool,
    shown: usize,
    /// Contacts waiting in the triage after a written import (0 on a preview or a refusal).
    unsorted: u64,
}

async fn read_upload(mut multipart: Multipart) -> WebResult<(UploadFields, String, Vec<u8>)> {
    let mut fields = UploadFields::default();
    let (mut file_name, mut content) = (String::new(), Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(|e| bad_upload(&e.to_string()))? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            file_name = field.file_name().unwrap_or("upload").to_string();
            content = field.bytes().await.map_err(|e| bad_upload(&e.to_string()))?.to_vec();
            continue;
        }
        let value = field.text().await.map_err(|e| bad_upload(&e.to_string()))?;
        match name.as_str() {
            "format" => fields.format = value,
            "circle" => fields.circle = value,
            "me" => fields.me = value,
            "map" => fields.map = value,
            "skip_invalid" => fields.skip_invalid = checked(&Some(value)),
            _ => {}
        }
    }
    Ok((fields, file_name, content))
}

fn bad_upload(detail: &str) -> WebError {
    WebError::Invalid(kith_core::ValidationError::new("file", "", format!("the upload could not be read: {detail}")))
}

fn request_of(fields: &UploadFields) -> WebResult<ImportRequest> {
    Ok(ImportRequest {
        format: ImportFormat::parse("format", &fields.format)?,
        circle: text(&Some(fields.circle.clone())).unwrap_or_else(|| "dormant".into()).parse()?,
        me: list(&Some(fields.me.clone())),
        skip_invalid: fields.skip_invalid,
        map: text(&Some(fields.map.clone())),
    })
}

async fn run(
    state: &AppState,
    request: &ImportRequest,
    file: &str,
    bytes: &[u8],
    dry_run: bool,
) -> WebResult<ImportOutcome> {
    exchange::import_bytes(state.store(), request, bytes, &state.settings(), state.today(), dry_run).await.map_err(
        |e| match e {
            ImportFailure::Format(error) => WebError::Format { file: file.to_string(), error },
            ImportFailure::Store(e) => e.into(),
        },
    )
}

/// `POST /import`: reads the upload, imports it as a dry run and shows what would happen.
pub async fn preview(AsOwner(state): AsOwner, headers: HeaderMap, multipart: Multipart) -> PageResult<Response> {
    let (fields, file_name, content) = match read_upload(multipart).await {
        Ok(upload) => upload,
        Err(e) => return import_page(&state, &headers, UploadFields::default(), Some(e)),
    };
    let attempt = async {
        if content.is_empty() {
            return Err(WebError::Invalid(kith_core::ValidationError::new(
                "file",
                &file_name,
                "choose a file to import",
            )));
        }
        let request = request_of(&fields)?;
        let outcome = run(&state, &request, &file_name, &content, true).await?;
        let options = serde_json::to_string(&request).map_err(|e| WebError::Internal(e.to_string()))?;
        let token = if outcome.refused {
            None
        } else {
            let draft = NewImportDraft {
                format: request.format.name().into(),
                options,
                file_name: file_name.clone(),
                content: content.clone(),
            };
            Some(state.store().save_import_draft(draft, chrono::Utc::now()).await?)
        };
        Ok((request, outcome, token))
    };
    match attempt.await {
        Ok((request, outcome, token)) => report_page(&state, &headers, file_name, &request, outcome, token).await,
        Err(e) if e.status().is_client_error() => import_page(&state, &headers, fields, Some(e)),
        Err(e) => Err(e.into()),
    }
}

async fn report_page(
    state: &AppState,
    headers: &HeaderMap,
    file_name: String,
    request: &ImportRequest,
    outcome: ImportOutcome,
    token: Option<String>,
) -> PageResult<Response> {
    let title = if outcome.report.dry_run { "Import preview" } else { "Imported" };
    let written = !outcome.report.dry_run && !outcome.refused;
    let unsorted = if written { state.store().count_unsorted().await? } else { 0 };
    let view = ReportPage {
        chrome: Chrome::new(state, headers, title, "import"),
        file_name,
        format: request.format.name(),
        refused: outcome.refused,
        has_rejects: outcome.rejects.is_some() && token.is_some(),
        token,
        finds_touches: request.format.finds_touches(),
        shown: SHOWN,
        r: outcome.report,
        unsorted,
    };
    Ok(Page::render(&view, &view.chrome)?.into_response())
}

async fn draft(state: &AppState, token: &str) -> WebResult<(ImportRequest, kith_store::ImportDraft)> {
    let draft = state.store().import_draft(token).await.map_err(|e| match e {
        kith_store::StoreError::NotFound { .. } => WebError::NotFound(
            "this import was already done, cancelled or left for more than a day; upload the file again".into(),
        ),
        e => e.into(),
    })?;
    let request: ImportRequest =
        serde_json::from_str(&draft.draft.options).map_err(|e| WebError::Internal(format!("import draft: {e}")))?;
    Ok((request, draft))
}

/// `POST /import/{token}`: the confirmed import, for real, in one transaction.
pub async fn confirm(AsOwner(state): AsOwner, Path(token): Path<String>, headers: HeaderMap) -> PageResult<Response> {
    let (request, d) = draft(&state, &token).await?;
    let outcome = run(&state, &request, &d.draft.file_name, &d.draft.content, false).await?;
    state.store().delete_import_draft(&token).await?;
    report_page(&state, &headers, d.draft.file_name, &request, outcome, None).await
}

/// `POST /import/{token}/cancel`.
pub async fn cancel(AsOwner(state): AsOwner, Path(token): Path<String>) -> PageResult<Response> {
    state.store().delete_import_draft(&token).await?;
    Ok(done("/import", "Import cancelled: nothing was written."))
}

/// `GET /import/{token}/rejected`: the records the import leaves out, to fix and import again.
pub async fn rejected(AsOwner(state): AsOwner, Path(token): Path<String>) -> PageResult<Response> {
    let (request, d) = draft(&state, &token).await?;
    let parsed = exchange::read_bytes(request.format, &d.draft.content, request.map.as_deref(), state.today())
        .map_err(|error| WebError::Format { file: d.draft.file_name.clone(), error })?;
    let text = parsed.rejects_file().unwrap_or_default();
    let stem = d.draft.file_name.rsplit_once('.').map_or(d.draft.file_name.as_str(), |(s, _)| s);
    let ext = d.draft.file_name.rsplit_once('.').map_or("txt", |(_, e)| e);
    Ok(download(&format!("{stem}.rejected.{ext}"), "text/plain; charset=utf-8", text.into_bytes()))
}

#[derive(Template)]
#[template(path = "export.html")]
struct ExportPage {
    chrome: Chrome,
    formats: Vec<(&'static str, &'static str, &'static str)>,
}

/// `GET /export`.
pub async fn export_page(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    let view = ExportPage {
        chrome: Chrome::new(&state, &headers, "Export", "export"),
        formats: ExportFormat::ALL.iter().map(|f| (f.name(), f.label(), f.file_name())).collect(),
    };
    Ok(Page::render(&view, &view.chrome)?.into_response())
}

/// `GET /export/{format}`: the file, as a download.
pub async fn export(AsOwner(state): AsOwner, Path(format): Path<String>) -> PageResult<Response> {
    let format = ExportFormat::parse("format", &format).map_err(|e| WebError::NotFound(e.to_string()))?;
    let text = exchange::export(state.store(), format, state.today(), state.settings().plan_size).await?;
    Ok(download(format.file_name(), format.media_type(), text.into_bytes()))
}

/// A file the browser saves under `name`.
pub fn download(name: &str, media_type: &'static str, body: Vec<u8>) -> Response {
    let safe: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(media_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}
