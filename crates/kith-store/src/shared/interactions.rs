//! Interactions: log, change, delete, read; each write refreshes the warmth of the contacts in it.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use kith_core::{
    ContactId, Interaction, InteractionId, InteractionKind, NewInteraction,
    due::LastTouch,
    interaction::InteractionPatch,
    plan::{History, Reach},
    reciprocity::Reciprocity,
};
use tracing::instrument;

use crate::{InteractionStore, OwnerId, StoreError, StoreResult, dialect::Dialect, text};

use super::contacts::non_empty;
use super::rows::{
    InteractionRow, invalid, limit_sql, log_change, parse_kind, participants, refresh_warmth, require_contact,
};
use super::ties::refresh_ties;
use super::{Conn, D, ThisStore};

/// Writes a validated interaction and its people, refreshes their warmth and logs the change; the
/// contacts must exist.
pub(super) async fn insert_interaction(
    conn: &mut Conn,
    owner: OwnerId,
    i: &NewInteraction,
    weight: f64,
) -> StoreResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO interactions (owner_id, kind, on_date, minutes, note, gave, got, they_initiated, weight, \
         created_at, favor_contact_id, people, search_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
         $12, $13) RETURNING id",
    )
    .bind(owner)
    .bind(i.kind.as_str())
    .bind(i.on)
    .bind(i.minutes.map(i64::from))
    .bind(&i.note)
    .bind(&i.gave)
    .bind(&i.got)
    .bind(i.they_initiated)
    .bind(weight)
    .bind(Utc::now())
    .bind(favor_contact(i))
    .bind(i.contacts.len() as i64)
    .bind(touch_search_text(i))
    .fetch_one(&mut *conn)
    .await?;
    insert_people(conn, owner, id, &i.contacts).await?;
    for c in &i.contacts {
        refresh_warmth(conn, owner, *c).await?;
    }
    if i.contacts.len() >= 2 {
        refresh_ties(conn, owner, &i.contacts).await?;
    }
    Ok(id)
}

/// What a touch is found by: its note and favors.
pub(super) fn touch_search_text(i: &NewInteraction) -> String {
    text::typed_text([i.note.as_deref(), i.gave.as_deref(), i.got.as_deref()])
}

/// Links the people of interaction `id` (the caller refreshes their warmth).
async fn insert_people(conn: &mut Conn, owner: OwnerId, id: InteractionId, contacts: &[ContactId]) -> StoreResult<()> {
    for c in contacts {
        sqlx::query("INSERT INTO interaction_contacts (owner_id, interaction_id, contact_id) VALUES ($1, $2, $3)")
            .bind(owner)
            .bind(id)
            .bind(*c)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Whom the favor of an interaction belongs to: one person, never all of them — the one it names
/// when that one is in it, else the first named.
pub(super) fn favor_contact(i: &NewInteraction) -> Option<ContactId> {
    if i.gave.is_none() && i.got.is_none() {
        return None;
    }
    i.favor_with.filter(|w| i.contacts.contains(w)).or_else(|| i.contacts.first().copied())
}

/// Marks done, on the touch's day, the open follow-ups a touch keeps. Each must be open and promised
/// to someone in the touch; otherwise nothing is written (the caller's transaction is dropped).
async fn fulfill_followups(conn: &mut Conn, owner: OwnerId, i: &NewInteraction) -> StoreResult<()> {
    for &f in &i.fulfills {
        let row: Option<(i64, NaiveDate, Option<NaiveDate>)> =
            sqlx::query_as("SELECT contact_id, created_on, done_on FROM followups WHERE id = $1 AND owner_id = $2")
                .bind(f)
                .bind(owner)
                .fetch_optional(&mut *conn)
                .await?;
        match row {
            None => return Err(StoreError::not_found("follow-up", f)),
            Some((_, _, Some(done))) => {
                return Err(invalid("done_followup", f.to_string(), format!("was already done on {done}")));
            }
            Some((who, _, None)) if !i.contacts.contains(&who) => {
                return Err(invalid("done_followup", f.to_string(), "was promised to someone not in this touch"));
            }
            Some((_, made, None)) if made > i.on => {
                return Err(invalid(
                    "done_followup",
                    f.to_string(),
                    format!("was promised on {made}, after this touch ({}): a touch can keep it from then on", i.on),
                ));
            }
            Some(_) => {}
        }
        sqlx::query("UPDATE followups SET done_on = $1 WHERE id = $2 AND owner_id = $3")
            .bind(i.on)
            .bind(f)
            .bind(owner)
            .execute(&mut *conn)
            .await?;
        log_change(conn, owner, "followup", f, None, "update").await?;
    }
    Ok(())
}

pub(super) fn check_weight(weight: f64) -> StoreResult<()> {
    if weight.is_finite() && (0.0..=10.0).contains(&weight) {
        Ok(())
    } else {
        Err(invalid("weight", weight.to_string(), "a weight must be a number from 0 to 10"))
    }
}

async fn interaction_row(conn: &mut Conn, owner: OwnerId, id: InteractionId) -> StoreResult<InteractionRow> {
    sqlx::query_as(concat!("SELECT ", interaction_cols!(), " FROM interactions i WHERE i.id = $1 AND i.owner_id = $2"))
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::not_found("interaction", id))
}

pub(super) async fn contacts_of(conn: &mut Conn, id: InteractionId) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar("SELECT contact_id FROM interaction_contacts WHERE interaction_id = $1 ORDER BY contact_id")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?)
}

async fn with_participants(
    conn: &mut Conn,
    owner: OwnerId,
    rows: Vec<InteractionRow>,
) -> StoreResult<Vec<Interaction>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut people = participants(conn, owner, &ids).await?;
    rows.into_iter()
        .map(|r| {
            let with = people.remove(&r.id).unwrap_or_default();
            r.into_interaction(with)
        })
        .collect()
}

async fn reciprocity_of(conn: &mut Conn, owner: OwnerId, contact: ContactId) -> StoreResult<Reciprocity> {
    // A favor on a touch with several people belongs to one of them (`favor_contact_id`).
    let (gave, got): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(i.gave), COUNT(i.got) FROM interactions i WHERE i.favor_contact_id = $1 AND i.owner_id = $2",
    )
    .bind(contact)
    .bind(owner)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Reciprocity { gave: gave as u32, got: got as u32 })
}

async fn history_of(conn: &mut Conn, owner: OwnerId, contact: ContactId, recent: u32) -> StoreResult<History> {
    // Newest first; the first row says whether the latest touch was the day of a LinkedIn connection.
    let sql = format!(
        "SELECT i.kind, EXISTS (SELECT 1 FROM interaction_sources s WHERE s.interaction_id = i.id \
         AND s.source_key LIKE 'linkedin-connected:%') FROM interaction_contacts ic \
         JOIN interactions i ON i.id = ic.interaction_id \
         WHERE ic.contact_id = $1 AND ic.owner_id = $2 ORDER BY i.on_date DESC, i.id DESC{}",
        limit_sql(i64::from(recent.max(1)))
    );
    let rows: Vec<(String, bool)> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(contact).bind(owner).fetch_all(&mut *conn).await?;
    let (email, phone, linkedin): (bool, bool, bool) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM contact_emails e WHERE e.contact_id = c.id), \
         EXISTS (SELECT 1 FROM contact_phones p WHERE p.contact_id = c.id), c.linkedin IS NOT NULL \
         FROM contacts c WHERE c.id = $1 AND c.owner_id = $2",
    )
    .bind(contact)
    .bind(owner)
    .fetch_optional(&mut *conn)
    .await?
    .unwrap_or_default();
    let kinds: Vec<InteractionKind> = rows.iter().map(|(k, _)| parse_kind(k)).collect::<StoreResult<_>>()?;
    let last = kinds.first().zip(rows.first()).map(|(&kind, &(_, connection))| LastTouch { kind, connection });
    Ok(History {
        recent_kinds: kinds.into_iter().take(recent as usize).collect(),
        reciprocity: reciprocity_of(conn, owner, contact).await?,
        last,
        reach: Reach { email, phone, linkedin },
    })
}

pub(super) fn check_text(field: &str, v: Option<String>) -> StoreResult<Option<String>> {
    match v {
        Some(t) => {
            let t = t.trim();
            if t.chars().count() > 10_000 {
                return Err(invalid(field, "…", "too long; at most 10000 characters"));
            }
            Ok(non_empty(t.to_string()))
        }
        None => Ok(None),
    }
}

#[async_trait]
impl InteractionStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn log_interaction(&self, interaction: NewInteraction, weight: f64) -> StoreResult<InteractionId> {
        // The store does not know "today"; the caller checked the date against it.
        let on = interaction.on;
        let i = interaction.validate(on)?;
        check_weight(weight)?;
        let owner = self.owner;
        let mut tx = D::begin_write(&self.pool).await?;
        for c in &i.contacts {
            require_contact(&mut tx, owner, *c).await?;
        }
        let id = insert_interaction(&mut tx, owner, &i, weight).await?;
        fulfill_followups(&mut tx, owner, &i).await?;
        log_change(&mut tx, owner, "interaction", id, None, "create").await?;
        tx.commit().await?;
        Ok(id)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn edit_interaction(
        &self,
        id: InteractionId,
        patch: InteractionPatch,
        weight: Option<f64>,
    ) -> StoreResult<()> {
        if let Some(w) = weight {
            check_weight(w)?;
        }
        let owner = self.owner;
        let texts_change = patch.note.is_some() || patch.gave.is_some() || patch.got.is_some();
        let mut tx = D::begin_write(&self.pool).await?;
        let cur = interaction_row(&mut tx, owner, id).await?;
        let before = contacts_of(&mut tx, id).await?;
        let current = NewInteraction {
            contacts: before.clone(),
            kind: parse_kind(&cur.kind)?,
            on: cur.on_date,
            minutes: cur.minutes.map(|m| m as u32),
            note: cur.note,
            gave: cur.gave,
            got: cur.got,
            they_initiated: cur.they_initiated,
            favor_with: cur.favor_contact_id,
            fulfills: Vec::new(),
        };
        // The store does not know "today"; the caller checked the date against it.
        let on = patch.on.unwrap_or(current.on);
        let people_change = patch.contacts.is_some();
        let i = patch.apply(current, on)?;
        for c in i.contacts.iter().filter(|c| !before.contains(c)) {
            require_contact(&mut tx, owner, *c).await?;
        }
        sqlx::query(
            "UPDATE interactions SET kind = $1, on_date = $2, minutes = $3, note = $4, gave = $5, got = $6, \
             weight = $7, favor_contact_id = $8, people = $9, search_text = $10 WHERE id = $11 AND owner_id = $12",
        )
        .bind(i.kind.as_str())
        .bind(i.on)
        .bind(i.minutes.map(i64::from))
        .bind(&i.note)
        .bind(&i.gave)
        .bind(&i.got)
        .bind(weight.unwrap_or(cur.weight))
        .bind(favor_contact(&i))
        .bind(i.contacts.len() as i64)
        .bind(touch_search_text(&i))
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?;
        if people_change && i.contacts != before {
            sqlx::query("DELETE FROM interaction_contacts WHERE interaction_id = $1 AND owner_id = $2")
                .bind(id)
                .bind(owner)
                .execute(&mut *tx)
                .await?;
            insert_people(&mut tx, owner, id, &i.contacts).await?;
        }
        // Everyone it touched before or touches now: their warmth, due dates and revivals follow.
        let mut touched = before;
        touched.extend(i.contacts.iter().copied());
        touched.sort_unstable();
        touched.dedup();
        for &c in &touched {
            refresh_warmth(&mut tx, owner, c).await?;
        }
        if touched.len() >= 2 {
            refresh_ties(&mut tx, owner, &touched).await?;
        }
        log_change(&mut tx, owner, "interaction", id, None, "update").await?;
        tx.commit().await?;
        if texts_change {
            D::wipe_freed(&self.pool).await?;
        }
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn delete_interaction(&self, id: InteractionId) -> StoreResult<()> {
        let owner = self.owner;
        let mut tx = D::begin_write(&self.pool).await?;
        interaction_row(&mut tx, owner, id).await?;
        let people = contacts_of(&mut tx, id).await?;
        sqlx::query("DELETE FROM interaction_contacts WHERE interaction_id = $1").bind(id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM interactions WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner)
            .execute(&mut *tx)
            .await?;
        for &c in &people {
            refresh_warmth(&mut tx, owner, c).await?;
        }
        if people.len() >= 2 {
            refresh_ties(&mut tx, owner, &people).await?;
        }
        log_change(&mut tx, owner, "interaction", id, None, "delete").await?;
        tx.commit().await?;
        D::wipe_freed(&self.pool).await?;
        Ok(())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn interaction(&self, id: InteractionId) -> StoreResult<Interaction> {
        let mut conn = self.pool.acquire().await?;
        let row = interaction_row(&mut conn, self.owner, id).await?;
        Ok(with_participants(&mut conn, self.owner, vec![row]).await?.remove(0))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn timeline(&self, contact: ContactId, limit: Option<u32>) -> StoreResult<Vec<Interaction>> {
        let mut conn = self.pool.acquire().await?;
        require_contact(&mut conn, self.owner, contact).await?;
        let sql = format!(
            "SELECT {} FROM interaction_contacts ic JOIN interactions i ON i.id = ic.interaction_id \
             WHERE ic.contact_id = $1 AND ic.owner_id = $2 ORDER BY i.on_date DESC, i.id DESC{}",
            interaction_cols!(),
            limit_sql(limit.map_or(i64::MAX, i64::from))
        );
        let rows: Vec<InteractionRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(contact).bind(self.owner).fetch_all(&mut *conn).await?;
        with_participants(&mut conn, self.owner, rows).await
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn reciprocity(&self, contact: ContactId) -> StoreResult<Reciprocity> {
        let mut conn = self.pool.acquire().await?;
        require_contact(&mut conn, self.owner, contact).await?;
        reciprocity_of(&mut conn, self.owner, contact).await
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn histories(&self, contacts: &[ContactId], recent: u32) -> StoreResult<HashMap<ContactId, History>> {
        let mut conn = self.pool.acquire().await?;
        let mut out = HashMap::new();
        for &c in contacts {
            out.insert(c, history_of(&mut conn, self.owner, c, recent).await?);
        }
        Ok(out)
    }
}
