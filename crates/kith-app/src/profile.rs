//! A contact's profile: the contact and everything around it, read once for the CLI's `show`, the
//! web app's contact page and the API.

use chrono::NaiveDate;
use kith_core::{
    Contact, ContactId, FollowUp, Interaction, job::PastJob, org::Membership, reciprocity::Reciprocity,
    relationship::Relation,
};
use kith_store::{Store, StoreResult};

use crate::views::{ContactView, FollowUpView, InteractionView, ProfileView};

/// Everything the profile shows, as domain values.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub contact: Contact,
    /// Newest first.
    pub timeline: Vec<Interaction>,
    pub reciprocity: Reciprocity,
    pub memberships: Vec<Membership>,
    /// Open follow-ups, soonest first.
    pub followups: Vec<FollowUp>,
    /// Relationships with other contacts, as read from this one's side.
    pub relations: Vec<Relation>,
    /// Where the contact worked before, the latest first.
    pub past_jobs: Vec<PastJob>,
}

impl Profile {
    /// Reads the contact `id` with at most `limit` interactions (all when `None`), in one store
    /// call; favors count the whole history whatever the limit.
    pub async fn load(store: &dyn Store, id: ContactId, limit: Option<u32>) -> StoreResult<Profile> {
        let p = store.profile(id).await?;
        let reciprocity = Reciprocity::of(p.contact.id, &p.timeline);
        let mut timeline = p.timeline;
        if let Some(n) = limit {
            timeline.truncate(n as usize);
        }
        Ok(Profile {
            contact: p.contact,
            timeline,
            reciprocity,
            memberships: p.memberships,
            followups: p.followups,
            relations: p.relations,
            past_jobs: p.past_jobs,
        })
    }

    /// The JSON shape of `show --json` and `GET /api/v1/contacts/{id}`.
    pub fn view(&self, today: NaiveDate) -> ProfileView {
        ProfileView {
            contact: ContactView::new(&self.contact, today),
            reciprocity: self.reciprocity.into(),
            memberships: self.memberships.clone(),
            relationships: self.relations.clone(),
            past_jobs: self.past_jobs.clone(),
            followups: self.followups.iter().map(FollowUpView::from).collect(),
            interactions: self.timeline.iter().map(InteractionView::from).collect(),
        }
    }
}
