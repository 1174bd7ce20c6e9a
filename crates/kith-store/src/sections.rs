//! The store's sections: one trait per part of kith's data, each implemented by one file of
//! `shared/` for both backends. [`Store`](crate::Store) is all of them.
//!
//! Every method that writes is one transaction: it lands whole or not at all, and validates
//! before writing.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use kith_core::{
    Circle, Contact, ContactId, ContactPatch, FollowUp, FollowUpId, Interaction, InteractionId, NewContact,
    NewInteraction, OrgId, OrgKind, Organization, Role,
    campaign::{CampaignId, Stage},
    career::{Accomplishment, AccomplishmentId, CareerPatch, CareerRecord, NewAccomplishment},
    contact::{Birthday, ContactBrief},
    dates::BirthdayOf,
    event::{Event, EventId, EventPatch, NewEvent},
    goal::Goal,
    habit::Activity,
    interaction::InteractionPatch,
    job::JobChange,
    org::{Membership, OwnMembership, Tenure},
    plan::{History, WeekSoFar},
    reciprocity::Reciprocity,
    reconnect::{Offer, ReconnectCandidate},
    relationship::{NewRelationship, Relation, RelationshipId},
    schedule::IsoWeek,
    signal::{NewSignal, Signal, SignalFilter, SignalId},
    snapshot::Snapshot,
    triage::TriageCandidate,
};

use crate::{
    Account, ApiToken, AppPassword, AppPasswordId, Backend, Bulk, Campaign, CampaignSummary, Card, CardCondition,
    CardParts, CardPut, CardPutOutcome, CardRemoveOutcome, Change, ContactFilter, ContactProfile, DeleteReport,
    DeletedAccount, DuplicatePair, EventFilter, ImportBatch, ImportDraft, ImportOptions, ImportReport, LastMerge,
    MergeReport, NewAccount, NewCampaign, NewImportDraft, NewSource, OwnerId, Related, SearchMatch, SeenPerson, Source,
    SourceBatch, SourceBatchReport, SourceId, StoreResult, StoredGoal, Suggestion, SyncEnd, TokenScope, UndoneMerge,
};

/// Accounts on a shared server. Server-wide: these read and write every owner's account, whatever
/// owner the store works for (signing in is how the owner is found).
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Makes an account (and its owner: the first account takes [`crate::LOCAL_OWNER`], the data
    /// kith held before accounts, unless an account of it was deleted before; later ones get an
    /// id no owner ever had); an address already in use is refused (field `EMAIL`).
    async fn add_account(&self, new: NewAccount<'_>, now: DateTime<Utc>) -> StoreResult<Account>;
    /// Every account, by address.
    async fn accounts(&self) -> StoreResult<Vec<Account>>;
    /// The account of an address (lower case).
    async fn account(&self, email: &str) -> StoreResult<Option<Account>>;
    /// The account that owns `owner`'s rows.
    async fn account_of(&self, owner: OwnerId) -> StoreResult<Option<Account>>;
    /// Disables the account at `at` (its sessions end), or enables it again with `None`; an
    /// unknown address is refused (field `EMAIL`).
    async fn set_account_disabled(&self, email: &str, at: Option<DateTime<Utc>>) -> StoreResult<Account>;
    /// Replaces the account's password hash.
    async fn set_password_hash(&self, owner: OwnerId, hash: &str) -> StoreResult<()>;
    /// Deletes the account and every row its owner has, in one transaction, and remembers the
    /// owner's id as deleted (never given again; the local owner's row stays, empty); an unknown
    /// address is refused (field `EMAIL`).
    async fn delete_account(&self, email: &str, now: DateTime<Utc>) -> StoreResult<DeletedAccount>;
    /// The owner of a live session of an enabled account, and when the session expires.
    async fn session_owner(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(OwnerId, DateTime<Utc>)>>;
}

/// Which backend a store runs on and whose data it reads and writes.
pub trait StoreBase: Send + Sync + std::fmt::Debug {
    fn backend(&self) -> Backend;
    fn owner(&self) -> OwnerId;
    /// The same database, working for `owner` (multi-user): another owner's rows are out of its
    /// reach. The owner row must exist for writes to succeed.
    fn as_owner(&self, owner: OwnerId) -> std::sync::Arc<dyn crate::Store>;
}

/// Whether the database can serve, for an operator's readiness check.
#[async_trait]
pub trait HealthStore: Send + Sync {
    /// Whether the database answers and holds exactly the migrations this kith knows (the same
    /// rule as opening it: every one applied, successfully, unchanged); an unreachable database
    /// is an error.
    async fn readiness(&self) -> StoreResult<Readiness>;
}

/// What the readiness check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    Ready,
    /// Migrations this kith knows are missing, failed or changed: their versions, for the log.
    Behind {
        missing: Vec<i64>,
    },
    /// The database holds migrations this kith does not know: a newer kith migrated it.
    Ahead {
        unknown: Vec<i64>,
    },
}

/// Contacts: create, change, read and resolve one or many.
#[async_trait]
pub trait ContactStore: Send + Sync {
    /// Creates a contact added on `today` (validated again here); returns its id. An `org` that does
    /// not exist yet is created as an employer and the contact joins it as an employee.
    async fn add_contact(&self, contact: NewContact, today: NaiveDate) -> StoreResult<ContactId>;
    /// Applies a change; recomputes the due date when the circle or cadence changes.
    async fn edit_contact(&self, id: ContactId, patch: ContactPatch) -> StoreResult<()>;
    /// Applies one change to many contacts (archive them, tag them) in one transaction: an unknown
    /// id or a refused change writes nothing.
    async fn edit_contacts(&self, ids: &[ContactId], patch: ContactPatch) -> StoreResult<()>;
    async fn contact(&self, id: ContactId) -> StoreResult<Contact>;
    /// Finds the contact a user means: an id (`12` or `#12`), an e-mail (case-insensitive), an exact name
    /// (case-insensitive), or a unique prefix of a name. Several matches → `StoreError::Ambiguous`
    /// listing them; none → `StoreError::NotFound`.
    async fn resolve(&self, who: &str) -> StoreResult<ContactId>;
    async fn memberships(&self, contact: ContactId) -> StoreResult<Vec<Membership>>;
    /// Every contact's brief (archived included), by id.
    async fn briefs(&self) -> StoreResult<Vec<ContactBrief>>;
    /// The briefs (archived included) of at most `limit` contacts with ids above `after`, by id: the
    /// whole network read a batch at a time (network health), never held at once.
    async fn briefs_after(&self, after: ContactId, limit: u32) -> StoreResult<Vec<ContactBrief>>;
    /// The briefs of the given contacts (archived included), by id; unknown ids are left out.
    async fn briefs_of(&self, ids: &[ContactId]) -> StoreResult<Vec<ContactBrief>>;
    /// Unarchived contacts with a birthday, by id: (id, name, birthday).
    async fn birthdays(&self) -> StoreResult<Vec<(ContactId, String, Birthday)>>;
    async fn count_contacts(&self) -> StoreResult<u64>;
}

/// Lists of contacts, filtered, sorted and paged.
#[async_trait]
pub trait ContactListStore: Send + Sync {
    /// Contacts matching the filter on `today`, in the filter's order (ties: name, then id).
    async fn list_contacts(&self, filter: &ContactFilter, today: NaiveDate) -> StoreResult<Vec<Contact>>;
    /// The briefs of the same contacts as [`ContactListStore::list_contacts`], in the same order: what a table
    /// of them shows, without reading e-mails, phones, tags and notes.
    async fn list_briefs(&self, filter: &ContactFilter, today: NaiveDate) -> StoreResult<Vec<ContactBrief>>;
    /// Where a search found each of `contacts` (listed with that search), for those whose name,
    /// organization, title, e-mails and tags do not explain it: a note, a touch, an event or a
    /// follow-up, with the words around what was found.
    async fn search_matches(&self, query: &str, contacts: &[ContactId])
    -> StoreResult<HashMap<ContactId, SearchMatch>>;
}

/// A contact's page, read in one go.
#[async_trait]
pub trait ProfileStore: Send + Sync {
    /// A contact with its whole timeline (newest first), memberships and open follow-ups, read in
    /// one go: what a contact's page shows.
    async fn profile(&self, id: ContactId) -> StoreResult<ContactProfile>;
}

/// Deleting contacts for good.
#[async_trait]
pub trait DeleteStore: Send + Sync {
    /// Deletes contacts for good, in one transaction: each contact and everything that is only
    /// theirs (touches with nobody else, follow-ups, favors, memberships, kept properties, campaign
    /// entries); touches shared with others lose only them. An unknown id deletes nothing.
    async fn delete_contacts(&self, ids: &[ContactId]) -> StoreResult<DeleteReport>;
}

/// Contacts that are the same person: found, and merged into one.
#[async_trait]
pub trait MergeStore: Send + Sync {
    /// Merges contact `removed` into `kept` in one transaction: every touch, follow-up, event,
    /// campaign entry, membership, favor, signal and kept vCard property of `removed` becomes
    /// `kept`'s (a touch both were on stays once), `patch` (the union of e-mails, phones and tags,
    /// and the values chosen where they differ) is applied to `kept`, and `removed` is deleted.
    async fn merge_contacts(
        &self,
        kept: ContactId,
        removed: ContactId,
        patch: &ContactPatch,
    ) -> StoreResult<MergeReport>;
    /// Pairs of contacts that may be the same person: the same e-mail, LinkedIn profile or phone;
    /// or the same name and one of organization or e-mail domain. Strongest reason first, at most
    /// `limit` pairs.
    async fn possible_duplicates(&self, limit: u32) -> StoreResult<Vec<DuplicatePair>>;
    /// The last merge, if it can still be undone (the kept contact has not changed since).
    async fn last_merge(&self) -> StoreResult<Option<LastMerge>>;
    /// Undoes the last merge in one transaction: the kept contact gets back what it was, the
    /// merged one comes back (same uid, new id) with every row that was its own. Refused once the
    /// kept contact has changed.
    async fn undo_merge(&self, today: NaiveDate) -> StoreResult<UndoneMerge>;
}

/// Touches: log, change, delete, read, and what they add up to.
#[async_trait]
pub trait InteractionStore: Send + Sync {
    /// Records one interaction with every contact in it, with the weight its kind carries, and
    /// updates each contact's due date in the same transaction.
    async fn log_interaction(&self, interaction: NewInteraction, weight: f64) -> StoreResult<InteractionId>;
    /// Changes an interaction (a new kind comes with its weight) and updates its contacts' due dates.
    async fn edit_interaction(
        &self,
        id: InteractionId,
        patch: InteractionPatch,
        weight: Option<f64>,
    ) -> StoreResult<()>;
    /// Deletes an interaction and updates its contacts' due dates.
    async fn delete_interaction(&self, id: InteractionId) -> StoreResult<()>;
    async fn interaction(&self, id: InteractionId) -> StoreResult<Interaction>;
    /// A contact's interactions, newest first (ties: newest id first).
    async fn timeline(&self, contact: ContactId, limit: Option<u32>) -> StoreResult<Vec<Interaction>>;
    async fn reciprocity(&self, contact: ContactId) -> StoreResult<Reciprocity>;
    /// For each contact: the kinds of its `recent` newest interactions, its reciprocity, what its latest
    /// touch was, and how it can be reached (e-mail, phone, LinkedIn on file).
    async fn histories(&self, contacts: &[ContactId], recent: u32) -> StoreResult<HashMap<ContactId, History>>;
}

/// Who is due, the weekly plan, birthdays, the week so far, snoozes.
#[async_trait]
pub trait DueStore: Send + Sync {
    /// Contacts that may be due by `until` on `today`: nagged, due on or before `until`, not lost and
    /// not snoozed past `today`. Served by the due-date index, never by scanning history. With a
    /// `limit`, only the first `limit` of them in the due list's ranking (kith-core's `DueRank`),
    /// in any order: the database stops once it has them.
    async fn due_candidates(
        &self,
        today: NaiveDate,
        until: NaiveDate,
        limit: Option<u32>,
    ) -> StoreResult<Vec<ContactBrief>>;
    /// The reconnect pool on `today` (kith-core's `reconnect::in_pool`), strongest tie first: the
    /// `limit` strongest, and those of `also` that are in the pool however strong (the week's offer).
    async fn reconnect_pool(
        &self,
        today: NaiveDate,
        limit: u32,
        also: &[ContactId],
    ) -> StoreResult<Vec<ReconnectCandidate>>;
    /// The reconnects the plan offered in the weeks starting from `from` to `to`, each with the
    /// contact's latest touch now.
    async fn reconnect_offers(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<Offer>>;
    /// Remembers that the plan of the week starting `week_of` offered `contact` to reconnect with.
    async fn record_reconnect_offer(&self, week_of: NaiveDate, contact: ContactId) -> StoreResult<()>;
    /// Unarchived contacts whose birthday falls on one of `month_days` (`MM-DD`), whatever the year,
    /// by id: served by an index on the month and day.
    async fn birthdays_on(&self, month_days: &[String]) -> StoreResult<Vec<BirthdayOf>>;
    /// Touches (interaction × contact) and face-to-face touches from `from` to `to`, inclusive.
    async fn week_so_far(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<WeekSoFar>;
    /// Number of interactions per day from `from` to `to`, inclusive.
    async fn touches_by_day(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<(NaiveDate, u64)>>;
    /// Snoozes a contact until a date; `None` lifts the snooze.
    async fn snooze(&self, contact: ContactId, until: Option<NaiveDate>) -> StoreResult<()>;
}

/// Follow-ups: dated promises.
#[async_trait]
pub trait FollowUpStore: Send + Sync {
    async fn add_followup(
        &self,
        contact: ContactId,
        due_on: NaiveDate,
        note: Option<String>,
        today: NaiveDate,
    ) -> StoreResult<FollowUpId>;
    /// Follow-ups by due date (open ones only unless `include_done`).
    async fn followups(&self, include_done: bool) -> StoreResult<Vec<FollowUp>>;
    /// Open follow-ups due on or before `until`, by due date: read from the due-date index.
    async fn followups_due_by(&self, until: NaiveDate) -> StoreResult<Vec<FollowUp>>;
    /// One contact's follow-ups by due date (open ones only unless `include_done`).
    async fn followups_of(&self, contact: ContactId, include_done: bool) -> StoreResult<Vec<FollowUp>>;
    async fn complete_followup(&self, id: FollowUpId, today: NaiveDate) -> StoreResult<()>;
}

/// Organizations, their people, and your own roles.
#[async_trait]
pub trait OrgStore: Send + Sync {
    /// Creates an organization; a name already taken (case-insensitive) is an error.
    async fn add_org(&self, name: &str, kind: OrgKind) -> StoreResult<OrgId>;
    /// Organizations by name, with member counts.
    async fn orgs(&self) -> StoreResult<Vec<Organization>>;
    async fn org(&self, id: OrgId) -> StoreResult<Organization>;
    /// The people at an organization with their roles, by name.
    async fn org_members(&self, id: OrgId) -> StoreResult<Vec<kith_core::org::Member>>;
    /// Records a contact's role at an existing organization (named case-insensitively), with
    /// its dates; dates not given keep what was recorded.
    async fn join_org(&self, contact: ContactId, org: &str, role: Role, tenure: Tenure) -> StoreResult<()>;
    /// Records the user's own role at an existing organization, with its dates; dates not given
    /// keep what was recorded. Returns the organization's id.
    async fn set_own_membership(&self, org: &str, role: Role, tenure: Tenure) -> StoreResult<OrgId>;
    /// The user's own roles, at one organization or all, by organization name.
    async fn own_memberships(&self, org: Option<OrgId>) -> StoreResult<Vec<OwnMembership>>;
}

/// Events: meetings, conferences, association evenings.
#[async_trait]
pub trait EventStore: Send + Sync {
    /// Records an event in one transaction: the people met there become contacts (met there, on
    /// its day, members of its organization), and one `event` interaction of `weight` touches
    /// everyone there. A missing contact or organization writes nothing.
    async fn add_event(&self, event: NewEvent, today: NaiveDate, weight: f64) -> StoreResult<EventId>;
    /// Events, newest first, with the people at each.
    async fn events(&self, filter: &EventFilter) -> StoreResult<Vec<Event>>;
    async fn event(&self, id: EventId) -> StoreResult<Event>;
    /// The days of an organization's events from `from` on (its events per month).
    async fn event_days(&self, org: OrgId, from: NaiveDate) -> StoreResult<Vec<NaiveDate>>;
    /// Changes an event (checked as a new one is, against `today`); its touch follows — the day,
    /// the minutes and the note it carries — and so does the warmth of everyone there.
    async fn edit_event(&self, id: EventId, patch: EventPatch, today: NaiveDate) -> StoreResult<()>;
    /// Removes an event and the interaction that touched its people; the people stay.
    async fn remove_event(&self, id: EventId) -> StoreResult<()>;
}

/// Imports of contacts and touches from files.
#[async_trait]
pub trait ImportStore: Send + Sync {
    /// Imports contacts and touches in one transaction (rolled back on a dry run): records are
    /// matched to contacts and merged, never doubled; touches are recorded once per source key.
    async fn import(&self, batch: ImportBatch, options: &ImportOptions) -> StoreResult<ImportReport>;
    /// vCard properties kept with a contact, in the order they were imported.
    async fn extras(&self, contact: ContactId) -> StoreResult<Vec<String>>;
    /// The LinkedIn connection count and the day it was last set.
    async fn linkedin_connections(&self) -> StoreResult<Option<(u32, NaiveDate)>>;
}

/// The lossless backup: snapshot, restore, and the parts of an export.
#[async_trait]
pub trait BackupStore: Send + Sync {
    /// The whole network, for a backup: contacts named by uid, nothing volatile, stable order.
    async fn snapshot(&self) -> StoreResult<Snapshot>;
    /// Brings a backup back in one transaction: exactly into an empty database; merged like an
    /// import into a full one (contacts matched by uid first, stored interactions not doubled).
    async fn restore(&self, snapshot: Snapshot, options: &ImportOptions) -> StoreResult<ImportReport>;
    /// Every contact's memberships and kept vCard properties, for an export.
    async fn card_parts(&self) -> StoreResult<CardParts>;
}

/// Bulk loads (the demo network).
#[async_trait]
pub trait BulkStore: Send + Sync {
    /// Loads a whole network in one transaction, fast (the 100,000-contact demo).
    async fn bulk_load(&self, bulk: &Bulk) -> StoreResult<()>;
}

/// The change log sync clients follow.
#[async_trait]
pub trait ChangeStore: Send + Sync {
    /// The current sync token: the sequence number of the latest change.
    async fn sync_token(&self) -> StoreResult<i64>;
    /// Changes after `token`, oldest first.
    async fn changes_since(&self, token: i64, limit: u32) -> StoreResult<Vec<Change>>;
    /// Every card in the address book (archived contacts are not) as `(name, etag)`, by name.
    async fn card_etags(&self) -> StoreResult<Vec<(String, String)>>;
    /// The address book's cards of these names (unknown ones and archived contacts left out), each
    /// with its memberships and kept vCard properties: what a card is written from. In no set order.
    async fn cards(&self, names: &[String]) -> StoreResult<Vec<Card>>;
    /// The names of the cards whose contacts changed after `since` up to `until` (created, edited,
    /// archived, deleted), by name, each once; `None` when a bulk load (an import, a restore) came in
    /// between, whose contacts the log keeps as one row: the client starts over.
    async fn changed_card_names(&self, since: i64, until: i64) -> StoreResult<Option<Vec<String>>>;
}

/// Writes from address-book apps: a card put, a card removed.
#[async_trait]
pub trait CardWriteStore: Send + Sync {
    /// Creates the contact a card describes or replaces the one it names, all or nothing, under
    /// the write's conditions (checked in the writing transaction).
    async fn put_card(&self, put: CardPut) -> StoreResult<CardPutOutcome>;
    /// Archives the contact a card names, or deletes it for good when `delete` is true.
    async fn remove_card(&self, name: &str, condition: &CardCondition, delete: bool) -> StoreResult<CardRemoveOutcome>;
}

/// What the web app keeps: the data version, the feed token, import drafts.
#[async_trait]
pub trait WebStore: Send + Sync {
    /// A number that changes with every write (by any process): caches of whole-network reports
    /// are keyed by it.
    async fn data_version(&self) -> StoreResult<i64>;
    /// The secret in the calendar feed's URL, created on first use.
    async fn feed_token(&self) -> StoreResult<String>;
    /// Server-wide: whose calendar feed has this secret, unless that account is disabled (a
    /// calendar app sends nothing but the feed's address).
    async fn feed_owner(&self, token: &str) -> StoreResult<Option<OwnerId>>;
    /// Replaces the feed's secret: the old URL stops working. Returns the new one.
    async fn rotate_feed_token(&self) -> StoreResult<String>;
    /// Keeps an uploaded import until the user confirms it; returns its token. Drafts older than a
    /// day are deleted on the way.
    async fn save_import_draft(&self, draft: NewImportDraft, now: DateTime<Utc>) -> StoreResult<String>;
    async fn import_draft(&self, token: &str) -> StoreResult<ImportDraft>;
    async fn delete_import_draft(&self, token: &str) -> StoreResult<()>;
    /// The settings the user changed in the app, as the JSON kith-app wrote; none before the first.
    async fn app_settings(&self) -> StoreResult<Option<String>>;
    /// Replaces the settings changed in the app.
    async fn set_app_settings(&self, json: &str) -> StoreResult<()>;
}

/// Sign-in sessions and failed sign-ins.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Keeps a signed-in browser's session, by the SHA-256 of its secret, until `expires_at`.
    async fn create_session(&self, id_hash: &str, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> StoreResult<()>;
    /// When a live session ends; `None` when there is no such session or it has expired.
    async fn session_expires(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<DateTime<Utc>>>;
    /// Ends a session (signing out).
    async fn end_session(&self, id_hash: &str) -> StoreResult<()>;
    /// Remembers a failed sign-in from `client` (an address), for every server to see.
    async fn record_sign_in_failure(&self, client: &str, now: DateTime<Utc>) -> StoreResult<()>;
    /// The failed sign-ins from `client` since `since`, oldest first.
    async fn sign_in_failures(&self, client: &str, since: DateTime<Utc>) -> StoreResult<Vec<DateTime<Utc>>>;
}

/// Campaigns: one message to many contacts, followed stage by stage.
#[async_trait]
pub trait CampaignStore: Send + Sync {
    /// Creates a campaign created on `today` with its contacts in the given order (duplicates kept
    /// once), all at the `drafted` stage. The templates are checked: an unknown placeholder is an
    /// error naming it.
    async fn create_campaign(&self, campaign: NewCampaign, today: NaiveDate) -> StoreResult<CampaignId>;
    /// Every campaign, newest first, with how many contacts stand at each stage.
    async fn campaigns(&self) -> StoreResult<Vec<CampaignSummary>>;
    /// A campaign with its contacts in ranking order.
    async fn campaign(&self, id: CampaignId) -> StoreResult<Campaign>;
    /// Sets (or with `None` clears) the custom line of a contact on a campaign.
    async fn set_campaign_custom(&self, id: CampaignId, contact: ContactId, custom: Option<String>) -> StoreResult<()>;
    /// Moves a contact on a campaign's board to a stage.
    async fn set_campaign_stage(&self, id: CampaignId, contact: ContactId, stage: Stage) -> StoreResult<()>;
    /// After the mail server accepted a campaign message: logs it as an interaction with the
    /// contact and marks the contact sent with the message's Message-ID, in one transaction. A
    /// contact past `drafted` is an error and nothing is written.
    async fn record_campaign_send(
        &self,
        id: CampaignId,
        contact: ContactId,
        message_id: &str,
        interaction: NewInteraction,
        weight: f64,
    ) -> StoreResult<InteractionId>;
}

/// The Message-IDs of a campaign's drafts and sends.
#[async_trait]
pub trait CampaignMailStore: Send + Sync {
    /// Keeps each contact's draft Message-ID unless it already has one, in one transaction, and
    /// answers every contact's stored id: the first id kept wins, so a draft written again keeps
    /// the id of the file the user may already have sent. A contact not on the campaign is
    /// `NotFound` and nothing is written.
    async fn keep_campaign_message_ids(
        &self,
        id: CampaignId,
        ids: &[(ContactId, String)],
    ) -> StoreResult<Vec<(ContactId, String)>>;
}

/// The weekly digest: which week was sent.
#[async_trait]
pub trait DigestStore: Send + Sync {
    /// Claims an ISO week for sending the weekly digest, before the mail goes out: true for the one
    /// caller whose claim landed, false if the week was already claimed (by another server, or
    /// before a restart).
    async fn claim_digest_week(&self, week: IsoWeek, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Gives a claim back after the send failed, so a later tick tries again.
    async fn release_digest_week(&self, week: IsoWeek) -> StoreResult<()>;
    /// The latest week claimed, if any.
    async fn last_digest_week(&self) -> StoreResult<Option<IsoWeek>>;
}

/// Goals and the activity they count.
#[async_trait]
pub trait GoalStore: Send + Sync {
    /// The owner's goals, oldest first. The first read stores the defaults
    /// ([`kith_core::goal::default_goals`]); after that only the user's changes count.
    async fn goals(&self) -> StoreResult<Vec<StoredGoal>>;
    /// Adds a goal (validated); another goal for the same measure and period is an error naming it.
    /// Stores the defaults first if the owner had none yet.
    async fn add_goal(&self, goal: Goal) -> StoreResult<i64>;
    /// Changes a goal's target (1 to 100,000).
    async fn set_goal_target(&self, id: i64, target: u32) -> StoreResult<()>;
    async fn remove_goal(&self, id: i64) -> StoreResult<()>;
    /// Day-level history from `from` to `to`, inclusive, that goals are measured against:
    /// interactions per day and kind (an event's own interaction counted with its event), recorded
    /// events per day, people met per day, and reconnections.
    async fn goal_activity(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Activity>;
}

/// Your own career record and accomplishments.
#[async_trait]
pub trait CareerStore: Send + Sync {
    /// The career record (defaults while nothing was set). The connection count is the newest of
    /// a count set by hand and the latest LinkedIn import.
    async fn career(&self) -> StoreResult<CareerRecord>;
    /// Changes the fields given (validated against `today`); a connection count is dated `today`.
    async fn set_career(&self, patch: CareerPatch, today: NaiveDate) -> StoreResult<()>;
    async fn add_accomplishment(
        &self,
        accomplishment: NewAccomplishment,
        today: NaiveDate,
    ) -> StoreResult<AccomplishmentId>;
    /// Accomplishments on or after `since` (all when `None`), newest first (ties: newest id first).
    async fn accomplishments(&self, since: Option<NaiveDate>) -> StoreResult<Vec<Accomplishment>>;
    async fn remove_accomplishment(&self, id: AccomplishmentId) -> StoreResult<()>;
}

/// Relationships between contacts ("Grace is the manager of Alan").
#[async_trait]
pub trait RelationshipStore: Send + Sync {
    /// Records a relationship (both contacts must be the owner's; a chain of managers that would
    /// go round in a circle is refused). The same relationship entered again keeps its row and
    /// takes the note and dates given now.
    async fn relate(&self, relationship: NewRelationship) -> StoreResult<Related>;
    /// Removes the relationships "a is WORD b" (however each is kept), or every one between the
    /// two when `word` is `None`; how many went.
    async fn unrelate(&self, a: ContactId, b: ContactId, word: Option<&str>) -> StoreResult<u64>;
    /// Removes one relationship by id (with the copies of it a merge left); false when the owner
    /// has none of that id.
    async fn remove_relationship(&self, id: RelationshipId) -> StoreResult<bool>;
    /// The contact with this uid (archived ones too); `None` when the owner has none.
    async fn contact_with_uid(&self, uid: &str) -> StoreResult<Option<ContactId>>;
    /// Makes relationships of related names kept on a contact's card, in one transaction: each
    /// of `found` is recorded (one kith refuses, such as a circle of managers, keeps its lines
    /// instead), and the card's kept lines become `kept` and those. How many were recorded.
    async fn absorb_relations(
        &self,
        contact: ContactId,
        found: Vec<(NewRelationship, Vec<String>)>,
        kept: Vec<String>,
    ) -> StoreResult<u64>;
    /// A contact's relationships as read from its side, by word, then the other's name.
    async fn relations(&self, contact: ContactId) -> StoreResult<Vec<Relation>>;
    /// Every relationship as (from, kind as kith keeps it, to): for drawing the whole network.
    async fn relationship_pairs(&self) -> StoreResult<Vec<(ContactId, String, ContactId)>>;
}

/// Employment history: the moves kith noticed (past jobs are in each contact's profile).
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Moves noticed on or after `since`, of contacts not archived, the latest first.
    async fn job_changes(&self, since: NaiveDate) -> StoreResult<Vec<JobChange>>;
}

/// Ties kith infers between contacts from what they shared (see `kith_core::ties`).
#[async_trait]
pub trait TieStore: Send + Sync {
    /// Every inferred tie of any of `people`, by (a, b).
    async fn ties_of(&self, people: &[ContactId]) -> StoreResult<Vec<kith_core::ties::InferredTie>>;
    /// Infers every tie again from all the history (they are kept up to date as touches and
    /// events are written: this is for a database filled by other means, and for measuring);
    /// how many there are.
    async fn infer_all_ties(&self) -> StoreResult<u64>;
}

/// What the introduction finder reads (see `kith_core::intro`).
#[async_trait]
pub trait IntroStore: Send + Sync {
    /// The organization of that name (case and spacing aside): its id and name as kith keeps it.
    async fn org_named(&self, name: &str) -> StoreResult<Option<(OrgId, String)>>;
    /// The targets' jobs and everyone's who worked at the same places, their inferred ties and
    /// relationships (from the other person's side), and how the user knows every person
    /// involved (archived people left out; no names: see `briefs_of`).
    async fn intro_network(&self, targets: &[ContactId]) -> StoreResult<kith_core::intro::Network>;
}

/// Signals: news about organizations and people.
#[async_trait]
pub trait SignalStore: Send + Sync {
    /// Records a signal (validated against `today`); an organization not known yet is created as
    /// an employer; who told the user must be a contact.
    async fn add_signal(&self, signal: NewSignal, today: NaiveDate) -> StoreResult<SignalId>;
    /// Signals matching the filter, newest first (ties: newest id first), by the date index.
    async fn signals(&self, filter: &SignalFilter) -> StoreResult<Vec<Signal>>;
    async fn remove_signal(&self, id: SignalId) -> StoreResult<()>;
    /// The names of the organizations with a `hiring` signal on or after `since`, in one indexed
    /// query (a campaign's ranking boosts their people).
    async fn hiring_orgs(&self, since: NaiveDate) -> StoreResult<Vec<String>>;
}

/// The triage: imported contacts waiting to be sorted into circles.
#[async_trait]
pub trait TriageStore: Send + Sync {
    /// Dormant, unarchived contacts whose circle nobody chose yet (imported ones), by id, with
    /// their touch counts: what the triage offers to sort.
    async fn unsorted(&self) -> StoreResult<Vec<TriageCandidate>>;
    /// How many contacts [`TriageStore::unsorted`] would return, from one indexed count.
    async fn count_unsorted(&self) -> StoreResult<u64>;
    /// Puts each contact in its circle (dormant keeps it there) and marks the circle as chosen, all
    /// in one transaction. Only contacts [`TriageStore::unsorted`] lists are sorted: any other id (unknown,
    /// already sorted, archived) changes nothing and is named in the error.
    async fn sort_contacts(&self, sorted: &[(ContactId, Circle)]) -> StoreResult<()>;
}

/// Passwords for address-book apps (CardDAV): kept as hashes, listed, used, revoked.
#[async_trait]
pub trait AppPasswordStore: Send + Sync {
    /// Keeps a new app password's hash under `name`; a name the owner already uses is refused
    /// (field `NAME`).
    async fn add_app_password(&self, name: &str, hash: &str, now: DateTime<Utc>) -> StoreResult<AppPassword>;
    /// Every app password, by name.
    async fn app_passwords(&self) -> StoreResult<Vec<AppPassword>>;
    /// Every app password's id and hash, to check a password against.
    async fn app_password_hashes(&self) -> StoreResult<Vec<(AppPasswordId, String)>>;
    /// Notes that app password `id` signed a request at `now` (written at most once a minute);
    /// false when it is gone (revoked).
    async fn app_password_used(&self, id: AppPasswordId, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Revokes (deletes) the app password of that name; false when there is none.
    async fn revoke_app_password(&self, name: &str) -> StoreResult<bool>;
}

/// Tokens for scripts and the command line (`Authorization: Bearer`): kept as hashes, listed,
/// found by hash, revoked.
#[async_trait]
pub trait ApiTokenStore: Send + Sync {
    /// Keeps a new token's hash under `name`; a name the owner already uses is refused (field
    /// `NAME`).
    async fn add_api_token(
        &self,
        name: &str,
        token_hash: &str,
        scope: TokenScope,
        now: DateTime<Utc>,
    ) -> StoreResult<ApiToken>;
    /// Every token of the owner, by name.
    async fn api_tokens(&self) -> StoreResult<Vec<ApiToken>>;
    /// Revokes (deletes) the token of that name; false when there is none.
    async fn revoke_api_token(&self, name: &str) -> StoreResult<bool>;
    /// Server-wide: whose token has this hash and what it may do, unless its account is disabled;
    /// notes the use (written at most once a minute).
    async fn api_token_owner(&self, token_hash: &str, now: DateTime<Utc>)
    -> StoreResult<Option<(OwnerId, TokenScope)>>;
}

/// Mailboxes and calendars kith follows: their settings, their syncs, and the people seen on them.
#[async_trait]
pub trait SourceStore: Send + Sync {
    /// Adds a source; a name the owner already uses is refused (field `NAME`).
    async fn add_source(&self, source: NewSource, now: DateTime<Utc>) -> StoreResult<Source>;
    /// Every source, by name.
    async fn sources(&self) -> StoreResult<Vec<Source>>;
    /// One source by id; `None` when the owner has none of that id.
    async fn source(&self, id: SourceId) -> StoreResult<Option<Source>>;
    /// Removes a source and the people counted from it; false when there is no such source.
    async fn remove_source(&self, id: SourceId) -> StoreResult<bool>;
    /// Pauses or resumes a source; false when there is no such source.
    async fn set_source_paused(&self, id: SourceId, paused: bool) -> StoreResult<bool>;
    /// Claims the right to sync `id` for `holder` until `until` and returns the source as it stands
    /// then; `None` while another lease runs (two servers on one database never sync one source at
    /// the same time), or, with `only_due`, when its next sync is not due at `now`.
    async fn claim_source(
        &self,
        id: SourceId,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        only_due: bool,
    ) -> StoreResult<Option<Source>>;
    /// Records one batch in one transaction: its touches with the contacts whose addresses are on
    /// them (each Message-ID or event occurrence once, replies to campaign messages moving the
    /// board), the people seen on them, and the source's new state. Refused (writing nothing) when
    /// `holder` no longer holds the source's lease.
    async fn record_source_batch(
        &self,
        id: SourceId,
        holder: &str,
        batch: SourceBatch,
    ) -> StoreResult<SourceBatchReport>;
    /// Ends a sync: how it went and when the next one is due; gives `holder`'s lease back.
    async fn end_source_sync(&self, id: SourceId, holder: &str, end: SyncEnd) -> StoreResult<()>;
    /// Gives back every lease whose holder starts with `process` (one process's syncs, stopped
    /// mid-way: a Ctrl-C, a server shutting down), so the next sync need not wait for them to run
    /// out; state, schedule and what was recorded stay as the last batch left them. Returns how
    /// many were given back.
    async fn release_sources(&self, process: &str) -> StoreResult<u64>;
    /// People seen on the sources who are not contacts and were not dismissed: written to at
    /// least `min_written` times or met at least once.
    async fn suggestions(&self, min_written: u64) -> StoreResult<Vec<Suggestion>>;
    /// Never suggests `address` again; false when it was dismissed already.
    async fn dismiss_suggestion(&self, address: &str, now: DateTime<Utc>) -> StoreResult<bool>;
    /// How many people were seen per address (test and report helper): `(written, met)` summed.
    async fn seen_person(&self, address: &str) -> StoreResult<Option<SeenPerson>>;
}
