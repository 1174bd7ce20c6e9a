//! Duplicates: the pairs that may be one person, and merging them, the same from `kith merge`,
//! the merge page and `POST /api/v1/contacts/{id}/merge`.

use kith_core::{
    Contact, ContactId,
    duplicate::{Difference, Keep, MergePlan, plan_merge},
};
use kith_store::{MergeReport, Store, StoreResult};
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
