//! The JSON shapes of the CLI contract (SPEC.md). Keys here are stable: scripts depend on them.
//! Wall-clock fields (uid, etag, updated_at) stay out, so the same scenario prints the same JSON on
//! every backend and every run.

use chrono::NaiveDate;
use kith_core::{
    Circle, Contact, Interaction, InteractionKind, Status, contact::Cadenced, org::Membership, reciprocity::Reciprocity,
};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ContactView {
    pub id: i64,
    pub name: String,
    pub given_name: String,
    pub family_name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub circle: Circle,
    /// The cadence in force (custom or the circle's); null for dormant contacts.
    pub cadence_days: Option<u32>,
    /// Whether the cadence is the contact's own rather than its circle's.
    pub custom_cadence: bool,
    pub tags: Vec<String>,
    pub met_at: Option<String>,
    pub met_on: Option<NaiveDate>,
    pub linkedin: Option<String>,
    pub website: Option<String>,
    pub birthday: Option<String>,
    pub notes: Option<String>,
    pub important: bool,
    pub archived: bool,
    pub added_on: NaiveDate,
    pub snoozed_until: Option<NaiveDate>,
    pub warmth: f64,
    pub status: Status,
    pub due_on: Option<NaiveDate>,
    pub last_touch_on: Option<NaiveDate>,
}

impl ContactView {
    pub fn new(c: &Contact, today: NaiveDate) -> ContactView {
        let s = c.summary(today);
        ContactView {
            id: c.id,
            name: c.name.clone(),
            given_name: c.given_name.clone(),
            family_name: c.family_name.clone(),
            emails: c.emails.clone(),
            phones: c.phones.clone(),
            org: c.org.clone(),
            title: c.title.clone(),
            location: c.location.clone(),
            circle: c.circle,
            cadence_days: s.cadence_days,
            custom_cadence: c.custom_cadence_days.is_some(),
            tags: c.tags.clone(),
            met_at: c.met_at.clone(),
            met_on: c.met_on,
            linkedin: c.linkedin.clone(),
            website: c.website.clone(),
            birthday: c.birthday.map(|b| b.to_string()),
            notes: c.notes.clone(),
            important: c.important,
            archived: c.archived,
            added_on: c.added_on,
            snoozed_until: c.snoozed_until,
            warmth: s.warmth,
            status: s.status,
            due_on: s.due_on,
            last_touch_on: c.warmth.map(|w| w.last_touch),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct InteractionView {
    pub id: i64,
    pub kind: InteractionKind,
    pub on: NaiveDate,
    pub note: Option<String>,
    pub minutes: Option<u32>,
    pub gave: Option<String>,
    pub got: Option<String>,
    pub they_initiated: bool,
    pub weight: f64,
    pub with: Vec<kith_core::interaction::Participant>,
}

impl From<&Interaction> for InteractionView {
    fn from(i: &Interaction) -> Self {
        InteractionView {
            id: i.id,
            kind: i.kind,
            on: i.on,
            note: i.note.clone(),
            minutes: i.minutes,
            gave: i.gave.clone(),
            got: i.got.clone(),
            they_initiated: i.they_initiated,
            weight: i.weight,
            with: i.with.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ReciprocityView {
    pub gave: u32,
    pub got: u32,
    pub balance: i64,
    pub give_first: bool,
}

impl From<Reciprocity> for ReciprocityView {
    fn from(r: Reciprocity) -> Self {
        ReciprocityView { gave: r.gave, got: r.got, balance: r.balance(), give_first: r.only_asks() }
    }
}

#[derive(Debug, Serialize)]
pub struct FollowUpView {
    pub id: i64,
    pub contact_id: i64,
    pub name: String,
    pub due_on: NaiveDate,
    pub note: Option<String>,
    pub created_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

impl From<&kith_core::FollowUp> for FollowUpView {
    fn from(f: &kith_core::FollowUp) -> Self {
        FollowUpView {
            id: f.id,
            contact_id: f.contact_id,
            name: f.contact_name.clone(),
            due_on: f.due_on,
            note: f.note.clone(),
            created_on: f.created_on,
            done_on: f.done_on,
        }
    }
}

/// `show --json`: the contact, its timeline and everything around it.
#[derive(Debug, Serialize)]
pub struct ProfileView {
    #[serde(flatten)]
    pub contact: ContactView,
    pub reciprocity: ReciprocityView,
    pub memberships: Vec<Membership>,
    pub followups: Vec<FollowUpView>,
    pub interactions: Vec<InteractionView>,
}
