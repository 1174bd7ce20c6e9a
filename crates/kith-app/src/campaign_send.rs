//! Sending a campaign through the mail server: each `drafted` contact's message goes out on its
//! own, and only a message the server accepted is logged (an e-mail interaction, the contact marked
//! sent with its Message-ID, in one transaction). A refused message leaves its contact `drafted`,
//! so sending again retries exactly the ones that failed.

use chrono::NaiveDate;
use kith_core::{
    ContactId, InteractionKind, NewInteraction, ValidationError, Weights,
    campaign::{CampaignId, Stage},
};
use kith_store::{Store, StoreResult};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    campaign::{self, CampaignView, DraftView},
    mail::Mailer,
};

/// What became of one contact's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SendStatus {
    /// The server accepted it; it is logged and the contact is `sent`.
    Sent,
    /// It did not go out; the contact stays `drafted`.
    Failed,
    /// A dry run: it would have been sent.
    WouldSend,
}

/// One contact's outcome, in campaign order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SendReport {
    pub contact_id: ContactId,
    pub name: String,
    pub email: Option<String>,
    pub status: SendStatus,
    /// Why it failed: which server and what it answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl SendReport {
    fn new(d: &DraftView, status: SendStatus, error: Option<String>) -> SendReport {
        SendReport { contact_id: d.contact_id, name: d.name.clone(), email: d.email.clone(), status, error }
    }
}

/// Sends campaign `id`: every `drafted` contact, or only those in `only` (each must be on the
/// campaign and still `drafted`, else nothing is sent). Every message is built before the first
/// one goes out, so a bad address sends nothing. With `dry_run` nothing is sent or written and no
/// mail server is needed.
pub async fn send(
    store: &dyn Store,
    mailer: Option<&Mailer>,
    id: CampaignId,
    only: &[ContactId],
    dry_run: bool,
    today: NaiveDate,
    weights: &Weights,
) -> StoreResult<Vec<SendReport>> {
    let stored = store.campaign(id).await?;
    let view = CampaignView::new(&stored)?;
    let chosen = choose(&view, only)?;
    if dry_run {
        return Ok(chosen.iter().map(|d| SendReport::new(d, SendStatus::WouldSend, None)).collect());
    }
    let mailer = mailer.ok_or_else(crate::mail::not_configured)?;
    let mut messages = Vec::with_capacity(chosen.len());
    for d in &chosen {
        // The id the draft was written with, when there is one: a reply to either matches.
        let message_id = d.message_id.clone().unwrap_or_else(|| crate::mail::message_id(mailer.from()));
        let message = campaign::message(d, mailer.from(), &message_id)?;
        messages.push((d, message));
    }
    let mut reports = Vec::with_capacity(messages.len());
    for (d, message) in messages {
        let Some(message) = message else {
            let why = "has no e-mail address any more; add one with kith edit, then send again".to_string();
            reports.push(SendReport::new(d, SendStatus::Failed, Some(why)));
            continue;
        };
        let message_id = message.headers().get_raw("Message-ID").unwrap_or_default().trim().to_string();
        let to = d.email.as_deref().unwrap_or_default();
        if let Err(why) = mailer.send(message).await {
            reports.push(SendReport::new(d, SendStatus::Failed, Some(format!("{} <{to}>: {why}", d.name))));
            continue;
        }
        let logged = NewInteraction {
            contacts: vec![d.contact_id],
            kind: InteractionKind::Email,
            on: today,
            minutes: None,
            note: Some(format!("Campaign \u{201c}{}\u{201d}: {}", view.name, d.subject)),
            gave: None,
            got: None,
            they_initiated: false,
            favor_with: None,
            fulfills: Vec::new(),
        };
        let report = match store
            .record_campaign_send(id, d.contact_id, &message_id, logged, weights.of(InteractionKind::Email))
            .await
        {
            Ok(_) => SendReport::new(d, SendStatus::Sent, None),
            // The mail went out but could not be written down: say so, so it is not sent twice.
            Err(e) => SendReport::new(
                d,
                SendStatus::Failed,
                Some(format!(
                    "{} <{to}>: the mail server accepted it but it could not be recorded ({e}); \
                     mark it with: kith campaign mark {id} {} --stage sent",
                    d.name, d.contact_id
                )),
            ),
        };
        reports.push(report);
    }
    Ok(reports)
}

/// The contacts to send to: the drafted ones, or exactly those asked for.
fn choose<'a>(view: &'a CampaignView, only: &[ContactId]) -> Result<Vec<&'a DraftView>, ValidationError> {
    if only.is_empty() {
        return Ok(view.contacts.iter().filter(|d| d.stage == Stage::Drafted).collect());
    }
    let mut chosen = Vec::new();
    for who in only {
        let Some(d) = view.contacts.iter().find(|d| d.contact_id == *who) else {
            return Err(ValidationError::new("only", who.to_string(), format!("is not on campaign {}", view.id)));
        };
        if d.stage != Stage::Drafted {
            return Err(ValidationError::new(
                "only",
                who.to_string(),
                format!("{} was already sent this campaign (stage {})", d.name, d.stage),
            ));
        }
        if !chosen.iter().any(|c: &&DraftView| c.contact_id == *who) {
            chosen.push(d);
        }
    }
    Ok(chosen)
}
