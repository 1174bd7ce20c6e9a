//! A contact's page: profile, warmth and its history, the quick log form, follow-ups, favors and the
//! timeline. A quick log that fails comes back to this page with what was typed.

use crate::state::AsOwner;
use std::sync::Arc;

use askama::Template;
use axum::{
    Form,
    extract::Path,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use kith_app::{
    Profile,
    wording::{cadence_phrase, job_line},
};
use kith_core::{Interaction, InteractionKind, contact::Cadenced};

use crate::{
    error::WebError,
    html::{
        actions::{self, LogForm},
        charts,
        chrome::{Chrome, Page, PageResult},
        dashboard::FollowLine,
        format::{due_phrase, percent, relative},
    },
    page_cache,
    state::AppState,
};

/// Interactions the page lists before "show all".
const TIMELINE_SHOWN: usize = 25;

/// Days of warmth history the sparkline shows: 52 weekly samples ending today.
const HISTORY_DAYS: i64 = 364;

/// A line of the timeline.
#[derive(Debug)]
pub struct TimelineRow {
    pub id: i64,
    pub on: NaiveDate,
    pub when: String,
    pub kind: &'static str,
    pub minutes: Option<u32>,
    pub others: Vec<(i64, String)>,
    pub note: Option<String>,
    pub gave: Option<String>,
    pub got: Option<String>,
    /// Whose favor the gave/got is, when not this contact's.
    pub favor_of: Option<String>,
    pub they_initiated: bool,
}

impl TimelineRow {
    fn new(i: &Interaction, contact: i64, today: NaiveDate) -> TimelineRow {
        TimelineRow {
            id: i.id,
            on: i.on,
            when: relative(i.on, today),
            kind: i.kind.as_str(),
            minutes: i.minutes,
            others: i.with.iter().filter(|p| p.id != contact).map(|p| (p.id, p.name.clone())).collect(),
            note: i.note.clone(),
            gave: i.gave.clone(),
            got: i.got.clone(),
            favor_of: i.favor_elsewhere(contact).map(str::to_string),
            they_initiated: i.they_initiated,
        }
    }
}

#[derive(Template)]
#[template(path = "contact.html")]
struct ContactPage {
    chrome: Chrome,
    id: i64,
    /// The name of the contact last merged into this one, while the merge can be undone.
    merged_in: Option<String>,
    name: String,
    important: bool,
    archived: bool,
    job: Option<String>,
    status: &'static str,
    warmth: String,
    warmth_value: f64,
    /// The tie's strength, to one decimal, its word, and whether the contact lost touch.
    strength: String,
    tie: &'static str,
    lost: bool,
    cadence: String,
    due: String,
    snoozed_until: Option<NaiveDate>,
    fields: Vec<(&'static str, String, Option<String>)>,
    tags: Vec<String>,
    memberships: Vec<(i64, String, &'static str)>,
    relations: Vec<kith_core::relationship::Relation>,
    /// Where the contact worked before, the latest first.
    past_jobs: Vec<kith_core::job::PastJob>,
    /// The ego network as SVG; `None` when nobody is tied to them yet.
    graph: Option<String>,
    /// The types the "Relationships" form offers: kith's own, each side of each pair.
    relation_kinds: Vec<&'static str>,
    notes: Option<String>,
    favors: Option<String>,
    give_first: bool,
    history_chart: String,
    followups: Vec<FollowLine>,
    timeline: Vec<TimelineRow>,
    /// Interactions in all, when the page shows only the newest.
    timeline_total: Option<usize>,
    kinds: Vec<&'static str>,
    log: LogValues,
    log_error: Option<String>,
    /// The open follow-ups due by today, offered to be marked done with the next touch: their ids
    /// (comma-separated) and what the checkbox says.
    due_followups: Option<(String, String)>,
}

/// The quick log form's values: defaults, or what the user typed before a mistake.
#[derive(Debug, Default)]
pub struct LogValues {
    pub kind: String,
    pub on: String,
    pub minutes: String,
    pub note: String,
    pub gave: String,
    pub got: String,
    pub with: String,
    pub favor_with: String,
    pub they_initiated: bool,
    /// The "mark the due follow-up done" box was ticked.
    pub done_followup: bool,
}

impl LogValues {
    fn from_form(f: &LogForm) -> LogValues {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        LogValues {
            kind: f.kind.clone(),
            on: s(&f.on),
            minutes: s(&f.minutes),
            note: s(&f.note),
            gave: s(&f.gave),
            got: s(&f.got),
            with: s(&f.with),
            favor_with: s(&f.favor_with),
            they_initiated: crate::html::forms::checked(&f.they_initiated),
            done_followup: f.done_followup.as_deref().is_some_and(|v| !v.trim().is_empty()),
        }
    }
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    all: bool,
    log: LogValues,
    log_error: Option<WebError>,
) -> PageResult<Response> {
    let status = log_error.as_ref().map(WebError::status);
    let page = build(state, headers, id, all, log, log_error).await?;
    let rendered = Page::render(&page, &page.chrome)?;
    Ok(match status {
        Some(s) => (s, rendered).into_response(),
        None => rendered.into_response(),
    })
}

/// kith's own relationship types, each word once ("colleague of" is its own inverse).
fn relation_kinds() -> Vec<&'static str> {
    let mut kinds: Vec<&'static str> =
        kith_core::relationship::KNOWN.iter().flat_map(|&(kind, inverse)| [kind, inverse]).collect();
    kinds.dedup();
    kinds
}

async fn build(
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    all: bool,
    log: LogValues,
    log_error: Option<WebError>,
) -> PageResult<ContactPage> {
    let today = state.today();
    let profile = Profile::load(state.store(), id, None).await?;
    let graph = kith_app::graph::ego(state.store(), &profile, today).await?;
    let c = &profile.contact;
    let s = c.summary(today);
    let job = job_line(c.title.as_deref(), c.org.as_deref());
    let cadence = cadence_phrase(c.circle, s.cadence_days, c.custom_cadence_days.is_some());
    let mut fields: Vec<(&'static str, String, Option<String>)> = Vec::new();
    for e in &c.emails {
        fields.push(("E-mail", e.clone(), Some(format!("mailto:{e}"))));
    }
    for p in &c.phones {
        fields.push(("Phone", p.clone(), Some(format!("tel:{}", p.replace(' ', "")))));
    }
    if let Some(v) = &c.location {
        fields.push(("Location", v.clone(), None));
    }
    if let Some(v) = &c.linkedin {
        fields.push(("LinkedIn", v.clone(), Some(v.clone())));
    }
    if let Some(v) = &c.website {
        fields.push(("Website", v.clone(), Some(v.clone())));
    }
    match (&c.met_at, c.met_on) {
        (Some(at), Some(on)) => fields.push(("Met", format!("{at}, {on}"), None)),
        (Some(at), None) => fields.push(("Met", at.clone(), None)),
        (None, Some(on)) => fields.push(("Met", on.to_string(), None)),
        (None, None) => {}
    }
    if let Some(b) = c.birthday {
        fields.push(("Birthday", b.to_string(), None));
    }
    fields.push(("Added", c.added_on.to_string(), None));
    let r = profile.reciprocity;
    let favors = (r.gave + r.got > 0).then(|| format!("You gave {} · you received {}", r.gave, r.got));
    let due = kith_core::followup::due_for(&profile.followups, &[id], today);
    let due_followups = (!due.is_empty()).then(|| {
        let ids = due.iter().map(|f| f.id.to_string()).collect::<Vec<_>>().join(",");
        let label = match due.as_slice() {
            [f] => match &f.note {
                Some(note) => format!("This keeps the follow-up due {}: mark “{note}” done", f.due_on),
                None => format!("This keeps the follow-up due {}: mark it done", f.due_on),
            },
            more => format!("This keeps the {} follow-ups due: mark them done", more.len()),
        };
        (ids, label)
    });
    let h = c.half_life();
    let touches: Vec<(NaiveDate, f64)> = profile.timeline.iter().map(|i| (i.on, i.weight)).collect();
    let from = today - chrono::Duration::days(HISTORY_DAYS);
    let history = kith_core::warmth::curve(&touches, h, from, today, 7);
    let merged_in = state.store().last_merge().await?.filter(|m| m.kept == id).map(|m| m.removed_name);
    let page = ContactPage {
        chrome: Chrome::new(state, headers, c.name.clone(), "contacts"),
        id,
        merged_in,
        name: c.name.clone(),
        important: c.important,
        archived: c.archived,
        job,
        status: s.status.as_str(),
        warmth: percent(s.warmth),
        warmth_value: s.warmth,
        strength: format!("{:.1}", s.strength),
        tie: s.tie.as_str(),
        lost: s.lost,
        cadence,
        due: due_phrase(s.due_on, c.archived, today),
        snoozed_until: c.snoozed_until.filter(|u| *u > today),
        fields,
        tags: c.tags.clone(),
        memberships: profile.memberships.iter().map(|m| (m.org_id, m.org.clone(), m.role.as_str())).collect(),
        relations: profile.relations.clone(),
        past_jobs: profile.past_jobs.clone(),
        graph,
        relation_kinds: relation_kinds(),
        notes: c.notes.clone(),
        favors,
        give_first: r.only_asks(),
        history_chart: charts::warmth_history(&history),
        followups: profile.followups.iter().map(|f| FollowLine::new(f, today)).collect(),
        timeline: profile
            .timeline
            .iter()
            .take(if all { usize::MAX } else { TIMELINE_SHOWN })
            .map(|i| TimelineRow::new(i, id, today))
            .collect(),
        timeline_total: (!all && profile.timeline.len() > TIMELINE_SHOWN).then_some(profile.timeline.len()),
        kinds: InteractionKind::ALL.iter().map(|k| k.as_str()).collect(),
        log,
        log_error: log_error.as_ref().map(WebError::message),
        due_followups,
    };
    Ok(page)
}

#[derive(Debug, serde::Deserialize)]
pub struct PageQuery {
    /// Show every interaction, not only the newest.
    pub all: Option<String>,
}

/// `GET /contacts/{id}`.
pub async fn page(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<PageQuery>,
    headers: HeaderMap,
) -> PageResult<Response> {
    let today = state.today();
    let log = LogValues { kind: "coffee".into(), on: today.to_string(), ..Default::default() };
    let all = crate::html::forms::checked(&q.all);
    if crate::html::chrome::has_flash(&headers) {
        return render(&state, &headers, id, all, log, None).await;
    }
    // Without a one-time message the page depends only on the data and the day. The version is
    // read before the data, so a copy is never labelled newer than what it shows.
    let version = state.reports().version(state.store()).await?;
    let key = ("contact", id, all);
    if let Some(html) = state.pages().get(key, today, version) {
        return Ok(page_cache::respond(html));
    }
    let page = build(&state, &headers, id, all, log, None).await?;
    let html: Arc<str> = page.render().map_err(WebError::from)?.into();
    state.pages().put(key, today, version, html.clone());
    Ok(page_cache::respond(html))
}

/// `POST /contacts/{id}/log`: logs, or shows this page again with the mistake and what was typed.
pub async fn log(
    AsOwner(state): AsOwner,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(form): Form<LogForm>,
) -> PageResult<Response> {
    let from_here = form.back.as_deref().is_none_or(|b| b == format!("/contacts/{id}"));
    let values = LogValues::from_form(&form);
    match actions::log(&state, id, form).await {
        Ok(response) => Ok(response),
        Err(e) if from_here && e.status().is_client_error() => {
            render(&state, &headers, id, false, values, Some(e)).await
        }
        Err(e) => Err(e.into()),
    }
}
