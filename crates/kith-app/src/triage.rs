//! The triage of unsorted contacts as both front ends show it, and sorting them: one shape for
//! `kith triage --json` and `/api/v1/triage`.

use chrono::NaiveDate;
use kith_core::{Circle, ContactId, Status, ValidationError, triage};
use kith_store::{Store, StoreResult};
use serde::Serialize;
use utoipa::ToSchema;

/// One contact waiting to be sorted.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TriageView {
    pub id: ContactId,
    pub name: String,
    pub org: Option<String>,
    /// Interactions the contact took part in.
    pub touches: u32,
    /// Warmth today (0–1) with the dormant half-life of 180 days.
    pub warmth: f64,
    pub status: Status,
    pub last_touch_on: Option<NaiveDate>,
    /// The circle the history suggests: three touches within 30 days → close, two within 90 →
    /// active, one within a year → wide, otherwise dormant.
    pub suggested: Circle,
}

/// The contacts waiting to be sorted, warmest and most touched first.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TriageList {
    /// How many wait in all.
    pub total: usize,
    /// The first `limit` of them.
    pub contacts: Vec<TriageView>,
}

/// Reads the unsorted contacts and ranks them on `today`, keeping the first `limit`.
pub async fn list(store: &dyn Store, today: NaiveDate, limit: usize) -> StoreResult<TriageList> {
    let ranked = triage::rank(store.unsorted().await?, today);
    let total = ranked.len();
    let contacts = ranked
        .into_iter()
        .take(limit)
        .map(|i| TriageView {
            id: i.contact.id,
            name: i.contact.name,
            org: i.contact.org,
            touches: i.touches,
            warmth: i.warmth,
            status: i.status,
            last_touch_on: i.last_touch_on,
            suggested: i.suggested,
        })
        .collect();
    Ok(TriageList { total, contacts })
}

/// A contact put in a circle by the triage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SortedView {
    pub id: ContactId,
    pub name: String,
    pub circle: Circle,
}

/// What a sort did, and how many contacts still wait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SortReport {
    pub sorted: Vec<SortedView>,
    pub left: u64,
}

/// Sorts the contacts into their circles in one transaction and says how many are left. Only
/// contacts waiting in the triage are sorted: any other is refused by the store, and nothing is
/// written.
pub async fn sort(store: &dyn Store, sorted: &[(ContactId, Circle)]) -> StoreResult<SortReport> {
    if sorted.is_empty() {
        return Err(ValidationError::new("contacts", "", "name at least one contact to sort").into());
    }
    store.sort_contacts(sorted).await?;
    let ids: Vec<ContactId> = sorted.iter().map(|(id, _)| *id).collect();
    let briefs = store.briefs_of(&ids).await?;
    let sorted = sorted
        .iter()
        .map(|&(id, circle)| SortedView {
            id,
            name: briefs.iter().find(|b| b.id == id).map(|b| b.name.clone()).unwrap_or_default(),
            circle,
        })
        .collect();
    Ok(SortReport { sorted, left: store.count_unsorted().await? })
}

/// Takes the suggested circles: of the contacts named by `ids`, or, when none are named, of the
/// first `limit` waiting (warmest first). A named contact that is not waiting is refused by the
/// sort, by id. With nobody waiting and nobody named, nothing is sorted and nothing is left.
pub async fn accept(store: &dyn Store, today: NaiveDate, ids: &[ContactId], limit: usize) -> StoreResult<SortReport> {
    let ranked = triage::rank(store.unsorted().await?, today);
    let chosen: Vec<(ContactId, Circle)> = if ids.is_empty() {
        ranked.iter().take(limit).map(|i| (i.contact.id, i.suggested)).collect()
    } else {
        let suggested =
            |id: ContactId| ranked.iter().find(|i| i.contact.id == id).map_or(Circle::Dormant, |i| i.suggested);
        ids.iter().map(|&id| (id, suggested(id))).collect()
    };
    if chosen.is_empty() {
        return Ok(SortReport { sorted: Vec::new(), left: 0 });
    }
    sort(store, &chosen).await
}
