//! Deleting a contact for good: a page that says what goes, and the post that does it.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    extract::Path,
    http::HeaderMap,
    response::{IntoResponse, Response},
};

use crate::html::chrome::{Chrome, Page, PageResult, done};

#[derive(Template)]
#[template(path = "delete.html")]
struct DeletePage {
    chrome: Chrome,
    id: i64,
    name: String,
    touches: usize,
}

/// `GET /contacts/{id}/delete`: what deleting takes away, and the button (works without JavaScript).
pub async fn confirm(AsOwner(state): AsOwner, Path(id): Path<i64>, headers: HeaderMap) -> PageResult<Response> {
    let c = state.store().contact(id).await?;
    let touches = state.store().timeline(id, None).await?.len();
    let title = format!("Delete {}?", c.name);
    let page = DeletePage { chrome: Chrome::new(&state, &headers, title, "contacts"), id, name: c.name, touches };
    Ok(Page::render(&page, &page.chrome)?.into_response())
}

/// `POST /contacts/{id}/delete`.
pub async fn delete(AsOwner(state): AsOwner, Path(id): Path<i64>) -> PageResult<Response> {
    let c = state.store().contact(id).await?;
    let report = state.store().delete_contacts(&[id]).await?;
    let message = format!(
        "Deleted {} for good: {} touches with nobody else went too; {} shared touches keep the others.",
        c.name, report.touches_deleted, report.touches_kept
    );
    Ok(done("/contacts", message))
}
