//! The storage interface every backend implements.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use kith_core::{
    Circle, Contact, ContactId, FollowUp, Interaction, NewContact, NewInteraction, OrgId, OrgKind, Role, Status,
    event::NewEvent,
    goal::Goal,
    org::{Membership, Tenure},
    signal::NewSignal,
    snapshot::SnapshotCareer,
};
use serde::{Deserialize, Serialize};

use crate::{
    AccountStore, ApiTokenStore, AppPasswordStore, BackupStore, BulkStore, CampaignMailStore, CampaignStore,
    CardWriteStore, CareerStore, ChangeStore, ContactListStore, ContactStore, DeleteStore, DigestStore, DueStore,
    EventStore, FollowUpStore, GoalStore, HealthStore, ImportStore, InteractionStore, IntroStore, JobStore, MergeStore,
    OrgStore, ProfileStore, RelationshipStore, SessionStore, SignalStore, SourceStore, StoreBase, TieStore,
    TriageStore, WebStore,
};

/// The user whose data a store reads and writes. Single-user installs use [`LOCAL_OWNER`].
pub type OwnerId = i64;

/// The owner of a single-user database (created by the first migration).
pub const LOCAL_OWNER: OwnerId = 1;

/// An owner no row has: a store working for it reads nothing and can write nothing. A server with
/// accounts works for it until a request is signed in, so a path that forgot to ask whose request
/// it is finds nobody's data rather than someone's.
pub const NO_OWNER: OwnerId = 0;

/// Filters for listing contacts; all optional, combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactFilter {
    pub tag: Option<String>,
    pub circle: Option<Circle>,
    /// Applied on `today`.
    pub status: Option<Status>,
    /// Organization name, case-insensitive exact match.
    pub org: Option<String>,
    /// Full-text search over names, organizations, titles, e-mails, tags and notes; words are
    /// prefixes and all must match.
    pub search: Option<String>,
    pub limit: Option<u32>,
    /// Contacts to skip before the first one returned (pages of a long list).
    pub offset: Option<u32>,
    pub sort: ContactSort,
    pub include_archived: bool,
}

/// Filters for listing events; all optional, combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFilter {
    /// Events at this organization.
    pub org: Option<OrgId>,
    /// Events on or after this day.
    pub since: Option<NaiveDate>,
    pub limit: Option<u32>,
}

/// The order of a contact list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactSort {
    /// By name, then id.
    #[default]
    Name,
    /// Warmest first (on `today`); contacts without touches last.
    Warmth,
    /// Soonest due first; contacts never due last.
    Due,
}

impl ContactSort {
    pub const ALL: [ContactSort; 3] = [ContactSort::Name, ContactSort::Warmth, ContactSort::Due];

    pub fn as_str(self) -> &'static str {
        match self {
            ContactSort::Name => "name",
            ContactSort::Warmth => "warmth",
            ContactSort::Due => "due",
        }
    }

    pub fn parse(field: &str, s: &str) -> Result<ContactSort, kith_core::ValidationError> {
        ContactSort::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| kith_core::ValidationError::new(field, s, "unknown order; use one of name, warmth, due"))
    }
}

/// A contact to create in bulk (demo data), with the day it was added and its memberships.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkContact {
    pub contact: NewContact,
    pub added_on: NaiveDate,
    pub memberships: Vec<(String, OrgKind, Role)>,
    /// vCard properties kith does not model, kept for export.
    pub extra: Vec<String>,
    /// The contact's stable uid when it has one already (a restored backup); else a new one.
    pub uid: Option<String>,
    pub archived: bool,
    pub snoozed_until: Option<NaiveDate>,
}

impl BulkContact {
    /// A new, unarchived contact added on `added_on`.
    pub fn new(contact: NewContact, added_on: NaiveDate) -> BulkContact {
        BulkContact {
            contact,
            added_on,
            memberships: Vec::new(),
            extra: Vec::new(),
            uid: None,
            archived: false,
            snoozed_until: None,
        }
    }
}

/// An interaction to create in bulk; its `contacts` are indexes into [`Bulk::contacts`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkInteraction {
    pub interaction: NewInteraction,
    pub weight: f64,
    /// Where it was found (a Message-ID, a calendar UID): the same source is never imported twice.
    pub source_key: Option<String>,
}

/// A follow-up to create in bulk; `contact` indexes [`Bulk::contacts`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkFollowUp {
    pub contact: usize,
    pub due_on: NaiveDate,
    pub note: Option<String>,
    pub created_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

/// An event to record in bulk; its people index [`Bulk::contacts`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkEvent {
    /// The event itself; its own `with` and `met` are not read (the people are below). Its
    /// organization must be one the load names or one already stored.
    pub event: NewEvent,
    /// Contacts of the load who were there.
    pub with: Vec<usize>,
    /// Contacts of the load met there for the first time. As with `kith event add --met`, their
    /// met-at and met-on should name the event and they should be members of its organization;
    /// the load gives them to these contacts.
    pub met: Vec<usize>,
    /// The weight of the `event` interaction that touches everyone there.
    pub weight: f64,
}

/// A market signal to record in bulk; who told the user indexes [`Bulk::contacts`] (the
/// signal's own `from` is not read).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkSignal {
    pub signal: NewSignal,
    pub from: Option<usize>,
}

/// One of the user's own roles, at an organization the load names or one already stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkOwnMembership {
    pub org: String,
    pub role: Role,
    pub tenure: Tenure,
}

/// A whole network loaded at once (the demo), in one transaction: the contacts and their
/// history, and optionally the practice around them — events, the user's own roles, market
/// signals and the career record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bulk {
    pub contacts: Vec<BulkContact>,
    pub interactions: Vec<BulkInteraction>,
    pub followups: Vec<BulkFollowUp>,
    #[serde(default)]
    pub events: Vec<BulkEvent>,
    #[serde(default)]
    pub own_memberships: Vec<BulkOwnMembership>,
    #[serde(default)]
    pub signals: Vec<BulkSignal>,
    /// The career record and accomplishments, as a backup holds them.
    #[serde(default)]
    pub career: Option<SnapshotCareer>,
    /// Relationships between the load's contacts.
    #[serde(default)]
    pub relationships: Vec<BulkRelationship>,
    /// Where the load's contacts worked before, and the moves noticed.
    #[serde(default)]
    pub jobs: Vec<BulkJobs>,
}

/// A contact's employment history in a bulk load, the contact by its index in the load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkJobs {
    pub contact: usize,
    /// When the contact began at their current employer, when known.
    #[serde(default)]
    pub current_since: Option<NaiveDate>,
    pub past_jobs: Vec<kith_core::job::SnapshotPastJob>,
    pub job_changes: Vec<kith_core::job::SnapshotJobChange>,
}

/// A relationship in a bulk load, "FROM is KIND TO", the contacts by their index in the load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRelationship {
    pub from: usize,
    pub kind: kith_core::relationship::RelationKind,
    pub to: usize,
    pub note: Option<String>,
}

/// Per contact, what a vCard export writes beside the contact itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardParts {
    pub memberships: HashMap<ContactId, Vec<Membership>>,
    /// vCard properties kith does not model, in import order.
    pub extras: HashMap<ContactId, Vec<String>>,
    /// Relationships with other contacts, read from each contact's side.
    pub relations: HashMap<ContactId, Vec<kith_core::relationship::Relation>>,
}

/// One contact as an address book serves it: the contact, its organizations and the vCard
/// properties kith keeps without modelling them.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// Its name in the address book: the one the client that made it gave it, or `{uid}.vcf`.
    pub name: String,
    pub contact: Contact,
    pub memberships: Vec<Membership>,
    pub extras: Vec<String>,
    /// Relationships with other contacts, read from this one's side.
    pub relations: Vec<kith_core::relationship::Relation>,
}

/// What deleting contacts took away.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteReport {
    pub contacts: u64,
    /// Touches with nobody else, deleted with them.
    pub touches_deleted: u64,
    /// Touches shared with others, kept without them.
    pub touches_kept: u64,
}

/// What merging one contact into another moved to the one kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeReport {
    /// The contact kept, and the one merged into it (removed).
    pub kept: ContactId,
    pub removed: ContactId,
    /// Touches that were only the removed contact's; touches both were on stay once.
    pub touches: u64,
    pub followups: u64,
    pub events: u64,
    pub campaigns: u64,
    pub memberships: u64,
    /// vCard properties kith keeps without modelling them.
    pub kept_properties: u64,
}

/// The last merge, while it can be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LastMerge {
    pub kept: ContactId,
    pub kept_name: String,
    /// The name of the contact merged into it.
    pub removed_name: String,
}

/// What undoing a merge brought back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UndoneMerge {
    pub kept: ContactId,
    /// The contact merged away, back under a new id (its uid is the same).
    pub restored: ContactId,
}

/// Two contacts that may be the same person, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicatePair {
    /// The older entry first: the one a merge keeps by default.
    pub first: DuplicateSide,
    pub second: DuplicateSide,
    pub reason: kith_core::duplicate::DuplicateReason,
    /// What they share: the e-mail, phone, profile, organization or domain.
    pub shared: String,
}

/// One contact of a [`DuplicatePair`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicateSide {
    pub id: ContactId,
    pub name: String,
    pub org: Option<String>,
    pub archived: bool,
}

/// One entry of the change log that sync clients follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The sync token after this change.
    pub seq: i64,
    /// `contact`, `interaction`, `followup` or `org`.
    pub entity: String,
    pub entity_id: i64,
    /// The contact's stable uid, for contact changes.
    pub uid: Option<String>,
    /// `create`, `update` or `delete`.
    pub op: String,
}

/// `Store` and its blanket implementation over one list of sections.
macro_rules! store_of_sections {
    ($($section:ident),+ $(,)?) => {
        /// Storage for one owner's network: every section of it (see `sections.rs`). Anything that
        /// implements every section is a store.
        pub trait Store: $($section +)+ {}

        impl<T: $($section +)+> Store for T {}
    };
}

store_of_sections!(
    StoreBase,
    HealthStore,
    AccountStore,
    SourceStore,
    AppPasswordStore,
    ApiTokenStore,
    ContactStore,
    ContactListStore,
    ProfileStore,
    DeleteStore,
    MergeStore,
    InteractionStore,
    DueStore,
    FollowUpStore,
    OrgStore,
    EventStore,
    ImportStore,
    BackupStore,
    BulkStore,
    ChangeStore,
    CardWriteStore,
    WebStore,
    SessionStore,
    CampaignStore,
    CampaignMailStore,
    DigestStore,
    GoalStore,
    CareerStore,
    SignalStore,
    RelationshipStore,
    JobStore,
    TieStore,
    IntroStore,
    TriageStore,
);

/// What [`RelationshipStore::relate`](crate::RelationshipStore::relate) did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Related {
    pub id: kith_core::relationship::RelationshipId,
    /// False when the relationship was there already (its note and dates were updated).
    pub created: bool,
}

/// A goal as stored, with its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredGoal {
    pub id: i64,
    pub goal: Goal,
}

/// What [`ProfileStore::profile`](crate::ProfileStore::profile) reads.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactProfile {
    pub contact: Contact,
    /// Every interaction, newest first (ties: newest id first).
    pub timeline: Vec<Interaction>,
    pub memberships: Vec<Membership>,
    /// Open follow-ups, soonest first.
    pub followups: Vec<FollowUp>,
    /// Relationships with other contacts, as read from this one's side.
    pub relations: Vec<kith_core::relationship::Relation>,
    /// Where the contact worked before, the latest first.
    pub past_jobs: Vec<kith_core::job::PastJob>,
}

/// An uploaded import file and how to import it, as the web app's preview left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewImportDraft {
    /// The format's name (`linkedin`, `vcard`, …).
    pub format: String,
    /// The import's options as the web app wrote them (JSON).
    pub options: String,
    pub file_name: String,
    pub content: Vec<u8>,
}

/// A stored draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportDraft {
    pub token: String,
    pub draft: NewImportDraft,
    pub created_at: DateTime<Utc>,
}
