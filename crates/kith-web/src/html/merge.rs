//! Duplicates in the web app: the list of pairs that may be one person, and a side-by-side page
//! that merges the second into the first with the user's choice where they differ (the rules are
//! kith-app's, the same as `kith merge`).

use crate::state::AsOwner;
use std::collections::HashMap;

use askama::Template;
use axum::{
    Form,
    extract::{Path, Query},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use kith_app::duplicates::{self, MergePreview};
use kith_core::{
    Contact, ValidationError,
    duplicate::{Keep, MergeField},
};
use kith_store::{DuplicatePair, LastMerge, StoreError};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        forms::text,
    },
    state::AppState,
};

/// Pairs listed on the duplicates page.
const LISTED: u32 = 200;

#[derive(Template)]
#[template(path = "duplicates.html")]
struct DuplicatesPage {
    chrome: Chrome,
    pairs: Vec<(DuplicatePair, String)>,
    last: Option<LastMerge>,
}

/// `GET /duplicates`.
pub async fn list(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    let pairs = state.store().possible_duplicates(LISTED).await?;
    let pairs = pairs
        .into_iter()
        .map(|p| {
            let why = p.reason.explain(&p.shared);
            (p, why)
        })
        .collect();
    let last = state.store().last_merge().await?;
    let view =
        DuplicatesPage { chrome: Chrome::new(&state, &headers, "Possible duplicates", "duplicates"), pairs, last };
    Ok(Page::render(&view, &view.chrome)?.into_response())
}

/// One line of the side-by-side table.
struct Line {
    label: &'static str,
    /// The form field of a choice; none where there is nothing to choose.
    name: Option<&'static str>,
    first: String,
    second: String,
    /// The side kept: `first`, `second`, `both`, or `joined` for lists.
    kept: &'static str,
}

#[derive(Template)]
#[template(path = "merge.html")]
struct MergePage {
    chrome: Chrome,
    first: Contact,
    second: Option<Contact>,
    lines: Vec<Line>,
    /// What moves with the second: its touches and follow-ups.
    second_touches: usize,
    second_followups: usize,
    with: String,
    error: Option<String>,
}

fn label(field: MergeField) -> &'static str {
    match field {
        MergeField::Name => "Name",
        MergeField::Org => "Organization",
        MergeField::Title => "Title",
        MergeField::Location => "Location",
        MergeField::Circle => "Circle",
        MergeField::Cadence => "Cadence",
        MergeField::MetAt => "Met at",
        MergeField::MetOn => "Met on",
        MergeField::Linkedin => "LinkedIn",
        MergeField::Website => "Website",
        MergeField::Birthday => "Birthday",
        MergeField::Notes => "Notes",
    }
}

/// The table of a preview: every field either has, with what is kept.
fn lines(p: &MergePreview) -> Vec<Line> {
    let mut out = Vec::new();
    for field in MergeField::ALL {
        let difference = p.plan.differences.iter().find(|d| d.field == field);
        let line = match difference {
            Some(d) => Line {
                label: label(field),
                name: Some(field.as_str()),
                first: d.first.clone(),
                second: d.second.clone(),
                kept: d.kept.as_str(),
            },
            None => {
                let (a, b) = (field.value(&p.first).unwrap_or_default(), field.value(&p.second).unwrap_or_default());
                if a.is_empty() && b.is_empty() {
                    continue;
                }
                let kept = if a.is_empty() { "second" } else { "first" };
                Line { label: label(field), name: None, first: a, second: b, kept }
            }
        };
        out.push(line);
    }
    for (label, a, b) in [
        ("E-mails", &p.first.emails, &p.second.emails),
        ("Phones", &p.first.phones, &p.second.phones),
        ("Tags", &p.first.tags, &p.second.tags),
    ] {
        if !a.is_empty() || !b.is_empty() {
            out.push(Line { label, name: None, first: a.join(", "), second: b.join(", "), kept: "joined" });
        }
    }
    out
}

/// The page's query: the contact to merge into this one (an id or a name).
#[derive(Debug, Default, Deserialize)]
pub struct MergeQuery {
    pub with: Option<String>,
}

/// The choices sent: `with` and `keep_<field>` for each field where the two differ.
type MergeForm = HashMap<String, String>;

/// Each side chosen in the form, read.
fn chosen(form: &MergeForm) -> impl Iterator<Item = Result<Keep, ValidationError>> + '_ {
    MergeField::ALL
        .iter()
        .filter_map(|f| form.get(&format!("keep_{}", f.as_str())).map(|side| (f, side)))
        .map(|(f, side)| Keep::parse(f.as_str(), &format!("{}={side}", f.as_str())))
}

fn keeps(form: &MergeForm) -> Result<Vec<Keep>, ValidationError> {
    chosen(form).collect()
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    with: Option<&str>,
    keep: &[Keep],
    error: Option<String>,
) -> PageResult<Page> {
    let first = state.store().contact(id).await?;
    let mut error = error;
    let mut preview = None;
    if let Some(with) = with.map(str::trim).filter(|w| !w.is_empty()) {
        match state.store().resolve(with).await {
            Ok(other) if other == id => {
                error = Some(format!("'{with}' is {} itself: name another contact to merge into it.", first.name));
            }
            Ok(other) => preview = Some(duplicates::preview(state.store(), id, other, keep).await?),
            Err(e @ (StoreError::NotFound { .. } | StoreError::Ambiguous { .. })) => error = Some(e.to_string()),
            Err(e) => return Err(WebError::from(e).into()),
        }
    }
    let (second_touches, second_followups) = match &preview {
        Some(p) => {
            let profile = state.store().profile(p.second.id).await?;
            (profile.timeline.len(), profile.followups.len())
        }
        None => (0, 0),
    };
    let view = MergePage {
        chrome: Chrome::new(state, headers, format!("Merge into {}", first.name), "duplicates"),
        lines: preview.as_ref().map(lines).unwrap_or_default(),
        second: preview.map(|p| p.second),
        first,
        second_touches,
        second_followups,
        with: with.unwrap_or_default().to_string(),
        error,
    };
    Ok(Page::render(&view, &view.chrome)?)
}

/// `GET /contacts/{id}/merge?with=…`: the two side by side, or a box to name the other one.
pub async fn page(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    Query(q): Query<MergeQuery>,
    headers: HeaderMap,
) -> PageResult<Response> {
    Ok(render(&state, &headers, id, q.with.as_deref(), &[], None).await?.into_response())
}

/// `POST /contacts/{id}/merge`: merges `with` into this contact with the sides chosen.
pub async fn merge(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<MergeForm>,
) -> PageResult<Response> {
    let with = text(&form.get("with").cloned());
    let attempt = async {
        let keep = keeps(&form)?;
        let other = match with.as_deref() {
            Some(w) => state.store().resolve(w).await?,
            None => return Err(WebError::Invalid(ValidationError::new("with", "", "name the contact to merge"))),
        };
        if other == id {
            let msg = "is this contact itself: name another contact to merge into it";
            return Err(WebError::Invalid(ValidationError::new("with", other.to_string(), msg)));
        }
        Ok(duplicates::merge(state.store(), id, other, &keep).await?)
    };
    match attempt.await {
        Ok(done_) => {
            let message = format!("Merged into {}: {}.", done_.name, duplicates::moved_phrase(&done_.report));
            Ok(done(&format!("/contacts/{id}"), message))
        }
        Err(WebError::Invalid(v)) => {
            let message = format!("{} '{}': {}", v.field, v.value, v.message);
            // The sides chosen stay chosen; a bad one is dropped (it is the one the message names).
            let keep: Vec<Keep> = chosen(&form).filter_map(Result::ok).collect();
            let page = render(&state, &headers, id, with.as_deref(), &keep, Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /merges/undo`: undoes the last merge and opens the contact that came back.
pub async fn undo(AsOwner(state): AsOwner) -> PageResult<Response> {
    let (undone, sentence) = duplicates::undo(state.store(), state.today()).await?;
    Ok(done(&format!("/contacts/{}", undone.restored), sentence))
}
