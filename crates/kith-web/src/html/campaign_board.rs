//! A campaign's board: its contacts in columns by stage (sections on a phone), buttons that move
//! them forward or back, and every contact's message with its custom line, a `mailto:` link and a
//! `.eml` download. Editing the custom line previews the message without saving it — as an htmx
//! fragment while typing, or as the whole page after "Preview" without JavaScript.

use crate::state::AsOwner;
use askama::Template;
use axum::{
    Form,
    extract::Path,
    http::HeaderMap,
    response::{Html, IntoResponse, Response},
};
use kith_app::campaign::{self as app, CampaignView, DraftView};
use kith_core::{ContactId, ValidationError, campaign::Stage, contact::Cadenced};
use serde::Deserialize;

use crate::{
    error::WebError,
    html::{
        chrome::{Chrome, Page, PageResult, done},
        exchange::download,
        format::percent,
    },
    state::AppState,
};

/// Why a draft cannot be downloaded without a sender, and how to set one.
const SENDER_HELP: &str = "downloading drafts needs your address as the sender: add me = [\"you@example.org\"] to kith's configuration file (config.toml) and restart kith serve";

/// A contact in a board column.
#[derive(Debug)]
struct Card {
    contact_id: ContactId,
    name: String,
    org: Option<String>,
    warmth: String,
    warmth_value: f64,
    /// The stage one step back and one step forward, when there is one: (value, label).
    back: Option<(&'static str, &'static str)>,
    forward: Option<(&'static str, &'static str)>,
}

/// A column of the board.
#[derive(Debug)]
struct Column {
    key: &'static str,
    label: &'static str,
    cards: Vec<Card>,
}

/// A contact's message as the page shows it.
#[derive(Debug)]
pub struct MessageView {
    campaign_id: i64,
    contact_id: ContactId,
    name: String,
    email: Option<String>,
    stage: &'static str,
    /// The custom line as saved, or as typed on a preview.
    custom: String,
    subject: String,
    body: String,
    mailto: Option<String>,
    /// Whether the shown message uses a custom line not saved yet.
    unsaved: bool,
}

impl MessageView {
    fn new(campaign_id: i64, d: &DraftView, unsaved: bool) -> MessageView {
        MessageView {
            campaign_id,
            contact_id: d.contact_id,
            name: d.name.clone(),
            email: d.email.clone(),
            stage: d.stage.label(),
            custom: d.custom.clone().unwrap_or_default(),
            subject: d.subject.clone(),
            body: d.body.clone(),
            mailto: d.mailto.clone(),
            unsaved,
        }
    }
}

#[derive(Template)]
#[template(path = "campaign.html")]
struct BoardPage {
    chrome: Chrome,
    id: i64,
    name: String,
    created_on: chrono::NaiveDate,
    subject: String,
    columns: Vec<Column>,
    messages: Vec<MessageView>,
    /// Whether drafts can be downloaded: the settings name the sender.
    can_download: bool,
    /// Whether a mail server is configured, so the board can send.
    can_send: bool,
    /// How many contacts are still drafted.
    drafted: usize,
}

/// One contact's message alone: what htmx swaps in while the custom line is edited.
#[derive(Template)]
#[template(path = "partials/campaign_message.html")]
struct MessageFragment {
    m: MessageView,
    can_download: bool,
}

fn neighbour(stage: Stage, step: isize) -> Option<(&'static str, &'static str)> {
    let i = Stage::ALL.iter().position(|s| *s == stage)?;
    let next = Stage::ALL.get(i.checked_add_signed(step)?)?;
    Some((next.as_str(), next.label()))
}

async fn view(state: &AppState, id: i64, typed: Option<(ContactId, &str)>) -> Result<CampaignView, WebError> {
    let mut campaign = state.store().campaign(id).await?;
    if let Some((contact, custom)) = typed {
        let member = campaign
            .members
            .iter_mut()
            .find(|m| m.contact_id == contact)
            .ok_or_else(|| WebError::NotFound(format!("contact {contact} not found on campaign {id}")))?;
        member.custom = Some(custom.trim().to_string()).filter(|c| !c.is_empty());
    }
    Ok(CampaignView::new(&campaign)?)
}

fn can_download(state: &AppState) -> bool {
    app::sender(None, &state.settings().me).is_ok()
}

/// The board; `typed` shows one contact's message with a custom line that is not saved.
async fn board(
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    typed: Option<(ContactId, &str)>,
) -> PageResult<Response> {
    let v = view(state, id, typed).await?;
    let ids: Vec<ContactId> = v.contacts.iter().map(|d| d.contact_id).collect();
    let today = state.today();
    let warmths: std::collections::HashMap<ContactId, f64> =
        state.store().briefs_of(&ids).await?.iter().map(|b| (b.id, b.summary(today).warmth)).collect();
    let warmth = |c: ContactId| warmths.get(&c).copied().unwrap_or(0.0);
    let columns = Stage::ALL
        .iter()
        .map(|stage| Column {
            key: stage.as_str(),
            label: stage.label(),
            cards: v
                .contacts
                .iter()
                .filter(|d| d.stage == *stage)
                .map(|d| Card {
                    contact_id: d.contact_id,
                    name: d.name.clone(),
                    org: d.org.clone(),
                    warmth: percent(warmth(d.contact_id)),
                    warmth_value: warmth(d.contact_id),
                    back: neighbour(d.stage, -1),
                    forward: neighbour(d.stage, 1),
                })
                .collect(),
        })
        .collect();
    let messages =
        v.contacts.iter().map(|d| MessageView::new(v.id, d, typed.is_some_and(|(c, _)| c == d.contact_id))).collect();
    let page = BoardPage {
        chrome: Chrome::new(state, headers, v.name.clone(), "campaigns"),
        id: v.id,
        name: v.name.clone(),
        created_on: v.created_on,
        subject: v.subject.clone(),
        columns,
        messages,
        can_download: can_download(state),
        can_send: state.settings().smtp.is_some(),
        drafted: v.contacts.iter().filter(|d| d.stage == Stage::Drafted).count(),
    };
    Ok(Page::render(&page, &page.chrome)?.into_response())
}

/// `GET /campaigns/{id}`.
pub async fn page(AsOwner(state): AsOwner, Path(id): Path<i64>, headers: HeaderMap) -> PageResult<Response> {
    board(&state, &headers, id, None).await
}

#[derive(Debug, Deserialize)]
pub struct StageForm {
    pub stage: Option<String>,
}

/// `POST /campaigns/{id}/contacts/{contact}/stage`: moves a contact on the board.
pub async fn stage(
    AsOwner(state): AsOwner,
    Path((id, contact)): Path<(i64, ContactId)>,
    Form(form): Form<StageForm>,
) -> PageResult<Response> {
    let stage = Stage::parse("stage", form.stage.as_deref().unwrap_or("")).map_err(WebError::Invalid)?;
    state.store().set_campaign_stage(id, contact, stage).await?;
    let name = state.store().contact(contact).await?.name;
    Ok(done(&format!("/campaigns/{id}"), format!("{name} is now {} on this campaign.", stage.label().to_lowercase())))
}

#[derive(Debug, Deserialize)]
pub struct CustomForm {
    pub custom: Option<String>,
}

/// Whether htmx asked for a part of the page (not a boosted navigation, which wants it whole).
fn wants_fragment(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request") && !headers.contains_key("hx-boosted")
}

/// One contact's message, rendered with `custom` (saved or not).
async fn fragment(state: &AppState, id: i64, contact: ContactId, custom: &str, unsaved: bool) -> PageResult<Response> {
    let v = view(state, id, Some((contact, custom))).await?;
    let d = v.contacts.iter().find(|d| d.contact_id == contact).expect("view checked the contact is on it");
    let html = MessageFragment { m: MessageView::new(id, d, unsaved), can_download: can_download(state) }
        .render()
        .map_err(WebError::from)?;
    Ok(Html(html).into_response())
}

/// `POST /campaigns/{id}/contacts/{contact}/preview`: the message with the custom line as typed,
/// nothing saved.
pub async fn preview(
    AsOwner(state): AsOwner,
    Path((id, contact)): Path<(i64, ContactId)>,
    headers: HeaderMap,
    Form(form): Form<CustomForm>,
) -> PageResult<Response> {
    let custom = check_custom(form.custom.as_deref().unwrap_or(""))?;
    if wants_fragment(&headers) {
        return fragment(&state, id, contact, &custom, true).await;
    }
    board(&state, &headers, id, Some((contact, custom.as_str()))).await
}

/// `POST /campaigns/{id}/contacts/{contact}/custom`: saves the custom line.
pub async fn custom(
    AsOwner(state): AsOwner,
    Path((id, contact)): Path<(i64, ContactId)>,
    headers: HeaderMap,
    Form(form): Form<CustomForm>,
) -> PageResult<Response> {
    let custom = check_custom(form.custom.as_deref().unwrap_or(""))?;
    let saved = Some(custom.trim().to_string()).filter(|c| !c.is_empty());
    state.store().set_campaign_custom(id, contact, saved.clone()).await?;
    if wants_fragment(&headers) {
        return fragment(&state, id, contact, &custom, false).await;
    }
    let said = if saved.is_some() { "saved" } else { "cleared" };
    Ok(done(&format!("/campaigns/{id}#message-{contact}"), format!("Custom line {said}.")))
}

/// The longest custom line: the store's limit, so a preview refuses what a save would.
const MAX_CUSTOM_CHARS: usize = 20_000;

/// A custom line as typed, line ends made `\n`.
fn check_custom(v: &str) -> Result<String, WebError> {
    let v = v.replace("\r\n", "\n");
    if v.chars().count() > MAX_CUSTOM_CHARS {
        let start: String = v.chars().take(30).collect();
        return Err(WebError::Invalid(ValidationError::new(
            "custom",
            start,
            format!("is longer than {MAX_CUSTOM_CHARS} characters"),
        )));
    }
    Ok(v)
}

/// `GET /campaigns/{id}/contacts/{contact}/draft.eml`: the contact's message as a file any mail
/// program opens. Its Message-ID is kept on the campaign, so a mail import finds it once sent.
pub async fn eml(AsOwner(state): AsOwner, Path((id, contact)): Path<(i64, ContactId)>) -> PageResult<Response> {
    let from = app::sender(None, &state.settings().me)
        .map_err(|e| WebError::Invalid(ValidationError::new("me", e.value, SENDER_HELP)))?;
    let v = view(&state, id, None).await?;
    let Some(d) = v.contacts.iter().find(|d| d.contact_id == contact) else {
        return Err(WebError::NotFound(format!("contact {contact} not found on campaign {id}")).into());
    };
    if d.email.is_none() {
        let e = ValidationError::new("email", "", format!("{} has no e-mail address; add one first", d.name));
        return Err(WebError::Invalid(e).into());
    }
    let drafts = app::eml_drafts(state.store(), &v, &from, Some(contact)).await?;
    let draft = drafts.into_iter().next().ok_or_else(|| WebError::Internal("no draft was built".into()))?;
    Ok(download(&draft.file, "message/rfc822", draft.bytes))
}
