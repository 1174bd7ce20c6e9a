//! People the user writes to (twice or more) or meets in calendar events who are not contacts:
//! ranked by how often and how recently, added in one step into the triage, or dismissed for good.

use chrono::NaiveDate;
use kith_core::{Circle, NewContact, ValidationError};
use kith_store::{ImportBatch, ImportContact, ImportOptions, Store, StoreError, StoreResult, Suggestion};

/// Messages the user must have written someone before they are suggested.
pub const MIN_WRITTEN: u64 = 2;

/// Days after which a correspondence counts half as much when ranking.
const HALF_LIFE_DAYS: f64 = 90.0;

/// A suggestion's weight: messages written, and meetings counted twice (a meeting is more than a
/// message), halved every 90 days since the last of them.
pub fn score(s: &Suggestion, today: NaiveDate) -> f64 {
    let days = (today - s.last_on).num_days().max(0) as f64;
    (s.written as f64 + 2.0 * s.met as f64) * (-days / HALF_LIFE_DAYS).exp2()
}

/// The suggestions, strongest first, at most `limit`.
pub async fn list(store: &dyn Store, today: NaiveDate, limit: usize) -> StoreResult<Vec<Suggestion>> {
    let mut all = store.suggestions(MIN_WRITTEN).await?;
    all.sort_by(|a, b| score(b, today).total_cmp(&score(a, today)).then_with(|| a.address.cmp(&b.address)));
    all.truncate(limit);
    Ok(all)
}

/// A name for someone known only by an address: the display name seen, else the address's
/// local part in words (`ada.lovelace` → `Ada Lovelace`).
pub fn name_for(s: &Suggestion) -> String {
    if let Some(name) = s.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        return name.to_string();
    }
    let local = s.address.split('@').next().unwrap_or(&s.address);
    let words: Vec<String> = local
        .split(['.', '_', '-', '+'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        })
        .collect();
    if words.is_empty() { s.address.clone() } else { words.join(" ") }
}

/// Adds the suggested person as a contact waiting in the triage (unsorted, like an imported one);
/// someone of exactly that name already there gets the address instead of a double. Returns the
/// contact's id.
pub async fn add(store: &dyn Store, address: &str, today: NaiveDate, weights: kith_core::Weights) -> StoreResult<i64> {
    let address = address.trim().to_lowercase();
    let Some(s) = store.suggestions(0).await?.into_iter().find(|s| s.address == address) else {
        return Err(StoreError::Invalid(ValidationError::new(
            "ADDRESS",
            address,
            "not among the suggestions (already a contact, dismissed, or never seen); `kith source suggestions` lists them",
        )));
    };
    let contact = NewContact { name: name_for(&s), emails: vec![s.address.clone()], ..Default::default() };
    let batch = ImportBatch {
        contacts: vec![ImportContact { line: 0, contact, extra: Vec::new(), connected_on: None }],
        ..Default::default()
    };
    let options = ImportOptions { today, dry_run: false, circle: Circle::Dormant, me: Vec::new(), weights };
    let report = store.import(batch, &options).await?;
    report
        .created_ids
        .first()
        .copied()
        .or_else(|| report.merges.first().and_then(|m| m.id))
        .ok_or_else(|| StoreError::not_found("contact", &s.address))
}

/// Never suggests the address again.
pub async fn dismiss(store: &dyn Store, address: &str) -> StoreResult<bool> {
    store.dismiss_suggestion(address, chrono::Utc::now()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(address: &str, name: Option<&str>, written: u64, met: u64, ago: i64) -> Suggestion {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        Suggestion {
            address: address.into(),
            name: name.map(Into::into),
            written,
            met,
            last_on: today - chrono::Duration::days(ago),
        }
    }

    #[test]
    fn recent_and_frequent_come_first_and_names_come_from_addresses() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let recent = s("a@x", None, 3, 0, 2);
        let old = s("b@x", None, 6, 0, 400);
        let met = s("c@x", None, 0, 1, 1);
        assert!(score(&recent, today) > score(&old, today));
        assert!(score(&met, today) > score(&s("d@x", None, 1, 0, 1), today));
        assert_eq!(name_for(&s("ada.lovelace@x.org", None, 2, 0, 1)), "Ada Lovelace");
        assert_eq!(name_for(&s("x@y", Some(" Bo Lee "), 2, 0, 1)), "Bo Lee");
    }
}
