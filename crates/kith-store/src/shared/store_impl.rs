// The `Store` trait for this backend: each method delegates to the shared implementation above.
// `include!`d by each backend (see rows.rs).

use async_trait::async_trait;

#[async_trait]
impl crate::Store for ThisStore {
    fn backend(&self) -> crate::Backend {
        BACKEND
    }

    fn owner(&self) -> OwnerId {
        self.owner
    }

    async fn add_contact(&self, contact: NewContact, today: NaiveDate) -> StoreResult<ContactId> {
        self.do_add_contact(contact, today).await
    }

    async fn edit_contact(&self, id: ContactId, patch: ContactPatch) -> StoreResult<()> {
        self.do_edit_contact(id, patch).await
    }

    async fn contact(&self, id: ContactId) -> StoreResult<Contact> {
        self.do_contact(id).await
    }

    async fn profile(&self, id: ContactId) -> StoreResult<ContactProfile> {
        self.do_profile(id).await
    }
    async fn resolve(&self, who: &str) -> StoreResult<ContactId> {
        self.do_resolve(who).await
    }

    async fn list_contacts(&self, filter: &ContactFilter, today: NaiveDate) -> StoreResult<Vec<Contact>> {
        self.do_list_contacts(filter, today).await
    }

    async fn list_briefs(&self, filter: &ContactFilter, today: NaiveDate) -> StoreResult<Vec<ContactBrief>> {
        self.do_list_briefs(filter, today).await
    }

    async fn memberships(&self, contact: ContactId) -> StoreResult<Vec<Membership>> {
        self.do_memberships(contact).await
    }

    async fn briefs(&self) -> StoreResult<Vec<ContactBrief>> {
        self.do_briefs().await
    }

    async fn briefs_after(&self, after: ContactId, limit: u32) -> StoreResult<Vec<ContactBrief>> {
        self.do_briefs_after(after, limit).await
    }

    async fn briefs_of(&self, ids: &[ContactId]) -> StoreResult<Vec<ContactBrief>> {
        self.do_briefs_of(ids).await
    }

    async fn delete_contacts(&self, ids: &[ContactId]) -> StoreResult<DeleteReport> {
        self.do_delete_contacts(ids).await
    }

    async fn birthdays(&self) -> StoreResult<Vec<(ContactId, String, Birthday)>> {
        self.do_birthdays().await
    }
    async fn count_contacts(&self) -> StoreResult<u64> {
        self.do_count_contacts().await
    }

    async fn log_interaction(&self, interaction: NewInteraction, weight: f64) -> StoreResult<InteractionId> {
        self.do_log_interaction(interaction, weight).await
    }

    async fn edit_interaction(
        &self,
        id: InteractionId,
        patch: InteractionPatch,
        weight: Option<f64>,
    ) -> StoreResult<()> {
        self.do_edit_interaction(id, patch, weight).await
    }

    async fn delete_interaction(&self, id: InteractionId) -> StoreResult<()> {
        self.do_delete_interaction(id).await
    }

    async fn interaction(&self, id: InteractionId) -> StoreResult<Interaction> {
        self.do_interaction(id).await
    }

    async fn timeline(&self, contact: ContactId, limit: Option<u32>) -> StoreResult<Vec<Interaction>> {
        self.do_timeline(contact, limit).await
    }

    async fn reciprocity(&self, contact: ContactId) -> StoreResult<Reciprocity> {
        self.do_reciprocity(contact).await
    }

    async fn histories(&self, contacts: &[ContactId], recent: u32) -> StoreResult<HashMap<ContactId, History>> {
        self.do_histories(contacts, recent).await
    }

    async fn due_candidates(
        &self,
        today: NaiveDate,
        until: NaiveDate,
        limit: Option<u32>,
    ) -> StoreResult<Vec<ContactBrief>> {
        self.do_due_candidates(today, until, limit).await
    }

    async fn reconnect_pool(
        &self,
        today: NaiveDate,
        limit: u32,
        also: &[ContactId],
    ) -> StoreResult<Vec<ReconnectCandidate>> {
        self.do_reconnect_pool(today, limit, also).await
    }

    async fn reconnect_offers(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<Offer>> {
        self.do_reconnect_offers(from, to).await
    }

    async fn record_reconnect_offer(&self, week_of: NaiveDate, contact: ContactId) -> StoreResult<()> {
        self.do_record_reconnect_offer(week_of, contact).await
    }

    async fn birthdays_on(&self, month_days: &[String]) -> StoreResult<Vec<BirthdayOf>> {
        self.do_birthdays_on(month_days).await
    }

    async fn week_so_far(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<WeekSoFar> {
        self.do_week_so_far(from, to).await
    }

    async fn touches_by_day(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<(NaiveDate, u64)>> {
        self.do_touches_by_day(from, to).await
    }

    async fn snooze(&self, contact: ContactId, until: Option<NaiveDate>) -> StoreResult<()> {
        self.do_snooze(contact, until).await
    }

    async fn add_followup(
        &self,
        contact: ContactId,
        due_on: NaiveDate,
        note: Option<String>,
        today: NaiveDate,
    ) -> StoreResult<FollowUpId> {
        self.do_add_followup(contact, due_on, note, today).await
    }

    async fn followups(&self, include_done: bool) -> StoreResult<Vec<FollowUp>> {
        self.do_followups(include_done).await
    }
    async fn followups_due_by(&self, until: NaiveDate) -> StoreResult<Vec<FollowUp>> {
        self.do_followups_due_by(until).await
    }

    async fn followups_of(&self, contact: ContactId, include_done: bool) -> StoreResult<Vec<FollowUp>> {
        self.do_followups_of(contact, include_done).await
    }

    async fn complete_followup(&self, id: FollowUpId, today: NaiveDate) -> StoreResult<()> {
        self.do_complete_followup(id, today).await
    }

    async fn add_org(&self, name: &str, kind: OrgKind) -> StoreResult<OrgId> {
        self.do_add_org(name, kind).await
    }

    async fn orgs(&self) -> StoreResult<Vec<Organization>> {
        self.do_orgs().await
    }

    async fn org(&self, id: OrgId) -> StoreResult<Organization> {
        self.do_org(id).await
    }
    async fn org_members(&self, id: OrgId) -> StoreResult<Vec<Member>> {
        self.do_org_members(id).await
    }
    async fn join_org(&self, contact: ContactId, org: &str, role: Role, tenure: Tenure) -> StoreResult<()> {
        self.do_join_org(contact, org, role, tenure).await
    }
    async fn set_own_membership(&self, org: &str, role: Role, tenure: Tenure) -> StoreResult<OrgId> {
        self.do_set_own_membership(org, role, tenure).await
    }
    async fn own_memberships(&self, org: Option<OrgId>) -> StoreResult<Vec<OwnMembership>> {
        self.do_own_memberships(org).await
    }

    // --- events ---------------------------------------------------------------------------------

    async fn add_event(&self, event: NewEvent, today: NaiveDate, weight: f64) -> StoreResult<EventId> {
        self.do_add_event(event, today, weight).await
    }
    async fn events(&self, filter: &EventFilter) -> StoreResult<Vec<Event>> {
        self.do_events(filter).await
    }
    async fn event(&self, id: EventId) -> StoreResult<Event> {
        self.do_event(id).await
    }
    async fn event_days(&self, org: OrgId, from: NaiveDate) -> StoreResult<Vec<NaiveDate>> {
        self.do_event_days(org, from).await
    }
    async fn remove_event(&self, id: EventId) -> StoreResult<()> {
        self.do_remove_event(id).await
    }

    async fn import(&self, batch: ImportBatch, options: &ImportOptions) -> StoreResult<ImportReport> {
        self.do_import(batch, options).await
    }

    async fn snapshot(&self) -> StoreResult<Snapshot> {
        self.do_snapshot().await
    }

    async fn restore(&self, snapshot: Snapshot, options: &ImportOptions) -> StoreResult<ImportReport> {
        self.do_restore(snapshot, options).await
    }

    async fn card_parts(&self) -> StoreResult<crate::CardParts> {
        self.do_card_parts().await
    }

    async fn extras(&self, contact: ContactId) -> StoreResult<Vec<String>> {
        self.do_extras(contact).await
    }

    async fn linkedin_connections(&self) -> StoreResult<Option<(u32, NaiveDate)>> {
        self.do_linkedin_connections().await
    }

    async fn bulk_load(&self, bulk: &Bulk) -> StoreResult<()> {
        self.do_bulk_load(bulk).await
    }

    async fn sync_token(&self) -> StoreResult<i64> {
        self.do_sync_token().await
    }

    async fn changes_since(&self, token: i64, limit: u32) -> StoreResult<Vec<Change>> {
        self.do_changes_since(token, limit).await
    }

    // --- web ------------------------------------------------------------------------------------

    async fn create_session(&self, id_hash: &str, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> StoreResult<()> {
        self.do_create_session(id_hash, now, expires_at).await
    }

    async fn session_expires(&self, id_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<DateTime<Utc>>> {
        self.do_session_expires(id_hash, now).await
    }

    async fn end_session(&self, id_hash: &str) -> StoreResult<()> {
        self.do_end_session(id_hash).await
    }

    async fn record_sign_in_failure(&self, client: &str, now: DateTime<Utc>) -> StoreResult<()> {
        self.do_record_sign_in_failure(client, now).await
    }

    async fn sign_in_failures(&self, client: &str, since: DateTime<Utc>) -> StoreResult<Vec<DateTime<Utc>>> {
        self.do_sign_in_failures(client, since).await
    }

    async fn data_version(&self) -> StoreResult<i64> {
        self.do_data_version().await
    }
    async fn feed_token(&self) -> StoreResult<String> {
        self.do_feed_token().await
    }
    async fn rotate_feed_token(&self) -> StoreResult<String> {
        self.do_rotate_feed_token().await
    }
    async fn save_import_draft(&self, draft: NewImportDraft, now: DateTime<Utc>) -> StoreResult<String> {
        self.do_save_import_draft(draft, now).await
    }
    async fn import_draft(&self, token: &str) -> StoreResult<ImportDraft> {
        self.do_import_draft(token).await
    }
    async fn delete_import_draft(&self, token: &str) -> StoreResult<()> {
        self.do_delete_import_draft(token).await
    }

    // --- weekly digest --------------------------------------------------------------------------

    async fn claim_digest_week(&self, week: IsoWeek, now: DateTime<Utc>) -> StoreResult<bool> {
        self.do_claim_digest_week(week, now).await
    }

    async fn release_digest_week(&self, week: IsoWeek) -> StoreResult<()> {
        self.do_release_digest_week(week).await
    }

    async fn last_digest_week(&self) -> StoreResult<Option<IsoWeek>> {
        self.do_last_digest_week().await
    }

    // --- goals ----------------------------------------------------------------------------------

    async fn goals(&self) -> StoreResult<Vec<StoredGoal>> {
        self.do_goals().await
    }
    async fn add_goal(&self, goal: Goal) -> StoreResult<i64> {
        self.do_add_goal(goal).await
    }
    async fn set_goal_target(&self, id: i64, target: u32) -> StoreResult<()> {
        self.do_set_goal_target(id, target).await
    }
    async fn remove_goal(&self, id: i64) -> StoreResult<()> {
        self.do_remove_goal(id).await
    }
    async fn goal_activity(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Activity> {
        self.do_goal_activity(from, to).await
    }

    // --- campaigns ------------------------------------------------------------------------------

    async fn create_campaign(&self, campaign: NewCampaign, today: NaiveDate) -> StoreResult<CampaignId> {
        self.do_create_campaign(campaign, today).await
    }
    async fn campaigns(&self) -> StoreResult<Vec<CampaignSummary>> {
        self.do_campaigns().await
    }
    async fn campaign(&self, id: CampaignId) -> StoreResult<Campaign> {
        self.do_campaign(id).await
    }
    async fn set_campaign_custom(&self, id: CampaignId, contact: ContactId, custom: Option<String>) -> StoreResult<()> {
        self.do_set_campaign_custom(id, contact, custom).await
    }
    async fn set_campaign_stage(&self, id: CampaignId, contact: ContactId, stage: Stage) -> StoreResult<()> {
        self.do_set_campaign_stage(id, contact, stage).await
    }
    async fn keep_campaign_message_ids(
        &self,
        id: CampaignId,
        ids: &[(ContactId, String)],
    ) -> StoreResult<Vec<(ContactId, String)>> {
        self.do_keep_campaign_message_ids(id, ids).await
    }
    async fn record_campaign_send(
        &self,
        id: CampaignId,
        contact: ContactId,
        message_id: &str,
        interaction: NewInteraction,
        weight: f64,
    ) -> StoreResult<InteractionId> {
        self.do_record_campaign_send(id, contact, message_id, interaction, weight).await
    }

    async fn career(&self) -> StoreResult<CareerRecord> {
        self.do_career().await
    }

    async fn set_career(&self, patch: CareerPatch, today: NaiveDate) -> StoreResult<()> {
        self.do_set_career(patch, today).await
    }

    async fn add_accomplishment(
        &self,
        accomplishment: NewAccomplishment,
        today: NaiveDate,
    ) -> StoreResult<AccomplishmentId> {
        self.do_add_accomplishment(accomplishment, today).await
    }

    async fn accomplishments(&self, since: Option<NaiveDate>) -> StoreResult<Vec<Accomplishment>> {
        self.do_accomplishments(since).await
    }

    async fn remove_accomplishment(&self, id: AccomplishmentId) -> StoreResult<()> {
        self.do_remove_accomplishment(id).await
    }

    async fn add_signal(&self, signal: NewSignal, today: NaiveDate) -> StoreResult<SignalId> {
        self.do_add_signal(signal, today).await
    }

    async fn signals(&self, filter: &SignalFilter) -> StoreResult<Vec<Signal>> {
        self.do_signals(filter).await
    }

    async fn remove_signal(&self, id: SignalId) -> StoreResult<()> {
        self.do_remove_signal(id).await
    }

    async fn hiring_orgs(&self, since: NaiveDate) -> StoreResult<Vec<String>> {
        self.do_hiring_orgs(since).await
    }

    async fn unsorted(&self) -> StoreResult<Vec<TriageCandidate>> {
        self.do_unsorted().await
    }

    async fn count_unsorted(&self) -> StoreResult<u64> {
        self.do_count_unsorted().await
    }

    async fn sort_contacts(&self, sorted: &[(ContactId, Circle)]) -> StoreResult<()> {
        self.do_sort_contacts(sorted).await
    }
}
