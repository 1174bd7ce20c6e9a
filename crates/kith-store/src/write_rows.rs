//! Rows as a backend writes them in bulk: the shared implementation prepares them (ids assigned,
//! warmth derived) and each dialect's own statements insert them (see `dialect.rs`).

use chrono::{DateTime, NaiveDate, Utc};

use crate::derived::Derived;

pub(crate) struct BulkContactRow {
    pub(crate) id: i64,
    pub(crate) uid: String,
    pub(crate) etag: String,
    pub(crate) name: String,
    pub(crate) name_key: String,
    pub(crate) given_name: String,
    pub(crate) family_name: String,
    pub(crate) org_id: Option<i64>,
    pub(crate) title: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) circle: &'static str,
    pub(crate) custom_cadence_days: Option<i64>,
    pub(crate) met_at: Option<String>,
    pub(crate) met_on: Option<NaiveDate>,
    pub(crate) linkedin: Option<String>,
    pub(crate) website: Option<String>,
    pub(crate) birthday: Option<String>,
    pub(crate) notes: Option<String>,
    pub(crate) important: bool,
    pub(crate) archived: bool,
    pub(crate) added_on: NaiveDate,
    pub(crate) snoozed_until: Option<NaiveDate>,
    pub(crate) search_text: String,
    pub(crate) touch_count: i64,
    pub(crate) derived: Derived,
}

pub(crate) struct BulkInteractionRow<'a> {
    pub(crate) id: i64,
    pub(crate) kind: &'static str,
    pub(crate) on: NaiveDate,
    pub(crate) minutes: Option<i64>,
    pub(crate) note: Option<&'a str>,
    pub(crate) gave: Option<&'a str>,
    pub(crate) got: Option<&'a str>,
    pub(crate) they_initiated: bool,
    pub(crate) weight: f64,
    /// Whom the favor (given or received) belongs to: one person of the touch.
    pub(crate) favor_contact_id: Option<i64>,
    /// How many people it touched.
    pub(crate) people: i64,
    /// Note and favors folded for search (`text::typed_text`).
    pub(crate) search_text: String,
}

pub(crate) struct BulkFollowUpRow<'a> {
    pub(crate) contact_id: i64,
    pub(crate) due_on: NaiveDate,
    pub(crate) note: Option<&'a str>,
    pub(crate) created_on: NaiveDate,
    pub(crate) done_on: Option<NaiveDate>,
    /// The note folded for search.
    pub(crate) search_text: String,
}

/// Everything a bulk load writes, row by row, ids assigned.
pub(crate) struct BulkRows<'a> {
    pub(crate) now: DateTime<Utc>,
    pub(crate) contacts: Vec<BulkContactRow>,
    /// (contact, email, email_key, position)
    pub(crate) emails: Vec<(i64, String, String, i64)>,
    /// (contact, phone, position)
    pub(crate) phones: Vec<(i64, String, i64)>,
    /// (contact, tag, tag_key)
    pub(crate) tags: Vec<(i64, String, String)>,
    /// (contact, org, role)
    pub(crate) memberships: Vec<(i64, i64, &'static str)>,
    pub(crate) interactions: Vec<BulkInteractionRow<'a>>,
    /// (interaction, contact)
    pub(crate) links: Vec<(i64, i64)>,
    /// (source key, interaction)
    pub(crate) sources: Vec<(&'a str, i64)>,
    /// (contact, position, content line)
    pub(crate) extras: Vec<(i64, i64, &'a str)>,
    pub(crate) followups: Vec<BulkFollowUpRow<'a>>,
    /// (contact, day): the days a touch revived a lost relationship.
    pub(crate) reconnections: Vec<(i64, NaiveDate)>,
}

/// A contact's derived columns: id, last touch, mass, touch count, due moment, due date, lost date,
/// strength, strength day, cadence in force.
pub(crate) type DerivedRow = (
    i64,
    Option<NaiveDate>,
    Option<f64>,
    i64,
    f64,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<f64>,
    Option<f64>,
    Option<i64>,
);

pub(crate) fn derived_row(id: i64, touch_count: i64, d: &Derived) -> DerivedRow {
    (
        id,
        d.last_touch_on,
        d.warmth_mass,
        touch_count,
        d.due_at,
        d.due_on,
        d.lost_on,
        d.strength_mass,
        d.strength_day,
        d.cadence_days,
    )
}

/// Runs `work` — a statement or the commit, carried out by SQLite's own thread or the PostgreSQL
/// server — while this thread frees `garbage`. The match index and rows of a 30,000-record import
/// take 50–70 ms to free, time the process would otherwise spend after the database is done.
pub(crate) async fn while_freeing<F: Future>(work: F, garbage: impl Send) -> F::Output {
    // `join` polls `work` first, so the statement is on its way before the freeing starts.
    let (out, ()) = futures_util::future::join(work, async move { drop(garbage) }).await;
    out
}
