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
#[derive(Debug, Clone, PartialEq)]
pub struct Picked {
    pub contacts: Vec<ContactId>,
    pub without_email: usize,
    /// The same contacts with what a preview shows of them.
    pub ranked: Vec<Pick>,
}

/// A contact a new campaign would go to, as a preview shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    pub id: ContactId,
    pub name: String,
    pub org: Option<String>,
    /// Warmth today, 0–1.
    pub warmth: f64,
    /// What the contact fills the templates with (no custom line yet).
    pub fields: Fields,
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
        .map(|c| {
            let s = c.summary(today);
            Candidate {
                id: c.id,
                name: c.name.clone(),
                warmth: s.warmth,
                strength: s.strength,
                hiring: c.org.as_ref().is_some_and(|o| hiring.contains(o)),
            }
        })
        .collect();
    let by_id: std::collections::HashMap<ContactId, &kith_core::Contact> = contacts.iter().map(|c| (c.id, c)).collect();
    let ranked: Vec<Pick> = campaign::rank(candidates, size)
        .into_iter()
        .filter_map(|r| {
            let c = by_id.get(&r.id)?;
            Some(Pick {
                id: c.id,
                name: c.name.clone(),
                org: c.org.clone(),
                warmth: r.warmth,
                fields: contact_fields(c),
            })
        })
        .collect();
    Ok(Picked { contacts: ranked.iter().map(|p| p.id).collect(), without_email, ranked })
}

/// What a contact not yet on a campaign fills the templates with.
fn contact_fields(c: &kith_core::Contact) -> Fields {
    fields(&CampaignMember {
        contact_id: c.id,
        name: c.name.clone(),
        given_name: c.given_name.clone(),
        email: c.emails.first().cloned(),
        org: c.org.clone(),
        met_at: c.met_at.clone(),
        last_touch_on: c.warmth.map(|w| w.last_touch),
        custom: None,
        stage: Stage::Drafted,
        message_id: None,
        interaction_id: None,
    })
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
    /// The Message-ID of the contact's message, kept when its draft is first written: mail
    /// imported later recognises the message sent and the replies to it.
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

/// One contact's message as an RFC 5322 message with the given Message-ID; `None` without an
/// e-mail address. Non-ASCII headers are encoded words, the body is UTF-8 in a transfer encoding.
pub fn message(draft: &DraftView, from: &Mailbox, message_id: &str) -> Result<Option<Message>, ValidationError> {
    let Some(email) = &draft.email else { return Ok(None) };
    let address = email
        .parse()
        .map_err(|e| ValidationError::new("email", email.clone(), format!("cannot be written to: {e}")))?;
    let to = Mailbox::new(Some(draft.name.clone()), address);
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(draft.subject.clone())
        .message_id(Some(message_id.to_string()))
        .header(ContentType::TEXT_PLAIN)
        .body(draft.body.clone())
        .map(Some)
        .map_err(|e| ValidationError::new("email", email.clone(), format!("cannot build the message: {e}")))
}

/// One contact's draft, ready to be written as a `.eml` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmlDraft {
    pub contact_id: ContactId,
    pub name: String,
    /// `03-ada-lovelace.eml`: its position on the campaign and the contact's name.
    pub file: String,
    pub mailto: Option<String>,
    pub message_id: String,
    /// The message, RFC 5322 with CRLF line ends.
    pub bytes: Vec<u8>,
}

/// The drafts of a campaign's contacts with an e-mail address (only `contact`'s, when given). Each
/// draft's Message-ID is kept on the campaign the first time it is written and reused every time
/// after, so a file the user already sent stays the one a mail import recognises. Every message is
/// built before anything is kept: a bad address keeps nothing.
pub async fn eml_drafts(
    store: &dyn Store,
    view: &CampaignView,
    from: &Mailbox,
    contact: Option<ContactId>,
) -> StoreResult<Vec<EmlDraft>> {
    let chosen: Vec<(usize, &DraftView)> = view
        .contacts
        .iter()
        .enumerate()
        .filter(|(_, d)| d.email.is_some() && contact.is_none_or(|c| c == d.contact_id))
        .collect();
    let mut ids: Vec<(ContactId, String)> = Vec::new();
    for (_, d) in &chosen {
        let id = d.message_id.clone().unwrap_or_else(|| crate::mail::message_id(from));
        message(d, from, &id)?;
        ids.push((d.contact_id, id));
    }
    let fresh: Vec<(ContactId, String)> =
        ids.iter().zip(&chosen).filter(|(_, (_, d))| d.message_id.is_none()).map(|(id, _)| id.clone()).collect();
    let kept: std::collections::HashMap<ContactId, String> = if fresh.is_empty() {
        std::collections::HashMap::new()
    } else {
        store.keep_campaign_message_ids(view.id, &fresh).await?.into_iter().collect()
    };
    let mut out = Vec::with_capacity(chosen.len());
    for ((position, d), (_, id)) in chosen.into_iter().zip(ids) {
        // Another writer may have kept an id first: its id is the one to use.
        let message_id = kept.get(&d.contact_id).cloned().unwrap_or(id);
        let Some(m) = message(d, from, &message_id)? else { continue };
        out.push(EmlDraft {
            contact_id: d.contact_id,
            name: d.name.clone(),
            file: draft_file_name(position, &d.name),
            mailto: d.mailto.clone(),
            message_id,
            bytes: [UNSENT_HEADER, &m.formatted()].concat(),
        });
    }
    Ok(out)
}

/// Marks a `.eml` file as a draft: Outlook and Apple Mail open it ready to send, not as mail
/// received. Only in the files: a message kith sends itself goes without it.
const UNSENT_HEADER: &[u8] = b"X-Unsent: 1\r\n";

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
