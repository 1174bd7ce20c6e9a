//! The whole due list, most urgent first, fifty to a page.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    extract::Query,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use kith_core::due::{DueItem, DueRef};
use kith_store::StoreResult;
use serde::Deserialize;

use crate::{
    html::{
        chrome::{Chrome, Page, PageResult},
        contacts::PAGE_SIZE,
        format::percent,
    },
    reports::{Reader, Reports},
    state::AppState,
};

#[derive(Debug, Deserialize)]
pub struct DueQuery {
    pub page: Option<u32>,
}

#[derive(Debug)]
pub struct DueRow {
    pub id: i64,
    pub name: String,
    pub org: Option<String>,
    pub circle: &'static str,
    pub status: &'static str,
    pub warmth: String,
    pub due_on: NaiveDate,
    pub overdue_days: i64,
    pub reason: String,
}

impl From<&DueItem> for DueRow {
    fn from(i: &DueItem) -> Self {
        DueRow {
            id: i.id,
            name: i.name.clone(),
            org: i.org.clone(),
            circle: i.circle.as_str(),
            status: i.status.as_str(),
            warmth: percent(i.warmth),
            due_on: i.due_on,
            overdue_days: i.overdue_days,
            reason: i.reason.clone(),
        }
    }
}

/// The lines of `refs`, some of the reports' due list: the contacts read now (one indexed read),
/// the follow-ups from the reports, worded by kith-core as the whole list would be.
pub async fn lines(state: &AppState, reports: &Reports, refs: &[DueRef]) -> StoreResult<Vec<DueItem>> {
    let ids: Vec<i64> = refs.iter().map(|r| r.id).collect();
    let briefs = state.store().briefs_of(&ids).await?;
    Ok(kith_core::due::lines(refs, &briefs, &reports.followups, &[], reports.today))
}

#[derive(Template)]
#[template(path = "due.html")]
struct DuePage {
    chrome: Chrome,
    total: usize,
    rows: Vec<DueRow>,
    page: u32,
    prev: Option<String>,
    next: Option<String>,
}

/// `GET /due`.
pub async fn page(
    AsOwner(state): AsOwner,
    Query(q): Query<DueQuery>,
    reader: Reader,
    headers: HeaderMap,
) -> PageResult<Response> {
    let reports = crate::reports::for_reader(&state, reader).await?;
    let page = q.page.unwrap_or(1).max(1);
    let start = ((page - 1) as usize).saturating_mul(PAGE_SIZE as usize);
    let refs: Vec<DueRef> = reports.due.iter().skip(start).take(PAGE_SIZE as usize).copied().collect();
    let rows = lines(&state, &reports, &refs).await?.iter().map(DueRow::from).collect();
    let view = DuePage {
        chrome: Chrome::new(&state, &headers, "Due", "dashboard"),
        total: reports.due.len(),
        rows,
        page,
        prev: (page > 1).then(|| format!("/due?page={}", page - 1)),
        next: (start + (PAGE_SIZE as usize) < reports.due.len()).then(|| format!("/due?page={}", page + 1)),
    };
    Ok(Page::render(&view, &view.chrome)?.into_response())
}
