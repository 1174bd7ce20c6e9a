//! A whole network as plain data: what a backup holds and a restore brings back.
//!
//! Nothing here depends on where the data is stored: contacts are named by their stable `uid`
//! (never by a database id), so a snapshot restores into an empty database or merges into a full
//! one. Volatile values (etags, timestamps of edits) are left out, so exporting the same network
//! twice gives the same snapshot.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{Circle, InteractionKind, NewContact, OrgKind, Role, contact::Birthday, event::EventKind};

/// One owner's network.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub organizations: Vec<SnapshotOrg>,
    pub contacts: Vec<SnapshotContact>,
    pub interactions: Vec<SnapshotInteraction>,
    pub followups: Vec<SnapshotFollowUp>,
    #[serde(default)]
    pub career: SnapshotCareer,
    /// The habit goals; absent while the owner never had any set up (and in older backups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goals: Option<Vec<crate::goal::Goal>>,
    /// Market signals, oldest first (absent in older backups).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<SnapshotSignal>,
    /// Recorded events with their people. The interaction that touched an event's people is not
    /// in `interactions`: restoring the event makes it again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<SnapshotEvent>,
    /// The user's own roles at organizations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub own_memberships: Vec<SnapshotOwnMembership>,
    /// Job-search campaigns, oldest first (absent in backups before version 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub campaigns: Vec<SnapshotCampaign>,
    /// The latest week the weekly digest went out, so a restored kith does not send that week's
    /// digest a second time (absent while none was sent, and before version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest_last_week: Option<crate::schedule::IsoWeek>,
    /// Relationships between the contacts, oldest first (absent before version 4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relationships: Vec<crate::relationship::SnapshotRelationship>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotOrg {
    pub name: String,
    pub kind: OrgKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotMembership {
    pub org: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

/// A contact with everything the user entered and the state kith keeps for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotContact {
    pub uid: String,
    pub name: String,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub phones: Vec<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub circle: Circle,
    /// A custom cadence overriding the circle's.
    pub cadence_days: Option<u32>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub met_at: Option<String>,
    pub met_on: Option<NaiveDate>,
    pub linkedin: Option<String>,
    pub website: Option<String>,
    /// `YYYY-MM-DD`, or `--MM-DD` without the year.
    pub birthday: Option<String>,
    pub notes: Option<String>,
    #[serde(default)]
    pub important: bool,
    #[serde(default)]
    pub archived: bool,
    pub added_on: NaiveDate,
    pub snoozed_until: Option<NaiveDate>,
    /// Dormant by the user's choice (not merely imported): kept out of the triage. Written only
    /// when true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub kept_dormant: bool,
    #[serde(default)]
    pub memberships: Vec<SnapshotMembership>,
    /// vCard properties kith does not model, kept for export.
    #[serde(default)]
    pub vcard_extra: Vec<String>,
    /// The name a phone's address book gave the contact's card, when not `{uid}.vcf`: kept so a
    /// restored kith answers the phone under the same name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_name: Option<String>,
    /// Where the contact worked before, the earliest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub past_jobs: Vec<crate::job::SnapshotPastJob>,
    /// The moves kith noticed, the earliest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub job_changes: Vec<crate::job::SnapshotJobChange>,
}

impl SnapshotContact {
    /// The contact as a new contact would be entered, birthday parsed (the field named on error).
    pub fn to_new(&self) -> Result<NewContact, crate::ValidationError> {
        Ok(NewContact {
            name: self.name.clone(),
            emails: self.emails.clone(),
            phones: self.phones.clone(),
            org: self.org.clone(),
            title: self.title.clone(),
            location: self.location.clone(),
            circle: Some(self.circle),
            cadence_days: self.cadence_days,
            tags: self.tags.clone(),
            met_at: self.met_at.clone(),
            met_on: self.met_on,
            linkedin: self.linkedin.clone(),
            website: self.website.clone(),
            birthday: self.birthday.as_deref().map(|b| Birthday::parse("birthday", b)).transpose()?,
            notes: self.notes.clone(),
            important: self.important,
        })
    }
}

/// An interaction; its people are named by contact uid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotInteraction {
    pub kind: InteractionKind,
    pub on: NaiveDate,
    pub with: Vec<String>,
    pub minutes: Option<u32>,
    pub note: Option<String>,
    pub gave: Option<String>,
    pub got: Option<String>,
    #[serde(default)]
    pub they_initiated: bool,
    /// The weight it carried when logged (weights are configurable).
    pub weight: f64,
    /// Where it was found (a Message-ID, a calendar event), so re-imports stay no-ops after a restore.
    pub source: Option<String>,
    /// The uid of the one person the favor (`gave` or `got`) belongs to, one of `with`. Backups
    /// written before favors had an owner leave it out: the favor then belongs to the first of `with`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favor_with: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotFollowUp {
    /// The contact's uid.
    pub contact: String,
    pub due_on: NaiveDate,
    pub note: Option<String>,
    pub created_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

/// The user's own career figures (the LinkedIn fields keep their first names, so older backups
/// still read: `linkedin_connections` is the connection count however it was set).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotCareer {
    pub linkedin_connections: Option<u32>,
    pub linkedin_connections_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_updated_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linkedin_updated_on: Option<NaiveDate>,
    /// Absent while the default target stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections_target: Option<u32>,
    /// Oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accomplishments: Vec<crate::career::NewAccomplishment>,
}

/// A market signal; who told the user is named by contact uid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotSignal {
    pub org: Option<String>,
    pub field: Option<String>,
    pub kind: crate::signal::SignalKind,
    pub on: NaiveDate,
    pub from: Option<String>,
    pub note: Option<String>,
}

/// An event; its people are named by contact uid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotEvent {
    pub title: String,
    pub kind: EventKind,
    pub on: NaiveDate,
    pub org: Option<String>,
    pub minutes: Option<u32>,
    pub note: Option<String>,
    /// Contacts already known who were there.
    #[serde(default)]
    pub with: Vec<String>,
    /// People met there for the first time.
    #[serde(default)]
    pub met: Vec<String>,
    /// The weight of the interaction that touched them.
    pub weight: f64,
}

/// One of the user's own roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotOwnMembership {
    pub org: String,
    pub role: Role,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// A job-search campaign: its template and the contacts it picked, in the order they were picked
/// (its size is the number of members). The filters that picked them are not kept by kith: a
/// campaign holds the people, not the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotCampaign {
    pub name: String,
    pub created_on: NaiveDate,
    pub subject: String,
    pub body: String,
    pub members: Vec<SnapshotCampaignMember>,
}

/// A contact on a campaign, named by uid, with where they stand on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotCampaignMember {
    pub contact: String,
    pub stage: crate::campaign::Stage,
    /// The `{custom}` line written for this contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<String>,
    /// The Message-ID kept when the message was drafted or sent, which replies point back to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The day of the e-mail interaction the message was recorded as (one of the backup's
    /// interactions with this contact; a restore links the member to it again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_on: Option<NaiveDate>,
}
