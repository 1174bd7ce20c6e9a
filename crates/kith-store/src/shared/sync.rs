//! The change log that sync clients follow.

use async_trait::async_trait;
use tracing::instrument;

use std::collections::HashMap;

use kith_core::org::Membership;
use sqlx::QueryBuilder;

use crate::{Card, Change, ChangeStore, StoreResult, dialect::Dialect};

use super::contacts::contacts_by_ids;
use super::rows::{bad_data, change_of, limit_sql, membership_of, push_ids};
use super::{D, Db, ThisStore};

#[async_trait]
impl ChangeStore for ThisStore {
    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn sync_token(&self) -> StoreResult<i64> {
        let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM changes WHERE owner_id = $1")
            .bind(self.owner)
            .fetch_one(&self.pool)
            .await?;
        Ok(seq.unwrap_or(0))
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn changes_since(&self, token: i64, limit: u32) -> StoreResult<Vec<Change>> {
        let sql = format!(
            "SELECT seq, entity, entity_id, uid, op FROM changes WHERE owner_id = $1 AND seq > $2 ORDER BY seq{}",
            limit_sql(i64::from(limit))
        );
        let rows: Vec<(i64, String, i64, Option<String>, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.owner).bind(token).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(change_of).collect())
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner))]
    async fn card_etags(&self) -> StoreResult<Vec<(String, String)>> {
        Ok(sqlx::query_as("SELECT uid, etag FROM contacts WHERE owner_id = $1 AND archived = FALSE ORDER BY uid")
            .bind(self.owner)
            .fetch_all(&self.pool)
            .await?)
    }

    #[instrument(level = "debug", skip_all, fields(owner = self.owner, uids = uids.len()))]
    async fn cards(&self, uids: &[String]) -> StoreResult<Vec<Card>> {
        if uids.is_empty() {
            return Ok(Vec::new());
        }
        let list = serde_json::to_string(uids).map_err(|e| bad_data("uids", &e.to_string()))?;
        let sql = format!(
            "SELECT id FROM contacts WHERE owner_id = $1 AND archived = FALSE AND uid {}",
            D::TEXT_IN_JSON_LIST
        );
        let mut conn = self.pool.acquire().await?;
        let ids: Vec<i64> =
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(self.owner).bind(list).fetch_all(&mut *conn).await?;
        // A few statements for any number of cards (a phone's first sync asks for thousands).
        let contacts = contacts_by_ids(&mut conn, self.owner, &ids).await?;
        let mut memberships: HashMap<i64, Vec<Membership>> = HashMap::new();
        let mut extras: HashMap<i64, Vec<String>> = HashMap::new();
        for chunk in ids.chunks(500) {
            let mut qb = QueryBuilder::<Db>::new(
                "SELECT m.contact_id, m.org_id, o.name, m.role FROM memberships m JOIN organizations o ON o.id = m.org_id \
                 WHERE m.owner_id = ",
            );
            qb.push_bind(self.owner).push(" AND m.contact_id IN ");
            push_ids(&mut qb, chunk);
            let rows: Vec<(i64, i64, String, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
            for (contact, org_id, org, role) in rows {
                memberships.entry(contact).or_default().push(membership_of(org_id, org, &role)?);
            }
            let mut qb =
                QueryBuilder::<Db>::new("SELECT contact_id, position, line FROM contact_extras WHERE owner_id = ");
            qb.push_bind(self.owner).push(" AND contact_id IN ");
            push_ids(&mut qb, chunk);
            let mut rows: Vec<(i64, i64, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
            rows.sort_unstable_by_key(|r| (r.0, r.1));
            for (contact, _, line) in rows {
                extras.entry(contact).or_default().push(line);
            }
        }
        Ok(contacts
            .into_iter()
            .map(|contact| {
                let mut memberships = memberships.remove(&contact.id).unwrap_or_default();
                // As `memberships(id)` lists them: by organization, then role.
                memberships.sort_by(|a, b| a.org.cmp(&b.org).then(a.role.cmp(&b.role)));
                let extras = extras.remove(&contact.id).unwrap_or_default();
                Card { contact, memberships, extras }
            })
            .collect())
    }
}
