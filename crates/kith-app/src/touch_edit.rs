//! Changing a logged touch, the same from `kith interaction edit`, the API and the contact page.

use chrono::NaiveDate;
use kith_core::{Interaction, InteractionId, NewInteraction, Weights, interaction::InteractionPatch};
use kith_store::{Store, StoreResult};

/// Applies `patch` to touch `id`: checked as a new touch is against `today` (no date after it, at
/// least one person, a favor that belongs to one of them) before anything is written; a new kind
/// carries its weight from `weights`; the warmth of everyone it touched, before and after, follows
/// in the store's one transaction. Returns the touch as it now is.
pub async fn edit_touch(
    store: &dyn Store,
    weights: &Weights,
    id: InteractionId,
    patch: InteractionPatch,
    today: NaiveDate,
) -> StoreResult<Interaction> {
    let current = store.interaction(id).await?;
    if !patch.is_empty() {
        patch.clone().apply(NewInteraction::from(&current), today)?;
        let weight = patch.kind.map(|k| weights.of(k));
        store.edit_interaction(id, patch, weight).await?;
    }
    store.interaction(id).await
}
