//! Job-search campaigns: the template, the contacts picked, each one's stage and sent Message-ID.

use std::collections::HashSet;

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{
    ContactId, InteractionId, NewInteraction,
    campaign::{CampaignId, Stage},
};
use tracing::instrument;

use crate::{
    Campaign, CampaignMember, CampaignStore, CampaignSummary, NewCampaign, OwnerId, StageCounts, StoreError,
    StoreResult, dialect::Dialect,
};

use super::interactions::{check_text, check_weight, insert_interaction};
use super::rows::{bad_data, invalid, log_change, require_contact};
use super::{Conn, D, ThisStore};

/// A member as read: contact id, name, given name, org, met at, last touch, first e-mail, custom
/// line, stage, Message-ID, the interaction it was sent as.
type MemberRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<i64>,
);

pub(super) fn parse_stage(s: &str) -> StoreResult<Stage> {
    Stage::parse("stage", s).map_err(|_| bad_data("campaign stage", s))
}

/// The longest template or custom line kept.
pub(super) const MAX_TEMPLATE_CHARS: usize = 20_000;

pub(super) fn check_template(field: &str, text: &str) -> StoreResult<()> {
    if text.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(invalid(field, excerpt_of(text), format!("is longer than {MAX_TEMPLATE_CHARS} characters")));
    }
    kith_core::campaign::Template::parse(field, text)?;
    Ok(())
}

pub(super) fn excerpt_of(text: &str) -> String {
    text.chars().take(40).collect()
}

/// The stage of a contact on a campaign; `NotFound` when the campaign is not the owner's or the
/// contact is not on it.
pub(super) async fn member_stage(
    conn: &mut Conn,
    owner: OwnerId,
    campaign: CampaignId,
    contact: ContactId,
) -> StoreResult<Stage> {
    require_campaign(conn, owner, campaign).await?;
    let stage: Option<String> = sqlx::query_scalar(
        "SELECT stage FROM campaign_contacts WHERE campaign_id = $1 AND contact_id = $2 AND owner_id = $3",
    )
    .bind(campaign)
    .bind(contact)
    .bind(owner)
    .fetch_optional(&mut *conn)
    .await?;
    match stage {
        Some(s) => parse_stage(&s),
        None => Err(StoreError::not_found("contact on this campaign", contact)),
    }
}

/// A field of a contact's row on a campaign that the user sets by hand.
#[derive(Debug, Clone, Copy)]
enum MemberField {
    Custom,
    Stage,
}

impl MemberField {
    /// The update, binding the value, the campaign, the contact and the owner.
    fn update_sql(self) -> &'static str {
        match self {
            MemberField::Custom => {
                "UPDATE campaign_contacts SET custom = $1 WHERE campaign_id = $2 AND contact_id = $3 AND owner_id = $4"
            }
            MemberField::Stage => {
                "UPDATE campaign_contacts SET stage = $1 WHERE campaign_id = $2 AND contact_id = $3 AND owner_id = $4"
            }
        }
    }
}

async fn require_campaign(conn: &mut Conn, owner: OwnerId, id: CampaignId) -> StoreResult<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM campaigns WHERE id = $1 AND owner_id = $2")
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *conn)
        .await?;
    found.map(|_| ()).ok_or_else(|| StoreError::not_found("campaign", id))
}

#[async_trait]
impl CampaignStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn create_campaign(&self, campaign: NewCampaign, today: NaiveDate) -> StoreResult<CampaignId> {
        let name = kith_core::campaign::check_name("name", &campaign.name)?;
        check_template("subject", &campaign.subject)?;
        if campaign.subject.contains(['\r', '\n']) {
            return Err(invalid("subject", excerpt_of(&campaign.subject), "must be one line"));
        }
        check_template("body", &campaign.body)?;
        if campaign.contacts.is_empty() {
            return Err(invalid("contacts", "", "a campaign needs at least one contact; loosen the filters"));
        }
        let mut tx = D::begin_write(&self.pool).await?;
        for c in &campaign.contacts {
            require_contact(&mut tx, self.owner, *c).await?;
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO campaigns (owner_id, name, subject, body, created_on) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(self.owner)
        .bind(&name)
        .bind(&campaign.subject)
        .bind(&campaign.body)
        .bind(today)
        .fetch_one(&mut *tx)
        .await?;
        let mut seen = HashSet::new();
        for (position, c) in campaign.contacts.iter().filter(|c| seen.insert(**c)).enumerate() {
            sqlx::query(
                "INSERT INTO campaign_contacts (owner_id, campaign_id, contact_id, position, stage) \
                 VALUES ($1, $2, $3, $4, 'drafted')",
            )
            .bind(self.owner)
            .bind(id)
            .bind(*c)
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        }
        log_change(&mut tx, self.owner, "campaign", id, None, "create").await?;
        tx.commit().await?;
        Ok(id)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn campaigns(&self) -> StoreResult<Vec<CampaignSummary>> {
        let rows: Vec<(i64, String, NaiveDate, Option<String>, i64)> = sqlx::query_as(
            "SELECT c.id, c.name, c.created_on, m.stage, COUNT(m.contact_id) FROM campaigns c \
             LEFT JOIN campaign_contacts m ON m.campaign_id = c.id WHERE c.owner_id = $1 \
             GROUP BY c.id, c.name, c.created_on, m.stage ORDER BY c.id DESC",
        )
        .bind(self.owner)
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<CampaignSummary> = Vec::new();
        for (id, name, created_on, stage, n) in rows {
            if out.last().is_none_or(|s| s.id != id) {
                out.push(CampaignSummary { id, name, created_on, size: 0, stages: StageCounts::default() });
            }
            let summary = out.last_mut().expect("pushed above");
            if let Some(stage) = stage {
                let n = u32::try_from(n).unwrap_or(u32::MAX);
                summary.stages.add(parse_stage(&stage)?, n);
                summary.size += n;
            }
        }
        Ok(out)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn campaign(&self, id: CampaignId) -> StoreResult<Campaign> {
        let head: Option<(String, String, String, NaiveDate)> =
            sqlx::query_as("SELECT name, subject, body, created_on FROM campaigns WHERE id = $1 AND owner_id = $2")
                .bind(id)
                .bind(self.owner)
                .fetch_optional(&self.pool)
                .await?;
        let (name, subject, body, created_on) = head.ok_or_else(|| StoreError::not_found("campaign", id))?;
        let rows: Vec<MemberRow> = sqlx::query_as(
            "SELECT m.contact_id, c.name, c.given_name, o.name, c.met_at, c.last_touch_on, \
             (SELECT e.email FROM contact_emails e WHERE e.contact_id = c.id ORDER BY e.position LIMIT 1), \
             m.custom, m.stage, m.message_id, m.interaction_id \
             FROM campaign_contacts m JOIN contacts c ON c.id = m.contact_id \
             LEFT JOIN organizations o ON o.id = c.org_id \
             WHERE m.campaign_id = $1 AND m.owner_id = $2 ORDER BY m.position",
        )
        .bind(id)
        .bind(self.owner)
        .fetch_all(&self.pool)
        .await?;
        let members = rows
            .into_iter()
            .map(
                |(
                    contact_id,
                    name,
                    given_name,
                    org,
                    met_at,
                    last_touch_on,
                    email,
                    custom,
                    stage,
                    message_id,
                    interaction_id,
                )| {
                    Ok(CampaignMember {
                        contact_id,
                        name,
                        given_name,
                        email,
                        org,
                        met_at,
                        last_touch_on,
                        custom,
                        stage: parse_stage(&stage)?,
                        message_id,
                        interaction_id,
                    })
                },
            )
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Campaign { id, name, subject, body, created_on, members })
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn set_campaign_custom(&self, id: CampaignId, contact: ContactId, custom: Option<String>) -> StoreResult<()> {
        let custom = check_text("custom", custom)?;
        if let Some(c) = &custom
            && c.chars().count() > MAX_TEMPLATE_CHARS
        {
            return Err(invalid("custom", excerpt_of(c), format!("is longer than {MAX_TEMPLATE_CHARS} characters")));
        }
        self.update_member(id, contact, MemberField::Custom, custom, |_| true).await
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn set_campaign_stage(&self, id: CampaignId, contact: ContactId, stage: Stage) -> StoreResult<()> {
        self.update_member(id, contact, MemberField::Stage, Some(stage.as_str().to_string()), |current| {
            current != stage
        })
        .await
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn record_campaign_send(
        &self,
        id: CampaignId,
        contact: ContactId,
        message_id: &str,
        interaction: NewInteraction,
        weight: f64,
    ) -> StoreResult<InteractionId> {
        let on = interaction.on;
        let i = interaction.validate(on)?;
        check_weight(weight)?;
        if message_id.trim().is_empty() {
            return Err(invalid("message_id", message_id, "a sent message needs its Message-ID"));
        }
        if i.contacts != [contact] {
            return Err(invalid("who", contact.to_string(), "a campaign message is logged with its one contact"));
        }
        let mut tx = D::begin_write(&self.pool).await?;
        let stage = member_stage(&mut tx, self.owner, id, contact).await?;
        if stage != Stage::Drafted {
            return Err(invalid("who", contact.to_string(), format!("was already sent this campaign (stage {stage})")));
        }
        let interaction_id = insert_interaction(&mut tx, self.owner, &i, weight).await?;
        sqlx::query(
            "UPDATE campaign_contacts SET stage = 'sent', message_id = $1, interaction_id = $2 \
             WHERE campaign_id = $3 AND contact_id = $4",
        )
        .bind(message_id)
        .bind(interaction_id)
        .bind(id)
        .bind(contact)
        .execute(&mut *tx)
        .await?;
        log_change(&mut tx, self.owner, "interaction", interaction_id, None, "create").await?;
        log_change(&mut tx, self.owner, "campaign", id, None, "update").await?;
        tx.commit().await?;
        Ok(interaction_id)
    }
}

impl ThisStore {
    /// Sets one field of a contact's row on a campaign in a transaction of its own, with its
    /// change-log entry: `NotFound` when the contact is not on the owner's campaign, and nothing
    /// written when `changes` says the current stage makes the update a no-op.
    async fn update_member(
        &self,
        id: CampaignId,
        contact: ContactId,
        field: MemberField,
        value: Option<String>,
        changes: impl FnOnce(Stage) -> bool,
    ) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        let current = member_stage(&mut tx, self.owner, id, contact).await?;
        if changes(current) {
            sqlx::query(field.update_sql())
                .bind(value)
                .bind(id)
                .bind(contact)
                .bind(self.owner)
                .execute(&mut *tx)
                .await?;
            log_change(&mut tx, self.owner, "campaign", id, None, "update").await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
