//! A contact's page in two statements: the contact with its e-mails, phones, tags, memberships and
//! open follow-ups (JSON subqueries), then its whole timeline with everyone in each interaction
//! (one JSON value). Each statement and each row crosses from the database's thread to ours, so a
//! page read as two fat answers instead of a dozen small ones is several times faster.

use async_trait::async_trait;
use chrono::NaiveDate;
use kith_core::{ContactId, FollowUp, interaction::Participant};
use tracing::instrument;

use crate::{ContactProfile, ProfileStore, StoreError, StoreResult, dialect::Dialect};

use super::jobs::past_jobs_of;
use super::relationships::relations_of;
use super::rows::{ContactRow, Flag, InteractionRow, bad_data, membership_of};
use super::{D, ThisStore};

#[derive(sqlx::FromRow)]
struct ProfileRow {
    #[sqlx(flatten)]
    contact: ContactRow,
    emails_json: String,
    phones_json: String,
    tags_json: String,
    memberships_json: String,
    followups_json: String,
}

/// `[id, kind, on, minutes, note, gave, got, they_initiated, weight (exact text), [[id, name], …],
/// favor contact]`.
#[derive(serde::Deserialize)]
struct TimelineJson(
    i64,
    String,
    NaiveDate,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
    Flag,
    String,
    Vec<(i64, String)>,
    Option<i64>,
);

fn profile_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let list = |col: &str, table: &str, order: &str| {
            D::json_text(&format!("(SELECT {} FROM {table} x WHERE x.contact_id = c.id)", D::json_agg_by(&format!("x.{col}"), &format!("x.{order}"))))
        };
        let memberships = D::json_text(&format!(
            "(SELECT {} FROM memberships m JOIN organizations mo ON mo.id = m.org_id WHERE m.contact_id = c.id)",
            D::json_agg_by(&D::json_tuple("m.org_id, mo.name, m.role"), "mo.name, m.role")
        ));
        let followups = D::json_text(&format!(
            "(SELECT {} FROM followups f WHERE f.contact_id = c.id AND f.done_on IS NULL)",
            D::json_agg_by(&D::json_tuple("f.id, f.due_on, f.note, f.created_on"), "f.due_on, f.id")
        ));
        format!(
            "SELECT {cols}, {emails} AS emails_json, {phones} AS phones_json, {tags} AS tags_json, \
             {memberships} AS memberships_json, {followups} AS followups_json{from} WHERE c.id = $1 AND c.owner_id = $2",
            cols = contact_cols!(),
            emails = list("email", "contact_emails", "position"),
            phones = list("phone", "contact_phones", "position"),
            tags = list("tag", "contact_tags", "tag_key"),
            from = from_contacts!(),
        )
    })
}

fn timeline_sql() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let people = D::json_embed(&format!(
            "SELECT {} FROM interaction_contacts p JOIN contacts pc ON pc.id = p.contact_id WHERE p.interaction_id = i.id",
            D::json_agg_by(&D::json_tuple("pc.id, pc.name"), "pc.name, pc.id")
        ));
        let row = D::json_tuple(&format!(
            "i.id, i.kind, i.on_date, i.minutes, i.note, i.gave, i.got, i.they_initiated, {}, {people}, \
             i.favor_contact_id",
            D::exact_real("i.weight")
        ));
        format!(
            "SELECT {} FROM interaction_contacts ic JOIN interactions i ON i.id = ic.interaction_id \
             WHERE ic.contact_id = $1 AND ic.owner_id = $2",
            D::json_text(&D::json_agg_by(&row, "i.on_date DESC, i.id DESC"))
        )
    })
}

fn from_json<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> StoreResult<T> {
    serde_json::from_str(json).map_err(|e| bad_data(what, &e.to_string()))
}

#[async_trait]
impl ProfileStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn profile(&self, id: ContactId) -> StoreResult<ContactProfile> {
        let mut conn = self.pool.acquire().await?;
        let row: Option<ProfileRow> = sqlx::query_as(sqlx::AssertSqlSafe(profile_sql()))
            .bind(id)
            .bind(self.owner)
            .fetch_optional(&mut *conn)
            .await?;
        let row = row.ok_or_else(|| StoreError::not_found("contact", id))?;
        let mut contact = row.contact.into_contact()?;
        contact.emails = from_json("e-mails", &row.emails_json)?;
        contact.phones = from_json("phones", &row.phones_json)?;
        contact.tags = from_json("tags", &row.tags_json)?;
        let memberships: Vec<(i64, String, String)> = from_json("memberships", &row.memberships_json)?;
        let memberships = memberships
            .into_iter()
            .map(|(org_id, org, role)| membership_of(org_id, org, &role))
            .collect::<StoreResult<Vec<_>>>()?;
        let followups: Vec<(i64, NaiveDate, Option<String>, NaiveDate)> = from_json("follow-ups", &row.followups_json)?;
        let followups = followups
            .into_iter()
            .map(|(fid, due_on, note, created_on)| FollowUp {
                id: fid,
                contact_id: id,
                contact_name: contact.name.clone(),
                due_on,
                note,
                created_on,
                done_on: None,
            })
            .collect();
        let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(timeline_sql()))
            .bind(id)
            .bind(self.owner)
            .fetch_one(&mut *conn)
            .await?;
        let rows: Vec<TimelineJson> = from_json("timeline", &json)?;
        let timeline = rows
            .into_iter()
            .map(|r| {
                let weight = r.8.parse::<f64>().map_err(|_| bad_data("weight", &r.8))?;
                InteractionRow {
                    id: r.0,
                    kind: r.1,
                    on_date: r.2,
                    minutes: r.3,
                    note: r.4,
                    gave: r.5,
                    got: r.6,
                    they_initiated: r.7.0,
                    weight,
                    favor_contact_id: r.10,
                }
                .into_interaction(r.9.into_iter().map(|(id, name)| Participant { id, name }).collect())
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let relations = relations_of(&mut conn, self.owner, id).await?;
        let past_jobs = past_jobs_of(&mut conn, self.owner, id).await?;
        Ok(ContactProfile { contact, timeline, memberships, followups, relations, past_jobs })
    }
}
