//! Campaign messages found in imported mail: the draft the user sent (known by the Message-ID kept
//! when it was written) moves its contact to `sent`, a message from the contact that answers it
//! (In-Reply-To, References) to `replied`. Only ever forward, inside the import's transaction, and
//! a second import of the same mailbox finds nothing left to move.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    ContactId,
    campaign::{CampaignId, Stage},
};
use tracing::instrument;

use crate::{CampaignMailStore, OwnerId, StoreResult, dialect::Dialect, import::ImportTouch};

use super::campaigns::{member_stage, parse_stage};
use super::rows::{invalid, log_change};
use super::{Conn, D, ThisStore};

/// A campaign contact whose message may turn up in mail: drafted or sent, with a kept Message-ID.
#[derive(Debug, Clone, Copy)]
pub(super) struct Awaiting {
    campaign: CampaignId,
    contact: ContactId,
    stage: Stage,
}

/// What a mailbox says about campaign messages, found before its touches are recorded.
#[derive(Debug, Default)]
pub(super) struct CampaignFinds {
    /// Drafted contacts whose message is in the mailbox, with that message's source key.
    sent: Vec<(CampaignId, ContactId, String)>,
    /// Contacts who answered their message.
    replied: Vec<(CampaignId, ContactId)>,
}

/// Every drafted or sent campaign contact with a Message-ID, by the id as mail headers compare it.
/// Campaigns hold hundreds of contacts, not history: this is a small read.
pub(super) async fn awaiting_members(conn: &mut Conn, owner: OwnerId) -> StoreResult<HashMap<String, Awaiting>> {
    let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT campaign_id, contact_id, stage, message_id FROM campaign_contacts \
         WHERE owner_id = $1 AND message_id IS NOT NULL AND stage IN ('drafted', 'sent')",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = HashMap::with_capacity(rows.len());
    for (campaign, contact, stage, message_id) in rows {
        let key = crate::message_id_key(&message_id).to_string();
        out.insert(key, Awaiting { campaign, contact, stage: parse_stage(&stage)? });
    }
    Ok(out)
}

/// Finds the campaign messages among `touches` (those dated after today are not recorded, so they
/// count for nothing here either). `sender_of` names the stored contact an address belongs to: only
/// the contact's own answer counts as their reply.
pub(super) fn find_campaign_mail(
    touches: &[ImportTouch],
    awaiting: &HashMap<String, Awaiting>,
    sender_of: impl Fn(&str) -> Option<ContactId>,
    today: NaiveDate,
) -> CampaignFinds {
    let mut finds = CampaignFinds::default();
    if awaiting.is_empty() {
        return finds;
    }
    for t in touches.iter().filter(|t| t.on <= today) {
        if let Some(id) = t.key.strip_prefix("mid:")
            && let Some(a) = awaiting.get(crate::message_id_key(id))
            && a.stage == Stage::Drafted
        {
            finds.sent.push((a.campaign, a.contact, t.key.clone()));
        }
        let Some(sender) = t.from.as_deref().and_then(&sender_of) else { continue };
        for answered in &t.replies_to {
            if let Some(a) = awaiting.get(crate::message_id_key(answered))
                && a.contact == sender
            {
                finds.replied.push((a.campaign, a.contact));
            }
        }
    }
    finds
}

/// Moves the contacts found: drafted to `sent` (linking the e-mail interaction their message was
/// recorded as), drafted or sent to `replied`. The stage guard in each update keeps every move
/// forward, so a contact already booked or met stays where they are.
pub(super) async fn apply_campaign_mail(
    tx: &mut Conn,
    owner: OwnerId,
    finds: CampaignFinds,
) -> StoreResult<crate::CampaignMail> {
    let mut report = crate::CampaignMail::default();
    let mut changed = std::collections::BTreeSet::new();
    let mut done = HashSet::new();
    for (campaign, contact, key) in finds.sent {
        if !done.insert((campaign, contact, Stage::Sent)) {
            continue;
        }
        let interaction: Option<i64> = sqlx::query_scalar(
            "SELECT interaction_id FROM interaction_sources WHERE owner_id = $1 AND source_key = $2",
        )
        .bind(owner)
        .bind(&key)
        .fetch_optional(&mut *tx)
        .await?;
        let moved = sqlx::query(
            "UPDATE campaign_contacts SET stage = 'sent', interaction_id = COALESCE($1, interaction_id) \
             WHERE campaign_id = $2 AND contact_id = $3 AND owner_id = $4 AND stage = 'drafted'",
        )
        .bind(interaction)
        .bind(campaign)
        .bind(contact)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved > 0 {
            report.sent += 1;
            changed.insert(campaign);
        }
    }
    for (campaign, contact) in finds.replied {
        if !done.insert((campaign, contact, Stage::Replied)) {
            continue;
        }
        let moved = sqlx::query(
            "UPDATE campaign_contacts SET stage = 'replied' \
             WHERE campaign_id = $1 AND contact_id = $2 AND owner_id = $3 AND stage IN ('drafted', 'sent')",
        )
        .bind(campaign)
        .bind(contact)
        .bind(owner)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved > 0 {
            report.replied += 1;
            changed.insert(campaign);
        }
    }
    for campaign in changed {
        log_change(&mut *tx, owner, "campaign", campaign, None, "update").await?;
    }
    Ok(report)
}

#[async_trait]
impl CampaignMailStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn keep_campaign_message_ids(
        &self,
        id: CampaignId,
        ids: &[(ContactId, String)],
    ) -> StoreResult<Vec<(ContactId, String)>> {
        for (_, message_id) in ids {
            let key = crate::message_id_key(message_id);
            if key.is_empty() || key.len() > 900 || key.contains(|c: char| c.is_whitespace() || c.is_control()) {
                return Err(invalid("message_id", message_id.clone(), "give a Message-ID such as <id@example.org>"));
            }
        }
        let mut tx = D::begin_write(&self.pool).await?;
        let mut kept = 0;
        for (contact, message_id) in ids {
            member_stage(&mut tx, self.owner, id, *contact).await?;
            kept += sqlx::query(
                "UPDATE campaign_contacts SET message_id = $1 \
                 WHERE campaign_id = $2 AND contact_id = $3 AND owner_id = $4 AND message_id IS NULL",
            )
            .bind(message_id)
            .bind(id)
            .bind(*contact)
            .bind(self.owner)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        if kept > 0 {
            log_change(&mut tx, self.owner, "campaign", id, None, "update").await?;
        }
        let stored: Vec<(i64, String)> = sqlx::query_as(
            "SELECT contact_id, message_id FROM campaign_contacts \
             WHERE campaign_id = $1 AND owner_id = $2 AND message_id IS NOT NULL ORDER BY position",
        )
        .bind(id)
        .bind(self.owner)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(stored)
    }
}
