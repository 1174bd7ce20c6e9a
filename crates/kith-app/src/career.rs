//! Career readiness as both front ends show it: the record, the score with its parts, the next
//! actions that would raise it, and the accomplishments; and market signals in the shape the CLI
//! prints and the API returns.

use chrono::{Duration, NaiveDate};
use kith_core::{
    career::{self, Accomplishment, CareerRecord, NextAction, ScoreParts, WINDOW_DAYS, WINDOWS},
    signal::{RECENT_DAYS, Signal, SignalFilter},
};
use kith_store::{Store, StoreResult};
use serde::Serialize;
use utoipa::ToSchema;

/// Where the user's career readiness stands on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CareerView {
    pub resume_updated_on: Option<NaiveDate>,
    pub linkedin_updated_on: Option<NaiveDate>,
    /// Set by hand or by the latest LinkedIn import, whichever was written last.
    pub connections: Option<u32>,
    pub connections_on: Option<NaiveDate>,
    pub connections_target: u32,
    /// Accomplishments dated in the calendar month holding today.
    pub accomplishments_this_month: usize,
    /// 0–100: the sum of the parts.
    pub score: u32,
    pub parts: ScoreParts,
    /// What would raise the score today, most points first.
    pub next_actions: Vec<NextAction>,
}

impl CareerView {
    pub fn new(record: &CareerRecord, recent: &[NaiveDate], today: NaiveDate) -> CareerView {
        let parts = career::score(record, recent, today);
        CareerView {
            resume_updated_on: record.resume_updated_on,
            linkedin_updated_on: record.linkedin_updated_on,
            connections: record.connections,
            connections_on: record.connections_on,
            connections_target: record.connections_target,
            accomplishments_this_month: career::this_month(recent, today),
            score: parts.total(),
            parts,
            next_actions: career::next_actions(record, recent, today),
        }
    }
}

/// The first day whose accomplishments the score (and "this month") can see.
fn recent_since(today: NaiveDate) -> NaiveDate {
    today - Duration::days(WINDOW_DAYS * WINDOWS + 31)
}

/// Reads the record and the recent accomplishments (two indexed reads) and scores them.
pub async fn status(store: &dyn Store, today: NaiveDate) -> StoreResult<CareerView> {
    let record = store.career().await?;
    let recent: Vec<NaiveDate> =
        store.accomplishments(Some(recent_since(today))).await?.into_iter().map(|a| a.on).collect();
    Ok(CareerView::new(&record, &recent, today))
}

/// The career page's and the API's whole answer: the status and every accomplishment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CareerPage {
    pub status: CareerView,
    /// Newest first.
    pub accomplishments: Vec<Accomplishment>,
}

pub async fn page(store: &dyn Store, today: NaiveDate) -> StoreResult<CareerPage> {
    let record = store.career().await?;
    let accomplishments = store.accomplishments(None).await?;
    let since = recent_since(today);
    let recent: Vec<NaiveDate> = accomplishments.iter().map(|a| a.on).filter(|d| *d >= since).collect();
    Ok(CareerPage { status: CareerView::new(&record, &recent, today), accomplishments })
}

/// Signals heard in the last 90 days, newest first, at most `limit` (the dashboard's card).
pub async fn recent_signals(store: &dyn Store, today: NaiveDate, limit: u32) -> StoreResult<Vec<Signal>> {
    let filter =
        SignalFilter { since: Some(today - Duration::days(RECENT_DAYS)), limit: Some(limit), ..Default::default() };
    store.signals(&filter).await
}
