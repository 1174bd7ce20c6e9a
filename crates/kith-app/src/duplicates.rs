//! Duplicates: the pairs that may be one person, and merging them, the same from `kith merge`,
//! the merge page and `POST /api/v1/contacts/{id}/merge`.

use chrono::NaiveDate;
use kith_core::{
    Contact, ContactId,
    duplicate::{Difference, Keep, MergePlan, plan_merge},
};
use kith_store::{MergeReport, Store, StoreResult, UndoneMerge};

use crate::wording::count;
use serde::Serialize;
use utoipa::ToSchema;

/// Two contacts side by side and what merging the second into the first would do.
#[derive(Debug, Clone)]
pub struct MergePreview {
    pub first: Contact,
    pub second: Contact,
    pub plan: MergePlan,
}

/// Reads both contacts and plans the merge with the user's choices; nothing is written.
pub async fn preview(
    store: &dyn Store,
    first: ContactId,
    second: ContactId,
    keep: &[Keep],
) -> StoreResult<MergePreview> {
    let a = store.contact(first).await?;
    let b = store.contact(second).await?;
    let plan = plan_merge(&a, &b, keep)?;
    Ok(MergePreview { first: a, second: b, plan })
}

/// What a merge did (JSON of `kith merge --json` and the API).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MergeOutcome {
    #[serde(flatten)]
    pub report: MergeReport,
    /// The name the merged contact has now.
    pub name: String,
    /// Where the two disagreed, and the side kept.
    #[schema(value_type = Vec<Object>)]
    pub differences: Vec<Difference>,
}

/// Merges `second` into `first`: everything of both is kept on `first`, `second` is removed.
pub async fn merge(store: &dyn Store, first: ContactId, second: ContactId, keep: &[Keep]) -> StoreResult<MergeOutcome> {
    let p = preview(store, first, second, keep).await?;
    let report = store.merge_contacts(first, second, &p.plan.patch).await?;
    let name = store.contact(first).await?.name;
    Ok(MergeOutcome { report, name, differences: p.plan.differences })
}

/// Undoes the last merge; returns what came back and the sentence saying so.
pub async fn undo(store: &dyn Store, today: NaiveDate) -> StoreResult<(UndoneMerge, String)> {
    let undone = store.undo_merge(today).await?;
    let restored = store.contact(undone.restored).await?.name;
    let kept = store.contact(undone.kept).await?.name;
    let sentence =
        format!("Undid the merge: {restored} is back as #{}, apart from {kept} (#{}).", undone.restored, undone.kept);
    Ok((undone, sentence))
}

/// What a merge moved, in words: "moved 2 touches and 1 follow-up", or that there was nothing.
pub fn moved_phrase(r: &MergeReport) -> String {
    let moved: Vec<String> = [
        (r.touches, "touch", "touches"),
        (r.followups, "follow-up", "follow-ups"),
        (r.events, "event", "events"),
        (r.campaigns, "campaign entry", "campaign entries"),
        (r.memberships, "membership", "memberships"),
        (r.kept_properties, "kept vCard property", "kept vCard properties"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| count(n as usize, one, many))
    .collect();
    match moved.split_last() {
        None => "nothing besides their details to move".to_string(),
        Some((last, [])) => format!("moved {last}"),
        Some((last, rest)) => format!("moved {} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_moved_reads_as_a_sentence() {
        let mut r = MergeReport::default();
        assert_eq!(moved_phrase(&r), "nothing besides their details to move");
        r.touches = 1;
        assert_eq!(moved_phrase(&r), "moved 1 touch");
        r.followups = 2;
        r.memberships = 1;
        assert_eq!(moved_phrase(&r), "moved 1 touch, 2 follow-ups and 1 membership");
    }
}
