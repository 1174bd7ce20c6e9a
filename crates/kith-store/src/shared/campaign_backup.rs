//! Job-search campaigns and the weekly digest's last week in a backup, and back in a restore. A
//! member names the e-mail interaction their message was recorded as by its day: the interaction
//! itself is one of the backup's interactions, restored with them, and linked again afterwards.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use kith_core::{
    ContactId, ValidationError,
    schedule::IsoWeek,
    snapshot::{Snapshot, SnapshotCampaign, SnapshotCampaignMember},
};

use crate::{OwnerId, StoreError, StoreResult};

use super::Conn;
use super::campaigns::{MAX_TEMPLATE_CHARS, check_template, excerpt_of, parse_stage};
use super::career::at_path;
use super::digest::week_number;
use super::rows::{bad_data, invalid, log_change};

/// A member as the backup query returns it: campaign id, contact uid, stage, custom line,
/// Message-ID, the day of the interaction it was sent as.
type CampaignMemberRow = (i64, String, String, Option<String>, Option<String>, Option<NaiveDate>);

pub(super) async fn snapshot_campaigns(conn: &mut Conn, owner: OwnerId) -> StoreResult<Vec<SnapshotCampaign>> {
    let heads: Vec<(i64, String, NaiveDate, String, String)> =
        sqlx::query_as("SELECT id, name, created_on, subject, body FROM campaigns WHERE owner_id = $1 ORDER BY id")
            .bind(owner)
            .fetch_all(&mut *conn)
            .await?;
    if heads.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<CampaignMemberRow> = sqlx::query_as(
        "SELECT m.campaign_id, c.uid, m.stage, m.custom, m.message_id, i.on_date FROM campaign_contacts m \
         JOIN contacts c ON c.id = m.contact_id LEFT JOIN interactions i ON i.id = m.interaction_id \
         WHERE m.owner_id = $1 ORDER BY m.campaign_id, m.position",
    )
    .bind(owner)
    .fetch_all(&mut *conn)
    .await?;
    let mut members: HashMap<i64, Vec<SnapshotCampaignMember>> = HashMap::new();
    for (campaign, contact, stage, custom, message_id, sent_on) in rows {
        let stage = parse_stage(&stage)?;
        members.entry(campaign).or_default().push(SnapshotCampaignMember {
            contact,
            stage,
            custom,
            message_id,
            sent_on,
        });
    }
    Ok(heads
        .into_iter()
        .map(|(id, name, created_on, subject, body)| SnapshotCampaign {
            name,
            created_on,
            subject,
            body,
            members: members.remove(&id).unwrap_or_default(),
        })
        .collect())
}

pub(super) async fn snapshot_digest_week(conn: &mut Conn, owner: OwnerId) -> StoreResult<Option<IsoWeek>> {
    let row: Option<(i32, i32)> = sqlx::query_as(
        "SELECT iso_year, iso_week FROM digest_sends WHERE owner_id = $1 ORDER BY iso_year DESC, iso_week DESC LIMIT 1",
    )
    .bind(owner)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|(year, week)| {
        let week = u32::try_from(week).map_err(|_| bad_data("digest week", &week.to_string()))?;
        Ok(IsoWeek { year, week })
    })
    .transpose()
}

/// Checks a snapshot's campaigns and digest week before anything is written: names and templates
/// as a new campaign's, members naming the backup's contacts once each, Message-IDs well formed
/// and kept by one member only.
pub(super) fn check_snapshot_campaigns(s: &Snapshot, uids: &HashSet<&str>) -> StoreResult<()> {
    let at = |k: usize, e: ValidationError| at_path("campaigns", Some(k), e);
    let mut message_ids: HashMap<&str, (usize, usize)> = HashMap::new();
    for (k, c) in s.campaigns.iter().enumerate() {
        let first = |e: StoreError| match e {
            StoreError::Invalid(v) => at(k, v),
            other => other,
        };
        kith_core::campaign::check_name("name", &c.name).map_err(|e| at(k, e))?;
        check_template("subject", &c.subject).map_err(first)?;
        if c.subject.contains(['\r', '\n']) {
            return Err(at(k, ValidationError::new("subject", excerpt_of(&c.subject), "must be one line")));
        }
        check_template("body", &c.body).map_err(first)?;
        let mut seen = HashSet::new();
        for (j, m) in c.members.iter().enumerate() {
            let member = |field: &str, value: &str, why: &str| {
                at(k, ValidationError::new(format!("members[{j}].{field}"), value, why))
            };
            if !uids.contains(m.contact.as_str()) {
                return Err(member("contact", &m.contact, "no contact of the backup has this uid"));
            }
            if !seen.insert(m.contact.as_str()) {
                return Err(member("contact", &m.contact, "is on this campaign twice; keep one of the two"));
            }
            if m.custom.as_ref().is_some_and(|t| t.chars().count() > MAX_TEMPLATE_CHARS) {
                let why = format!("is longer than {MAX_TEMPLATE_CHARS} characters");
                return Err(member("custom", &excerpt_of(m.custom.as_deref().unwrap_or_default()), &why));
            }
            if let Some(id) = &m.message_id {
                let key = crate::message_id_key(id);
                if key.is_empty() || key.len() > 900 || key.contains(|c: char| c.is_whitespace() || c.is_control()) {
                    return Err(member("message_id", id, "give a Message-ID such as <id@example.org>"));
                }
                if let Some((k2, j2)) = message_ids.insert(key, (k, j)) {
                    let why = format!("is also kept by campaigns[{k2}].members[{j2}]; a message goes to one contact");
                    return Err(member("message_id", id, &why));
                }
            }
        }
    }
    if let Some(w) = s.digest_last_week
        && !(1..=53).contains(&w.week)
    {
        return Err(invalid("digest_last_week.week", w.week.to_string(), "an ISO week is numbered 1 to 53"));
    }
    Ok(())
}

/// Restores a backup's campaigns (one already stored with the same name and creation day is
/// skipped) and the digest's last week. Runs after the interactions are restored, so each sent
/// member is linked to the interaction of that day with them: the one found by its Message-ID
/// first, else their e-mail of that day. `contact` maps a uid to the restored contact's id.
pub(super) async fn restore_campaigns(
    conn: &mut Conn,
    owner: OwnerId,
    s: &Snapshot,
    contact: &(dyn Fn(&str) -> ContactId + Sync),
) -> StoreResult<()> {
    for (k, c) in s.campaigns.iter().enumerate() {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM campaigns WHERE owner_id = $1 AND name = $2 AND created_on = $3")
                .bind(owner)
                .bind(&c.name)
                .bind(c.created_on)
                .fetch_optional(&mut *conn)
                .await?;
        if exists.is_some() {
            continue;
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO campaigns (owner_id, name, subject, body, created_on) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(owner)
        .bind(&c.name)
        .bind(&c.subject)
        .bind(&c.body)
        .bind(c.created_on)
        .fetch_one(&mut *conn)
        .await?;
        for (j, m) in c.members.iter().enumerate() {
            let contact_id = contact(&m.contact);
            if let Some(mid) = &m.message_id {
                let taken: Option<i64> = sqlx::query_scalar(
                    "SELECT campaign_id FROM campaign_contacts WHERE owner_id = $1 AND message_id = $2",
                )
                .bind(owner)
                .bind(mid)
                .fetch_optional(&mut *conn)
                .await?;
                if let Some(other) = taken {
                    return Err(invalid(
                        &format!("campaigns[{k}].members[{j}].message_id"),
                        mid.clone(),
                        format!("is already kept by campaign {other} of this network; restore into an empty database"),
                    ));
                }
            }
            let interaction = match m.sent_on {
                Some(on) => sent_interaction(conn, owner, contact_id, on, m.message_id.as_deref()).await?,
                None => None,
            };
            sqlx::query(
                "INSERT INTO campaign_contacts \
                 (owner_id, campaign_id, contact_id, position, custom, stage, message_id, interaction_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(owner)
            .bind(id)
            .bind(contact_id)
            .bind(j as i64)
            .bind(&m.custom)
            .bind(m.stage.as_str())
            .bind(&m.message_id)
            .bind(interaction)
            .execute(&mut *conn)
            .await?;
        }
        log_change(conn, owner, "campaign", id, None, "create").await?;
    }
    if let Some(week) = s.digest_last_week {
        sqlx::query(
            "INSERT INTO digest_sends (owner_id, iso_year, iso_week, claimed_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(owner)
        .bind(week.year)
        .bind(week_number(week))
        .bind(Utc::now())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The interaction a campaign message to `contact` on `on` was recorded as: the one whose source
/// is the message's own Message-ID, else an e-mail of that day, else any touch of that day.
async fn sent_interaction(
    conn: &mut Conn,
    owner: OwnerId,
    contact: ContactId,
    on: NaiveDate,
    message_id: Option<&str>,
) -> StoreResult<Option<i64>> {
    let key = message_id.map(|m| format!("mid:{}", crate::message_id_key(m)));
    Ok(sqlx::query_scalar(
        "SELECT i.id FROM interaction_contacts ic JOIN interactions i ON i.id = ic.interaction_id \
         LEFT JOIN interaction_sources s ON s.interaction_id = i.id \
         WHERE ic.owner_id = $1 AND ic.contact_id = $2 AND i.on_date = $3 \
         ORDER BY CASE WHEN s.source_key = $4 THEN 0 WHEN i.kind = 'email' THEN 1 ELSE 2 END, i.id LIMIT 1",
    )
    .bind(owner)
    .bind(contact)
    .bind(on)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?)
}
