//! The contact list: full-text search, filters (circle, status, tag, organization), order by name,
//! warmth or due date, fifty to a page.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    extract::Query,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use kith_app::search::FoundView;
use kith_app::wording::count;
use kith_core::{Circle, ContactPatch, Status, ValidationError, contact::Cadenced};
use kith_store::{ContactFilter, ContactSort};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        format::percent,
        forms::{back_to, encode, text},
    },
};

pub const PAGE_SIZE: u32 = 50;

/// The list's query string; every part optional.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListQuery {
    pub q: Option<String>,
    pub circle: Option<String>,
    pub status: Option<String>,
    pub tag: Option<String>,
    pub org: Option<String>,
    pub sort: Option<String>,
    pub page: Option<u32>,
    pub archived: Option<String>,
}

impl ListQuery {
    /// The filter the store understands; a bad value names the parameter.
    pub fn filter(&self) -> Result<ContactFilter, ValidationError> {
        let page = self.page.unwrap_or(1).max(1);
        Ok(ContactFilter {
            tag: text(&self.tag),
            circle: text(&self.circle).map(|c| c.parse::<Circle>()).transpose()?,
            status: text(&self.status).map(|s| s.parse::<Status>()).transpose()?,
            org: text(&self.org),
            search: text(&self.q),
            limit: Some(PAGE_SIZE + 1),
            offset: Some((page - 1).saturating_mul(PAGE_SIZE)),
            sort: text(&self.sort).map(|s| ContactSort::parse("sort", &s)).transpose()?.unwrap_or_default(),
            include_archived: crate::html::forms::checked(&self.archived),
        })
    }

    /// This query on another page.
    fn page_link(&self, page: u32) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("q", &self.q),
            ("circle", &self.circle),
            ("status", &self.status),
            ("tag", &self.tag),
            ("org", &self.org),
            ("sort", &self.sort),
            ("archived", &self.archived),
        ] {
            if let Some(v) = text(v) {
                parts.push(format!("{k}={}", encode(&v)));
            }
        }
        parts.push(format!("page={page}"));
        format!("/contacts?{}", parts.join("&"))
    }

    fn v<'a>(&'a self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

/// One row of the list.
#[derive(Debug)]
pub struct Row {
    pub id: i64,
    pub name: String,
    pub important: bool,
    pub org: Option<String>,
    pub title: Option<String>,
    pub circle: &'static str,
    pub status: &'static str,
    pub warmth: String,
    pub warmth_value: f64,
    /// The tie: its word and strength to one decimal.
    pub tie: &'static str,
    pub strength: String,
    pub due_on: Option<NaiveDate>,
    pub last_touch: Option<NaiveDate>,
    /// Where a search found the contact, when their name and organization do not say.
    pub found: Option<FoundView>,
    /// The page of the touch or event the search found.
    pub found_link: Option<String>,
}

#[derive(Template)]
#[template(path = "contacts.html")]
struct ListPage {
    chrome: Chrome,
    query: ListQuery,
    rows: Vec<Row>,
    first: u32,
    page: u32,
    prev: Option<String>,
    next: Option<String>,
    circles: Vec<&'static str>,
    statuses: Vec<&'static str>,
    sorts: Vec<&'static str>,
    filtered: bool,
    /// This list's address, to come back to after a change to the ticked contacts.
    here: String,
}

/// `GET /contacts`.
pub async fn page(AsOwner(state): AsOwner, Query(query): Query<ListQuery>, headers: HeaderMap) -> PageResult<Response> {
    let today = state.today();
    let filter = query.filter()?;
    let mut contacts = state.store().list_contacts(&filter, today).await?;
    let more = contacts.len() > PAGE_SIZE as usize;
    contacts.truncate(PAGE_SIZE as usize);
    let page = query.page.unwrap_or(1).max(1);
    let ids: Vec<i64> = contacts.iter().map(|c| c.id).collect();
    let mut found = kith_app::search::found(state.store(), query.q.as_deref(), &ids).await?;
    let rows = contacts
        .iter()
        .map(|c| {
            let s = c.summary(today);
            let found = found.remove(&c.id);
            let found_link = found.as_ref().and_then(|f| match (f.place, f.id) {
                ("touch", Some(id)) => Some(format!("/interactions/{id}/edit")),
                ("event", Some(id)) => Some(format!("/events/{id}")),
                _ => None,
            });
            Row {
                id: c.id,
                name: c.name.clone(),
                important: c.important,
                org: c.org.clone(),
                title: c.title.clone(),
                circle: c.circle.as_str(),
                status: s.status.as_str(),
                warmth: percent(s.warmth),
                warmth_value: s.warmth,
                tie: s.tie.as_str(),
                strength: format!("{:.1}", s.strength),
                due_on: s.due_on,
                last_touch: c.warmth.map(|w| w.last_touch),
                found,
                found_link,
            }
        })
        .collect();
    let mut chrome = Chrome::new(&state, &headers, "Contacts", "contacts");
    chrome.query = query.q.clone().unwrap_or_default();
    let filtered = [&query.q, &query.circle, &query.status, &query.tag, &query.org].iter().any(|v| text(v).is_some());
    let view = ListPage {
        chrome,
        rows,
        first: (page - 1) * PAGE_SIZE + 1,
        page,
        prev: (page > 1).then(|| query.page_link(page - 1)),
        next: more.then(|| query.page_link(page + 1)),
        circles: Circle::ALL.iter().map(|c| c.as_str()).collect(),
        statuses: Status::ALL.iter().map(|s| s.as_str()).collect(),
        sorts: ContactSort::ALL.iter().map(|s| s.as_str()).collect(),
        filtered,
        here: query.page_link(page),
        query,
    };
    Ok(Page::render(&view, &view.chrome)?.into_response())
}

/// `POST /contacts/bulk`: archives or tags the contacts ticked in the list, all or none, and goes
/// back to the list as it was.
pub async fn bulk(AsOwner(state): AsOwner, Form(fields): Form<Vec<(String, String)>>) -> PageResult<Response> {
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string());
    let back = back_to(&field("back"), "/contacts");
    let mut ids = Vec::new();
    for (_, v) in fields.iter().filter(|(k, _)| k == "id") {
        ids.push(v.parse::<i64>().map_err(|_| WebError::Invalid(ValidationError::new("id", v, "not a contact id")))?);
    }
    if ids.is_empty() {
        return Ok(done(&back, "Tick the contacts to change first."));
    }
    let people = count(ids.len(), "contact", "contacts");
    let (patch, message) = match field("action").as_deref() {
        Some("archive") => (ContactPatch { archived: Some(true), ..Default::default() }, format!("Archived {people}.")),
        Some("tag") => {
            let tag = field("tag").filter(|t| !t.is_empty()).ok_or_else(|| {
                WebError::Invalid(ValidationError::new("tag", "", "type the tag to add to the ticked contacts"))
            })?;
            let message = format!("Tagged {people} with {tag}.");
            (ContactPatch { add_tags: vec![tag], ..Default::default() }, message)
        }
        other => {
            let msg = "must be archive or tag";
            return Err(WebError::Invalid(ValidationError::new("action", other.unwrap_or(""), msg)).into());
        }
    };
    state.store().edit_contacts(&ids, patch).await?;
    Ok(done(&back, message))
}
