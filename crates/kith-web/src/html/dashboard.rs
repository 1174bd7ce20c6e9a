//! The dashboard: this week's plan with one-click "logged it" and "snooze", open follow-ups, and
//! how warm the network is.

use crate::state::AsOwner;
use askama::Template;
use std::sync::Arc;

use axum::{
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use kith_core::{Circle, FollowUp, plan::ReachOut};

use crate::{
    html::{
        charts,
        chrome::{Chrome, Page, PageResult},
        format::{percent, relative},
    },
    page_cache,
    reports::{self, Reader, Reports},
};

/// How far ahead the dashboard lists follow-ups.
const FOLLOWUPS_AHEAD_DAYS: i64 = 14;

/// A person the plan suggests.
#[derive(Debug)]
pub struct Suggestion {
    pub id: i64,
    pub name: String,
    pub org: Option<String>,
    pub status: &'static str,
    pub warmth: String,
    pub tie: &'static str,
    pub reason: String,
    /// How to reach them; `None` when nothing on file allows any way.
    pub channel: Option<&'static str>,
    pub give_first: bool,
    /// The promise the line stands for: "logged it" marks it done.
    pub followup_id: Option<i64>,
}

impl From<&ReachOut> for Suggestion {
    fn from(r: &ReachOut) -> Self {
        Suggestion {
            id: r.id,
            name: r.name.clone(),
            org: r.org.clone(),
            status: r.status.as_str(),
            warmth: percent(r.warmth),
            tie: r.tie.as_str(),
            reason: r.reason.clone(),
            channel: r.channel.map(|c| c.as_str()),
            give_first: r.give_first,
            followup_id: r.followup_id,
        }
    }
}

/// A date this week, as a line.
#[derive(Debug)]
pub struct DateLine {
    pub id: i64,
    pub name: String,
    pub on: NaiveDate,
    pub reason: String,
}

/// An open follow-up as a line.
#[derive(Debug)]
pub struct FollowLine {
    pub id: i64,
    pub contact_id: i64,
    pub name: String,
    pub due_on: NaiveDate,
    pub when: String,
    pub note: Option<String>,
    pub overdue: bool,
}

impl FollowLine {
    pub fn new(f: &FollowUp, today: NaiveDate) -> FollowLine {
        FollowLine {
            id: f.id,
            contact_id: f.contact_id,
            name: f.contact_name.clone(),
            due_on: f.due_on,
            when: relative(f.due_on, today),
            note: f.note.clone(),
            overdue: f.due_on < today,
        }
    }
}

/// Someone singled out by the health report.
#[derive(Debug)]
pub struct Mentioned {
    pub id: i64,
    pub name: String,
    pub circle: &'static str,
    pub status: &'static str,
    pub warmth: String,
}

/// One move in the network news.
#[derive(Debug)]
pub struct MoveLine {
    pub id: i64,
    /// "Ada Lovelace moved from Initech to Globex as Staff Engineer".
    pub news: String,
    /// "today", "3 days ago".
    pub when: String,
}

/// "today", "yesterday", "3 days ago", "2 weeks ago".
fn human_ago(today: NaiveDate, on: NaiveDate) -> String {
    match (today - on).num_days() {
        ..=0 => "today".to_string(),
        1 => "yesterday".to_string(),
        n => format!("{} ago", kith_core::due::human_days(n)),
    }
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    chrome: Chrome,
    week_of: NaiveDate,
    reach_out: Vec<Suggestion>,
    reconnect: Vec<Suggestion>,
    congratulate: Vec<Suggestion>,
    /// Network news: the moves noticed lately.
    moves: Vec<MoveLine>,
    dates: Vec<DateLine>,
    nudges: Vec<String>,
    followups: Vec<FollowLine>,
    /// The plan lists some promises (the follow-ups card leaves them out).
    promises_in_plan: bool,
    more_followups: usize,
    due_count: usize,
    contacts: u64,
    /// `1 contact`, `300 contacts`.
    contacts_text: String,
    warm_share: String,
    lost: u64,
    /// `1 touch`, `12 touches`, in the last 4 weeks.
    touches_4w: String,
    touches_prev_4w: u64,
    trend: &'static str,
    circle_chart: String,
    weekly_chart: String,
    cooling_close: Vec<Mentioned>,
    goals: Vec<crate::html::goals::GoalLine>,
    career_score: u32,
    career_next: Option<kith_core::career::NextAction>,
    signals: Vec<kith_core::signal::Signal>,
    unsorted: u64,
    /// Mailboxes and calendars whose last sync failed: said first, never silent.
    failing_sources: Vec<kith_app::sources::SourceView>,
}

pub async fn page(AsOwner(state): AsOwner, reader: Reader, headers: HeaderMap) -> PageResult<Response> {
    let reports = reports::for_reader(&state, reader).await?;
    let chrome = Chrome::new(&state, &headers, "Dashboard", "dashboard");
    // Without a one-time message the page depends only on the reports: rendered once per version.
    if chrome.flash.is_none() {
        if let Some(html) = reports.dashboard.get() {
            return Ok(page_cache::respond(html.clone()));
        }
        let html: Arc<str> = render(&reports, chrome)?.into();
        let html = reports.dashboard.get_or_init(|| html).clone();
        return Ok(page_cache::respond(html));
    }
    let page = build(&reports, chrome);
    Ok(Page::render(&page, &page.chrome)?.into_response())
}

fn render(reports: &Reports, chrome: Chrome) -> PageResult<String> {
    Ok(build(reports, chrome).render().map_err(crate::error::WebError::from)?)
}

fn build(reports: &Reports, chrome: Chrome) -> Dashboard {
    let today = reports.today;
    let h = &reports.health;
    let horizon = today + chrono::Duration::days(FOLLOWUPS_AHEAD_DAYS);
    // An item shows once: a promise the plan already lists is not listed again under follow-ups.
    let in_plan: std::collections::HashSet<i64> = reports.plan.reach_out.iter().filter_map(|r| r.followup_id).collect();
    let soon: Vec<&FollowUp> =
        reports.followups.iter().filter(|f| f.due_on <= horizon && !in_plan.contains(&f.id)).collect();
    let later = reports.followups.iter().filter(|f| f.due_on > horizon).count();
    let rows: Vec<(Circle, kith_core::health::StatusCounts)> =
        Circle::ALL.iter().map(|c| (*c, h.by_circle.get(c).copied().unwrap_or_default())).collect();
    let trend = match h.touches_last_4_weeks.cmp(&h.touches_previous_4_weeks) {
        std::cmp::Ordering::Greater => "up from",
        std::cmp::Ordering::Less => "down from",
        std::cmp::Ordering::Equal => "the same as",
    };
    Dashboard {
        week_of: reports.plan.week_of,
        reach_out: reports.plan.reach_out.iter().map(Suggestion::from).collect(),
        reconnect: reports.plan.reconnect.iter().map(Suggestion::from).collect(),
        congratulate: reports.plan.congratulate.iter().map(Suggestion::from).collect(),
        moves: reports
            .moves
            .iter()
            .map(|m| MoveLine { id: m.contact_id, news: m.sentence(), when: human_ago(today, m.noticed_on) })
            .collect(),
        dates: reports
            .plan
            .dates
            .iter()
            .map(|d| DateLine { id: d.id, name: d.name.clone(), on: d.on, reason: d.reason.clone() })
            .collect(),
        // The follow-ups are on this screen already: their count is not a nudge here.
        nudges: reports
            .plan
            .nudges
            .iter()
            .filter(|n| n.kind != "followups_waiting")
            .map(|n| n.message.clone())
            .collect(),
        followups: soon.iter().take(8).map(|f| FollowLine::new(f, today)).collect(),
        promises_in_plan: !in_plan.is_empty(),
        more_followups: later + soon.len().saturating_sub(8),
        due_count: reports.due.len(),
        contacts: h.contacts,
        contacts_text: kith_app::wording::count(h.contacts as usize, "contact", "contacts"),
        warm_share: percent(h.warm_share),
        lost: h.lost,
        touches_4w: kith_app::wording::count(h.touches_last_4_weeks as usize, "touch", "touches"),
        touches_prev_4w: h.touches_previous_4_weeks,
        trend,
        circle_chart: charts::status_by_circle(&rows),
        weekly_chart: charts::weekly_touches(&h.touches_per_week),
        cooling_close: h
            .cooling_close
            .iter()
            .map(|m| Mentioned {
                id: m.id,
                name: m.name.clone(),
                circle: m.circle.as_str(),
                status: m.status.as_str(),
                warmth: percent(m.warmth),
            })
            .collect(),
        goals: reports.goals.iter().map(crate::html::goals::GoalLine::from).collect(),
        career_score: reports.career.score,
        career_next: reports.career.next_actions.first().cloned(),
        signals: reports.signals.clone(),
        unsorted: reports.unsorted,
        failing_sources: reports.failing_sources.clone(),
        chrome,
    }
}
