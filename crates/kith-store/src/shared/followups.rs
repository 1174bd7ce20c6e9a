//! Follow-ups: dated promises.

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{ContactId, FollowUp, FollowUpId};
use tracing::instrument;

use crate::{FollowUpStore, StoreError, StoreResult, dialect::Dialect, text};

use super::interactions::check_text;
use super::rows::{bad_data, followup_of, log_change, require_contact};
use super::{D, ThisStore};

type FollowUpRow = (i64, i64, String, NaiveDate, Option<String>, NaiveDate, Option<NaiveDate>);

#[async_trait]
impl FollowUpStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn add_followup(
        &self,
        contact: ContactId,
        due_on: NaiveDate,
        note: Option<String>,
        today: NaiveDate,
    ) -> StoreResult<FollowUpId> {
        let note = check_text("note", note)?;
        let mut tx = D::begin_write(&self.pool).await?;
        require_contact(&mut tx, self.owner, contact).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO followups (owner_id, contact_id, due_on, note, created_on, search_text) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(self.owner)
        .bind(contact)
        .bind(due_on)
        .bind(&note)
        .bind(today)
        .bind(text::typed_text([note.as_deref()]))
        .fetch_one(&mut *tx)
        .await?;
        log_change(&mut tx, self.owner, "followup", id, None, "create").await?;
        tx.commit().await?;
        Ok(id)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn followups(&self, include_done: bool) -> StoreResult<Vec<FollowUp>> {
        let sql = if include_done {
            "SELECT f.id, f.contact_id, c.name, f.due_on, f.note, f.created_on, f.done_on FROM followups f \
             JOIN contacts c ON c.id = f.contact_id WHERE f.owner_id = $1 ORDER BY f.due_on, f.id"
        } else {
            "SELECT f.id, f.contact_id, c.name, f.due_on, f.note, f.created_on, f.done_on FROM followups f \
             JOIN contacts c ON c.id = f.contact_id WHERE f.owner_id = $1 AND f.done_on IS NULL ORDER BY f.due_on, f.id"
        };
        let rows: Vec<FollowUpRow> = sqlx::query_as(sql).bind(self.owner).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(followup_of).collect())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn followups_due_by(&self, until: NaiveDate) -> StoreResult<Vec<FollowUp>> {
        // A range of the (owner, due date) index, aggregated into one JSON value: the due list reads
        // only the promises it shows, in one hand-over, however many are open later.
        let sql = format!(
            "SELECT {} FROM followups f JOIN contacts c ON c.id = f.contact_id \
             WHERE f.owner_id = $1 AND f.due_on <= $2 AND f.done_on IS NULL",
            D::json_rows("f.id, f.contact_id, c.name, f.due_on, f.note, f.created_on, f.done_on")
        );
        let json: String =
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(self.owner).bind(until).fetch_one(&self.pool).await?;
        let mut rows: Vec<FollowUpRow> =
            serde_json::from_str(&json).map_err(|e| bad_data("follow-ups", &e.to_string()))?;
        rows.sort_by_key(|r| (r.3, r.0));
        Ok(rows.into_iter().map(followup_of).collect())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn followups_of(&self, contact: ContactId, include_done: bool) -> StoreResult<Vec<FollowUp>> {
        let sql = if include_done {
            "SELECT f.id, f.contact_id, c.name, f.due_on, f.note, f.created_on, f.done_on FROM followups f \
             JOIN contacts c ON c.id = f.contact_id WHERE f.contact_id = $1 AND f.owner_id = $2 ORDER BY f.due_on, f.id"
        } else {
            "SELECT f.id, f.contact_id, c.name, f.due_on, f.note, f.created_on, f.done_on FROM followups f \
             JOIN contacts c ON c.id = f.contact_id WHERE f.contact_id = $1 AND f.owner_id = $2 \
             AND f.done_on IS NULL ORDER BY f.due_on, f.id"
        };
        let rows: Vec<FollowUpRow> = sqlx::query_as(sql).bind(contact).bind(self.owner).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(followup_of).collect())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn complete_followup(&self, id: FollowUpId, today: NaiveDate) -> StoreResult<()> {
        let mut tx = D::begin_write(&self.pool).await?;
        let done: Option<Option<NaiveDate>> =
            sqlx::query_scalar("SELECT done_on FROM followups WHERE id = $1 AND owner_id = $2")
                .bind(id)
                .bind(self.owner)
                .fetch_optional(&mut *tx)
                .await?;
        match done {
            None => return Err(StoreError::not_found("follow-up", id)),
            // Already done: keep the day it was done.
            Some(Some(_)) => return Ok(()),
            Some(None) => {}
        }
        sqlx::query("UPDATE followups SET done_on = $1 WHERE id = $2").bind(today).bind(id).execute(&mut *tx).await?;
        log_change(&mut tx, self.owner, "followup", id, None, "update").await?;
        tx.commit().await?;
        Ok(())
    }
}
