//! What the store keeps of a job-search campaign.

use chrono::NaiveDate;
use kith_core::{
    ContactId,
    campaign::{CampaignId, Stage},
};
use serde::{Deserialize, Serialize};

/// A campaign to create: its template and the contacts picked for it, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCampaign {
    pub name: String,
    /// The subject line's template.
    pub subject: String,
    /// The body's template.
    pub body: String,
    pub contacts: Vec<ContactId>,
}

/// How many of a campaign's contacts stand at each stage.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageCounts {
    pub drafted: u32,
    pub sent: u32,
    pub replied: u32,
    pub booked: u32,
    pub met: u32,
}

impl StageCounts {
    pub fn add(&mut self, stage: Stage, n: u32) {
        *match stage {
            Stage::Drafted => &mut self.drafted,
            Stage::Sent => &mut self.sent,
            Stage::Replied => &mut self.replied,
            Stage::Booked => &mut self.booked,
            Stage::Met => &mut self.met,
        } += n;
    }

    pub fn get(&self, stage: Stage) -> u32 {
        match stage {
            Stage::Drafted => self.drafted,
            Stage::Sent => self.sent,
            Stage::Replied => self.replied,
            Stage::Booked => self.booked,
            Stage::Met => self.met,
        }
    }
}

/// A campaign in a list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignSummary {
    pub id: CampaignId,
    pub name: String,
    pub created_on: NaiveDate,
    pub size: u32,
    pub stages: StageCounts,
}

/// One contact on a campaign, with what its template needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignMember {
    pub contact_id: ContactId,
    pub name: String,
    pub given_name: String,
    /// The contact's first e-mail address.
    pub email: Option<String>,
    pub org: Option<String>,
    pub met_at: Option<String>,
    pub last_touch_on: Option<NaiveDate>,
    /// The per-contact custom line (`{custom}`).
    pub custom: Option<String>,
    pub stage: Stage,
    /// The Message-ID of the contact's message: kept when its draft is first written.
    pub message_id: Option<String>,
    /// The e-mail interaction the message was logged as, once known to be sent.
    pub interaction_id: Option<kith_core::InteractionId>,
}

/// A campaign with its contacts in ranking order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: CampaignId,
    pub name: String,
    pub subject: String,
    pub body: String,
    pub created_on: NaiveDate,
    pub members: Vec<CampaignMember>,
}

impl Campaign {
    /// The member for a contact, if it is on the campaign.
    pub fn member(&self, contact: ContactId) -> Option<&CampaignMember> {
        self.members.iter().find(|m| m.contact_id == contact)
    }
}

/// What a mail import found of campaign messages: contacts moved to `sent` (the mailbox held the
/// draft they were sent, by its Message-ID) and to `replied` (a message from them answers it).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignMail {
    pub sent: u64,
    pub replied: u64,
}

/// A Message-ID as mail headers compare it: without the angle brackets and surrounding space, so
/// `<a@x>` as written in a draft and `a@x` as read from In-Reply-To are the same message.
pub fn message_id_key(id: &str) -> &str {
    let t = id.trim();
    t.strip_prefix('<').and_then(|r| r.strip_suffix('>')).map_or(t, str::trim)
}
