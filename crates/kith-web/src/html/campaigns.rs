//! Campaigns: every campaign with how many contacts stand at each stage, and the form that starts
//! one. "Preview" shows who would be picked (ranked, with their warmth) and the first message;
//! "Create" starts it. A refused form comes back with what was typed and what to fix.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use kith_app::{
    campaign::{self as app, Picked},
    wording::count,
};
use kith_core::{
    Circle, Status, ValidationError,
    campaign::{DEFAULT_CAMPAIGN_SIZE, MAX_CAMPAIGN_SIZE, Stage, Template as Outreach, check_name, check_size},
};
use kith_store::{ContactFilter, NewCampaign};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        format::percent,
        forms::text,
    },
    state::AppState,
};

/// A campaign in the list, with its count at each stage in board order.
#[derive(Debug)]
struct CampaignLine {
    id: i64,
    name: String,
    created_on: NaiveDate,
    size: u32,
    counts: Vec<u32>,
}

/// The new-campaign form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct NewCampaignForm {
    pub name: Option<String>,
    pub tag: Option<String>,
    pub org: Option<String>,
    pub circle: Option<String>,
    pub status: Option<String>,
    pub size: Option<String>,
    pub subject: Option<String>,
    pub body: Option<String>,
    /// The button pressed: `create` starts the campaign, anything else previews it.
    pub action: Option<String>,
}

/// The form's values as the page shows them: blank, or what the user typed.
#[derive(Debug, Default)]
struct Typed {
    name: String,
    tag: String,
    org: String,
    circle: String,
    status: String,
    size: String,
    subject: String,
    body: String,
}

impl Typed {
    fn of(f: &NewCampaignForm) -> Typed {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        Typed {
            name: s(&f.name),
            tag: s(&f.tag),
            org: s(&f.org),
            circle: s(&f.circle),
            status: s(&f.status),
            size: s(&f.size),
            subject: s(&f.subject),
            body: s(&f.body),
        }
    }
}

/// One contact a preview would pick.
#[derive(Debug)]
struct PickLine {
    id: i64,
    name: String,
    org: Option<String>,
    warmth: String,
    warmth_value: f64,
}

/// What "Preview" shows: the contacts picked, best first, and the first of them's message.
#[derive(Debug)]
struct Preview {
    picks: Vec<PickLine>,
    /// `2 contacts`, `1 contact`.
    picks_text: String,
    without_email: usize,
    /// `1 matching contact has`, `3 matching contacts have`.
    without_text: String,
    first_name: String,
    subject: String,
    body: String,
    /// For a campaign at one organization: the best ways in through people the user knows, and
    /// the organization (for the link to the whole list).
    ways_in: Vec<String>,
    ways_in_org: Option<String>,
}

/// Ways in shown with a campaign's preview.
const WAYS_IN_SHOWN: usize = 3;

#[derive(Template)]
#[template(path = "campaigns.html")]
struct CampaignsPage {
    chrome: Chrome,
    campaigns: Vec<CampaignLine>,
    stages: Vec<&'static str>,
    circles: Vec<&'static str>,
    statuses: Vec<&'static str>,
    max_size: usize,
    form: Typed,
    error: Option<String>,
    /// The field the error is about, marked invalid on the form.
    error_field: String,
    preview: Option<Preview>,
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    form: Typed,
    error: Option<&WebError>,
    preview: Option<Preview>,
) -> PageResult<Response> {
    let campaigns = state
        .store()
        .campaigns()
        .await?
        .into_iter()
        .map(|c| CampaignLine {
            id: c.id,
            name: c.name,
            created_on: c.created_on,
            size: c.size,
            counts: Stage::ALL.iter().map(|s| c.stages.get(*s)).collect(),
        })
        .collect();
    let view = CampaignsPage {
        chrome: Chrome::new(state, headers, "Campaigns", "campaigns"),
        campaigns,
        stages: Stage::ALL.iter().map(|s| s.label()).collect(),
        circles: Circle::ALL.iter().map(|c| c.as_str()).collect(),
        statuses: Status::ALL.iter().map(|s| s.as_str()).collect(),
        max_size: MAX_CAMPAIGN_SIZE,
        form,
        error: error.map(WebError::message),
        error_field: error.and_then(WebError::field).unwrap_or_default(),
        preview,
    };
    let page = Page::render(&view, &view.chrome)?;
    Ok(match error {
        Some(e) => (e.status(), page).into_response(),
        None => page.into_response(),
    })
}

/// `GET /campaigns`.
pub async fn page(AsOwner(state): AsOwner, headers: HeaderMap) -> PageResult<Response> {
    let blank = Typed {
        size: DEFAULT_CAMPAIGN_SIZE.to_string(),
        subject: "Coffee, {first_name}?".into(),
        body: "Hi {first_name},\n\n{custom}\n\nWould you have time for a coffee or a call in the next weeks?".into(),
        ..Typed::default()
    };
    render(&state, &headers, blank, None, None).await
}

/// A form checked: everything a campaign needs except the contacts.
#[derive(Debug)]
struct Checked {
    name: String,
    filter: ContactFilter,
    size: usize,
    subject: String,
    body: String,
}

fn check(f: &NewCampaignForm) -> Result<Checked, ValidationError> {
    let name = check_name("name", f.name.as_deref().unwrap_or(""))?;
    let raw_size = f.size.as_deref().unwrap_or("").trim();
    let size = if raw_size.is_empty() {
        DEFAULT_CAMPAIGN_SIZE
    } else {
        let n = raw_size.parse::<usize>().map_err(|_| {
            ValidationError::new("size", raw_size, format!("give a whole number from 1 to {MAX_CAMPAIGN_SIZE}"))
        })?;
        check_size("size", n)?
    };
    let subject = f.subject.clone().unwrap_or_default();
    let body = f.body.clone().unwrap_or_default().replace("\r\n", "\n");
    Outreach::parse("subject", &subject)?;
    if subject.contains(['\r', '\n']) {
        return Err(ValidationError::new("subject", subject, "must be one line"));
    }
    Outreach::parse("body", &body)?;
    let filter = ContactFilter {
        tag: text(&f.tag),
        org: text(&f.org),
        circle: text(&f.circle).map(|c| c.parse::<Circle>()).transpose()?,
        status: text(&f.status).map(|s| s.parse::<Status>()).transpose()?,
        ..ContactFilter::default()
    };
    Ok(Checked { name, filter, size, subject, body })
}

/// The contacts the form picks; none is an error saying how to widen the filters.
async fn picked(state: &AppState, c: &Checked) -> Result<Picked, WebError> {
    let picked = app::pick(state.store(), &c.filter, c.size, state.today()).await?;
    if picked.contacts.is_empty() {
        return Err(WebError::Invalid(ValidationError::new(
            "filters",
            "",
            format!(
                "no contact with an e-mail address matches ({} without one); loosen the tag, organization, circle or status",
                picked.without_email
            ),
        )));
    }
    Ok(picked)
}

fn preview_of(c: &Checked, picked: &Picked) -> Result<Preview, ValidationError> {
    let subject = Outreach::parse("subject", &c.subject)?;
    let body = Outreach::parse("body", &c.body)?;
    let first = &picked.ranked[0];
    Ok(Preview {
        picks: picked
            .ranked
            .iter()
            .map(|p| PickLine {
                id: p.id,
                name: p.name.clone(),
                org: p.org.clone(),
                warmth: percent(p.warmth),
                warmth_value: p.warmth,
            })
            .collect(),
        picks_text: count(picked.ranked.len(), "contact", "contacts"),
        without_email: picked.without_email,
        without_text: count(picked.without_email, "matching contact has", "matching contacts have"),
        first_name: first.name.clone(),
        subject: subject.render(&first.fields),
        body: body.render(&first.fields),
        ways_in: Vec::new(),
        ways_in_org: None,
    })
}

/// `POST /campaigns`: previews the campaign, or with `action=create` starts it.
pub async fn create(
    AsOwner(state): AsOwner,
    headers: HeaderMap,
    Form(form): Form<NewCampaignForm>,
) -> PageResult<Response> {
    let creating = form.action.as_deref() == Some("create");
    let outcome = async {
        let checked = check(&form)?;
        let picked = picked(&state, &checked).await?;
        if !creating {
            let mut preview = preview_of(&checked, &picked)?;
            // A campaign at one organization: the people the user knows less well there may be
            // better reached through someone.
            if let Some(org) = &checked.filter.org {
                let query = kith_app::intros::IntroQuery::Org(org.clone());
                if let Ok(found) = kith_app::intros::find(state.store(), &query, state.today(), 50).await {
                    preview.ways_in = found
                        .paths
                        .iter()
                        .filter(|p| p.via.is_some())
                        .take(WAYS_IN_SHOWN)
                        .map(|p| p.sentence())
                        .collect();
                    preview.ways_in_org = found.org;
                }
            }
            return Ok(Err(preview));
        }
        let n = picked.contacts.len();
        let new =
            NewCampaign { name: checked.name, subject: checked.subject, body: checked.body, contacts: picked.contacts };
        let id = state.store().create_campaign(new, state.today()).await?;
        Ok::<_, WebError>(Ok((id, n)))
    }
    .await;
    match outcome {
        Ok(Ok((id, n))) => {
            Ok(done(&format!("/campaigns/{id}"), format!("Campaign #{id} started with {n} contact(s).")))
        }
        Ok(Err(preview)) => render(&state, &headers, Typed::of(&form), None, Some(preview)).await,
        Err(e) if e.status() == StatusCode::UNPROCESSABLE_ENTITY => {
            render(&state, &headers, Typed::of(&form), Some(&e), None).await
        }
        Err(e) => Err(e.into()),
    }
}
