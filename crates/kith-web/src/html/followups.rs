//! Follow-ups: the promises made, soonest first, with a form to make a new one.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    extract::Query,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::html::{
    chrome::{Chrome, Page, PageResult},
    dashboard::FollowLine,
    forms::checked,
};

#[derive(Debug, Deserialize)]
pub struct FollowUpsQuery {
    pub all: Option<String>,
}

#[derive(Template)]
#[template(path = "followups.html")]
struct FollowUpsPage {
    chrome: Chrome,
    open: Vec<FollowLine>,
    done: Vec<(FollowLine, chrono::NaiveDate)>,
    all: bool,
}

/// `GET /followups`.
pub async fn page(
    AsOwner(state): AsOwner,
    Query(q): Query<FollowUpsQuery>,
    headers: HeaderMap,
) -> PageResult<Response> {
    let today = state.today();
    let all = checked(&q.all);
    let list = state.store().followups(all).await?;
    let (done, open): (Vec<_>, Vec<_>) = list.iter().partition(|f| f.done_on.is_some());
    let view = FollowUpsPage {
        chrome: Chrome::new(&state, &headers, "Follow-ups", "followups"),
        open: open.iter().map(|f| FollowLine::new(f, today)).collect(),
        done: done.iter().filter_map(|f| Some((FollowLine::new(f, today), f.done_on?))).collect(),
        all,
    };
    Ok(Page::render(&view, &view.chrome)?.into_response())
}
