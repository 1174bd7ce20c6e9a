//! Events as both front ends take and show them: an event typed on the command line or in the
//! form, read into a [`NewEvent`] with its people resolved; and an organization's page (its
//! people, the user's own roles, the events there and how many a month).

use chrono::NaiveDate;
use kith_core::{
    Event, NewEvent, OrgId, Organization, ValidationError,
    date::parse_date,
    event::{EventKind, MetPerson, MonthCount, per_month, year_start},
    org::{Member, OwnMembership},
};
use kith_store::{EventFilter, Store, StoreError, StoreResult};
use serde::Serialize;
use utoipa::ToSchema;

/// How many of an organization's events its page lists, newest first.
pub const ORG_PAGE_EVENTS: u32 = 50;

/// An event as typed, every value as text: `kith event add` and the web form both fill one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventInput {
    pub title: String,
    pub kind: String,
    /// `YYYY-MM-DD`; empty or absent means today.
    pub on: Option<String>,
    pub org: Option<String>,
    pub minutes: Option<String>,
    pub note: Option<String>,
    /// Contacts already known: id, e-mail, exact name or unique prefix.
    pub with: Vec<String>,
    /// People met for the first time: `Full Name` or `Full Name <email>`.
    pub met: Vec<String>,
}

fn filled(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Reads `--minutes`: a whole number from 1 to 1440.
fn minutes(value: &str) -> Result<u32, ValidationError> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|m| (1..=kith_core::interaction::MAX_MINUTES).contains(m))
        .ok_or_else(|| ValidationError::new("minutes", value, "give the time spent in whole minutes, from 1 to 1440"))
}

/// Checks everything typed and resolves the people already known; nothing is written. Each
/// problem names its field and the value as typed.
pub async fn read_event(store: &dyn Store, input: &EventInput, today: NaiveDate) -> StoreResult<NewEvent> {
    let kind: EventKind = input.kind.parse()?;
    let on = match filled(&input.on) {
        Some(d) => parse_date("on", d)?,
        None => today,
    };
    let minutes = filled(&input.minutes).map(minutes).transpose()?;
    let met = input
        .met
        .iter()
        .filter(|m| !m.trim().is_empty())
        .map(|m| MetPerson::parse("met", m))
        .collect::<Result<Vec<_>, _>>()?;
    let mut with = Vec::with_capacity(input.with.len());
    for who in input.with.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
        let id = store.resolve(who).await.map_err(|e| match e {
            StoreError::NotFound { .. } => StoreError::Invalid(ValidationError::new(
                "with",
                who,
                "no contact matches; give an id, an e-mail, the exact name or a unique prefix, or use --met for someone new",
            )),
            StoreError::Ambiguous { .. } => StoreError::Invalid(ValidationError::new("with", who, e.to_string())),
            e => e,
        })?;
        with.push(id);
    }
    let event = NewEvent {
        title: input.title.clone(),
        kind,
        on,
        org: filled(&input.org).map(str::to_string),
        minutes,
        note: filled(&input.note).map(str::to_string),
        with,
        met,
    };
    Ok(event.validate(today)?)
}

/// An organization's page: `kith org show` and `/orgs/{id}` (and the API) show the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OrgPage {
    pub org: Organization,
    /// Contacts there with their roles, by name.
    pub members: Vec<Member>,
    /// The user's own roles there, with their dates.
    pub my_roles: Vec<OwnMembership>,
    /// The events there, newest first (at most [`ORG_PAGE_EVENTS`]), with who was there.
    pub events: Vec<Event>,
    /// Events there in each of the last twelve months, oldest first.
    pub per_month: Vec<MonthCount>,
}

/// Reads an organization's page on `today`: a few indexed reads, whatever the network's size.
pub async fn org_page(store: &dyn Store, id: OrgId, today: NaiveDate) -> StoreResult<OrgPage> {
    let org = store.org(id).await?;
    let members = store.org_members(id).await?;
    let my_roles = store.own_memberships(Some(id)).await?;
    let events = store.events(&EventFilter { org: Some(id), since: None, limit: Some(ORG_PAGE_EVENTS) }).await?;
    let days = store.event_days(id, year_start(today)).await?;
    Ok(OrgPage { org, members, my_roles, events, per_month: per_month(&days, today) })
}
