//! Job-search campaigns end to end: picking the warmest relevant contacts, each contact's message
//! from the templates, `mailto:` links, and `.eml` drafts (RFC 5322, UTF-8 encoded) built by lettre.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate};
use kith_core::{
    ContactId, ValidationError,
    campaign::{self, CampaignId, Candidate, Fields, Stage, Template},
    contact::Cadenced,
    signal::RECENT_DAYS,
};
use kith_store::{Campaign, CampaignMember, ContactFilter, ContactSort, StageCounts, Store, StoreResult};
use lettre::message::{Mailbox, Message, header::ContentType};
use serde::Serialize;
use utoipa::ToSchema;

/// The contacts a new campaign goes to, best first, and how many matches had no e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    pub contacts: Vec<ContactId>,
    pub without_email: usize,
}

/// Picks the `size` warmest unarchived contacts matching `filter` that have an e-mail address.
/// The ranking is kith-core's: warmth, plus a boost for people whose organization had a `hiring`
/// signal in the last 90 days (the organizations read in one indexed query, not per contact).
pub async fn pick(store: &dyn Store, filter: &ContactFilter, size: usize, today: NaiveDate) -> StoreResult<Picked> {
    let filter = ContactFilter {
        sort: ContactSort::Warmth,
        limit: None,
        offset: None,
        include_archived: false,
        ..filter.clone()
    };
    let contacts = store.list_contacts(&filter, today).await?;
    let hiring: HashSet<String> = store.hiring_orgs(today - Duration::days(RECENT_DAYS)).await?.into_iter().collect();
    let without_email = contacts.iter().filter(|c| c.emails.is_empty()).count();
    let candidates = contacts
        .iter()
        .filter(|c| !c.emails.is_empty())
        .map(|c| Candidate {
            id: c.id,
            name: c.name.clone(),
            warmth: c.summary(today).warmth,
            hiring: c.org.as_ref().is_some_and(|o| hiring.contains(o)),
        })
        .collect();
    let contacts = campaign::rank(candidates, size).into_iter().map(|c| c.id).collect();
    Ok(Picked { contacts, without_email })
}

/// One contact's message on a campaign, as the board, the drafts and the API show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DraftView {
    pub contact_id: ContactId,
    pub name: String,
    pub email: Option<String>,
    pub org: Option<String>,
    pub stage: Stage,
    pub custom: Option<String>,
    pub subject: String,
    pub body: String,
    /// Opens the message in a mail program; null without an e-mail address.
    pub mailto: Option<String>,
    /// The Message-ID of the message sent, once sent.
    pub message_id: Option<String>,
}

/// A campaign with every contact's message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CampaignView {
    pub id: CampaignId,
    pub name: String,
    pub created_on: NaiveDate,
    /// The subject line's template.
    pub subject: String,
    /// The body's template.
    pub body: String,
    pub stages: StageCounts,
    pub contacts: Vec<DraftView>,
}

/// What one contact fills the templates with.
pub fn fields(m: &CampaignMember) -> Fields {
    let first = if m.given_name.trim().is_empty() {
        m.name.split_whitespace().next().unwrap_or_default().to_string()
    } else {
        m.given_name.clone()
    };
    Fields {
        first_name: first,
        name: m.name.clone(),
        org: m.org.clone().unwrap_or_default(),
        met_at: m.met_at.clone().unwrap_or_default(),
        last_touch: m.last_touch_on.map(|d| d.to_string()).unwrap_or_default(),
        custom: m.custom.clone().unwrap_or_default(),
    }
}

impl CampaignView {
    /// Renders every contact's message (the templates were checked when the campaign was made).
    pub fn new(c: &Campaign) -> Result<CampaignView, ValidationError> {
        let subject = Template::parse("subject", &c.subject)?;
        let body = Template::parse("body", &c.body)?;
        let mut stages = StageCounts::default();
        let contacts = c
            .members
            .iter()
            .map(|m| {
                stages.add(m.stage, 1);
                let f = fields(m);
                let (subject, body) = (subject.render(&f), body.render(&f));
                DraftView {
                    contact_id: m.contact_id,
                    name: m.name.clone(),
                    email: m.email.clone(),
                    org: m.org.clone(),
                    stage: m.stage,
                    custom: m.custom.clone(),
                    mailto: m.email.as_deref().map(|to| campaign::mailto(to, &subject, &body)),
                    subject,
                    body,
                    message_id: m.message_id.clone(),
                }
            })
            .collect();
        Ok(CampaignView {
            id: c.id,
            name: c.name.clone(),
            created_on: c.created_on,
            subject: c.subject.clone(),
            body: c.body.clone(),
            stages,
            contacts,
        })
    }
}

/// The sender of outreach: `--from`, else the first of the `me` addresses in the settings.
pub fn sender(explicit: Option<&str>, me: &[String]) -> Result<Mailbox, ValidationError> {
    let (field, value) = match explicit {
        Some(v) => ("from", v.to_string()),
        None => match me.first() {
            Some(v) => ("me", v.clone()),
            None => {
                return Err(ValidationError::new(
                    "from",
                    "",
                    "no sender address: pass --from you@example.org or set me = [\"you@example.org\"] in the configuration",
                ));
            }
        },
    };
    value.trim().parse().map_err(|e| ValidationError::new(field, value, format!("not an e-mail address ({e})")))
}

/// One contact's message as an RFC 5322 message with a fresh Message-ID; `None` without an e-mail
/// address. Non-ASCII headers are encoded words, the body is UTF-8 in a transfer encoding.
pub fn message(draft: &DraftView, from: &Mailbox) -> Result<Option<Message>, ValidationError> {
    let Some(email) = &draft.email else { return Ok(None) };
    let address = email
        .parse()
        .map_err(|e| ValidationError::new("email", email.clone(), format!("cannot be written to: {e}")))?;
    let to = Mailbox::new(Some(draft.name.clone()), address);
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(draft.subject.clone())
        .message_id(None)
        .header(ContentType::TEXT_PLAIN)
        .body(draft.body.clone())
        .map(Some)
        .map_err(|e| ValidationError::new("email", email.clone(), format!("cannot build the message: {e}")))
}

/// A file name for a contact's draft: `03-ada-lovelace.eml`.
pub fn draft_file_name(position: usize, name: &str) -> String {
    let slug: String = name
        .chars()
        .flat_map(|c| if c.is_alphanumeric() { c.to_lowercase().collect::<Vec<_>>() } else { vec!['-'] })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("{:02}-{}.eml", position + 1, if slug.is_empty() { "contact" } else { &slug })
}
