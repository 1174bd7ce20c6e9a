//! The JSON shapes of the CLI contract (SPEC.md), which the web API returns too. Keys here are
//! stable: scripts depend on them.
//! Wall-clock fields (uid, etag, updated_at) stay out, so the same scenario prints the same JSON on
//! every backend and every run.

use chrono::NaiveDate;
use kith_core::{
    Circle, Contact, Interaction, InteractionKind, Status, Tie, contact::Cadenced, org::Membership,
    reciprocity::Reciprocity,
};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
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
    /// The tie's strength (≥ 0, uncapped; one-year half-life) and its word.
    pub strength: f64,
    pub tie: Tie,
    /// Latest touch more than 8 cadences ago: in the reconnect pool, not the due list.
    pub lost: bool,
    /// In a list with a search: where the words were found, when the contact's name, organization,
    /// title, e-mails and tags do not explain it. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<crate::search::FoundView>,
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
            strength: s.strength,
            tie: s.tie,
            lost: s.lost,
            found: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
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
    /// The one person of `with` a favor given or received belongs to.
    pub favor_with: Option<i64>,
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
            favor_with: i.favor_with,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
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

#[derive(Debug, Clone, Serialize, ToSchema)]
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
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProfileView {
    #[serde(flatten)]
    pub contact: ContactView,
    pub reciprocity: ReciprocityView,
    pub memberships: Vec<Membership>,
    /// Relationships with other contacts, read from this one's side ("reports to Grace").
    pub relationships: Vec<kith_core::relationship::Relation>,
    /// Where the contact worked before, the latest first.
    pub past_jobs: Vec<kith_core::job::PastJob>,
    pub followups: Vec<FollowUpView>,
    pub interactions: Vec<InteractionView>,
}

/// One entry of the due list (`due --json`, `GET /api/v1/due`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DueView {
    pub id: i64,
    pub name: String,
    pub org: Option<String>,
    pub status: Status,
    pub warmth: f64,
    pub due_on: NaiveDate,
    pub overdue_days: i64,
    pub circle: Circle,
    pub important: bool,
    pub reason: String,
    /// Set when the entry is a follow-up the user promised.
    pub followup_id: Option<i64>,
}

impl From<&kith_core::due::DueItem> for DueView {
    fn from(i: &kith_core::due::DueItem) -> Self {
        DueView::from(i.clone())
    }
}

/// Moves the item's texts instead of copying them: the CLI turns a whole list at once.
impl From<kith_core::due::DueItem> for DueView {
    fn from(i: kith_core::due::DueItem) -> Self {
        DueView {
            id: i.id,
            name: i.name,
            org: i.org,
            status: i.status,
            warmth: i.warmth,
            due_on: i.due_on,
            overdue_days: i.overdue_days,
            circle: i.circle,
            important: i.important,
            reason: i.reason,
            followup_id: i.followup_id,
        }
    }
}

/// A contact an interaction touched, as it stands afterwards.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TouchedView {
    pub id: i64,
    pub name: String,
    pub status: Status,
    pub warmth: f64,
    pub due_on: Option<NaiveDate>,
}

impl TouchedView {
    pub fn new(c: &Contact, today: NaiveDate) -> TouchedView {
        let s = c.summary(today);
        TouchedView { id: c.id, name: c.name.clone(), status: s.status, warmth: s.warmth, due_on: s.due_on }
    }
}

/// A logged interaction and where it left its people (`log --json`, `POST /api/v1/interactions`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LoggedView {
    pub id: i64,
    pub kind: InteractionKind,
    pub on: NaiveDate,
    pub contacts: Vec<TouchedView>,
}

/// One problem of an import, located in the file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProblemView {
    pub line: usize,
    pub record: Option<usize>,
    pub field: String,
    pub message: String,
}

impl From<&kith_formats::Problem> for ProblemView {
    fn from(p: &kith_formats::Problem) -> Self {
        ProblemView { line: p.line, record: p.record, field: p.field.clone(), message: p.message.clone() }
    }
}

/// How many problems (and warnings) a report lists: a file of junk has a problem on every line, and
/// 50 MB of them helps nobody. The records themselves go to the rejects file.
pub const PROBLEMS_LISTED: usize = 100;

/// The import report of the CLI contract (`import --json`, `POST /api/v1/import/{format}`), with
/// what kith adds to it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportReportView {
    pub created: u64,
    pub merged: u64,
    pub skipped: u64,
    /// The first [`PROBLEMS_LISTED`] problems, in the order of the file.
    pub errors: Vec<ProblemView>,
    /// Problems beyond those listed.
    pub more_errors: usize,
    /// Read only in part (a recurrence kith cannot follow): imported, worth a look. The first
    /// [`PROBLEMS_LISTED`].
    pub warnings: Vec<ProblemView>,
    /// Warnings beyond those listed.
    pub more_warnings: usize,
    pub dry_run: bool,
    pub interactions: u64,
    pub duplicates: u64,
    pub unmatched: u64,
    pub future: u64,
    /// Messages no person wrote to people (lists, automatic replies, no-reply senders,
    /// announcements, mail between your own addresses): read, not touches.
    pub skipped_by_rule: u64,
    pub linkedin_connections: Option<u32>,
    pub rejects_file: Option<String>,
    pub created_ids: Vec<i64>,
    pub merges: Vec<kith_store::MergeNote>,
    pub unknown_correspondents: Vec<kith_store::Correspondent>,
    /// Campaign contacts this mail moved: to `sent` (their draft was in it) and to `replied`.
    pub campaign: kith_store::CampaignMail,
    /// Moves a LinkedIn export showed: "Ada Lovelace moved from Initech to Globex as Staff Engineer".
    pub job_changes: Vec<String>,
}

impl ImportReportView {
    /// The report of an import: what the store did, and the problems and warnings of the file.
    pub fn new(
        report: &kith_store::ImportReport,
        parsed_problems: &[kith_formats::Problem],
        warnings: &[kith_formats::Problem],
        dry_run: bool,
        connections: Option<u32>,
        skipped: u64,
    ) -> ImportReportView {
        ImportReportView {
            created: report.created,
            merged: report.merged,
            skipped,
            errors: parsed_problems.iter().take(PROBLEMS_LISTED).map(ProblemView::from).collect(),
            more_errors: parsed_problems.len().saturating_sub(PROBLEMS_LISTED),
            warnings: warnings.iter().take(PROBLEMS_LISTED).map(ProblemView::from).collect(),
            more_warnings: warnings.len().saturating_sub(PROBLEMS_LISTED),
            dry_run,
            interactions: report.interactions,
            duplicates: report.duplicates,
            unmatched: report.unmatched,
            future: report.future,
            skipped_by_rule: 0,
            linkedin_connections: connections,
            rejects_file: None,
            created_ids: report.created_ids.clone(),
            merges: report.merges.clone(),
            unknown_correspondents: report.unknown_correspondents.clone(),
            campaign: report.campaign,
            job_changes: report.job_changes.clone(),
        }
    }
}
